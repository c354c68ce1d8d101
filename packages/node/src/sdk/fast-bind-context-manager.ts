import { EventEmitter } from 'node:events';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

function invoke(target: AnyFunction, self: unknown, args: IArguments): unknown {
  return target.apply(self, args as unknown as unknown[]);
}

/**
 * Upstream's AsyncLocalStorageContextManager, binding functions for less. Instrumentations bind a
 * callback or listener many times per request (express binds every `next`, http every listener on the
 * request and response). Upstream's wrapper sets its `length` with Object.defineProperty, which turns
 * each new function into a slow-mode object, and allocates a closure and an array on every call: ~1 µs
 * per bind and call, a few % of a small express request's CPU. Here a wrapper is declared with the
 * target's arity (0–4, nearly every callback), so `length` is right with no defineProperty (express tells
 * error handlers by `length === 4`), and a call passes its `arguments` through. Other targets, emitters
 * included, go to upstream's code; the listeners it wraps come back through this `bind`.
 */
export class FastBindContextManager extends AsyncLocalStorageContextManager {
  override bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function' || target instanceof EventEmitter)
      return super.bind(context, target);
    const fn = target as unknown as AnyFunction;
    const wrap = WRAPPERS[fn.length];
    return wrap === undefined ? super.bind(context, target) : (wrap(this, context, fn) as T);
  }
}

type Wrapper = (manager: FastBindContextManager, context: Context, target: AnyFunction) => unknown;

// One factory per arity: a function's `length` is the number of parameters it declares. The
// parameters are unused: `arguments` forwards every argument, however many the caller passes (a
// rest parameter would not count in `length` and would cost an array per call).
/* eslint-disable prefer-rest-params */
const WRAPPERS: Wrapper[] = [
  (m, c, t) =>
    function (this: unknown) {
      return m.with(c, invoke, undefined, t, this, arguments);
    },
  (m, c, t) =>
    function (this: unknown, _a: unknown) {
      return m.with(c, invoke, undefined, t, this, arguments);
    },
  (m, c, t) =>
    function (this: unknown, _a: unknown, _b: unknown) {
      return m.with(c, invoke, undefined, t, this, arguments);
    },
  (m, c, t) =>
    function (this: unknown, _a: unknown, _b: unknown, _c: unknown) {
      return m.with(c, invoke, undefined, t, this, arguments);
    },
  (m, c, t) =>
    function (this: unknown, _a: unknown, _b: unknown, _c: unknown, _d: unknown) {
      return m.with(c, invoke, undefined, t, this, arguments);
    },
];
/* eslint-enable prefer-rest-params */

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
  /** True while an original add method runs: an `on` that calls `this.addListener` must not wrap twice. */
  private adding = false;
  private readonly emitterMethods = emitterMethodsFor(this);

  override bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter) return this.bindEmitter(context, target) as T;
    if (typeof target !== 'function') return super.bind(context, target);
    const fn = target as unknown as AnyFunction;
    const wrap = WRAPPERS[fn.length];
    return wrap === undefined ? super.bind(context, target) : (wrap(this, context, fn) as T);
  }

  /**
   * Upstream patches a bound emitter with 8 new closures and a map of WeakMaps (one per event) from each
   * listener to its wrapper: http binds the request and the response of every request, so that was 16
   * closures, a map and a WeakMap per event name per request (the two patched methods were 2.5 % of the
   * traced bench server's CPU profile). Here the emitter gets one state object and shared methods; a
   * wrapper carries its listener as `listener`, the property Node's own `removeListener` and `listeners()`
   * look at (as for `once`), so removal needs no map.
   */
  private bindEmitter(context: Context, emitter: EventEmitter): EventEmitter {
    const target = emitter as unknown as BoundEmitter;
    if (target[kBound] !== undefined) return emitter;
    const originals: EmitterState = {
      context,
      on: target.on,
      addListener: target.addListener,
      prependListener: target.prependListener,
      removeListener: target.removeListener,
      off: target.off,
    };
    target[kBound] = originals;
    const methods = this.emitterMethods;
    target.on = methods.on;
    target.addListener = methods.addListener;
    target.prependListener = methods.prependListener;
    target.removeListener = methods.removeListener;
    target.off = methods.off;
    return emitter;
  }

  /** @internal the shared add method `name` of bound emitters. */
  addBound(
    name: AddMethod,
    emitter: BoundEmitter,
    event: string | symbol,
    listener: AnyFunction,
  ): unknown {
    const state = emitter[kBound];
    const original = state?.[name] ?? proto[name];
    if (state === undefined || this.adding || typeof listener !== 'function')
      return original.call(emitter, event, listener);
    const wrapped = this.bind(state.context, listener) as AnyFunction & { listener?: unknown };
    wrapped.listener = listener;
    this.adding = true;
    try {
      return original.call(emitter, event, wrapped);
    } finally {
      this.adding = false;
    }
  }
}

const kBound = Symbol('otelkit.boundEmitter');

interface ListenerTarget {
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
  [kBound]?: EmitterState;
}

/**
 * Adds `listener` to an emitter a context manager may have bound, without the context wrapper: for a listener that
 * does not read the context (express ends a layer's span on the response's `close`). The wrapper, its `listener`
 * property and the `run` on emit were ~0.4 % of the traced bench server's profile.
 */
export function addUnboundListener(
  emitter: ListenerTarget,
  event: string,
  listener: () => void,
): void {
  unbound(emitter, 'on').call(emitter, event, listener);
}

/** Removes a listener added by {@link addUnboundListener}: a direct removal, no search for a wrapper. */
export function removeUnboundListener(
  emitter: ListenerTarget,
  event: string,
  listener: () => void,
): void {
  unbound(emitter, 'removeListener').call(emitter, event, listener);
}

/** The emitter's own method from before a context manager bound it, else the method itself. */
function unbound(emitter: ListenerTarget, method: 'on' | 'removeListener') {
  return emitter[kBound]?.[method] ?? emitter[method];
}

const proto = EventEmitter.prototype as unknown as Record<AddMethod | RemoveMethod, AnyFunction>;
type AddMethod = 'on' | 'addListener' | 'prependListener';
type RemoveMethod = 'removeListener' | 'off';
type EmitterState = { context: Context } & Record<AddMethod | RemoveMethod, AnyFunction>;
type BoundEmitter = Record<AddMethod | RemoveMethod, AnyFunction> & {
  [kBound]?: EmitterState;
  listenerCount(event: string | symbol): number;
  rawListeners(event: string | symbol): unknown[];
};

/**
 * The methods bound emitters share. `once` and `prependOnceListener` are not replaced: Node's own call
 * `this.on` / `this.prependListener` with its once-wrapper, which then gets the context wrapper around it.
 */
function emitterMethodsFor(
  manager: FastBindContextManager,
): Record<AddMethod | RemoveMethod, AnyFunction> {
  const add = (name: AddMethod) =>
    function (this: BoundEmitter, event: string | symbol, listener: AnyFunction) {
      return manager.addBound(name, this, event, listener);
    };
  const remove = (name: RemoveMethod) =>
    function (this: BoundEmitter, event: string | symbol, listener: AnyFunction) {
      const original = this[kBound]?.[name] ?? proto[name];
      const before = this.listenerCount(event);
      const result = original.call(this, event, listener);
      // Not found directly: a listener added with once() sits in Node's once-wrapper, itself in ours.
      if (before > 0 && this.listenerCount(event) === before) {
        const once = this.rawListeners(event).find(
          (raw) => (raw as { listener?: { listener?: unknown } }).listener?.listener === listener,
        ) as { listener: AnyFunction } | undefined;
        if (once !== undefined) original.call(this, event, once.listener);
      }
      return result;
    };
  const methods = {
    on: add('on'),
    addListener: add('addListener'),
    prependListener: add('prependListener'),
    removeListener: remove('removeListener'),
    off: remove('off'),
  };
  return methods as unknown as Record<AddMethod | RemoveMethod, AnyFunction>;
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

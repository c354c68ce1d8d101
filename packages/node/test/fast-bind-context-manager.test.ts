import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, createContextKey, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { FastBindContextManager } from '../src/sdk/fast-bind-context-manager';

const key = createContextKey('test');
const bound = ROOT_CONTEXT.setValue(key, 'bound');
const other = ROOT_CONTEXT.setValue(key, 'other');

const managers = {
  upstream: () => new AsyncLocalStorageContextManager().enable(),
  fast: () => new FastBindContextManager().enable(),
};
let manager: AsyncLocalStorageContextManager;
afterEach(() => manager?.disable());

/** What a bound function saw and gave back: the same for upstream's manager and ours. */
function observe(make: () => AsyncLocalStorageContextManager) {
  manager = make();
  const m = manager;
  const seen: unknown[] = [];
  function target(this: unknown, ...args: unknown[]) {
    seen.push(m.active().getValue(key), this, args);
    return 'returned';
  }
  const fn = m.bind(bound, target);
  const self = { name: 'self' };
  const result = m.with(other, () => fn.call(self, 1, 2, 3, 4, 5, 6));
  const after = m.with(other, () => m.active().getValue(key));
  const thrown = m.bind(bound, () => {
    throw new Error('boom');
  });
  let error: unknown;
  try {
    m.with(other, thrown);
  } catch (e) {
    error = (e as Error).message;
  }
  return { seen, result, after, error, activeAfterThrow: m.active() === ROOT_CONTEXT };
}

test('a bound function sees the bound context, its this and every argument, like upstream', () => {
  const fast = observe(managers.fast);
  expect(fast).toEqual(observe(managers.upstream));
  expect(fast.seen).toEqual(['bound', { name: 'self' }, [1, 2, 3, 4, 5, 6]]);
  expect(fast).toMatchObject({ result: 'returned', after: 'other', error: 'boom' });
});

const arities: Array<[number, (...args: never[]) => void]> = [
  [0, () => {}],
  [1, (_a) => {}],
  [2, (_a, _b) => {}],
  [3, (_req, _res, _next) => {}],
  [4, (_err, _req, _res, _next) => {}],
  [5, (_a, _b, _c, _d, _e) => {}],
  [7, (_a, _b, _c, _d, _e, _f, _g) => {}],
];

test.each(arities)('a bound function of %i parameters keeps its length', (length, target) => {
  manager = managers.fast();
  expect(target.length).toBe(length);
  expect(manager.bind(bound, target).length).toBe(length);
});

test.each(arities)(
  'a bound function of %i parameters runs in the bound context',
  (length, target) => {
    manager = managers.fast();
    const m = manager;
    const values: unknown[] = [];
    const spy = function (this: unknown, ...args: unknown[]) {
      values.push(m.active().getValue(key), args.length);
      return (target as (...a: unknown[]) => void)(...args);
    };
    Object.defineProperty(spy, 'length', { value: length });
    m.bind(bound, spy)(...Array.from({ length }, (_, i) => i));
    expect(values).toEqual(['bound', length]);
  },
);

test('listeners of a bound emitter run in its context, and can still be removed', () => {
  manager = managers.fast();
  const m = manager;
  const emitter = m.bind(bound, new EventEmitter());
  const got: unknown[] = [];
  const listener = (value: unknown) => got.push([m.active().getValue(key), value]);
  m.with(other, () => emitter.on('data', listener));
  m.with(other, () => emitter.once('end', () => got.push(['end', m.active().getValue(key)])));
  m.with(other, () => emitter.emit('data', 1));
  emitter.removeListener('data', listener);
  emitter.emit('data', 2);
  emitter.emit('end');
  emitter.emit('end');
  expect(got).toEqual([
    ['bound', 1],
    ['end', 'bound'],
  ]);
  expect(emitter.listenerCount('data')).toBe(0);
});

test('anything else is returned as it is', () => {
  manager = managers.fast();
  const value = { not: 'a function' };
  expect(manager.bind(bound as Context, value)).toBe(value);
});

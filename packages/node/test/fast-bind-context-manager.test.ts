import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, createContextKey, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  FastBindContextManager,
  addUnboundListener,
  removeUnboundListener,
} from '../src/sdk/fast-bind-context-manager';

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

type Add = 'on' | 'addListener' | 'prependListener' | 'once' | 'prependOnceListener';
type Remove = 'removeListener' | 'off' | 'removeAllListeners' | 'none';
const adds: Add[] = ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'];
const removes: Remove[] = ['removeListener', 'off', 'removeAllListeners', 'none'];
const emitterCases = adds.flatMap((add) => removes.map((remove) => [add, remove] as const));

/** Contexts a listener saw over two emits, and the listener counts after adding and removing it. */
function emitterOutcome(make: () => AsyncLocalStorageContextManager, add: Add, remove: Remove) {
  manager = make();
  const m = manager;
  const emitter = m.bind(bound, new EventEmitter());
  const seen: unknown[] = [];
  const listener = (value: unknown) => seen.push([m.active().getValue(key), value]);
  const another = () => seen.push(['another listener', m.active().getValue(key)]);
  m.with(other, () => {
    emitter.on('data', another);
    emitter[add]('data', listener);
  });
  const added = emitter.listenerCount('data');
  if (remove === 'removeAllListeners') emitter.removeAllListeners('data');
  else if (remove !== 'none') emitter[remove]('data', listener);
  const removed = emitter.listenerCount('data');
  m.with(ROOT_CONTEXT.setValue(key, 'emitter'), () => emitter.emit('data', 1));
  emitter.emit('data', 2);
  return { seen, added, removed, left: emitter.listenerCount('data') };
}

test.each(emitterCases)(
  'a bound emitter: %s then %s behaves as with upstream, listeners in the bound context',
  (add, remove) => {
    const fast = emitterOutcome(managers.fast, add, remove);
    expect(fast).toEqual(emitterOutcome(managers.upstream, add, remove));
    if (remove === 'none') expect(fast.seen).toContainEqual(['bound', 1]);
    else expect(fast.seen.filter((s) => typeof (s as unknown[])[1] === 'number')).toEqual([]);
  },
);

test('a stream bound as an emitter flows and ends in the bound context', async () => {
  manager = managers.fast();
  const m = manager;
  const { Readable } = await import('node:stream');
  const stream = m.bind(bound, Readable.from(['a', 'b']));
  const seen: unknown[] = [];
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk) => seen.push([m.active().getValue(key), String(chunk)]));
    stream.once('end', () => {
      seen.push(['end', m.active().getValue(key)]);
      resolve();
    });
  });
  expect(seen).toEqual([
    ['bound', 'a'],
    ['bound', 'b'],
    ['end', 'bound'],
  ]);
});

test('binding an emitter twice keeps the first context, as upstream does', () => {
  manager = managers.fast();
  const m = manager;
  const emitter = m.bind(other, m.bind(bound, new EventEmitter()));
  let seen: unknown;
  emitter.on('x', () => (seen = m.active().getValue(key)));
  emitter.emit('x');
  expect(seen).toBe('bound');
});

test('an emitter whose on() calls this.addListener() wraps a listener once, and removes it', () => {
  class Delegating extends EventEmitter {
    override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
      return this.addListener(event, listener);
    }
  }
  const outcome = (make: () => AsyncLocalStorageContextManager) => {
    manager = make();
    const emitter = manager.bind(bound, new Delegating());
    const listener = () => {};
    emitter.on('x', listener);
    // Our wrapper names its listener (upstream's names none): one wrapper deep, not two.
    const raw = emitter.rawListeners('x') as Array<{ listener?: unknown }>;
    const wrappedOnce = raw.length === 1 && raw[0].listener === listener;
    emitter.removeListener('x', listener);
    return { wrappedOnce, left: emitter.listenerCount('x') };
  };
  expect(outcome(managers.fast)).toEqual({ wrappedOnce: true, left: 0 });
  expect(outcome(managers.upstream).left).toBe(0);
});

const withCalls: Array<[string, unknown, unknown[]]> = [
  ['no this, no arguments', undefined, []],
  ['a this, no arguments', { name: 'self' }, []],
  ['a this and 3 arguments', { name: 'self' }, ['req', 'res', 'next']],
  ['no this and 5 arguments', undefined, [1, 2, 3, 4, 5]],
  ['null as this', null, [1]],
];

test.each(withCalls)(
  'with(): %s gives fn the context, this, arguments and result upstream gives',
  (_, self, args) => {
    const outcome = (make: () => AsyncLocalStorageContextManager) => {
      manager = make();
      const m = manager;
      const seen: unknown[] = [];
      const result = m.with(
        bound,
        function (this: unknown, ...got: unknown[]) {
          seen.push(m.active().getValue(key), this, got);
          return 'returned';
        },
        self,
        ...args,
      );
      return { seen, result, after: m.active() === ROOT_CONTEXT };
    };
    const fast = outcome(managers.fast);
    expect(fast).toEqual(outcome(managers.upstream));
    // Upstream's run calls fn with this null when no thisArg is given.
    expect(fast.seen).toEqual(['bound', self ?? null, args]);
  },
);

test('with() restores the outer context when fn throws', () => {
  manager = managers.fast();
  const m = manager;
  const thrown = () =>
    m.with(bound, () => {
      throw new Error('boom');
    });
  m.with(other, () => {
    expect(thrown).toThrow('boom');
    expect(m.active().getValue(key)).toBe('other');
  });
});

const unboundCases: Array<[string, (m: FastBindContextManager, e: EventEmitter) => EventEmitter]> =
  [
    ['an emitter bound by the manager', (m, e) => m.bind(bound, e)],
    ['an unbound emitter', (_m, e) => e],
  ];

test.each(unboundCases)(
  'addUnboundListener on %s: the listener itself is added, runs in the emitting context, and is removed',
  (_, prepare) => {
    manager = managers.fast();
    const m = manager as FastBindContextManager;
    const emitter = prepare(m, new EventEmitter());
    const seen: unknown[] = [];
    const listener = () => seen.push(m.active().getValue(key));
    addUnboundListener(emitter, 'close', listener);
    expect(emitter.rawListeners('close')).toEqual([listener]);
    m.with(other, () => emitter.emit('close'));
    removeUnboundListener(emitter, 'close', listener);
    emitter.emit('close');
    expect(seen).toEqual(['other']);
    expect(emitter.listenerCount('close')).toBe(0);
  },
);

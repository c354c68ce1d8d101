import { SpanStatusCode } from '@opentelemetry/api';
import type { TailSamplingConfig } from '@otelkit/samplers';
import { remoteParent, traceIdWith, under } from './helpers/tracing';
import { tailSetup } from './helpers/tail';

const errors: TailSamplingConfig['policies'] = [{ when: { type: 'error' } }];

describe('tail sampling lifecycle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const clock = () => Date.now();

  test('the decision waits for the grace period, so stragglers ending after the root are included', () => {
    const t = tailSetup({ policies: errors, graceMs: 1000 }, undefined, clock);
    const root = t.start('root');
    const straggler = t.start('async-child', { parent: under(root) });
    root.end();
    jest.advanceTimersByTime(500);
    straggler.setStatus({ code: SpanStatusCode.ERROR });
    straggler.end();
    expect(t.exported()).toHaveLength(0);
    jest.advanceTimersByTime(1000);
    expect(t.names()).toEqual(['async-child', 'root']);
  });

  test('a late span gets the cached decision: kept traces export it, dropped traces drop it', () => {
    const t = tailSetup({ policies: errors, graceMs: 100 }, undefined, clock);
    const kept = t.start('kept-root');
    const keptLate = t.start('kept-late', { parent: under(kept) });
    kept.setStatus({ code: SpanStatusCode.ERROR });
    kept.end();
    const dropped = t.start('dropped-root');
    const droppedLate = t.start('dropped-late', { parent: under(dropped) });
    dropped.end();
    jest.advanceTimersByTime(500);
    expect(t.names()).toEqual(['kept-root']);
    keptLate.end();
    droppedLate.setStatus({ code: SpanStatusCode.ERROR }); // too late to change the trace's decision
    droppedLate.end();
    expect(t.names()).toEqual(['kept-late', 'kept-root']);
    expect(t.tail.stats().lateSpans).toBe(2);
  });

  test('shutdown decides pending traces and exports the kept ones', async () => {
    const t = tailSetup({ policies: errors, graceMs: 60_000 }, undefined, clock);
    const root = t.start('root');
    t.start('child', { parent: under(root) })
      .setStatus({ code: SpanStatusCode.ERROR })
      .end();
    root.end();
    const open = t.start('still-open');
    open.setStatus({ code: SpanStatusCode.ERROR });
    t.start('open-child', { parent: under(open) }).end();
    expect(t.exported()).toHaveLength(0);
    await t.tail.shutdown();
    expect(t.names()).toEqual(['child', 'root']);
    expect(t.tail.stats()).toMatchObject({
      kept: 1,
      dropped: 1,
      bufferedTraces: 0,
      bufferedSpans: 0,
    });
  });

  test('forceFlush skips the grace period for traces whose roots ended, not for open ones', async () => {
    const t = tailSetup({ policies: errors, graceMs: 60_000 }, undefined, clock);
    t.start('done').setStatus({ code: SpanStatusCode.ERROR }).end();
    const open = t.start('open');
    t.start('open-child', { parent: under(open) })
      .setStatus({ code: SpanStatusCode.ERROR })
      .end();
    await t.tail.forceFlush();
    expect(t.names()).toEqual(['done']);
    expect(t.tail.stats().bufferedTraces).toBe(1);
  });

  test('two local roots of one trace (A -> B -> A): one decision once both ended', () => {
    const t = tailSetup({ policies: errors, graceMs: 0 }, undefined, clock);
    const traceId = traceIdWith('0123456789abcd');
    const first = t.start('first-entry', { parent: remoteParent(traceId, 0) });
    const second = t.start('second-entry', { parent: remoteParent(traceId, 0) });
    second.setStatus({ code: SpanStatusCode.ERROR });
    second.end();
    expect(t.exported()).toHaveLength(0);
    first.end();
    expect(t.names()).toEqual(['first-entry', 'second-entry']);
  });

  test('a trace whose root never ends is decided after maxTraceAgeMs (counted as evicted)', () => {
    const t = tailSetup({ policies: errors, graceMs: 100, maxTraceAgeMs: 5000 }, undefined, clock);
    const leaked = t.start('leaked-root');
    t.start('child', { parent: under(leaked) })
      .setStatus({ code: SpanStatusCode.ERROR })
      .end();
    jest.advanceTimersByTime(4000);
    expect(t.exported()).toHaveLength(0);
    jest.advanceTimersByTime(2000);
    expect(t.names()).toEqual(['child']);
    expect(t.tail.stats()).toMatchObject({ evicted: 1, kept: 1 });
  });

  test('no timer keeps the process alive, and none runs once nothing is buffered', () => {
    const t = tailSetup({ policies: errors, graceMs: 100 }, undefined, clock);
    t.start('root').end();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('tail sampling memory bounds', () => {
  test('10,000 concurrent open traces: at most maxTraces buffered, the oldest decided early and counted', () => {
    const t = tailSetup({ policies: errors, graceMs: 0, maxTraces: 100, maxDecisions: 200 });
    const roots = [];
    let maxBuffered = 0;
    for (let i = 0; i < 10_000; i++) {
      const root = t.start(`root-${i}`);
      t.start('child', { parent: under(root) }).end();
      roots.push(root);
      if (i % 100 === 0) maxBuffered = Math.max(maxBuffered, t.tail.stats().bufferedTraces);
    }
    expect(maxBuffered).toBeLessThanOrEqual(100);
    const stats = t.tail.stats();
    expect(stats.bufferedTraces).toBe(100);
    expect(stats.evicted).toBe(9_900);
    expect(stats.bufferedSpans).toBeLessThanOrEqual(100);
    // Newest first: the 100 buffered traces close normally (their decisions now fill half of the 200 remembered),
    // the 100 most recently evicted follow their remembered decision as late spans, the rest (decision
    // forgotten) are decided afresh on their root alone. Nothing grows without bound either way.
    for (const root of roots.reverse()) root.end();
    const after = t.tail.stats();
    expect(after).toMatchObject({ bufferedTraces: 0, bufferedSpans: 0, kept: 0 });
    expect(after.lateSpans).toBe(100);
    expect(after.dropped).toBe(9_900 + 100 + 9_800);
  });

  test('maxSpans bounds buffered spans within one huge trace', () => {
    const t = tailSetup({ policies: errors, graceMs: 0, maxSpans: 100 });
    const root = t.start('root');
    for (let i = 0; i < 1000; i++) {
      t.start('child', { parent: under(root) }).end();
      expect(t.tail.stats().bufferedSpans).toBeLessThanOrEqual(100);
    }
    expect(t.tail.stats().evicted).toBeGreaterThan(0);
  });
});

describe('tail sampling behind head sampling', () => {
  test('a head-sampled trace evicted before any span ended is still kept whole', () => {
    const t = tailSetup(
      { policies: [{ when: { type: 'head-sampled' } }], graceMs: 0, maxTraces: 1 },
      { default: 1 },
    );
    const first = t.start('first-root');
    t.start('second-root').end(); // evicts the first trace while none of its spans has ended
    expect(t.tail.stats().evicted).toBe(1);
    t.start('first-child', { parent: under(first) }).end();
    first.end();
    expect(t.names()).toEqual(['first-child', 'first-root', 'second-root']);
  });
});

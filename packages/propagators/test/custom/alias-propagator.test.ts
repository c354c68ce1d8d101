import { AliasPropagator } from '@otelkit/propagators';
import { SPAN_ID, TRACE_ID, VALID, extractSpanContext, forward } from '../support/round-trip';

const alias = new AliasPropagator();
const OTHER_SPAN = 'abcdefabcdefabcd';
const OTHER_TRACE = 'abcdefabcdefabcdabcdefabcdefabcd';
const aliasValue = `00-${TRACE_ID}-${OTHER_SPAN}-01`;

describe('AliasPropagator extract', () => {
  test.each<[string, Record<string, string>, { traceId: string; spanId: string } | undefined]>([
    ['standard only', { traceparent: VALID }, { traceId: TRACE_ID, spanId: SPAN_ID }],
    [
      'alias only (proxy stripped traceparent)',
      { 'x-otel-traceparent': aliasValue },
      { traceId: TRACE_ID, spanId: OTHER_SPAN },
    ],
    [
      'same trace, proxy rewrote the parent id: alias wins',
      { traceparent: VALID, 'x-otel-traceparent': aliasValue },
      { traceId: TRACE_ID, spanId: OTHER_SPAN },
    ],
    [
      'different trace: standard wins',
      { traceparent: VALID, 'x-otel-traceparent': `00-${OTHER_TRACE}-${OTHER_SPAN}-01` },
      { traceId: TRACE_ID, spanId: SPAN_ID },
    ],
    [
      'invalid alias: standard used',
      { traceparent: VALID, 'x-otel-traceparent': 'junk' },
      { traceId: TRACE_ID, spanId: SPAN_ID },
    ],
    [
      'invalid standard: alias used',
      { traceparent: 'junk', 'x-otel-traceparent': aliasValue },
      { traceId: TRACE_ID, spanId: OTHER_SPAN },
    ],
    ['neither', {}, undefined],
  ])('%s', (_name, headers, expected) => {
    const spanContext = extractSpanContext(alias, headers);
    if (expected === undefined) expect(spanContext).toBeUndefined();
    else expect(spanContext).toMatchObject({ ...expected, isRemote: true });
  });

  test('alias tracestate is preferred, standard tracestate is the fallback', () => {
    const withAliasState = {
      'x-otel-traceparent': aliasValue,
      tracestate: 'a=1',
      'x-otel-tracestate': 'b=2',
    };
    expect(extractSpanContext(alias, withAliasState)?.traceState?.serialize()).toBe('b=2');
    const standardState = { 'x-otel-traceparent': aliasValue, tracestate: 'a=1' };
    expect(extractSpanContext(alias, standardState)?.traceState?.serialize()).toBe('a=1');
  });
});

describe('AliasPropagator inject', () => {
  test('writes the standard and the alias headers', () => {
    expect(forward(alias, { traceparent: VALID, tracestate: 'a=1' })).toEqual({
      traceparent: VALID,
      tracestate: 'a=1',
      'x-otel-traceparent': VALID,
      'x-otel-tracestate': 'a=1',
    });
  });

  test('custom names; tracestate alias switched off with null', () => {
    const custom = new AliasPropagator({
      traceparentHeader: 'X-My-Parent',
      tracestateHeader: null,
    });
    expect(custom.fields()).toEqual(['traceparent', 'x-my-parent', 'tracestate']);
    expect(forward(custom, { 'x-my-parent': VALID, tracestate: 'a=1' })).toEqual({
      traceparent: VALID,
      'x-my-parent': VALID,
      tracestate: 'a=1',
    });
  });

  test.each([['bad header'], [''], [42]])('a bad header name in code throws: %p', (name) => {
    expect(() => new AliasPropagator({ traceparentHeader: name as string })).toThrow(
      /^@otelkit\/propagators: option alias\.traceparentHeader is .*; expected a valid HTTP header name$/,
    );
  });
});

import { TraceFlags } from '@opentelemetry/api';
import {
  XCloudTraceContextPropagator,
  formatCloudTraceContext,
  parseCloudTraceContext,
} from '@otelkit/propagators';
import { extractSpanContext, forward } from '../support/round-trip';

const xcloud = new XCloudTraceContextPropagator();
const TRACE = '105445aa7843bc8bf206b12000100000';

describe('X-Cloud-Trace-Context codec round trip', () => {
  test.each<[string, string, string, boolean]>([
    ['span id 0', `${TRACE}/0;o=1`, '0000000000000000', true],
    ['span id 1', `${TRACE}/1;o=1`, '0000000000000001', true],
    ['span id 2^64-1', `${TRACE}/18446744073709551615;o=1`, 'ffffffffffffffff', true],
    ['not sampled', `${TRACE}/123;o=0`, '000000000000007b', false],
  ])('%s', (_name, header, spanId, sampled) => {
    const parsed = parseCloudTraceContext(header);
    expect(parsed).toEqual({ traceId: TRACE, spanId, sampled });
    expect(formatCloudTraceContext(parsed!)).toBe(header);
  });

  test.each<[string, string, { spanId: string; sampled: boolean } | undefined]>([
    [
      'missing ;o= means not sampled',
      `${TRACE}/42`,
      { spanId: '000000000000002a', sampled: false },
    ],
    [
      'uppercase trace id is accepted (lowercased)',
      `${TRACE.toUpperCase()}/42;o=1`,
      { spanId: '000000000000002a', sampled: true },
    ],
    ['OWS trimmed', ` ${TRACE}/42;o=1\t`, { spanId: '000000000000002a', sampled: true }],
    ['o=3 has the trace bit', `${TRACE}/42;o=3`, { spanId: '000000000000002a', sampled: true }],
    ['2^64 overflows', `${TRACE}/18446744073709551616;o=1`, undefined],
    ['21 digits', `${TRACE}/000000000000000000001;o=1`, undefined],
    ['negative', `${TRACE}/-1;o=1`, undefined],
    ['hex span', `${TRACE}/ff;o=1`, undefined],
    ['short trace id', `${TRACE.slice(1)}/1;o=1`, undefined],
    ['all-zero trace id', `${'0'.repeat(32)}/1;o=1`, undefined],
    ['empty options', `${TRACE}/1;o=`, undefined],
    ['trailing junk', `${TRACE}/1;o=1;x`, undefined],
    ['missing span', `${TRACE}/;o=1`, undefined],
  ])('%s', (_name, header, expected) => {
    const parsed = parseCloudTraceContext(header);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toEqual({ traceId: TRACE, ...expected });
  });
});

describe('XCloudTraceContextPropagator', () => {
  test('extract + inject round trip keeps trace, span and sampling', () => {
    const header = `${TRACE}/18446744073709551615;o=1`;
    expect(extractSpanContext(xcloud, { 'x-cloud-trace-context': header })).toEqual({
      traceId: TRACE,
      spanId: 'ffffffffffffffff',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(forward(xcloud, { 'x-cloud-trace-context': header })).toEqual({
      'x-cloud-trace-context': header,
    });
  });

  test('the missing ;o= form round trips as o=0', () => {
    expect(forward(xcloud, { 'x-cloud-trace-context': `${TRACE}/7` })).toEqual({
      'x-cloud-trace-context': `${TRACE}/7;o=0`,
    });
  });

  test('span id 0 cannot be an OpenTelemetry parent: the trace restarts', () => {
    expect(
      extractSpanContext(xcloud, { 'x-cloud-trace-context': `${TRACE}/0;o=1` }),
    ).toBeUndefined();
  });
});

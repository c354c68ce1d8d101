import { StrictTraceContextPropagator } from '@otelkit/propagators';
import { SPAN_ID, TRACE_ID, VALID, extractSpanContext, forward } from '../support/round-trip';

const propagator = new StrictTraceContextPropagator();
const T = TRACE_ID;
const S = SPAN_ID;

// Cases of the W3C trace-context test suite (test/test.py), encoded as data: [name, traceparent value(s), accepted].
const cases: [string, string | string[], boolean][] = [
  ['valid version 00', VALID, true],
  ['leading space (OWS)', ` ${VALID}`, true],
  ['leading tab (OWS)', `\t${VALID}`, true],
  ['trailing space (OWS)', `${VALID} `, true],
  ['trailing tab (OWS)', `${VALID}\t`, true],
  ['both sides mixed OWS', `\t ${VALID} \t`, true],
  ['other whitespace is not OWS', `\n${VALID}`, false],
  ['duplicated header, same value', [VALID, VALID], false],
  ['duplicated header, different values', [VALID, `00-${T}-6543210987654321-01`], false],
  ['comma-joined duplicate', `${VALID},${VALID}`, false],
  ['version ff', `ff-${T}-${S}-01`, false],
  ['version 00 with suffix after -', `${VALID}-what-the-future-will-be-like`, false],
  ['version 00 with suffix after .', `${VALID}.what-the-future-will-be-like`, false],
  ['future version cc', `cc-${T}-${S}-01`, true],
  ['future version with - suffix', `cc-${T}-${S}-01-what-the-future-will-be-like`, true],
  ['future version with . suffix', `cc-${T}-${S}-01.what-the-future-will-be-like`, false],
  ['future version too short', `cc-${T}-${S}-0`, false],
  ['version uppercase', `0A-${T}-${S}-01`.replace('0A', 'CC'), false],
  ['version illegal .0', `.0-${T}-${S}-01`, false],
  ['version illegal 0.', `0.-${T}-${S}-01`, false],
  ['version too long', `000-${T}-${S}-01`, false],
  ['version too short', `0-${T}-${S}-01`, false],
  ['trace id uppercase', `00-${T.replace('12', 'AB')}-${S}-01`, false],
  ['trace id illegal char', `00-${T.slice(0, 31)}.-${S}-01`, false],
  ['trace id all zero', `00-${'0'.repeat(32)}-${S}-01`, false],
  ['trace id too long', `00-${T}0-${S}-01`, false],
  ['trace id too short', `00-${T.slice(1)}-${S}-01`, false],
  ['parent id uppercase', `00-${T}-ABCDEF0123456789-01`, false],
  ['parent id illegal char', `00-${T}-${S.slice(0, 15)}.-01`, false],
  ['parent id all zero', `00-${T}-${'0'.repeat(16)}-01`, false],
  ['parent id too long', `00-${T}-${S}0-01`, false],
  ['parent id too short', `00-${T}-${S.slice(1)}-01`, false],
  ['flags illegal char', `00-${T}-${S}-.0`, false],
  ['flags uppercase', `00-${T}-${S}-0A`, false],
  ['flags too long', `00-${T}-${S}-001`, false],
  ['flags too short', `00-${T}-${S}-1`, false],
  ['missing separator', `00${T}-${S}-01`, false],
  ['empty', '', false],
];

describe('traceparent (W3C test suite cases)', () => {
  test.each(cases)('%s', (_name, value, accepted) => {
    const spanContext = extractSpanContext(propagator, { traceparent: value });
    if (!accepted) {
      expect(spanContext).toBeUndefined();
      expect(forward(propagator, { traceparent: value })).toEqual({});
      return;
    }
    expect(spanContext).toMatchObject({ traceId: T, spanId: S, isRemote: true });
    expect(forward(propagator, { traceparent: value }).traceparent).toBe(`00-${T}-${S}-01`);
  });
});

describe('trace flags', () => {
  test.each([
    ['00', '00'],
    ['01', '01'],
    ['02', '02'],
    ['03', '03'],
    ['ff', '03'],
    ['fe', '02'],
    ['09', '01'],
    ['80', '00'],
  ])('incoming %s is sent as %s (unknown bits cleared, random 0x02 kept)', (incoming, sent) => {
    const out = forward(propagator, { traceparent: `00-${T}-${S}-${incoming}` });
    expect(out.traceparent).toBe(`00-${T}-${S}-${sent}`);
  });

  test('a future version is sent downgraded to 00', () => {
    const out = forward(propagator, { traceparent: `cc-${T}-${S}-01-extra` });
    expect(out.traceparent).toBe(`00-${T}-${S}-01`);
  });
});

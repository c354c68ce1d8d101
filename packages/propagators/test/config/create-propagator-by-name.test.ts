import {
  AliasPropagator,
  HeaderForwardingPropagator,
  StrictBaggagePropagator,
  StrictTraceContextPropagator,
  XCloudTraceContextPropagator,
  createPropagatorByName,
  forwardedHeadersSpanProcessorFromEnv,
  propagatorNames,
} from '@otelkit/propagators';
import type { PropagatorOptions } from '@otelkit/propagators';
import { VALID, forward } from '../support/round-trip';

function build(name: string, env: Record<string, string> = {}, options: PropagatorOptions = {}) {
  const warnings: string[] = [];
  const propagator = createPropagatorByName(name, options, env, (m) => warnings.push(m));
  return { propagator, warnings };
}

test('names', () => {
  expect(propagatorNames).toEqual([
    'tracecontext-strict',
    'baggage-strict',
    'alias',
    'xcloud',
    'forward',
  ]);
});

test.each([
  ['tracecontext-strict', StrictTraceContextPropagator],
  ['baggage-strict', StrictBaggagePropagator],
  ['alias', AliasPropagator],
  [' XCloud ', XCloudTraceContextPropagator],
  ['forward', HeaderForwardingPropagator],
])('%s builds its propagator', (name, type) => {
  expect(build(name).propagator).toBeInstanceOf(type);
});

test.each([['tracecontext'], ['b3'], ['unknown'], ['__proto__'], ['constructor'], ['']])(
  '%p is not ours',
  (name) => {
    expect(build(name).propagator).toBeUndefined();
  },
);

const LONG_STATE = Array.from({ length: 32 }, (_, i) => `k${i}=${'x'.repeat(60)}`).join(',');

// One row per combination of code option, env value and outcome for OTELKIT_TRACESTATE_MAX_LENGTH.
test.each<[string, number | undefined, string | undefined, number, string | undefined]>([
  ['default', undefined, undefined, 512, undefined],
  ['env', undefined, '1024', 1024, undefined],
  ['code beats env', 2048, '1024', 2048, undefined],
  [
    'env below minimum',
    undefined,
    '100',
    512,
    'OTELKIT_TRACESTATE_MAX_LENGTH="100" is below the minimum 512; using 512',
  ],
  [
    'env not a number',
    undefined,
    'abc',
    512,
    'OTELKIT_TRACESTATE_MAX_LENGTH="abc" is not a whole number; using 512',
  ],
])('tracestate max length: %s', (_name, code, env, expectedMax, warning) => {
  const { propagator, warnings } = build(
    'tracecontext-strict',
    env === undefined ? {} : { OTELKIT_TRACESTATE_MAX_LENGTH: env },
    { 'tracecontext-strict': { tracestateMaxLength: code } },
  );
  const sent = forward(propagator!, { traceparent: VALID, tracestate: LONG_STATE })
    .tracestate as string;
  expect(sent.length).toBeLessThanOrEqual(expectedMax);
  expect(sent.length).toBeGreaterThan(expectedMax - 66);
  expect(warnings).toEqual(warning ? [`@otelkit/propagators: ${warning}`] : []);
});

test('tracestate max length: an env value above the maximum is clamped to it, with one line', () => {
  const { propagator, warnings } = build('tracecontext-strict', {
    OTELKIT_TRACESTATE_MAX_LENGTH: '1.5e308',
  });
  expect(forward(propagator!, { traceparent: VALID, tracestate: LONG_STATE }).tracestate).toBe(
    LONG_STATE,
  );
  expect(warnings).toEqual([
    '@otelkit/propagators: OTELKIT_TRACESTATE_MAX_LENGTH="1.5e308" is above the maximum 16384; using 16384',
  ]);
});

// OTELKIT_ALIAS_TRACEPARENT_HEADER / OTELKIT_ALIAS_TRACESTATE_HEADER with code options.
test.each<[string, PropagatorOptions['alias'], Record<string, string>, string[], string[]]>([
  [
    'defaults',
    undefined,
    {},
    ['traceparent', 'x-otel-traceparent', 'tracestate', 'x-otel-tracestate'],
    [],
  ],
  [
    'env names',
    undefined,
    { OTELKIT_ALIAS_TRACEPARENT_HEADER: 'X-Trace', OTELKIT_ALIAS_TRACESTATE_HEADER: 'x-state' },
    ['traceparent', 'x-trace', 'tracestate', 'x-state'],
    [],
  ],
  [
    'env none switches tracestate alias off',
    undefined,
    { OTELKIT_ALIAS_TRACESTATE_HEADER: 'none' },
    ['traceparent', 'x-otel-traceparent', 'tracestate'],
    [],
  ],
  [
    'code beats env',
    { traceparentHeader: 'x-code', tracestateHeader: 'x-code-state' },
    { OTELKIT_ALIAS_TRACEPARENT_HEADER: 'x-env', OTELKIT_ALIAS_TRACESTATE_HEADER: 'none' },
    ['traceparent', 'x-code', 'tracestate', 'x-code-state'],
    [],
  ],
  [
    'bad env name',
    undefined,
    { OTELKIT_ALIAS_TRACEPARENT_HEADER: 'bad name' },
    ['traceparent', 'x-otel-traceparent', 'tracestate', 'x-otel-tracestate'],
    [
      '@otelkit/propagators: OTELKIT_ALIAS_TRACEPARENT_HEADER="bad name" is not a valid header name; using "x-otel-traceparent"',
    ],
  ],
])('alias: %s', (_name, code, env, fields, warnings) => {
  const built = build('alias', env, { alias: code });
  expect(built.propagator!.fields()).toEqual(fields);
  expect(built.warnings).toEqual(warnings);
});

// OTELKIT_FORWARD_HEADERS / OTELKIT_FORWARD_MAX_VALUE_LENGTH with code options.
test.each<[string, PropagatorOptions['forward'], Record<string, string>, string[], string[]]>([
  ['default', undefined, {}, ['x-request-id'], []],
  [
    'env list',
    undefined,
    { OTELKIT_FORWARD_HEADERS: 'X-Request-Id, x-tenant-id,' },
    ['x-request-id', 'x-tenant-id'],
    [],
  ],
  ['code beats env', { headers: ['x-code'] }, { OTELKIT_FORWARD_HEADERS: 'x-env' }, ['x-code'], []],
  [
    'invalid names skipped',
    undefined,
    { OTELKIT_FORWARD_HEADERS: 'x-ok,bad name' },
    ['x-ok'],
    [
      // Variables named *_HEADERS may hold credentials: core never echoes their values.
      '@otelkit/propagators: OTELKIT_FORWARD_HEADERS=(13 characters, not shown) has an invalid header name; using the valid ones',
    ],
  ],
  [
    'bad max length',
    undefined,
    { OTELKIT_FORWARD_MAX_VALUE_LENGTH: '0' },
    ['x-request-id'],
    [
      '@otelkit/propagators: OTELKIT_FORWARD_MAX_VALUE_LENGTH="0" is below the minimum 1; using 1024',
    ],
  ],
])('forward: %s', (_name, code, env, fields, warnings) => {
  const built = build('forward', env, { forward: code });
  expect(built.propagator!.fields()).toEqual(fields);
  expect(built.warnings).toEqual(warnings);
});

test('forward: OTELKIT_FORWARD_MAX_VALUE_LENGTH applies', () => {
  const { propagator } = build('forward', { OTELKIT_FORWARD_MAX_VALUE_LENGTH: '3' });
  expect(forward(propagator!, { 'x-request-id': 'abc' })).toEqual({ 'x-request-id': 'abc' });
  expect(forward(propagator!, { 'x-request-id': 'abcd' })).toEqual({});
});

test.each<[Record<string, string>, boolean, string[]]>([
  [{}, false, []],
  [{ OTELKIT_FORWARD_HEADERS_ATTRIBUTES: 'true' }, true, []],
  [{ OTELKIT_FORWARD_HEADERS_ATTRIBUTES: 'false' }, false, []],
  [{ OTELKIT_FORWARD_HEADERS_ATTRIBUTES: 'TRUE' }, true, []],
  [
    { OTELKIT_FORWARD_HEADERS_ATTRIBUTES: 'yes' },
    false,
    [
      '@otelkit/propagators: OTELKIT_FORWARD_HEADERS_ATTRIBUTES="yes" is not true or false; using false',
    ],
  ],
  // Spec booleans only: 1/0 are no longer accepted (the same spelling means the same in every package).
  [
    { OTELKIT_FORWARD_HEADERS_ATTRIBUTES: '1' },
    false,
    [
      '@otelkit/propagators: OTELKIT_FORWARD_HEADERS_ATTRIBUTES="1" is not true or false; using false',
    ],
  ],
])('forwardedHeadersSpanProcessorFromEnv %p', (env, expected, warnings) => {
  const got: string[] = [];
  expect(forwardedHeadersSpanProcessorFromEnv(env, (m) => got.push(m)) !== undefined).toBe(
    expected,
  );
  expect(got).toEqual(warnings);
});

test('a bad code option throws with the option name', () => {
  expect(() => build('forward', {}, { forward: { headers: ['ok', 'bad name'] } })).toThrow(
    '@otelkit/propagators: option forward.headers[1] is "bad name"; expected a valid HTTP header name',
  );
});

import { ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter } from '@opentelemetry/api';
import { createDiagnostics } from '@otelkit/core';
import { createPropagator } from '../../src/sdk/create-propagator';
import type { ResolvedConfig } from '../../src/internal-types';

const TRACEPARENT = '00-12345678901234567890123456789012-1234567890123456-01';

/** What a service configured with `names` sends on for the incoming headers: extract, then inject. */
function sentOn(
  names: string[],
  incoming: Record<string, string>,
  env: Record<string, string> = {},
) {
  const config = { propagators: names, propagation: undefined } as unknown as ResolvedConfig;
  const lines: string[] = [];
  const diag = createDiagnostics({ prefix: '@otelkit/node', write: (line) => lines.push(line) });
  const { propagator } = createPropagator(config, env as NodeJS.ProcessEnv, diag);
  const out: Record<string, string> = {};
  propagator.inject(
    propagator.extract(ROOT_CONTEXT, incoming, defaultTextMapGetter),
    out,
    defaultTextMapSetter,
  );
  return { out, lines };
}

// The standard names are otelkit's strict W3C propagators; upstream's stay reachable under `-upstream`. Each row
// is a header that the current W3C grammar and the older one (upstream's) treat differently.
describe('tracecontext and baggage resolve to the strict propagators; -upstream to upstream', () => {
  test.each<[names: string, tracestate: string, sent: string | undefined]>([
    ['tracecontext', 'foo@=1,bar=2', 'foo@=1,bar=2'],
    ['tracecontext', 'foo=1,foo=2', 'foo=1'],
    ['tracecontext', `t@${'v'.repeat(15)}=1`, `t@${'v'.repeat(15)}=1`],
    ['tracecontext-strict', 'foo@=1,bar=2', 'foo@=1,bar=2'],
    ['tracecontext-upstream', 'foo@=1,bar=2', 'bar=2'],
    ['tracecontext-upstream', 'foo=1,foo=2', 'foo=2'],
  ])('%s with tracestate %j sends %j', (names, tracestate, sent) => {
    const { out } = sentOn(names.split(','), { traceparent: TRACEPARENT, tracestate });
    expect(out.traceparent).toBe(TRACEPARENT);
    expect(out.tracestate).toBe(sent);
  });

  test.each<[names: string, baggage: string, sent: string | undefined]>([
    // A key with a space is not a token: the strict propagator drops that member, upstream's re-encodes it.
    ['baggage', 'a=1,b c=2,d=3', 'a=1,d=3'],
    ['baggage-strict', 'a=1,b c=2,d=3', 'a=1,d=3'],
    ['baggage-upstream', 'a=1,b c=2,d=3', 'a=1,b%20c=2,d=3'],
  ])('%s with baggage %j sends %j', (names, baggage, sent) => {
    expect(sentOn(names.split(','), { baggage }).out.baggage).toBe(sent);
  });

  test('the strict tracecontext reads OTELKIT_TRACESTATE_MAX_LENGTH', () => {
    const long = Array.from({ length: 12 }, (_, i) => `k${i}=${'x'.repeat(60)}`).join(',');
    const incoming = { traceparent: TRACEPARENT, tracestate: long };
    expect(sentOn(['tracecontext'], incoming).out.tracestate).not.toBe(long);
    const roomy = sentOn(['tracecontext'], incoming, { OTELKIT_TRACESTATE_MAX_LENGTH: '1024' });
    expect(roomy.out.tracestate).toBe(long);
    expect(roomy.lines).toEqual([]);
  });
});

import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createDiagnostics } from '@otelkit/core';
import type { ResolvedProxy } from '@otelkit/export';
import { withGrpcProxyDecision } from '../../src/sdk/grpc-proxy-env';

const NAMES = ['grpc_proxy', 'https_proxy', 'http_proxy', 'no_grpc_proxy', 'no_proxy'] as const;

/** An exporter that records what grpc-js would read while it exports (where upstream makes its channel). */
function recordingExporter() {
  const seen: Array<Record<string, string | undefined>> = [];
  const exporter = {
    export: (_spans: unknown, done: (r: { code: number }) => void) => {
      seen.push(Object.fromEntries(NAMES.map((n) => [n, process.env[n]])));
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  } as unknown as SpanExporter;
  return { exporter, seen };
}

const proxy = (url: string): ResolvedProxy => ({ url, from: 'HTTPS_PROXY' });
const unset = Object.fromEntries(NAMES.map((n) => [n, undefined]));

describe("grpc-js sees otelkit's proxy decision, and only while exporting", () => {
  const saved = NAMES.map((n) => process.env[n]);
  afterEach(() =>
    NAMES.forEach((n, i) => {
      if (saved[i] === undefined) delete process.env[n];
      else process.env[n] = saved[i];
    }),
  );

  test.each<[string, Record<string, string>, ResolvedProxy | undefined, Record<string, string>]>([
    ['no proxy anywhere: left alone', {}, undefined, {}],
    ['direct decision over https_proxy', { https_proxy: 'http://p:1' }, undefined, {}],
    [
      'direct decision over no_proxy and grpc_proxy',
      { grpc_proxy: 'http://g:1', no_grpc_proxy: 'x' },
      undefined,
      {},
    ],
    [
      'a proxy decided from HTTPS_PROXY',
      {},
      proxy('http://u:p@p:3128/'),
      { grpc_proxy: 'http://u:p@p:3128/' },
    ],
    [
      'the decision replaces what grpc-js would read',
      { https_proxy: 'http://other:1', no_proxy: '*' },
      proxy('http://p:3128/'),
      { grpc_proxy: 'http://p:3128/' },
    ],
    ['an https proxy grpc-js cannot use: direct', {}, proxy('https://p/'), {}],
  ])('%s', (_, env, decision, expected) => {
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, env);
    const lines: string[] = [];
    const diag = createDiagnostics({ prefix: '@otelkit/node', write: (l) => void lines.push(l) });
    const { exporter, seen } = recordingExporter();
    withGrpcProxyDecision(exporter, decision, diag).export([], () => undefined);
    expect(seen).toEqual([{ ...unset, ...expected }]);
    // Restored at once: the app's own clients never see otelkit's choice.
    expect(Object.fromEntries(NAMES.map((n) => [n, process.env[n]]))).toEqual({ ...unset, ...env });
    expect(lines.length).toBe(decision?.url.startsWith('https:') ? 1 : 0);
  });
});

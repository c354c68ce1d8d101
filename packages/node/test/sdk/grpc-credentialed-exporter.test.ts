import { createRequire } from 'node:module';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createDiagnostics } from '@otelkit/core';
import { loadHeaderSource, type OtlpHeadersFunction } from '@otelkit/export';
import { isRetryableGrpcError } from '../../src/sdk/create-grpc-exporter';
import { toMetadata, type GrpcJs, type GrpcMetadata } from '../../src/sdk/grpc-call-credentials';
import { GrpcCredentialedExporter } from '../../src/sdk/grpc-credentialed-exporter';

// The exporter's own @grpc/grpc-js, as create-grpc-exporter loads it.
const grpcJs = createRequire(require.resolve('@opentelemetry/otlp-grpc-exporter-base'))(
  '@grpc/grpc-js',
) as GrpcJs;

/** Upstream's gRPC exporter as far as this wrapper sees it: answers each call with the next status code. */
class ScriptedExporter implements SpanExporter {
  /** The metadata each call would carry (what the call credentials hand grpc-js). */
  readonly sent: Array<Record<string, unknown> | undefined> = [];
  metadataOf: () => GrpcMetadata | undefined = () => undefined;

  constructor(private readonly codes: number[]) {}

  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.sent.push(
      (this.metadataOf() as unknown as { getMap(): Record<string, unknown> })?.getMap(),
    );
    const code = this.codes.shift() ?? 0;
    setImmediate(() =>
      done(
        code === 0
          ? { code: ExportResultCode.SUCCESS }
          : {
              code: ExportResultCode.FAILED,
              error: Object.assign(new Error(`${code} status`), { code }),
            },
      ),
    );
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function setup(codes: number[], fn: OtlpHeadersFunction) {
  const lines: string[] = [];
  const diag = createDiagnostics({ prefix: '@otelkit/node', write: (l) => lines.push(l) });
  const source = loadHeaderSource(
    { headersFunction: fn },
    { tls: {}, timeoutMillis: 1000, diagnostics: diag, now: Date.now, env: {} },
  )!;
  const inner = new ScriptedExporter(codes);
  const exporter = new GrpcCredentialedExporter(
    inner,
    source,
    { 'x-team': 'checkout', 'x-api-key': 'fixed' },
    (headers) => toMetadata(grpcJs, headers),
    'https://c:4317 (grpc)',
    diag,
  );
  inner.metadataOf = () => exporter.metadata();
  const exportOnce = () =>
    new Promise<ExportResult>((resolve) => exporter.export([] as ReadableSpan[], resolve));
  return { exportOnce, inner, lines };
}

const REFRESH_LINE = (status: string) =>
  `@otelkit/node: https://c:4317 (grpc) refused the credentials (gRPC ${status}); fetching new ones and retrying once`;

describe('GrpcCredentialedExporter: a batch, the collector answering these status codes in turn', () => {
  test.each<[string, number[], ExportResultCode, Array<{ refresh: boolean }>, string[]]>([
    ['OK', [0], ExportResultCode.SUCCESS, [{ refresh: false }], []],
    [
      'UNAUTHENTICATED, then OK: one forced refresh, delivered',
      [16, 0],
      ExportResultCode.SUCCESS,
      [{ refresh: false }, { refresh: true }],
      [REFRESH_LINE('UNAUTHENTICATED')],
    ],
    [
      'PERMISSION_DENIED, then OK: the same',
      [7, 0],
      ExportResultCode.SUCCESS,
      [{ refresh: false }, { refresh: true }],
      [REFRESH_LINE('PERMISSION_DENIED')],
    ],
    [
      'UNAUTHENTICATED twice: one refresh only, then the failure',
      [16, 16, 0],
      ExportResultCode.FAILED,
      [{ refresh: false }, { refresh: true }],
      [REFRESH_LINE('UNAUTHENTICATED')],
    ],
    [
      'UNAVAILABLE: no refresh (the retrying exporter around decides)',
      [14, 0],
      ExportResultCode.FAILED,
      [{ refresh: false }],
      [],
    ],
  ])('%s', async (_title, codes, outcome, asked, lines) => {
    const contexts: Array<{ refresh: boolean }> = [];
    let n = 0;
    const t = setup(codes, ({ refresh }) => {
      contexts.push({ refresh });
      return { 'x-api-key': `k3y-${++n}` };
    });
    const result = await t.exportOnce();
    expect({ code: result.code, asked: contexts, lines: t.lines }).toEqual({
      code: outcome,
      asked,
      lines,
    });
    // Each call carries the function's latest answer over the fixed headers.
    expect(t.inner.sent).toEqual(
      contexts.map((_, i) => ({ 'x-team': 'checkout', 'x-api-key': `k3y-${i + 1}` })),
    );
  });
});

describe('GrpcCredentialedExporter: credentials that cannot be sent fail the attempt (retried with the backoff), never the app, no value shown', () => {
  test.each<[string, OtlpHeadersFunction, RegExp]>([
    [
      'a function that throws',
      () => {
        throw new Error('vault said s3cret-value');
      },
      /^the headers function threw Error \(its message not shown\)$/,
    ],
    [
      'a header name gRPC cannot carry',
      () => ({ 'x!tenant': 's3cret-value' }),
      /^header "x!tenant" cannot be sent as gRPC metadata/,
    ],
    [
      'a -bin header',
      () => ({ 'trace-bin': 's3cret-value' }),
      /^header "trace-bin" cannot be sent as gRPC metadata/,
    ],
    [
      'a value outside printable ASCII',
      () => ({ 'x-api-key': 's3cret-välue' }),
      /^header "x-api-key" cannot be sent as gRPC metadata/,
    ],
  ])('%s', async (_title, fn, message) => {
    const t = setup([], fn);
    const result = await t.exportOnce();
    expect({
      code: result.code,
      message: result.error?.message,
      retried: isRetryableGrpcError(result.error),
      calls: t.inner.sent.length,
    }).toEqual({
      code: ExportResultCode.FAILED,
      message: expect.stringMatching(message),
      retried: true,
      calls: 0,
    });
    expect(result.error?.message).not.toContain('s3cret');
  });
});

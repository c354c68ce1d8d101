import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { OtlpHttpSpanExporter, type OtlpHttpExporterOptions } from '@otelkit/export';
import { createDiagnostics } from '@otelkit/core';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { exportOnce } from './helpers/export-with';
import { buildCorpus } from './helpers/corpus';

// Test-only TLS material shared by the packages' tests.
const dir = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls');
const file = (name: string) => path.join(dir, name);
const pem = (name: string) => readFileSync(file(name));
const MISSING = file('missing.pem');

let https: OtlpReceiver; // server certificate from the test CA
let mutual: OtlpReceiver; // the same, and a client certificate from that CA required
let plain: OtlpReceiver;
const spans = buildCorpus().slice(0, 3);

beforeAll(async () => {
  const server = { cert: pem('server.pem'), key: pem('server.key') };
  https = await startReceiver({ tls: server });
  mutual = await startReceiver({ tls: { ...server, clientCa: pem('ca.pem') } });
  plain = await startReceiver();
});
afterAll(() => Promise.all([https.close(), mutual.close(), plain.close()]));

let warnings: string[];
beforeEach(() => {
  warnings = [];
});
const diagnostics = () =>
  createDiagnostics({ prefix: '@otelkit/test', write: (line) => void warnings.push(line) });

async function exportTo(
  receiver: () => OtlpReceiver,
  env: NodeJS.ProcessEnv,
  options: OtlpHttpExporterOptions = {},
) {
  const exporter = new OtlpHttpSpanExporter(
    {
      url: receiver().tracesUrl,
      retry: { maxAttempts: 1 },
      diagnostics: diagnostics(),
      ...options,
    },
    env,
  );
  const result = await exportOnce(exporter, spans);
  await exporter.shutdown();
  return { ok: result.code === ExportResultCode.SUCCESS, error: result.error?.message ?? '' };
}

const CA = 'OTEL_EXPORTER_OTLP_CERTIFICATE';
const TRACES_CA = 'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE';
const CERT = 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE';
const KEY = 'OTEL_EXPORTER_OTLP_CLIENT_KEY';
const TRACES_KEY = 'OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY';

// One row per combination: receiver, env, code option, delivered?, the one warning expected (if any).
test.each<
  [
    string,
    () => OtlpReceiver,
    NodeJS.ProcessEnv,
    OtlpHttpExporterOptions,
    boolean,
    RegExp | undefined,
  ]
>([
  ['no CA: the test CA is not trusted', () => https, {}, {}, false, undefined],
  ['CA from the general variable', () => https, { [CA]: file('ca.pem') }, {}, true, undefined],
  [
    'the traces variable wins over the general one',
    () => https,
    { [TRACES_CA]: file('ca.pem'), [CA]: MISSING },
    {},
    true,
    undefined,
  ],
  [
    'the tls option wins over env, which is then not read',
    () => https,
    { [CA]: MISSING },
    { tls: { ca: pem('ca.pem') } },
    true,
    undefined,
  ],
  [
    'an unreadable CA file: one line, then Node’s CAs',
    () => https,
    { [CA]: MISSING },
    {},
    false,
    /^@otelkit\/export: OTEL_EXPORTER_OTLP_CERTIFICATE ".*missing\.pem" cannot be read \(ENOENT\); using Node's trusted CAs$/,
  ],
  [
    'a CA file without a certificate: one line, then Node’s CAs',
    () => https,
    { [CA]: file('README.md') },
    {},
    false,
    /^@otelkit\/export: OTEL_EXPORTER_OTLP_CERTIFICATE ".*README\.md" is not usable \(.*\); using Node's trusted CAs$/,
  ],
  [
    'mutual TLS: client certificate and key from env',
    () => mutual,
    { [CA]: file('ca.pem'), [CERT]: file('client.pem'), [KEY]: file('client.key') },
    {},
    true,
    undefined,
  ],
  [
    'mutual TLS: the traces key variable wins',
    () => mutual,
    {
      [CA]: file('ca.pem'),
      [CERT]: file('client.pem'),
      [TRACES_KEY]: file('client.key'),
      [KEY]: MISSING,
    },
    {},
    true,
    undefined,
  ],
  [
    'mutual TLS: client certificate and key from code',
    () => mutual,
    {},
    { tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') } },
    true,
    undefined,
  ],
  [
    'mutual TLS without a client certificate',
    () => mutual,
    { [CA]: file('ca.pem') },
    {},
    false,
    undefined,
  ],
  [
    'a client certificate without its key: one line, none sent',
    () => mutual,
    { [CA]: file('ca.pem'), [CERT]: file('client.pem') },
    {},
    false,
    /^@otelkit\/export: OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE ".*client\.pem" has no client key; sending no client certificate$/,
  ],
  [
    'a key that does not match the certificate: one line, none sent',
    () => mutual,
    { [CA]: file('ca.pem'), [CERT]: file('client.pem'), [KEY]: file('server.key') },
    {},
    false,
    /^@otelkit\/export: OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE ".*client\.pem" with OTEL_EXPORTER_OTLP_CLIENT_KEY ".*server\.key" is not usable \(.*key values mismatch.*\); sending no client certificate$/,
  ],
  [
    'TLS settings with an http endpoint: one line, ignored',
    () => plain,
    { [CA]: file('ca.pem') },
    {},
    true,
    /^@otelkit\/export: OTEL_EXPORTER_OTLP_CERTIFICATE ".*ca\.pem" ignored: http:\/\/127\.0\.0\.1:\d+ is not https$/,
  ],
])('%s', async (_name, receiver, env, options, delivered, warning) => {
  const { ok, error } = await exportTo(receiver, env, options);
  expect(ok).toBe(delivered);
  if (!delivered) expect(error).not.toBe('');
  expect(warnings).toEqual(warning ? [expect.stringMatching(warning)] : []);
});

test('without a trusted CA the failure names the certificate problem', async () => {
  const { error } = await exportTo(() => https, {});
  expect(error).toMatch(/certificate/i);
});

test.each<[string, OtlpHttpExporterOptions['tls'], RegExp]>([
  ['a number as CA', { ca: 5 as unknown as string }, /option tls\.ca is 5; expected PEM text/],
  ['a certificate without its key', { cert: 'x' }, /expected tls\.cert and tls\.key together/],
  ['a CA text without a certificate', { ca: 'not a certificate' }, /option tls\.ca is not usable/],
  [
    'a key that does not match',
    {
      cert: readFileSync(file('client.pem'), 'utf8'),
      key: readFileSync(file('server.key'), 'utf8'),
    },
    /option tls\.cert with option tls\.key is not usable: .*key values mismatch/,
  ],
])('a bad tls option throws at construction: %s', (_name, tls, message) => {
  expect(() => new OtlpHttpSpanExporter({ url: 'https://127.0.0.1:1/v1/traces', tls }, {})).toThrow(
    message,
  );
});

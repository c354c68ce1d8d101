import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { createDiagnostics } from '@otelkit/core';
import { OtlpHttpSpanExporter, agentFor } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { startForwardProxy } from '../../../../test/integration/support/forward-proxy';
import { MAX_CONNECT_ANSWER_BYTES, openTunnel } from '../../src/http/proxy/tunnel';
import { proxyEndpoint } from '../../src/http/proxy/proxy-endpoint';
import { buildCorpus } from '../helpers/corpus';
import { exportOnce } from '../helpers/export-with';

const dir = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'tls');
const pem = (name: string) => readFileSync(path.join(dir, name));
const CREDENTIALS = 'otel:pa ss@word';
const PROXY_URL = (port: number) => `http://otel:pa%20ss%40word@127.0.0.1:${port}`;
const spans = buildCorpus().slice(0, 3);

let secure: OtlpReceiver;
let plain: OtlpReceiver;
beforeAll(async () => {
  secure = await startReceiver({ tls: { cert: pem('server.pem'), key: pem('server.key') } });
  plain = await startReceiver();
});
afterAll(() => Promise.all([secure.close(), plain.close()]));

const lines: string[] = [];
const diagnostics = createDiagnostics({
  prefix: '@otelkit/test',
  write: (l) => void lines.push(l),
});

describe('exports through a proxy reuse their sockets: one tunnel or connection per socket, not per export', () => {
  test.each<[string, () => OtlpReceiver]>([
    ['https collector (CONNECT)', () => secure],
    ['http collector (absolute-form)', () => plain],
  ])('%s: 5 exports in a row, 1 connection to the proxy', async (_, receiver) => {
    const proxy = await startForwardProxy({ credentials: CREDENTIALS });
    const port = new URL(receiver().url).port;
    const scheme = receiver() === secure ? 'https' : 'http';
    const exporter = new OtlpHttpSpanExporter(
      {
        url: `${scheme}://localhost:${port}/v1/traces`,
        tls: { ca: pem('ca.pem') },
        diagnostics,
      },
      { HTTPS_PROXY: PROXY_URL(proxy.port), HTTP_PROXY: PROXY_URL(proxy.port) },
    );
    try {
      for (let i = 0; i < 5; i++) {
        expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
      }
      expect(receiver().spans).toHaveLength(15);
      expect(proxy.connections()).toBe(1);
      const auth = `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`;
      expect(proxy.seen.every((s) => s.authorization === auth)).toBe(true);
      expect(proxy.seen.map((s) => s.method)).toEqual(
        scheme === 'https' ? ['CONNECT'] : ['POST', 'POST', 'POST', 'POST', 'POST'],
      );
    } finally {
      await exporter.shutdown();
      await proxy.close();
      receiver().clear();
    }
  });

  test('wrong credentials: the export fails naming the proxy and the status, the password masked', async () => {
    const proxy = await startForwardProxy({ credentials: 'otel:other' });
    const exporter = new OtlpHttpSpanExporter(
      {
        url: `https://localhost:${new URL(secure.url).port}/v1/traces`,
        tls: { ca: pem('ca.pem') },
        retry: { maxAttempts: 2, initialBackoffMillis: 10 },
        diagnostics,
      },
      { HTTPS_PROXY: PROXY_URL(proxy.port) },
    );
    try {
      const result = await exportOnce(exporter, spans);
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toBe(
        `@otelkit/export: export to https://localhost:${new URL(secure.url).port}/v1/traces failed: ` +
          `proxy http://***@127.0.0.1:${proxy.port}/ answered CONNECT to localhost:${new URL(secure.url).port} with HTTP 407`,
      );
      // A proxy failure is a transport failure: retried with the normal backoff.
      expect(proxy.seen.filter((s) => s.method === 'CONNECT')).toHaveLength(2);
    } finally {
      await exporter.shutdown();
      await proxy.close();
    }
  });
});

/** A proxy that answers every connection with `answer` (or nothing), to see how the tunnel bounds it. */
async function hostileProxy(answer: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => answer(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a proxy that misbehaves on CONNECT costs one bounded, failed attempt', () => {
  const endless = (socket: net.Socket, head: string) => {
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
      if (!socket.destroyed) socket.once('drain', pump);
    };
    pump();
  };
  test.each<[string, (socket: net.Socket) => void, RegExp]>([
    ['never answers', () => undefined, /did not answer CONNECT to c\.example:443 within 300 ms$/],
    [
      'answers 502 with an endless body',
      (s) => endless(s, 'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 999999999\r\n\r\n'),
      /answered CONNECT to c\.example:443 with HTTP 502$/,
    ],
    [
      'sends endless headers',
      (s) => endless(s, 'HTTP/1.1 200 OK\r\nx-junk: '),
      new RegExp(`with more than ${MAX_CONNECT_ANSWER_BYTES} bytes of headers$`),
    ],
    [
      'answers with something that is not HTTP',
      (s) => s.end('SSH-2.0-OpenSSH\r\n\r\n'),
      /with something that is not HTTP$/,
    ],
    [
      'closes the connection',
      (s) => s.destroy(),
      /closed the connection before answering CONNECT to c\.example:443$/,
    ],
  ])('a proxy that %s', async (_, answer, message) => {
    const proxy = await hostileProxy(answer);
    try {
      const endpoint = proxyEndpoint(PROXY_URL(proxy.port));
      const error = await openTunnel(endpoint, 'c.example', 443, 300).then(
        () => new Error('tunnel opened'),
        (e: Error) => e,
      );
      expect(error.message).toMatch(message);
      expect(error.message).toContain(`proxy http://***@127.0.0.1:${proxy.port}/`);
      expect(error.message).not.toContain('word');
    } finally {
      await proxy.close();
    }
  });
});

describe('agentFor: the exporter decision for a request of its own (token requests)', () => {
  test.each<[string, Record<string, string>, string]>([
    ['https://auth.example/token', {}, 'Agent'],
    ['https://auth.example/token', { HTTPS_PROXY: 'http://p:1' }, 'TunnelingAgent'],
    ['http://169.254.169.254/x', { HTTP_PROXY: 'http://p:1' }, 'ForwardingAgent'],
    [
      'http://169.254.169.254/x',
      { HTTP_PROXY: 'http://p:1', NO_PROXY: '169.254.169.254' },
      'Agent',
    ],
    [
      'https://auth.example/token',
      { HTTPS_PROXY: 'http://p:1', OTELKIT_EXPORTER_PROXY: 'off' },
      'Agent',
    ],
  ])('%s with %j → %s', (url, env, kind) => {
    const secrets: string[] = [];
    const agent = agentFor(url, env, { timeoutMillis: 1000, onSecrets: (s) => secrets.push(...s) });
    expect(agent.constructor.name).toBe(kind);
    agent.destroy();
  });
});

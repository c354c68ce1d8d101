// examples/express-require and examples/esm-import, run exactly as their READMEs say: the
// documented flag must produce the documented spans.
import * as path from 'node:path';
import { assertConnectedTrace, assertTrace, spawnFixture, startReceiver } from '@otelkit/testing';
import type { FixtureProcess, OtlpReceiver, ReceivedSpan } from '@otelkit/testing';

jest.setTimeout(60_000);

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

let receiver: OtlpReceiver;
let app: FixtureProcess | undefined;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

async function stopExample() {
  app?.kill('SIGTERM');
  await app?.exited.catch(() => undefined);
  app = undefined;
  receiver.clear();
}

async function startExample(example: string, flag: '--require' | '--import', script: string) {
  app = spawnFixture({
    script,
    cwd: path.join(EXAMPLES, example),
    nodeArgs: [flag, '@otelkit/node/register'],
    env: {
      PORT: '0',
      OTEL_SERVICE_NAME: example,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OPENAI_BASE_URL: undefined, // the offline stand-in, whatever the developer's shell says
    },
    timeoutMs: 60_000,
  });
  const line = await app.waitForOutput(LISTENING, { stream: 'stdout', timeoutMs: 20_000 });
  return LISTENING.exec(line)![1];
}

const hasSpan = (name: string) => (trace: ReceivedSpan[]) => trace.some((s) => s.name === name);

describe('express-require with --require', () => {
  afterAll(stopExample);

  test('traces the route, and the nested fetch joins the same trace', async () => {
    const url = await startExample('express-require', '--require', 'server.js');
    const res = await fetch(`${url}/books/2/with-price`);
    expect(await res.json()).toEqual({
      id: '2',
      title: 'Designing Data-Intensive Applications',
      price: 12,
    });

    const trace = await receiver.waitForTrace(
      (t) => hasSpan('GET /books/:id/with-price')(t) && hasSpan('GET /prices/:id')(t),
    );
    assertConnectedTrace(trace);
    assertTrace(trace, {
      name: 'GET /books/:id/with-price',
      kind: 'SERVER',
      serviceName: 'express-require',
      children: [
        {
          name: 'request handler - /books/:id/with-price',
          children: [{ kind: 'CLIENT', children: [{ kind: 'SERVER', name: 'GET /prices/:id' }] }],
        },
      ],
    });
  });
});

describe('esm-import with --import', () => {
  let trace: ReceivedSpan[];

  afterAll(stopExample);
  beforeAll(async () => {
    const url = await startExample('esm-import', '--import', 'server.mjs');
    const res = await fetch(`${url}/summarize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Spans are timed operations. They nest.' }),
    });
    expect(await res.json()).toEqual({ summary: 'Spans are timed operations.' });
    trace = await receiver.waitForTrace(
      (t) => hasSpan('POST /summarize')(t) && t.some((s) => s.name.startsWith('chat ')),
    );
  });

  test('express, imported as ESM, names the SERVER span by route and adds its handler span', () => {
    assertConnectedTrace(trace);
    assertTrace(trace, {
      name: 'POST /summarize',
      kind: 'SERVER',
      attributes: { 'http.route': '/summarize' },
      children: [{ name: 'request handler - /summarize' }],
    });
  });

  test('openai, a native ES module, yields a chat span under the handler with its HTTP call below', () => {
    assertTrace(
      trace,
      {
        name: 'request handler - /summarize',
        children: [
          {
            name: 'chat llama3.2',
            kind: 'CLIENT',
            attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'llama3.2' },
            children: [{ kind: 'CLIENT', attributes: { 'url.full': /\/v1\/chat\/completions$/ } }],
          },
        ],
      },
      { atRoot: false },
    );
  });

  test('pino, imported as ESM, writes the request span ids into the log line', () => {
    const handler = trace.find((s) => s.name === 'request handler - /summarize')!;
    const line = app!
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"summarizing"'));
    expect(JSON.parse(line!)).toMatchObject({ trace_id: handler.traceId, span_id: handler.spanId });
  });
});

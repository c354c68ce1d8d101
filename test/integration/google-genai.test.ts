import type { ReceivedSpan } from '@otelkit/testing';
import { get, IMPORT, otelEnv, REQUIRE, startApp, useReceiver } from './support/app';
import { FAKE_USAGE, startFakeGeminiApi, type FakeGeminiApi } from './support/fake-gemini-api';

jest.setTimeout(60_000);

const receiver = useReceiver();
let api: FakeGeminiApi;
beforeAll(async () => {
  api = await startFakeGeminiApi();
});
afterAll(() => api.close());

const PROMPT_MARKER = 'prompt-text-that-must-not-leave-4f1c';
const SCOPE = '@otelkit/instrumentation-google-genai';

async function runScenario(
  script: string,
  nodeArgs: string[],
): Promise<{ spans: ReceivedSpan[]; bodies: Buffer[] }> {
  const { proc, port } = await startApp({
    script,
    nodeArgs,
    env: otelEnv(receiver.current.url, { GENAI_BASE_URL: api.url }),
  });
  const res = await get(port, '/run');
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toEqual({
    said: 'Hello there',
    streamed: 'one two three',
    refused: 'ApiError',
    dimensions: 3,
  });
  const spans = await receiver.current.waitForSpans(
    (received) => received.filter((s) => s.scope.name === SCOPE).length >= 5,
  );
  proc.kill('SIGTERM');
  await proc.exited;
  // The receiver empties itself before each test: keep what this run sent.
  return {
    spans,
    bodies: receiver.current.requests.flatMap((r) => [r.rawBody, r.body ?? Buffer.alloc(0)]),
  };
}

describe.each([
  ['CommonJS, --require', 'genai-app.js', REQUIRE],
  ['ESM, --import', 'genai-app.mjs', IMPORT],
])('@google/genai (%s) against a loopback fake of the Gemini API', (_label, script, nodeArgs) => {
  let spans: ReceivedSpan[];
  let bodies: Buffer[];
  beforeAll(async () => {
    receiver.current.clear();
    ({ spans, bodies } = await runScenario(script, nodeArgs));
  });
  const genai = () => spans.filter((s) => s.scope.name === SCOPE);
  const named = (name: string) => genai().find((s) => s.name === name)!;

  test('one GenAI CLIENT span per model call, named by operation and model', () => {
    expect(
      genai()
        .map((s) => [s.name, s.kindName])
        .sort(),
    ).toEqual([
      ['embeddings text-embedding-004', 'CLIENT'],
      ['generate_content gemini-2.5-flash', 'CLIENT'],
      ['generate_content gemini-2.5-flash-lite', 'CLIENT'],
      ['generate_content gemini-2.5-pro', 'CLIENT'],
      ['generate_content refused-model', 'CLIENT'],
    ]);
  });

  test.each([
    ['generate_content gemini-2.5-flash', 'gemini-2.5-flash-001'],
    ['generate_content gemini-2.5-pro', 'gemini-2.5-pro-001'],
  ])(
    '%s: model, provider, server, token counts and finish reasons (a stream read to its end)',
    (name, responseModel) => {
      const port = Number(new URL(api.url).port);
      expect(named(name).attributes).toMatchObject({
        'gen_ai.operation.name': 'generate_content',
        'gen_ai.system': 'gcp.gemini',
        'gen_ai.request.model': name.split(' ')[1],
        'gen_ai.response.model': responseModel,
        'gen_ai.response.id': 'fake-response-1',
        'gen_ai.usage.input_tokens': FAKE_USAGE.promptTokenCount,
        'gen_ai.usage.output_tokens': FAKE_USAGE.candidatesTokenCount,
        'gen_ai.response.finish_reasons': ['STOP'],
        'server.address': '127.0.0.1',
        'server.port': port,
      });
      expect(named(name).status.code).toBe(0);
    },
  );

  test('a stream left after its first chunk still ends its span, with what was read', () => {
    const span = named('generate_content gemini-2.5-flash-lite');
    expect(span.attributes['gen_ai.response.model']).toBe('gemini-2.5-flash-lite-001');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  test('a refused call: ERROR with error.type the HTTP status', () => {
    const span = named('generate_content refused-model');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('429');
  });

  test('the HTTP request is a child of its GenAI span', () => {
    const parent = named('generate_content gemini-2.5-flash');
    const children = spans.filter((s) => s.parentSpanId === parent.spanId);
    expect(children.map((s) => [s.kindName, s.attributes['http.request.method']])).toEqual([
      ['CLIENT', 'POST'],
    ]);
  });

  test('no prompt text anywhere in the bytes the receiver got', () => {
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body.toString('latin1')).not.toContain(PROMPT_MARKER);
  });
});

describe('Azure OpenAI through the openai package (upstream instrumentation-openai), against a loopback fake', () => {
  test('one chat CLIENT span with model and tokens; the provider is recorded as openai, the Azure host as server.address', async () => {
    const { proc, port } = await startApp({
      script: 'genai-azure-openai-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url, { AZURE_OPENAI_ENDPOINT: api.url }),
    });
    const res = await get(port, '/run');
    expect(JSON.parse(res.body)).toEqual({ said: 'Hi' });
    const spans = await receiver.current.waitForSpans((received) =>
      received.some((s) => s.scope.name === '@opentelemetry/instrumentation-openai'),
    );
    proc.kill('SIGTERM');
    await proc.exited;
    const chat = spans.find((s) => s.scope.name === '@opentelemetry/instrumentation-openai')!;
    expect([chat.name, chat.kindName]).toEqual(['chat gpt-4o-mini', 'CLIENT']);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      // No Azure-specific provider: upstream writes `openai` for every client of the package.
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 1,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(api.url).port),
    });
    for (const request of receiver.current.requests) {
      expect(request.rawBody.toString('latin1')).not.toContain(PROMPT_MARKER);
    }
  });
});

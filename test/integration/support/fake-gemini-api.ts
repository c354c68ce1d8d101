import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers: a few chunks of text, fixed token counts, a 429 for `refused-model`. */
export const FAKE_USAGE = { promptTokenCount: 11, candidatesTokenCount: 5, totalTokenCount: 16 };

export interface FakeGeminiApi {
  url: string;
  /** Paths requested, in order. */
  paths: string[];
  close(): Promise<void>;
}

/**
 * A loopback stand-in for the Gemini API (`generativelanguage.googleapis.com`) for the shapes @google/genai reads:
 * `:generateContent` (JSON), `:streamGenerateContent?alt=sse` (server-sent events, three chunks, usage on the last),
 * `:batchEmbedContents`; and Azure OpenAI's `/openai/deployments/{deployment}/chat/completions`. Runs in the test
 * process, which is not instrumented.
 */
export async function startFakeGeminiApi(): Promise<FakeGeminiApi> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      paths.push(path);
      const model = /models\/([^:]+):/.exec(path)?.[1] ?? 'unknown';
      if (path.startsWith('/openai/deployments/')) {
        // Azure OpenAI's chat completions, for the `openai` package's AzureOpenAI client.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'chatcmpl-fake',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-4o-mini-2024-07-18',
            choices: [
              { index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' },
            ],
            usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
          }),
        );
        return;
      }
      if (model === 'refused-model') {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' },
          }),
        );
        return;
      }
      if (path.includes(':batchEmbedContents') || path.includes(':embedContent')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ embeddings: [{ values: [0.1, 0.2, 0.3] }] }));
        return;
      }
      const chunk = (text: string, last: boolean) => ({
        candidates: [
          {
            content: { role: 'model', parts: [{ text }] },
            index: 0,
            ...(last ? { finishReason: 'STOP' } : {}),
          },
        ],
        ...(last ? { usageMetadata: FAKE_USAGE } : {}),
        modelVersion: `${model}-001`,
        responseId: 'fake-response-1',
      });
      if (path.includes(':streamGenerateContent')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const [i, text] of ['one ', 'two ', 'three'].entries()) {
          res.write(`data: ${JSON.stringify(chunk(text, i === 2))}\r\n\r\n`);
        }
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(chunk('Hello there', true)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A minimal stand-in for an OpenAI-compatible chat completions endpoint, so the example needs no
// network and no API key. It answers every request with the first sentence of the user's text.
import { createServer } from 'node:http';

export function startFakeLlm() {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = JSON.parse(body || '{}');
      const text = request.messages?.at(-1)?.content ?? '';
      const answer = text.split(/(?<=\.)\s/)[0];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(completion(request.model, answer, text)));
    });
  });
  // The stand-in must never keep the app alive on its own.
  server.unref();
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/v1`, server });
    });
  });
}

function completion(model, answer, prompt) {
  const words = (s) => s.split(/\s+/).filter(Boolean).length;
  return {
    id: 'chatcmpl-local',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: answer } }],
    usage: {
      prompt_tokens: words(prompt),
      completion_tokens: words(answer),
      total_tokens: words(prompt) + words(answer),
    },
  };
}

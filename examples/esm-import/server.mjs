// An ES module app. Start it with the ESM loader hook so `import` statements are patched too:
//   node --import @otelkit/node/register server.mjs
import express from 'express'; // CommonJS package, loaded through `import`
import pino from 'pino'; // CommonJS package, loaded through `import`
import OpenAI from 'openai'; // native ESM build (index.mjs): only the loader hook can patch it
import { startFakeLlm } from './fake-llm.mjs';

const logger = pino();

// Any OpenAI-compatible server works (e.g. Ollama: OPENAI_BASE_URL=http://127.0.0.1:11434/v1).
// Without one, a tiny local stand-in answers so the example runs offline.
const baseURL = process.env.OPENAI_BASE_URL ?? (await startFakeLlm()).url;
const openai = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? 'not-needed' });
const model = process.env.OPENAI_MODEL ?? 'llama3.2';

const app = express();
app.use(express.json());

app.get('/healthz', (_req, res) => res.send('ok'));

app.post('/summarize', async (req, res, next) => {
  try {
    const text = String(req.body?.text ?? '');
    // pino log lines written inside a request carry trace_id/span_id.
    logger.info({ chars: text.length }, 'summarizing');
    const completion = await openai.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: 'Summarize the text in one sentence.' },
        { role: 'user', content: text },
      ],
    });
    res.json({ summary: completion.choices[0]?.message?.content ?? '' });
  } catch (err) {
    next(err);
  }
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  logger.info(`esm-import listening on http://127.0.0.1:${server.address().port}`);
});

process.on('SIGTERM', () => server.close());

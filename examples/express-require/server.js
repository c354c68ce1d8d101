'use strict';
/* global fetch -- built into Node >= 18 */
// A plain express app: nothing here knows about OpenTelemetry. Tracing comes from the preload flag:
//   node --require @otelkit/node/register server.js
const express = require('express');

const app = express();
app.use(express.json());

const books = new Map([
  ['1', { id: '1', title: 'The Pragmatic Programmer' }],
  ['2', { id: '2', title: 'Designing Data-Intensive Applications' }],
]);

app.get('/healthz', (_req, res) => res.send('ok'));

app.get('/books', (_req, res) => res.json([...books.values()]));

app.get('/books/:id', (req, res) => {
  const book = books.get(req.params.id);
  if (!book) return res.status(404).json({ error: 'not found' });
  res.json(book);
});

// An outgoing call inside a request: the fetch CLIENT span becomes a child of this SERVER span.
app.get('/books/:id/with-price', async (req, res, next) => {
  try {
    const book = books.get(req.params.id);
    if (!book) return res.status(404).json({ error: 'not found' });
    const price = await fetch(`http://127.0.0.1:${port()}/prices/${book.id}`).then((r) => r.json());
    res.json({ ...book, ...price });
  } catch (err) {
    next(err);
  }
});

app.get('/prices/:id', (req, res) => res.json({ price: 10 + Number(req.params.id) }));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`express-require listening on http://127.0.0.1:${port()}`);
});

function port() {
  return server.address().port;
}

// Let the SDK flush on shutdown: otelkit ends the export on SIGTERM once the server is closed.
process.on('SIGTERM', () => server.close());

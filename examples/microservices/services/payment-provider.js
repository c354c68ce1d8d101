'use strict';
// A stand-in for a third-party payment API (think Stripe). It is started WITHOUT otelkit, like
// a service you do not own: in the trace it shows up only as the payment service's CLIENT span.
const { createServer } = require('node:http');
const { randomUUID } = require('node:crypto');

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/charges') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'not found' }));
    }
    const charge = JSON.parse(body || '{}');
    // Bank latency.
    setTimeout(() => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ id: `ch_${randomUUID()}`, status: 'succeeded', amount: charge.amount }),
      );
    }, 25);
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`payment-provider listening on http://127.0.0.1:${server.address().port}`);
});
process.once('SIGTERM', () => server.close());
process.once('SIGINT', () => server.close());

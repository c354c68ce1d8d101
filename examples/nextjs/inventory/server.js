'use strict';
// The inventory service: a plain Node.js HTTP server traced with @otelkit/node
// (`node --require @otelkit/node/register inventory/server.js`). It prints `listening on <url>` when ready.
const { createServer } = require('node:http');

const STOCK = { 'SKU-ESP-1': 3, 'SKU-GRD-2': 11 };

const server = createServer((req, res) => {
  const match = /^\/stock\/([^/?]+)/.exec(req.url ?? '');
  if (req.method !== 'GET' || !match) {
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ error: 'not found' }));
  }
  const sku = decodeURIComponent(match[1]);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ sku, inStock: STOCK[sku] ?? 0 }));
});

server.listen(Number(process.env.PORT ?? 4100), '127.0.0.1', () => {
  console.log(`inventory listening on http://127.0.0.1:${server.address().port}`);
});
process.once('SIGTERM', () => server.close());
process.once('SIGINT', () => server.close());

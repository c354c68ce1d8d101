'use strict';
// An OTLP/HTTP sink in its own process: answers 200 and counts requests, bytes and spans, walking
// the protobuf just deep enough to count Span messages (no decoding, so it stays cheap).
// GET /stats returns the counts, POST /reset zeroes them; DOWN=1 on /down makes it answer 503.
const http = require('node:http');

let stats = { requests: 0, bytes: 0, spans: 0 };
let down = false;

const { countProtobufSpans: countSpans } = require('./count-spans');

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/stats') return res.end(JSON.stringify(stats));
    if (req.url === '/reset') {
      stats = { requests: 0, bytes: 0, spans: 0 };
      down = false;
      return res.end('{}');
    }
    if (req.url === '/down') {
      down = true;
      return res.end('{}');
    }
    if (down) {
      res.writeHead(503);
      return res.end();
    }
    const body = Buffer.concat(chunks);
    stats.requests++;
    stats.bytes += body.length;
    stats.spans += countSpans(body);
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));

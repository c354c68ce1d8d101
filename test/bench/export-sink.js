'use strict';
// An OTLP/HTTP sink in its own process: answers 200 and counts requests, bytes and spans, walking
// the protobuf just deep enough to count Span messages (no decoding, so it stays cheap).
// GET /stats returns the counts, POST /reset zeroes them; DOWN=1 on /down makes it answer 503.
const http = require('node:http');

let stats = { requests: 0, bytes: 0, spans: 0 };
let down = false;

function varint(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    value += (b & 127) * 2 ** shift;
    if (b < 128) return [value, pos];
    shift += 7;
  }
}

/** Calls onField(field, start, end) for each length-delimited field of the message in [pos, end). */
function fields(buf, pos, end, onField) {
  while (pos < end) {
    let tag;
    [tag, pos] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    const type = tag & 7;
    if (type === 0) [, pos] = varint(buf, pos);
    else if (type === 1) pos += 8;
    else if (type === 5) pos += 4;
    else {
      let len;
      [len, pos] = varint(buf, pos);
      onField(field, pos, pos + len);
      pos += len;
    }
  }
}

function countSpans(buf) {
  let n = 0;
  fields(buf, 0, buf.length, (f, s, e) => {
    if (f !== 1) return;
    fields(buf, s, e, (f2, s2, e2) => {
      if (f2 !== 2) return;
      fields(buf, s2, e2, (f3) => {
        if (f3 === 2) n++;
      });
    });
  });
  return n;
}

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

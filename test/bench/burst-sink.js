'use strict';
// The burst scenario's collector, in its own process so it keeps up whatever the app's process does: answers
// 200 at once and counts spans without keeping them. Protobuf is walked just deep enough to count Span
// messages, as export-sink.js does: @otelkit/testing's schema decode took ~20 µs per span here, ~4 s of
// CPU for a burst the app makes in ~2 s, on the same 2 cores. OTLP/JSON (otelkit's batch path) is
// counted by a scan, checked against JSON.parse (see countJsonSpans).
// POST /reset zeroes the counts; POST /stats returns them with what shows whether the receiver kept up:
// the time it spent counting, its CPU and its own event-loop delay since the reset.
const http = require('node:http');
const { countProtobufSpans } = require('./count-spans');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let stats;
let cpuAtReset;
const reset = () => {
  stats = { requests: 0, bytes: 0, spans: 0, maxConcurrent: 0, countingMs: 0, since: Date.now() };
  stats.jsonChecked = false;
  loop.reset();
  cpuAtReset = process.cpuUsage();
};
reset();
let open = 0;

const KIND = Buffer.from('"kind":');

/**
 * OTLP/JSON: every Span carries `"kind":` (links, events and attributes never do; a string holding it is
 * escaped), so spans are counted by scanning for it, at a tenth of JSON.parse's CPU, which took half the
 * receiver's time on this path. The first request after /reset is also parsed, to check the count.
 */
function countJsonSpans(body) {
  let n = 0;
  for (let at = body.indexOf(KIND); at !== -1; at = body.indexOf(KIND, at + KIND.length)) n++;
  if (!stats.jsonChecked) {
    stats.jsonChecked = true;
    let parsed = 0;
    for (const rs of JSON.parse(body.toString('utf8')).resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? []) parsed += ss.spans?.length ?? 0;
    if (parsed !== n) stats.jsonMiscounted = `${n} counted, ${parsed} parsed`;
  }
  return n;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  open++;
  stats.maxConcurrent = Math.max(stats.maxConcurrent, open);
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    open--;
    if (req.url === '/reset') {
      reset();
      return res.end('{}');
    }
    if (req.url === '/stats') {
      const ms = (ns) => ns / 1e6;
      return res.end(
        JSON.stringify({
          ...stats,
          wallMs: Date.now() - stats.since,
          cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuAtReset)),
          loopP99Ms: ms(loop.percentile(99)),
          loopMaxMs: ms(loop.max),
        }),
      );
    }
    const body = Buffer.concat(chunks);
    const json = (req.headers['content-type'] ?? '').includes('json');
    stats.requests++;
    stats.bytes += body.length;
    const started = process.hrtime.bigint();
    stats.spans += json ? countJsonSpans(body) : countProtobufSpans(body);
    // Time spent counting, against the wall time since /reset: how close the receiver came to falling behind.
    stats.countingMs += Number(process.hrtime.bigint() - started) / 1e6;
    if (json) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{}');
    }
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));

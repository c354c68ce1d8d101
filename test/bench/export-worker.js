'use strict';
// One measurement in a fresh process: node export-worker.js <scenario> <impl> <sinkUrl>. Prints JSON.
const http = require('node:http');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const { pipeline } = require('./export-setup');

const [scenario, impl, sink] = process.argv.slice(2);
const url = sink && `${sink}/v1/traces`;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
/** POSTs to the sink's control paths and resolves with its JSON answer. */
const sinkCall = (path) =>
  new Promise((resolve, reject) => {
    const req = http.request(sink + path, { method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end();
  });

/** Ends `total` spans in chunks of `chunk`, yielding between chunks as a busy server would. */
async function generate(oneSpan, total, chunk = 1000) {
  for (let done = 0; done < total; done += chunk) {
    for (let i = 0; i < chunk; i++) oneSpan();
    await tick();
  }
}

async function sinkHas(count, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  while ((await sinkCall('/stats')).spans < count) {
    if (Date.now() > until) throw new Error(`sink got fewer than ${count} spans`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `n` ended, sampled spans like the pipelines make (5 attributes), kept for reuse. */
function endedSpans(n) {
  const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
  const { resource } = require('./export-setup');
  const spans = [];
  const collect = {
    onStart() {},
    onEnd: (s) => spans.push(s),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({ resource, spanProcessors: [collect] });
  const tracer = provider.getTracer('bench', '1.0.0');
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan('GET /items/:id');
    span.setAttributes({
      'http.request.method': 'GET',
      'http.route': '/items/:id',
      'http.response.status_code': 200,
      'url.path': `/items/${i}`,
      'server.address': 'api.example.com',
    });
    span.end();
  }
  return spans;
}

/** Heap and ArrayBuffer bytes still reachable after a full garbage collection. */
function liveBytes() {
  require('node:v8').setFlagsFromString('--expose-gc');
  require('node:vm').runInNewContext('gc')();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const droppedOf = (processor) =>
  processor.stats ? Object.values(processor.stats().dropped).reduce((a, b) => a + b, 0) : undefined;

const scenarios = {
  /**
   * CPU per span of start + 5 attributes + end: no processor, upstream BSP and ours with a do-nothing
   * exporter, all three in this process, rounds interleaved so load from elsewhere hits each alike.
   * Each keeps the lowest round: other load only ever adds CPU time.
   */
  async hotpath() {
    const impls = ['none', 'upstream', 'otelkit'];
    const pipes = impls.map((name) => pipeline(name, undefined));
    for (const { oneSpan } of pipes) await generate(oneSpan, 50000); // warm-up
    const SPANS = 16384;
    const times = impls.map(() => []);
    for (let round = 0; round < 40; round++) {
      // Rotated order, so no pipeline always runs right after another's garbage.
      for (let n = 0; n < pipes.length; n++) {
        const k = (round + n) % pipes.length;
        const start = cpuMicros();
        await generate(pipes[k].oneSpan, SPANS);
        times[k].push(((cpuMicros() - start) * 1000) / SPANS);
      }
    }
    for (const { processor } of pipes) await processor?.shutdown();
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Overhead = median over rounds of (pipeline − no processor) in the same round: drift cancels.
    const none = med(times[0]);
    const over = (k) => med(times[k].map((t, r) => t - times[0][r]));
    return { none, upstream: none + over(1), otelkit: none + over(2) };
  },

  /**
   * processor.onEnd alone: N ended, sampled spans made once, then handed to each processor (do-nothing
   * exporter that calls back at once) round after round, upstream and ours interleaved in this
   * process. A round is timed up to the next turn of the loop, so work a processor defers to a
   * microtask or setImmediate is counted too. Median ns per onEnd.
   */
  async onend() {
    const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
    const { OtelkitBatchSpanProcessor } = require('@otelkit/export');
    const { nullExporter } = require('./export-setup');
    const N = 2048;
    const spans = endedSpans(N);
    const processors = {
      upstream: new BatchSpanProcessor(nullExporter),
      otelkit: new OtelkitBatchSpanProcessor(nullExporter, { onWarning: () => {} }, {}),
    };
    const names = Object.keys(processors);
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    const roundOf = async (processor) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < N; i++) processor.onEnd(spans[i]);
      await tick();
      return Number(process.hrtime.bigint() - start) / N;
    };
    // An empty round: the loop and the turn of the event loop, subtracted from both.
    const empty = { onEnd() {} };
    const baseline = [];
    for (let round = 0; round < 400; round++) {
      baseline.push(await roundOf(empty));
      for (const name of names) samples[name].push(await roundOf(processors[name]));
    }
    for (const name of names) await processors[name].shutdown();
    const med = (xs) => [...xs.slice(100)].sort((a, b) => a - b)[Math.floor((xs.length - 100) / 2)];
    const base = med(baseline);
    return {
      baselineNs: base,
      upstreamNs: med(samples.upstream) - base,
      otelkitNs: med(samples.otelkit) - base,
      otelkitDropped: droppedOf(processors.otelkit),
    };
  },

  /** Serializer alone: a 2048-span batch to protobuf and to JSON bytes. */
  async serialize() {
    const spans = endedSpans(2048);
    let proto;
    let json;
    if (impl === 'upstream') {
      const t = require('@opentelemetry/otlp-transformer');
      proto = (s) => t.ProtobufTraceSerializer.serializeRequest(s);
      json = (s) => t.JsonTraceSerializer.serializeRequest(s);
    } else {
      const { ProtobufSpanEncoder, JsonSpanEncoder } = require('@otelkit/export');
      const p = new ProtobufSpanEncoder();
      const j = new JsonSpanEncoder();
      proto = (s) => p.encode(s);
      json = (s) => j.encode(s);
    }
    const time = (fn) => {
      for (let i = 0; i < 20; i++) fn(spans);
      const start = process.hrtime.bigint();
      const rounds = 100;
      for (let i = 0; i < rounds; i++) fn(spans);
      return Number(process.hrtime.bigint() - start) / (rounds * spans.length);
    };
    return {
      protoNs: time(proto),
      jsonNs: time(json),
      protoBytes: proto(spans).length / spans.length,
    };
  },

  /**
   * CPU per span spent exporting: rounds of 40,000 spans with the real exporter to the sink (until
   * the sink has them all), each paired with a round of the same spans through a provider with no
   * processor, in this process, so load from elsewhere hits both alike. Lowest of 7 pairs.
   */
  async export() {
    await sinkCall('/reset');
    // Upstream's forceFlush rejects a deep queue (its exporter refuses > 30 concurrent exports), so
    // both run on their timers with a short delay until the sink has every span.
    // 1,000,000: the largest queue @otelkit/export accepts (2^20 throws since ecf9505).
    const options = { maxQueueSize: 1_000_000, maxQueueBytes: 1 << 30, scheduledDelayMillis: 20 };
    const { oneSpan, processor } = pipeline(impl, url, options);
    const bare = pipeline('none', undefined);
    await generate(oneSpan, 20000); // warm-up
    await generate(bare.oneSpan, 20000);
    let expected = 20000;
    await sinkHas(expected);
    const cpuPerSpan = async (make, spans, settled) => {
      const start = cpuMicros();
      await generate(make, spans);
      await settled();
      return ((cpuMicros() - start) * 1000) / spans;
    };
    const total = [];
    const alone = [];
    const ROUND = 40000;
    for (let round = 0; round < 7; round++) {
      alone.push(await cpuPerSpan(bare.oneSpan, ROUND, async () => {}));
      expected += ROUND;
      total.push(await cpuPerSpan(oneSpan, ROUND, () => sinkHas(expected)));
    }
    const stats = await sinkCall('/stats');
    await processor.shutdown();
    // Lowest round of each: load from elsewhere only ever adds CPU time.
    const low = (xs) => Math.min(...xs);
    return {
      nsPerSpan: low(total),
      aloneNsPerSpan: low(alone),
      exportNsPerSpan: low(total) - low(alone),
      received: stats.spans,
      bytesPerSpan: stats.bytes / stats.spans,
    };
  },

  /** 1M spans as fast as the app can make them, default settings: how many reach the collector. */
  async burst() {
    await sinkCall('/reset');
    const { oneSpan, processor } = pipeline(impl, url);
    const total = 1000000;
    const start = performance.now();
    await generate(oneSpan, total);
    const seconds = (performance.now() - start) / 1000;
    await processor.forceFlush().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stats = await sinkCall('/stats');
    await processor.shutdown();
    return {
      rate: total / seconds,
      received: stats.spans,
      lost: total - stats.spans,
      counted: droppedOf(processor),
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    };
  },

  /**
   * 50k spans/s ('none': no processor), paced like a server answering many small requests: a 1 ms
   * timer makes the spans due since the start (at most 100 per turn), so the generator itself never
   * blocks the loop for long. The first second warms up (V8 compiles the hot code, the first
   * connections open) and is reported on its own; the next 4 s are the steady state. Event-loop delay
   * is sampled by monitorEventLoopDelay every 1 ms; each sample is the whole interval between two timer
   * runs, so the 1 ms sampling period is subtracted to give lateness, what the app feels. Both are
   * reported.
   */
  async steady() {
    await sinkCall('/reset');
    const { oneSpan, processor } = pipeline(impl, url);
    const RATE_PER_MS = 50;
    const WARM_UP = 50000;
    const TOTAL = WARM_UP + 200000;
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const ms = (ns) => ns / 1e6;
    let firstSecondP99Ms;
    let measuredFrom = 0;
    const start = performance.now();
    await new Promise((resolve) => {
      let made = 0;
      histogram.enable();
      const timer = setInterval(() => {
        const due = Math.min(TOTAL, Math.floor((performance.now() - start) * RATE_PER_MS));
        for (let n = 0; made < due && n < 100; n++, made++) oneSpan();
        if (firstSecondP99Ms === undefined && made >= WARM_UP) {
          firstSecondP99Ms = ms(histogram.percentile(99)) - 1;
          histogram.reset();
          measuredFrom = performance.now();
        }
        if (made === TOTAL) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    histogram.disable();
    const seconds = (performance.now() - measuredFrom) / 1000;
    const delay = {
      rate: (TOTAL - WARM_UP) / seconds,
      p99Ms: ms(histogram.percentile(99)) - 1,
      p50Ms: ms(histogram.percentile(50)) - 1,
      rawP99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max) - 1,
      firstSecondP99Ms,
    };
    if (!processor) return delay; // 'none': the floor this machine sets with no tracing at all
    await processor.forceFlush().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stats = await sinkCall('/stats');
    await processor.shutdown();
    return { ...delay, received: stats.spans, counted: droppedOf(processor) };
  },

  /** Collector answering 503 during 1M spans, then back: RSS growth, counted drops, recovery. */
  async down() {
    await sinkCall('/reset');
    const { oneSpan, processor } = pipeline(impl, url);
    await generate(oneSpan, 20000);
    await processor?.forceFlush();
    const liveBefore = liveBytes();
    const rssBefore = process.memoryUsage().rss;
    await sinkCall('/down');
    const start = cpuMicros();
    await generate(oneSpan, 1000000);
    const cpu = cpuMicros() - start;
    const rssGrowthMB = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 1048576;
    // What the pipeline still holds with the collector down (queue, exports retrying, buffers).
    const retainedMB = (liveBytes() - liveBefore) / 1048576;
    // 'none': the same spans with no processor, the growth the app's own allocation causes.
    if (!processor) return { rssGrowthMB, retainedMB, nsPerSpan: (cpu * 1000) / 1000000 };
    const counted = droppedOf(processor);
    await sinkCall('/reset'); // collector back
    await generate(oneSpan, 10000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await sinkCall('/stats');
    await processor.shutdown();
    return {
      rssGrowthMB,
      retainedMB,
      counted,
      nsPerSpan: (cpu * 1000) / 1000000,
      resumedSpans: after.spans,
    };
  },
};

// A live app keeps its loop alive; this worker has only unref'd export timers while retries back off.
setInterval(() => {}, 1000);
scenarios[scenario]()
  .then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

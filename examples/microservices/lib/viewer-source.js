'use strict';
/* global fetch -- built into Node >= 18 */
// `pnpm demo --view`: the traces come from otelkit view's JSON API instead of the in-process
// receiver, converted back to the receiver's span shape so the demo checks and prints them alike.
const { startViewer } = require('@otelkit/cli');

const POLL_MS = 250;
const STATUS_CODES = { UNSET: 0, OK: 1, ERROR: 2 };

/** A span of `GET /api/traces/:id` in the shape of @otelkit/testing's ReceivedSpan (what the demo reads). */
function fromViewerJson(span) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? undefined,
    name: span.name,
    kindName: span.kind,
    startTimeUnixNano: BigInt(span.startTimeUnixNano),
    endTimeUnixNano: BigInt(span.endTimeUnixNano),
    durationMs: span.durationMs,
    attributes: span.attributes,
    status: {
      code: STATUS_CODES[span.status.code] ?? 0,
      message: span.status.message ?? undefined,
    },
    serviceName: span.service,
    resource: span.resource,
  };
}

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

/**
 * Starts otelkit view and answers what the demo asks its receiver: `url` to export to,
 * `waitForTrace(predicate)` and `spans()`. Rejects with a hint when a port is taken.
 */
async function startViewerSource({ port, uiPort }) {
  let viewer;
  try {
    viewer = await startViewer({ port, uiPort });
  } catch (err) {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new Error(
      `${err.message}: is otelkit view (or a collector) already running? ` +
        'Stop it, or choose other ports: pnpm demo --view --port 0 --ui-port 0',
    );
  }
  const traces = async () => {
    const { traces: rows } = await getJson(`${viewer.uiUrl}/api/traces?limit=1000`);
    return Promise.all(
      rows.map(async (row) => {
        const { spans } = await getJson(`${viewer.uiUrl}/api/traces/${row.traceId}`);
        return spans.map(fromViewerJson);
      }),
    );
  };
  return {
    viewer,
    url: viewer.otlpUrl,
    async spans() {
      return (await traces()).flat();
    },
    async waitForTrace(predicate, { timeoutMs }) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await traces()).find((trace) => predicate(trace));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching trace after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close: () => viewer.close(),
  };
}

module.exports = { startViewerSource, fromViewerJson };

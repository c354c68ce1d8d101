import * as path from 'node:path';
import {
  assertConnectedTrace,
  assertTrace,
  renderWaterfall,
  runFixture,
  startReceiver,
  type OtlpReceiver,
} from '@otelkit/testing';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

test('a child process exports through OTEL_EXPORTER_OTLP_ENDPOINT and the trace is asserted', async () => {
  const result = await runFixture({
    script: path.join(__dirname, 'fixtures', 'traced-app.js'),
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, APP_SERVICE: 'orders' },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);

  const spans = await receiver.waitForSpans(3);
  const traceId = /exported trace ([0-9a-f]{32})/.exec(result.stdout)?.[1];
  expect(assertConnectedTrace(spans).span.traceId).toBe(traceId);
  assertTrace(spans, {
    name: 'GET /orders',
    kind: 'SERVER',
    serviceName: 'orders',
    attributes: { 'http.route': '/orders' },
    children: [
      {
        name: 'SELECT orders',
        kind: 'CLIENT',
        children: [{ name: 'parse rows', kind: 'INTERNAL' }],
      },
    ],
  });
  expect(renderWaterfall(spans, { color: false }).split('\n')).toHaveLength(4);
});

import type { OtlpReceiver, ReceivedSpan } from '@otelkit/testing';
import { startReceiver } from '@otelkit/testing';
import { get, type RunningApp } from './app';
import type { RunningBroker } from './brokers';
import { byName, startService, stopAll } from './propagation-services';

export interface BrokerUnderTest {
  /** `amqp` or `redis`: the adapter in test/fixtures/propagation/lib. */
  adapter: 'amqp' | 'redis';
  system: string;
  start: () => Promise<RunningBroker>;
}

/** The messaging attributes the conventions require at span start, as they arrive at the receiver. */
export function expectMessagingAttributes(
  span: ReceivedSpan,
  system: string,
  destination: string,
  operation: string,
) {
  expect(span.attributes).toMatchObject({
    'messaging.system': system,
    'messaging.destination.name': destination,
    'messaging.operation.name': operation,
    'messaging.operation.type': operation,
  });
}

/**
 * The shared end-to-end story for one broker: an HTTP request in service A publishes, service B (another process
 * started with @otelkit/node) consumes and makes an HTTP call, and the receiver shows how the spans connect.
 */
export function messagingScenarios(
  broker: BrokerUnderTest,
  extraEnv: Record<string, string | undefined> = {},
) {
  let receiver: OtlpReceiver;
  let running: RunningBroker;
  const apps: RunningApp[] = [];
  let destinationCount = 0;

  beforeAll(async () => {
    [receiver, running] = await Promise.all([startReceiver(), broker.start()]);
  });
  afterAll(async () => {
    await stopAll(apps);
    await Promise.all([receiver?.close(), running?.stop()]);
  });
  afterEach(async () => {
    await stopAll(apps);
    receiver.clear();
  });

  /** Starts B (waits until it consumes) and A on a fresh destination; returns A's port. */
  async function startPair(
    consumerEnv: Record<string, string>,
    destination: string,
    producerEnv = {},
  ) {
    const common = {
      BROKER: broker.adapter,
      BROKER_URL: running.url,
      DESTINATION: destination,
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'amqplib,ioredis',
      ...extraEnv,
    };
    const consumer = await startService('consumer.js', 'service-b', receiver.url, {
      ...common,
      ...consumerEnv,
    });
    apps.push(consumer);
    await consumer.proc.waitForOutput('consumer ready', { timeoutMs: 30_000 });
    const producer = await startService('producer.js', 'service-a', receiver.url, {
      ...common,
      ...producerEnv,
    });
    apps.push(producer);
    return { producer, consumer };
  }

  const nextDestination = () => `otelkit-${broker.adapter}-${process.pid}-${++destinationCount}`;

  async function publish(port: number, count: number) {
    const res = await get(port, `/publish?count=${count}`);
    expect(res.status).toBe(200);
  }

  test('default: the consumer span links to the producer span, with messaging attributes; the work is its child', async () => {
    const destination = nextDestination();
    const { producer } = await startPair({}, destination);
    await publish(producer.port, 1);
    const spans = await receiver.waitForSpans(
      // Every span the assertions read, from both processes: each exports on its own schedule.
      (all) =>
        byName(all, `process ${destination}`).length === 1 &&
        byName(all, `send ${destination}`).length === 1 &&
        all.some((s) => s.serviceName === 'service-a' && s.kindName === 'SERVER') &&
        all.some(
          (s) => s.name === 'GET' && s.serviceName === 'service-b' && s.kindName === 'CLIENT',
        ),
      { timeoutMs: 30_000 },
    );
    const [send] = byName(spans, `send ${destination}`, 'service-a');
    const [processSpan] = byName(spans, `process ${destination}`, 'service-b');
    const server = spans.find((s) => s.serviceName === 'service-a' && s.kindName === 'SERVER')!;
    expect(send.kindName).toBe('PRODUCER');
    expect(send.parentSpanId).toBe(server.spanId);
    expect(send.traceId).toBe(server.traceId);
    expectMessagingAttributes(send, broker.system, destination, 'send');
    expect(send.attributes['messaging.message.id']).toMatch(/^m-/);
    expect(processSpan.kindName).toBe('CONSUMER');
    expectMessagingAttributes(processSpan, broker.system, destination, 'process');
    expect(processSpan.attributes['messaging.consumer.group.name']).toBe('service-b');
    expect(processSpan.attributes['messaging.message.id']).toBe(
      send.attributes['messaging.message.id'],
    );
    expect(processSpan.links.map((l) => [l.traceId, l.spanId])).toEqual([
      [send.traceId, send.spanId],
    ]);
    // A link, not a parent: the consumer starts its own trace, as the messaging conventions recommend.
    expect(processSpan.parentSpanId).toBeUndefined();
    const client = spans.find((s) => s.serviceName === 'service-b' && s.kindName === 'CLIENT')!;
    expect(client.parentSpanId).toBe(processSpan.spanId);
  });

  test("relation 'parent': the consumer span is a child of the producer span, in the same trace", async () => {
    const destination = nextDestination();
    const { producer } = await startPair({ RELATION: 'parent' }, destination);
    await publish(producer.port, 1);
    const spans = await receiver.waitForTrace(
      (t) =>
        byName(t, `process ${destination}`).length === 1 &&
        byName(t, `send ${destination}`).length === 1 &&
        t.some((s) => s.serviceName === 'service-b' && s.kindName === 'SERVER') &&
        t.some((s) => s.serviceName === 'service-b' && s.kindName === 'CLIENT'),
      { timeoutMs: 30_000 },
    );
    const [send] = byName(spans, `send ${destination}`, 'service-a');
    const [processSpan] = byName(spans, `process ${destination}`, 'service-b');
    expect(processSpan.traceId).toBe(send.traceId);
    expect(processSpan.parentSpanId).toBe(send.spanId);
    expect(processSpan.links).toEqual([]);
    const client = spans.find((s) => s.serviceName === 'service-b' && s.kindName === 'CLIENT')!;
    expect(client.parentSpanId).toBe(processSpan.spanId);
  });

  test('a batch consumer of 10 messages from 3 different traces gets 10 links', async () => {
    const destination = nextDestination();
    const { producer, consumer } = await startPair({ BATCH_SIZE: '10' }, destination);
    for (const count of [3, 3, 4]) await publish(producer.port, count);
    await consumer.proc.waitForOutput('processed 10', { timeoutMs: 30_000 });
    const spans = await receiver.waitForSpans(
      (all) =>
        byName(all, `process ${destination}`).length === 1 &&
        byName(all, `send ${destination}`).length === 10,
      {
        timeoutMs: 30_000,
      },
    );
    const sends = byName(spans, `send ${destination}`, 'service-a');
    const [batch] = byName(spans, `process ${destination}`, 'service-b');
    expect(new Set(sends.map((s) => s.traceId)).size).toBe(3);
    expect(batch.attributes['messaging.batch.message_count']).toBe(10);
    expectMessagingAttributes(batch, broker.system, destination, 'process');
    expect(batch.links).toHaveLength(10);
    expect(new Set(batch.links.map((l) => l.traceId)).size).toBe(3);
    expect(batch.links.map((l) => `${l.traceId}/${l.spanId}`).sort()).toEqual(
      sends.map((s) => `${s.traceId}/${s.spanId}`).sort(),
    );
  });

  return { receiver: () => receiver, broker: () => running, startPair, nextDestination, publish };
}

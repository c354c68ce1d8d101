import type { ReceivedSpan } from '@otelkit/testing';
import { brokerTestMode, startRabbitMq } from './support/brokers';
import { messagingScenarios } from './support/messaging-scenarios';
import { byName } from './support/propagation-services';

jest.setTimeout(180_000);

const describeBroker = brokerTestMode('rabbitmq-server') === 'run' ? describe : describe.skip;

/** Walks parents within `spans` from `span` up to the root. */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let s = span; s.parentSpanId;) {
    const parent = spans.find((p) => p.spanId === s.parentSpanId);
    if (!parent) break;
    chain.push((s = parent));
  }
  return chain;
}

describeBroker('RabbitMQ (amqplib) with @otelkit/propagators messaging helpers', () => {
  const scenario = messagingScenarios({
    adapter: 'amqp',
    system: 'rabbitmq',
    start: startRabbitMq,
  });

  test('with the amqplib instrumentation also on, the combination stays one sane trace', async () => {
    const destination = scenario.nextDestination();
    const withAmqplib = { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'fs' };
    const { producer } = await scenario.startPair(withAmqplib, destination, withAmqplib);
    await scenario.publish(producer.port, 1);
    const receiver = scenario.receiver();
    const spans = await receiver.waitForSpans(
      (all) =>
        byName(all, `process ${destination}`).length === 1 &&
        all.some((s) => s.serviceName === 'service-b' && s.kindName === 'CLIENT') &&
        all.filter((s) => s.scope.name.includes('amqplib')).length >= 2,
      { timeoutMs: 30_000 },
    );
    const [send] = byName(spans, `send ${destination}`, 'service-a');
    const [processSpan] = byName(spans, `process ${destination}`, 'service-b');
    const amqplibSpans = spans.filter((s) => s.scope.name.includes('amqplib'));
    const amqplibPublish = amqplibSpans.find((s) => s.kindName === 'PRODUCER')!;
    const amqplibConsume = amqplibSpans.find((s) => s.kindName === 'CONSUMER')!;
    // The instrumentation's publish span nests under ours and re-injects its own context into the headers.
    expect(amqplibPublish.parentSpanId).toBe(send.spanId);
    // Our process span runs inside the instrumentation's consume span and links to the message's creation context.
    expect(processSpan.parentSpanId).toBe(amqplibConsume.spanId);
    expect(processSpan.links).toHaveLength(1);
    const linked = spans.find((s) => s.spanId === processSpan.links[0].spanId)!;
    expect(ancestry(spans, linked)).toContain(send);
    // Everything, both services, one trace.
    expect(
      new Set(spans.filter((s) => s.serviceName?.startsWith('service-')).map((s) => s.traceId))
        .size,
    ).toBe(1);
  });
});

import { brokerTestMode, startRabbitMq } from './support/brokers';
import { messagingScenarios } from './support/messaging-scenarios';

jest.setTimeout(180_000);

const describeBroker = brokerTestMode('rabbitmq-server') === 'run' ? describe : describe.skip;

describeBroker('RabbitMQ (amqplib) with @otelkit/propagators messaging helpers', () => {
  messagingScenarios({ adapter: 'amqp', system: 'rabbitmq', start: startRabbitMq });
});

import { brokerTestMode, startRedis } from './support/brokers';
import { messagingScenarios } from './support/messaging-scenarios';

jest.setTimeout(120_000);

const describeBroker = brokerTestMode('redis-server') === 'run' ? describe : describe.skip;

describeBroker('Redis Streams (ioredis) with @otelkit/propagators messaging helpers', () => {
  messagingScenarios({ adapter: 'redis', system: 'redis', start: startRedis });
});

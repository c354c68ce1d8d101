import { resolveProcessorConfig, type BatchProcessorOptions } from '@otelkit/export';

function resolve(env: NodeJS.ProcessEnv, options: BatchProcessorOptions = {}) {
  const warnings: string[] = [];
  return { config: resolveProcessorConfig(options, env, (m) => warnings.push(m)), warnings };
}

test('defaults', () => {
  expect(resolve({}).config).toEqual({
    maxQueueSize: 4096,
    maxQueueBytes: 8 * 1024 * 1024,
    maxExportBatchSize: 512,
    encodedBatchSize: 2048,
    scheduledDelayMillis: 1000,
    exportTimeoutMillis: 30000,
    maxConcurrentExports: 4,
  });
});

test.each([
  ['OTEL_BSP_MAX_QUEUE_SIZE', '1000', 'maxQueueSize', 1000],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '256', 'maxExportBatchSize', 256],
  ['OTEL_BSP_SCHEDULE_DELAY', '0', 'scheduledDelayMillis', 0],
  ['OTEL_BSP_EXPORT_TIMEOUT', '5000', 'exportTimeoutMillis', 5000],
  ['OTELKIT_BSP_MAX_QUEUE_BYTES', '1048576', 'maxQueueBytes', 1048576],
  ['OTELKIT_BSP_MAX_CONCURRENT_EXPORTS', '3', 'maxConcurrentExports', 3],
] as const)('%s=%s sets %s', (name, value, key, expected) => {
  const { config, warnings } = resolve({ [name]: value });
  expect(config[key]).toBe(expected);
  expect(warnings).toEqual([]);
});

test.each([
  ['OTEL_BSP_MAX_QUEUE_SIZE', 'big', 'maxQueueSize', 4096],
  ['OTEL_BSP_MAX_QUEUE_SIZE', '0', 'maxQueueSize', 4096],
  ['OTEL_BSP_SCHEDULE_DELAY', '-1', 'scheduledDelayMillis', 1000],
  ['OTEL_BSP_EXPORT_TIMEOUT', '1.5', 'exportTimeoutMillis', 30000],
  ['OTELKIT_BSP_MAX_QUEUE_BYTES', '10', 'maxQueueBytes', 8 * 1024 * 1024],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '0', 'maxExportBatchSize', 512],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'x', 'encodedBatchSize', 2048],
] as const)('bad %s=%s warns once and uses the default', (name, value, key, expected) => {
  const { config, warnings } = resolve({ [name]: value });
  expect(config[key]).toBe(expected);
  expect(warnings).toEqual([
    expect.stringMatching(new RegExp(`^@otelkit/export: ${name} "${value}"`)),
  ]);
});

test('an option beats its env variable', () => {
  expect(resolve({ OTEL_BSP_MAX_QUEUE_SIZE: '10' }, { maxQueueSize: 20 }).config.maxQueueSize).toBe(
    20,
  );
});

test('a batch larger than the queue is clamped with one line', () => {
  const { config, warnings } = resolve({
    OTEL_BSP_MAX_QUEUE_SIZE: '100',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500',
  });
  expect(config.maxExportBatchSize).toBe(100);
  expect(config.encodedBatchSize).toBe(100);
  expect(warnings).toEqual([
    expect.stringMatching(/maxExportBatchSize 500 exceeds maxQueueSize 100/),
  ]);
});

test.each([
  ['unset', {}, {}, 512, 2048],
  ['set by env', { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '300' }, {}, 300, 300],
  ['set by option', {}, { maxExportBatchSize: 700 }, 700, 700],
  ['unset, queue of 1000', { OTEL_BSP_MAX_QUEUE_SIZE: '1000' }, {}, 512, 1000],
  ['unset, queue of 256', {}, { maxQueueSize: 256 }, 256, 256],
] as const)(
  'batch size %s: %j %j gives %d spans per batch, %d per encoded request',
  (_name, env, options, batch, encoded) => {
    const { config, warnings } = resolve(env, options);
    expect([config.maxExportBatchSize, config.encodedBatchSize]).toEqual([batch, encoded]);
    // The default follows the queue quietly; only a size someone set is worth a line.
    expect(warnings).toEqual([]);
  },
);

test.each([{ maxQueueSize: 0 }, { maxExportBatchSize: 1.5 }, { scheduledDelayMillis: -1 }])(
  'bad option %j throws',
  (options) => {
    expect(() => resolve({}, options)).toThrow(/^@otelkit\/export: option \w+ must be an integer/);
  },
);

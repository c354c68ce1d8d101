import { processorEnv, resolveProcessorConfig, type BatchProcessorOptions } from '@otelkit/export';

const resolve = (env: Record<string, string>, options: BatchProcessorOptions = {}) =>
  resolveProcessorConfig(options, env);

test('defaults', () => {
  expect(resolve({})).toEqual({
    config: {
      maxQueueSize: 4096,
      // 8 MiB / 200 bytes: the byte bound, not the count, limits the encoded queue.
      encodedQueueSize: 41943,
      maxQueueBytes: 8 * 1024 * 1024,
      maxExportBatchSize: 512,
      encodedBatchSize: 2048,
      scheduledDelayMillis: 1000,
      exportTimeoutMillis: 30000,
      maxConcurrentExports: 4,
    },
    problems: [],
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
  const { config, problems } = resolve({ [name]: value });
  expect(config[key]).toBe(expected);
  expect(problems).toEqual([]);
});

test.each([
  ['OTEL_BSP_MAX_QUEUE_SIZE', 'big', 'maxQueueSize', 4096, 'is not a whole number; using 4096'],
  ['OTEL_BSP_MAX_QUEUE_SIZE', '0', 'maxQueueSize', 4096, 'is below the minimum 1; using 4096'],
  ['OTEL_BSP_SCHEDULE_DELAY', '-1', 'scheduledDelayMillis', 1000, 'is below the minimum 0'],
  ['OTEL_BSP_EXPORT_TIMEOUT', '1.5', 'exportTimeoutMillis', 30000, 'is not a whole number'],
  [
    'OTELKIT_BSP_MAX_QUEUE_BYTES',
    '10',
    'maxQueueBytes',
    8 * 1024 * 1024,
    'is below the minimum 1024',
  ],
  [
    'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
    '0',
    'maxExportBatchSize',
    512,
    'using the default (512, or 2048',
  ],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'x', 'encodedBatchSize', 2048, 'is not a whole number'],
] as const)('bad %s=%s: one line, the default', (name, value, key, expected, why) => {
  const { config, problems } = resolve({ [name]: value });
  expect(config[key]).toBe(expected);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(new RegExp(`^${name}="${value}" `));
  expect(problems[0]).toContain(why);
});

test('an option beats its env variable', () => {
  expect(resolve({ OTEL_BSP_MAX_QUEUE_SIZE: '10' }, { maxQueueSize: 20 }).config.maxQueueSize).toBe(
    20,
  );
});

test.each([
  [
    'env',
    { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500' },
    {},
    'OTEL_BSP_MAX_EXPORT_BATCH_SIZE="500"',
  ],
  ['code', {}, { maxQueueSize: 100, maxExportBatchSize: 500 }, 'maxExportBatchSize="500"'],
] as const)(
  'a batch larger than the queue (%s) is clamped with one line',
  (_how, env, options, start) => {
    const { config, problems } = resolve(env, options);
    expect(config.maxExportBatchSize).toBe(100);
    expect(config.encodedBatchSize).toBe(100);
    expect(problems).toEqual([`${start} is above the queue size 100; using 100`]);
  },
);

test.each([
  ['unset: sized from the 8 MiB byte bound', {}, {}, 4096, 41943],
  [
    'unset, 1 MiB of bytes: never below the count default',
    { OTELKIT_BSP_MAX_QUEUE_BYTES: '1048576' },
    {},
    4096,
    5242,
  ],
  ['unset, 64 KiB of bytes', { OTELKIT_BSP_MAX_QUEUE_BYTES: '65536' }, {}, 4096, 4096],
  [
    'unset, 1 GiB of bytes: capped at the maximum',
    {},
    { maxQueueBytes: 1024 ** 3 },
    4096,
    1_000_000,
  ],
  ['set by env', { OTEL_BSP_MAX_QUEUE_SIZE: '1000' }, {}, 1000, 1000],
  ['set by option', {}, { maxQueueSize: 20_000 }, 20_000, 20_000],
  ['set by env to the old default', { OTEL_BSP_MAX_QUEUE_SIZE: '4096' }, {}, 4096, 4096],
  [
    'set by env, invalid: the documented count default',
    { OTEL_BSP_MAX_QUEUE_SIZE: 'big' },
    {},
    4096,
    4096,
  ],
] as const)(
  'queue size %s: %j %j holds %d SDK spans (batch path), %d encoded spans',
  (_name, env, options, batchPath, encodedPath) => {
    const { config } = resolve(env, options);
    expect([config.maxQueueSize, config.encodedQueueSize]).toEqual([batchPath, encodedPath]);
  },
);

test.each([
  ['unset', {}, {}, 512, 2048],
  ['set by env', { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '300' }, {}, 300, 300],
  ['set by option', {}, { maxExportBatchSize: 700 }, 700, 700],
  ['unset, queue of 1000', { OTEL_BSP_MAX_QUEUE_SIZE: '1000' }, {}, 512, 1000],
  ['unset, queue of 256', {}, { maxQueueSize: 256 }, 256, 256],
] as const)(
  'batch size %s: %j %j gives %d spans per batch, %d per encoded request',
  (_name, env, options, batch, encoded) => {
    const { config, problems } = resolve(env, options);
    expect([config.maxExportBatchSize, config.encodedBatchSize]).toEqual([batch, encoded]);
    // The default follows the queue quietly; only a size someone set is worth a line.
    expect(problems).toEqual([]);
  },
);

test.each([
  [
    { maxQueueSize: 0 },
    /^@otelkit\/export: option maxQueueSize is 0; expected a whole number from 1 to 1000000$/,
  ],
  [
    { maxQueueSize: 5e7 },
    /option maxQueueSize is 50000000; expected a whole number from 1 to 1000000/,
  ],
  [{ maxExportBatchSize: 1.5 }, /option maxExportBatchSize is 1\.5; expected a whole number/],
  [
    { scheduledDelayMillis: -1 },
    /option scheduledDelayMillis is -1; expected a whole number from 0 to 600000/,
  ],
  [
    { exportTimeoutMillis: 2 ** 31 },
    /option exportTimeoutMillis is 2147483648; expected a whole number from 1 to 600000/,
  ],
  [
    { maxQueueBytes: Infinity },
    /option maxQueueBytes is Infinity; expected a whole number from 1024 to 1073741824/,
  ],
  [
    { maxConcurrentExports: '2' },
    /option maxConcurrentExports is "2"; expected a whole number from 1 to 64/,
  ],
])('bad option %j throws a TypeError naming it', (options, message) => {
  const attempt = () => resolve({}, options as BatchProcessorOptions);
  expect(attempt).toThrow(TypeError);
  expect(attempt).toThrow(message);
});

/**
 * Every variable through the same hostile values: a usable value (above the maximum: the maximum; garbage, below
 * the minimum: the default), and at most one short line that names the variable.
 */
const HUGE = '9'.repeat(100 * 1024);
type Key = keyof typeof processorEnv;
const keys = Object.keys(processorEnv) as Key[];

describe.each(keys)('%s', (key) => {
  const spec = processorEnv[key];
  // The batch size is clamped to the queue (4096 by default) after its own range.
  const top = key === 'maxExportBatchSize' ? 4096 : spec.max;
  test.each<[string, string, number, number]>([
    ['unset', '', spec.fallback, 0],
    ['empty', '  ', spec.fallback, 0],
    ['garbage', 'lots', spec.fallback, 1],
    ['negative', '-5', spec.fallback, 1],
    ['1.5e308', '1.5e308', top, 1],
    [
      '50000000',
      '50000000',
      Math.min(50_000_000, top),
      50_000_000 > spec.max || key === 'maxExportBatchSize' ? 1 : 0,
    ],
    // Digits beyond any double: Infinity, not a number.
    ['100 KB', HUGE, spec.fallback, 1],
  ])('%s', (_label, value, expected, lines) => {
    const { config, problems } = resolve({ [spec.env]: value });
    expect(config[key]).toBe(expected);
    expect(problems).toHaveLength(lines);
    for (const line of problems) {
      expect(line.startsWith(`${spec.env}=`)).toBe(true);
      expect(line.length).toBeLessThanOrEqual(1000);
    }
  });
});

import { diag } from '@opentelemetry/api';
import { createDiagnostics } from '@otelkit/core';
import { bridgeOtelDiag } from '../../src/diag/otel-diag-bridge';

function bridged(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const diagnostics = createDiagnostics({
    prefix: '@otelkit/node',
    level,
    write: (line) => lines.push(line),
  });
  bridgeOtelDiag(diagnostics, level);
  return lines;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

afterEach(() => diag.disable());

describe('the OpenTelemetry diag bridge', () => {
  test.each<[string, (i: number) => void]>([
    [
      'a late setAttribute on 1,000 distinct traces',
      (i) =>
        diag.warn(
          `Can not execute the operation on ended Span {traceId: ${hex(i, 32)}, spanId: ${hex(i, 16)}}`,
        ),
    ],
    [
      'a double end() on 1,000 distinct traces',
      (i) =>
        diag.error(
          `GET /orders/${i} ${hex(i, 32)}-${hex(i, 16)} - You can only call end() on a span once.`,
        ),
    ],
  ])('%s prints one line: repeats are keyed on the message shape', (_what, warn) => {
    const lines = bridged();
    for (let i = 1; i <= 1000; i++) warn(i);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^@otelkit\/node: OpenTelemetry: /);
  });

  test('different upstream problems still get a line each', () => {
    const lines = bridged();
    diag.warn(
      'Can not execute the operation on ended Span {traceId: 0af7651916cd43dd8448eb211c80319c}',
    );
    diag.error('Exporter failed: connection refused');
    expect(lines).toHaveLength(2);
  });

  test.each([
    ['@opentelemetry/instrumentation-express', 'express'],
    ['@opentelemetry/instrumentation-http', 'http'],
    ['@opentelemetry/instrumentation-router', 'router'],
  ])(
    'upstream\'s "Module … has been loaded before %s" is folded into otelkit\'s own too-early line (debug only)',
    (instrumentation, library) => {
      const message = `Module ${library} has been loaded before ${instrumentation} so it might not work, please initialize it before requiring ${library}`;
      const quiet = bridged('info');
      diag.createComponentLogger({ namespace: instrumentation }).warn(message);
      expect(quiet).toEqual([]);
      diag.disable();
      const loud = bridged('debug');
      diag.createComponentLogger({ namespace: instrumentation }).warn(message);
      expect(loud).toContain(`@otelkit/node: OpenTelemetry: ${instrumentation} ${message}`);
    },
  );

  test('upstream info is shown at debug only', () => {
    const quiet = bridged('info');
    diag.info('hello');
    expect(quiet).toEqual([]);
    diag.disable();
    const loud = bridged('debug');
    diag.info('hello');
    expect(loud).toContain('@otelkit/node: OpenTelemetry: hello');
  });
});

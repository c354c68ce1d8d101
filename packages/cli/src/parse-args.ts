import { parseArgs } from 'node:util';
import { MAX_SPANS_RANGE } from './validate-options';
import type { ViewerOptions } from './types';

export const USAGE = `Usage: otelkit view [--port 4318] [--ui-port 16686] [--host 127.0.0.1] [--max-spans 50000]

  --port       OTLP/HTTP port apps export to (0 = any free port)       default 4318
  --ui-port    web UI port (0 = any free port)                          default 16686
  --host       interface for both; anything but loopback exposes spans  default 127.0.0.1
  --max-spans  spans kept in memory; the oldest traces are evicted      default 50000`;

export type Command =
  { kind: 'view'; options: ViewerOptions } | { kind: 'help' } | { kind: 'error'; message: string };

function integer(flag: string, value: string | undefined, min: number, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new Error(
      `--${flag} ${JSON.stringify(value)} is not a whole number from ${min} to ${max}`,
    );
  return n;
}

/** `otelkit <argv>` → what to do; never throws. */
export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { kind: 'help' };
  if (command !== 'view') return { kind: 'error', message: `unknown command "${command}"` };
  try {
    const { values } = parseArgs({
      args: [...rest],
      options: {
        port: { type: 'string' },
        'ui-port': { type: 'string' },
        host: { type: 'string' },
        'max-spans': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: 'help' };
    if (values.host !== undefined && values.host.trim() === '') throw new Error('--host is empty');
    return {
      kind: 'view',
      options: {
        port: integer('port', values.port, 0, 65535),
        uiPort: integer('ui-port', values['ui-port'], 0, 65535),
        host: values.host,
        maxSpans: integer(
          'max-spans',
          values['max-spans'],
          MAX_SPANS_RANGE.min,
          MAX_SPANS_RANGE.max,
        ),
      },
    };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}

import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { Diagnostics } from '../internal-types';
import type { LogLevel } from '../types';

const levels: Record<LogLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * Routes OpenTelemetry's internal diag output through our diagnostics, so it carries the prefix and a repeating upstream
 * error (one per failed export, say) is printed once per interval instead of once per batch. Upstream info is noise for
 * app owners, so at our default `info` level only its warnings and errors pass.
 */
export function bridgeOtelDiag(diagnostics: Diagnostics, level: LogLevel): void {
  const keyed = (args: unknown[]) => {
    const text = args.map(render).join(' ');
    return { key: `otel:${text.slice(0, 60)}`, text: `OpenTelemetry: ${text}` };
  };
  const warn = (...args: unknown[]) => {
    const { key, text } = keyed(args);
    diagnostics.warnOnce(key, text);
  };
  const logger: DiagLogger = {
    error: warn,
    warn,
    info: (...args) => diagnostics.debug(keyed(args).text),
    debug: (...args) => diagnostics.debug(keyed(args).text),
    verbose: (...args) => diagnostics.debug(keyed(args).text),
  };
  diag.setLogger(logger, {
    logLevel: levels[level] ?? DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
}

/** Messages, not stacks: a stack per failed export is exactly the noise this bridge exists to prevent. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { messageShape, type Diagnostics } from '@otelkit/core';
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
  const text = (args: unknown[]) => `OpenTelemetry: ${args.map(render).join(' ')}`;
  const warn = (...args: unknown[]) => {
    const line = text(args);
    // otelkit's own start-up line already names every library loaded too early, in one line.
    if (isPreloadWarning(args)) return diagnostics.debug(line);
    diagnostics.warnOnce(otelKey('otel', line), line);
  };
  const debug = (...args: unknown[]) => diagnostics.debug(text(args));
  const logger: DiagLogger = { error: warn, warn, info: debug, debug, verbose: debug };
  diag.setLogger(logger, {
    logLevel: levels[level] ?? DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
}

/**
 * Upstream's "Module express has been loaded before @opentelemetry/instrumentation-express so it might not work",
 * one line per instrumentation (a component logger puts the instrumentation's name first).
 */
export function isPreloadWarning(args: readonly unknown[]): boolean {
  for (const arg of args) {
    if (
      typeof arg === 'string' &&
      arg.startsWith('Module ') &&
      arg.includes(' has been loaded before ')
    )
      return true;
  }
  return false;
}

/**
 * The repeat-limit key of an upstream message: its shape, not its text. Upstream puts the trace id in messages such as
 * "Can not execute the operation on ended Span {traceId: …}", so keyed on the text a late `setAttribute` in a request
 * handler printed a line per request and grew the key map per trace.
 */
export function otelKey(kind: string, message: string): string {
  return `${kind}:${messageShape(message)}`;
}

/** Messages, not stacks: a stack per failed export is exactly the noise this bridge exists to prevent. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

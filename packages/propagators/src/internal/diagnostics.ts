import { diag } from '@opentelemetry/api';
import type { WarnFunction } from '../types';

export const PACKAGE_NAME = '@otelkit/propagators';

/** Repeating events (e.g. a carrier that is full) warn at most once per key per interval. */
const REPEAT_INTERVAL_MS = 60_000;
const LAST_WARNED: Map<string, number> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('otelkit.propagators.lastWarned')
] ??= new Map<string, number>()) as Map<string, number>;

export function prefixed(message: string): string {
  return `${PACKAGE_NAME}: ${message}`;
}

export const defaultWarn: WarnFunction = (message) => diag.warn(message);

export function warnRepeating(
  key: string,
  message: string,
  warn: WarnFunction = defaultWarn,
): void {
  const now = Date.now();
  const last = LAST_WARNED.get(key);
  if (last !== undefined && now - last < REPEAT_INTERVAL_MS) return;
  LAST_WARNED.set(key, now);
  warn(prefixed(message));
}

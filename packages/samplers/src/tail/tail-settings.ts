import { fail } from '../config-error';
import type { TailSamplingConfig } from '../types';

/** Tail sampling limits with defaults applied and validated. */
export interface TailSettings {
  readonly graceMs: number;
  readonly maxTraces: number;
  readonly maxSpans: number;
  readonly maxDecisions: number;
  readonly maxTraceAgeMs: number;
}

export const TAIL_DEFAULTS: TailSettings = Object.freeze({
  graceMs: 1000,
  maxTraces: 10_000,
  maxSpans: 20_000,
  maxDecisions: 20_000,
  maxTraceAgeMs: 60_000,
});

/** Applies defaults; throws a clear Error on a value that is not a usable number. */
export function tailSettings(config: TailSamplingConfig): TailSettings {
  if (config === null || typeof config !== 'object') fail('tail', config, '{ policies, ... }');
  return {
    graceMs: number(config.graceMs, 'graceMs', TAIL_DEFAULTS.graceMs, 0),
    maxTraces: number(config.maxTraces, 'maxTraces', TAIL_DEFAULTS.maxTraces, 1),
    maxSpans: number(config.maxSpans, 'maxSpans', TAIL_DEFAULTS.maxSpans, 1),
    maxDecisions: number(config.maxDecisions, 'maxDecisions', TAIL_DEFAULTS.maxDecisions, 1),
    maxTraceAgeMs: number(config.maxTraceAgeMs, 'maxTraceAgeMs', TAIL_DEFAULTS.maxTraceAgeMs, 1),
  };
}

function number(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    fail(`tail.${name}`, value, `a number >= ${min}`);
  return value;
}

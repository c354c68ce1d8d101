import type { Clock, ComposableSampler } from '../internal-types';
import type { RuleAction } from '../types';
import { thresholdForProbability } from '../consistent/make-threshold';
import { alwaysOff } from '../composite/intents';
import { ratioSampler } from '../composite/ratio';
import { RateLimitSampler } from '../composite/rate-limit';
import { checkNumberOption } from '@otelkit/core';
import { fail, PACKAGE } from '../config-error';

/** Turns a rule action (or a bare ratio) into a composable sampler. Throws on invalid values. */
export function compileAction(
  action: number | RuleAction,
  what: string,
  precision: number | undefined,
  clock?: Clock,
): ComposableSampler {
  const a: RuleAction = typeof action === 'number' ? { ratio: action } : action;
  if (a === null || typeof a !== 'object') fail(what, a, 'a ratio or { ratio, drop, limit }');
  if (a.drop === true) {
    if (a.ratio !== undefined || a.limit !== undefined)
      fail(`${what}.drop`, true, 'alone: drop cannot be combined with ratio or limit');
    return alwaysOff;
  }
  const ratio = a.ratio ?? 1;
  checkRatio(ratio, `${what}.ratio`);
  if (a.limit === undefined) return ratioSampler(ratio, precision);
  checkPositive(a.limit, `${what}.limit`);
  const burst = a.burst ?? Math.max(1, a.limit);
  checkPositive(burst, `${what}.burst`);
  if (ratio === 0) return ratioSampler(0);
  return new RateLimitSampler({
    perSecond: a.limit,
    burst,
    floor: thresholdForProbability(ratio, precision),
    clock,
  });
}

/** `option` names the ratio in the error, e.g. `rules[0].ratio`. */
export function checkRatio(ratio: unknown, option: string): asserts ratio is number {
  if (typeof ratio !== 'number' || !(ratio === 0 || (ratio >= 2 ** -56 && ratio <= 1)))
    fail(option, ratio, 'a number in [0, 1] (0, or at least 2^-56)');
}

/** Hex digits of `th`: 1 to 14 (the spec recommends 4). */
export function checkPrecision(precision: unknown): void {
  checkNumberOption(PACKAGE, 'precision', precision, { min: 1, max: 14, integer: true });
}

export function checkPositive(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(option, value, 'a positive number');
}

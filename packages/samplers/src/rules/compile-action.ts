import type { Clock, ComposableSampler } from '../internal-types';
import type { RuleAction } from '../types';
import { thresholdForProbability } from '../consistent/make-threshold';
import { alwaysOff } from '../composite/intents';
import { ratioSampler } from '../composite/ratio';
import { RateLimitSampler } from '../composite/rate-limit';

/** Turns a rule action (or a bare ratio) into a composable sampler. Throws on invalid values. */
export function compileAction(
  action: number | RuleAction,
  what: string,
  precision: number | undefined,
  clock?: Clock,
): ComposableSampler {
  const a: RuleAction = typeof action === 'number' ? { ratio: action } : action;
  if (a === null || typeof a !== 'object')
    throw new Error(`${what}: expected a ratio or { ratio, drop, limit }`);
  if (a.drop === true) {
    if (a.ratio !== undefined || a.limit !== undefined)
      throw new Error(`${what}: drop cannot be combined with ratio or limit`);
    return alwaysOff;
  }
  const ratio = a.ratio ?? 1;
  checkRatio(ratio, what);
  if (a.limit === undefined) return ratioSampler(ratio, precision);
  checkPositive(a.limit, `${what}: limit`);
  const burst = a.burst ?? Math.max(1, a.limit);
  checkPositive(burst, `${what}: burst`);
  if (ratio === 0) return ratioSampler(0);
  return new RateLimitSampler({
    perSecond: a.limit,
    burst,
    floor: thresholdForProbability(ratio, precision),
    clock,
  });
}

export function checkRatio(ratio: unknown, what: string): asserts ratio is number {
  if (typeof ratio !== 'number' || !(ratio === 0 || (ratio >= 2 ** -56 && ratio <= 1))) {
    throw new Error(`${what}: ratio ${JSON.stringify(ratio)} is not a number in [0, 1]`);
  }
}

export function checkPositive(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${what} ${JSON.stringify(value)} is not a positive number`);
  }
}

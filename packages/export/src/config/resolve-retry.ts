import type { RetrySettings } from '../internal-types';
import type { RetryOptions } from '../types';
import { checkInteger, PREFIX } from './env-reader';

export const retryDefaults: RetrySettings = {
  maxAttempts: 5,
  initialBackoffMillis: 1000,
  maxBackoffMillis: 5000,
  multiplier: 1.5,
};

/** The `retry` option over the defaults; a bad value throws the clear Error a code option deserves. */
export function resolveRetry(retry: RetryOptions | undefined): RetrySettings {
  checkInteger('retry.maxAttempts', retry?.maxAttempts, 1);
  checkInteger('retry.initialBackoffMillis', retry?.initialBackoffMillis, 0);
  checkInteger('retry.maxBackoffMillis', retry?.maxBackoffMillis, 0);
  const multiplier = retry?.multiplier;
  if (multiplier !== undefined && !(multiplier >= 1)) {
    throw new Error(`${PREFIX}: option retry.multiplier must be a number >= 1, got ${multiplier}`);
  }
  return { ...retryDefaults, ...retry };
}

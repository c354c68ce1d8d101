import { checkNumberOption, optionError } from '@otelkit/core';
import { PREFIX } from '../prefix';
import type { RetryOptions, RetrySettings } from '../types';
import { MAX_DELAY_MILLIS } from './limits';

export const retryDefaults: RetrySettings = {
  maxAttempts: 5,
  initialBackoffMillis: 1000,
  maxBackoffMillis: 5000,
  multiplier: 1.5,
};

/** Code-only settings (no env variable): their ranges, checked at construction. */
export const retryRanges = {
  maxAttempts: { min: 1, max: 100, integer: true },
  initialBackoffMillis: { min: 0, max: MAX_DELAY_MILLIS, integer: true },
  maxBackoffMillis: { min: 0, max: MAX_DELAY_MILLIS, integer: true },
  multiplier: { min: 1, max: 100 },
} as const;

/** The `retry` option over the defaults; a bad value throws optionError naming it. */
export function resolveRetry(retry: RetryOptions | undefined): RetrySettings {
  if (retry === undefined) return { ...retryDefaults };
  if (typeof retry !== 'object' || retry === null)
    throw optionError(PREFIX, 'retry', retry, 'an object');
  for (const key of Object.keys(retryRanges) as Array<keyof typeof retryRanges>) {
    checkNumberOption(PREFIX, `retry.${key}`, retry[key], retryRanges[key]);
  }
  return {
    maxAttempts: retry.maxAttempts ?? retryDefaults.maxAttempts,
    initialBackoffMillis: retry.initialBackoffMillis ?? retryDefaults.initialBackoffMillis,
    maxBackoffMillis: retry.maxBackoffMillis ?? retryDefaults.maxBackoffMillis,
    multiplier: retry.multiplier ?? retryDefaults.multiplier,
  };
}

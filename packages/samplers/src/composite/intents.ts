import type { ComposableSampler, SamplingIntent } from '../internal-types';
import { ALWAYS_THRESHOLD } from '../consistent/make-threshold';

/** Sampled with a known probability of 1. */
export const ALWAYS: SamplingIntent = Object.freeze({
  threshold: ALWAYS_THRESHOLD,
  reliable: true,
});
/** Sampled, probability unknown (e.g. a sampled parent without `th`). */
export const ALWAYS_UNKNOWN: SamplingIntent = Object.freeze({
  threshold: ALWAYS_THRESHOLD,
  reliable: false,
});
/** Not sampled, but recorded when tail sampling asks for unsampled spans. */
export const NOT_SAMPLED: SamplingIntent = Object.freeze({ threshold: undefined, reliable: false });
/** Not sampled and never recorded. */
export const DROPPED: SamplingIntent = Object.freeze({
  threshold: undefined,
  reliable: false,
  hardDrop: true,
});

export const alwaysOn: ComposableSampler = { intent: () => ALWAYS, toString: () => 'AlwaysOn' };
export const alwaysOff: ComposableSampler = { intent: () => DROPPED, toString: () => 'AlwaysOff' };

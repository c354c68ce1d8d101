import type {
  Clock,
  ComposableSampler,
  SamplingIntent,
  SamplingParams,
  Threshold,
} from '../internal-types';
import { ALWAYS_THRESHOLD, makeThreshold, stricter } from '../consistent/make-threshold';
import { MAX_ADJUSTED_COUNT } from '../consistent/threshold';
import { NOT_SAMPLED } from './intents';
import { meets } from './meets';
import { TokenBucket, monotonicClock } from './token-bucket';

export interface RateLimitSettings {
  perSecond: number;
  burst: number;
  /** Probability applied before the limit (1 when the rule only limits). */
  floor?: Threshold;
  clock?: Clock;
}

const WINDOW_MS = 1000;
const MAX_HALVINGS = 40;

/**
 * At most `perSecond` traces a second (plus `burst`), consistently: from the arrival rate of the previous
 * second it picks the power-of-two probability that brings the expected rate under the limit and samples
 * with that threshold, so kept spans carry a `th` whose adjusted count estimates the real traffic. The token
 * bucket is the hard cap on top (bursts within a second, the first second); spans it rejects are simply not
 * sampled, which the docs describe as the one case where adjusted counts under-estimate.
 */
export class RateLimitSampler implements ComposableSampler {
  private readonly _bucket: TokenBucket;
  private readonly _perSecond: number;
  private readonly _floor: Threshold;
  private readonly _now: Clock;
  private readonly _intents: SamplingIntent[] = [];
  private _windowStart: number;
  private _arrivals = 0;
  private _current: SamplingIntent;

  constructor(settings: RateLimitSettings) {
    this._now = settings.clock ?? monotonicClock;
    this._perSecond = settings.perSecond;
    this._floor = settings.floor ?? ALWAYS_THRESHOLD;
    this._bucket = new TokenBucket(settings.perSecond, settings.burst, this._now);
    this._windowStart = this._now();
    this._current = this._intentFor(0);
  }

  intent(params: SamplingParams): SamplingIntent {
    this._count();
    const intent = this._current;
    if (!meets(params, intent.threshold!)) return intent;
    return this._bucket.take() ? intent : NOT_SAMPLED;
  }

  toString(): string {
    return `RateLimited{${this._perSecond}/s, floor=${this._floor.encoded}}`;
  }

  private _count(): void {
    this._arrivals++;
    const now = this._now();
    const elapsed = now - this._windowStart;
    if (elapsed < WINDOW_MS) return;
    const rate = (this._arrivals * 1000) / elapsed;
    const halvings = rate > this._perSecond ? Math.ceil(Math.log2(rate / this._perSecond)) : 0;
    this._current = this._intentFor(Math.min(halvings, MAX_HALVINGS));
    this._windowStart = now;
    this._arrivals = 0;
  }

  /** Probability 2^-k: threshold 2^56 - 2^(56-k), exact at any precision (`8`, `c`, `e`, `f`, `f8`, ...). */
  private _intentFor(halvings: number): SamplingIntent {
    let intent = this._intents[halvings];
    if (intent === undefined) {
      const limit = makeThreshold(MAX_ADJUSTED_COUNT - (MAX_ADJUSTED_COUNT >> BigInt(halvings)));
      intent = Object.freeze({ threshold: stricter(limit, this._floor), reliable: true });
      this._intents[halvings] = intent;
    }
    return intent;
  }
}

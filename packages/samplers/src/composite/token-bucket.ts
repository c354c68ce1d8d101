import type { Clock } from '../internal-types';

/** Classic token bucket: `perSecond` tokens a second, at most `burst` saved up; starts full. */
export class TokenBucket {
  private readonly _perMs: number;
  private readonly _burst: number;
  private readonly _now: Clock;
  private _tokens: number;
  private _last: number;

  constructor(perSecond: number, burst: number, now: Clock) {
    this._perMs = perSecond / 1000;
    this._burst = burst;
    this._now = now;
    this._tokens = burst;
    this._last = now();
  }

  /** Takes one token if available. */
  take(): boolean {
    const now = this._now();
    if (now > this._last) {
      this._tokens = Math.min(this._burst, this._tokens + (now - this._last) * this._perMs);
      this._last = now;
    }
    if (this._tokens < 1) return false;
    this._tokens -= 1;
    return true;
  }
}

export const monotonicClock: Clock = () => performance.now();

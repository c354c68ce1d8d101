/** A bearer token and when it stops being good, on this process's clock. */
export interface Token {
  value: string;
  expiresAt: number;
  /** When it was fetched: how long it lives sets how early it is renewed. */
  fetchedAt: number;
}

/** Renewed at most this long before expiry (a one-hour Google ID token: at 55 minutes). */
const MAX_LEAD_MILLIS = 5 * 60_000;
/** Used no closer to expiry than this (a tenth of its life for short-lived ones): it must still be good on arrival. */
const MAX_MARGIN_MILLIS = 30_000;
/** setTimeout's ceiling. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1;
/** Least wait before retrying a failed background refresh. */
const MIN_RETRY_MILLIS = 1000;

/**
 * A token fetched once for every export, renewed in the background (an unref'd timer) a quarter of its life, at most
 * five minutes, before it expires, so that exports do not wait for it. Concurrent callers share one fetch. A failed
 * background renewal is retried while the held token is still good; past that, the next export's own fetch says why.
 */
export class RefreshingToken {
  private current: Token | undefined;
  private fetching: Promise<Token> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly fetch: () => Promise<Token>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the first fetch now, before any export needs it. */
  prefetch(): void {
    this.refresh().catch(() => undefined);
  }

  /** A good token: the held one, or a fresh one (shared with any fetch in progress). */
  get(): Promise<Token> {
    const token = this.current;
    if (token !== undefined && this.now() < token.expiresAt - margin(token))
      return Promise.resolve(token);
    return this.refresh();
  }

  peek(): Token | undefined {
    return this.current;
  }

  /** The collector refused `token`: unless a newer one replaced it already, the next get() fetches. */
  refused(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private refresh(): Promise<Token> {
    this.fetching ??= this.fetch().then(
      (token) => {
        this.fetching = undefined;
        this.current = token;
        const life = token.expiresAt - token.fetchedAt;
        this.schedule(life - Math.min(life / 4, MAX_LEAD_MILLIS));
        return token;
      },
      (error: unknown) => {
        this.fetching = undefined;
        const held = this.current;
        const left = held === undefined ? 0 : held.expiresAt - this.now();
        if (left > 0) this.schedule(Math.max(MIN_RETRY_MILLIS, Math.min(left / 4, 30_000)));
        throw error;
      },
    );
    return this.fetching;
  }

  private schedule(delay: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => void this.refresh().catch(() => undefined),
      Math.min(Math.max(0, delay), MAX_TIMER_MILLIS),
    );
    this.timer.unref();
  }
}

function margin(token: Token): number {
  return Math.min((token.expiresAt - token.fetchedAt) / 10, MAX_MARGIN_MILLIS);
}

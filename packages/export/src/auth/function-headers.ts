import { cut } from '@otelkit/core';
import { MAX_DELAY_MILLIS } from '../config/limits';
import type { OtlpHeadersFunction } from '../types';
import type { AuthContext } from './auth-context';
import { CredentialError, HEADER_NAME, HEADER_SAFE, type HeaderSource } from './header-source';

/** Most headers one answer may carry: more is a bug, and each value is kept as a secret. */
const MAX_HEADERS = 64;

/**
 * The `headers` option as a function: called before each attempt (its context says which, and whether the collector
 * just refused the last answer), its answer reused for its `ttlMillis`. Whatever the function does (throw, reject,
 * hang, answer nonsense) becomes a CredentialError for that attempt, never an exception in the app.
 */
export class FunctionHeaders implements HeaderSource {
  private cached: { headers: Record<string, string>; until: number } | undefined;
  private last: Record<string, string> | undefined;
  private refresh = false;

  constructor(
    private readonly fn: OtlpHeadersFunction,
    private readonly auth: AuthContext,
  ) {}

  async headers(attempt: number): Promise<Record<string, string>> {
    const cached = this.cached;
    if (cached !== undefined && this.auth.now() < cached.until) return cached.headers;
    const refresh = this.refresh;
    this.refresh = false;
    const answer = await this.call(attempt, refresh);
    const { headers, ttlMillis } = shapeOf(answer);
    this.auth.diagnostics.addSecrets(Object.values(headers), true);
    this.last = headers;
    this.cached = ttlMillis > 0 ? { headers, until: this.auth.now() + ttlMillis } : undefined;
    return headers;
  }

  latest(): Record<string, string> | undefined {
    return this.last;
  }

  refused(used: Record<string, string>): void {
    if (used !== this.last) return;
    this.cached = undefined;
    this.refresh = true;
  }

  close(): void {}

  private call(attempt: number, refresh: boolean): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const limit = this.auth.timeoutMillis;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CredentialError(`the headers function gave no answer within ${limit} ms`)),
        limit,
      );
      timer.unref();
    });
    // A synchronous throw becomes a rejection; a late rejection after the timeout is handled by the race.
    const called = Promise.resolve().then(() => this.fn({ attempt, refresh }));
    return Promise.race([called, timeout])
      .catch((error: unknown) => {
        if (error instanceof CredentialError) throw error;
        throw new CredentialError(
          `the headers function threw ${describeThrown(error)} (its message not shown)`,
        );
      })
      .finally(() => clearTimeout(timer));
  }
}

/** `{ headers, ttlMillis }` or plain headers, checked: names lower-cased, every value a string a header can carry. */
function shapeOf(answer: unknown): { headers: Record<string, string>; ttlMillis: number } {
  const wrapped =
    isObject(answer) && isObject(answer.headers) && typeof answer.ttlMillis === 'number';
  const record = wrapped ? (answer.headers as Record<string, unknown>) : answer;
  if (!isObject(record))
    throw new CredentialError(
      `the headers function returned ${kindOf(record)}, not an object of header values`,
    );
  const entries = Object.entries(record);
  if (entries.length > MAX_HEADERS)
    throw new CredentialError(
      `the headers function returned ${entries.length} headers (at most ${MAX_HEADERS})`,
    );
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    // The name may be shown (it says which header is wrong), cut; the value never.
    if (!HEADER_NAME.test(name))
      throw new CredentialError(
        `the headers function returned an invalid header name (${JSON.stringify(cut(name, 40))})`,
      );
    if (typeof value !== 'string' || !HEADER_SAFE.test(value))
      throw new CredentialError(
        `the headers function returned header ${name} with a value that is not header text`,
      );
    headers[name.toLowerCase()] = value;
  }
  const ttl = wrapped ? (answer as { ttlMillis: number }).ttlMillis : 0;
  return {
    headers,
    ttlMillis: Number.isFinite(ttl) ? Math.min(Math.max(0, ttl), MAX_DELAY_MILLIS) : 0,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The thrown thing's class and error code, never its message: the function is the app's own code, and what it threw
 * may quote the credential it was fetching (a message is the app's to log, with its own redaction).
 */
function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return `a value of type ${typeof error}`;
  const code = (error as NodeJS.ErrnoException).code;
  const name = /^\w{1,40}$/.test(error.name) ? error.name : 'Error';
  return typeof code === 'string' && /^\w{1,40}$/.test(code) ? `${name} (${code})` : name;
}

/**
 * Where an export attempt's changing headers come from (a headers function, a credential provider): the seam the
 * exporter calls before each attempt.
 */
export interface HeaderSource {
  /** The headers for one attempt (1 = the export's first). Rejects with a CredentialError, whose text is printable. */
  headers(attempt: number): Promise<Record<string, string>>;
  /** The last headers handed out, for the exit's synchronous send (which cannot wait for a refresh). */
  latest(): Record<string, string> | undefined;
  /** The collector refused `used` (401/403): the next call fetches fresh ones instead of reusing them. */
  refused(used: Record<string, string>): void;
  /** Stops background refreshes. */
  close(): void;
}

/**
 * Credentials could not be had for an attempt. The message names the cause and never a token, a secret or an answer
 * body; `code` becomes the export's `error.type`.
 */
export class CredentialError extends Error {
  readonly code = 'credentials';

  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

/** Header values that http.request accepts: no CR, LF or NUL (a header injection or a thrown request otherwise). */
export const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** RFC 9110 token characters: what a header name may be. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A bearer token as RFC 6750 spells it (and JWTs are): nothing a header could choke on. */
export const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Most bytes a token file, a secret file or a token endpoint's answer may have: like a collector's answer. */
export const MAX_TOKEN_BYTES = 64 * 1024;

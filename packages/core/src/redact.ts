/** What replaces a secret in anything otelkit prints. */
export const MASK = '***';

/**
 * Names (headers, query parameters, variables, option paths) whose values are credentials. Deliberately broad:
 * hiding a harmless value costs a little clarity, printing a token costs an incident.
 */
const SECRET_NAME =
  /pass(?:word|wd|phrase)?|pwd|secret|token|api[-_ ]?key|apikey|auth|credential|cookie|session|signature|^sig$|private[-_]?key|access[-_]?key|(?:^|[-_.])key$|otlp_headers|_headers$|^headers/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * A URL with its userinfo and secret-looking query values replaced by `***`; the rest (scheme, host, port,
 * path) stays readable, because which collector it is matters in a line. Text that is not a URL is redacted
 * as free text.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return redactText(text);
  }
  if (url.username || url.password) {
    url.username = MASK;
    url.password = '';
  }
  for (const [name] of url.searchParams) {
    if (isSecretName(name)) url.searchParams.set(name, MASK);
  }
  // URLSearchParams encodes `*`; the mask reads better as typed.
  return url.href.replace(/%2A%2A%2A/g, MASK);
}

// Each pattern is linear: no nested or adjacent overlapping quantifiers, and every run stops at a delimiter.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
const AUTH_SCHEME = /\b(bearer|basic|digest|token)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
const SCHEME_WORD = /^(?:bearer|basic|digest|token)$/i;
// Status words that contain `auth` (gRPC's `16 UNAUTHENTICATED: …`, HTTP's `401 Unauthorized: …`) name no secret:
// masking the next word would hide the collector's reason for refusing.
const STATUS_WORD = /^(?:unauthenticated|unauthorized|unauthorised)$/i;
const NAMED_VALUE =
  /\b([\w.-]*(?:pass(?:word|wd)?|pwd|secret|token|api[-_ ]?key|apikey|authorization|auth|credential|cookie|session|signature)[\w.-]*)(["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;

/**
 * Free text (an error message, a collector's error body) with credentials masked: URL userinfo,
 * `Authorization: Bearer …`-style schemes, and `name: value` / `name=value` where the name says secret.
 */
export function redactText(text: string): string {
  return text
    .replace(USERINFO, `$1${MASK}@`)
    .replace(AUTH_SCHEME, `$1 ${MASK}`)
    .replace(NAMED_VALUE, (whole, name: string, sep: string, value: string) =>
      // `Authorization: Bearer ***` was masked above; its scheme word is not the secret.
      value.startsWith(MASK) || SCHEME_WORD.test(value) || STATUS_WORD.test(name)
        ? whole
        : `${name}${sep}${MASK}`,
    );
}

/** `text` percent-decoded, or as it is when it is not valid percent-encoding (URL userinfo can be either). */
export function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` with each known secret value replaced by `***` (values shorter than 3 characters are left alone). */
export function maskKnown(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

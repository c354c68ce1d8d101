import { F_AT, F_EQ, F_SCHEME } from '../features';
import type { ValueDetector } from '../internal-types';

// Cheap pre-check (no lookbehind, so V8 scans it fast) before the full query regex.
const KEYWORD = /token|secret|pass|pwd|key|sig|credential|auth|code|session|sid|jwt/i;

/** `scheme://user:pass@host` → `scheme://REDACTED:REDACTED@host`, as OpenTelemetry semantic conventions do for `url.full`. */
export const urlUserinfo: ValueDetector = {
  kind: 'value',
  needs: F_SCHEME | F_AT,
  regex: /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/)([^\s/?#@]{1,1024})(@)/g,
  partial: true,
  mask: (secret) => (secret.includes(':') ? 'REDACTED:REDACTED' : 'REDACTED'),
};

/**
 * Values of sensitive query parameters (in `url.full`, `url.query`, `http.target`, span names, any string):
 * names such as `token`, `access_token`, `api_key`, `key`, `password`, `secret`, `sig`, `X-Amz-Signature` (any
 * prefix), and exactly `code`, `sid`, `AWSAccessKeyId` (so `zip_code` stays).
 */
export const urlQuery: ValueDetector = {
  kind: 'value',
  needs: F_EQ,
  regex:
    /((?:^|[?&;#])(?:(?:[A-Za-z0-9_.-]{0,40}[_.-])?(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|key|sig|signature|credential|auth|session|sessionid|jwt)|code|sid|awsaccesskeyid)=)([^&#;\s]{1,8192})()/gi,
  partial: true,
  prefilter: (s) => KEYWORD.test(s),
  mask: () => 'REDACTED',
};

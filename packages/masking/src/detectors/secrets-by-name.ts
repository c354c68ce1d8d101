import { F_ASSIGN } from '../features';
import type { KeyDetector, ReuseDetector, ValueDetector } from '../internal-types';

const WORDS =
  'password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|cookie|credentials?';
const SEGMENT = new RegExp(`(?:^|[._\\-\\s/:])(?:${WORDS})(?:$|[._\\-\\s/:])`, 'i');
const CAMEL =
  /(?<=[a-z0-9])(?:Password|Passwd|Passphrase|Secret|Token|ApiKey|AccessKey|PrivateKey|Authorization|Cookie|Credentials?)(?=$|[A-Z._\-\s])/;
// Cheap pre-check (no lookbehind, so V8 scans it fast) before the full assignment regex.
const KEYWORD = /pass|pwd|secret|token|key|credential/i;
// Counters and descriptors named after tokens are not secrets.
const NOT_SECRET = /token[_.-]?(?:count|type|usage|limit)s?(?:$|[._-])/i;

export const secretKeyName: KeyDetector = {
  kind: 'key',
  keys: (key) => (SEGMENT.test(key) || CAMEL.test(key)) && !NOT_SECRET.test(key),
  stringsOnly: true,
};

/**
 * `password=…`, `pass=…`, `"api_key": "…"`, `API key: …`, `client_secret: …` inside free text (exception messages,
 * payloads, logs): after an explicit `=` or `:` any value is a secret. `pass` takes no suffix (`pass_rate=0.9`
 * stays), and token counters and descriptors stay as they do for keys (`token_count=12`, `token_type=bearer`).
 * `authorization` is left to the bearer detector, which keeps the scheme and masks the credential.
 */
export const secretAssignment: ValueDetector = {
  kind: 'value',
  needs: F_ASSIGN,
  regex:
    /(?<![A-Za-z0-9_-])((?:[A-Za-z0-9]{1,20}[_-]){0,3}(?:(?:password|passwd|pwd|passphrase|secret|token(?![_-]?(?:count|type|usage|limit)s?(?![A-Za-z0-9]))|api[_ -]?key|apikey|access[_-]?key|private[_-]?key|credentials?)(?:[_-][A-Za-z0-9]{1,20}){0,3}|pass)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?)([^\s"'&,;}<>]{1,8192})()/gi,
  partial: true,
  prefilter: (s) => KEYWORD.test(s),
};

/** Values under the keys of `secret-key-name` are masked wherever else they appear on the same span. */
export const secretReuse: ReuseDetector = {
  kind: 'reuse',
  keys: secretKeyName.keys,
};

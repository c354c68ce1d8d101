import { F_SECRET_WORD } from '../features';
import type { ValueDetector } from '../internal-types';
import { looksLikeCredential } from './credential-shape';

// Cheap pre-check (no lookbehind, so V8 scans it fast) before the full phrase regex.
const KEYWORD = /passw|pwd|passphrase|secret|token|key|credential/i;

const WORDS =
  'password|passwd|passphrase|pwd|secret|token|api[_ -]?key|apikey|access[_ -]?key|private[_ -]?key|credentials?';

/**
 * `with password hunter2-x`, `the password is s3cr3t!`, `client_secret 9f8e7d6c`, `API key AbC123xyz` inside
 * sentences: a secret word (also the end of a compound such as `client_secret`, `access_token`, `x-api-key`),
 * 1–3 spaces, optionally `is` or `was`, then a value that looks like a credential (see credential-shape.ts), so
 * `password reset email sent`, `secret santa`, `the token was rejected` and `token count: 42` stay. The value ends
 * at a space, a quote or `,;<>`, and a trailing `.`, `:`, `)`, `]` or `}` (sentence punctuation) is not part of it. A value that is
 * itself a secret word is not taken, so `token secret abc123` masks `abc123`.
 *
 * Linear: one lookbehind, bounded repetition, and the value run is scanned once per start position, which only
 * a secret word and a gap can open.
 */
export const secretPhrase: ValueDetector = {
  kind: 'value',
  needs: F_SECRET_WORD,
  regex: new RegExp(
    `(?<![A-Za-z0-9_-])((?:[A-Za-z0-9]{1,20}[_-]){0,3}(?:${WORDS})[ \\t]{1,3}(?:(?:is|was)[ \\t]{1,3})?["'\`]?)(?!(?:${WORDS}|api|access|private)(?![A-Za-z0-9]))([^\\s"'\`<>,;]{5,8191}[^\\s"'\`<>,;.:)\\]}])()`,
    'gi',
  ),
  partial: true,
  prefilter: (s) => KEYWORD.test(s),
  validate: (value) => looksLikeCredential(value, 6),
};

import { F_AT, F_DIGITS_13, F_DIGITS_7, F_IP_SHAPE } from '../features';
import type { ValueDetector } from '../internal-types';
import { luhnValid } from '../luhn';

export const email: ValueDetector = {
  kind: 'value',
  needs: F_AT,
  // `%40` catches emails percent-encoded in URLs and query strings.
  regex:
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(?:@|%40)(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  partial: false,
  // `REDACTED@host` is URL userinfo that url-userinfo already masked, not an address.
  validate: (m) => !m.startsWith('REDACTED'),
};

/** Digits of a plausible card: 13-19 digits, issuer digit 2-6 (so epoch-millis timestamps are left alone). */
function plausibleCard(text: string): boolean {
  let digits = 0;
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    if (first < 0) first = c;
    digits++;
  }
  return digits >= 13 && digits <= 19 && first >= 2 && first <= 6 && luhnValid(text);
}

export const creditCard: ValueDetector = {
  kind: 'value',
  needs: F_DIGITS_13,
  regex: /(?<![0-9A-Za-z])(?:\d[ -]?){12,18}\d(?![0-9A-Za-z])/g,
  partial: false,
  validate: plausibleCard,
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const HEX = '[0-9A-Fa-f]{1,4}';

export const ipAddress: ValueDetector = {
  kind: 'value',
  needs: F_IP_SHAPE,
  regex: new RegExp(
    `(?<![0-9.])(?:${OCTET}\\.){3}${OCTET}(?!\\.?\\d)|(?<![0-9A-Fa-f:])(?:(?:${HEX}:){7}${HEX}|(?:${HEX}:){1,6}:(?:${HEX}:){0,5}${HEX}|::1)(?![0-9A-Fa-f:])`,
    'g',
  ),
  partial: false,
};

export const phone: ValueDetector = {
  kind: 'value',
  needs: F_DIGITS_7,
  regex:
    /(?<![\w+.-])(?:\+[1-9]\d{0,2}[ .-]?)?(?:\(\d{1,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?![\w-])/g,
  partial: false,
};

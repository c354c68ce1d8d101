import type { RegExpLike } from '@otelkit/core';

/**
 * `s.replace(regex, fn)` for a global regex, as an exec loop: about twice as fast in V8 (no runtime call, no
 * argument list per match), and when `fn` keeps every match the same string comes back (no allocation).
 * Takes a native RegExp or a linear-time pattern from configuration (core's RegExpLike).
 * Empty matches advance one position (one code point with the `u` or `v` flag), as `replace` does.
 */
export function replaceMatches(
  regex: RegExpLike,
  s: string,
  fn: (match: RegExpExecArray) => string,
): string {
  regex.lastIndex = 0;
  let m = regex.exec(s);
  if (m === null) return s;
  let out = '';
  let last = 0;
  let changed = false;
  do {
    const part = fn(m);
    if (part !== m[0]) changed = true;
    out += s.slice(last, m.index) + part;
    last = m.index + m[0].length;
    // A non-global regex would match at the same place forever: one match, as `replace` does.
    if (!regex.global) break;
    if (m[0] === '')
      regex.lastIndex = advance(s, regex.lastIndex, regex.unicode || isUnicodeSets(regex));
    m = regex.exec(s);
  } while (m !== null);
  return changed ? out + s.slice(last) : s;
}

function isUnicodeSets(regex: RegExpLike): boolean {
  return regex.flags.includes('v');
}

function advance(s: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= s.length) return index + 1;
  const c = s.charCodeAt(index);
  return c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(index + 1) & 0xfc00) === 0xdc00
    ? index + 2
    : index + 1;
}

import type { MaskContext } from './internal-types';
import { looksLikeCredential } from './detectors/credential-shape';
import { capLength } from './string-limits';

/** Shorter values under a secret key are not looked for elsewhere: `12345` or `admin` would mask ordinary text. */
export const MIN_SECRET_LENGTH = 6;
/** Parts of a secret value (`Bearer <token>`, `session=<id>`) are looked for when they look like a credential this long. */
const MIN_PART_LENGTH = 8;
/** Per span; a span with more secret values than this is rare, and the cost of each string scan grows with it. */
const MAX_SECRETS = 32;
/** Structured values are walked as deep as the value masker walks them. */
const MAX_DEPTH = 4;

/**
 * The values seen under secret keys on the span being masked (detector secret-reuse), so that an exception message
 * or another attribute repeating one of them is masked too. Filled before the span's strings are scanned, emptied
 * for the next span; a span without secret keys leaves it empty and costs one length check per string.
 */
export class KnownSecrets {
  private readonly values: string[] = [];
  size = 0;

  constructor(private readonly ctx: MaskContext) {}

  clear(): void {
    if (this.size === 0) return;
    this.values.length = 0;
    this.size = 0;
  }

  /** Remembers a secret value (strings, and the strings of an array), and its credential-looking parts. */
  add(value: unknown): void {
    if (typeof value === 'string') this.addString(value);
    else if (Array.isArray(value))
      for (const item of value) if (typeof item === 'string') this.addString(item);
  }

  private addString(value: string): void {
    if (!this.remember(value)) return;
    // `Bearer <token>`, `session=<id>; theme=dark`: the credential may reappear without its scheme or name.
    let start = 0;
    for (let i = 0; i <= value.length; i++) {
      if (i < value.length && !isSeparator(value.charCodeAt(i))) continue;
      if (i - start >= MIN_PART_LENGTH && i - start < value.length) {
        const part = value.slice(start, i);
        if (looksLikeCredential(part, MIN_PART_LENGTH)) this.remember(part);
      }
      start = i + 1;
    }
  }

  private remember(value: string): boolean {
    if (value.length < MIN_SECRET_LENGTH || this.size >= MAX_SECRETS) return false;
    // A mask is no secret, and a secret inside the mask would be found again in every mask written.
    if (this.ctx.isMask(value) || this.ctx.mask.includes(value)) return false;
    if (this.values.includes(value)) return false;
    // Longest first, so a secret that contains another is masked whole.
    let i = this.values.length;
    this.values.push(value);
    while (i > 0 && this.values[i - 1].length < value.length) {
      this.values[i] = this.values[i - 1];
      i--;
    }
    this.values[i] = value;
    this.size++;
    return true;
  }

  /**
   * A string (cut to maxValueLength first, as the detectors see it), or the strings inside an array or a structured
   * value (copy-on-write), with every known secret masked; the value itself when none occurs.
   */
  maskValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') {
      const max = this.ctx.maxValueLength;
      return this.maskIn(value.length > max ? capLength(value, max) : value);
    }
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const out = this.maskValue(value[i], depth + 1);
        if (out !== value[i]) (copy ??= value.slice())[i] = out;
      }
      return copy ?? value;
    }
    if (ArrayBuffer.isView(value)) return value;
    let copy: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const out = this.maskValue(record[key], depth + 1);
      if (out !== record[key]) (copy ??= { ...record })[key] = out;
    }
    return copy ?? value;
  }

  /** `s` with every occurrence of a known secret replaced by the mask (each one counted), or `s` itself. */
  maskIn(s: string): string {
    let out = s;
    const mask = this.ctx.mask;
    for (let k = 0; k < this.size; k++) {
      const secret = this.values[k];
      let at = out.indexOf(secret);
      if (at < 0) continue;
      let next = '';
      let last = 0;
      while (at >= 0) {
        next += out.slice(last, at) + mask;
        this.ctx.count++;
        last = at + secret.length;
        at = out.indexOf(secret, last);
      }
      out = next + out.slice(last);
    }
    return out;
  }
}

/** Whitespace and the characters that separate a scheme, a name or a list entry from a credential. */
function isSeparator(c: number): boolean {
  return (
    c === 32 || c === 9 || c === 10 || c === 13 || c === 61 || c === 59 || c === 44 || c === 38
  );
}

import type { WaterfallSpan } from './types';

const CODES = {
  bold: 1,
  dim: 2,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
} as const;

export type Style = keyof typeof CODES;

export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${CODES[style]}m${text}\x1b[0m` : (_style, text) => text;
}

/** Errors stand out in red; otherwise the kind picks the bar color. */
export function barStyle(span: WaterfallSpan): Style {
  if (span.status.code === 2) return 'red';
  switch (span.kindName) {
    case 'SERVER':
      return 'green';
    case 'CLIENT':
      return 'blue';
    case 'PRODUCER':
    case 'CONSUMER':
      return 'magenta';
    default:
      return 'gray';
  }
}

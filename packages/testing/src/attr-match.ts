import { inspect } from 'node:util';
import type { AttrExpectation, AttrValue } from './types';

export function formatValue(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, colors: false });
}

function isRecord(v: unknown): v is Record<string, AttrValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Deep equality where an integer number equals the same bigint (int64 decoding may give either). */
export function attrEquals(actual: AttrValue | undefined, expected: AttrValue): boolean {
  if (typeof actual === 'bigint' && typeof expected === 'number') {
    return Number.isInteger(expected) && actual === BigInt(expected);
  }
  if (typeof actual === 'number' && typeof expected === 'bigint')
    return attrEquals(expected, actual);
  if (actual instanceof Uint8Array || expected instanceof Uint8Array) {
    return (
      actual instanceof Uint8Array &&
      expected instanceof Uint8Array &&
      Buffer.from(actual).equals(Buffer.from(expected))
    );
  }
  if (Array.isArray(actual) || Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      Array.isArray(expected) &&
      actual.length === expected.length &&
      actual.every((v, i) => attrEquals(v, expected[i]))
    );
  }
  if (isRecord(actual) || isRecord(expected)) {
    if (!isRecord(actual) || !isRecord(expected)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => k in actual && attrEquals(actual[k], expected[k]))
    );
  }
  return Object.is(actual, expected);
}

export function attrMatches(actual: AttrValue | undefined, expected: AttrExpectation): boolean {
  if (expected instanceof RegExp) {
    return (
      actual !== undefined &&
      expected.test(typeof actual === 'string' ? actual : formatValue(actual))
    );
  }
  if (typeof expected === 'function') return expected(actual);
  return attrEquals(actual, expected);
}

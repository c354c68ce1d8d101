import type { TraceState } from '@opentelemetry/api';
import { headerValues, trimOws } from '../internal/header-text';
import {
  DEFAULT_TRACESTATE_MAX_LENGTH,
  LARGE_ENTRY_LENGTH,
  MAX_TRACESTATE_MEMBERS,
  isValidTraceStateKey,
  isValidTraceStateValue,
} from './tracestate-grammar';

/** 32 members of 256+1+256 characters plus separators, with generous room for OWS; longer input is hostile. */
const MAX_RAW_LENGTH = 65_536;

type Entry = readonly [key: string, value: string];

/**
 * An immutable `tracestate` that only ever holds valid members (first = most recently updated) and serializes within
 * a length budget, dropping whole entries in the order the W3C spec gives: entries over 128 characters first, then
 * from the end of the list.
 */
export class StrictTraceState implements TraceState {
  private constructor(
    private readonly entries: readonly Entry[],
    private readonly maxLength: number,
  ) {}

  static empty(maxLength = DEFAULT_TRACESTATE_MAX_LENGTH): StrictTraceState {
    return new StrictTraceState([], maxLength);
  }

  /**
   * Parses one or more `tracestate` header values (repeated headers are concatenated, empty members skipped). An
   * invalid member or more than 32 members discards the whole list, as the W3C test suite requires. A repeated key
   * keeps its first (most recent) value and drops the later ones: the spec lets a vendor discard duplicates, and the
   * list it sends on must not repeat a key.
   */
  static parse(
    raw: unknown,
    maxLength = DEFAULT_TRACESTATE_MAX_LENGTH,
  ): StrictTraceState | undefined {
    const values = headerValues(raw);
    if (values.length === 0) return undefined;
    const joined = values.length === 1 ? values[0] : values.join(',');
    if (joined.length > MAX_RAW_LENGTH) return undefined;
    const entries: Entry[] = [];
    // At most 32 keys reach the duplicate check, so a linear scan is enough.
    let members = 0;
    for (const part of joined.split(',')) {
      const member = trimOws(part);
      if (member === '') continue;
      if (++members > MAX_TRACESTATE_MEMBERS) return undefined;
      const eq = member.indexOf('=');
      if (eq <= 0) return undefined;
      const key = member.slice(0, eq);
      const value = member.slice(eq + 1);
      if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return undefined;
      if (!entries.some(([k]) => k === key)) entries.push([key, value]);
    }
    return new StrictTraceState(entries, maxLength);
  }

  get(key: string): string | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  /** Moves or adds the key to the front. An invalid key or value leaves the state unchanged. */
  set(key: string, value: string): StrictTraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    const rest = this.entries.filter(([k]) => k !== key);
    const entries: Entry[] = [[key, value] as Entry, ...rest].slice(0, MAX_TRACESTATE_MEMBERS);
    return new StrictTraceState(entries, this.maxLength);
  }

  unset(key: string): StrictTraceState {
    const entries = this.entries.filter(([k]) => k !== key);
    return entries.length === this.entries.length
      ? this
      : new StrictTraceState(entries, this.maxLength);
  }

  serialize(): string {
    const members = this.entries.map(([k, v]) => `${k}=${v}`);
    return truncateMembers(members, this.maxLength).join(',');
  }
}

/**
 * Drops whole members until the comma-joined list fits: members longer than 128 characters go first (from the end
 * of the list), then members from the end. Never cuts a member.
 */
export function truncateMembers(members: readonly string[], maxLength: number): string[] {
  const kept = [...members];
  let length = joinedLength(kept);
  for (let i = kept.length - 1; i >= 0 && length > maxLength; i--) {
    if (kept[i].length > LARGE_ENTRY_LENGTH) {
      length -= kept[i].length + (kept.length > 1 ? 1 : 0);
      kept.splice(i, 1);
    }
  }
  while (length > maxLength && kept.length > 0) {
    const removed = kept.pop() as string;
    length -= removed.length + (kept.length > 0 ? 1 : 0);
  }
  return kept;
}

function joinedLength(members: readonly string[]): number {
  return members.reduce((sum, m) => sum + m.length, 0) + Math.max(0, members.length - 1);
}

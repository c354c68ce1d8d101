import type { TraceState } from '@opentelemetry/api';
import { TraceState as W3CTraceState } from '@opentelemetry/core';
import type { OtState, Threshold } from '../internal-types';
import { isValidRandomness } from './randomness';
import { makeThreshold } from './make-threshold';
import { decodeThreshold } from './threshold';

/** The `ot` list must fit one W3C tracestate value. */
export const MAX_OT_LENGTH = 256;
const OT_KEY = 'ot';
const MEMBER = /^[a-z][a-z0-9]*:[A-Za-z0-9._-]*$/;
const EMPTY: OtState = Object.freeze({
  members: Object.freeze([]) as readonly string[],
  hasTh: false,
});

const MALFORMED: OtState = Object.freeze({ members: EMPTY.members, hasTh: false, malformed: true });

/**
 * Parses an `ot` tracestate value. Invalid input never throws: a malformed or over-long list is reported as
 * `malformed` (left untouched by writers), an invalid `th` counts as absent, an invalid `rv` is kept verbatim
 * but not used as randomness.
 */
export function parseOtValue(value: string | undefined): OtState {
  if (value === undefined || value === '') return EMPTY;
  if (value.length > MAX_OT_LENGTH) return MALFORMED;
  const parts = value.split(';');
  const members: string[] = [];
  const seen = new Set<string>();
  let threshold: Threshold | undefined;
  let rv: string | undefined;
  let hasTh = false;
  for (const part of parts) {
    if (!MEMBER.test(part)) return MALFORMED;
    const colon = part.indexOf(':');
    const key = part.slice(0, colon);
    if (seen.has(key)) return MALFORMED;
    seen.add(key);
    const v = part.slice(colon + 1);
    if (key === 'th') {
      hasTh = true;
      const decoded = decodeThreshold(v);
      threshold = decoded === undefined ? undefined : makeThreshold(decoded, v);
      continue; // th is rewritten or erased by every writer, an invalid one included
    }
    if (key === 'rv' && isValidRandomness(v)) rv = v;
    members.push(part);
  }
  return {
    members,
    threshold,
    rv,
    hasTh,
  };
}

const cache = new WeakMap<TraceState, OtState>();

/** Parsed `ot` entry of a trace state, cached per (immutable) TraceState instance. */
export function readOt(traceState: TraceState | undefined): OtState {
  if (traceState === undefined) return EMPTY;
  let state = cache.get(traceState);
  if (state === undefined) {
    state = parseOtValue(traceState.get(OT_KEY));
    cache.set(traceState, state);
  }
  return state;
}

/**
 * Returns `traceState` with `th` set to `thValue` (or erased when undefined), every other `ot` member — `rv`
 * above all — preserved verbatim. Returns the same instance when nothing changes. When the new list would
 * exceed 256 characters the threshold is erased instead: an absent `th` means "unknown probability", which
 * is always a truthful statement.
 */
export function withThreshold(
  traceState: TraceState | undefined,
  thValue: string | undefined,
): TraceState | undefined {
  if (traceState === undefined) return rootState(thValue);
  const ot = readOt(traceState);
  if (ot.malformed) return traceState;
  if (thValue === undefined ? !ot.hasTh : ot.threshold?.encoded === thValue) return traceState;
  const members = thValue === undefined ? ot.members : ['th:' + thValue, ...ot.members];
  let value = members.join(';');
  if (value.length > MAX_OT_LENGTH) value = ot.members.join(';');
  const next = setOt(traceState, value);
  // The whole tracestate is capped at 512 characters; erasing th always fits where the old list did.
  return next === traceState && thValue !== undefined
    ? setOt(traceState, ot.members.join(';'))
    : next;
}

// Roots start without tracestate: one shared immutable TraceState per threshold spares two allocations a span.
const rootStates = new Map<string, TraceState>();

function rootState(thValue: string | undefined): TraceState | undefined {
  if (thValue === undefined) return undefined;
  let state = rootStates.get(thValue);
  if (state === undefined) {
    state = new W3CTraceState().set(OT_KEY, 'th:' + thValue);
    if (rootStates.size < 64) rootStates.set(thValue, state);
  }
  return state;
}

function setOt(base: TraceState, value: string): TraceState {
  return value === '' ? base.unset(OT_KEY) : base.set(OT_KEY, value);
}

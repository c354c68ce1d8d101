import { baggageEntryMetadataFromString } from '@opentelemetry/api';
import type { BaggageEntry } from '@opentelemetry/api';
import { headerValues, isToken, trimOws } from '../internal/header-text';

/** W3C Baggage limits: a platform must propagate at least this much and may drop anything beyond. */
export const MAX_BAGGAGE_MEMBERS = 64;
export const MAX_BAGGAGE_BYTES = 8192;
/** Input beyond this is not even scanned (whole members only; the cut member is dropped). */
const MAX_SCAN_LENGTH = 65_536;

/** %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: what may appear in a value before percent-decoding. */
const BAGGAGE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

export type BaggageEntries = [key: string, entry: BaggageEntry][];

/**
 * Parses `baggage` header values into entries, in order. A malformed member (bad key, bad octets, bad percent
 * encoding, bad property) is dropped whole; members are kept while at most 64 fit in 8192 bytes.
 */
export function parseBaggage(raw: unknown): BaggageEntries {
  const values = headerValues(raw);
  let joined = values.length === 1 ? values[0] : values.join(',');
  if (joined.length > MAX_SCAN_LENGTH)
    joined = joined.slice(0, Math.max(0, joined.lastIndexOf(',', MAX_SCAN_LENGTH)));
  const entries: BaggageEntries = [];
  let bytes = 0;
  for (const part of joined.split(',')) {
    if (entries.length === MAX_BAGGAGE_MEMBERS) break;
    const member = parseMember(part);
    if (!member) continue;
    const cost = member.normalized.length + (entries.length > 0 ? 1 : 0);
    if (bytes + cost > MAX_BAGGAGE_BYTES) continue;
    bytes += cost;
    entries.push([member.key, member.entry]);
  }
  return entries;
}

interface ParsedMember {
  key: string;
  entry: BaggageEntry;
  normalized: string;
}

function parseMember(text: string): ParsedMember | undefined {
  const [pair, ...rawProperties] = text.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined;
  const key = trimOws(pair.slice(0, eq));
  const encoded = trimOws(pair.slice(eq + 1));
  if (!isToken(key) || !BAGGAGE_OCTETS.test(encoded)) return undefined;
  const value = percentDecode(encoded);
  const properties = normalizeProperties(rawProperties);
  if (value === undefined || properties === undefined) return undefined;
  const entry: BaggageEntry = properties
    ? { value, metadata: baggageEntryMetadataFromString(properties) }
    : { value };
  return { key, entry, normalized: `${key}=${encoded}${properties ? `;${properties}` : ''}` };
}

/** `key` or `key=value` per property; returns '' for none and undefined when any property is malformed. */
export function normalizeProperties(rawProperties: readonly string[]): string | undefined {
  const normalized: string[] = [];
  for (const raw of rawProperties) {
    const eq = raw.indexOf('=');
    const key = trimOws(eq < 0 ? raw : raw.slice(0, eq));
    if (!isToken(key)) return undefined;
    if (eq < 0) {
      normalized.push(key);
      continue;
    }
    const value = trimOws(raw.slice(eq + 1));
    if (!BAGGAGE_OCTETS.test(value) || percentDecode(value) === undefined) return undefined;
    normalized.push(`${key}=${value}`);
  }
  return normalized.join(';');
}

function percentDecode(value: string): string | undefined {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Percent-encodes UTF-8; undefined for strings that are not well-formed Unicode (lone surrogates). */
export function percentEncode(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * Serializes entries into one header value: invalid keys are skipped, values percent-encoded, invalid properties
 * dropped, and members that would exceed 64 / 8192 bytes are left out whole.
 */
export function serializeBaggage(entries: Iterable<readonly [string, BaggageEntry]>): string {
  const members: string[] = [];
  let bytes = 0;
  for (const [key, entry] of entries) {
    if (members.length === MAX_BAGGAGE_MEMBERS) break;
    if (!isToken(key) || typeof entry?.value !== 'string') continue;
    const value = percentEncode(entry.value);
    if (value === undefined) continue;
    const rawMetadata = entry.metadata?.toString();
    const properties = rawMetadata ? normalizeProperties(rawMetadata.split(';')) : '';
    const member = `${key}=${value}${properties ? `;${properties}` : ''}`;
    const cost = member.length + (members.length > 0 ? 1 : 0);
    if (bytes + cost > MAX_BAGGAGE_BYTES) continue;
    bytes += cost;
    members.push(member);
  }
  return members.join(',');
}

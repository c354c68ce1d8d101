import { cut } from './echo';
import { maskKnown, redactText } from './redact';
import type { Diagnostics, LogLevel } from './types';

const RANK: Record<LogLevel, number> = {
  none: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  verbose: 5,
  all: 6,
};

/** Longest line otelkit prints; a longer one is cut and says how long it was. */
export const LINE_MAX = 1000;
/** Repeats of a warnOnce key inside this window are counted, and the count is printed with the next line. */
export const REPEAT_INTERVAL_MS = 60_000;
/**
 * Keys remembered for repeat limiting. Keys come from problems, not from requests, but a key built from upstream
 * text could still vary without end: past this many the oldest is forgotten (it may print once more).
 */
export const MAX_KEYS = 256;

/** Known secrets shorter than this are not masked by value (see addSecrets). */
export const MIN_SECRET_LENGTH = 6;

/**
 * Rotating secrets (tokens a provider renews) remembered at once: the newest ones, so the set stays bounded however long
 * the process runs (an hourly token is 24 a day); a token that old has expired and is no longer sent.
 */
export const MAX_ROTATING_SECRETS = 32;

export interface DiagnosticsOptions {
  /** Written before each line that does not already start with `@otelkit/`, e.g. `@otelkit/node`. */
  prefix: string;
  level?: LogLevel;
  /** Where lines go. Default: stderr. A throwing sink is ignored: a closed pipe must not take the app down. */
  write?: (line: string) => void;
  now?: () => number;
}

interface Shared {
  max: number;
  write: (line: string) => void;
  now: () => number;
  secrets: Set<string>;
  rotating: Set<string>;
  last: Map<string, { at: number; suppressed: number }>;
}

export function createDiagnostics(options: DiagnosticsOptions): Diagnostics {
  const shared: Shared = {
    max: RANK[options.level ?? 'info'] ?? RANK.info,
    write: options.write ?? writeStderr,
    now: options.now ?? Date.now,
    secrets: new Set(),
    rotating: new Set(),
    last: new Map(),
  };
  return view(shared, options.prefix);
}

function view(shared: Shared, prefix: string): Diagnostics {
  /** True when the line was written. */
  const emit = (min: number, message: string): boolean => {
    if (shared.max < min) return false;
    try {
      const text = message.startsWith('@otelkit/') ? message : `${prefix}: ${message}`;
      // Room for cut's `… (N characters)` note, so the line stays within LINE_MAX.
      const masked = maskKnown(maskKnown(redactText(text), shared.secrets), shared.rotating);
      shared.write(cut(masked, LINE_MAX - 30));
      return true;
    } catch {
      return false; // nowhere left to report to
    }
  };
  return {
    error: (message) => void emit(RANK.error, message),
    warn: (message) => void emit(RANK.warn, message),
    info: (message) => emit(RANK.info, message),
    debug: (message) => void emit(RANK.debug, message),
    warnOnce(key, message) {
      if (shared.max < RANK.warn) return false;
      const at = shared.now();
      const seen = shared.last.get(key);
      if (seen && at - seen.at < REPEAT_INTERVAL_MS) {
        seen.suppressed++;
        return false;
      }
      const note = seen?.suppressed
        ? ` (${seen.suppressed} similar in the last ${Math.round((at - seen.at) / 1000)}s)`
        : '';
      // Re-inserted last, so the map's first key is the least recently printed one.
      shared.last.delete(key);
      if (shared.last.size >= MAX_KEYS) shared.last.delete(shared.last.keys().next().value!);
      shared.last.set(key, { at, suppressed: 0 });
      return emit(RANK.warn, (typeof message === 'function' ? message() : message) + note);
    },
    addSecrets(values, rotating = false) {
      // Shorter values are too likely to be ordinary words (a URL user `app`, a header `x-tenant: shop`) to
      // mask everywhere; credentials in their own shapes (userinfo, `token=`) are redacted whatever their length.
      for (const value of values) {
        if (!value || value.length < MIN_SECRET_LENGTH || shared.secrets.has(value)) continue;
        if (!rotating) {
          shared.secrets.add(value);
          continue;
        }
        shared.rotating.delete(value);
        if (shared.rotating.size >= MAX_ROTATING_SECRETS)
          shared.rotating.delete(shared.rotating.values().next().value!);
        shared.rotating.add(value);
      }
    },
    forPackage: (other) => view(shared, other),
  };
}

/**
 * A message's shape: ids, numbers and quoted text replaced, so that one upstream warning about a different trace
 * id per request is one key, not one key per request.
 */
export function messageShape(message: string): string {
  return message
    .slice(0, 300)
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\b[0-9a-f]{8,}\b/gi, '#')
    .replace(/\d+/g, '0');
}

const DEFAULTS = Symbol.for('otelkit.diagnostics');
type WithDefault = { [DEFAULTS]?: Diagnostics };

/**
 * The process-wide diagnostics: the one @otelkit/node installed at start (its level, its secrets), else a
 * stderr channel at `warn` for packages used on their own. Kept on globalThis so two copies share one.
 */
export function processDiagnostics(prefix: string): Diagnostics {
  const holder = globalThis as WithDefault;
  holder[DEFAULTS] ??= createDiagnostics({ prefix, level: 'warn' });
  return holder[DEFAULTS].forPackage(prefix);
}

/** Makes `diagnostics` the process-wide channel (called by @otelkit/node's start). */
export function setProcessDiagnostics(diagnostics: Diagnostics): void {
  (globalThis as WithDefault)[DEFAULTS] = diagnostics;
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

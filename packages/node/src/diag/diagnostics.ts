import type { Diagnostics } from '../internal-types';
import type { LogLevel } from '../types';

const PREFIX = '@otelkit/node:';
const rank: Record<LogLevel, number> = {
  none: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  verbose: 5,
  all: 6,
};

/** Repeats of a warnOnce key inside this window are counted, and the count is printed with the next line. */
export const REPEAT_INTERVAL_MS = 60_000;

/**
 * Writes prefixed lines to stderr. Never throws: a broken stderr (closed pipe) must not take the app down.
 * `write` and `now` are injectable for tests.
 */
export function createDiagnostics(
  level: LogLevel,
  write: (line: string) => void = writeStderr,
  now: () => number = Date.now,
): Diagnostics {
  const max = rank[level] ?? rank.info;
  const last = new Map<string, { at: number; suppressed: number }>();
  /** True when the line was written. */
  const emit = (min: number, message: string): boolean => {
    if (max < min) return false;
    try {
      // Lines from our other packages already carry their own prefix.
      write(message.startsWith('@otelkit/') ? message : `${PREFIX} ${message}`);
      return true;
    } catch {
      return false; // nowhere left to report to
    }
  };
  return {
    error: (message) => void emit(rank.error, message),
    warn: (message) => void emit(rank.warn, message),
    info: (message) => emit(rank.info, message),
    debug: (message) => void emit(rank.debug, message),
    warnOnce(key, message) {
      const seen = last.get(key);
      const at = now();
      if (seen && at - seen.at < REPEAT_INTERVAL_MS) {
        seen.suppressed++;
        return false;
      }
      const note = seen?.suppressed
        ? ` (${seen.suppressed} similar in the last ${Math.round((at - seen.at) / 1000)}s)`
        : '';
      last.set(key, { at, suppressed: 0 });
      return emit(rank.warn, message + note);
    },
  };
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

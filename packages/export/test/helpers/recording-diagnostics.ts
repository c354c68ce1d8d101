import type { Diagnostics } from '@otelkit/core';

/** Diagnostics that keep the lines written (each warnOnce key once), for tests that read the reporter's lines. */
export function recording(lines: string[]): Diagnostics {
  const keys = new Set<string>();
  const diagnostics: Diagnostics = {
    error: (line) => void lines.push(line),
    warn: (line) => void lines.push(line),
    warnOnce: (key, line) => {
      if (keys.has(key)) return false;
      keys.add(key);
      lines.push(typeof line === 'function' ? line() : line);
      return true;
    },
    info: () => false,
    debug: () => {},
    addSecrets: () => {},
    forPackage: () => diagnostics,
  };
  return diagnostics;
}

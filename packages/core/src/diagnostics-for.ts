import { createDiagnostics, processDiagnostics } from './diagnostics';
import type { Diagnostics } from './types';

/**
 * The diagnostics a package writes through: the Diagnostics it was handed (viewed with its own prefix), a
 * channel around a user's `warn(message)` callback (same prefix, cut, redaction and repeat limit as every other
 * line), or the process-wide channel when neither was given.
 */
export function diagnosticsFor(
  prefix: string,
  sink?: Diagnostics | ((message: string) => void),
): Diagnostics {
  if (sink === undefined) return processDiagnostics(prefix);
  if (typeof sink === 'function') return createDiagnostics({ prefix, level: 'warn', write: sink });
  return sink.forPackage(prefix);
}

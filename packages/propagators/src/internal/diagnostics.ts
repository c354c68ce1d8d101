import { diagnosticsFor } from '@otelkit/core';
import type { Diagnostics } from '@otelkit/core';
import type { WarnFunction } from '../types';

export const PACKAGE_NAME = '@otelkit/propagators';

/** This package's lines: through a caller's Diagnostics or `warn` callback, else the process channel. */
export function diagnostics(sink?: Diagnostics | WarnFunction): Diagnostics {
  return diagnosticsFor(PACKAGE_NAME, sink);
}

import { checkNumberOption, optionError } from '@otelkit/core';
import type { ViewerOptions } from './types';

const PACKAGE = '@otelkit/cli';
export const DEFAULT_MAX_SPANS = 50_000;
export const MAX_SPANS_RANGE = { min: 100, max: 1_000_000, integer: true };

export interface ResolvedViewerOptions {
  port: number;
  uiPort: number;
  host: string;
  maxSpans: number;
}

/** Throws one TypeError naming a bad option, before anything listens. */
export function resolveViewerOptions(options: ViewerOptions): ResolvedViewerOptions {
  const { port, uiPort, host, maxSpans } = options;
  const portRange = { min: 0, max: 65535, integer: true };
  checkNumberOption(PACKAGE, 'startViewer.port', port, portRange);
  checkNumberOption(PACKAGE, 'startViewer.uiPort', uiPort, portRange);
  checkNumberOption(PACKAGE, 'startViewer.maxSpans', maxSpans, MAX_SPANS_RANGE);
  if (host !== undefined && (typeof host !== 'string' || host.trim() === ''))
    throw optionError(PACKAGE, 'startViewer.host', host, 'a non-empty host name or address');
  return {
    port: port ?? 4318,
    uiPort: uiPort ?? 16686,
    host: host ?? '127.0.0.1',
    maxSpans: maxSpans ?? DEFAULT_MAX_SPANS,
  };
}

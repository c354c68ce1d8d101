import type { ReceivedSpan } from '@otelkit/testing';

/** A trace held in memory, with the summary fields kept up to date as spans arrive. */
export interface StoredTrace {
  traceId: string;
  spans: ReceivedSpan[];
  services: Set<string>;
  errorCount: number;
  startNs: bigint;
  endNs: bigint;
  root?: ReceivedSpan;
  /** Bumped on every change, so the UI can tell a trace grew. */
  version: number;
}

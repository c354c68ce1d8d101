import { ExportResultCode } from '@opentelemetry/core';
import type { OtlpExportResult } from '../types';

/** How an export ended: delivered, failed (with the exporter's error), or past its deadline. */
export type ExportOutcome = 'delivered' | 'failed' | 'timeout';

/**
 * One batch handed to the exporter and not yet answered. Its deadline is a time, checked by the
 * processor's single watchdog timer, so starting a batch arms no timer of its own.
 */
export class PendingExport {
  settled = false;

  constructor(
    readonly count: number,
    readonly deadline: number,
    readonly slot: number,
    private readonly settle: (
      entry: PendingExport,
      outcome: ExportOutcome,
      error?: Error,
      result?: OtlpExportResult,
    ) => void,
    /** Only for an exporter that can be stopped (EncodingSpanExporter): one per batch, not per span. */
    private readonly controller?: AbortController,
  ) {}

  /** What the exporter watches to stop this export once the processor gives up on it. */
  get signal(): AbortSignal | undefined {
    return this.controller?.signal;
  }

  /** The processor gave up (deadline or shutdown): the exporter's request goes now, not when the collector answers. */
  abandon(): void {
    this.controller?.abort();
  }

  /** The exporter's result callback, bound once per batch (any ExportResult is an OtlpExportResult). */
  readonly done = (result: OtlpExportResult): void =>
    result.code === ExportResultCode.SUCCESS
      ? this.settle(this, 'delivered', undefined, result)
      : this.settle(this, 'failed', result.error);
}

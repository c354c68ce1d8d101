import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { DropReason } from '../types';

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
    private readonly settle: (entry: PendingExport, reason: DropReason | undefined) => void,
  ) {}

  /** The exporter's result callback, bound once per batch. */
  readonly done = (result: ExportResult): void =>
    this.settle(this, result.code === ExportResultCode.SUCCESS ? undefined : 'export_failed');
}

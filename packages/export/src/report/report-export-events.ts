import { messageShape } from '@otelkit/core';
import { noDrops } from '../processor/drop-report';
import type { DropReason, ExportEvent, ExportEventReporter, ExportReporterOptions } from '../types';

/** What each drop reason means, for a reader who has not read the docs. */
const WHY: Record<DropReason, string> = {
  queue_full: 'the queue was full',
  bytes_limit: 'queued spans reached maxQueueBytes',
  already_shutdown: 'ended after shutdown',
  export_failed: 'could not be encoded',
  export_timeout: 'no answer within the export timeout',
  shutdown_timeout: 'still queued when shutdown gave up',
  rejected: 'the collector accepted the request but rejected them (partial success)',
};

const DROP_KEYS = Object.fromEntries(
  Object.keys(WHY).map((reason) => [reason, `export-dropped:${reason}`]),
) as Record<DropReason, string>;

/**
 * The one place that turns export events into lines, so a collector that is down or slow costs the app one
 * line per distinct problem and interval, never a line per span:
 * - the first delivery (info), and the first after failures (info, with the loss so far): "is tracing working?"
 *   is answered in the app's own log;
 * - a failed export (warn, repeats of the same kind of cause limited per minute), with the spans lost so far;
 * - dropped spans (warn, at most one line a minute per reason), with the running total of that reason.
 * It remembers the loss total the last printed line stated (`reportedLoss`) and the errors it saw
 * (`wasReported`), for an exit summary and a global error handler that should not repeat them.
 */
export function reportExportEvents(options: ExportReporterOptions): ExportEventReporter {
  const { diagnostics, target, undelivered } = options;
  let delivery: 'unknown' | 'working' | 'failing' = 'unknown';
  let reportedLoss: number | undefined;
  const reported = new WeakSet<object>();
  const dropped: Record<DropReason, number> = noDrops();

  const delivered = (spans: number) => {
    const again = delivery === 'failing';
    delivery = 'working';
    if (!again) {
      diagnostics.info(`first spans delivered to ${target} (${spans} spans)`);
      return;
    }
    const lost = undelivered();
    const line = `export to ${target} works again (${spans} spans delivered); ${lost} spans not delivered since start`;
    // Hidden by the log level, the line told nobody anything: the exit summary must still say it.
    if (diagnostics.info(line)) reportedLoss = lost;
  };

  const failed = (spans: number, cause: string, error: Error | undefined) => {
    delivery = 'failing';
    if (error !== null && typeof error === 'object') reported.add(error);
    const lost = undelivered();
    const line = `could not export ${spans} spans to ${target}: ${cause}; ${lost} spans not delivered since start`;
    if (diagnostics.warnOnce(`export-failed:${messageShape(cause)}`, line)) reportedLoss = lost;
  };

  // A full queue drops every span that ends: a repeat inside the minute must build nothing. The line is made only
  // when printed (a string per drop was +25 MB of RSS and +900 ns per span in the 1M-span collector-503 benchmark).
  let dropReason: DropReason = 'queue_full';
  let dropLost = 0;
  const dropLine = () => {
    dropLost = undelivered();
    return `${dropped[dropReason]} spans dropped since start (${dropReason}: ${WHY[dropReason]}); ${dropLost} spans not delivered since start`;
  };
  const drop = (reason: DropReason, spans: number) => {
    dropped[reason] += spans;
    dropReason = reason;
    if (diagnostics.warnOnce(DROP_KEYS[reason], dropLine)) reportedLoss = dropLost;
  };

  const rejected = (spans: number, of: number, message: string) => {
    dropped.rejected += spans;
    const lost = undelivered();
    const why = message === '' ? 'no message' : message;
    const line = `collector ${target} rejected ${spans} of ${of} spans: ${why}; ${lost} spans not delivered since start`;
    if (diagnostics.warnOnce('export-rejected', line)) reportedLoss = lost;
  };

  const listener = (event: ExportEvent): void => {
    try {
      if (event.type === 'delivered') {
        if (delivery !== 'working') delivered(event.spans);
      } else if (event.type === 'dropped') {
        if (event.reason === 'rejected')
          rejected(event.spans, event.of ?? event.spans, event.message ?? '');
        else drop(event.reason, event.spans);
      } else failed(event.spans, event.cause, event.error);
    } catch {
      // Reporting must never break exporting.
    }
  };
  return Object.assign(listener, {
    reportedLoss: () => reportedLoss,
    wasReported: (error: unknown) =>
      typeof error === 'object' && error !== null && reported.has(error),
  });
}

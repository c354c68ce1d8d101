/**
 * Encoding time per turn of the event loop: 1 ms while the app is responsive (a 512-span batch
 * usually fits, so it is encoded before export() returns and its spans die young), 4 ms when batches
 * queue behind the encoder. A saturated app (event loop busy > 90 % since the last batch) gets its
 * batch encoded at once: its loop is already blocked, and spans held across turns are promoted by
 * the GC and starve export (measured: 2–5 % of a 1M-span burst dropped with 1–8 ms slices, ~0 at once).
 */
export const SLICE_MILLIS = 1;
export const BACKLOG_SLICE_MILLIS = 4;
export const SATURATED = 0.9;

/**
 * Milliseconds the encoder may run in this turn of the loop. `queuedEncodes` counts encodes started
 * or queued (this one included); `loopUtilization` is the app's event-loop utilization since the
 * previous batch (0..1, NaN when no time passed).
 */
export function sliceBudgetMillis(queuedEncodes: number, loopUtilization: number): number {
  if (queuedEncodes > 1) return BACKLOG_SLICE_MILLIS;
  return loopUtilization > SATURATED ? Infinity : SLICE_MILLIS;
}

import type { ClientRequest } from 'node:http';

/**
 * Body bytes handed to the socket per turn of the event loop. A default 512-span batch is about
 * 120 KB; written at once, the kernel copies it (and, on loopback, delivers it to the reader) inside
 * one syscall that took ~0.4 ms on a busy 2-core machine, and the app's timers wait behind that turn.
 */
export const BODY_SLICE_BYTES = 16 * 1024;

/**
 * Writes `body` and ends the request. While `slice()` says so, one slice per turn (and, when the
 * socket is full, only once it has drained), so no single turn pays for the whole body; as soon as it
 * says not (other exports are waiting: pacing would cap throughput at a slice per turn, and a busy
 * app's turns are long), the rest at once. A body of one slice or less is written at once. Stops
 * quietly if the request is destroyed meanwhile: its 'error' settles the attempt.
 */
export function writeBody(
  request: ClientRequest,
  body: Buffer,
  slice: () => boolean,
  from = 0,
): void {
  if (request.destroyed) return;
  const end = from + BODY_SLICE_BYTES;
  if (end >= body.length || !slice()) {
    request.end(from === 0 ? body : body.subarray(from));
    return;
  }
  // 'drain' can fire inside the same turn when the socket takes a slice at once, so even then the
  // next slice waits for the next turn.
  const next = () => setImmediate(writeBody, request, body, slice, end);
  if (request.write(body.subarray(from, end))) next();
  else request.once('drain', next);
}

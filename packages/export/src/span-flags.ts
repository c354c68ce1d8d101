// OTLP Span.flags / Link.flags: W3C trace flags in the low byte, then "is_remote is known" and "is_remote".
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

export function flagsOf(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}

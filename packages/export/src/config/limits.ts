/**
 * Ten minutes: the longest delay or timeout a setting may ask for. Longer waits help nobody in a process that
 * exports traces, and every one stays far below 2^31-1 ms, past which Node's setTimeout fires at once (with a
 * TimeoutOverflowWarning) instead of late.
 */
export const MAX_DELAY_MILLIS = 600_000;

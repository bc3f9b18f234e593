// Start timestamps (OpenTelemetry "created" times) and counter resets.

/**
 * Whether a start timestamp (OTel "created" time) says the counter restarted
 * between two samples. 0 means unknown; ST == T is OTel's "unknown start".
 */
export function isStartTimestampReset(prevSt: number, prevT: number, curSt: number, curT: number): boolean {
  if (curSt === 0 || curSt >= curT) return false;
  if (curSt < prevT) return false;
  if (curSt > prevT) return true;
  // The current start points at the previous sample: a reset for deltas,
  // not for cumulative series whose start is unknown.
  if (prevSt > prevT) return false;
  return prevSt !== 0 && prevSt !== prevT;
}

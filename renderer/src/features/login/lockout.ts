// Reads the time left on a LOCKED_OUT answer from its params, whichever shape the service sends:
// `until` (ISO time), `seconds` / `retryAfterSeconds`, or `minutes`. Pure.
import type { TillError } from '../../../../service/contract';

/** Epoch milliseconds when the lockout ends, or null when the error carries no time. */
export function lockoutEndsAt(error: TillError, receivedAt: number): number | null {
  const p = error.params ?? {};
  for (const key of ['until', 'lockedUntil']) {
    const v = p[key];
    if (typeof v === 'string') {
      const at = Date.parse(v);
      if (!Number.isNaN(at)) return at;
    }
  }
  for (const key of ['seconds', 'retryAfterSeconds', 'secondsLeft']) {
    const v = Number(p[key]);
    if (Number.isFinite(v) && v > 0) return receivedAt + v * 1000;
  }
  const minutes = Number(p.minutes);
  if (Number.isFinite(minutes) && minutes > 0) return receivedAt + minutes * 60_000;
  return null;
}

// Injected time for the acquirer layer: a wall clock and timers, so tests scale delays down and keep the ratios.
// Never imports service/, web/, cli/, renderer/ or electron.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Promise that resolves after `ms` on the given timers (or at once when aborted). */
export function sleep(timers: Timers, ms: number, signal?: { onAbort(cb: () => void): void }): Promise<void> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(resolve, Math.max(0, ms));
    signal?.onAbort(() => {
      timers.clearTimeout(handle);
      resolve();
    });
  });
}

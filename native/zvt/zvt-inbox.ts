// Ordered queue of incoming APDUs awaited with a deadline; used by the ECR client and the PT simulator alike.
// Pure (timers only): never imports I/O or the service.

export type InboxItem = Uint8Array | 'timeout' | 'closed';

export class Inbox {
  private readonly queue: Uint8Array[] = [];
  private waiter: ((item: InboxItem) => void) | undefined;
  closed = false;

  push(apdu: Uint8Array): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(apdu);
    } else this.queue.push(apdu);
  }

  close(): void {
    this.closed = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.('closed');
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** The next queued APDU without waiting, if any. */
  take(): Uint8Array | undefined {
    return this.queue.shift();
  }

  /** Next APDU; 'timeout' after `ms` (Infinity = wait for ever); 'closed' once closed and drained. */
  next(ms: number): Promise<InboxItem> {
    const item = this.queue.shift();
    if (item) return Promise.resolve(item);
    if (this.closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms)
        ? setTimeout(() => {
            this.waiter = undefined;
            resolve('timeout');
          }, Math.max(0, ms))
        : undefined;
      this.waiter = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
    });
  }
}

// In-memory ByteLink pair: a null-modem cable inside one process, for training mode (driver ↔ simulator without socat)
// and fast tests. Owns nothing else; never imports the service or a device protocol.
import type { ByteLink } from './byte-link';

type DataListener = (chunk: Buffer) => void;
type CloseListener = (error?: Error) => void;

class MemoryLink implements ByteLink {
  peer: MemoryLink | undefined;
  private readonly dataListeners = new Set<DataListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private open = true;

  constructor(readonly address: string) {}

  get isOpen(): boolean {
    return this.open;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new Error(`${this.address}: link closed`));
    const copy = Buffer.from(bytes);
    const peer = this.peer;
    // Deliver on a later macrotask, as a real link would: the writer never re-enters the reader synchronously.
    return new Promise((resolve) =>
      setImmediate(() => {
        if (peer?.open) peer.receive(copy);
        resolve();
      }),
    );
  }

  receive(chunk: Buffer): void {
    for (const l of this.dataListeners) l(chunk);
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: CloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  markClosed(): void {
    if (!this.open) return;
    this.open = false;
    for (const l of this.closeListeners) l();
  }

  async close(): Promise<void> {
    // Pulling the cable: both ends see it.
    this.markClosed();
    this.peer?.markClosed();
  }
}

/** Two linked ByteLinks: bytes written to one arrive at the other. Closing either closes both. */
export function createMemoryLinkPair(name = 'memory'): [ByteLink, ByteLink] {
  const a = new MemoryLink(`${name}:a`);
  const b = new MemoryLink(`${name}:b`);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

// Linux `/dev/usb/lp*` transport: the usblp driver's character device, written as a file and read (non-blocking,
// polled) for the printer's status replies. A ByteLink like serial and TCP. Never imports the service or electron.
import { EventEmitter } from 'node:events';
import { promises as fs, constants } from 'node:fs';
import type { ByteLink } from '../link/byte-link';

export interface UsbLpOptions {
  /** How often to poll for status bytes (usblp has no readiness event in Node's fs). */
  pollMs?: number;
}

const isAgain = (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && (e as { code: string }).code === 'EAGAIN';

export async function openUsbLpLink(path: string, options: UsbLpOptions = {}): Promise<ByteLink> {
  // O_NONBLOCK so a read with no status pending returns EAGAIN instead of parking a libuv thread forever.
  const handle = await fs.open(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
  const emitter = new EventEmitter();
  const pollMs = options.pollMs ?? 20;
  let closed = false;
  let writing: Promise<void> = Promise.resolve();

  const markClosed = (error?: Error) => {
    if (closed) return;
    closed = true;
    emitter.emit('close', error);
  };

  const readLoop = async () => {
    const buf = Buffer.alloc(256);
    while (!closed) {
      try {
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead > 0) {
          emitter.emit('data', Buffer.from(buf.subarray(0, bytesRead)));
          continue;
        }
      } catch (e) {
        if (!isAgain(e)) {
          if (!closed) markClosed(e instanceof Error ? e : new Error(String(e)));
          return;
        }
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };
  void readLoop();

  const writeAll = async (bytes: Uint8Array) => {
    let offset = 0;
    while (offset < bytes.length) {
      if (closed) throw new Error(`${path}: closed`);
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
        offset += bytesWritten;
      } catch (e) {
        // The printer's buffer is full (BUSY): wait and go on; the bytes stay ours until written.
        if (!isAgain(e)) throw e;
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }
  };

  return {
    address: path,
    get isOpen() {
      return !closed;
    },
    write(bytes: Uint8Array): Promise<void> {
      // Serialise writes so two callers never interleave inside one command.
      const next = writing.then(() => writeAll(bytes));
      writing = next.catch(() => undefined);
      return next;
    },
    onData(listener: (chunk: Buffer) => void) {
      emitter.on('data', listener);
      return () => emitter.off('data', listener);
    },
    onClose(listener: (error?: Error) => void) {
      emitter.on('close', listener);
      return () => emitter.off('close', listener);
    },
    async close() {
      if (closed) return;
      markClosed();
      await writing;
      await handle.close();
    },
  };
}

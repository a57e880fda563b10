// Byte links to devices: one duplex interface over a serial port (serialport) or a TCP socket, shared by the
// device drivers and their simulators. Owns opening, writing with drain, and close. Never imports service/ or electron.
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';

export interface ByteLink {
  /** Human-readable address, e.g. `/dev/ttyUSB0@9600` or `tcp://127.0.0.1:20007`. */
  readonly address: string;
  /** Write bytes; resolves when they have been handed to the OS (drained). */
  write(bytes: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes; returns an unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Subscribe to the link closing (remote hang-up, device unplugged, close()). */
  onClose(listener: (error?: Error) => void): () => void;
  readonly isOpen: boolean;
  close(): Promise<void>;
}

export interface SerialLinkOptions {
  path: string;
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  rtscts?: boolean;
  xon?: boolean;
  xoff?: boolean;
}

/** A link address as users type it: a serial path (`/dev/ttyUSB0`, `COM3`, optionally `@baud`) or `tcp://host:port`. */
export type LinkAddress = { kind: 'serial'; options: SerialLinkOptions } | { kind: 'tcp'; host: string; port: number };

export function parseLinkAddress(text: string, defaultBaud = 9600): LinkAddress {
  const trimmed = text.trim();
  if (trimmed.startsWith('tcp://')) {
    const url = new URL(trimmed);
    const port = Number(url.port);
    // Port 0 asks a listener (a simulator) for any free port; a client connecting to it fails plainly.
    if (!url.hostname || url.port === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`Not a TCP address: "${text}" (expected tcp://host:port)`);
    }
    return { kind: 'tcp', host: url.hostname, port };
  }
  if (trimmed === '') throw new Error('Empty device address');
  const [path, baudText] = trimmed.split('@');
  const baudRate = baudText === undefined ? defaultBaud : Number(baudText);
  if (!Number.isInteger(baudRate) || baudRate <= 0) throw new Error(`Bad baud rate in "${text}"`);
  return { kind: 'serial', options: { path: path!, baudRate } };
}

class EmitterLink extends EventEmitter {
  protected closed = false;
  onData(listener: (chunk: Buffer) => void): () => void {
    this.on('data', listener);
    return () => this.off('data', listener);
  }
  onClose(listener: (error?: Error) => void): () => void {
    this.on('close', listener);
    return () => this.off('close', listener);
  }
  protected markClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', error);
  }
}

export async function openSerialLink(options: SerialLinkOptions): Promise<ByteLink> {
  const port = new SerialPort({
    path: options.path,
    baudRate: options.baudRate ?? 9600,
    dataBits: options.dataBits ?? 8,
    parity: options.parity ?? 'none',
    stopBits: options.stopBits ?? 1,
    rtscts: options.rtscts ?? false,
    xon: options.xon ?? false,
    xoff: options.xoff ?? false,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  class SerialByteLink extends EmitterLink implements ByteLink {
    readonly address = `${options.path}@${options.baudRate ?? 9600}`;
    get isOpen(): boolean {
      return !this.closed && port.isOpen;
    }
    write(bytes: Uint8Array): Promise<void> {
      return new Promise((resolve, reject) => {
        port.write(Buffer.from(bytes), (err) => {
          if (err) return reject(err);
          port.drain((drainErr) => (drainErr ? reject(drainErr) : resolve()));
        });
      });
    }
    close(): Promise<void> {
      if (!port.isOpen) {
        this.markClosed();
        return Promise.resolve();
      }
      return new Promise((resolve) => port.close(() => resolve()));
    }
  }
  const link = new SerialByteLink();
  port.on('data', (chunk: Buffer) => link.emit('data', chunk));
  port.on('close', (err?: Error | null) => link['markClosed'](err ?? undefined));
  port.on('error', (err: Error) => link['markClosed'](err));
  return link;
}

/** Wrap an already connected socket (used by TCP clients and by simulators' servers). */
export function socketLink(socket: net.Socket, address: string): ByteLink {
  class SocketByteLink extends EmitterLink implements ByteLink {
    readonly address = address;
    get isOpen(): boolean {
      return !this.closed && !socket.destroyed;
    }
    write(bytes: Uint8Array): Promise<void> {
      return new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new Error(`${address}: connection closed`));
        socket.write(Buffer.from(bytes), (err) => (err ? reject(err) : resolve()));
      });
    }
    close(): Promise<void> {
      return new Promise((resolve) => {
        if (socket.destroyed) {
          this.markClosed();
          return resolve();
        }
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => socket.destroy(), 500).unref();
      });
    }
  }
  const link = new SocketByteLink();
  socket.on('data', (chunk: Buffer) => link.emit('data', chunk));
  socket.on('close', () => link['markClosed']());
  socket.on('error', (err: Error) => link['markClosed'](err));
  return link;
}

export function openTcpLink(host: string, port: number, connectTimeoutMs = 3000): Promise<ByteLink> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`tcp://${host}:${port}: no connection within ${connectTimeoutMs} ms`));
    }, connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socketLink(socket, `tcp://${host}:${port}`));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export function openLink(address: LinkAddress): Promise<ByteLink> {
  return address.kind === 'tcp' ? openTcpLink(address.host, address.port) : openSerialLink(address.options);
}

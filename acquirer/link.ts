// The acquirer link: ISO 8583 over one TCP connection with 2-byte length framing. Tells "never reached" (no
// connection, nothing written) from "outcome unknown" (written, no valid reply) in typed results, because only the
// first is safe to forget. Owns sockets and timers (injected); never imports service/, web/, cli/, renderer/.
import net from 'node:net';
import type { Timers } from './clock';
import { encodeMessage, tryDecodeMessage, type Iso8583Message } from './iso8583/codec';
import { Deframer, frameMessage } from './iso8583/framing';
import type { Iso8583Profile } from './iso8583/profile';
import { replyMatches } from './messages';

export interface LinkOptions {
  host: string;
  port: number;
  profile: Iso8583Profile;
  timers: Timers;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** A reply nobody is waiting for (duplicate, late, after a reversal): logged by the caller, never acted on. */
  onStray?: (message: Iso8583Message) => void;
}

export type NeverReachedReason = 'refused' | 'connect-timeout' | 'connect-error' | 'not-connected';
export type UnknownReason = 'read-timeout' | 'closed' | 'reset' | 'framing-error' | 'invalid-reply' | 'write-error';

export type ConnectResult =
  | { ok: true; connection: AcquirerConnection }
  | { ok: false; outcome: 'never-reached'; reason: NeverReachedReason; detail: string };

export type ExchangeResult =
  | { outcome: 'reply'; reply: Iso8583Message }
  /** Nothing was written: the acquirer cannot have seen the request. */
  | { outcome: 'never-reached'; reason: NeverReachedReason; detail: string }
  /** The request was written (wholly or partly) and no valid matching reply came: it may have been processed. */
  | { outcome: 'unknown'; reason: UnknownReason; detail: string };

type Waiter = { request: Iso8583Message; settle: (result: ExchangeResult) => void };

export class AcquirerConnection {
  private readonly deframer: Deframer;
  private waiter: Waiter | null = null;
  private closedReason: { reason: UnknownReason; detail: string } | null = null;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: LinkOptions,
  ) {
    this.deframer = new Deframer(options.profile.maxMessageLength);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.markClosed(err.code === 'ECONNRESET' ? 'reset' : 'closed', err.message);
    });
    socket.on('close', () => this.markClosed('closed', 'connection closed by the acquirer'));
  }

  get isOpen(): boolean {
    return this.closedReason === null && !this.socket.destroyed;
  }

  /**
   * Send one request and wait for its reply (matched on MTI, STAN, terminal id, UUID). One exchange at a time:
   * the caller serialises. Resolves, never rejects, except for an encode error (a bug in our own message).
   */
  exchange(request: Iso8583Message): Promise<ExchangeResult> {
    if (this.waiter) throw new Error('AcquirerConnection.exchange: one exchange at a time');
    const bytes = frameMessage(encodeMessage(request, this.options.profile));
    if (!this.isOpen) {
      return Promise.resolve({ outcome: 'never-reached', reason: 'not-connected', detail: this.closedReason?.detail ?? 'connection closed' });
    }
    return new Promise<ExchangeResult>((resolve) => {
      const { timers, readTimeoutMs } = this.options;
      const timer = timers.setTimeout(() => {
        // No reply in time: the request may be in the acquirer's books. Drop the connection so a late reply to it
        // can never be read as the answer to something else.
        settle({ outcome: 'unknown', reason: 'read-timeout', detail: `no reply within ${readTimeoutMs} ms` });
        this.close();
      }, readTimeoutMs);
      const settle = (result: ExchangeResult): void => {
        if (this.waiter?.settle !== settle) return;
        this.waiter = null;
        timers.clearTimeout(timer);
        resolve(result);
      };
      this.waiter = { request, settle };
      // From here on the bytes may leave: every failure is "unknown", never "never reached".
      this.socket.write(bytes, (err) => {
        if (err) settle({ outcome: 'unknown', reason: 'write-error', detail: err.message });
      });
    });
  }

  close(): void {
    this.markClosed('closed', 'closed by the till');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Uint8Array[];
    try {
      frames = this.deframer.push(chunk);
    } catch (err) {
      this.markClosed('framing-error', (err as Error).message);
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      const decoded = tryDecodeMessage(frame, this.options.profile);
      if (!decoded.ok) {
        // We cannot tell whose reply this was: the outcome of what is in flight is unknown.
        this.markClosed('invalid-reply', decoded.error.message);
        this.socket.destroy();
        return;
      }
      const waiter = this.waiter;
      if (waiter && replyMatches(waiter.request, decoded.message, this.options.profile)) {
        waiter.settle({ outcome: 'reply', reply: decoded.message });
      } else {
        this.options.onStray?.(decoded.message);
      }
    }
  }

  private markClosed(reason: UnknownReason, detail: string): void {
    if (!this.closedReason) this.closedReason = { reason, detail };
    const waiter = this.waiter;
    if (waiter) {
      const why = this.closedReason;
      const partial = this.deframer.pendingBytes > 0 ? ` (${this.deframer.pendingBytes} bytes of a frame received)` : '';
      waiter.settle({ outcome: 'unknown', reason: why.reason, detail: why.detail + partial });
    }
  }
}

/** Open a connection. Every failure here is "never reached": no request byte has been written yet. */
export function connectAcquirer(options: LinkOptions): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    let done = false;
    const finish = (result: ConnectResult): void => {
      if (done) return;
      done = true;
      options.timers.clearTimeout(timer);
      resolve(result);
    };
    const timer = options.timers.setTimeout(() => {
      socket.destroy();
      finish({ ok: false, outcome: 'never-reached', reason: 'connect-timeout', detail: `no connection within ${options.connectTimeoutMs} ms` });
    }, options.connectTimeoutMs);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      finish({ ok: true, connection: new AcquirerConnection(socket, options) });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      finish({ ok: false, outcome: 'never-reached', reason: err.code === 'ECONNREFUSED' ? 'refused' : 'connect-error', detail: err.message });
    });
  });
}

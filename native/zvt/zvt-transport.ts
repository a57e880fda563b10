// ZVT transport on a ByteLink, shared by the ECR driver and the PT simulator: serial (DLE STX … DLE ETX CRC framing,
// ACK/NAK, T1/T2, three transmissions, duplicate frames) and TCP (raw APDUs cut by length, no ACK/NAK).
// Never imports the service; knows nothing of payments (the application layers above decide what an APDU means).
import type { ByteLink } from '../link/byte-link';
import { ApduReassembler } from './zvt-apdu';
import { bytesEqual } from './zvt-bmp';
import { ACK, NAK, ZvtFrameParser, encodeFrame, toHex, MAX_APDU_BYTES } from './zvt-frame';
import { describeApdu } from './zvt-trace';

/** Protocol timers in ms (PA00P016 §3.5, §5.2). Tests scale them all by one factor so ratios and retries stay real. */
export interface ZvtTimers {
  /** Max gap between two bytes of one frame; on overrun the receiver NAKs. */
  t1Ms: number;
  /** Max wait for ACK/NAK after a frame; on overrun the sender repeats. */
  t2Ms: number;
  /** Max wait between a command and its 80 00 / 84 xx. */
  t3Ms: number;
  /** Max wait between 80 00 and Completion/Abort of a multi-step command (reset by every 04 FF and 04 0F). */
  t4Ms: number;
}

export const ZVT_DEFAULT_TIMERS: Readonly<ZvtTimers> = { t1Ms: 200, t2Ms: 5000, t3Ms: 5000, t4Ms: 180_000 };

/** Same ratios, scaled (e.g. 0.1 in integration tests). */
export function scaleTimers(factor: number, base: Readonly<ZvtTimers> = ZVT_DEFAULT_TIMERS): ZvtTimers {
  const s = (ms: number) => Math.max(1, Math.ceil(ms * factor));
  return { t1Ms: s(base.t1Ms), t2Ms: s(base.t2Ms), t3Ms: s(base.t3Ms), t4Ms: s(base.t4Ms) };
}

/** A message is repeated at most twice: three transmissions in total (PA00P016 §3.5). */
export const MAX_TRANSMISSIONS = 3;

export class ZvtTransmissionError extends Error {
  override readonly name = 'ZvtTransmissionError';
  constructor(
    message: string,
    /** 'nak' | 'no-ack' per attempt: what the peer did with each of the three transmissions. */
    readonly attempts: ('nak' | 'no-ack')[],
  ) {
    super(message);
  }
}

export class ZvtLinkClosedError extends Error {
  override readonly name = 'ZvtLinkClosedError';
}

export type TraceKind =
  | 'frame'
  | 'ack'
  | 'nak'
  | 'bad-crc'
  | 'bad-escape'
  | 'overflow'
  | 'garbage'
  | 't1-timeout'
  | 't2-timeout'
  | 'retransmit'
  | 'duplicate'
  | 'implicit-ack'
  | 'transmission-failed'
  | 'link-closed';

export interface ZvtTraceEvent {
  /** ms since epoch (from the injected clock). */
  at: number;
  direction: 'in' | 'out' | 'local';
  kind: TraceKind;
  /** Bytes on the wire (framed for serial). */
  hex: string;
  /** Human meaning: the decoded APDU for frames, or what happened. */
  meaning: string;
}

/** Fault injection hooks: only the simulator sets these (tests of the ECR's handling of a misbehaving PT). */
export interface TransportFaults {
  /** Per outgoing transmission (attempt 1..3). */
  onTransmit?(apdu: Uint8Array, attempt: number): { corruptCrc?: boolean; splitDelayMs?: number; splitParts?: number; duplicate?: boolean } | undefined;
  /** Per good incoming frame: 'drop-ack' = process it but the ACK is "lost"; 'lose' = as if it never arrived. */
  onReceive?(apdu: Uint8Array): 'normal' | 'drop-ack' | 'lose';
}

export interface ZvtTransport {
  readonly kind: 'serial' | 'tcp';
  readonly link: ByteLink;
  readonly isOpen: boolean;
  /**
   * Send one APDU. Serial: resolves once the peer ACKed it (or answered with a frame, which implies receipt in this
   * half-duplex protocol); rejects ZvtTransmissionError after three failed transmissions. TCP: resolves once written.
   * Rejects ZvtLinkClosedError if the link closes first. Sends are queued: one frame in flight at a time.
   */
  send(apdu: Uint8Array): Promise<void>;
  /** Good, de-duplicated incoming APDUs (already ACKed on serial). */
  onApdu(listener: (apdu: Uint8Array) => void): () => void;
  onClose(listener: (error?: Error) => void): () => void;
  onTrace(listener: (event: ZvtTraceEvent) => void): () => void;
  faults: TransportFaults | undefined;
  /** Stop listening to the link without closing it (the simulator's "power loss" on a cable that stays plugged in). */
  detach(): void;
  /** Detach and close the link. */
  close(): Promise<void>;
}

export interface TransportOptions {
  timers?: Partial<ZvtTimers>;
  clock?: () => number;
  faults?: TransportFaults;
  maxApduBytes?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

abstract class BaseTransport {
  readonly timers: ZvtTimers;
  faults: TransportFaults | undefined;
  protected readonly clock: () => number;
  protected readonly unsubscribe: (() => void)[] = [];
  private readonly apduListeners = new Set<(apdu: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private readonly traceListeners = new Set<(event: ZvtTraceEvent) => void>();
  protected detached = false;
  protected closedError: Error | undefined;
  private sendChain: Promise<unknown> = Promise.resolve();
  private writeChain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly link: ByteLink,
    options: TransportOptions,
  ) {
    this.timers = { ...ZVT_DEFAULT_TIMERS, ...options.timers };
    this.clock = options.clock ?? Date.now;
    this.faults = options.faults;
    this.unsubscribe.push(link.onData((chunk) => this.onBytes(new Uint8Array(chunk))));
    this.unsubscribe.push(link.onClose((error) => this.handleClose(error)));
  }

  get isOpen(): boolean {
    return !this.detached && this.closedError === undefined && this.link.isOpen;
  }

  protected abstract onBytes(chunk: Uint8Array): void;
  protected abstract transmit(apdu: Uint8Array): Promise<void>;

  onApdu(listener: (apdu: Uint8Array) => void): () => void {
    this.apduListeners.add(listener);
    return () => this.apduListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  onTrace(listener: (event: ZvtTraceEvent) => void): () => void {
    this.traceListeners.add(listener);
    return () => this.traceListeners.delete(listener);
  }

  protected trace(direction: ZvtTraceEvent['direction'], kind: TraceKind, bytes: Uint8Array, meaning: string): void {
    if (this.traceListeners.size === 0) return;
    const event: ZvtTraceEvent = { at: this.clock(), direction, kind, hex: toHex(bytes), meaning };
    for (const l of this.traceListeners) {
      try {
        l(event);
      } catch {
        // A broken trace consumer must not break the payment.
      }
    }
  }

  protected deliver(apdu: Uint8Array): void {
    for (const l of this.apduListeners) l(apdu);
  }

  protected handleClose(error?: Error): void {
    if (this.closedError) return;
    this.closedError = error ?? new ZvtLinkClosedError(`${this.link.address}: link closed`);
    this.trace('local', 'link-closed', new Uint8Array(0), this.closedError.message);
    this.onClosed();
    for (const l of this.closeListeners) l(error);
  }

  protected onClosed(): void {}

  send(apdu: Uint8Array): Promise<void> {
    const run = async () => {
      if (!this.isOpen) throw new ZvtLinkClosedError(`${this.link.address}: link not open`);
      await this.transmit(apdu);
    };
    const result = this.sendChain.then(run, run);
    this.sendChain = result.catch(() => undefined);
    return result;
  }

  /** Raw writes are serialised so an ACK byte never lands inside one of our own frames being written in parts. */
  protected write(bytes: Uint8Array, splitParts = 1, splitDelayMs = 0): Promise<void> {
    const run = async () => {
      if (!this.isOpen) throw new ZvtLinkClosedError(`${this.link.address}: link not open`);
      if (splitParts <= 1 || bytes.length < 2) {
        await this.link.write(bytes);
        return;
      }
      const size = Math.ceil(bytes.length / splitParts);
      for (let o = 0; o < bytes.length; o += size) {
        if (o > 0) await sleep(splitDelayMs);
        await this.link.write(bytes.subarray(o, o + size));
      }
    };
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  detach(): void {
    if (this.detached) return;
    this.detached = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.onClosed();
  }

  async close(): Promise<void> {
    this.detach();
    await this.link.close();
  }
}

type AckWaiter = (result: 'ack' | 'nak' | 'implicit' | 'timeout') => void;

class SerialZvtTransport extends BaseTransport implements ZvtTransport {
  readonly kind = 'serial' as const;
  private readonly parser: ZvtFrameParser;
  private t1Timer: NodeJS.Timeout | undefined;
  private ackWaiter: AckWaiter | undefined;
  /** Last APDU delivered, and whether one of our frames completed since: the retransmission test (below). */
  private lastReceived: Uint8Array | undefined;
  private transmittedSinceReceive = true;
  /** Counts incoming chunks, so a late T1 check can tell whether bytes arrived meanwhile. */
  private rxSeq = 0;

  constructor(link: ByteLink, options: TransportOptions) {
    super(link, options);
    this.parser = new ZvtFrameParser(options.maxApduBytes ?? MAX_APDU_BYTES);
  }

  protected override onClosed(): void {
    clearTimeout(this.t1Timer);
    this.parser.reset();
    this.settleAck('nak');
  }

  protected onBytes(chunk: Uint8Array): void {
    clearTimeout(this.t1Timer);
    for (const event of this.parser.push(chunk)) {
      switch (event.type) {
        case 'ack':
        case 'nak':
          this.trace('in', event.type, Uint8Array.of(event.type === 'ack' ? ACK : NAK), event.type === 'ack' ? 'ACK' : 'NAK');
          this.settleAck(event.type);
          break;
        case 'frame':
          this.onFrame(event.apdu, event.raw);
          break;
        case 'bad-crc':
          this.trace('in', 'bad-crc', event.raw, `CRC error (expected ${event.expected.toString(16)}, got ${event.received.toString(16)}): ${describeApdu(event.apdu)}`);
          this.sendControl(NAK);
          break;
        case 'bad-escape':
          this.trace('in', 'bad-escape', event.raw, 'framing error: DLE followed by neither DLE nor ETX');
          this.sendControl(NAK);
          break;
        case 'overflow':
          this.trace('in', 'overflow', new Uint8Array(0), `frame longer than ${MAX_APDU_BYTES} bytes dropped`);
          this.sendControl(NAK);
          break;
        case 'garbage':
          this.trace('in', 'garbage', event.bytes, 'bytes outside a frame (ignored)');
          break;
      }
    }
    this.rxSeq++;
    if (this.parser.inFrame && !this.detached) {
      const seq = this.rxSeq;
      this.t1Timer = setTimeout(() => {
        // Hazard: after an event-loop stall (GC, a busy machine) timers run before pending reads, so an expired T1
        // may only mean we have not looked yet. Let the poll phase deliver what is waiting, then decide.
        setImmediate(() => {
          if (this.rxSeq !== seq || !this.parser.inFrame || this.detached) return;
          // T1 overrun inside a frame: drop it and NAK, the sender repeats the whole frame.
          this.parser.reset();
          this.trace('local', 't1-timeout', new Uint8Array(0), `no byte for ${this.timers.t1Ms} ms inside a frame: NAK`);
          this.sendControl(NAK);
        });
      }, this.timers.t1Ms);
    }
  }

  private onFrame(apdu: Uint8Array, raw: Uint8Array): void {
    const decision = this.faults?.onReceive?.(apdu) ?? 'normal';
    if (decision === 'lose') {
      this.trace('in', 'frame', raw, `${describeApdu(apdu)} [fault: lost]`);
      return;
    }
    this.trace('in', 'frame', raw, describeApdu(apdu));
    if (this.ackWaiter) {
      // Half duplex: the peer only speaks after it has our frame, so a frame while we wait for ACK means our ACK
      // byte was lost. Treating it as the ACK avoids repeating a frame the peer already acted on.
      this.trace('local', 'implicit-ack', new Uint8Array(0), 'frame received while waiting for ACK: taken as ACK');
      this.settleAck('implicit');
    }
    if (decision === 'drop-ack') this.trace('local', 'ack', new Uint8Array(0), 'ACK withheld [fault: dropped ACK]');
    else this.sendControl(ACK);
    // Every ZVT APDU is answered at application level, so the peer never sends the same APDU twice in a row unless
    // it is repeating a frame whose ACK it missed. Print lines may legitimately repeat, but only after our reply.
    if (this.lastReceived && !this.transmittedSinceReceive && bytesEqual(this.lastReceived, apdu)) {
      this.trace('local', 'duplicate', new Uint8Array(0), `duplicate of the previous frame (ACKed again, not processed): ${describeApdu(apdu)}`);
      return;
    }
    this.lastReceived = apdu;
    this.transmittedSinceReceive = false;
    this.deliver(apdu);
  }

  /**
   * Settle the pending ACK wait synchronously. Hazard: an ACK and the peer's next frame often arrive in one chunk; the
   * frame's duplicate check must already see our transmission as complete, or a legitimate repeat (80 00 00 after
   * 80 00 00) would be dropped as a retransmission.
   */
  private settleAck(result: 'ack' | 'nak' | 'implicit' | 'timeout'): void {
    const waiter = this.ackWaiter;
    if (!waiter) return;
    this.ackWaiter = undefined;
    if (result === 'ack' || result === 'implicit') this.transmittedSinceReceive = true;
    waiter(result);
  }

  private sendControl(byte: number): void {
    this.trace('out', byte === ACK ? 'ack' : 'nak', Uint8Array.of(byte), byte === ACK ? 'ACK' : 'NAK');
    this.write(Uint8Array.of(byte)).catch(() => undefined); // a dead link surfaces through onClose
  }

  protected async transmit(apdu: Uint8Array): Promise<void> {
    const attempts: ('nak' | 'no-ack')[] = [];
    for (let attempt = 1; attempt <= MAX_TRANSMISSIONS; attempt++) {
      const fault = this.faults?.onTransmit?.(apdu, attempt);
      const frame = encodeFrame(apdu);
      if (fault?.corruptCrc) frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
      let settle: AckWaiter = () => undefined;
      const answer = new Promise<'ack' | 'nak' | 'implicit' | 'timeout'>((resolve) => (settle = resolve));
      // Listen for the answer before the first byte goes out: a fast NAK (e.g. T1 during a slow write) must not be missed.
      this.ackWaiter = settle;
      if (attempt > 1) this.trace('local', 'retransmit', new Uint8Array(0), `transmission ${attempt} of ${MAX_TRANSMISSIONS}`);
      this.trace('out', 'frame', frame, describeApdu(apdu) + (fault?.corruptCrc ? ' [fault: CRC corrupted]' : ''));
      try {
        await this.write(frame, fault?.splitParts ?? (fault?.splitDelayMs ? 4 : 1), fault?.splitDelayMs ?? 0);
        if (fault?.duplicate) {
          this.trace('out', 'frame', frame, `${describeApdu(apdu)} [fault: duplicate]`);
          await this.write(frame);
        }
      } catch (error) {
        this.ackWaiter = undefined;
        throw error instanceof ZvtLinkClosedError ? error : new ZvtLinkClosedError(String(error));
      }
      const timer = setTimeout(() => this.settleAck('timeout'), this.timers.t2Ms);
      const result = await answer;
      clearTimeout(timer);
      if (this.ackWaiter === settle) this.ackWaiter = undefined;
      if (this.closedError || this.detached) throw new ZvtLinkClosedError(this.closedError?.message ?? 'transport detached');
      if (result === 'ack' || result === 'implicit') return;
      if (result === 'timeout') this.trace('local', 't2-timeout', new Uint8Array(0), `no ACK within ${this.timers.t2Ms} ms`);
      attempts.push(result === 'nak' ? 'nak' : 'no-ack');
    }
    this.trace('local', 'transmission-failed', new Uint8Array(0), `no ACK after ${MAX_TRANSMISSIONS} transmissions: ${describeApdu(apdu)}`);
    throw new ZvtTransmissionError(`ZVT: ${describeApdu(apdu)} not acknowledged after ${MAX_TRANSMISSIONS} transmissions (${attempts.join(', ')})`, attempts);
  }
}

class TcpZvtTransport extends BaseTransport implements ZvtTransport {
  readonly kind = 'tcp' as const;
  private readonly reassembler = new ApduReassembler();

  protected override onClosed(): void {
    this.reassembler.reset();
  }

  protected onBytes(chunk: Uint8Array): void {
    for (const apdu of this.reassembler.push(chunk)) {
      const decision = this.faults?.onReceive?.(apdu) ?? 'normal';
      this.trace('in', 'frame', apdu, describeApdu(apdu) + (decision === 'lose' ? ' [fault: lost]' : ''));
      if (decision !== 'lose') this.deliver(apdu);
    }
  }

  protected async transmit(apdu: Uint8Array): Promise<void> {
    const fault = this.faults?.onTransmit?.(apdu, 1);
    this.trace('out', 'frame', apdu, describeApdu(apdu));
    try {
      await this.write(apdu, fault?.splitParts ?? (fault?.splitDelayMs ? 4 : 1), fault?.splitDelayMs ?? 0);
    } catch (error) {
      throw error instanceof ZvtLinkClosedError ? error : new ZvtLinkClosedError(String(error));
    }
  }
}

export function createZvtTransport(link: ByteLink, kind: 'serial' | 'tcp', options: TransportOptions = {}): ZvtTransport {
  return kind === 'serial' ? new SerialZvtTransport(link, options) : new TcpZvtTransport(link, options);
}

/** Transport kind for a link address as users type it. */
export function transportKindFor(address: string): 'serial' | 'tcp' {
  return address.trim().startsWith('tcp://') ? 'tcp' : 'serial';
}


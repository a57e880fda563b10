// The virtual ESC/POS printer: decodes the byte stream into the receipt document model, answers DLE EOT / GS r / ASB
// from a scriptable state (paper near end / out, cover open, offline, powered off, slow), and stops printing while it
// cannot print, keeping unprinted bytes so nothing is lost or doubled. Serves tests, `npm run sim:printer` and
// training mode. Never imports the service, the db or electron.
import net from 'node:net';
import { openSerialLink, socketLink, type ByteLink } from '../link/byte-link';
import { Interpreter, Tokenizer, decodeEscPos, type DecodeEvent, type Effect } from './escpos-decoder';
import type { TextEncoding } from './profiles';
import { docToText, type Block, type ReceiptDoc } from './receipt-doc';
import { renderPng, renderSvg } from './receipt-svg';
import { CLEAN_STATUS, encodeAsb, encodeRealtime, type PrinterStatus } from './status';

export { renderPng, renderSvg } from './receipt-svg';

export interface VirtualPrinterState {
  /** Off or unplugged: every byte is dropped, nothing is answered, the receive buffer is lost. */
  powered: boolean;
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  /** Offline with no other cause (online switch, waiting for recovery). */
  offline: boolean;
  cutterError: boolean;
  /** Slow mechanism: time per printed line / code / image / cut. */
  lineDelayMs: number;
  /** Drawer connector pin 3 level. */
  drawerPin3High: boolean;
}

export interface VirtualPrinterOptions {
  /** Font of the Chinese mode: 'gb18030' (Epson Chinese models) or 'cp936' (GBK clones). */
  encoding?: TextEncoding;
  /** Clones power up in Chinese mode (and return to it on ESC @). */
  chineseAtInit?: boolean;
  columns?: number;
  /** Injected timer for the slow-printer delay (tests scale it). */
  sleep?: (ms: number) => Promise<void>;
  logos?: Record<number, { widthDots: number; heightDots: number; bits: Uint8Array }>;
  /**
   * Emulate a serial wire: bytes become visible to the printer at this rate (baud/10). Ptys pass bytes at memory
   * speed whatever baud is set, so without this a throughput measurement would say nothing about the line rate.
   */
  wireBytesPerSec?: number;
  initial?: Partial<VirtualPrinterState>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class VirtualPrinter {
  private st: VirtualPrinterState;
  private tokens = new Tokenizer();
  private interp: Interpreter;
  private readonly senders = new Set<(bytes: Uint8Array) => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private pumping = false;
  private asbMask = 0;
  private rt: number[] = [];
  private paperOutCountdown: number | undefined;
  /** Bytes received while powered (for throughput measurement and tests). */
  bytesReceived = 0;
  pulses = 0;

  constructor(private readonly options: VirtualPrinterOptions = {}) {
    this.st = { powered: true, paper: 'ok', coverOpen: false, offline: false, cutterError: false, lineDelayMs: 0, drawerPin3High: false, ...options.initial };
    this.interp = this.newInterpreter();
  }

  private newInterpreter(): Interpreter {
    return new Interpreter({
      encoding: this.options.encoding ?? 'gb18030',
      chineseAtInit: this.options.chineseAtInit ?? false,
      realtimeInStream: false,
    });
  }

  get columns(): number {
    return this.options.columns ?? 48;
  }

  state(): VirtualPrinterState {
    return { ...this.st };
  }

  /** What DLE EOT / ASB report for the current state. */
  status(): PrinterStatus {
    const s = this.st;
    const paperOut = s.paper === 'out';
    return {
      ...CLEAN_STATUS,
      paperOut,
      paperNearEnd: s.paper === 'near-end',
      coverOpen: s.coverOpen,
      cutterError: s.cutterError,
      error: s.cutterError,
      offline: s.offline || paperOut || s.coverOpen || s.cutterError,
      drawerPin3High: s.drawerPin3High,
    };
  }

  /** Change the scripted state; sends ASB on a change (if enabled) and resumes printing when it can. */
  setState(patch: Partial<VirtualPrinterState>): void {
    const before = encodeAsb(this.status()).join(',');
    const wasPowered = this.st.powered;
    this.st = { ...this.st, ...patch };
    if (wasPowered && !this.st.powered) {
      // Power off loses the receive buffer and the modes, as on a real printer.
      this.tokens.clear();
      this.wire = [];
      const printed = this.interp.blocks.splice(0);
      this.interp = this.newInterpreter();
      this.interp.blocks.push(...printed);
      this.asbMask = 0;
      this.rt = [];
    }
    if (this.st.powered && encodeAsb(this.status()).join(',') !== before) this.sendAsb();
    void this.pump();
  }

  /** Script: the paper runs out right after `lines` more text lines have printed (mid-receipt). */
  paperOutAfterLines(lines: number): void {
    this.paperOutCountdown = lines;
  }

  /** Bytes from the host. Real-time commands act at once; everything else is printed in order when possible. */
  receive(chunk: Uint8Array): void {
    if (!this.st.powered) return;
    if (this.options.wireBytesPerSec) {
      this.wire.push(Uint8Array.from(chunk));
      this.pace();
      return;
    }
    this.arrive(chunk);
  }

  private wire: Uint8Array[] = [];
  private pacing = false;

  /** Release queued bytes at the wire rate, in 2 ms slices. */
  private pace(): void {
    if (this.pacing) return;
    this.pacing = true;
    const rate = this.options.wireBytesPerSec!;
    let last = performance.now();
    let credit = 0;
    const tick = () => {
      const now = performance.now();
      credit += ((now - last) * rate) / 1000;
      last = now;
      while (this.wire.length > 0 && credit >= 1) {
        const head = this.wire[0]!;
        const n = Math.min(head.length, Math.floor(credit));
        this.arrive(head.subarray(0, n));
        credit -= n;
        if (n === head.length) this.wire.shift();
        else this.wire[0] = head.subarray(n);
      }
      if (this.wire.length === 0) {
        this.pacing = false;
        return;
      }
      setTimeout(tick, 2);
    };
    setTimeout(tick, 2);
  }

  private arrive(chunk: Uint8Array): void {
    if (!this.st.powered) return;
    this.bytesReceived += chunk.length;
    this.scanRealtime(chunk);
    this.tokens.push(chunk);
    void this.pump();
  }

  /** Subscribe to bytes the printer sends back (status replies, ASB). */
  onSend(listener: (bytes: Uint8Array) => void): () => void {
    this.senders.add(listener);
    return () => this.senders.delete(listener);
  }

  /** Send arbitrary bytes to the host (tests: unprompted status, line noise). */
  sendRaw(bytes: Uint8Array | number[]): void {
    const b = Uint8Array.from(bytes);
    for (const s of this.senders) s(b);
  }

  /** Connect to a byte link (the printer side of a pty pair or an accepted TCP socket). */
  attach(link: ByteLink): () => void {
    const offData = link.onData((chunk) => this.receive(chunk));
    const offSend = this.onSend((bytes) => {
      link.write(bytes).catch(() => undefined);
    });
    return () => {
      offData();
      offSend();
    };
  }

  /** Unprocessed bytes in the receive buffer (held while the printer cannot print). */
  get pendingBytes(): number {
    return this.tokens.pending;
  }

  /** Resolves once everything printable has been printed (or printing is blocked). */
  whenIdle(): Promise<void> {
    if (!this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Everything printed since power-on (text lines, codes, images, cuts, pulses). */
  printed(): Block[] {
    return [...this.interp.blocks];
  }

  /** Protocol events seen (init, code page, Chinese mode, status requests, unknown commands). */
  events(): DecodeEvent[] {
    return [...this.interp.events];
  }

  /** The printed output cut into pieces of paper: each ends with its cut (pulses right after a cut stay with it). */
  receipts(): ReceiptDoc[] {
    const pieces: ReceiptDoc[] = [];
    let current: Block[] = [];
    for (const block of this.interp.blocks) {
      if (block.type === 'pulse' && current.length === 0 && pieces.length > 0) {
        pieces[pieces.length - 1]!.blocks.push(block);
        continue;
      }
      current.push(block);
      if (block.type === 'cut') {
        pieces.push({ blocks: current });
        current = [];
      }
    }
    if (current.length > 0) pieces.push({ blocks: current });
    return pieces;
  }

  /** Forget the printed output (the receive buffer and state stay). */
  clearPrinted(): void {
    this.interp.blocks.splice(0);
    this.interp.events.splice(0);
  }

  svg(doc: ReceiptDoc = { blocks: this.printed() }): string {
    return renderSvg(doc, { columns: this.columns, logos: this.options.logos });
  }

  png(doc?: ReceiptDoc): Uint8Array {
    return renderPng(this.svg(doc));
  }

  text(doc: ReceiptDoc = { blocks: this.printed() }): string {
    return docToText(doc, this.columns).join('\n');
  }

  private canPrint(): boolean {
    const s = this.st;
    return s.powered && s.paper !== 'out' && !s.coverOpen && !s.offline && !s.cutterError;
  }

  private send(bytes: number[]): void {
    if (!this.st.powered) return;
    this.sendRaw(bytes);
  }

  private sendAsb(): void {
    if (this.asbMask !== 0) this.send(encodeAsb(this.status()));
  }

  /** Real-time commands are acted on as bytes arrive, even while printing is stopped (that is their point). */
  private scanRealtime(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (this.rt.length === 0) {
        if (b === 0x10) this.rt.push(b);
        continue;
      }
      this.rt.push(b);
      const [, c1, c2] = this.rt;
      if (this.rt.length === 2) {
        if (c1 !== 0x04 && c1 !== 0x05 && c1 !== 0x14) this.rt = b === 0x10 ? [b] : [];
        continue;
      }
      if (c1 === 0x04 && this.rt.length === 3) {
        if (c2! >= 1 && c2! <= 4) this.send([encodeRealtime(c2 as 1 | 2 | 3 | 4, this.status())]);
        this.rt = [];
      } else if (c1 === 0x05 && this.rt.length === 3) {
        // DLE ENQ 1/2: recover from a recoverable error (our cutter error); 2 also clears the receive buffer.
        if (c2 === 1 || c2 === 2) this.setState({ cutterError: false });
        if (c2 === 2) this.tokens.clear();
        this.rt = [];
      } else if (c1 === 0x14) {
        if (this.rt.length === 3 && c2 !== 1) this.rt = [];
        else if (this.rt.length === 5) {
          this.interp.blocks.push({ type: 'pulse', pin: this.rt[3] === 0 ? 2 : 5, onMs: this.rt[4]! * 100, offMs: this.rt[4]! * 100 });
          this.pulses++;
          this.rt = [];
        }
      }
    }
  }

  private handle(effects: Effect[]): boolean {
    let printedSomething = false;
    for (const e of effects) {
      if (e.type === 'printed') {
        printedSomething = true;
        if (e.what === 'line' && this.paperOutCountdown !== undefined && --this.paperOutCountdown <= 0) {
          this.paperOutCountdown = undefined;
          this.setState({ paper: 'out' });
        }
      } else if (e.type === 'pulse') this.pulses++;
      else if (e.type === 'asb-mask') {
        this.asbMask = e.mask;
        // GS a: the first ASB goes out at once, later ones on every change.
        this.sendAsb();
      } else if (e.type === 'in-sequence-status') {
        const s = this.status();
        this.send([e.n === 2 ? (s.drawerPin3High ? 0x01 : 0) : (s.paperNearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0)]);
      }
    }
    return printedSomething;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.canPrint()) {
        const tok = this.tokens.next(this.interp.chinese);
        if (!tok) break;
        const printed = this.handle(this.interp.apply(tok));
        if (printed && this.st.lineDelayMs > 0) await (this.options.sleep ?? defaultSleep)(this.st.lineDelayMs);
      }
    } finally {
      this.pumping = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}

/** Serve a virtual printer on a TCP port (9100 style); one connection at a time, like a real network printer. */
export async function serveVirtualPrinterTcp(vp: VirtualPrinter, port: number, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const link = socketLink(socket, `tcp://${socket.remoteAddress}:${socket.remotePort}`);
    const detach = vp.attach(link);
    socket.on('close', () => {
      detach();
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Attach a virtual printer to a serial device (e.g. the far end of a socat pty pair). */
export async function serveVirtualPrinterSerial(vp: VirtualPrinter, path: string, baudRate = 115200): Promise<{ link: ByteLink; close(): Promise<void> }> {
  const link = await openSerialLink({ path, baudRate });
  const detach = vp.attach(link);
  return {
    link,
    close: async () => {
      detach();
      await link.close();
    },
  };
}

export interface Preview {
  doc: ReceiptDoc;
  svg: string;
  text: string;
  events: DecodeEvent[];
}

/**
 * Training mode and the receipt preview: decode the exact bytes that would go to the printer and render them.
 * In-process, no I/O (PNG on demand with `renderPng(preview.svg)`).
 */
export function previewEscPos(bytes: Uint8Array, options: { columns: number; encoding?: TextEncoding; chineseAtInit?: boolean }): Preview {
  const result = decodeEscPos(bytes, { encoding: options.encoding ?? 'gb18030', chineseAtInit: options.chineseAtInit ?? false });
  const doc: ReceiptDoc = { blocks: result.blocks };
  return { doc, svg: renderSvg(doc, { columns: options.columns }), text: docToText(doc, options.columns).join('\n'), events: result.events };
}

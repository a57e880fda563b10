// Printer status decoding: DLE EOT 1..4 replies, GS a automatic status (ASB) and a chunk-safe classifier for the
// printer's return stream (real-time replies, ASB, GS r replies, XON/XOFF). Pure; never imports I/O.

export interface PrinterStatus {
  /** Printer reports offline (paper out, cover open, error, or waiting for recovery). */
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  /** Any error bit: mechanical/recoverable, autocutter, unrecoverable, auto-recoverable (e.g. head overheat). */
  error: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  /** Drawer connector pin 3 level (drawer open or closed depends on the switch: a per-site setting). */
  drawerPin3High: boolean;
  feedButton: boolean;
}

export const CLEAN_STATUS: PrinterStatus = {
  offline: false,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  error: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  drawerPin3High: false,
  feedButton: false,
};

/** A DLE EOT reply has the fixed pattern 0xx1xx10 (TM-T88III spec, Appendix G). */
export const isRealtimeReply = (b: number): boolean => (b & 0x93) === 0x12;
/** First ASB byte: 0xx1xx00. */
export const isAsbHeader = (b: number): boolean => (b & 0x93) === 0x10;
/** ASB bytes 2–4, GS r and GS I replies: 0xx0xxxx. */
export const isPlainReply = (b: number): boolean => (b & 0x90) === 0;

const bit = (b: number, n: number) => (b & (1 << n)) !== 0;

/** Decode the four DLE EOT replies (n = 1, 2, 3, 4) into one status. Throws on a byte that is not a reply. */
export function decodeRealtime(replies: [number, number, number, number]): PrinterStatus {
  replies.forEach((b, i) => {
    if (!isRealtimeReply(b)) throw new Error(`DLE EOT ${i + 1}: 0x${b.toString(16)} is not a real-time status reply`);
  });
  const [p, o, e, r] = replies;
  const cutterError = bit(e, 3);
  const unrecoverableError = bit(e, 5);
  const autoRecoverableError = bit(e, 6);
  return {
    offline: bit(p, 3),
    drawerPin3High: bit(p, 2),
    feedButton: bit(p, 6) || bit(o, 3),
    coverOpen: bit(o, 2),
    paperOut: bit(o, 5) || (r & 0x60) !== 0,
    paperNearEnd: (r & 0x0c) !== 0,
    error: bit(o, 6) || bit(e, 2) || cutterError || unrecoverableError || autoRecoverableError,
    cutterError,
    unrecoverableError,
    autoRecoverableError,
  };
}

/** Decode a 4-byte ASB message (GS a). */
export function decodeAsb(bytes: [number, number, number, number]): PrinterStatus {
  const [b1, b2, b3] = bytes;
  if (!isAsbHeader(b1)) throw new Error(`ASB: 0x${b1.toString(16)} is not an ASB first byte`);
  const cutterError = bit(b2, 3);
  const unrecoverableError = bit(b2, 5);
  const autoRecoverableError = bit(b2, 6);
  return {
    offline: bit(b1, 3),
    drawerPin3High: bit(b1, 2),
    coverOpen: bit(b1, 5),
    feedButton: bit(b1, 6) || bit(b2, 1),
    paperNearEnd: (b3 & 0x03) !== 0,
    paperOut: (b3 & 0x0c) !== 0,
    error: bit(b2, 2) || cutterError || unrecoverableError || autoRecoverableError,
    cutterError,
    unrecoverableError,
    autoRecoverableError,
  };
}

/** Build the replies a printer in `s` would send (used by the virtual printer; the inverse of the decoders). */
export function encodeRealtime(n: 1 | 2 | 3 | 4, s: PrinterStatus): number {
  let b = 0x12;
  if (n === 1) b |= (s.drawerPin3High ? 0x04 : 0) | (s.offline ? 0x08 : 0) | (s.feedButton ? 0x40 : 0);
  if (n === 2) b |= (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0);
  if (n === 3) {
    const mechanical = s.error && !s.cutterError && !s.unrecoverableError && !s.autoRecoverableError;
    b |= (mechanical ? 0x04 : 0) | (s.cutterError ? 0x08 : 0) | (s.unrecoverableError ? 0x20 : 0) | (s.autoRecoverableError ? 0x40 : 0);
  }
  if (n === 4) b |= (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
  return b;
}

export function encodeAsb(s: PrinterStatus): [number, number, number, number] {
  const mechanical = s.error && !s.cutterError && !s.unrecoverableError && !s.autoRecoverableError;
  return [
    0x10 | (s.drawerPin3High ? 0x04 : 0) | (s.offline ? 0x08 : 0) | (s.coverOpen ? 0x20 : 0) | (s.feedButton ? 0x40 : 0),
    (mechanical ? 0x04 : 0) | (s.cutterError ? 0x08 : 0) | (s.unrecoverableError ? 0x20 : 0) | (s.autoRecoverableError ? 0x40 : 0),
    (s.paperNearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0),
    0,
  ];
}

export type StatusProblemCode = 'paper-out' | 'cover-open' | 'offline' | 'error' | 'cutter-error' | 'paper-near-end' | 'no-reply';

/** Cashier words (UX.md: say what happened and what to do), English and Chinese. */
export const STATUS_WORDS: Record<StatusProblemCode | 'ok', { en: string; zh: string }> = {
  ok: { en: 'Printer ready', zh: '小票打印机就绪' },
  'paper-near-end': { en: 'Paper near end: have a new roll ready', zh: '纸将用完：请备好新纸卷' },
  'paper-out': { en: 'Printer out of paper: load a new roll; the receipt will print by itself', zh: '打印机缺纸：请装入新纸卷，小票会自动打印' },
  'cover-open': { en: 'Printer cover open: close the cover; the receipt will print by itself', zh: '打印机盖打开：请关好上盖，小票会自动打印' },
  offline: { en: 'Printer offline: check the printer', zh: '打印机离线：请检查打印机' },
  error: { en: 'Printer error: switch the printer off and on', zh: '打印机故障：请关闭后重新打开打印机' },
  'cutter-error': { en: 'Printer cutter jammed: open the cover and clear the paper', zh: '打印机切刀卡纸：请打开上盖清理纸张' },
  'no-reply': { en: 'Printer not answering: check power and cable', zh: '打印机无响应：请检查电源和连接线' },
};

/** Problems in priority order (the first one is what the cashier is told). Near end is a warning, not a stop. */
export function statusProblems(s: PrinterStatus): StatusProblemCode[] {
  const out: StatusProblemCode[] = [];
  if (s.paperOut) out.push('paper-out');
  if (s.coverOpen) out.push('cover-open');
  if (s.cutterError) out.push('cutter-error');
  if (s.error && !s.cutterError) out.push('error');
  if (s.offline && out.length === 0) out.push('offline');
  if (s.paperNearEnd) out.push('paper-near-end');
  return out;
}

/** A status that stops printing (everything but near-end). */
export function blockingProblem(s: PrinterStatus): Exclude<StatusProblemCode, 'paper-near-end' | 'no-reply'> | undefined {
  const first = statusProblems(s).find((p) => p !== 'paper-near-end');
  return first as Exclude<StatusProblemCode, 'paper-near-end' | 'no-reply'> | undefined;
}

export type StatusEvent =
  | { type: 'realtime'; byte: number }
  | { type: 'asb'; bytes: [number, number, number, number]; status: PrinterStatus }
  | { type: 'in-sequence'; byte: number }
  | { type: 'flow'; xoff: boolean }
  | { type: 'unknown'; byte: number };

/**
 * Classifies the bytes a printer sends back, chunk by chunk. Printers send real-time replies even in the middle of
 * other data and ASB whenever status changes, so every byte is classified by its bit pattern, never by what we
 * last asked (python-escpos / receiptio rule).
 */
export class StatusStream {
  private asb: number[] | undefined;

  push(chunk: Uint8Array): StatusEvent[] {
    const events: StatusEvent[] = [];
    for (const b of chunk) {
      if (this.asb) {
        if (isPlainReply(b)) {
          this.asb.push(b);
          if (this.asb.length === 4) {
            const bytes = this.asb as [number, number, number, number];
            this.asb = undefined;
            events.push({ type: 'asb', bytes, status: decodeAsb(bytes) });
          }
          continue;
        }
        // A byte that cannot continue an ASB: the message was cut short (line noise, reset); resynchronise.
        this.asb = undefined;
      }
      if (b === 0x11 || b === 0x13) events.push({ type: 'flow', xoff: b === 0x13 });
      else if (isRealtimeReply(b)) events.push({ type: 'realtime', byte: b });
      else if (isAsbHeader(b)) this.asb = [b];
      else if (isPlainReply(b)) events.push({ type: 'in-sequence', byte: b });
      else events.push({ type: 'unknown', byte: b });
    }
    return events;
  }
}

// Acquirer simulator: an ISO 8583 host on loopback TCP that records every message durably (append-only JSON
// lines), captures each transaction once by its dedupe key, and answers per scenario (faults included). Speaks the
// same codec and framing as the till. Used by tests, the bench and training mode. Never imports service/, web/, cli/.
import net from 'node:net';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { systemTimers, type Timers } from './clock';
import { encodeMessage, toHex, tryDecodeMessage, type FieldValues, type Iso8583Message } from './iso8583/codec';
import { Deframer, frameMessage } from './iso8583/framing';
import type { Iso8583Profile } from './iso8583/profile';
import { addToTotals, decodeTotals, dedupeKeyFromMessage, emptyTotals, encodeTotals, responseMtiFor, totalsEqual, type BatchTotals } from './messages';

export const scenarioNames = [
  'approve', 'decline-advice', 'duplicate-reply', 'slow-reply', 'drop-after-receive', 'reset-mid-frame',
  'truncated-frame', 'out-of-balance', 'answer-after-reversal',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioSpec {
  name: ScenarioName;
  /** How many deliveries of each transaction get the fault (default 1: the repeat then succeeds); Infinity = all. */
  times?: number;
  /** slow-reply: delay before answering (default 2000 ms). */
  delayMs?: number;
  /** decline-advice: the response code (default '05', do not honour). */
  declineCode?: string;
}

export interface CapturedTransaction {
  key: string;
  terminalId: string;
  batchNumber: number;
  stan: number;
  uuid: string;
  kind: 'sale' | 'refund';
  cardType: 'debit' | 'credit';
  amountMinor: number;
  currencyNumeric: string;
  maskedPan: string;
  /** The MTI that captured it: 0220, 0221 or 0320 (batch upload). */
  via: string;
  at: number;
}

export interface ReversedTransaction {
  key: string;
  uuid: string;
  /** False when the reversal found nothing captured (answered 25; nothing to undo). */
  hadCapture: boolean;
  at: number;
}

export interface RecordedMessage {
  seq: number;
  at: number;
  connection: number;
  direction: 'in' | 'out';
  mti: string;
  fields: FieldValues;
  hex: string;
}

export interface SimulatorReport {
  messagesIn: number;
  messagesOut: number;
  captured: CapturedTransaction[];
  reversed: ReversedTransaction[];
  declined: { key: string; uuid: string; responseCode: string; at: number }[];
  /** Per terminal and batch: captured − reversed, the acquirer's side of the three-way comparison. */
  totals: { terminalId: string; batchNumber: number; totals: BatchTotals }[];
  badFrames: number;
}

export interface SimulatorOptions {
  profile: Iso8583Profile;
  /** Loopback only: anything else is refused (a simulator must never face a network). */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Append-only JSON lines record; replayed on start so captures survive a restart. Omit for memory only. */
  dataFile?: string;
  /** fsync after every record (default true when a data file is given). */
  fsync?: boolean;
  scenario?: ScenarioName | ScenarioSpec;
  /** Keep every message in memory for recordedMessages() (default true). The drain bench turns it off: 100,000
   *  advices would otherwise hold ~200,000 decoded messages. Counts, captures and the file record are unaffected. */
  keepMessages?: boolean;
  timers?: Timers;
  clock?: { now(): number };
}

type LogRecord =
  | { t: 'msg'; m: RecordedMessage }
  | { t: 'bad'; at: number; connection: number; hex: string; error: string }
  | { t: 'capture'; c: CapturedTransaction }
  | { t: 'reverse'; r: ReversedTransaction }
  | { t: 'decline'; key: string; uuid: string; responseCode: string; at: number }
  | { t: 'lost'; key: string; at: number };

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function parseProcessing(code: string | undefined): { kind: 'sale' | 'refund'; cardType: 'debit' | 'credit' } | null {
  if (!code || !/^\d{6}$/.test(code)) return null;
  if (code.startsWith('00')) return { kind: 'sale', cardType: code.slice(2, 4) === '30' ? 'credit' : 'debit' };
  if (code.startsWith('20')) return { kind: 'refund', cardType: code.slice(4, 6) === '30' ? 'credit' : 'debit' };
  return null;
}

export class AcquirerSimulator {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private fd: number | null = null;
  private scenario: Required<ScenarioSpec>;
  private seq = 0;
  private connectionSeq = 0;
  private readonly messages: RecordedMessage[] = [];
  private readonly capturedByKey = new Map<string, CapturedTransaction>();
  private readonly reversedByKey = new Map<string, ReversedTransaction>();
  private readonly declinedList: SimulatorReport['declined'] = [];
  private readonly lostKeys = new Set<string>();
  private readonly deliveries = new Map<string, number>();
  private readonly withheld = new Map<string, Iso8583Message>();
  private lostCount = 0;
  private badFrames = 0;
  private messagesIn = 0;
  private messagesOut = 0;
  private readonly timers: Timers;
  private readonly now: () => number;
  private boundPort = 0;

  constructor(private readonly options: SimulatorOptions) {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host)) throw new Error(`acquirer simulator: refusing to listen on ${host}: loopback only`);
    this.timers = options.timers ?? systemTimers;
    this.now = options.clock ? () => options.clock!.now() : () => Date.now();
    this.scenario = normaliseScenario(options.scenario ?? 'approve');
    if (options.dataFile) {
      this.replay(options.dataFile);
      this.fd = openSync(options.dataFile, 'a');
    }
  }

  get port(): number {
    return this.boundPort;
  }

  get address(): string {
    return `${this.options.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  listen(): Promise<this> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        const address = server.address();
        this.boundPort = typeof address === 'object' && address ? address.port : 0;
        this.server = server;
        server.removeListener('error', reject);
        // After listening, a server error (e.g. EMFILE on accept) must not crash the host process: note it.
        server.on('error', (err) => this.write({ t: 'bad', at: this.now(), connection: 0, hex: '', error: `server: ${err.message}` }));
        resolve(this);
      });
    });
  }

  setScenario(scenario: ScenarioName | ScenarioSpec): void {
    this.scenario = normaliseScenario(scenario);
    this.deliveries.clear();
    this.lostCount = 0;
  }

  /** Drop every open connection now (a host restart or a cut cable, as the till sees it). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  captured(): CapturedTransaction[] {
    return [...this.capturedByKey.values()];
  }

  reversed(): ReversedTransaction[] {
    return [...this.reversedByKey.values()];
  }

  recordedMessages(): RecordedMessage[] {
    return [...this.messages];
  }

  /** Captured − reversed for one terminal and batch, per type. */
  totals(terminalId: string, batchNumber: number): BatchTotals {
    const totals = emptyTotals();
    for (const c of this.capturedByKey.values()) {
      if (c.terminalId !== terminalId || c.batchNumber !== batchNumber || this.lostKeys.has(c.key)) continue;
      if (this.reversedByKey.get(c.key)?.hadCapture) continue;
      addToTotals(totals, c);
    }
    return totals;
  }

  report(): SimulatorReport {
    const groups = new Map<string, { terminalId: string; batchNumber: number }>();
    for (const c of this.capturedByKey.values()) groups.set(`${c.terminalId}|${c.batchNumber}`, { terminalId: c.terminalId, batchNumber: c.batchNumber });
    return {
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      captured: this.captured(),
      reversed: this.reversed(),
      declined: [...this.declinedList],
      totals: [...groups.values()].map((g) => ({ ...g, totals: this.totals(g.terminalId, g.batchNumber) })),
      badFrames: this.badFrames,
    };
  }

  // ------------------------------------------------------------ records

  private write(record: LogRecord): void {
    this.apply(record);
    if (this.fd === null) return;
    writeSync(this.fd, JSON.stringify(record) + '\n');
    // Durable before the reply leaves: a capture we acknowledged must survive our own crash.
    if (this.options.fsync !== false) fsyncSync(this.fd);
  }

  private apply(record: LogRecord): void {
    switch (record.t) {
      case 'msg':
        if (record.m.direction === 'in') this.messagesIn++;
        else this.messagesOut++;
        if (this.options.keepMessages !== false) this.messages.push(record.m);
        this.seq = Math.max(this.seq, record.m.seq);
        break;
      case 'bad':
        this.badFrames++;
        break;
      case 'capture':
        this.capturedByKey.set(record.c.key, record.c);
        this.lostKeys.delete(record.c.key);
        break;
      case 'reverse':
        this.reversedByKey.set(record.r.key, record.r);
        break;
      case 'decline':
        this.declinedList.push({ key: record.key, uuid: record.uuid, responseCode: record.responseCode, at: record.at });
        break;
      case 'lost':
        this.lostKeys.add(record.key);
        break;
    }
  }

  private replay(file: string): void {
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        this.apply(JSON.parse(line) as LogRecord);
      } catch {
        // Only the last line can be torn (a crash mid-append); anything earlier is corruption worth stopping for.
        if (i < lines.length - 2) throw new Error(`${file}: line ${i + 1} is not a record`);
      }
    }
  }

  // ------------------------------------------------------------ wire

  private accept(socket: net.Socket): void {
    const connection = ++this.connectionSeq;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const deframer = new Deframer(this.options.profile.maxMessageLength);
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = deframer.push(chunk);
      } catch (err) {
        this.write({ t: 'bad', at: this.now(), connection, hex: toHex(chunk), error: (err as Error).message });
        socket.destroy();
        return;
      }
      for (const frame of frames) chain = chain.then(() => this.handleFrame(socket, connection, frame)).catch(() => undefined);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private send(socket: net.Socket, connection: number, message: Iso8583Message): void {
    const bytes = encodeMessage(message, this.options.profile);
    this.record(connection, 'out', message, bytes);
    if (!socket.destroyed) socket.write(frameMessage(bytes));
  }

  private record(connection: number, direction: 'in' | 'out', message: Iso8583Message, bytes: Uint8Array): void {
    this.write({ t: 'msg', m: { seq: ++this.seq, at: this.now(), connection, direction, mti: message.mti, fields: message.fields, hex: toHex(bytes) } });
  }

  private faultApplies(key: string): boolean {
    const n = (this.deliveries.get(key) ?? 0) + 1;
    this.deliveries.set(key, n);
    return n <= this.scenario.times;
  }

  private async handleFrame(socket: net.Socket, connection: number, frame: Uint8Array): Promise<void> {
    const profile = this.options.profile;
    const decoded = tryDecodeMessage(frame, profile);
    if (!decoded.ok) {
      this.write({ t: 'bad', at: this.now(), connection, hex: toHex(frame), error: decoded.error.message });
      socket.destroy();
      return;
    }
    const request = decoded.message;
    this.record(connection, 'in', request, frame);
    const mti = request.mti;
    if (mti === '0800') return this.send(socket, connection, this.reply(request, '00', [7, 11, 41, profile.roles.networkCodeField]));
    if (mti === '0500') return this.reconcile(socket, connection, request);
    const key = dedupeKeyFromMessage(request, profile);
    if (key === null || !responseMtiFor(mti)) {
      // Not something this host understands: format error, as a real host would answer.
      if (responseMtiFor(mti)) this.send(socket, connection, this.reply(request, '30', [11, 41]));
      else socket.destroy();
      return;
    }
    if (mti === '0220' || mti === '0221') return this.advice(socket, connection, request, key);
    if (mti === '0400' || mti === '0401') return this.reversal(socket, connection, request, key);
    if (mti === '0320') return this.upload(socket, connection, request, key);
  }

  private reply(request: Iso8583Message, code: string, echo: number[], extra: FieldValues = {}): Iso8583Message {
    const fields: FieldValues = { 39: code, ...extra };
    for (const n of echo) if (request.fields[n] !== undefined) fields[n] = request.fields[n];
    return { mti: responseMtiFor(request.mti)!, fields };
  }

  private transactionReply(request: Iso8583Message, code: string): Iso8583Message {
    const r = this.options.profile.roles;
    const rrn = String(this.seq).padStart(12, '0').slice(-12);
    return this.reply(request, code, [3, 4, 11, 12, 13, 38, 41, 49, r.batchField, r.uuidField], { 37: rrn });
  }

  private capture(request: Iso8583Message, key: string): void {
    if (this.capturedByKey.has(key)) return; // captured once, whatever the repeats
    const f = request.fields;
    const processing = parseProcessing(f[3]);
    const r = this.options.profile.roles;
    this.write({
      t: 'capture',
      c: {
        key, terminalId: f[41]!, batchNumber: Number(f[r.batchField]), stan: Number(f[11]), uuid: (f[r.uuidField] ?? '').toLowerCase(),
        kind: processing?.kind ?? 'sale', cardType: processing?.cardType ?? 'debit', amountMinor: Number(f[4] ?? '0'),
        currencyNumeric: f[49] ?? '', maskedPan: f[2] ?? '', via: request.mti, at: this.now(),
      },
    });
  }

  private async advice(socket: net.Socket, connection: number, request: Iso8583Message, key: string): Promise<void> {
    const s = this.scenario;
    const uuid = (request.fields[this.options.profile.roles.uuidField] ?? '').toLowerCase();
    if (!parseProcessing(request.fields[3]) || !/^\d{12}$/.test(request.fields[4] ?? '')) {
      return this.send(socket, connection, this.transactionReply(request, '30'));
    }
    const alreadyCaptured = this.capturedByKey.has(key);
    if (s.name === 'decline-advice' && !alreadyCaptured && this.faultApplies(key)) {
      this.write({ t: 'decline', key, uuid, responseCode: s.declineCode, at: this.now() });
      return this.send(socket, connection, this.transactionReply(request, s.declineCode));
    }
    if (s.name === 'out-of-balance' && !alreadyCaptured && !this.lostKeys.has(key) && this.lostCount < s.times) {
      // The host "loses" this advice: acknowledges it but never books it, so the 0500 will not balance.
      this.lostCount++;
      this.write({ t: 'lost', key, at: this.now() });
      return this.send(socket, connection, this.transactionReply(request, '00'));
    }
    if (this.lostKeys.has(key)) return this.send(socket, connection, this.transactionReply(request, '00'));
    this.capture(request, key);
    const answer = this.transactionReply(request, '00');
    const faulty = ['duplicate-reply', 'slow-reply', 'drop-after-receive', 'reset-mid-frame', 'truncated-frame', 'answer-after-reversal'].includes(s.name)
      && this.faultApplies(key);
    if (!faulty) return this.send(socket, connection, answer);
    switch (s.name) {
      case 'duplicate-reply':
        this.send(socket, connection, answer);
        this.send(socket, connection, answer);
        return;
      case 'slow-reply':
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, s.delayMs));
        this.send(socket, connection, answer);
        return;
      case 'drop-after-receive':
        socket.destroy();
        return;
      case 'reset-mid-frame': {
        const bytes = frameMessage(encodeMessage(answer, this.options.profile));
        this.record(connection, 'out', answer, bytes.subarray(2));
        socket.write(bytes.subarray(0, Math.max(3, bytes.length >> 1)), () => socket.resetAndDestroy());
        return;
      }
      case 'truncated-frame': {
        // The header promises the whole reply; half of it comes, then silence: the till's read timeout must end it.
        const bytes = frameMessage(encodeMessage(answer, this.options.profile));
        this.record(connection, 'out', answer, bytes.subarray(2));
        socket.write(bytes.subarray(0, Math.max(3, bytes.length >> 1)));
        return;
      }
      case 'answer-after-reversal':
        // Hold the approval back; it goes out after the reversal's answer, as a late reply the till must ignore.
        this.withheld.set(key, answer);
        return;
      default:
        return this.send(socket, connection, answer);
    }
  }

  private reversal(socket: net.Socket, connection: number, request: Iso8583Message, key: string): void {
    const uuid = (request.fields[this.options.profile.roles.uuidField] ?? '').toLowerCase();
    const hadCapture = this.capturedByKey.has(key) && !this.lostKeys.has(key);
    if (!this.reversedByKey.has(key)) this.write({ t: 'reverse', r: { key, uuid, hadCapture, at: this.now() } });
    const reversedCapture = this.reversedByKey.get(key)!.hadCapture;
    this.send(socket, connection, this.transactionReply(request, reversedCapture ? '00' : '25'));
    const late = this.withheld.get(key);
    if (late) {
      this.withheld.delete(key);
      this.send(socket, connection, late);
    }
  }

  private upload(socket: net.Socket, connection: number, request: Iso8583Message, key: string): void {
    if (!this.reversedByKey.has(key)) this.capture(request, key);
    this.send(socket, connection, this.transactionReply(request, '00'));
  }

  private reconcile(socket: net.Socket, connection: number, request: Iso8583Message): void {
    const r = this.options.profile.roles;
    const tid = request.fields[41];
    const batch = Number(request.fields[r.batchField] ?? 'x');
    const theirs = decodeTotals(request.fields[r.totalsField]);
    if (tid === undefined || !Number.isInteger(batch) || !theirs) {
      return this.send(socket, connection, this.reply(request, '30', [11, 41]));
    }
    const ours = this.totals(tid, batch);
    const code = totalsEqual(ours, theirs) ? '00' : '95';
    this.send(socket, connection, this.reply(request, code, [3, 11, 41, 49, r.batchField], { [r.totalsField]: encodeTotals(ours) }));
  }
}

function normaliseScenario(s: ScenarioName | ScenarioSpec): Required<ScenarioSpec> {
  const spec = typeof s === 'string' ? { name: s } : s;
  if (!scenarioNames.includes(spec.name)) throw new Error(`unknown scenario ${String(spec.name)}`);
  return {
    name: spec.name,
    times: spec.times ?? (spec.name === 'decline-advice' ? Infinity : 1),
    delayMs: spec.delayMs ?? 2_000,
    declineCode: spec.declineCode ?? '05',
  };
}

/** Create, replay the record, and listen. */
export async function startAcquirerSimulator(options: SimulatorOptions): Promise<AcquirerSimulator> {
  return new AcquirerSimulator(options).listen();
}

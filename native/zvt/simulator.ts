// PT (terminal) simulator: the terminal's side of ZVT byte for byte, over the same transport module as the driver.
// Persistent counters, turnover store and last transaction (simulator-state), the spec's commit rule with
// auto-reversal, and scenario-driven faults. Runs in-process (training mode, tests) or standalone (sim-main).
// Never imports the service, the db or electron.
import net from 'node:net';
import { socketLink, type ByteLink } from '../link/byte-link';
import { createMemoryLinkPair } from '../link/memory-link';
import { apduKey, decodeApdu, encodeApdu, type Apdu } from './zvt-apdu';
import { concatBytes, decodeBmps, encodeAmount, encodeBcd, encodeBmp, encodeTlvBmp, encodeVarLength, findTlv, tlv, type TlvNode } from './zvt-bmp';
import { toHex } from './zvt-frame';
import { Inbox } from './zvt-inbox';
import {
  CONFIG,
  POSITIVE_RESPONSE,
  REPEAT_RECEIPT_SERVICE,
  buildNegativeResponse,
  encodeTotals,
  encodeZvtText,
  parseAmountFields,
  type CardScheme,
  type EndOfDayTotals,
} from './zvt-messages';
import { DEFAULT_SCENARIO, parseScenario, type CrashStep, type EcrFrameStep, type PtFrameStep, type SimScenario } from './simulator-scenario';
import { SimStateStore, type SimState, type SimTransaction, type SimTransactionKind } from './simulator-state';
import { MAX_TRANSMISSIONS, ZVT_DEFAULT_TIMERS, createZvtTransport, type ZvtTimers, type ZvtTransport } from './zvt-transport';
import { describeApdu } from './zvt-trace';

export interface SimEvent {
  at: number;
  source: 'transport' | 'simulator';
  direction: 'in' | 'out' | 'local';
  kind: string;
  hex: string;
  meaning: string;
}

export interface PtSimulatorOptions {
  /** JSON state file (created if missing). */
  stateFile: string;
  scenario?: Partial<SimScenario> | string;
  timers?: Partial<ZvtTimers>;
  /** Wall clock for the PT's date/time fields (injected so receipts are deterministic in tests). */
  clock?: () => Date;
  terminalId?: string;
  softwareVersion?: string;
}

/** The slip prints the currency the ECR registered (BMP 49), not a fixed one: a CNY till gets CNY on its slips. */
const CURRENCY_ALPHA: Record<number, string> = { 978: 'EUR', 156: 'CNY', 840: 'USD', 826: 'GBP', 756: 'CHF', 392: 'JPY' };
function currencyAlpha(numeric: number): string {
  return CURRENCY_ALPHA[numeric] ?? String(numeric).padStart(3, '0');
}

class CrashSignal extends Error {
  constructor(readonly step: CrashStep) {
    super(`power loss at ${step}`);
  }
}

class SessionLost extends Error {}

const CARDS: Record<SimScenario['card'], { panBcd: string; cardType: number; name: string; scheme: CardScheme }> = {
  mastercard: { panBcd: '559883EEEEEE8074', cardType: 0x06, name: 'MasterCard', scheme: 'eurocard' },
  visa: { panBcd: '453912EEEEEE9012', cardType: 0x0a, name: 'VISA', scheme: 'visa' },
  girocard: { panBcd: '672000EEEEEEEE3456', cardType: 0x05, name: 'girocard', scheme: 'girocard' },
};

function schemeOf(cardType: number): CardScheme {
  return cardType === 0x05 ? 'girocard' : cardType === 0x06 ? 'eurocard' : cardType === 0x0a ? 'visa' : 'other';
}

/** 2500 → "25,00" by string operations (no floating point on money). */
function formatAmount(minor: number): string {
  const digits = String(minor).padStart(3, '0');
  return `${digits.slice(0, -2)},${digits.slice(-2)}`;
}

function panBcdBytes(pan: string): Uint8Array {
  const padded = pan.length % 2 === 1 ? `${pan}F` : pan;
  return Uint8Array.from(padded.match(/.{2}/g)!, (pair) => parseInt(pair, 16));
}

function maskedForPrint(panBcd: string): string {
  return panBcd.replace(/E/g, '*');
}

export class PtSimulator {
  readonly store: SimStateStore;
  readonly timers: ZvtTimers;
  scenario: SimScenario;
  readonly events: SimEvent[] = [];
  readonly softwareVersion: string;
  private readonly clock: () => Date;
  private readonly sessions = new Set<PtSession>();
  private readonly servers = new Set<net.Server>();
  private readonly eventListeners = new Set<(e: SimEvent) => void>();
  private crashStep: CrashStep | undefined;
  private readonly crashWaiters: ((step: CrashStep) => void)[] = [];

  constructor(options: PtSimulatorOptions) {
    this.timers = { ...ZVT_DEFAULT_TIMERS, ...options.timers };
    this.store = new SimStateStore(options.stateFile, options.terminalId);
    this.clock = options.clock ?? (() => new Date());
    this.softwareVersion = options.softwareVersion ?? 'TILL-SIM 1.0';
    this.scenario = { ...DEFAULT_SCENARIO, faults: {} };
    if (options.scenario !== undefined) this.setScenario(options.scenario);
  }

  /** A copy of the persistent state (as on disk). */
  get state(): SimState {
    return this.store.state;
  }

  get crashed(): CrashStep | undefined {
    return this.crashStep;
  }

  now(): Date {
    return this.clock();
  }

  setScenario(scenario: Partial<SimScenario> | string): void {
    if (typeof scenario === 'string') this.scenario = parseScenario(scenario, this.timers.t1Ms);
    else this.scenario = { ...DEFAULT_SCENARIO, ...scenario, faults: { ...scenario.faults } };
    this.emit('local', 'scenario', new Uint8Array(0), `scenario: ${JSON.stringify(this.scenario)}`);
  }

  onEvent(listener: (e: SimEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Resolves at the simulated power loss (scenario `crashAt`). */
  whenCrashed(): Promise<CrashStep> {
    if (this.crashStep) return Promise.resolve(this.crashStep);
    return new Promise((resolve) => this.crashWaiters.push(resolve));
  }

  emit(direction: SimEvent['direction'], kind: string, bytes: Uint8Array, meaning: string): void {
    this.record({ at: Date.now(), source: 'simulator', direction, kind, hex: toHex(bytes), meaning });
  }

  /** Append to the event feed (frames in hex with their meaning, and the simulator's decisions). */
  record(event: SimEvent): void {
    this.events.push(event);
    if (this.events.length > 5000) this.events.splice(0, 1000);
    for (const l of this.eventListeners) {
      try {
        l(event);
      } catch {
        // tracing must not break the terminal
      }
    }
  }

  /** Serve one ECR on an open link (serial pty, in-memory pair, accepted socket). */
  attach(link: ByteLink, kind: 'serial' | 'tcp'): PtSession {
    if (this.crashStep) throw new Error('simulator has lost power; start a new one from the state file');
    const session = new PtSession(this, link, kind);
    this.sessions.add(session);
    void session.run().finally(() => this.sessions.delete(session));
    return session;
  }

  /** Listen for ECR connections on TCP (default 127.0.0.1:20007); each connection is one session. */
  async listen(options: { host?: string; port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
    const host = options.host ?? '127.0.0.1';
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      if (this.crashStep) {
        socket.destroy();
        return;
      }
      this.attach(socketLink(socket, `tcp://${socket.remoteAddress}:${socket.remotePort}`), 'tcp');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 20007, host, () => resolve());
    });
    this.servers.add(server);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 20007);
    this.emit('local', 'listen', new Uint8Array(0), `listening on tcp://${host}:${port}`);
    return { port, close: () => this.closeServer(server) };
  }

  private closeServer(server: net.Server): Promise<void> {
    this.servers.delete(server);
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** Power loss: stop dead. Sessions stop reading and writing; TCP connections drop; the state file stays as written. */
  crash(step: CrashStep): void {
    if (this.crashStep) return;
    this.crashStep = step;
    this.emit('local', 'crash', new Uint8Array(0), `power loss at ${step}`);
    for (const s of this.sessions) s.kill();
    for (const server of [...this.servers]) void this.closeServer(server);
    for (const w of this.crashWaiters.splice(0)) w(step);
  }

  /** Stop serving: detach from serial links (left open for their owner), close TCP connections and servers. */
  async stop(): Promise<void> {
    for (const s of this.sessions) s.kill();
    await Promise.all([...this.servers].map((server) => this.closeServer(server)));
  }

  /** Business dates as the PT stamps them. */
  stamp(): { date: string; time: string; ymd: string } {
    const d = this.now();
    const p = (n: number) => String(n).padStart(2, '0');
    return {
      date: `${p(d.getMonth() + 1)}${p(d.getDate())}`,
      time: `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`,
      ymd: `${p(d.getFullYear() % 100)}${p(d.getMonth() + 1)}${p(d.getDate())}`,
    };
  }
}

const ANSWER_STEP: Record<PtFrameStep, EcrFrameStep> = {
  accept: 'command',
  intermediate: 'intermediate-ack',
  status: 'status-ack',
  print: 'print-ack',
  completion: 'completion-ack',
};

type EcrAnswer = { positive: true } | { positive: false; code: number } | 'timeout' | 'closed';

/** One ECR conversation on one link. */
export class PtSession {
  readonly transport: ZvtTransport;
  private readonly inbox = new Inbox();
  private currentStep: PtFrameStep | undefined;
  private expecting: EcrFrameStep = 'command';
  /** Fault plan bookkeeping, reset per command: each fault fires on the first frame of its step. */
  private fired = new Set<string>();
  private faultTarget = new Map<string, Uint8Array>();
  private loseCount = 0;
  private dead = false;
  private inPayment = false;

  constructor(
    private readonly sim: PtSimulator,
    readonly link: ByteLink,
    readonly kind: 'serial' | 'tcp',
  ) {
    this.transport = createZvtTransport(link, kind, {
      timers: sim.timers,
      faults: {
        onTransmit: (apdu, attempt) => this.onTransmit(apdu, attempt),
        onReceive: () => this.onReceive(),
      },
    });
    this.transport.onTrace((e) => sim.record({ at: e.at, source: 'transport', direction: e.direction, kind: e.kind, hex: e.hex, meaning: e.meaning }));
    this.transport.onApdu((apdu) => this.inbox.push(apdu));
    this.transport.onClose(() => this.inbox.close());
  }

  private get scenario(): SimScenario {
    return this.sim.scenario;
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.transport.detach();
    this.inbox.close();
    // TCP: the PT's socket dies with it. Serial: the cable stays; the line just goes silent.
    if (this.kind === 'tcp') void this.link.close();
  }

  private onTransmit(apdu: Uint8Array, attempt: number): { corruptCrc?: boolean; splitDelayMs?: number; splitParts?: number; duplicate?: boolean } | undefined {
    const step = this.currentStep;
    if (!step) return undefined;
    const f = this.scenario.faults;
    const out: { corruptCrc?: boolean; splitDelayMs?: number; splitParts?: number; duplicate?: boolean } = {};
    const firstOfStep = (fault: string): boolean => {
      const target = this.faultTarget.get(fault);
      if (target) return target === apdu;
      if (this.fired.has(fault)) return false;
      this.fired.add(fault);
      this.faultTarget.set(fault, apdu);
      return true;
    };
    if (f.corruptCrc && f.corruptCrc.step === step && firstOfStep('crc') && attempt <= f.corruptCrc.times) out.corruptCrc = true;
    if (f.split && f.split.step === step && attempt === 1 && firstOfStep('split')) {
      out.splitDelayMs = f.split.delayMs;
      out.splitParts = f.split.parts ?? 4;
    }
    if (f.duplicate === step && attempt === 1 && firstOfStep('dup')) out.duplicate = true;
    return out;
  }

  private onReceive(): 'normal' | 'drop-ack' | 'lose' {
    const f = this.scenario.faults;
    if (f.lose && f.lose.step === this.expecting && this.loseCount < f.lose.count) {
      this.loseCount++;
      return 'lose';
    }
    if (f.dropAck === this.expecting && !this.fired.has('drop-ack')) {
      this.fired.add('drop-ack');
      return 'drop-ack';
    }
    return 'normal';
  }

  private checkpoint(step: CrashStep): void {
    // Power-loss points are steps of a payment (06 01 / 06 30 / 06 31), not of admin commands around it.
    if (this.inPayment && this.scenario.faults.crashAt === step) {
      this.sim.crash(step);
      throw new CrashSignal(step);
    }
  }

  private log(meaning: string): void {
    this.sim.emit('local', 'sim', new Uint8Array(0), meaning);
  }

  async run(): Promise<void> {
    for (;;) {
      this.expecting = 'command';
      this.currentStep = undefined;
      this.fired = new Set();
      this.faultTarget = new Map();
      this.loseCount = 0;
      const next = await this.inbox.next(Infinity);
      if (next === 'closed' || next === 'timeout' || this.dead) return;
      let apdu: Apdu;
      try {
        apdu = decodeApdu(next);
      } catch {
        await this.send(buildNegativeResponse(0x9a), 'accept').catch(() => undefined);
        continue;
      }
      if (apdu.cls === 0x80 || apdu.cls === 0x84) continue; // a late answer to something we gave up on
      try {
        await this.dispatch(apdu);
      } catch (error) {
        if (error instanceof CrashSignal) return;
        if (!(error instanceof SessionLost)) {
          this.log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        }
        this.resolvePendingAfterFailure('ECR link lost before commit');
        if (!this.transport.isOpen) return;
      }
    }
  }

  /** A pending approval whose commit can no longer come: reverse it (spec commit rule) and persist that first. */
  private resolvePendingAfterFailure(note: string): void {
    const pending = this.sim.store.peek().pending;
    if (!pending) return;
    this.sim.store.update((s) => {
      if (!s.pending) return;
      const reversed: SimTransaction = { ...s.pending, status: 'auto-reversed', note };
      s.pending = null;
      this.sim.store.pushLog(reversed);
    });
    this.log(`auto-reversal of receipt ${pending.receiptNumber} (${note})`);
  }

  private async dispatch(apdu: Apdu): Promise<void> {
    const key = apduKey(apdu);
    this.log(`command ${describeApdu(encodeApdu(apdu.cls, apdu.ins, apdu.data))}`);
    this.inPayment = key === '0601' || key === '0630' || key === '0631';
    this.checkpoint('after-command');
    switch (key) {
      case '0600':
        return this.registration(apdu);
      case '0601':
        return this.financial('payment', apdu);
      case '0631':
        return this.financial('refund', apdu);
      case '0630':
        return this.reversal(apdu);
      case '0650':
        return this.endOfDay();
      case '0670':
        return this.diagnosis();
      case '0602':
        this.sim.store.update((s) => {
          s.registration = { ...s.registration, configByte: 0x86, tlvEnabled: false, permittedCommands: [] };
        });
        return this.accept();
      case '06B0':
        // Nothing running: nothing to abort.
        return this.accept();
      case '0501':
        return this.statusEnquiry();
      case '0620':
        return this.repeatReceipt(apdu);
      default:
        await this.send(buildNegativeResponse(0x83), 'accept');
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Wire helpers

  private async send(apdu: Uint8Array, step: PtFrameStep): Promise<void> {
    if (this.dead) throw new SessionLost('dead');
    this.currentStep = step;
    // Set before the first byte goes out: the ECR's answer can arrive in the same chunk as its ACK, before this
    // promise resolves, and the fault plan must already know which ECR frame it is.
    this.expecting = ANSWER_STEP[step];
    try {
      await this.transport.send(apdu);
    } catch (error) {
      throw new SessionLost(error instanceof Error ? error.message : String(error));
    } finally {
      this.currentStep = undefined;
    }
  }

  private async accept(): Promise<void> {
    await this.send(POSITIVE_RESPONSE, 'accept');
    this.checkpoint('after-accept');
  }

  /**
   * Wait for the ECR's 80 00 / 84 xx to our last message. Commands arriving meanwhile are refused (84 83).
   * The wait is T3 plus the ECR's whole retransmission window (3 × T2): giving up earlier would let the PT reverse
   * while the ECR is still repeating an acknowledgement it will see ACKed — a paid-here, reversed-there split.
   */
  private async awaitAnswer(step: EcrFrameStep): Promise<EcrAnswer> {
    this.expecting = step;
    const deadline = Date.now() + this.sim.timers.t3Ms + MAX_TRANSMISSIONS * this.sim.timers.t2Ms;
    for (;;) {
      const next = await this.inbox.next(deadline - Date.now());
      if (next === 'timeout' || next === 'closed') return next;
      let apdu: Apdu;
      try {
        apdu = decodeApdu(next);
      } catch {
        continue;
      }
      if (apdu.cls === 0x80 || apdu.cls === 0x84) {
        this.expecting = 'command';
        return (apdu.cls === 0x80 && apdu.ins === 0) || (apdu.cls === 0x84 && apdu.ins === 0) ? { positive: true } : { positive: false, code: apdu.ins };
      }
      await this.send(buildNegativeResponse(0x83), 'accept');
    }
  }

  /** Send a PT-master message and require a positive answer; anything else ends the sequence (SessionLost). */
  private async exchange(apdu: Uint8Array, step: PtFrameStep, ackStep: EcrFrameStep): Promise<EcrAnswer> {
    await this.send(apdu, step);
    return this.awaitAnswer(ackStep);
  }

  /**
   * Wait `ms` while the customer does something at the PT; an ECR 06 B0 meanwhile is accepted (→ 'aborted') or
   * refused with 84 83 00 per scenario.
   */
  private async abortableWait(ms: number): Promise<'done' | 'aborted'> {
    const deadline = Date.now() + ms;
    for (;;) {
      const next = await this.inbox.next(deadline - Date.now());
      if (next === 'timeout') return 'done';
      if (next === 'closed') throw new SessionLost('link closed');
      let apdu: Apdu;
      try {
        apdu = decodeApdu(next);
      } catch {
        continue;
      }
      if (apduKey(apdu) === '06B0') {
        if (this.scenario.abortRefused) {
          await this.send(buildNegativeResponse(0x83), 'accept');
          continue;
        }
        await this.send(POSITIVE_RESPONSE, 'accept');
        return 'aborted';
      }
      if (apdu.cls !== 0x80 && apdu.cls !== 0x84) await this.send(buildNegativeResponse(0x83), 'accept');
    }
  }

  private wantsIntermediate(): boolean {
    return (this.sim.store.peek().registration.configByte & CONFIG.intermediateStatus) !== 0;
  }

  private async intermediate(code: number): Promise<void> {
    if (!this.wantsIntermediate()) return;
    const answer = await this.exchange(encodeApdu(0x04, 0xff, Uint8Array.of(code)), 'intermediate', 'intermediate-ack');
    if (answer === 'closed' || answer === 'timeout') throw new SessionLost(`no answer to 04 FF (${answer})`);
    this.checkpoint('after-intermediate');
  }

  private async finishWithAbort(resultCode: number): Promise<void> {
    await this.send(encodeApdu(0x06, 0x1e, Uint8Array.of(resultCode)), 'completion');
    await this.awaitAnswer('completion-ack');
  }

  private async finishWithCompletion(data: Uint8Array = new Uint8Array(0)): Promise<void> {
    await this.send(encodeApdu(0x06, 0x0f, data), 'completion');
    await this.awaitAnswer('completion-ack');
    this.checkpoint('after-completion');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands

  private async registration(apdu: Apdu): Promise<void> {
    const d = apdu.data;
    const configByte = d[3] ?? 0x86;
    const currencyNumeric = d.length >= 6 ? Number(toHex(d.subarray(4, 6)).replace(/ /g, '')) : 978;
    const bmps = decodeBmps(d, 6);
    const permitted = findTlv(bmps.tlv, 0x26)?.children?.filter((n) => n.tag === 0x0a).map((n) => toHex(n.value).replace(/ /g, '')) ?? [];
    this.sim.store.update((s) => {
      s.registration = { configByte, currencyNumeric, tlvEnabled: bmps.tlv !== undefined, permittedCommands: permitted };
    });
    await this.accept();
    const state = this.sim.store.peek();
    const parts = [
      encodeBmp(0x19, Uint8Array.of(0x00)),
      encodeBmp(0x29, encodeBcd(Number(state.terminalId), 4)),
      encodeBmp(0x49, encodeBcd(currencyNumeric, 2)),
    ];
    if (permitted.length > 0) parts.push(encodeTlvBmp([tlv(0x26, permitted.map((c) => tlv(0x0a, Uint8Array.from(c.match(/.{2}/g)!, (h) => parseInt(h, 16)))))]));
    await this.finishWithCompletion(concatBytes(parts));
  }

  private async statusEnquiry(): Promise<void> {
    await this.accept();
    const version = encodeZvtText(this.sim.softwareVersion);
    await this.finishWithCompletion(concatBytes([encodeVarLength(version.length, 3), version, Uint8Array.of(this.scenario.terminalStatus)]));
  }

  private async diagnosis(): Promise<void> {
    await this.accept();
    await this.intermediate(0x17);
    const st = this.sim.stamp();
    const answer = await this.exchange(
      encodeApdu(0x04, 0x01, concatBytes([encodeBmp(0xaa, encodeBcd(Number(st.ymd), 3)), encodeBmp(0x0c, encodeBcd(Number(st.time), 3))])),
      'status',
      'status-ack',
    );
    if (answer === 'closed') throw new SessionLost('closed');
    if (this.ecrPrintsAdmin()) await this.printReceipts([{ type: 3, lines: ['DIAGNOSE', 'Verbindung zum Host OK', `Terminal-ID ${this.sim.store.peek().terminalId}`] }]);
    await this.finishWithCompletion();
  }

  private ecrPrintsPayments(): boolean {
    const both = CONFIG.ecrPrintsPaymentReceipts | CONFIG.printViaPrintLines;
    return (this.sim.store.peek().registration.configByte & both) === both;
  }

  private ecrPrintsAdmin(): boolean {
    const both = CONFIG.ecrPrintsAdminReceipts | CONFIG.printViaPrintLines;
    return (this.sim.store.peek().registration.configByte & both) === both;
  }

  private nextTrace(): number {
    const s = this.sim.store.update((st) => {
      st.traceNumber = st.traceNumber >= 999_999 ? 1 : st.traceNumber + 1;
    });
    return s.traceNumber;
  }

  private buildTransaction(kind: SimTransactionKind, amountMinor: number, currencyNumeric: number, trace: number): SimTransaction {
    const card = CARDS[this.scenario.card];
    const st = this.sim.stamp();
    const state = this.sim.store.peek();
    return {
      kind,
      amountMinor,
      currencyNumeric,
      traceNumber: trace,
      receiptNumber: state.receiptNumber >= 9999 ? 1 : state.receiptNumber + 1,
      turnoverNumber: state.turnoverNumber + 1,
      date: st.date,
      time: st.time,
      maskedPanBcd: card.panBcd,
      cardType: card.cardType,
      cardName: card.name,
      authorisationCode: String(100000 + ((trace * 7919) % 900000)),
      status: 'pending',
      resultCode: 0,
    };
  }

  private statusInformation(t: SimTransaction, resultCode: number, extra: Uint8Array[] = []): Uint8Array {
    const state = this.sim.store.peek();
    const parts = [
      encodeBmp(0x27, Uint8Array.of(resultCode)),
      encodeBmp(0x04, encodeAmount(t.amountMinor)),
      encodeBmp(0x49, encodeBcd(t.currencyNumeric, 2)),
      encodeBmp(0x0b, encodeBcd(t.traceNumber, 3)),
      encodeBmp(0x0c, encodeBcd(Number(t.time), 3)),
      encodeBmp(0x0d, encodeBcd(Number(t.date), 2)),
      encodeBmp(0x29, encodeBcd(Number(state.terminalId), 4)),
    ];
    if (resultCode === 0) {
      const name = encodeZvtText(`${t.cardName}\0`);
      parts.push(
        encodeBmp(0x22, panBcdBytes(t.maskedPanBcd)),
        encodeBmp(0x87, encodeBcd(t.receiptNumber, 2)),
        encodeBmp(0x88, encodeBcd(t.turnoverNumber, 3)),
        encodeBmp(0x3b, concatBytes([encodeZvtText(t.authorisationCode), new Uint8Array(8 - t.authorisationCode.length)])),
        encodeBmp(0x19, Uint8Array.of(0x60)),
        encodeBmp(0x8a, Uint8Array.of(t.cardType)),
        encodeBmp(0x8b, name),
        encodeBmp(0x2a, encodeZvtText('804011926      ')),
      );
    }
    parts.push(...extra);
    return encodeApdu(0x04, 0x0f, concatBytes(parts));
  }

  private receiptLines(t: SimTransaction, copy: 'merchant' | 'customer'): string[] {
    const title = t.kind === 'payment' ? 'Kartenzahlung' : t.kind === 'refund' ? 'Gutschrift' : 'Storno';
    return [
      '      TILL SIMULATOR',
      copy === 'merchant' ? '   * Händlerbeleg *' : '   * Kundenbeleg *',
      title,
      t.cardName,
      `Datum ${t.date.slice(2)}.${t.date.slice(0, 2)}. ${t.time.slice(0, 2)}:${t.time.slice(2, 4)}`,
      `Terminal-ID   ${this.sim.store.peek().terminalId}`,
      `TA-Nr ${String(t.traceNumber).padStart(6, '0')}  BNr ${String(t.receiptNumber).padStart(4, '0')}`,
      `Karte ${maskedForPrint(t.maskedPanBcd)}`,
      `Genehmigung ${t.authorisationCode}`,
      '------------------------',
      `Betrag ${currencyAlpha(t.currencyNumeric)} ${formatAmount(t.amountMinor).padStart(12)}`,
      '------------------------',
      t.kind === 'reversal' ? 'Storno erfolgt' : 'Zahlung erfolgt',
      copy === 'merchant' ? 'Unterschrift nicht nötig' : 'Bitte Beleg aufbewahren',
      'Vielen Dank · Grüße',
    ];
  }

  /** Print receipts through 06 D1 lines or 06 D3 blocks; every one must be acknowledged positively. */
  private async printReceipts(receipts: { type: 1 | 2 | 3; lines: string[] }[]): Promise<boolean> {
    const blocks = this.sim.store.peek().registration.permittedCommands.includes('06D3');
    for (const receipt of receipts) {
      if (blocks) {
        const children: TlvNode[] = [tlv(0x09, Uint8Array.of(0x00))];
        for (const line of receipt.lines) children.push(tlv(0x07, encodeZvtText(line)));
        children.push(tlv(0x09, Uint8Array.of(0x81)));
        const data = encodeTlvBmp([tlv(0x1f07, Uint8Array.of(receipt.type)), tlv(0x25, children)]);
        const answer = await this.exchange(encodeApdu(0x06, 0xd3, data), 'print', 'print-ack');
        if (answer === 'closed') throw new SessionLost('closed');
        if (answer === 'timeout' || !answer.positive) return false;
        this.checkpoint('after-print');
      } else {
        for (let i = 0; i < receipt.lines.length; i++) {
          const attribute = i === receipt.lines.length - 1 ? 0x81 : 0x00;
          const answer = await this.exchange(encodeApdu(0x06, 0xd1, concatBytes([Uint8Array.of(attribute), encodeZvtText(receipt.lines[i]!)])), 'print', 'print-ack');
          if (answer === 'closed') throw new SessionLost('closed');
          if (answer === 'timeout' || !answer.positive) return false;
          this.checkpoint('after-print');
        }
      }
    }
    return true;
  }

  /**
   * The commit rule (PA00P015 §2.2.8): the approval is pending until the ECR acknowledged the Status-Information and,
   * if the ECR prints, every print command. Only then is it stored; otherwise it is auto-reversed. Each decision is
   * persisted before the next frame goes out.
   */
  private async approveAndCommit(t: SimTransaction, onCommit?: (s: SimState) => void): Promise<void> {
    this.sim.store.update((s) => {
      s.receiptNumber = t.receiptNumber;
      s.turnoverNumber = t.turnoverNumber;
      s.pending = t;
    });
    try {
      await this.send(this.statusInformation(t, 0), 'status');
    } catch (error) {
      // Three failed transmissions (NAK storm): the ECR never saw the approval, so it can never be committed.
      if (error instanceof SessionLost && this.transport.isOpen) {
        await this.autoReverse('Status-Information not delivered', 0x9a);
        return;
      }
      throw error;
    }
    this.checkpoint('after-status-sent');
    const answer = await this.awaitAnswer('status-ack');
    if (answer === 'closed') throw new SessionLost('closed while awaiting the status acknowledgement');
    if (answer === 'timeout' || !answer.positive) {
      const reason = answer === 'timeout' ? 'no acknowledgement of the Status-Information' : `ECR answered 84 ${answer.code.toString(16)}`;
      await this.autoReverse(reason, answer === 'timeout' ? 0x9a : answer.code);
      return;
    }
    const prints = this.ecrPrintsPayments();
    if (!prints) this.commit(t, onCommit);
    this.checkpoint('after-status-ack');
    if (prints) {
      const ok = await this.printReceipts([
        { type: 1, lines: this.receiptLines(t, 'merchant') },
        { type: 2, lines: this.receiptLines(t, 'customer') },
      ]);
      if (!ok) {
        await this.autoReverse('print lines not acknowledged', 0xcc);
        return;
      }
      this.commit(t, onCommit);
    }
    this.checkpoint('after-commit');
    await this.finishWithCompletion();
  }

  private commit(t: SimTransaction, onCommit?: (s: SimState) => void): void {
    this.sim.store.update((s) => {
      const committed: SimTransaction = { ...t, status: 'committed' };
      s.pending = null;
      s.turnover.push(committed);
      s.lastTransaction = committed;
      this.sim.store.pushLog(committed);
      onCommit?.(s);
    });
    this.log(`committed ${t.kind} receipt ${t.receiptNumber} trace ${t.traceNumber} amount ${t.amountMinor}`);
  }

  private async autoReverse(reason: string, resultCode: number): Promise<void> {
    this.resolvePendingAfterFailure(reason);
    if (this.wantsIntermediate()) {
      // "sending auto-reversal"; if the ECR is gone this fails, and the reversal is already on disk.
      await this.exchange(encodeApdu(0x04, 0xff, Uint8Array.of(0x05)), 'intermediate', 'intermediate-ack').catch(() => undefined);
    }
    await this.finishWithAbort(resultCode).catch(() => undefined);
  }

  private logOutcome(t: SimTransaction, status: SimTransaction['status'], resultCode: number, note?: string): void {
    this.sim.store.update(() => {
      this.sim.store.pushLog({ ...t, status, resultCode, ...(note ? { note } : {}) });
    });
  }

  private async financial(kind: 'payment' | 'refund', apdu: Apdu): Promise<void> {
    const fields = parseAmountFields(apdu, kind === 'refund' ? 3 : 0);
    const currency = fields.currencyNumeric ?? this.sim.store.peek().registration.currencyNumeric;
    if (fields.amountMinor === undefined) {
      await this.send(buildNegativeResponse(0x83), 'accept');
      return;
    }
    await this.accept();
    const trace = this.nextTrace();
    const t = this.buildTransaction(kind, fields.amountMinor, currency, trace);
    await this.intermediate(0x0a); // insert card
    const sc = this.scenario;
    const t2 = this.sim.timers.t2Ms;
    if ((await this.abortableWait(sc.cardDelayMs ?? Math.ceil(t2 / 10))) === 'aborted') {
      this.logOutcome(t, 'aborted', 0x6c, 'abort by ECR');
      await this.finishWithAbort(0x6c);
      return;
    }
    if (sc.outcome === 'customer-abort') {
      this.logOutcome(t, 'aborted', 0x6c, 'customer pressed abort');
      await this.finishWithAbort(0x6c);
      return;
    }
    await this.intermediate(0x01); // watch PIN pad
    if (sc.outcome === 'pin-timeout') {
      // Silence while the customer does not enter the PIN: the ECR must wait on T4, not give up on T3.
      if ((await this.abortableWait(sc.pinTimeoutMs ?? this.sim.timers.t3Ms * 2)) === 'aborted') {
        this.logOutcome(t, 'aborted', 0x6c, 'abort by ECR during PIN entry');
        await this.finishWithAbort(0x6c);
        return;
      }
      this.logOutcome(t, 'aborted', 0x6c, 'PIN entry timed out');
      await this.finishWithAbort(0x6c);
      return;
    }
    await this.intermediate(0x04); // waiting for host: from here 06 B0 is too late
    if (sc.outcome === 'decline') {
      await this.send(this.statusInformation(t, sc.declineCode), 'status');
      this.checkpoint('after-status-sent');
      const answer = await this.awaitAnswer('status-ack');
      if (answer === 'closed') throw new SessionLost('closed');
      this.logOutcome(t, 'declined', sc.declineCode);
      await this.finishWithAbort(sc.declineCode);
      return;
    }
    await this.approveAndCommit(t);
  }

  private async reversal(apdu: Apdu): Promise<void> {
    const fields = parseAmountFields(apdu, 3);
    await this.accept();
    const state = this.sim.store.peek();
    const original = state.turnover.find((x) => x.receiptNumber === fields.receiptNumber && x.kind !== 'reversal');
    if (!original) {
      await this.finishWithAbort(0xb5); // not in the turnover store (unknown, or after End-of-Day)
      return;
    }
    if (original.status === 'reversed') {
      await this.finishWithAbort(0xb4);
      return;
    }
    const trace = this.nextTrace();
    await this.intermediate(0x04);
    const t: SimTransaction = { ...this.buildTransaction('reversal', original.amountMinor, original.currencyNumeric, trace), reversesReceipt: original.receiptNumber };
    await this.approveAndCommit(t, (s) => {
      const o = s.turnover.find((x) => x.receiptNumber === original.receiptNumber && x.kind !== 'reversal');
      if (o) o.status = 'reversed';
    });
  }

  private computeTotals(state: Readonly<SimState>): { totals: EndOfDayTotals; netMinor: number; count: number } {
    const bySchema = new Map<CardScheme, { count: number; amountMinor: number }>();
    let net = 0;
    let count = 0;
    let from = 0;
    let to = 0;
    for (const t of state.turnover) {
      if (from === 0) from = t.receiptNumber;
      to = t.receiptNumber;
      if (t.kind === 'payment' && t.status === 'committed') {
        const entry = bySchema.get(schemeOf(t.cardType)) ?? { count: 0, amountMinor: 0 };
        entry.count++;
        entry.amountMinor += t.amountMinor;
        bySchema.set(schemeOf(t.cardType), entry);
        net += t.amountMinor;
        count++;
      } else if (t.kind === 'refund') {
        net -= t.amountMinor;
        count++;
      }
    }
    return {
      totals: { receiptNumberFrom: from, receiptNumberTo: to, schemes: [...bySchema].map(([scheme, v]) => ({ scheme, ...v })) },
      netMinor: net,
      count,
    };
  }

  private async endOfDay(): Promise<void> {
    await this.accept();
    await this.intermediate(0x0e);
    const trace = this.nextTrace();
    const state = this.sim.store.peek();
    const { totals, netMinor, count } = this.computeTotals(state);
    const st = this.sim.stamp();
    // BMP 04 cannot be negative: a day of net refunds reports 0 and says so in the additional text.
    const text = netMinor < 0 ? [encodeBmp(0x3c, encodeZvtText(`net refunds ${formatAmount(-netMinor)}`))] : [];
    const data = concatBytes([
      encodeBmp(0x27, Uint8Array.of(0)),
      encodeBmp(0x04, encodeAmount(Math.max(0, netMinor))),
      encodeBmp(0x49, encodeBcd(state.registration.currencyNumeric, 2)),
      encodeBmp(0x0b, encodeBcd(trace, 3)),
      encodeBmp(0x0c, encodeBcd(Number(st.time), 3)),
      encodeBmp(0x0d, encodeBcd(Number(st.date), 2)),
      encodeBmp(0x29, encodeBcd(Number(state.terminalId), 4)),
      encodeBmp(0x60, encodeTotals(totals)),
      ...text,
    ]);
    const answer = await this.exchange(encodeApdu(0x04, 0x0f, data), 'status', 'status-ack');
    if (answer === 'closed') throw new SessionLost('closed');
    if (answer === 'timeout' || !answer.positive) {
      await this.finishWithAbort(0x77);
      return;
    }
    if (this.ecrPrintsAdmin()) {
      const lines = ['KASSENSCHNITT', `Terminal-ID ${state.terminalId}`, `Belege ${totals.receiptNumberFrom}-${totals.receiptNumberTo}`];
      const alpha = currencyAlpha(state.registration.currencyNumeric);
      for (const s of totals.schemes) lines.push(`${s.scheme} ${s.count} x ${alpha} ${formatAmount(s.amountMinor)}`);
      lines.push(`Summe ${alpha} ${formatAmount(Math.max(0, netMinor))}`);
      if (!(await this.printReceipts([{ type: 3, lines }]))) {
        await this.finishWithAbort(0x77);
        return;
      }
    }
    this.sim.store.update((s) => {
      s.endOfDays.push({ at: this.sim.now().toISOString(), count, totalMinor: netMinor, receiptFrom: totals.receiptNumberFrom, receiptTo: totals.receiptNumberTo });
      s.turnover = [];
    });
    this.log(`end of day: ${count} transactions, net ${netMinor}`);
    await this.finishWithCompletion();
  }

  private async repeatReceipt(apdu: Apdu): Promise<void> {
    const fields = parseAmountFields(apdu, 3);
    const service = fields.serviceByte ?? 0;
    await this.accept();
    const last = this.sim.store.peek().lastTransaction;
    if (!last) {
      await this.finishWithAbort(0x83);
      return;
    }
    if (service & REPEAT_RECEIPT_SERVICE.statusInformation) {
      const answer = await this.exchange(this.statusInformation(last, 0), 'status', 'status-ack');
      if (answer === 'closed') throw new SessionLost('closed');
    }
    if (!(service & REPEAT_RECEIPT_SERVICE.noPrint) && this.ecrPrintsPayments()) {
      await this.printReceipts([{ type: 2, lines: ['** KOPIE **', ...this.receiptLines(last, 'customer')] }]);
    }
    await this.finishWithCompletion();
  }
}

/**
 * Training mode: a PT simulator inside this process on an in-memory cable (serial framing, so the driver runs exactly
 * as against a real PIN pad). Returns the ECR end; build the driver with `zvtClientOn(ecrLink, 'serial', …)`.
 */
export function startInProcessPinpad(options: PtSimulatorOptions): { sim: PtSimulator; ecrLink: ByteLink; close(): Promise<void> } {
  const [ecrLink, ptLink] = createMemoryLinkPair('training-pinpad');
  const sim = startPtSimulator({ ...options, link: ptLink, kind: 'serial' });
  return {
    sim,
    ecrLink,
    async close() {
      await sim.stop();
      await ptLink.close();
    },
  };
}

/** Convenience for tests: a simulator serving one link right away. */
export function startPtSimulator(options: PtSimulatorOptions & { link: ByteLink; kind: 'serial' | 'tcp' }): PtSimulator {
  const sim = new PtSimulator(options);
  sim.attach(options.link, options.kind);
  return sim;
}

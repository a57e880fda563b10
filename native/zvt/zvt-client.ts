// ZVT ECR application layer (PA00P015 §2, §3): commands to the PT and the PT-master sequences that follow them, with
// the journal hooks awaited before each acknowledgement. Never imports the service, the db or electron: the payment
// journal lives above and plugs in through TransactionHooks. Never logs or returns a full PAN.
import { openLink, parseLinkAddress, type ByteLink } from '../link/byte-link';
import { apduKey, decodeApdu, isPositiveResponse, isResponse, type Apdu } from './zvt-apdu';
import {
  DEFAULT_CONFIG_BYTE,
  POSITIVE_RESPONSE,
  REPEAT_RECEIPT_SERVICE,
  buildAbort,
  buildAuthorization,
  buildDiagnosis,
  buildEndOfDay,
  buildLogOff,
  buildNegativeResponse,
  buildRefund,
  buildRegistration,
  buildRepeatReceipt,
  buildReversal,
  buildStatusEnquiry,
  parseAbort,
  parseCompletion,
  parseIntermediateStatus,
  parsePrintLine,
  parsePrintTextBlock,
  parseSetDateTime,
  parseStatusEnquiryCompletion,
  parseStatusInformation,
  type AbortInfo,
  type Completion,
  type IntermediateStatus,
  type PrintLine,
  type PrintTextBlock,
  type ReceiptType,
  type StatusEnquiryCompletion,
  type StatusInformation,
  type ZvtCurrency,
} from './zvt-messages';
import { tlv, type TlvNode } from './zvt-bmp';
import { Inbox } from './zvt-inbox';
import { OUTCOME_UNKNOWN_MESSAGE, resultMessage, type CashierMessage } from './zvt-texts';
import {
  ZVT_DEFAULT_TIMERS,
  ZvtLinkClosedError,
  ZvtTransmissionError,
  createZvtTransport,
  transportKindFor,
  type ZvtTimers,
  type ZvtTransport,
} from './zvt-transport';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type ZvtProgress = IntermediateStatus;

export type ZvtPrintOutput = { kind: 'line'; line: PrintLine } | { kind: 'block'; block: PrintTextBlock };

/** A terminal receipt as the PT sent it, assembled from its lines/blocks (merchant and customer copies separate). */
export interface TerminalReceipt {
  type?: ReceiptType;
  lines: PrintLine[];
}

export interface TransactionHooks {
  /** 80 00 received: the PT took the command. Awaited before the sequence goes on (journal: `accepted`). */
  onAccepted?(): Promise<void> | void;
  /** 04 FF intermediate status, with cashier text in English and Chinese. Not awaited for long work. */
  onProgress?(progress: ZvtProgress): void;
  /**
   * 04 0F Status-Information. AWAITED BEFORE the ECR acknowledges it: ack after the journal write, because for an
   * approval that acknowledgement is the PT's commit point. Throwing makes the ECR answer 84 66 00 instead, which
   * tells the PT not to commit (it auto-reverses); the outcome is then `aborted` by `ecr-refused`.
   */
  onStatusInformation?(info: StatusInformation): Promise<void> | void;
  /** Our acknowledgement of the 04 0F reached the PT (serial ACK or implied by its next frame). Journal: `acked`. */
  onStatusAcknowledged?(info: StatusInformation): Promise<void> | void;
  /**
   * 06 D1 / 06 D3. AWAITED BEFORE the ECR acknowledges it (store the slip first: print acks count towards the commit).
   * Throwing answers 84 CC 00 "printer not ready", which tells the PT not to commit.
   */
  onPrint?(output: ZvtPrintOutput): Promise<void> | void;
  /** 04 01 after Diagnosis: the PT's date and time. */
  onSetDateTime?(dateTime: { dateYmd?: string; time?: string }): void;
}

export type UnknownReason = 'transmission-failed' | 'link-lost' | 'timeout-t3' | 'timeout-t4' | 'protocol-error';

/**
 * Where the sequence was when certainty was lost:
 * - `sending-command`: the command may or may not have reached the PT;
 * - `awaiting-response` / `awaiting-result`: no result yet (per spec the PT cannot have committed, but verify);
 * - `acking-status`: an approval arrived and our acknowledgement may or may not have reached the PT (truly ambiguous);
 * - `after-status-ack`: acknowledged, but the print lines that also count towards the commit were not all acknowledged.
 */
export type UnknownStage = 'sending-command' | 'awaiting-response' | 'awaiting-result' | 'acking-status' | 'after-status-ack';

export type PaymentOutcome =
  | { kind: 'approved'; status: StatusInformation; receipts: TerminalReceipt[]; completion: Completion }
  | {
      kind: 'declined';
      resultCode: number;
      message: CashierMessage;
      status?: StatusInformation;
      receipts: TerminalReceipt[];
      /** The PT refused the command itself (84 xx): nothing was attempted. */
      refusedCommand: boolean;
    }
  | {
      kind: 'aborted';
      resultCode: number;
      message: CashierMessage;
      /** customer-or-timeout: 06 1E from the PT; cashier: our 06 B0 was accepted; ecr-refused: a hook threw. */
      by: 'customer-or-timeout' | 'cashier' | 'ecr-refused' | 'terminal';
      status?: StatusInformation;
      receipts: TerminalReceipt[];
    }
  | {
      kind: 'unknown';
      reason: UnknownReason;
      stage: UnknownStage;
      message: CashierMessage;
      detail: string;
      /** The 04 0F, if one arrived (compare its trace/receipt with the terminal's last transaction to resolve). */
      status?: StatusInformation;
      receipts: TerminalReceipt[];
    };

/** Outcome of the non-financial PT-master sequences (End-of-Day, Diagnosis, Repeat-Receipt). */
export type AdminOutcome =
  | { kind: 'completed'; status?: StatusInformation; receipts: TerminalReceipt[]; completion?: Completion; dateTime?: { dateYmd?: string; time?: string } }
  | { kind: 'failed'; resultCode: number; message: CashierMessage; status?: StatusInformation; receipts: TerminalReceipt[] }
  | { kind: 'unknown'; reason: UnknownReason; stage: UnknownStage; detail: string; status?: StatusInformation; receipts: TerminalReceipt[] };

export interface AbortResult {
  /** True when the PT answered 80 00 (it will end the running command with 06 1E). */
  accepted: boolean;
  /** The PT's 84 xx code when refused (83 = too late, e.g. already online). */
  resultCode?: number;
  /** False when no answer came within T3. */
  answered: boolean;
}

export class ZvtBusyError extends Error {
  override readonly name = 'ZvtBusyError';
  readonly code = 'PAYMENT_IN_PROGRESS';
}

/** Nothing was written: the PT cannot have seen the command (safe to treat as "not paid"). */
export class ZvtNotSentError extends Error {
  override readonly name = 'ZvtNotSentError';
  readonly code = 'PINPAD_NOT_CONNECTED';
}

/** A non-financial command failed with a result code (84 xx or 06 1E). */
export class ZvtCommandError extends Error {
  override readonly name = 'ZvtCommandError';
  constructor(
    readonly resultCode: number,
    readonly cashierMessage: CashierMessage,
  ) {
    super(`ZVT result ${resultCode.toString(16).padStart(2, '0')}: ${cashierMessage.en}`);
  }
}

export class ZvtTimeoutError extends Error {
  override readonly name = 'ZvtTimeoutError';
}

export { ZvtLinkClosedError, ZvtTransmissionError };

export interface ZvtClientOptions {
  /** PT password, 6 digits (default 000000). */
  password?: string;
  /** Currency for amounts (ISO 4217 alpha or numeric; default EUR). */
  currency?: ZvtCurrency;
  /** Config byte for Registration; also says whether the ECR prints (print acks then count towards the commit). */
  configByte?: number;
  timers?: Partial<ZvtTimers>;
  clock?: () => number;
}

// ---------------------------------------------------------------------------------------------------------------
// Sequence engine

interface Failure {
  reason: UnknownReason;
  stage: UnknownStage;
  detail: string;
}

interface SequenceResult {
  accepted: boolean;
  refusedCode?: number;
  status?: StatusInformation;
  statusAcked: boolean;
  statusRefused: boolean;
  printRefused: boolean;
  receipts: TerminalReceipt[];
  completion?: Completion;
  completionData?: Uint8Array;
  abort?: AbortInfo;
  cashierAbortAccepted: boolean;
  dateTime?: { dateYmd?: string; time?: string };
  failure?: Failure;
  /** 04 FF 05/45 "sending auto-reversal" after a Status-Information. */
  autoReversalAnnounced?: boolean;
}

function failureFrom(error: unknown, stage: UnknownStage): Failure {
  const reason: UnknownReason = error instanceof ZvtTransmissionError ? 'transmission-failed' : 'link-lost';
  return { reason, stage, detail: error instanceof Error ? error.message : String(error) };
}

function statusKey(s: StatusInformation): string {
  return [s.resultCode, s.traceNumber, s.receiptNumber, s.amountMinor, s.time, s.date].join('|');
}

class ReceiptCollector {
  readonly receipts: TerminalReceipt[] = [];
  private current: TerminalReceipt | undefined;

  addLine(line: PrintLine): void {
    this.current ??= { lines: [] };
    this.current.lines.push(line);
    if (line.isLast) this.flush();
  }

  addBlock(block: PrintTextBlock): void {
    if (this.current && block.receiptType && this.current.type && this.current.type !== block.receiptType) this.flush();
    this.current ??= { lines: [] };
    if (block.receiptType) this.current.type = block.receiptType;
    this.current.lines.push(...block.lines);
    if (block.isLast) this.flush();
  }

  flush(): void {
    if (this.current && this.current.lines.length > 0) this.receipts.push(this.current);
    this.current = undefined;
  }
}

export class ZvtClient {
  readonly timers: ZvtTimers;
  private readonly password: string;
  private readonly currency: ZvtCurrency;
  private configByte: number;
  private permittedCommands: string[] | undefined;
  private readonly inbox = new Inbox();
  private busy = false;
  private sequenceActive = false;
  private pendingAbort: ((answer: Apdu | undefined) => void) | undefined;
  private cashierAbortAccepted = false;
  /** True while the sequence owes the PT an answer: 06 B0 must wait, or the PT would take it as that answer. */
  private handling = false;
  private idleWaiters: (() => void)[] = [];
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly transport: ZvtTransport,
    options: ZvtClientOptions = {},
  ) {
    this.timers = { ...ZVT_DEFAULT_TIMERS, ...options.timers };
    this.password = options.password ?? '000000';
    this.currency = options.currency ?? 'EUR';
    this.configByte = options.configByte ?? DEFAULT_CONFIG_BYTE;
    this.unsubscribe.push(transport.onApdu((apdu) => this.onApdu(apdu)));
    this.unsubscribe.push(transport.onClose(() => this.inbox.close()));
    if (!transport.isOpen) this.inbox.close();
  }

  /** True while a command sequence runs (a second payment request gets ZvtBusyError). */
  get isBusy(): boolean {
    return this.busy;
  }

  get isConnected(): boolean {
    return this.transport.isOpen;
  }

  /** Commands the PT listed in its Registration Completion (TLV 26), if it sent them. */
  get terminalPermittedCommands(): string[] | undefined {
    return this.permittedCommands;
  }

  private onApdu(bytes: Uint8Array): void {
    let apdu: Apdu | undefined;
    try {
      apdu = decodeApdu(bytes);
    } catch {
      apdu = undefined;
    }
    if (apdu && this.pendingAbort && (apdu.cls === 0x80 || apdu.cls === 0x84)) {
      // While the PT is master, a response APDU can only answer our 06 B0.
      const resolve = this.pendingAbort;
      this.pendingAbort = undefined;
      resolve(apdu);
      return;
    }
    if (this.sequenceActive || this.busy) {
      this.inbox.push(bytes);
      return;
    }
    void this.answerUnsolicited(apdu);
  }

  /**
   * A PT message while no command runs (e.g. after our restart mid-payment). A 04 0F we have no journal entry for is
   * refused with 84 66 00, so the PT does not commit a payment nobody recorded (as Portalum does); the rest is ACKed.
   */
  private async answerUnsolicited(apdu: Apdu | undefined): Promise<void> {
    const reply = apdu && apduKey(apdu) === '040F' ? buildNegativeResponse(0x66) : POSITIVE_RESPONSE;
    if (apdu && (apdu.cls === 0x80 || apdu.cls === 0x84)) return; // responses are never answered
    await this.transport.send(reply).catch(() => undefined);
  }

  private async exclusive<T>(run: () => Promise<T>): Promise<T> {
    if (this.busy) throw new ZvtBusyError('A PIN pad command is already in progress');
    if (!this.transport.isOpen) throw new ZvtNotSentError(`PIN pad link ${this.transport.link.address} is not open`);
    this.busy = true;
    try {
      return await run();
    } finally {
      this.busy = false;
    }
  }

  private async reply(bytes: Uint8Array): Promise<void> {
    await this.transport.send(bytes);
  }

  /** Send a command and run the sequence the PT drives until Completion/Abort (or T3/T4/link loss). */
  private async runSequence(command: Uint8Array, hooks: TransactionHooks, multiStep: boolean): Promise<SequenceResult> {
    const collector = new ReceiptCollector();
    const result: SequenceResult = { accepted: false, statusAcked: false, statusRefused: false, printRefused: false, receipts: collector.receipts, cashierAbortAccepted: false };
    // Leftovers of an earlier sequence (e.g. a late 04 FF 05 / 06 1E after an unknown outcome) get their answers now,
    // so they are never mistaken for part of this one.
    for (let stale = this.inbox.take(); stale; stale = this.inbox.take()) await this.answerUnsolicited(safeDecode(stale));
    this.sequenceActive = true;
    this.cashierAbortAccepted = false;
    try {
      try {
        await this.transport.send(command);
      } catch (error) {
        result.failure = failureFrom(error, 'sending-command');
        return result;
      }
      // T3: the command's 80 00 / 84 xx. PT-master messages before it belong to an older sequence: answer them as
      // unsolicited and keep waiting (taking one as "implied acceptance" could glue two transactions together).
      const t3Deadline = Date.now() + this.timers.t3Ms;
      let first = await this.inbox.next(this.timers.t3Ms);
      while (first !== 'timeout' && first !== 'closed' && !isResponseBytes(first)) {
        await this.answerUnsolicited(safeDecode(first));
        first = await this.inbox.next(t3Deadline - Date.now());
      }
      if (first === 'timeout') {
        result.failure = { reason: 'timeout-t3', stage: 'awaiting-response', detail: `no answer within T3 (${this.timers.t3Ms} ms)` };
        // TCP (PA00P016 §5.2.5): on T3 the sender closes the socket; the process counts as aborted on both sides.
        if (this.transport.kind === 'tcp') await this.transport.close().catch(() => undefined);
        return result;
      }
      if (first === 'closed') {
        result.failure = { reason: 'link-lost', stage: 'awaiting-response', detail: 'link closed before the PT answered' };
        return result;
      }
      const firstApdu = safeDecode(first);
      if (firstApdu && isPositiveResponse(firstApdu)) {
        result.accepted = true;
      } else {
        result.refusedCode = firstApdu?.ins ?? 0x9a;
        return result;
      }
      await hooks.onAccepted?.();
      if (!multiStep) return result;

      let t4 = this.timers.t4Ms;
      let deadline = Date.now() + t4;
      let lastStatusKey: string | undefined;
      for (;;) {
        this.setHandling(false);
        const next = await this.inbox.next(deadline - Date.now());
        this.setHandling(true);
        const stage: UnknownStage = result.statusAcked ? 'after-status-ack' : 'awaiting-result';
        if (next === 'timeout') {
          result.failure = { reason: 'timeout-t4', stage, detail: `no Completion within T4 (${t4} ms)` };
          return result;
        }
        if (next === 'closed') {
          result.failure = { reason: 'link-lost', stage, detail: 'link closed during the PT-master phase' };
          return result;
        }
        const apdu = safeDecode(next);
        if (!apdu) {
          // A frame with a good CRC but a broken length: answer "protocol error" and keep listening.
          await this.reply(buildNegativeResponse(0x9a)).catch(() => undefined);
          continue;
        }
        const key = apduKey(apdu);
        try {
          switch (key) {
            case '04FF': {
              const progress = parseIntermediateStatus(apdu.data);
              if (progress.t4Minutes !== undefined && progress.t4Minutes > 0) {
                // The PT's T4 is in real minutes; keep our scale (tests run with scaled timers).
                t4 = Math.ceil(progress.t4Minutes * 60_000 * (this.timers.t4Ms / ZVT_DEFAULT_TIMERS.t4Ms));
              }
              deadline = Date.now() + t4;
              if ((progress.code & 0xbf) === 0x05 && result.status) result.autoReversalAnnounced = true;
              try {
                hooks.onProgress?.(progress);
              } catch {
                // Display problems must not stall the terminal.
              }
              await this.reply(POSITIVE_RESPONSE);
              break;
            }
            case '040F': {
              deadline = Date.now() + t4;
              const status = parseStatusInformation(apdu.data);
              const k = statusKey(status);
              if (k === lastStatusKey && result.status) {
                // Application-level duplicate (same trace/receipt/amount/time): acknowledge, do not journal twice.
                await this.reply(result.statusRefused ? buildNegativeResponse(0x66) : POSITIVE_RESPONSE);
                break;
              }
              lastStatusKey = k;
              result.status = status;
              result.statusAcked = false;
              let refuse = false;
              try {
                // ack after the journal write: the ack is the terminal's commit point.
                await hooks.onStatusInformation?.(status);
              } catch {
                refuse = true;
              }
              if (refuse) {
                result.statusRefused = true;
                try {
                  await this.reply(buildNegativeResponse(0x66));
                } catch (error) {
                  result.failure = failureFrom(error, 'acking-status');
                  return result;
                }
                break;
              }
              try {
                await this.reply(POSITIVE_RESPONSE);
              } catch (error) {
                result.failure = failureFrom(error, 'acking-status');
                return result;
              }
              result.statusAcked = true;
              await hooks.onStatusAcknowledged?.(status);
              break;
            }
            case '06D1':
            case '06D3': {
              const output: ZvtPrintOutput =
                key === '06D1' ? { kind: 'line', line: parsePrintLine(apdu.data) } : { kind: 'block', block: parsePrintTextBlock(apdu.data) };
              let refuse = false;
              try {
                // Store the slip before acknowledging: print acks are part of the PT's commit when the ECR prints.
                await hooks.onPrint?.(output);
              } catch {
                refuse = true;
              }
              if (output.kind === 'line') collector.addLine(output.line);
              else collector.addBlock(output.block);
              if (refuse) result.printRefused = true;
              try {
                await this.reply(refuse ? buildNegativeResponse(0xcc) : POSITIVE_RESPONSE);
              } catch (error) {
                result.failure = failureFrom(error, result.statusAcked ? 'after-status-ack' : 'awaiting-result');
                return result;
              }
              break;
            }
            case '0401': {
              result.dateTime = parseSetDateTime(apdu.data);
              try {
                hooks.onSetDateTime?.(result.dateTime);
              } catch {
                // informational
              }
              await this.reply(POSITIVE_RESPONSE);
              break;
            }
            case '060F': {
              collector.flush();
              result.completionData = apdu.data;
              result.completion = parseCompletion(apdu.data);
              // The sequence is over once the Completion arrived; a failed ack here changes nothing (spec §2.2.9).
              await this.reply(POSITIVE_RESPONSE).catch(() => undefined);
              return result;
            }
            case '061E': {
              collector.flush();
              result.abort = parseAbort(apdu.data);
              await this.reply(POSITIVE_RESPONSE).catch(() => undefined);
              return result;
            }
            default:
              // Unknown to us: "function not possible", and keep waiting for Completion/Abort.
              await this.reply(buildNegativeResponse(0x83));
          }
        } catch (error) {
          result.failure = failureFrom(error, result.statusAcked ? 'after-status-ack' : result.status ? 'acking-status' : 'awaiting-result');
          return result;
        }
      }
    } finally {
      this.setHandling(false);
      this.sequenceActive = false;
      result.cashierAbortAccepted = this.cashierAbortAccepted;
      collector.flush();
    }
  }

  private setHandling(handling: boolean): void {
    this.handling = handling;
    if (!handling) for (const w of this.idleWaiters.splice(0)) w();
  }

  private untilIdle(): Promise<void> {
    if (!this.handling) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Map a financial sequence onto the four outcomes the journal distinguishes. */
  private paymentOutcome(r: SequenceResult): PaymentOutcome {
    const receipts = r.receipts;
    const unknown = (failure: Failure, status?: StatusInformation): PaymentOutcome => ({
      kind: 'unknown',
      reason: failure.reason,
      stage: failure.stage,
      detail: failure.detail,
      message: OUTCOME_UNKNOWN_MESSAGE,
      receipts,
      ...(status ? { status } : {}),
    });
    if (!r.accepted) {
      if (r.refusedCode !== undefined) {
        return { kind: 'declined', resultCode: r.refusedCode, message: resultMessage(r.refusedCode), receipts, refusedCommand: true };
      }
      return unknown(r.failure ?? { reason: 'protocol-error', stage: 'awaiting-response', detail: 'no answer' });
    }
    const status = r.status;
    if (status && status.resultCode === 0x00) {
      if (r.statusRefused || r.printRefused) {
        // We told the PT not to commit. Certain only if that answer got through; a failure after it is still safe
        // because the PT cannot commit without our positive acknowledgement.
        if (r.failure && r.failure.stage === 'acking-status' && r.statusRefused && !r.abort) return unknown(r.failure, status);
        const rc = r.abort?.resultCode ?? 0x66;
        return { kind: 'aborted', resultCode: rc, message: resultMessage(rc), by: 'ecr-refused', status, receipts };
      }
      if (!r.statusAcked) return unknown(r.failure ?? { reason: 'protocol-error', stage: 'acking-status', detail: 'status not acknowledged' }, status);
      if (r.autoReversalAnnounced || r.abort) {
        // The spec says an acknowledged approval stands, but a PT that then announces an auto-reversal or aborts
        // contradicts itself. Claiming "paid" could lose money, "not paid" could charge twice: let the resolver ask it.
        const detail = r.autoReversalAnnounced ? 'PT announced an auto-reversal after our acknowledgement' : `PT sent Abort ${r.abort!.resultCode.toString(16)} after our acknowledgement`;
        return unknown({ reason: 'protocol-error', stage: 'after-status-ack', detail }, status);
      }
      if (r.failure) {
        // The spec counts an acknowledged approval as paid, but "acknowledged" only means our frame got a serial ACK:
        // a PT that loses power between ACKing our frame and storing the payment reverses it on restart (seen in the
        // pty tests). Without the Completion, ask the terminal rather than assume.
        return unknown({ ...r.failure, stage: 'after-status-ack' }, status);
      }
      if (!r.completion) return unknown({ reason: 'protocol-error', stage: 'after-status-ack', detail: 'no Completion' }, status);
      return { kind: 'approved', status, receipts, completion: r.completion };
    }
    if (status && status.resultCode !== undefined) {
      const rc = status.resultCode === 0x6c || r.abort?.resultCode === 0x6c ? 0x6c : status.resultCode;
      if (rc === 0x6c) return { kind: 'aborted', resultCode: rc, message: resultMessage(rc), by: r.cashierAbortAccepted ? 'cashier' : 'customer-or-timeout', status, receipts };
      return { kind: 'declined', resultCode: rc, message: resultMessage(rc), status, receipts, refusedCommand: false };
    }
    if (r.abort) {
      const rc = r.abort.resultCode;
      if (rc === 0x6c) return { kind: 'aborted', resultCode: rc, message: r.abort.message, by: r.cashierAbortAccepted ? 'cashier' : 'customer-or-timeout', receipts };
      return { kind: 'declined', resultCode: rc, message: r.abort.message, receipts, refusedCommand: false };
    }
    if (r.failure) return unknown(r.failure, status);
    return unknown({ reason: 'protocol-error', stage: 'awaiting-result', detail: 'Completion without Status-Information' }, status);
  }

  private adminOutcome(r: SequenceResult): AdminOutcome {
    const receipts = r.receipts;
    const withStatus = <T extends object>(o: T): T => (r.status ? { ...o, status: r.status } : o);
    if (r.refusedCode !== undefined) return withStatus({ kind: 'failed' as const, resultCode: r.refusedCode, message: resultMessage(r.refusedCode), receipts });
    if (r.abort) return withStatus({ kind: 'failed' as const, resultCode: r.abort.resultCode, message: r.abort.message, receipts });
    if (r.status?.resultCode !== undefined && r.status.resultCode !== 0 && !r.completion) {
      return withStatus({ kind: 'failed' as const, resultCode: r.status.resultCode, message: resultMessage(r.status.resultCode), receipts });
    }
    if (r.completion) {
      const done: AdminOutcome = withStatus({ kind: 'completed' as const, receipts, completion: r.completion });
      if (r.dateTime) done.dateTime = r.dateTime;
      return done;
    }
    const f = r.failure ?? { reason: 'protocol-error' as const, stage: 'awaiting-result' as const, detail: 'no Completion' };
    return withStatus({ kind: 'unknown' as const, reason: f.reason, stage: f.stage, detail: f.detail, receipts });
  }

  private async runPayment(command: Uint8Array, hooks: TransactionHooks): Promise<PaymentOutcome> {
    return this.exclusive(async () => {
      const result = await this.runSequence(command, hooks, true);
      return this.paymentOutcome(result);
    });
  }

  private async runAdmin(command: Uint8Array, hooks: TransactionHooks): Promise<AdminOutcome> {
    return this.exclusive(async () => this.adminOutcome(await this.runSequence(command, hooks, true)));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands

  /**
   * Registration 06 00 (password, config byte, currency, optional TLV). With `allowTextBlocks` the ECR lists 06 D3 in
   * TLV 26 so the PT may send receipts as text blocks. Throws ZvtCommandError / ZvtTimeoutError / link errors.
   */
  async register(options: { configByte?: number; allowTextBlocks?: boolean; serviceByte?: number; tlv?: TlvNode[] } = {}): Promise<Completion> {
    return this.exclusive(async () => {
      const configByte = options.configByte ?? this.configByte;
      const tlvNodes = options.tlv ?? (options.allowTextBlocks ? [tlv(0x26, [tlv(0x0a, Uint8Array.of(0x06, 0xd3))])] : undefined);
      const command = buildRegistration({
        password: this.password,
        configByte,
        currency: this.currency,
        ...(options.serviceByte !== undefined ? { serviceByte: options.serviceByte } : {}),
        ...(tlvNodes ? { tlv: tlvNodes } : {}),
      });
      const r = await this.runSequence(command, {}, true);
      this.throwIfFailed(r);
      this.configByte = configByte;
      this.permittedCommands = r.completion?.permittedCommands;
      return r.completion ?? {};
    });
  }

  /** Authorization 06 01: a card payment of `amountMinor` (integer minor units). Never retried automatically. */
  authorize(request: { amountMinor: number; paymentType?: number }, hooks: TransactionHooks = {}): Promise<PaymentOutcome> {
    const command = buildAuthorization({
      amountMinor: request.amountMinor,
      currency: this.currency,
      ...(request.paymentType !== undefined ? { paymentType: request.paymentType } : {}),
    });
    return this.runPayment(command, hooks);
  }

  /** Reversal 06 30 of the PT receipt number (same day, before End-of-Day). Approved = the original is reversed. */
  reverse(request: { receiptNumber: number; amountMinor?: number }, hooks: TransactionHooks = {}): Promise<PaymentOutcome> {
    const command = buildReversal({
      password: this.password,
      receiptNumber: request.receiptNumber,
      ...(request.amountMinor !== undefined ? { amountMinor: request.amountMinor, currency: this.currency } : {}),
    });
    return this.runPayment(command, hooks);
  }

  /** Refund 06 31 of `amountMinor` to a card. */
  refund(request: { amountMinor: number }, hooks: TransactionHooks = {}): Promise<PaymentOutcome> {
    return this.runPayment(buildRefund({ password: this.password, amountMinor: request.amountMinor, currency: this.currency }), hooks);
  }

  /** End-of-Day 06 50: the PT's totals (status.totals, status.amountMinor) and its report lines. */
  endOfDay(hooks: TransactionHooks = {}): Promise<AdminOutcome> {
    return this.runAdmin(buildEndOfDay(this.password), hooks);
  }

  /** Diagnosis 06 70: the PT checks its host link; may send 04 01 (date/time) and print lines. */
  diagnosis(hooks: TransactionHooks = {}): Promise<AdminOutcome> {
    return this.runAdmin(buildDiagnosis(), hooks);
  }

  /**
   * Repeat-Receipt 06 20: the PT's LAST STORED transaction. With `statusInformation` (default) the PT resends its 04 0F
   * (the resync tool of the unknown-outcome procedure); `print: false` (default) asks for no reprint.
   */
  repeatReceipt(options: { statusInformation?: boolean; print?: boolean } = {}, hooks: TransactionHooks = {}): Promise<AdminOutcome> {
    let service = 0;
    if (options.statusInformation ?? true) service |= REPEAT_RECEIPT_SERVICE.statusInformation;
    if (!(options.print ?? false)) service |= REPEAT_RECEIPT_SERVICE.noPrint;
    return this.runAdmin(buildRepeatReceipt(this.password, service), hooks);
  }

  /** Status-Enquiry 05 01: terminal status code (00 ready) and software version. Safe to repeat. */
  async statusEnquiry(hooks: TransactionHooks = {}): Promise<StatusEnquiryCompletion> {
    return this.exclusive(async () => {
      const r = await this.runSequence(buildStatusEnquiry(this.password), hooks, true);
      this.throwIfFailed(r);
      return parseStatusEnquiryCompletion(r.completionData ?? Uint8Array.of(0xff));
    });
  }

  /** Log-Off 06 02: the PT drops back to config byte 86 and TLV off. */
  async logOff(): Promise<void> {
    return this.exclusive(async () => {
      const r = await this.runSequence(buildLogOff(), {}, false);
      this.throwIfFailed(r);
    });
  }

  /**
   * Abort 06 B0. While a command runs it goes out between frames (half duplex); 80 00 = accepted (the running command
   * then ends with 06 1E 6C: outcome `aborted` by `cashier`), 84 83 = too late (keep waiting for the result).
   */
  async abort(): Promise<AbortResult> {
    if (!this.busy) {
      return this.exclusive(async () => {
        const r = await this.runSequence(buildAbort(), {}, false);
        if (r.refusedCode !== undefined) return { accepted: false, resultCode: r.refusedCode, answered: true };
        return { accepted: r.accepted, answered: r.accepted };
      });
    }
    // Half duplex: only between frames, i.e. after we answered the PT's last message, never in place of that answer.
    await this.untilIdle();
    if (!this.busy) return { accepted: false, answered: false };
    const answer = new Promise<Apdu | undefined>((resolve) => {
      this.pendingAbort = resolve;
      setTimeout(() => {
        if (this.pendingAbort === resolve) this.pendingAbort = undefined;
        resolve(undefined);
      }, this.timers.t3Ms);
    });
    try {
      await this.transport.send(buildAbort());
    } catch {
      this.pendingAbort = undefined;
      return { accepted: false, answered: false };
    }
    const apdu = await answer;
    if (!apdu) return { accepted: false, answered: false };
    if (isPositiveResponse(apdu)) {
      this.cashierAbortAccepted = true;
      return { accepted: true, answered: true };
    }
    return { accepted: false, resultCode: apdu.ins, answered: true };
  }

  private throwIfFailed(r: SequenceResult): void {
    if (r.refusedCode !== undefined) throw new ZvtCommandError(r.refusedCode, resultMessage(r.refusedCode));
    if (r.abort) throw new ZvtCommandError(r.abort.resultCode, r.abort.message);
    if (r.failure) {
      if (r.failure.reason === 'timeout-t3' || r.failure.reason === 'timeout-t4') throw new ZvtTimeoutError(r.failure.detail);
      if (r.failure.reason === 'transmission-failed') throw new ZvtTransmissionError(r.failure.detail, []);
      throw new ZvtLinkClosedError(r.failure.detail);
    }
  }

  /** Stop listening and close the link. */
  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    this.inbox.close();
    await this.transport.close();
  }
}

function isResponseBytes(bytes: Uint8Array): boolean {
  const apdu = safeDecode(bytes);
  return apdu !== undefined && isResponse(apdu);
}

function safeDecode(bytes: Uint8Array): Apdu | undefined {
  try {
    return decodeApdu(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Open the PIN pad at a user-typed address (`/dev/ttyUSB0[@baud]` or `tcp://host:20007`) and return a client.
 * Serial links are opened 8N2 as ZVT specifies (PA00P016 §2.1).
 */
export async function connectZvt(address: string, options: ZvtClientOptions = {}): Promise<ZvtClient> {
  const link = await openZvtLink(address);
  return zvtClientOn(link, transportKindFor(address), options);
}

export async function openZvtLink(address: string): Promise<ByteLink> {
  const parsed = parseLinkAddress(address);
  if (parsed.kind === 'serial') parsed.options.stopBits = 2;
  return openLink(parsed);
}

/** A client on an already open link (in-memory pair, accepted socket, test pty). */
export function zvtClientOn(link: ByteLink, kind: 'serial' | 'tcp', options: ZvtClientOptions = {}): ZvtClient {
  const transport = createZvtTransport(link, kind, {
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return new ZvtClient(transport, options);
}

// PT simulator persistent state: counters, turnover store, last stored transaction, auto-reversals, in a JSON file
// written atomically (tmp + fsync + rename) BEFORE the simulator answers. Simulator-only; never imports the service.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type SimTransactionKind = 'payment' | 'reversal' | 'refund';

export interface SimTransaction {
  kind: SimTransactionKind;
  amountMinor: number;
  currencyNumeric: number;
  traceNumber: number;
  receiptNumber: number;
  turnoverNumber: number;
  /** MMDD / HHMMSS as the PT stamps them (BMP 0D / 0C). */
  date: string;
  time: string;
  maskedPanBcd: string;
  cardType: number;
  cardName: string;
  authorisationCode: string;
  /**
   * pending: 04 0F approval sent, ECR acknowledgement (and print acks) outstanding;
   * committed: stored in the turnover store; auto-reversed: never committed (ECR did not acknowledge / power loss);
   * reversed: committed, later reversed by 06 30; declined / aborted: no money moved.
   */
  status: 'pending' | 'committed' | 'auto-reversed' | 'reversed' | 'declined' | 'aborted';
  resultCode: number;
  /** For a reversal: the receipt number it reversed. */
  reversesReceipt?: number;
  note?: string;
}

export interface SimRegistration {
  configByte: number;
  currencyNumeric: number;
  tlvEnabled: boolean;
  permittedCommands: string[];
}

export interface SimState {
  version: 1;
  terminalId: string;
  /** Last numbers used (the next transaction takes +1). */
  traceNumber: number;
  receiptNumber: number;
  turnoverNumber: number;
  registration: SimRegistration;
  /** The approval whose commit is outstanding; resolved to committed or auto-reversed, never left across a restart. */
  pending: SimTransaction | null;
  /** Committed transactions since the last End-of-Day (Reversal searches here; End-of-Day totals and clears it). */
  turnover: SimTransaction[];
  /** The last STORED transaction: what Repeat-Receipt 06 20 returns. */
  lastTransaction: SimTransaction | null;
  /** Every outcome, newest last (bounded), so tests and support can see auto-reversals. */
  log: SimTransaction[];
  endOfDays: { at: string; count: number; totalMinor: number; receiptFrom: number; receiptTo: number }[];
  restarts: number;
}

const LOG_LIMIT = 500;

export function initialSimState(terminalId = '52523535'): SimState {
  return {
    version: 1,
    terminalId,
    traceNumber: 0,
    receiptNumber: 0,
    turnoverNumber: 0,
    // Log-Off default (PA00P015 §2.24): 86 = ECR prints payment and admin receipts via print lines.
    registration: { configByte: 0x86, currencyNumeric: 978, tlvEnabled: false, permittedCommands: [] },
    pending: null,
    turnover: [],
    lastTransaction: null,
    log: [],
    endOfDays: [],
    restarts: 0,
  };
}

function isSimState(value: unknown): value is SimState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.version === 1 && typeof v.traceNumber === 'number' && typeof v.receiptNumber === 'number' && Array.isArray(v.turnover) && Array.isArray(v.log);
}

/** Durable replace: write a temp file, fsync it, rename over the old one (atomic on POSIX). */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(value, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export class SimStateStore {
  private current: SimState;

  /**
   * Load (or create) the state. A pending approval found at start-up means the PT lost power before its commit:
   * it is auto-reversed, as the spec's commit rule demands (PA00P015 §2.2.8), and that is written before anything else.
   */
  constructor(
    readonly file: string,
    terminalId?: string,
  ) {
    if (existsSync(file)) {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!isSimState(parsed)) throw new Error(`${file} is not a PT simulator state file`);
      this.current = parsed;
    } else {
      this.current = initialSimState(terminalId);
    }
    this.current.restarts++;
    if (this.current.pending) {
      const reversed: SimTransaction = { ...this.current.pending, status: 'auto-reversed', note: 'power loss before commit' };
      this.current.pending = null;
      this.pushLog(reversed);
    }
    this.save();
  }

  get state(): SimState {
    return structuredClone(this.current);
  }

  /** Mutate and persist in one step; callers send nothing that depends on the change until this returns. */
  update(mutate: (state: SimState) => void): SimState {
    mutate(this.current);
    this.save();
    return this.state;
  }

  /** Read-only view for decisions inside the simulator. */
  peek(): Readonly<SimState> {
    return this.current;
  }

  pushLog(entry: SimTransaction): void {
    this.current.log.push(entry);
    if (this.current.log.length > LOG_LIMIT) this.current.log.splice(0, this.current.log.length - LOG_LIMIT);
  }

  private save(): void {
    writeJsonAtomic(this.file, this.current);
  }
}

// PT simulator scenarios: what the simulated terminal does (approve, decline, abort, PIN timeout) and which faults it
// injects at which step (dropped ACK, CRC errors, duplicates, split bytes, power loss). Pure data and parsing.

/** Frames the PT sends, by role in a sequence. */
export type PtFrameStep = 'accept' | 'intermediate' | 'status' | 'print' | 'completion';
/** Frames the ECR sends, by role in a sequence. */
export type EcrFrameStep = 'command' | 'intermediate-ack' | 'status-ack' | 'print-ack' | 'completion-ack';
/** Power-loss points of a payment, in order. */
export type CrashStep =
  | 'after-command'
  | 'after-accept'
  | 'after-intermediate'
  | 'after-status-sent'
  | 'after-status-ack'
  | 'after-print'
  | 'after-commit'
  | 'after-completion';

export const CRASH_STEPS: readonly CrashStep[] = [
  'after-command',
  'after-accept',
  'after-intermediate',
  'after-status-sent',
  'after-status-ack',
  'after-print',
  'after-commit',
  'after-completion',
];

export interface SimFaults {
  /** The PT corrupts the CRC of its first frame at `step`, on `times` transmissions (3 = NAK storm, delivery fails). */
  corruptCrc?: { step: PtFrameStep; times: number };
  /** The PT sends its first frame at `step` twice (as after a lost ACK). */
  duplicate?: PtFrameStep;
  /** The PT writes its first frame at `step` in parts with `delayMs` between them (below or above T1). */
  split?: { step: PtFrameStep; delayMs: number; parts?: number };
  /** The PT processes the ECR frame at `step` but its ACK is lost. */
  dropAck?: EcrFrameStep;
  /** The ECR frame at `step` never arrives, `count` transmissions in a row (3 = the ECR gives up). */
  lose?: { step: EcrFrameStep; count: number };
  /** Power loss at this point: the simulator stops dead (state file as last written); restart it to continue. */
  crashAt?: CrashStep;
}

export type SimOutcome = 'approve' | 'decline' | 'customer-abort' | 'pin-timeout';

export type SimCard = 'mastercard' | 'visa' | 'girocard';

export interface SimScenario {
  outcome: SimOutcome;
  /** Result code for `decline` (default 05, declined by issuer). */
  declineCode: number;
  /** Answer 84 83 00 to 06 B0 (too late / not possible). */
  abortRefused: boolean;
  /** Terminal status code answered to 05 01 (00 ready). */
  terminalStatus: number;
  /** How long the PT waits for the card after "insert card" (06 B0 is accepted meanwhile). Undefined = T2/10. */
  cardDelayMs?: number;
  /** How long the PIN entry stays silent before the PT times out (`pin-timeout`). Undefined = 2 × T3. */
  pinTimeoutMs?: number;
  card: SimCard;
  faults: SimFaults;
}

export const DEFAULT_SCENARIO: SimScenario = {
  outcome: 'approve',
  declineCode: 0x05,
  abortRefused: false,
  terminalStatus: 0x00,
  card: 'mastercard',
  faults: {},
};

const PT_STEPS: readonly PtFrameStep[] = ['accept', 'intermediate', 'status', 'print', 'completion'];
const ECR_STEPS: readonly EcrFrameStep[] = ['command', 'intermediate-ack', 'status-ack', 'print-ack', 'completion-ack'];

function ptStep(text: string | undefined, token: string): PtFrameStep {
  const step = (text ?? 'status') as PtFrameStep;
  if (!PT_STEPS.includes(step)) throw new Error(`${token}: step must be one of ${PT_STEPS.join(', ')}`);
  return step;
}

function ecrStep(text: string | undefined, token: string): EcrFrameStep {
  const step = (text ?? 'status-ack') as EcrFrameStep;
  if (!ECR_STEPS.includes(step)) throw new Error(`${token}: step must be one of ${ECR_STEPS.join(', ')}`);
  return step;
}

/**
 * Parse a scenario as typed on the command line: comma-separated tokens, e.g.
 * `approve`, `decline:51`, `customer-abort`, `pin-timeout`, `abort-refused`, `status:f0`, `card:visa`,
 * `drop-ack:status-ack`, `lose-frame:status-ack:3`, `auto-reversal`, `corrupt-crc:status:1`, `nak-storm`,
 * `duplicate-frame:status`, `split-below-t1:status`, `split-above-t1:status`, `crash-at:after-status-sent`,
 * `card-delay:500`. T1-relative delays need the timers, hence `t1Ms`.
 */
export function parseScenario(text: string, t1Ms = 200): SimScenario {
  const scenario: SimScenario = { ...DEFAULT_SCENARIO, faults: {} };
  for (const raw of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const [name, a, b] = raw.split(':');
    switch (name) {
      case 'approve':
      case 'customer-abort':
      case 'pin-timeout':
        scenario.outcome = name;
        break;
      case 'decline':
        scenario.outcome = 'decline';
        if (a) scenario.declineCode = parseInt(a, 16);
        break;
      case 'abort-refused':
        scenario.abortRefused = true;
        break;
      case 'status':
        scenario.terminalStatus = parseInt(a ?? '00', 16);
        break;
      case 'card':
        if (a !== 'mastercard' && a !== 'visa' && a !== 'girocard') throw new Error(`${raw}: card must be mastercard, visa or girocard`);
        scenario.card = a;
        break;
      case 'card-delay':
        scenario.cardDelayMs = Number(a);
        break;
      case 'pin-delay':
        scenario.pinTimeoutMs = Number(a);
        break;
      case 'drop-ack':
        scenario.faults.dropAck = ecrStep(a, raw);
        break;
      case 'lose-frame':
        scenario.faults.lose = { step: ecrStep(a, raw), count: Number(b ?? 1) };
        break;
      case 'auto-reversal':
        // The ECR's acknowledgement of the approval never arrives: the PT must not commit and reverses.
        scenario.faults.lose = { step: 'status-ack', count: 3 };
        break;
      case 'corrupt-crc':
        scenario.faults.corruptCrc = { step: ptStep(a, raw), times: Number(b ?? 1) };
        break;
      case 'nak-storm':
        scenario.faults.corruptCrc = { step: ptStep(a, raw), times: 3 };
        break;
      case 'duplicate-frame':
        scenario.faults.duplicate = ptStep(a, raw);
        break;
      case 'split-below-t1':
        scenario.faults.split = { step: ptStep(a, raw), delayMs: Math.max(1, Math.floor(t1Ms / 4)) };
        break;
      case 'split-above-t1':
        scenario.faults.split = { step: ptStep(a, raw), delayMs: t1Ms * 2 };
        break;
      case 'crash-at': {
        const step = a as CrashStep;
        if (!CRASH_STEPS.includes(step)) throw new Error(`${raw}: step must be one of ${CRASH_STEPS.join(', ')}`);
        scenario.faults.crashAt = step;
        break;
      }
      default:
        throw new Error(`unknown scenario token "${raw}"`);
    }
  }
  return scenario;
}

// The service's shared state for one till: repositories, clock, ids, session, events and the rules every use case
// applies (who is logged in, manager overrides). Built by createTill; never imports a host or electron.
import { randomUUID } from 'node:crypto';
import { DomainError, type ErrorCode, type ErrorParams } from '../core/errors';
import type { Db } from '../db/open';
import { AuditLog } from '../db/audit';
import { CatalogueRepo } from '../db/catalogue-repo';
import { SalesRepo } from '../db/sales-repo';
import { statementCache, type Prepare } from '../db/statements';
import type { CardTotalsView, DeviceStatusView, DeviceTraceView, Language, ManagerOverride, Role, TillEventListener, TillEventName, TillEvents } from './contract';
import type { TillConfig } from './config';
import type { Failpoint } from './failpoints';
import { verifyPin } from './pin';

export interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  pin_hash: string;
  language: Language;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
}

export interface Session {
  user: UserRow;
  loggedInAt: string;
}

/** What a manager approves; the names are the concept words of core/messages (shown in the override dialog). */
export type ApprovalAction =
  | 'discount'
  | 'price-override'
  | 'void-after-tender'
  | 'return-without-receipt'
  | 'no-sale'
  | 'close-with-variance'
  | 'cash-movement'
  | 'opening-float'
  | 'remove-tender'
  | 'requeue-payment'
  | 'resolve-payment';

export const MAX_PIN_FAILURES = 10;
const TRACE_LIMIT = 500;
export const LOCKOUT_MINUTES = 30;

export function fail(code: string, params: ErrorParams = {}): never {
  throw new DomainError(code as ErrorCode, params);
}

export class TillContext {
  readonly catalogue: CatalogueRepo;
  readonly sales: SalesRepo;
  readonly audit: AuditLog;
  /** Cached prepared statements for the use cases' own SQL. */
  readonly sql: Prepare;
  session: Session | null = null;
  /** Live device health, registered by the device and sync services (PIN pad, printer, acquirer link). */
  readonly deviceStatus = new Map<DeviceStatusView['kind'], () => DeviceStatusView>();
  /**
   * End-of-day card totals from the PIN pad (06 50) and the acquirer (0500/0510), registered by their services; the
   * close compares each with the ledger (three-way reconciliation). A missing source is reported, never skipped.
   */
  readonly cardTotalsSources = new Map<'pinpad' | 'acquirer', () => Promise<CardTotalsView>>();
  /**
   * Gives money back to a card through the PIN pad (set by the card payment service): a reversal of the original
   * payment when it can be, else a refund. `returnId` is the open return, or the open sale being voided.
   */
  cardRefunder: ((request: { returnId: string; originalPaymentId: string | null; amount: number }) => Promise<import('./sale-service').CardRefund>) | null = null;
  /** The last device frames (PIN pad, printer, acquirer), for the support view and the diagnostics bundle. */
  readonly traces: DeviceTraceView[] = [];
  /** Internal errors (no card data, no PINs), newest last, for the diagnostics bundle. */
  readonly errors: { at: string; line: string }[] = [];
  /** Work to do when the till closes (device links, timers, simulators), in registration order. */
  readonly closers: (() => Promise<void> | void)[] = [];
  private readonly listeners = new Set<TillEventListener>();

  constructor(
    readonly db: Db,
    readonly config: TillConfig,
    readonly clock: () => Date,
    readonly ids: () => string,
    readonly failpoint: Failpoint,
  ) {
    this.catalogue = new CatalogueRepo(db);
    this.sales = new SalesRepo(db);
    this.audit = new AuditLog(db);
    this.sql = statementCache(db);
  }

  static defaults = { clock: () => new Date(), ids: () => randomUUID() };

  now(): string {
    return this.clock().toISOString();
  }

  /** One business action = one synchronous transaction (never across an await). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  language(): Language {
    return this.session?.user.language ?? this.config.defaultLanguage;
  }

  requireUser(...roles: Role[]): UserRow {
    const user = this.session?.user;
    if (!user) fail('NOT_LOGGED_IN');
    if (roles.length > 0 && !roles.includes(user.role)) fail('FORBIDDEN', { role: user.role });
    return user;
  }

  userByName(username: string): UserRow | undefined {
    return this.sql<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
  }

  userById(userId: string): UserRow | undefined {
    return this.sql<[string], UserRow>('SELECT * FROM users WHERE user_id = ?').get(userId);
  }

  /**
   * Check a PIN with lockout: after MAX_PIN_FAILURES wrong PINs the user is locked for LOCKOUT_MINUTES.
   * The failure count is committed even though the call fails, so a reload cannot reset it.
   */
  checkPin(user: UserRow, pin: string): void {
    const now = this.clock();
    if (user.locked_until && new Date(user.locked_until) > now) {
      const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000);
      fail('LOCKED_OUT', { minutes, until: user.locked_until });
    }
    if (verifyPin(pin, user.pin_hash)) {
      if (user.failed_attempts > 0 || user.locked_until) {
        this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE user_id = ?').run(user.user_id);
      }
      return;
    }
    const failures = user.failed_attempts + 1;
    const lockedUntil = failures >= MAX_PIN_FAILURES ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    this.tx(() => {
      this.db
        .prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE user_id = ?')
        .run(lockedUntil ? 0 : failures, lockedUntil, user.user_id);
      this.audit.append({
        at: now.toISOString(),
        actor: user.username,
        action: lockedUntil ? 'login.locked' : 'login.failed',
        detail: { failures },
      });
    });
    if (lockedUntil) fail('LOCKED_OUT', { minutes: LOCKOUT_MINUTES, until: lockedUntil });
    fail('BAD_PIN', { attemptsLeft: MAX_PIN_FAILURES - failures });
  }

  /**
   * Manager override on the spot. A manager acting themselves needs no second PIN; anyone else must bring a
   * manager's username, PIN and reason. Returns who approved, for the audit entry the caller writes in its transaction.
   */
  approve(action: ApprovalAction, override: ManagerOverride | undefined, params: ErrorParams = {}): { approver: UserRow; reason: string | null } {
    const user = this.requireUser();
    if (user.role === 'manager' && !override) return { approver: user, reason: null };
    if (!override) fail('MANAGER_REQUIRED', { action, ...params });
    const manager = this.userByName(override.managerUsername);
    if (!manager || manager.role !== 'manager' || !manager.active) fail('MANAGER_REQUIRED', { action, ...params });
    this.checkPin(manager, override.pin);
    return { approver: manager, reason: override.reason };
  }

  /**
   * One device frame for the live trace. Frames that can carry card data (ZVT status information) are shown by
   * meaning only: the meaning is built from already-masked fields, the raw bytes are not kept.
   */
  trace(entry: Omit<DeviceTraceView, 'at'> & { at?: string }): void {
    const sensitive = entry.device === 'pinpad' && /^(04 0F|Status-Information)/i.test(entry.meaning);
    const view: DeviceTraceView = { ...entry, at: entry.at ?? this.now(), hex: sensitive ? '(card data: bytes not kept)' : entry.hex };
    this.traces.push(view);
    if (this.traces.length > TRACE_LIMIT) this.traces.splice(0, this.traces.length - TRACE_LIMIT);
    this.emit('device.trace', view);
  }

  subscribe(listener: TillEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends TillEventName>(name: E, payload: TillEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A host's listener failing (a closed SSE socket) must not break the business action that emitted.
      }
    }
  }
}

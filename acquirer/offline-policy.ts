// Offline card policy (pure): may the till accept a card payment while the acquirer is unreachable? Per-transaction
// floor limit, caps on stored amount and count, maximum age of the oldest stored item. The caller audits each
// decision. No I/O, no clock (time is passed in); never imports service/, web/, cli/, renderer/ or electron.

export interface OfflinePolicyConfig {
  /** ISO 4217 alpha code the limits are in. */
  currency: string;
  /** Largest single offline payment, minor units (inclusive). 0 disables offline card payments. */
  floorLimitMinor: number;
  /** Most value that may wait unforwarded, this payment included, minor units (inclusive). */
  maxStoredAmountMinor: number;
  /** Most payments that may wait unforwarded, this one included (inclusive). */
  maxStoredCount: number;
  /** Oldest stored payment may be at most this old (ms); issuers decline stale ones (Square: 24 h). */
  maxOldestAgeMs: number;
  /** Refunds offline: most acquirers (Adyen) refuse them; default false. */
  allowOfflineRefunds?: boolean;
}

export interface OfflineBacklog {
  /** Offline-approved payments not yet acknowledged by the acquirer. */
  count: number;
  amountMinor: number;
  oldestStoredAt: number | null;
}

export interface OfflineRequest {
  kind: 'sale' | 'refund';
  amountMinor: number;
  currency: string;
}

export type OfflineReasonCode =
  | 'OFFLINE_OK'
  | 'OFFLINE_INVALID_AMOUNT'
  | 'OFFLINE_CURRENCY_MISMATCH'
  | 'OFFLINE_REFUND_NOT_ALLOWED'
  | 'OFFLINE_OVER_FLOOR_LIMIT'
  | 'OFFLINE_STORED_AMOUNT_CAP'
  | 'OFFLINE_STORED_COUNT_CAP'
  | 'OFFLINE_OLDEST_TOO_OLD';

export interface OfflineDecision {
  allowed: boolean;
  reasonCode: OfflineReasonCode;
  /** For the cashier, shown before the card is presented. */
  message: { en: string; zh: string };
  /** What was compared, for the audit entry. */
  facts: { amountMinor: number; floorLimitMinor: number; storedAmountAfterMinor: number; storedCountAfter: number; oldestAgeMs: number | null };
}

const messages: Record<OfflineReasonCode, { en: string; zh: string }> = {
  OFFLINE_OK: { en: 'Offline card payment allowed; it will be sent when the link returns.', zh: '允许离线刷卡，联网后将自动上送。' },
  OFFLINE_INVALID_AMOUNT: { en: 'Invalid amount for a card payment.', zh: '刷卡金额无效。' },
  OFFLINE_CURRENCY_MISMATCH: { en: 'Offline limits are set for another currency: card payment refused.', zh: '离线限额的币种不符，拒绝刷卡。' },
  OFFLINE_REFUND_NOT_ALLOWED: { en: 'Card refunds need the acquirer online. Refund in cash or try later.', zh: '卡退款需要联网，请用现金退款或稍后再试。' },
  OFFLINE_OVER_FLOOR_LIMIT: { en: 'Amount above the offline limit: take another tender or wait for the link.', zh: '金额超过离线限额，请改用其他付款方式或等待联网。' },
  OFFLINE_STORED_AMOUNT_CAP: { en: 'Too much card value is waiting to be sent: offline card payments stopped (cash only).', zh: '待上送的卡交易金额已达上限，暂停离线刷卡（仅收现金）。' },
  OFFLINE_STORED_COUNT_CAP: { en: 'Too many card payments are waiting to be sent: offline card payments stopped (cash only).', zh: '待上送的卡交易笔数已达上限，暂停离线刷卡（仅收现金）。' },
  OFFLINE_OLDEST_TOO_OLD: { en: 'A stored card payment is too old: call a manager; offline card payments stopped.', zh: '有离线卡交易存放过久，请联系经理；暂停离线刷卡。' },
};

/**
 * Decide before the card is presented. Checks run in a fixed order (validity, currency, refund, floor limit, age,
 * amount cap, count cap) so the same inputs always give the same reason.
 */
export function decideOffline(config: OfflinePolicyConfig, request: OfflineRequest, backlog: OfflineBacklog, nowMs: number): OfflineDecision {
  const oldestAgeMs = backlog.oldestStoredAt === null ? null : Math.max(0, nowMs - backlog.oldestStoredAt);
  const validAmount = Number.isSafeInteger(request.amountMinor) && request.amountMinor > 0;
  const storedAmountAfterMinor = validAmount ? backlog.amountMinor + request.amountMinor : backlog.amountMinor;
  const storedCountAfter = backlog.count + 1;
  const facts = { amountMinor: request.amountMinor, floorLimitMinor: config.floorLimitMinor, storedAmountAfterMinor, storedCountAfter, oldestAgeMs };
  const decide = (reasonCode: OfflineReasonCode): OfflineDecision => ({ allowed: reasonCode === 'OFFLINE_OK', reasonCode, message: messages[reasonCode], facts });

  if (!validAmount) return decide('OFFLINE_INVALID_AMOUNT');
  if (request.currency !== config.currency) return decide('OFFLINE_CURRENCY_MISMATCH');
  if (request.kind === 'refund' && !config.allowOfflineRefunds) return decide('OFFLINE_REFUND_NOT_ALLOWED');
  if (request.amountMinor > config.floorLimitMinor) return decide('OFFLINE_OVER_FLOOR_LIMIT');
  if (oldestAgeMs !== null && oldestAgeMs > config.maxOldestAgeMs) return decide('OFFLINE_OLDEST_TOO_OLD');
  if (request.kind === 'sale' && storedAmountAfterMinor > config.maxStoredAmountMinor) return decide('OFFLINE_STORED_AMOUNT_CAP');
  if (storedCountAfter > config.maxStoredCount) return decide('OFFLINE_STORED_COUNT_CAP');
  return decide('OFFLINE_OK');
}

/** Adapter from the outbox backlog summary to the policy's view. */
export function offlineBacklogOf(summary: { offlineApproved: { count: number; amountMinor: number; oldestEnqueuedAt: number | null } }): OfflineBacklog {
  return { count: summary.offlineApproved.count, amountMinor: summary.offlineApproved.amountMinor, oldestStoredAt: summary.offlineApproved.oldestEnqueuedAt };
}

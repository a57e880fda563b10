// Test support for the acquirer fault tests and the soak: a till on a real ledger file whose sender talks to a
// loopback simulator, and a card sale written the way the card-payment path will write it (card tender + advice
// in ONE ledger transaction through enqueueCardTransaction, the rest in cash, posted with a receipt number).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { openLedger } from '../../db/open';
import { createTill } from '../../service/create-till';
import type { TillContext } from '../../service/context';
import type { Result, TillService } from '../../service/contract';
import { demoProducts } from '../../service/demo-catalogue';
import { failpointFromEnv, type Failpoint } from '../../service/failpoints';
import { loadConfig, seedTrainingDemo } from '../../service/open-till';
import { ledgerPath } from '../../service/paths';
import { enqueueCardTransaction, type SyncOptions } from '../../service/sync-service';
import type { TillConfig } from '../../service/config';

/** Timers at 1/50 of production: read timeout 900 ms (loopback answers in well under 1 ms, so a loaded CI box does
 *  not time out by accident), lease 1.2 s, backoff base 20 ms, cap 6 s. Retry counts and ratios stay as in production. */
export const TEST_TIME_SCALE = 1 / 50;

export interface AcquirerTillOptions {
  dataDir: string;
  /** host:port of the loopback simulator the sender talks to. */
  address: string;
  timeScale?: number;
  autoStart?: boolean;
  failpoint?: Failpoint;
  /** Business clock (receipts, audit, enqueuedAt); the sender keeps real time. */
  clock?: () => Date;
  config?: Partial<TillConfig>;
  sync?: Partial<SyncOptions>;
}

export type AcquirerTill = TillService & { ctx: TillContext };

export function openAcquirerTill(options: AcquirerTillOptions): AcquirerTill {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openLedger(ledgerPath(options.dataDir));
  const clock = options.clock ?? (() => new Date());
  const stored = loadConfig(db);
  const config: TillConfig = { ...stored, ...options.config, acquirer: { ...stored.acquirer, mode: 'simulated', address: options.address, ...options.config?.acquirer } };
  if (config.training) seedTrainingDemo(db, clock().toISOString());
  return createTill({
    db, config, clock, failpoint: options.failpoint ?? failpointFromEnv(), log: () => {},
    sync: { dataDir: options.dataDir, timeScale: options.timeScale ?? TEST_TIME_SCALE, autoStart: options.autoStart, ...options.sync },
  });
}

export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const product = demoProducts().find((p) => !p.weighed && p.price >= 1000 && p.barcodes.length > 0)!;
const masks = ['476173******0119', '545454******5454', '371449*****8431', '601100******0004'];

export async function loginCashier(till: AcquirerTill): Promise<void> {
  if (!must(await till.api['session.current']({}))) must(await till.api['session.login']({ username: 'cashier', pin: '1111' }));
  if (!must(await till.api['shift.current']({}))) must(await till.api['shift.open']({ floatAmount: 10_000 }));
}

export interface CardSaleResult {
  paymentId: string;
  cardAmount: number;
  stan: number;
  batchNumber: number;
  receiptNumber: string | null;
}

/**
 * Ring up one product, record the PIN pad's approval as a card tender together with its acquirer advice in one
 * transaction, then pay the rest in cash (which posts the sale). `onApproved` runs after the card commit: that is
 * the moment the approval is "shown". Failpoints: card.before-commit, card.committed, then the sale's own.
 */
export async function cardSale(till: AcquirerTill, options: { quantity?: number; offlineApproved?: boolean; onApproved?: (r: CardSaleResult) => void; paymentId?: string } = {}): Promise<CardSaleResult> {
  const { ctx, api } = till;
  const quantity = options.quantity ?? 1;
  const sale = must(await api['sale.scan']({ code: product.barcodes[0]!, quantity }));
  const cashPart = 100;
  const cardAmount = sale.remaining - cashPart;
  const paymentId = options.paymentId ?? randomUUID();
  const n = Number.parseInt(paymentId.slice(0, 2), 16);
  let stored: { stan: number; batchNumber: number } = { stan: 0, batchNumber: 0 };
  ctx.tx(() => {
    const tx = enqueueCardTransaction(ctx, {
      paymentId, kind: 'sale', cardType: n % 3 === 0 ? 'credit' : 'debit', amountMinor: cardAmount, maskedPan: masks[n % masks.length]!,
      authCode: `A${String(n).padStart(5, '0')}`, entryMode: n % 2 ? 'contactless' : 'chip', offlineApproved: options.offlineApproved ?? true,
    });
    ctx.sales.insertTender({
      tender_id: ctx.ids(), sale_id: sale.saleId, kind: 'card', amount: cardAmount, created_at: ctx.now(), payment_id: paymentId,
      masked_pan: tx.maskedPan, card_brand: 'VISA', auth_code: tx.authCode, trace: String(tx.stan), terminal_id: tx.terminalId,
    });
    stored = { stan: tx.stan, batchNumber: tx.batchNumber };
    ctx.failpoint('card.before-commit');
  });
  ctx.failpoint('card.committed');
  const result: CardSaleResult = { paymentId, cardAmount, ...stored, receiptNumber: null };
  options.onApproved?.(result);
  const paid = must(await api['payment.addCash']({ amount: cashPart }));
  result.receiptNumber = paid.receipt?.receiptNumber ?? null;
  return result;
}

/** After a restart: the cashier finishes the sale that was open when the till died (cash for what is left). */
export async function finishOpenSale(till: AcquirerTill): Promise<string | null> {
  const open = must(await till.api['sale.current']({}));
  if (!open) return null;
  if (open.remaining <= 0 || open.lines.every((l) => l.voided)) return null;
  const paid = must(await till.api['payment.addCash']({ amount: open.remaining }));
  return paid.receipt?.receiptNumber ?? null;
}

/** Wait until the sender has emptied the outbox (or the time is up). Returns the backlog left. */
export async function waitForDrain(till: AcquirerTill, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = must(await till.api['sync.status']({}));
    if (status.backlog === 0 || Date.now() > deadline) return status.backlog;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { product as cardSaleProduct };

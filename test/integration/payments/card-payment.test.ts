// Card payments through the service and the training PT simulator (real ZVT bytes over an in-memory link): the
// journal, split tenders, declines, aborts, only masked card data stored, the slip, and the PIN pad's end of day.
import { describe, expect, it } from 'vitest';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';

const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!;
const rice = demo.find((p) => p.sku === 'D5013')!;

function journalStates(db: import('better-sqlite3').Database, paymentId: string): string[] {
  return db.prepare<[string], { state: string }>('SELECT state FROM card_payment_events WHERE payment_id = ? ORDER BY seq').all(paymentId).map((r) => r.state);
}

describe('card payments through the PIN pad', () => {
  it('pays a sale by card: journal states in order, masked PAN only, card slip stored, sale posted', async () => {
    const { api, db, till } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    const sale = ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
    const progress: string[] = [];
    till.subscribe((name, payload) => {
      if (name === 'payment.progress') progress.push((payload as { state: string }).state);
    });
    const paid = ok(await api['payment.startCard']({}));
    expect(paid.receipt).not.toBeNull();
    expect(paid.receipt!.total).toBe(sale.total);
    const card = paid.receipt!.tenders[0]!;
    expect(card.kind).toBe('card');
    expect(card.card!.maskedPan).toMatch(/^\d{0,6}[*Xx]+\d{0,4}$/);
    const payment = db.prepare<[], { payment_id: string; state: string; masked_pan: string; slips: string }>("SELECT * FROM card_payments").get()!;
    expect(payment.state).toBe('completed');
    expect(journalStates(db, payment.payment_id)).toEqual(['created', 'sent', 'accepted', 'acking', 'acked', 'completed']);
    // Never a full card number anywhere in the ledger.
    const everything = JSON.stringify(db.prepare('SELECT * FROM card_payments').all()) + JSON.stringify(db.prepare('SELECT * FROM tenders').all());
    expect(everything).not.toMatch(/\d{13,19}/);
    expect(JSON.parse(payment.slips).length).toBeGreaterThan(0);
    expect(progress).toContain('approved');
    const shift = ok(await api['shift.current']({}))!;
    expect(shift.tenders.find((t) => t.kind === 'card')).toMatchObject({ count: 1, amount: sale.total });
  });

  it('card + cash on one sale: the card pays part, cash the rest with change', async () => {
    const { api } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    const sale = ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
    const part = ok(await api['payment.startCard']({ amount: 1000 }));
    expect(part.receipt).toBeNull();
    expect(part.sale!.remaining).toBe(sale.total - 1000);
    expect(errCode(await api['payment.startCard']({ amount: sale.total }))).toBe('TENDER_EXCEEDS_DUE');
    const done = ok(await api['payment.addCash']({ amount: sale.total - 1000 + 500 }));
    expect(done.receipt!.tenders.map((t) => t.kind)).toEqual(['card', 'cash']);
    expect(done.receipt!.change).toBe(500);
  });

  it('a decline and a customer abort leave the sale open and nothing charged', async () => {
    const { api, db, pinpad } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    pinpad!.simulator!.setScenario('decline:51');
    const declined = await api['payment.startCard']({});
    expect(errCode(declined)).toBe('CARD_DECLINED');
    pinpad!.simulator!.setScenario('customer-abort');
    expect(errCode(await api['payment.startCard']({}))).toBe('CARD_ABORTED');
    const open = ok(await api['sale.current']({}))!;
    expect(open.status).toBe('open');
    expect(open.tenders).toEqual([]);
    const states = db.prepare<[], { state: string }>('SELECT state FROM card_payments ORDER BY created_at').all().map((r) => r.state);
    expect(states).toEqual(['declined', 'aborted']);
    pinpad!.simulator!.setScenario('approve');
    expect(ok(await api['payment.startCard']({})).receipt).not.toBeNull();
  });

  it('without a PIN pad the card tender says so in the cashier language', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    const result = await api['payment.startCard']({});
    expect(errCode(result)).toBe('PINPAD_NOT_CONFIGURED');
  });

  it("the close reconciles the ledger's card totals with the PIN pad's end of day", async () => {
    const { api } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api, 'manager', '2222', 0);
    for (const code of [milk.barcodes[0]!, rice.barcodes[0]!]) {
      ok(await api['sale.scan']({ code }));
      ok(await api['payment.startCard']({}));
    }
    ok(await api['close.count']({ counts: {} }));
    const rec = ok(await api['close.reconcile']({}));
    expect(rec.find((r) => r.source === 'pinpad')).toMatchObject({ status: 'match' });
  });
});

describe('returns refund to the card', () => {
  it('a whole same-day card sale is reversed (06 30); a partial return is refunded (06 31); both are on the return receipt', async () => {
    const { api, db, pinpad } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: rice.barcodes[0]!, quantity: 2 }));
    const sold = ok(await api['payment.startCard']({})).receipt!;
    const line = sold.lines[0]!;
    const partial = ok(await api['return.post']({ receiptNumber: sold.receiptNumber, lines: [{ originalLineId: line.lineId, quantity: 1 }] }));
    expect(partial.tenders).toHaveLength(1);
    expect(partial.tenders[0]).toMatchObject({ kind: 'card', amount: partial.total });
    const kinds = () => db.prepare<[], { kind: string; outcome: string }>('SELECT kind, outcome FROM card_payments ORDER BY created_at').all();
    expect(kinds()).toEqual([
      { kind: 'authorization', outcome: 'paid' },
      { kind: 'refund', outcome: 'paid' },
    ]);
    // The PT recorded a refund of exactly that amount.
    const log = pinpad!.simulator!.state.log;
    expect(log.at(-1)).toMatchObject({ kind: 'refund', amountMinor: partial.total, status: 'committed' });
    const shift = ok(await api['shift.current']({}))!;
    expect(shift.returnsTotal).toBe(partial.total);

    // A second sale returned whole on the same day: reversed on the PT.
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    const second = ok(await api['payment.startCard']({})).receipt!;
    ok(await api['return.post']({ receiptNumber: second.receiptNumber, lines: [{ originalLineId: second.lines[0]!.lineId, quantity: 1 }] }));
    expect(kinds().at(-1)).toEqual({ kind: 'reversal', outcome: 'paid' });
    expect(pinpad!.simulator!.state.log.at(-1)).toMatchObject({ kind: 'reversal' });
  });

  it('a declined card refund posts nothing and leaves the return voided as evidence', async () => {
    const { api, db, pinpad } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: rice.barcodes[0]!, quantity: 2 }));
    const sold = ok(await api['payment.startCard']({})).receipt!;
    pinpad!.simulator!.setScenario('decline:05');
    expect(errCode(await api['return.post']({ receiptNumber: sold.receiptNumber, lines: [{ originalLineId: sold.lines[0]!.lineId, quantity: 1 }] }))).toBe('CARD_DECLINED');
    expect(db.prepare("SELECT status, void_reason FROM sales WHERE kind = 'return'").all()).toEqual([{ status: 'voided', void_reason: 'card refund failed' }]);
    expect(ok(await api['receipt.get']({ receiptNumber: sold.receiptNumber })).lines[0]!.returnedQuantity).toBe(0);
  });
});

describe('voiding a sale after a card tender', () => {
  it('needs a manager, reverses the card payment on the PIN pad, then voids', async () => {
    const { api, pinpad } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    const sale = ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
    ok(await api['payment.startCard']({ amount: 1000 }));
    expect(errCode(await api['sale.void']({ reason: 'customer left' }))).toBe('MANAGER_REQUIRED');
    const voided = ok(await api['sale.void']({ override: { managerUsername: 'manager', pin: '2222', reason: 'customer left' } }));
    expect(voided.status).toBe('voided');
    expect(voided.tenders).toEqual([]);
    const log = pinpad!.simulator!.state.log;
    expect(log.at(-1)).toMatchObject({ kind: 'reversal', amountMinor: 1000 });
    expect(sale.total).toBeGreaterThan(1000);
  });
});

describe('the sale is frozen while the PIN pad charges it', () => {
  it('no line change, discount, cash or void can slip in under a running card payment', async () => {
    const { api, till } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    const sale = ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
    const lineId = sale.lines[0]!.lineId;
    const attempts: Promise<string>[] = [];
    // While the terminal works (its first progress text), try every way of changing what it was asked to charge.
    const stop = till.subscribe((name, payload) => {
      if (name !== 'payment.progress' || (payload as { state: string }).state !== 'sent' || attempts.length > 0) return;
      attempts.push(api['sale.setQuantity']({ lineId, quantity: 1 }).then(errCode));
      attempts.push(api['sale.voidLine']({ lineId }).then(errCode));
      attempts.push(api['payment.addCash']({ amount: 100 }).then(errCode));
      attempts.push(api['sale.void']({ override: { managerUsername: 'manager', pin: '2222', reason: 'test' } }).then(errCode));
    });
    const paid = ok(await api['payment.startCard']({}));
    stop();
    expect(await Promise.all(attempts)).toEqual(['PAYMENT_IN_PROGRESS', 'PAYMENT_IN_PROGRESS', 'PAYMENT_IN_PROGRESS', 'PAYMENT_IN_PROGRESS']);
    expect(paid.receipt!.total).toBe(sale.total);
    expect(paid.receipt!.tenders).toEqual([expect.objectContaining({ kind: 'card', amount: sale.total })]);
  });
});

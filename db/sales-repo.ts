// Sales ledger storage: open and suspended sales, their lines and tenders, posting with gap-free receipt numbers,
// shift running totals and the outbox. Callers wrap each business action in one db.transaction. Never imports service/.
import type { Db } from './open';
import { statementCache, type Prepare } from './statements';

export interface SaleRow {
  sale_id: string;
  kind: 'sale' | 'return';
  status: 'open' | 'suspended' | 'posted' | 'voided';
  training: number;
  currency: string;
  shift_id: string | null;
  cashier_id: string;
  opened_at: string;
  basket_discount: string | null;
  suspended_at: string | null;
  note: string | null;
  original_sale_id: string | null;
  receipt_series: string | null;
  receipt_seq: number | null;
  receipt_number: string | null;
  posted_at: string | null;
  subtotal: number | null;
  discount_total: number | null;
  tax_total: number | null;
  total: number | null;
  change_given: number | null;
  voided_at: string | null;
  voided_by: string | null;
  void_reason: string | null;
}

export interface LineRow {
  line_id: string;
  sale_id: string;
  line_no: number;
  product_id: string | null;
  sku: string;
  name: string;
  name_zh: string | null;
  barcode: string | null;
  quantity: number;
  quantity_kind: 'piece' | 'weight';
  unit_price: number;
  list_unit_price: number;
  discount: string | null;
  tax_code: string;
  rate_bp: number;
  voided: number;
  original_line_id: string | null;
  gross: number | null;
  discount_amount: number | null;
  total: number | null;
  tax: number | null;
}

export interface TenderRow {
  tender_id: string;
  sale_id: string;
  seq: number;
  kind: 'cash' | 'card';
  amount: number;
  created_at: string;
  removed: number;
  payment_id: string | null;
  masked_pan: string | null;
  card_brand: string | null;
  auth_code: string | null;
  trace: string | null;
  terminal_id: string | null;
}

export type NewLine = Omit<LineRow, 'gross' | 'discount_amount' | 'total' | 'tax' | 'voided' | 'line_no'> & { voided?: number };

export interface PostedTotals {
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  change: number;
}

export class SalesRepo {
  private readonly stmt;
  private readonly sql: Prepare;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
    this.stmt = {
      openSale: db.prepare<[], SaleRow>("SELECT * FROM sales WHERE status = 'open' AND kind = 'sale' ORDER BY opened_at LIMIT 1"),
      byId: db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE sale_id = ?'),
      byReceipt: db.prepare<[string], SaleRow>("SELECT * FROM sales WHERE receipt_number = ? AND status = 'posted'"),
      recent: db.prepare<[number], SaleRow>("SELECT * FROM sales WHERE status = 'posted' ORDER BY posted_at DESC, receipt_seq DESC LIMIT ?"),
      suspended: db.prepare<[], SaleRow>("SELECT * FROM sales WHERE status = 'suspended' ORDER BY suspended_at"),
      insertSale: db.prepare(
        `INSERT INTO sales (sale_id, kind, status, training, currency, shift_id, cashier_id, opened_at, original_sale_id, note)
         VALUES (@sale_id, @kind, @status, @training, @currency, @shift_id, @cashier_id, @opened_at, @original_sale_id, @note)`,
      ),
      lines: db.prepare<[string], LineRow>('SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_no'),
      line: db.prepare<[string], LineRow>('SELECT * FROM sale_lines WHERE line_id = ?'),
      nextLineNo: db.prepare<[string], { n: number }>('SELECT coalesce(max(line_no), 0) + 1 AS n FROM sale_lines WHERE sale_id = ?'),
      insertLine: db.prepare(
        `INSERT INTO sale_lines (line_id, sale_id, line_no, product_id, sku, name, name_zh, barcode, quantity, quantity_kind, unit_price,
           list_unit_price, discount, tax_code, rate_bp, voided, original_line_id)
         VALUES (@line_id, @sale_id, @line_no, @product_id, @sku, @name, @name_zh, @barcode, @quantity, @quantity_kind, @unit_price,
           @list_unit_price, @discount, @tax_code, @rate_bp, @voided, @original_line_id)`,
      ),
      setLinePriced: db.prepare('UPDATE sale_lines SET gross = ?, discount_amount = ?, total = ?, tax = ? WHERE line_id = ?'),
      tenders: db.prepare<[string], TenderRow>('SELECT * FROM tenders WHERE sale_id = ? AND removed = 0 ORDER BY seq'),
      nextTenderSeq: db.prepare<[string], { n: number }>('SELECT coalesce(max(seq), 0) + 1 AS n FROM tenders WHERE sale_id = ?'),
      insertTender: db.prepare(
        `INSERT INTO tenders (tender_id, sale_id, seq, kind, amount, created_at, payment_id, masked_pan, card_brand, auth_code, trace, terminal_id)
         VALUES (@tender_id, @sale_id, @seq, @kind, @amount, @created_at, @payment_id, @masked_pan, @card_brand, @auth_code, @trace, @terminal_id)`,
      ),
      takeReceiptNumber: db.prepare<[string], { seq: number; prefix: string }>(
        'UPDATE receipt_series SET next_number = next_number + 1 WHERE series = ? RETURNING next_number - 1 AS seq, prefix',
      ),
      ensureSeries: db.prepare('INSERT OR IGNORE INTO receipt_series (series, prefix, next_number) VALUES (?, ?, 1)'),
      post: db.prepare(
        `UPDATE sales SET status = 'posted', receipt_series = @series, receipt_seq = @seq, receipt_number = @receiptNumber, posted_at = @postedAt,
           subtotal = @subtotal, discount_total = @discountTotal, tax_total = @taxTotal, total = @total, change_given = @change
         WHERE sale_id = @saleId AND status = 'open'`,
      ),
      returnedQuantities: db.prepare<[string], { original_line_id: string; quantity: number; total: number; tax: number }>(
        `SELECT l.original_line_id, sum(l.quantity) AS quantity, sum(l.total) AS total, sum(l.tax) AS tax
         FROM sale_lines l JOIN sales s ON s.sale_id = l.sale_id
         WHERE s.kind = 'return' AND s.status = 'posted' AND s.original_sale_id = ? AND l.original_line_id IS NOT NULL
         GROUP BY l.original_line_id`,
      ),
      addShiftTotal: db.prepare(
        `INSERT INTO shift_totals (shift_id, key, count, amount, extra) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (shift_id, key) DO UPDATE SET count = count + excluded.count, amount = amount + excluded.amount, extra = extra + excluded.extra`,
      ),
      enqueue: db.prepare('INSERT INTO outbox (topic, ref, payload, created_at) VALUES (?, ?, ?, ?)'),
    };
  }

  openSale(): SaleRow | undefined {
    return this.stmt.openSale.get();
  }
  sale(saleId: string): SaleRow | undefined {
    return this.stmt.byId.get(saleId);
  }
  postedByReceipt(receiptNumber: string): SaleRow | undefined {
    return this.stmt.byReceipt.get(receiptNumber);
  }
  recentPosted(limit: number): SaleRow[] {
    return this.stmt.recent.all(limit);
  }
  suspended(): SaleRow[] {
    return this.stmt.suspended.all();
  }
  lines(saleId: string): LineRow[] {
    return this.stmt.lines.all(saleId);
  }
  line(lineId: string): LineRow | undefined {
    return this.stmt.line.get(lineId);
  }
  tenders(saleId: string): TenderRow[] {
    return this.stmt.tenders.all(saleId);
  }

  insertSale(row: Pick<SaleRow, 'sale_id' | 'kind' | 'status' | 'training' | 'currency' | 'shift_id' | 'cashier_id' | 'opened_at' | 'original_sale_id' | 'note'>): void {
    this.stmt.insertSale.run(row);
  }

  insertLine(line: NewLine): number {
    const lineNo = this.stmt.nextLineNo.get(line.sale_id)!.n;
    this.stmt.insertLine.run({ ...line, voided: line.voided ?? 0, line_no: lineNo });
    return lineNo;
  }

  /** Change mutable fields of a line of an open sale (the immutability trigger guards posted ones). */
  updateLine(lineId: string, fields: Partial<Pick<LineRow, 'quantity' | 'unit_price' | 'discount' | 'voided'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    const assignments = keys.map((k) => `${k} = @${k}`).join(', ');
    this.sql(`UPDATE sale_lines SET ${assignments} WHERE line_id = @lineId`).run({ ...fields, lineId });
  }

  updateSale(saleId: string, fields: Partial<Pick<SaleRow, 'status' | 'basket_discount' | 'suspended_at' | 'note' | 'cashier_id' | 'voided_at' | 'voided_by' | 'void_reason' | 'shift_id'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    const assignments = keys.map((k) => `${k} = @${k}`).join(', ');
    this.sql(`UPDATE sales SET ${assignments} WHERE sale_id = @saleId`).run({ ...fields, saleId });
  }

  insertTender(tender: Omit<TenderRow, 'seq' | 'removed'>): number {
    const seq = this.stmt.nextTenderSeq.get(tender.sale_id)!.n;
    this.stmt.insertTender.run({ ...tender, seq });
    return seq;
  }

  removeTender(tenderId: string): void {
    this.sql('UPDATE tenders SET removed = 1 WHERE tender_id = ?').run(tenderId);
  }

  ensureSeries(series: string, prefix: string): void {
    this.stmt.ensureSeries.run(series, prefix);
  }

  /** Take the next receipt number of a series. Must run inside the posting transaction, so a rollback returns it. */
  takeReceiptNumber(series: string): { seq: number; receiptNumber: string } {
    const row = this.stmt.takeReceiptNumber.get(series);
    if (!row) throw new Error(`receipt series ${series} does not exist`);
    return { seq: row.seq, receiptNumber: `${row.prefix}${String(row.seq).padStart(6, '0')}` };
  }

  setLinePriced(lineId: string, priced: { gross: number; discountAmount: number; total: number; tax: number }): void {
    this.stmt.setLinePriced.run(priced.gross, priced.discountAmount, priced.total, priced.tax, lineId);
  }

  post(saleId: string, series: string, postedAt: string, totals: PostedTotals): string {
    const { seq, receiptNumber } = this.takeReceiptNumber(series);
    const result = this.stmt.post.run({ saleId, series, seq, receiptNumber, postedAt, ...totals });
    if (result.changes !== 1) throw new Error(`sale ${saleId} was not open when posting`);
    return receiptNumber;
  }

  /** Tenders of the posted returns against a sale: what was already refunded, per tender. */
  refundTendersOf(originalSaleId: string): TenderRow[] {
    return this.sql<[string], TenderRow>(
        `SELECT t.* FROM tenders t JOIN sales s ON s.sale_id = t.sale_id
         WHERE s.kind = 'return' AND s.status = 'posted' AND s.original_sale_id = ? AND t.removed = 0 ORDER BY s.posted_at, t.seq`,
      ).all(originalSaleId);
  }

  returnedByLine(originalSaleId: string): Map<string, { quantity: number; total: number; tax: number }> {
    return new Map(this.stmt.returnedQuantities.all(originalSaleId).map((r) => [r.original_line_id, r]));
  }

  addShiftTotal(shiftId: string, key: string, count: number, amount: number, extra = 0): void {
    this.stmt.addShiftTotal.run(shiftId, key, count, amount, extra);
  }

  enqueue(topic: string, ref: string | null, payload: unknown, now: string): number {
    return Number(this.stmt.enqueue.run(topic, ref, JSON.stringify(payload), now).lastInsertRowid);
  }

  /** Receipt numbers of a series are 1..n with no gap (the fault tests' invariant). */
  seriesContiguous(): boolean {
    const rows = this.db
      .prepare<[], { series: string; n: number; mx: number | null; next: number }>(
        `SELECT r.series, count(s.receipt_seq) AS n, max(s.receipt_seq) AS mx, r.next_number AS next
         FROM receipt_series r LEFT JOIN sales s ON s.receipt_series = r.series GROUP BY r.series`,
      )
      .all();
    return rows.every((r) => r.n === (r.mx ?? 0) && r.next === (r.mx ?? 0) + 1);
  }
}

// Migration 1: the ledger's first schema. Append-only once released: never edit, add a new migration instead.
// Money columns are INTEGER minor units; STRICT tables reject anything else.
export const sql = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE tax_rates (
  code    TEXT PRIMARY KEY,
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  label   TEXT NOT NULL
) STRICT;

CREATE TABLE products (
  product_id    TEXT PRIMARY KEY,
  sku           TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_zh       TEXT CHECK (name_zh IS NULL OR length(name_zh) <= 200),
  price         INTEGER NOT NULL CHECK (price >= 0),
  tax_code      TEXT NOT NULL REFERENCES tax_rates(code),
  category      TEXT,
  weighed       INTEGER NOT NULL DEFAULT 0 CHECK (weighed IN (0, 1)),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  embedded_code TEXT UNIQUE,
  updated_at    TEXT NOT NULL
) STRICT;

-- Several barcodes per product; the key is the normalised GTIN (UPC-A stored as EAN-13).
CREATE TABLE barcodes (
  code       TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(product_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX barcodes_by_product ON barcodes(product_id);

-- Name search: contentless FTS5 kept in step by the catalogue repository in the same transaction.
-- Chinese names are indexed one character per token so two-character queries (牛奶) match.
CREATE VIRTUAL TABLE products_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

CREATE TABLE users (
  user_id         TEXT PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'tech')),
  pin_hash        TEXT NOT NULL,
  language        TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh')),
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL
) STRICT;

-- Gap-free receipt numbers: the next number is taken inside the posting transaction.
CREATE TABLE receipt_series (
  series      TEXT PRIMARY KEY,
  prefix      TEXT NOT NULL,
  next_number INTEGER NOT NULL CHECK (next_number >= 1)
) STRICT;

CREATE TABLE shifts (
  shift_id     TEXT PRIMARY KEY,
  number       INTEGER NOT NULL,
  training     INTEGER NOT NULL CHECK (training IN (0, 1)),
  status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  currency     TEXT NOT NULL,
  float_amount INTEGER NOT NULL CHECK (float_amount >= 0),
  opened_at    TEXT NOT NULL,
  opened_by    TEXT NOT NULL REFERENCES users(user_id),
  closed_at    TEXT,
  closed_by    TEXT REFERENCES users(user_id),
  counted_cash INTEGER,
  UNIQUE (training, number)
) STRICT;
CREATE UNIQUE INDEX shifts_one_open ON shifts(status) WHERE status = 'open';

-- Running totals per shift, updated in the same transaction as each sale, so reports never scan the ledger.
-- Keys: sales, returns, voids, discounts, tender:<kind>, refund:<kind>, tax:<code>, cash:<movement>.
CREATE TABLE shift_totals (
  shift_id TEXT NOT NULL REFERENCES shifts(shift_id),
  key      TEXT NOT NULL,
  count    INTEGER NOT NULL DEFAULT 0,
  amount   INTEGER NOT NULL DEFAULT 0,
  extra    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shift_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE sales (
  sale_id           TEXT PRIMARY KEY,
  kind              TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
  status            TEXT NOT NULL CHECK (status IN ('open', 'suspended', 'posted', 'voided')),
  training          INTEGER NOT NULL CHECK (training IN (0, 1)),
  currency          TEXT NOT NULL,
  shift_id          TEXT REFERENCES shifts(shift_id),
  cashier_id        TEXT NOT NULL REFERENCES users(user_id),
  opened_at         TEXT NOT NULL,
  basket_discount   TEXT,
  suspended_at      TEXT,
  note              TEXT,
  original_sale_id  TEXT REFERENCES sales(sale_id),
  receipt_series    TEXT REFERENCES receipt_series(series),
  receipt_seq       INTEGER,
  receipt_number    TEXT UNIQUE,
  posted_at         TEXT,
  subtotal          INTEGER,
  discount_total    INTEGER,
  tax_total         INTEGER,
  total             INTEGER,
  change_given      INTEGER,
  voided_at         TEXT,
  voided_by         TEXT REFERENCES users(user_id),
  void_reason       TEXT,
  UNIQUE (receipt_series, receipt_seq)
) STRICT;
CREATE INDEX sales_by_status ON sales(status) WHERE status IN ('open', 'suspended');
CREATE INDEX sales_by_original ON sales(original_sale_id) WHERE original_sale_id IS NOT NULL;

CREATE TABLE sale_lines (
  line_id          TEXT PRIMARY KEY,
  sale_id          TEXT NOT NULL REFERENCES sales(sale_id),
  line_no          INTEGER NOT NULL,
  product_id       TEXT REFERENCES products(product_id),
  sku              TEXT NOT NULL,
  name             TEXT NOT NULL,
  name_zh          TEXT,
  barcode          TEXT,
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  quantity_kind    TEXT NOT NULL CHECK (quantity_kind IN ('piece', 'weight')),
  unit_price       INTEGER NOT NULL CHECK (unit_price >= 0),
  list_unit_price  INTEGER NOT NULL CHECK (list_unit_price >= 0),
  discount         TEXT,
  tax_code         TEXT NOT NULL,
  rate_bp          INTEGER NOT NULL,
  voided           INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
  original_line_id TEXT REFERENCES sale_lines(line_id),
  gross            INTEGER,
  discount_amount  INTEGER,
  total            INTEGER,
  tax              INTEGER,
  UNIQUE (sale_id, line_no)
) STRICT;
CREATE INDEX sale_lines_by_original ON sale_lines(original_line_id) WHERE original_line_id IS NOT NULL;

CREATE TABLE tenders (
  tender_id   TEXT PRIMARY KEY,
  sale_id     TEXT NOT NULL REFERENCES sales(sale_id),
  seq         INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('cash', 'card')),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  created_at  TEXT NOT NULL,
  removed     INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
  payment_id  TEXT,
  masked_pan  TEXT,
  card_brand  TEXT,
  auth_code   TEXT,
  trace       TEXT,
  terminal_id TEXT,
  UNIQUE (sale_id, seq)
) STRICT;

-- Work that follows a commit (print, drawer, acquirer advice): done only when acknowledged, never dropped.
CREATE TABLE outbox (
  outbox_id       INTEGER PRIMARY KEY AUTOINCREMENT,
  topic           TEXT NOT NULL,
  ref             TEXT,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'review')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  done_at         TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(topic, outbox_id) WHERE state = 'pending';

-- Hash-chained audit log: each entry carries the hash of the one before it.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT,
  approver  TEXT,
  action    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
) STRICT;

-- The ledger is append-only: posted and voided sales, their lines and tenders, and the audit log never change.
CREATE TRIGGER sales_posted_immutable BEFORE UPDATE ON sales
  WHEN OLD.status IN ('posted', 'voided')
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: a posted sale cannot change'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: sales are never deleted'); END;
CREATE TRIGGER sale_lines_posted_immutable BEFORE UPDATE ON sale_lines
  WHEN (SELECT status FROM sales WHERE sale_id = OLD.sale_id) IN ('posted', 'voided')
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: lines of a posted sale cannot change'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: sale lines are never deleted'); END;
CREATE TRIGGER tenders_posted_immutable BEFORE UPDATE ON tenders
  WHEN (SELECT status FROM sales WHERE sale_id = OLD.sale_id) IN ('posted', 'voided')
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: tenders of a posted sale cannot change'); END;
CREATE TRIGGER tenders_no_delete BEFORE DELETE ON tenders
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: tenders are never deleted'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: the audit log is append-only'); END;
`;

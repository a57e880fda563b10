// Opens a till from its data directory: the ledger file, the configuration, the training demo on an empty ledger,
// and the service. Used by every host (web, Electron, CLI); tests may call createTill directly instead.
import { mkdirSync } from 'node:fs';

import type { Db } from '../db/open';
import { openLedger } from '../db/open';
import { CatalogueRepo } from '../db/catalogue-repo';
import { AuditLog } from '../db/audit';
import type { TillService } from './contract';
import { createTill } from './create-till';
import { tillConfigSchema, trainingConfig, type TillConfig } from './config';
import { DEMO_TAX_RATES, DEMO_USERS, demoProducts } from './demo-catalogue';
import { failpointFromEnv } from './failpoints';
import { hashPin } from './pin';
import { normalizeGtin } from '../core/barcode';
import { ledgerPath } from './paths';
import { syncOptionsFromEnv } from './sync-service';
import { createPinpadPort, type PinpadPort } from './pinpad-port';
import type { ZvtTimers } from '../native/zvt/zvt-transport';

export interface OpenTillOptions {
  dataDir: string;
  clock?: () => Date;
  /** Overrides of the stored configuration for this run (tests). */
  config?: Partial<TillConfig>;
  /** Scaled ZVT timers (tests keep the ratios and retry counts). */
  pinpadTimers?: Partial<ZvtTimers>;
}

/** Read the stored configuration, or store training mode's on a new ledger. A bad stored config is refused. */
export function loadConfig(db: Db): TillConfig {
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'config'").get();
  if (!row) {
    const config = trainingConfig();
    db.prepare("INSERT INTO meta (key, value) VALUES ('config', ?)").run(JSON.stringify(config));
    return config;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    throw Object.assign(new Error('The stored till configuration is not valid JSON'), { code: 'CONFIG_INVALID' });
  }
  const parsed = tillConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Object.assign(new Error(`The stored till configuration is invalid at ${issue?.path.join('.')}: ${issue?.message}`), { code: 'CONFIG_INVALID' });
  }
  return parsed.data;
}

/** On an empty ledger: tax rates, demo products and demo users, in one transaction. */
export function seedTrainingDemo(db: Db, now: string): boolean {
  const hasUsers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()!.n > 0;
  if (hasUsers) return false;
  const catalogue = new CatalogueRepo(db);
  const audit = new AuditLog(db);
  db.transaction(() => {
    for (const rate of DEMO_TAX_RATES) catalogue.putTaxRate(rate);
    // Barcodes are stored in their lookup form (UPC-A as EAN-13), as the catalogue service stores them.
    for (const product of demoProducts()) catalogue.upsert({ ...product, barcodes: product.barcodes.map(normalizeGtin) }, now);
    for (const user of DEMO_USERS) {
      db.prepare('INSERT INTO users (user_id, username, display_name, role, pin_hash, language, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)').run(
        `user-${user.username}`,
        user.username,
        user.displayName,
        user.role,
        hashPin(user.pin),
        user.language,
        now,
      );
    }
    audit.append({ at: now, actor: null, action: 'training.seed', detail: { products: catalogue.count(), users: DEMO_USERS.length } });
  })();
  return true;
}

export async function openTill(options: OpenTillOptions): Promise<TillService> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openLedger(ledgerPath(options.dataDir));
  const clock = options.clock ?? (() => new Date());
  let config: TillConfig;
  try {
    config = { ...loadConfig(db), ...options.config };
    if (config.training) seedTrainingDemo(db, clock().toISOString());
  } catch (err) {
    db.close();
    throw err;
  }
  let pinpad: PinpadPort | null;
  try {
    pinpad = createPinpadPort(config, { dataDir: options.dataDir, ...(options.pinpadTimers ? { timers: options.pinpadTimers } : {}) });
  } catch (err) {
    db.close();
    throw err;
  }
  return createTill({
    db, config, clock, failpoint: failpointFromEnv(), log: (line) => console.error(line),
    sync: { dataDir: options.dataDir, ...syncOptionsFromEnv() },
    pinpad,
  });
}



// Till configuration: what the shop decides (currency, tax mode, rounding, limits, devices). Stored in the ledger's
// meta table as JSON, validated on every load: a bad config file or row is refused with a clear error.
import { z } from 'zod';

const embeddedRule = z.object({
  prefix: z.string().regex(/^2\d$/),
  kind: z.enum(['price', 'weight']),
  itemDigits: z.int().min(4).max(6),
  valueDigits: z.int().min(4).max(6),
  valueCheckDigit: z.boolean().default(false),
});

export const tillConfigSchema = z.object({
  tillId: z.string().regex(/^[A-Z0-9]{1,8}$/),
  storeName: z.string().min(1).max(80),
  storeAddress: z.array(z.string().max(80)).max(4).default([]),
  currency: z.string().regex(/^[A-Z]{3}$/),
  training: z.boolean(),
  defaultLanguage: z.enum(['en', 'zh']).default('en'),
  /** IANA time zone of the shop (reports by hour); the machine's own when absent. */
  timeZone: z.string().min(1).max(64).optional(),
  taxMode: z.enum(['inclusive', 'exclusive']),
  taxRounding: z.enum(['per-line', 'per-total']),
  roundingMode: z.enum(['half-up', 'half-even']),
  /** Cash rounding step in minor units (1 = none, 5 = CHF 0.05). */
  cashRoundingStep: z.int().min(1).max(100).default(1),
  /** Largest line or basket discount a cashier may give without a manager, in basis points. */
  cashierDiscountLimitBp: z.int().min(0).max(10_000).default(1000),
  /** Opening float or paid-out above this needs a manager (minor units). */
  cashMovementLimit: z.int().min(0).default(50_000),
  /** Allowed counted-vs-expected difference at close before a manager must approve (minor units). */
  closeVarianceTolerance: z.int().min(0).default(500),
  embeddedBarcodes: z.array(embeddedRule).default([]),
  pinpad: z.object({ mode: z.enum(['simulated', 'none', 'device']), address: z.string().optional() }).default({ mode: 'simulated' }),
  /** profile: native/escpos/profiles.ts ('epson' when absent; 'generic-cn' for GBK clones). */
  printer: z.object({ mode: z.enum(['virtual', 'none', 'device']), address: z.string().optional(), columns: z.int().min(32).max(48).default(42), profile: z.enum(['epson', 'generic-cn']).optional() }).default({ mode: 'virtual', columns: 42 }),
  acquirer: z.object({
    mode: z.enum(['simulated', 'none', 'device']),
    address: z.string().optional(),
    /** ISO 8583 field 41 (8 characters) and 42; default: the till id padded, and TRAINING in training mode. */
    terminalId: z.string().regex(/^[\x20-\x7e]{8}$/).optional(),
    merchantId: z.string().regex(/^[\x20-\x7e]{1,15}$/).optional(),
    /** Offline card policy (minor units, ms); unset fields keep service/sync-service.ts defaults. */
    offline: z.object({
      floorLimitMinor: z.int().min(0).optional(),
      maxStoredAmountMinor: z.int().min(0).optional(),
      maxStoredCount: z.int().min(0).optional(),
      maxOldestAgeMs: z.int().min(0).optional(),
      allowOfflineRefunds: z.boolean().optional(),
    }).optional(),
  }).default({ mode: 'simulated' }),
}).superRefine((config, issues) => {
  // A device with no address cannot be opened: refuse the configuration instead of a till that fails at start.
  for (const kind of ['pinpad', 'printer', 'acquirer'] as const) {
    if (config[kind].mode === 'device' && !config[kind].address) {
      issues.addIssue({ code: 'custom', path: [kind, 'address'], message: `${kind}.mode "device" needs ${kind}.address` });
    }
  }
});
export type TillConfig = z.infer<typeof tillConfigSchema>;
export type EmbeddedBarcodeRule = z.infer<typeof embeddedRule>;

/** Training mode's defaults: a Chinese-English demo shop in CNY with tax-inclusive prices (China's VAT 13/9/6 %). */
export function trainingConfig(): TillConfig {
  return tillConfigSchema.parse({
    tillId: 'T01',
    storeName: 'Training Store 培训门店',
    storeAddress: ['1 Demo Road 演示路1号'],
    currency: 'CNY',
    training: true,
    defaultLanguage: 'en',
    taxMode: 'inclusive',
    taxRounding: 'per-line',
    roundingMode: 'half-up',
    cashRoundingStep: 1,
    cashierDiscountLimitBp: 1000,
    embeddedBarcodes: [
      { prefix: '21', kind: 'weight', itemDigits: 5, valueDigits: 5 },
      { prefix: '22', kind: 'price', itemDigits: 5, valueDigits: 5 },
    ],
  });
}

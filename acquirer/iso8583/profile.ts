// ISO 8583 field profile: the acquirer's spec as data (which fields exist, their format and encoding), validated
// with zod when loaded. Pure: no Node, no I/O; never imports service/, web/, cli/, renderer/ or electron.
import { z } from 'zod';

export const contentTypes = ['n', 'an', 'ans', 'b'] as const;
export type ContentType = (typeof contentTypes)[number];

const fieldSchema = z
  .object({
    name: z.string().min(1),
    /** fixed: exactly `length`; llvar/lllvar: a 2/3-digit length prefix, at most `length`. */
    format: z.enum(['fixed', 'llvar', 'lllvar']),
    /** n numeric digits, an alphanumeric + space, ans printable ASCII, b binary (value is upper-case hex). */
    type: z.enum(contentTypes),
    /** Digits for n, characters for an/ans, bytes for b. */
    length: z.number().int().min(1).max(999),
    /** How the content is written: ascii (one byte per char), bcd (two digits per byte, n only), binary (b only). */
    encoding: z.enum(['ascii', 'bcd', 'binary']),
    /** How the LL/LLL prefix is written (variable fields only): ascii digits, or bcd (LL one byte, LLL two). */
    lengthEncoding: z.enum(['ascii', 'bcd']).optional(),
    /** Odd digit counts in BCD: a 0 nibble in front (the usual), or an F / 0 nibble behind. */
    bcdPad: z.enum(['left-0', 'right-F', 'right-0']).default('left-0'),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'b' && f.encoding !== 'binary') ctx.addIssue({ code: 'custom', message: 'type b needs encoding binary' });
    if (f.encoding === 'binary' && f.type !== 'b') ctx.addIssue({ code: 'custom', message: 'encoding binary is for type b only' });
    if (f.encoding === 'bcd' && f.type !== 'n') ctx.addIssue({ code: 'custom', message: 'encoding bcd is for type n only' });
    if (f.format !== 'fixed' && !f.lengthEncoding) ctx.addIssue({ code: 'custom', message: 'variable fields need lengthEncoding' });
    if (f.format === 'fixed' && f.lengthEncoding) ctx.addIssue({ code: 'custom', message: 'fixed fields have no lengthEncoding' });
    if (f.format === 'llvar' && f.length > 99) ctx.addIssue({ code: 'custom', message: 'llvar allows at most 99' });
  });

export type FieldSpec = z.infer<typeof fieldSchema>;

const fieldNumber = z.number().int().min(2).max(128);

const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    mtiEncoding: z.enum(['ascii', 'bcd']),
    /** binary: 8 bytes per bitmap; hex: 16 ASCII hex characters per bitmap. */
    bitmapEncoding: z.enum(['binary', 'hex']),
    /** Upper bound of one encoded message; the deframer refuses longer frames before buffering them. */
    maxMessageLength: z.number().int().min(64).max(65535),
    /** Where this acquirer wants our own data. Private fields differ per acquirer, so they are configuration. */
    roles: z
      .object({
        uuidField: fieldNumber,
        batchField: fieldNumber,
        totalsField: fieldNumber,
        originalDataField: fieldNumber,
        networkCodeField: fieldNumber,
      })
      .strict(),
    /** Response-code classes; any code not listed is a decline. */
    responseCodes: z
      .object({
        approved: z.array(z.string().length(2)).min(1),
        duplicate: z.array(z.string().length(2)),
        retry: z.array(z.string().length(2)),
        reject: z.array(z.string().length(2)),
        outOfBalance: z.array(z.string().length(2)),
        originalNotFound: z.array(z.string().length(2)),
      })
      .strict(),
    fields: z.record(z.string().regex(/^\d{1,3}$/), fieldSchema),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const key of Object.keys(p.fields)) {
      const n = Number(key);
      // Bit 1 is the secondary-bitmap flag and bit 65 the (unsupported) tertiary one: never data fields here.
      if (n < 2 || n > 128 || n === 65) ctx.addIssue({ code: 'custom', message: `field ${key} cannot be defined (2..128, not 65)` });
    }
    for (const [role, n] of Object.entries(p.roles)) {
      if (!p.fields[String(n)]) ctx.addIssue({ code: 'custom', message: `role ${role} names field ${n}, which is not defined` });
    }
  });

export interface Iso8583Profile {
  readonly name: string;
  readonly description: string;
  readonly mtiEncoding: 'ascii' | 'bcd';
  readonly bitmapEncoding: 'binary' | 'hex';
  readonly maxMessageLength: number;
  readonly roles: Readonly<z.infer<typeof profileSchema>['roles']>;
  readonly responseCodes: Readonly<z.infer<typeof profileSchema>['responseCodes']>;
  readonly fields: ReadonlyMap<number, FieldSpec>;
}

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(readonly issues: string[]) {
    super(`Invalid ISO 8583 profile: ${issues.join('; ')}`);
  }
}

/** Validate an untrusted profile object (parsed JSON). Throws ProfileError listing every problem. */
export function parseProfile(input: unknown): Iso8583Profile {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) {
    throw new ProfileError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const p = parsed.data;
  const fields = new Map<number, FieldSpec>();
  for (const [key, spec] of Object.entries(p.fields)) fields.set(Number(key), spec);
  return Object.freeze({
    name: p.name,
    description: p.description,
    mtiEncoding: p.mtiEncoding,
    bitmapEncoding: p.bitmapEncoding,
    maxMessageLength: p.maxMessageLength,
    roles: Object.freeze({ ...p.roles }),
    responseCodes: Object.freeze({ ...p.responseCodes }),
    fields,
  });
}

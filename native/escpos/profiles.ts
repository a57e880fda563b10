// Printer profiles: the per-model differences the encoder and driver need, selected by configuration (never code).
// Pure data; never imports I/O.

export type TextEncoding = 'gb18030' | 'cp936';

export interface PrinterProfile {
  id: string;
  name: string;
  /**
   * Double-byte encoding in Chinese mode. 'gb18030' for Epson Chinese-font models; 'cp936' (GBK) for clones whose
   * firmware only knows the double-byte areas. Either way the encoder never emits a 4-byte GB18030 sequence.
   */
  encoding: TextEncoding;
  /** How a stored logo is printed: GS ( L fn 69 (Epson) or FS p (legacy, what clones implement). */
  nvLogo: 'gs-l' | 'fs-p';
  /** QR as GS ( k (printer draws it, ~80 bytes) or as a GS v 0 raster (for firmware without GS ( k; ~2-5 KB). */
  qr: 'native' | 'raster';
  /** GS a mask the driver enables on connect: drawer, on/offline, error, paper. 0 = leave ASB off. */
  asbMask: number;
  /**
   * How the driver knows a job is finished. 'gs-r': the GS r 1 reply, sent only after everything before it printed.
   * 'drain': bytes written and a clean DLE EOT after them (DESIGN §5's minimum), for firmware that ignores GS r.
   */
  completion: 'gs-r' | 'drain';
}

export const PROFILES = {
  /** Epson TM-T88/TM-T20 (Chinese-font model) and compatibles. */
  epson: { id: 'epson', name: 'Epson-compatible', encoding: 'gb18030', nvLogo: 'gs-l', qr: 'native', asbMask: 0x0f, completion: 'gs-r' },
  /** Xprinter/Gprinter/Zjiang-style clone: GBK font, FS p logos, no near-end sensor on most 58 mm units. */
  'generic-cn': { id: 'generic-cn', name: 'Generic Chinese clone', encoding: 'cp936', nvLogo: 'fs-p', qr: 'native', asbMask: 0x0f, completion: 'gs-r' },
} as const satisfies Record<string, PrinterProfile>;

export type ProfileId = keyof typeof PROFILES;

export function profileById(id: string): PrinterProfile {
  const p = (PROFILES as Record<string, PrinterProfile>)[id];
  if (!p) throw new Error(`Unknown printer profile "${id}" (known: ${Object.keys(PROFILES).join(', ')})`);
  return p;
}

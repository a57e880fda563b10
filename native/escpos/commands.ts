// Our own small ESC/POS device-command module: the commands receiptline does not have (init, drawer pulse, real-time
// status, automatic status back, in-sequence status, NV logo, cut, QR via GS ( k). Bytes only; never imports I/O.

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type AlignCode = 0 | 1 | 2;

export const cmd = {
  /** ESC @: clear buffer and modes (does not erase NV logos). */
  init: (): number[] => [ESC, 0x40],
  /** ESC t n: single-byte code page (0 = PC437). */
  codePage: (n: number): number[] => [ESC, 0x74, n],
  /** FS & / FS .: enter / leave Chinese (double-byte) mode. */
  chineseOn: (): number[] => [FS, 0x26],
  chineseOff: (): number[] => [FS, 0x2e],
  align: (a: AlignCode): number[] => [ESC, 0x61, a],
  bold: (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0],
  /** ESC - n: 0 off, 1 one-dot underline. */
  underline: (on: boolean): number[] => [ESC, 0x2d, on ? 1 : 0],
  /** GS B n: white on black. */
  invert: (on: boolean): number[] => [GS, 0x42, on ? 1 : 0],
  /** GS ! n: high nibble width−1, low nibble height−1. */
  size: (width: number, height: number): number[] => [GS, 0x21, ((width - 1) << 4) | (height - 1)],
  /** ESC d n: print and feed n lines. */
  feedLines: (n: number): number[] => [ESC, 0x64, n],
  /** GS V 66 n (partial) / GS V 65 n (full): feed to the cutter (+n units) then cut, so the last line clears the blade. */
  cut: (partial: boolean, n = 0): number[] => [GS, 0x56, partial ? 0x42 : 0x41, n],
  /**
   * ESC p m t1 t2: drawer kick on pin 2 (m=0) or pin 5 (m=1); ON t1×2 ms, OFF t2×2 ms. Whole 2 ms steps, clamped to
   * 1..255 (a 0 would mean "no pulse" on some firmware).
   */
  pulse: (pin: 2 | 5, onMs: number, offMs: number): number[] => {
    const t = (ms: number) => Math.min(255, Math.max(1, Math.floor(ms / 2)));
    return [ESC, 0x70, pin === 2 ? 0 : 1, t(onMs), t(offMs)];
  },
  /** DLE EOT n: real-time status; answered at once even while the printer is stopped (paper out, cover open). */
  realtimeStatus: (n: 1 | 2 | 3 | 4): number[] => [DLE, EOT, n],
  /** GS a n: automatic status back; bit 0 drawer, 1 on/offline, 2 error, 3 paper sensor. 0 disables. */
  autoStatusBack: (mask: number): number[] => [GS, 0x61, mask],
  /** GS r 1: paper status, processed in order, so its reply proves everything before it was printed. */
  statusInSequence: (): number[] => [GS, 0x72, 0x01],
  /** DLE ENQ n: recover from a recoverable error (1: and restart, 2: clearing the buffers). */
  recover: (n: 1 | 2): number[] => [DLE, 0x05, n],
  /** FS p n m: print NV bit image n (legacy; what Chinese clones implement). */
  nvLogoFsP: (n: number): number[] => [FS, 0x70, n, 0],
  /** GS ( L fn 69: print NV graphics with key code kc1 kc2 at 1× scale. */
  nvLogoGsL: (key: number): number[] => {
    const [kc1, kc2] = logoKeyCodes(key);
    return [GS, 0x28, 0x4c, 6, 0, 0x30, 0x45, kc1, kc2, 1, 1];
  },
  /** QR via GS ( k: model 2, module size, error correction, store data, print. */
  qr: (data: Uint8Array, moduleSize: number, ecc: 'L' | 'M' | 'Q' | 'H'): number[] => {
    const len = data.length + 3;
    return [
      GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0,
      GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleSize,
      GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 48 + 'LMQH'.indexOf(ecc),
      GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30, ...data,
      GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30,
    ];
  },
  /** GS v 0: raster bit image, m = 0 (normal). */
  raster: (bytesPerRow: number, height: number, bits: Uint8Array): number[] => [
    GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, height & 0xff, height >> 8, ...bits,
  ],
};

/** NV logo keys 1..99 as two ASCII digits (Epson key codes must be 32..126): 7 → "07". */
export function logoKeyCodes(key: number): [number, number] {
  if (!Number.isInteger(key) || key < 1 || key > 99) throw new Error(`NV logo key must be 1..99, got ${key}`);
  const s = String(key).padStart(2, '0');
  return [s.charCodeAt(0), s.charCodeAt(1)];
}

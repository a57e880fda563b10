// Test helpers for ESC/POS byte assertions: hex views and subsequence search.
import iconv from 'iconv-lite';

export const hex = (bytes: Uint8Array | number[]): string =>
  Array.from(bytes)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(' ');

export const bytesOf = (...parts: (number[] | string | Uint8Array)[]): number[] =>
  parts.flatMap((p) => (typeof p === 'string' ? Array.from(Buffer.from(p, 'latin1')) : Array.from(p)));

export const gb = (s: string): number[] => Array.from(iconv.encode(s, 'gb18030'));

/** Index of `needle` in `hay`, or -1. */
export function indexOfSeq(hay: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function countSeq(hay: Uint8Array, needle: number[]): number {
  let n = 0;
  for (let i = indexOfSeq(hay, needle); i >= 0; i = indexOfSeq(hay, needle, i + 1)) n++;
  return n;
}

/** Chinese-mode text as the encoder sends it through receiptline: ESC t 0, FS &, then GB bytes. */
export const cn = (s: string): number[] => [0x1b, 0x74, 0x00, 0x1c, 0x26, ...gb(s)];

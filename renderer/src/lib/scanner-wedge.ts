// Recognises a barcode scanner's keyboard wedge by timing and terminator: a fast burst of printable keys
// (each < maxGapMs after the previous) ending in Enter or Tab. Pure: keys and timestamps in, verdicts out; no DOM.

export interface WedgeOptions {
  /** Largest gap between two keys of one burst. Scanners send a key every 1–15 ms; people rarely beat 30 ms. */
  maxGapMs: number;
  /** Shortest code accepted, so a fast "12⏎" typed by a person is not taken for a scan. */
  minLength: number;
  /**
   * Silence needed before a burst may start. A pause shorter than this but longer than maxGapMs is a hiccup inside
   * one scan (a busy machine delivering keys late), not the start of a new one: taking the tail after a hiccup for
   * the whole code would ring up a wrong or unknown item. Such a burst is left to the field it was typed into.
   */
  quietMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 30, minLength: 4, quietMs: 100 };

export type WedgeVerdict =
  /** The key belongs to ordinary typing (or starts/continues a burst that may still turn out to be a scan). */
  | { kind: 'key' }
  /** The key is the terminator of a scan: swallow it and hand `code` to the scan handler. */
  | { kind: 'scan'; code: string };

export interface KeyInput {
  /** KeyboardEvent.key: one character for printable keys, a name ("Enter", "Shift") otherwise. */
  key: string;
  /** Milliseconds on a monotonic clock (KeyboardEvent.timeStamp / performance.now()). */
  time: number;
  /** KeyboardEvent.repeat: a held key auto-repeats at ~30 ms, which must never look like a scan. */
  repeat?: boolean;
  /** Ctrl/Alt/Meta held: a shortcut, not part of a code. */
  modifier?: boolean;
}

const TERMINATORS = new Set(['Enter', 'Tab']);
// Scanners send Shift around upper-case letters; these keydowns neither add to nor break a burst.
const TRANSPARENT = new Set(['Shift', 'CapsLock', 'NumLock']);

export interface ScannerWedge {
  key(input: KeyInput): WedgeVerdict;
  /** Forget the current burst (focus moved into a PIN field, a dialog opened…). */
  reset(): void;
  /** The characters of the burst so far (for diagnostics and tests). */
  readonly pending: string;
}

export function createScannerWedge(options: WedgeOptions = DEFAULT_WEDGE_OPTIONS): ScannerWedge {
  let buffer = '';
  let lastTime = Number.NEGATIVE_INFINITY;
  /** The current run of keys began without a quiet gap before it: whatever it is, it is not a clean scan. */
  let tainted = false;

  const reset = () => {
    buffer = '';
    lastTime = Number.NEGATIVE_INFINITY;
    tainted = false;
  };

  return {
    get pending() {
      return buffer;
    },
    reset,
    key({ key, time, repeat = false, modifier = false }: KeyInput): WedgeVerdict {
      if (TRANSPARENT.has(key)) return { kind: 'key' };
      const fast = time - lastTime <= options.maxGapMs && time >= lastTime;
      if (TERMINATORS.has(key)) {
        const code = buffer;
        const clean = !tainted;
        reset();
        if (clean && fast && !repeat && !modifier && code.length >= options.minLength) return { kind: 'scan', code };
        return { kind: 'key' };
      }
      if (key.length !== 1 || repeat || modifier) {
        // Backspace, arrows, F-keys, held keys, shortcuts: whatever came before was typed by a person.
        reset();
        return { kind: 'key' };
      }
      const gap = time - lastTime;
      if (fast) {
        buffer += key;
      } else {
        // After real silence a new candidate burst starts (a scan can follow a person's typing in the same field);
        // after a short hiccup the run is tainted until the next silence.
        buffer = key;
        tainted = !(gap >= options.quietMs);
      }
      lastTime = time;
      return { kind: 'key' };
    },
  };
}

// Throughput on a pty at 115200 baud: the driver prints a 40-line receipt to the virtual printer, whose wire is paced
// at the line rate (ptys themselves ignore baud). Prints achieved bytes/s against the line rate; asserts no time.
import { expect, it } from 'vitest';
import { benchReceiptPrint } from '../../../bench/receipt-print';

it('reports achieved bytes/s against the 115200 baud line rate for a 40-line receipt', async () => {
  const r = await benchReceiptPrint();
  console.log(
    `print throughput: ${r.bytes} bytes (${r.textLines} text lines) in ${r.ms.toFixed(1)} ms = ` +
      `${((r.bytes * 1000) / r.ms).toFixed(0)} B/s vs line rate ${r.lineRateBytesPerSec} B/s (ratio ${r.ratio.toFixed(3)})`,
  );
  expect(r.bytes).toBeGreaterThan(1000);
  expect(r.textLines).toBeGreaterThanOrEqual(40);
});

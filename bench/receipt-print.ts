// Print benchmark: a 40-line receipt through the real driver over a socat pty pair to the virtual printer, whose wire
// is paced at 115200 baud (11,520 B/s), so the ratio shows what our protocol costs against the line rate.
// Used by bench/ and the throughput test (never asserts on time). Never imports the service, the db or electron.
import { openPtyPair } from '../test/support/socat';
import { openSerialLink } from '../native/link/byte-link';
import { PrinterDriver } from '../native/escpos/driver';
import { encodeReceipt } from '../native/escpos/encoder';
import { layoutSaleReceipt } from '../native/escpos/layouts';
import { PROFILES } from '../native/escpos/profiles';
import { flattenDoc } from '../native/escpos/receipt-doc';
import { sampleSale } from '../native/escpos/sample-data';
import { VirtualPrinter, serveVirtualPrinterSerial } from '../native/escpos/virtual-printer';

const BAUD = 115200;

/** The benchmark receipt: a Chinese/English sale laid out to exactly 40 printed text lines on 80 mm paper. */
export function benchReceiptBytes(): { bytes: Uint8Array; textLines: number } {
  for (let items = 1; items < 60; items++) {
    const doc = layoutSaleReceipt(sampleSale(items), { paper: 80, lang: 'zh' });
    const textLines = flattenDoc(doc, 48).blocks.filter((b) => b.type === 'text').length;
    if (textLines >= 40) return { bytes: encodeReceipt(doc, { profile: PROFILES.epson, columns: 48 }), textLines };
  }
  throw new Error('could not build a 40-line receipt');
}

export interface PrintBenchResult {
  bytes: number;
  ms: number;
  lineRateBytesPerSec: number;
  /** Achieved bytes/s over the line rate (1.0 = the wire is the only cost). */
  ratio: number;
  textLines: number;
}

export async function benchReceiptPrint(): Promise<PrintBenchResult> {
  const lineRate = BAUD / 10;
  const pair = await openPtyPair();
  const vp = new VirtualPrinter({ wireBytesPerSec: lineRate, columns: 48 });
  const printerSide = await serveVirtualPrinterSerial(vp, pair.b, BAUD);
  const link = await openSerialLink({ path: pair.a, baudRate: BAUD });
  const driver = new PrinterDriver(link, { profile: PROFILES.epson, lineRateBytesPerSec: lineRate });
  try {
    const { bytes, textLines } = benchReceiptBytes();
    // Enable ASB (as the service does on connect) and warm up the pty path, so the measurement is the print alone.
    await driver.start();
    await driver.status();
    const t0 = performance.now();
    const result = await driver.print({ id: 'bench-1', bytes });
    const ms = performance.now() - t0;
    if (result.outcome !== 'done') throw new Error(`bench print did not complete: ${JSON.stringify(result)}`);
    const achieved = (bytes.length * 1000) / ms;
    return { bytes: bytes.length, ms, lineRateBytesPerSec: lineRate, ratio: achieved / lineRate, textLines };
  } finally {
    await driver.close();
    await printerSide.close();
    await pair.close();
  }
}

// Support-tech actions on a printer address, for `npm run cli -- printer status|test|kick --port …`: open the link,
// do one thing, report decoded results, close. Never imports the service, the cli or electron.
import { PrinterDriver, type PrintResult, type StatusResult } from './driver';
import { encodeReceipt } from './encoder';
import { profileById } from './profiles';
import type { LayoutOptions } from './receipt-data';
import { columnsFor } from './receipt-data';
import { layoutTestPage } from './sample-data';
import { lineRateBytesPerSec, openPrinterLink, parsePrinterAddress } from './transports';

export interface SupportOptions {
  /** Printer address: serial path (`/dev/ttyUSB0@38400,rtscts`), `tcp://host:9100` or `/dev/usb/lp0`. */
  port: string;
  /** Profile id from configuration ('epson' | 'generic-cn'). */
  profile?: string;
  layout?: LayoutOptions;
}

async function withDriver<T>(options: SupportOptions, fn: (d: PrinterDriver) => Promise<T>): Promise<T> {
  const address = parsePrinterAddress(options.port);
  const driver = new PrinterDriver(await openPrinterLink(address), {
    profile: profileById(options.profile ?? 'epson'),
    lineRateBytesPerSec: lineRateBytesPerSec(address),
  });
  try {
    return await fn(driver);
  } finally {
    await driver.close();
  }
}

/** `printer status`: DLE EOT 1..4 decoded into flags, problems and words. */
export function printerStatus(options: SupportOptions): Promise<StatusResult> {
  return withDriver(options, (d) => d.status());
}

/** `printer test`: the test page (code pages, Chinese, styles, barcode, QR, logo, cut) with the status before and after. */
export function printerTest(options: SupportOptions): Promise<{ before: StatusResult; result: PrintResult; after: StatusResult }> {
  return withDriver(options, async (d) => {
    const layout = options.layout ?? { paper: 80, lang: 'zh' };
    const bytes = encodeReceipt(layoutTestPage(layout), { profile: profileById(options.profile ?? 'epson'), columns: columnsFor(layout) });
    const before = await d.status();
    const result = await d.print({ id: `test-page-${Date.now()}`, bytes });
    const after = await d.status();
    return { before, result, after };
  });
}

/** `printer kick`: open the drawer (ESC p, pin 2, 100 ms). */
export function printerKick(options: SupportOptions & { pin?: 2 | 5 }): Promise<void> {
  return withDriver(options, (d) => d.kick({ pin: options.pin ?? 2 }));
}

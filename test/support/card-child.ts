// A till process for card crash tests: rings up one item and pays it by card through the PIN pad at
// argv[3] (tcp://127.0.0.1:port, a PT simulator in its own process). TILL_FAILPOINT=card.<state> kills it there.
import { openTill } from '../../service/open-till';
import { demoProducts } from '../../service/demo-catalogue';
import { scaleTimers } from '../../native/zvt/zvt-transport';
import type { Result } from '../../service/contract';

const [dataDir, address] = process.argv.slice(2);
if (!dataDir || !address) throw new Error('usage: card-child <data-dir> <tcp://host:port>');
const rice = demoProducts().find((p) => p.sku === 'D5013')!;
function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const till = await openTill({
  dataDir,
  config: { pinpad: { mode: 'device', address }, acquirer: { mode: 'none' }, printer: { mode: 'none', columns: 42 } } as never,
  pinpadTimers: scaleTimers(0.05),
});
must(await till.api['session.login']({ username: 'cashier', pin: '1111' }));
if (!must(await till.api['shift.current']({}))) must(await till.api['shift.open']({ floatAmount: 0 }));
if (!must(await till.api['sale.current']({}))) must(await till.api['sale.scan']({ code: rice.barcodes[0]! }));
const paid = await till.api['payment.startCard']({});
process.stdout.write(`RESULT ${JSON.stringify(paid.ok ? { ok: true, receipt: paid.value.receipt?.receiptNumber ?? null } : paid.error)}\n`);
await till.close();

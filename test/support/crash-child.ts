// A till process for crash tests: rings up a fixed cash sale step by step against --data-dir. Run with
// TILL_FAILPOINT=<step> and it SIGKILLs itself at that step; the test then restarts the till and checks what survived.
import { openTill } from '../../service/open-till';
import { demoProducts } from '../../service/demo-catalogue';
import type { Result } from '../../service/contract';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child <data-dir>');
const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!;
const bread = demo.find((p) => p.sku === 'D2011')!;

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const till = await openTill({ dataDir });
const api = till.api;
must(await api['session.login']({ username: 'cashier', pin: '1111' }));
if (!must(await api['shift.current']({}))) must(await api['shift.open']({ floatAmount: 10000 }));
must(await api['sale.scan']({ code: milk.barcodes[0]! }));
const sale = must(await api['sale.scan']({ code: bread.barcodes[0]! }));
must(await api['payment.addCash']({ amount: 100 }));
const paid = must(await api['payment.addCash']({ amount: sale.total - 100 + 1000 }));
process.stdout.write(`POSTED ${paid.receipt!.receiptNumber}\n`);
await till.close();

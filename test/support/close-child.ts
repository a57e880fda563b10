// A till process for crash tests of the close: count, reconcile and confirm the open shift of --data-dir as the
// manager. Run with TILL_FAILPOINT=close.counted | close.before-commit | close.committed to be killed there.
import { openTill } from '../../service/open-till';
import type { Result } from '../../service/contract';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: close-child <data-dir>');
function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const till = await openTill({ dataDir, config: { acquirer: { mode: 'none' }, pinpad: { mode: 'none' } } as never });
must(await till.api['session.login']({ username: 'manager', pin: '2222' }));
must(await till.api['close.count']({ counts: { '10000': 1 } }));
must(await till.api['close.reconcile']({}));
const z = must(await till.api['close.confirm']({ reason: 'crash test close' }));
process.stdout.write(`Z ${z.number}\n`);
await till.close();

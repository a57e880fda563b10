// `npm run bench [-- --products N --sales N]`: the till's performance table. Medians and p99s, ratios against a
// ceiling measured in the same run on the same disk. Never run in `npm test`; timings here are reports, not tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLedger } from '../db/open';
import { CatalogueRepo } from '../db/catalogue-repo';
import { benchBarcode, generateCatalogue, mulberry32, SEARCH_WORDS } from './catalogue-gen';
import { fmt, summarize, table, time } from './stats';
import { benchSaleCommits } from './sale-commits';
import { optionalBenches } from './optional';
import { zReportBench } from './z-report';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '1000000' },
    sales: { type: 'string', default: '500' },
    only: { type: 'string' },
  },
});
const productCount = Number(values.products);
const saleCount = Number(values.sales);
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (name: string) => !only || only.has(name);
const dir = mkdtempSync(join(tmpdir(), 'till-bench-'));
const rows: (string | number)[][] = [['measure', 'median', 'p99', 'n', 'target', 'result']];

console.log(`bench: data in ${dir} (removed afterwards); node ${process.version}`);

if (want('catalogue')) {
  const db = openLedger(join(dir, 'catalogue.sqlite'));
  const [, genMs] = time(() =>
    generateCatalogue(db, productCount, (done) => process.stderr.write(`\rgenerating catalogue ${done}/${productCount}`)),
  );
  process.stderr.write('\n');
  console.log(`generated ${productCount} products in ${(genMs / 1000).toFixed(1)} s`);
  const repo = new CatalogueRepo(db);
  const rand = mulberry32(7);
  // Warm the page cache like a till that has been running: one pass of lookups first.
  for (let i = 0; i < 2000; i++) repo.findByBarcode(benchBarcode(Math.floor(rand() * productCount)));
  const lookups: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const code = benchBarcode(Math.floor(rand() * productCount));
    const [row, ms] = time(() => repo.findByBarcode(code));
    if (!row) throw new Error(`lookup missed ${code}`);
    lookups.push(ms);
  }
  const l = summarize(lookups);
  rows.push(['barcode lookup (1M catalogue)', fmt(l.median), fmt(l.p99), l.n, 'p99 < 1 ms', l.p99 < 1 ? 'met' : 'MISSED']);
  const searches: number[] = [];
  for (let round = 0; round < 40; round++) {
    for (const word of SEARCH_WORDS) {
      const [, ms] = time(() => repo.search(word, 20));
      searches.push(ms);
    }
  }
  const s = summarize(searches);
  rows.push(['name search, FTS5 (1M catalogue)', fmt(s.median), fmt(s.p99), s.n, 'p99 < 20 ms', s.p99 < 20 ? 'met' : 'MISSED']);
  db.close();
}

if (want('sales')) {
  const r = await benchSaleCommits(dir, saleCount);
  rows.push(['bare SQLite ceiling: sale rows, 1 tx each', `${r.ceilingPerSec.toFixed(0)}/s`, '', r.n, '', '']);
  rows.push(['durable sale commit (5 lines, cash, FULL)', `${r.postPerSec.toFixed(0)}/s`, '', r.n, '≥ 70% of ceiling', `${(r.ratio * 100).toFixed(0)}% ${r.ratio >= 0.7 ? 'met' : 'MISSED'}`]);
  rows.push(['payment.addCash call (commit + views)', `${r.callPerSec.toFixed(0)}/s`, '', r.n, 'information', `${((r.callPerSec / r.ceilingPerSec) * 100).toFixed(0)}% of ceiling`]);
  rows.push(['whole ring-up (5 scans + cash, 6 commits)', `${r.ringUpPerSec.toFixed(0)}/s`, '', r.n, 'information', `${((r.ringUpPerSec / r.ceilingPerSec) * 100).toFixed(0)}% of ceiling`]);
}

for (const bench of [zReportBench, ...optionalBenches]) {
  if (!want(bench.name)) continue;
  const result = await bench.run(dir);
  if (result) rows.push(...result);
}

console.log('\n' + table(rows));
rmSync(dir, { recursive: true, force: true });

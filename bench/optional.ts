// Benchmarks contributed by the device and sync layers; each returns rows for the table (or null when not available).
export interface OptionalBench {
  name: string;
  run(dir: string): Promise<(string | number)[][] | null>;
}

export const optionalBenches: OptionalBench[] = [];

// Receipt print time against the serial line rate: a 40-line receipt through the real driver over a socat pty at
// 115200 baud to the virtual printer, whose wire is paced at 11,520 B/s (`npm run bench -- --only print`).
optionalBenches.push({
  name: 'print',
  async run() {
    const { benchReceiptPrint } = await import('./receipt-print');
    const { summarize, fmt } = await import('./stats');
    const runs = [];
    for (let i = 0; i < 7; i++) runs.push(await benchReceiptPrint());
    const ms = summarize(runs.map((r) => r.ms));
    const ratios = runs.map((r) => r.ratio).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)]!;
    const first = runs[0]!;
    const lineRateMs = (first.bytes * 1000) / first.lineRateBytesPerSec;
    return [
      [`receipt print (${first.textLines} lines, ${first.bytes} B, pty @115200)`, fmt(ms.median), fmt(ms.p99), ms.n, `line rate ${fmt(lineRateMs)}`, 'information'],
      ['receipt print vs serial line rate', `${(ratio * 100).toFixed(1)}%`, '', ms.n, '≥ 95% of line rate', `${(ratio * first.lineRateBytesPerSec).toFixed(0)} B/s ${ratio >= 0.95 ? 'met' : 'MISSED'}`],
    ];
  },
});

// Acquirer drain rate (`npm run bench -- --only drain`): a 100,000-advice backlog from the in-memory store against
// the simulator on loopback (the sender and link ceiling), then the till's real SQLite outbox (synchronous=FULL, two
// durable commits per item): BENCH_DRAIN_SQLITE_ITEMS items, default 10,000 (100,000 takes minutes on a slow disk).
optionalBenches.push({
  name: 'drain',
  async run(dir) {
    const { benchDrain } = await import('../acquirer/bench-drain');
    const { benchSqliteDrain } = await import('./acquirer-drain');
    const memory = await benchDrain(100_000);
    const sqliteItems = Number(process.env.BENCH_DRAIN_SQLITE_ITEMS ?? '10000');
    const sqlite = await benchSqliteDrain(dir, sqliteItems);
    return [
      [`acquirer drain, memory outbox (${memory.items} advices, loopback)`, `${memory.perSecond.toFixed(0)}/s`, '', memory.items, 'information', `${(memory.ms / 1000).toFixed(1)} s`],
      [`acquirer drain, SQLite outbox FULL (${sqlite.items} advices)`, `${sqlite.perSecond.toFixed(0)}/s`, '', sqlite.items, 'information', `${(sqlite.ms / 1000).toFixed(1)} s, ${((sqlite.perSecond / memory.perSecond) * 100).toFixed(0)}% of memory`],
    ];
  },
});

// `npm run soak [-- --sales 10000 --seed 1]`: the acquirer path under random link outages and random SIGKILLs of
// the till (research/reliability.md §5, issue 6). Real till child processes ring up card sales against one ledger;
// the acquirer simulator (in this process, durable record) is stopped and started at random and switches fault
// scenarios; the till is killed at random moments and at random failpoints. At the end one settling run requeues
// anything a human would have to look at, drains, reconciles, and the invariant checker runs. Prints the counts.
// Not part of `npm test`.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import type { ScenarioSpec } from '../../acquirer/simulator';
import { checkInvariants } from '../support/invariants';
import { startHarness, type Harness } from '../support/acquirer-harness';
import { ROOT } from '../support/web-host';

const { values } = parseArgs({
  options: {
    sales: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    'keep-data': { type: 'boolean', default: false },
  },
});
const target = Number(values.sales);
let seed = Number(values.seed);
/** mulberry32: a seeded run can be repeated. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const failpoints = [
  'card.before-commit', 'card.committed', 'sale.post.before-commit', 'sale.posted',
  'acquirer.before-send', 'acquirer.after-send', 'acquirer.after-reply', 'acquirer.before-ack', 'acquirer.after-ack',
] as const;
const scenarios: ScenarioSpec[] = [
  { name: 'approve' }, { name: 'approve' }, { name: 'approve' }, { name: 'duplicate-reply' }, { name: 'reset-mid-frame' },
  { name: 'truncated-frame' }, { name: 'drop-after-receive' }, { name: 'slow-reply', delayMs: 1500 },
];

interface RunResult { approved: number; killed: boolean; signal: string | null; code: number | null; stderr: string }

function runChild(h: Harness, options: Record<string, unknown>, failpoint: string, killAfterMs: number | null): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/acquirer-child.ts'), JSON.stringify({ dataDir: h.dataDir, address: h.address, ...options })], {
      cwd: ROOT, env: { ...process.env, TILL_FAILPOINT: failpoint }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let approved = 0;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('APPROVED ')) {
          h.shown.add(line.split(' ')[1]!);
          approved++;
        } else if (line.startsWith('RECONCILED ') || line.startsWith('LEFT ') || line.startsWith('REQUEUED ')) console.log(`  settle: ${line}`);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code, signal) => {
      if (killer) clearTimeout(killer);
      clearTimeout(guard);
      resolve({ approved, killed: signal === 'SIGKILL', signal, code, stderr });
    });
  });
}

const started = Date.now();
const h = await startHarness('approve');
console.log(`soak: ${target} card sales, seed ${values.seed}, data in ${h.dataDir}`);
const counts = { runs: 0, kills: 0, failpointKills: 0, timedKills: 0, outages: 0, scenarioChanges: 0, approved: 0, childErrors: 0 };
let wakeOutages: (() => void) | null = null;
/** A pause the main loop can cut short when the sales are done. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wakeOutages = null;
      resolve();
    }
    wakeOutages = done;
  });
}

// Link outages: while sales run, the simulator goes down for 50–1500 ms at random moments.
async function outageLoop(stop: () => boolean): Promise<void> {
  while (!stop()) {
    await pause(200 + random() * 3000);
    if (stop()) break;
    if (random() < 0.5) {
      await h.stopSim();
      counts.outages++;
      await pause(50 + random() * 1500);
    }
    const scenario = pick(scenarios);
    await h.restartSim(scenario);
    counts.scenarioChanges++;
  }
}

let done = false;
const outages = outageLoop(() => done);
while (counts.approved < target) {
  const sales = Math.min(target - counts.approved, 10 + Math.floor(random() * 90));
  const mode = random();
  const failpoint = mode < 0.25 ? pick(failpoints) : '';
  const killAfterMs = mode >= 0.25 && mode < 0.5 ? 300 + random() * 4000 : null;
  // Half the runs keep the till up a while after their sales, so its sender works through outages and faults.
  const holdMs = random() < 0.5 ? Math.floor(200 + random() * 1500) : 0;
  const r = await runChild(h, { sales, holdMs }, failpoint, killAfterMs);
  counts.runs++;
  counts.approved += r.approved;
  if (r.killed) {
    counts.kills++;
    if (failpoint) counts.failpointKills++;
    else counts.timedKills++;
  } else if (r.code !== 0) {
    counts.childErrors++;
    console.error(`  run ${counts.runs} exited ${r.code}: ${r.stderr.split('\n').slice(-6).join('\n')}`);
  }
  if (counts.runs % 10 === 0) console.log(`  ${counts.approved}/${target} approved, ${counts.runs} runs, ${counts.kills} kills, ${counts.outages} outages`);
}
done = true;
(wakeOutages as (() => void) | null)?.();
await outages;
await h.restartSim('approve');
// The settling run: a manager requeues what reached manual review, the backlog drains, the batch reconciles.
const settle = await runChild(h, { settle: true, drainTimeoutMs: 300_000 }, '', null);
if (settle.code !== 0) console.error(`settling run failed (${settle.code}): ${settle.stderr}`);
const report = checkInvariants({ dataDir: h.dataDir, acquirer: h.sim.report(), messages: h.sim.recordedMessages(), shown: h.shown });
const seconds = (Date.now() - started) / 1000;
console.log('\nsoak counts:');
console.log(JSON.stringify({ ...counts, ...report.counts, violations: report.violations.length, seconds: Math.round(seconds) }, null, 2));
if (report.violations.length > 0) {
  console.log('\nVIOLATIONS:');
  for (const v of report.violations.slice(0, 50)) console.log(`  ${v}`);
}
await h.close();
if (!values['keep-data'] && report.violations.length === 0) rmSync(h.dataDir, { recursive: true, force: true });
process.exit(report.violations.length === 0 && settle.code === 0 ? 0 : 1);

// Fault table rows 2 and 16 (research/reliability.md §5): SIGKILL of a real till process at each step of the
// sender (before send, after send, after the reply, before and after the local acknowledgement), then a restart;
// and two senders on one ledger. Ends with the shared invariant checker.
import { afterEach, describe, expect, it } from 'vitest';
import { expectInvariants, requestsFor, runTillChild, startHarness, type Harness } from '../../support/acquirer-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('row 2: SIGKILL in the sender, then restart', () => {
  const steps: { step: string; expectRepeat: boolean }[] = [
    { step: 'acquirer.before-send', expectRepeat: false },
    { step: 'acquirer.after-send', expectRepeat: true },
    { step: 'acquirer.after-reply', expectRepeat: true },
    { step: 'acquirer.before-ack', expectRepeat: true },
    { step: 'acquirer.after-ack', expectRepeat: false },
  ];
  it.each(steps)('killed at $step: forwarded once, as a repeat with the same STAN and UUID when it may have left', async ({ step, expectRepeat }) => {
    h = await startHarness();
    const crashed = await runTillChild(h, { sales: 1, drain: true }, step);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(crashed.approved).toHaveLength(1);
    const uuid = crashed.approved[0]!;
    const restarted = await runTillChild(h, { drain: true });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.left).toBe(0);
    const requests = requestsFor(h, uuid);
    // One STAN for every send of this payment; after a crash past the journal point the next send is an 0221.
    expect(new Set(requests.map((r) => r.stan)).size).toBe(1);
    if (expectRepeat) expect(requests.map((r) => r.mti)).toEqual(['0220', '0221']);
    else expect(requests.map((r) => r.mti)).toEqual(['0220']);
    expect(h.sim.captured().filter((c) => c.uuid === uuid)).toHaveLength(1);
    expectInvariants(h);
  });
});

describe('row 16: two till processes (two senders) on one ledger', () => {
  it('the lease lets one sender at a time send each item: every sale captured once, no duplicate sends', async () => {
    h = await startHarness();
    // 12 card sales stored while the acquirer is down, then two till processes start on the same ledger at once:
    // both run a sender against the same outbox.
    await h.stopSim();
    const sales = await runTillChild(h, { sales: 12 });
    expect(sales.code, sales.stderr).toBe(0);
    await h.restartSim();
    const [a, b] = await Promise.all([runTillChild(h, { drain: true, holdMs: 200 }), runTillChild(h, { drain: true, holdMs: 200 })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const report = expectInvariants(h);
    expect(report.counts.cardTenders).toBe(12);
    expect(report.counts.captured).toBe(12);
    // Fenced sends: no advice went out twice (a repeat would show as 0221).
    const advices = h.sim.recordedMessages().filter((m) => m.direction === 'in' && (m.mti === '0220' || m.mti === '0221'));
    expect(advices.filter((m) => m.mti === '0221')).toEqual([]);
    expect(advices).toHaveLength(12);
  });
});

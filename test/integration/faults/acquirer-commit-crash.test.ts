// Fault table row 1 (and the reversal half of row 5) with real child processes: SIGKILL around the commit that
// writes a card tender together with its acquirer advice, and around the sale's posting. On restart the card
// payment is atomically present (tender + advice, forwarded once) or absent (never shown, nothing sent).
import { afterEach, describe, expect, it } from 'vitest';
import { expectInvariants, requestsFor, runTillChild, startHarness, type Harness } from '../../support/acquirer-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('row 1: SIGKILL during the card + sale commits, then restart', () => {
  const cases = [
    { failpoint: 'card.before-commit', cardPresent: false, shown: false },
    { failpoint: 'card.committed', cardPresent: true, shown: false },
    { failpoint: 'sale.post.before-commit', cardPresent: true, shown: true },
    { failpoint: 'sale.posted', cardPresent: true, shown: true },
  ];
  it.each(cases)('killed at $failpoint', async ({ failpoint, cardPresent, shown }) => {
    h = await startHarness();
    // The acquirer is down while the till dies, so nothing can be forwarded before the restart.
    await h.stopSim();
    const crashed = await runTillChild(h, { sales: 1 }, failpoint);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(crashed.approved.length).toBe(shown ? 1 : 0);
    await h.restartSim();
    // Restart: the cashier finishes the open sale, then one more card sale; the backlog drains.
    const restarted = await runTillChild(h, { sales: 1, drain: true });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.left).toBe(0);
    const report = expectInvariants(h);
    expect(report.counts.cardTenders).toBe(cardPresent ? 2 : 1);
    expect(report.counts.captured).toBe(cardPresent ? 2 : 1);
    expect(report.counts.receipts).toBe(2);
  });
});

describe('row 5 (reversal): the reversal is journalled before it is sent and repeated with the same STAN', () => {
  it('SIGKILL after the 0400 left: the restart sends 0401, the acquirer reverses once, totals exclude it', async () => {
    h = await startHarness();
    const sale = await runTillChild(h, { sales: 1, drain: true });
    const uuid = sale.approved[0]!;
    const crashed = await runTillChild(h, { reverse: uuid, drain: true }, 'acquirer.after-send');
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const restarted = await runTillChild(h, { drain: true });
    expect(restarted.left).toBe(0);
    const requests = requestsFor(h, uuid);
    expect(requests.map((r) => r.mti)).toEqual(['0220', '0400', '0401']);
    expect(new Set(requests.map((r) => r.stan)).size).toBe(1);
    expect(h.sim.reversed()).toMatchObject([{ uuid, hadCapture: true }]);
    const report = expectInvariants(h);
    expect(report.counts.reversed).toBe(1);
  });
});

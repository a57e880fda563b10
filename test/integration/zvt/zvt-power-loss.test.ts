// PT power loss at every step of a payment, restart from the state file, then the resolve procedure of DESIGN §4
// (status enquiry, repeat receipt, compare receipt/amount). Invariant: the ECR never reports "approved" for a
// payment the PT did not keep, never reports "not paid" for one it kept, and the resync always tells which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_STEPS } from '../../../native/zvt/simulator-scenario';
import type { PaymentOutcome, ZvtClient } from '../../../native/zvt/zvt-client';
import { memoryHarness, tcpHarness, type ZvtHarness } from './harness';

async function resolveByTerminal(client: () => Promise<ZvtClient>, amountMinor: number, knownReceipt: number | undefined): Promise<'paid' | 'not-paid'> {
  const c = await client();
  expect((await c.statusEnquiry()).terminalStatus).toBe(0);
  const c2 = await client();
  const last = await c2.repeatReceipt({ statusInformation: true, print: false });
  if (last.kind !== 'completed' || !last.status) return 'not-paid';
  // The last stored transaction is ours only if it is newer than the last one we knew and has our amount.
  return last.status.receiptNumber !== knownReceipt && last.status.amountMinor === amountMinor ? 'paid' : 'not-paid';
}

function powerLossSuite(name: string, make: () => Promise<ZvtHarness>, configByte: number): void {
  describe(`PT power loss at each step over ${name} (config ${configByte.toString(16)})`, () => {
    let h: ZvtHarness;
    beforeAll(async () => {
      h = await make();
      await (await h.client()).register({ configByte });
    });
    afterAll(async () => h?.close());

    // Without ECR printing there are no print lines, so no power loss "after print".
    const prints = (configByte & 0x82) === 0x82;
    CRASH_STEPS.forEach((step, i) => {
      it.skipIf(step === 'after-print' && !prints)(`crash ${step}`, async () => {
        const amountMinor = 10_000 + i;
        const known = h.sim.state.lastTransaction?.receiptNumber;
        h.sim.setScenario(`crash-at:${step}`);
        const outcome: PaymentOutcome = await (await h.client()).authorize({ amountMinor });
        // The ECR may finish before the PT reaches the last step (it returns once its final answer is written).
        const crashed = await Promise.race([h.sim.whenCrashed(), new Promise((r) => setTimeout(r, h.timers.t3Ms * 4))]);
        expect(crashed).toBe(step);
        const sim = await h.restartSim();
        expect(sim.state.pending).toBeNull(); // a restart never leaves a half-committed payment
        const keptByPt = sim.state.lastTransaction?.amountMinor === amountMinor && sim.state.lastTransaction.status === 'committed';
        if (keptByPt) expect(['approved', 'unknown']).toContain(outcome.kind);
        else expect(outcome.kind).not.toBe('approved');
        const resolved = await resolveByTerminal(() => h.client(), amountMinor, known);
        expect(resolved).toBe(keptByPt ? 'paid' : 'not-paid');
        if (!keptByPt && outcome.kind === 'unknown' && outcome.status?.receiptNumber !== undefined) {
          expect(sim.state.log.find((t) => t.receiptNumber === outcome.status!.receiptNumber)?.status).toBe('auto-reversed');
        }
      });
    });
  });
}

powerLossSuite('the in-memory serial pair', () => memoryHarness(0.02), 0xbe);
powerLossSuite('loopback TCP', () => tcpHarness(0.05), 0x38);

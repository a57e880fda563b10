// The ZVT test matrix (research/zvt.md §3.3), run against any harness: driver ↔ simulator over a socat pty pair,
// loopback TCP and the in-memory pair. Assertions are on bytes, outcomes and the simulator's persisted state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimTransaction } from '../../../native/zvt/simulator-state';
import { ZvtBusyError, type PaymentOutcome, type TransactionHooks, type ZvtClient } from '../../../native/zvt/zvt-client';
import type { StatusInformation } from '../../../native/zvt/zvt-messages';
import type { ZvtHarness } from './harness';

export interface MatrixOptions {
  /** Serial-only faults (ACK/NAK, CRC, T1) make no sense over TCP. */
  serialFaults: boolean;
}

function committed(h: ZvtHarness, receiptNumber: number | undefined): SimTransaction[] {
  return h.sim.state.turnover.filter((t) => t.receiptNumber === receiptNumber && t.status !== 'pending');
}

/** A journal stand-in: records the order of hook calls and what the PT had committed at each. */
function journal(h: ZvtHarness) {
  const calls: string[] = [];
  let statusSeen: StatusInformation | undefined;
  const hooks: TransactionHooks = {
    onAccepted: () => void calls.push('accepted'),
    onProgress: (p) => void calls.push(`progress:${p.code.toString(16)}`),
    onStatusInformation: async (s) => {
      statusSeen = s;
      // Before our ack the PT must not have committed: the approval is still pending in its state file.
      calls.push(`status:pending=${h.sim.state.pending?.receiptNumber ?? 'none'}`);
      await new Promise((r) => setTimeout(r, 5)); // a journal write takes time; the PT waits for us
    },
    onStatusAcknowledged: () => void calls.push('acked'),
    onPrint: (p) => void calls.push(p.kind === 'line' ? 'print' : 'block'),
  };
  return { calls, hooks, status: () => statusSeen };
}

function expectApproved(outcome: PaymentOutcome): Extract<PaymentOutcome, { kind: 'approved' }> {
  if (outcome.kind !== 'approved') throw new Error(`expected approved, got ${JSON.stringify(outcome)}`);
  return outcome;
}

export function zvtMatrix(name: string, makeHarness: () => Promise<ZvtHarness>, options: MatrixOptions): void {
  describe(`ZVT driver ↔ PT simulator over ${name}`, () => {
    let h: ZvtHarness;
    let client: ZvtClient;
    const fresh = async (scenario: string = 'approve') => {
      h.sim.setScenario(scenario);
      client = await h.client();
      return client;
    };

    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('1. registers with config BA and gets the Completion', async () => {
      const c = await fresh();
      const completion = await c.register({ configByte: 0xba });
      expect(completion.terminalId).toBe('52523535');
      expect(h.sim.state.registration.configByte).toBe(0xba);
    });

    it('2. approves a payment with 06 D1 print lines; ack only after the journal hook; PT commits only after print acks', async () => {
      const c = await fresh();
      await c.register({ configByte: 0xbe });
      const j = journal(h);
      const outcome = expectApproved(await c.authorize({ amountMinor: 2500 }, j.hooks));
      expect(outcome.status.amountMinor).toBe(2500);
      expect(outcome.status.maskedPan).toBe('559883******8074');
      expect(j.calls[0]).toBe('accepted');
      expect(j.calls).toContain(`status:pending=${outcome.status.receiptNumber}`);
      expect(j.calls.indexOf('acked')).toBeGreaterThan(j.calls.findIndex((c2) => c2.startsWith('status:')));
      expect(j.calls.filter((x) => x === 'print').length).toBe(30);
      expect(outcome.receipts.map((r) => r.lines.length)).toEqual([15, 15]);
      expect(outcome.receipts[0]!.lines[1]!.text).toContain('Händlerbeleg');
      expect(committed(h, outcome.status.receiptNumber)).toHaveLength(1);
      expect(h.sim.state.pending).toBeNull();
      expect(JSON.stringify(outcome)).not.toMatch(/\d{12,}/); // no full PAN anywhere
    });

    it('3. approves with 06 D3 text blocks (extended length, 82 TLV lengths, CP437 umlauts)', async () => {
      const c = await fresh();
      const completion = await c.register({ configByte: 0xbe, allowTextBlocks: true });
      expect(completion.permittedCommands).toEqual(['06D3']);
      const j = journal(h);
      const outcome = expectApproved(await c.authorize({ amountMinor: 1000 }, j.hooks));
      expect(j.calls.filter((x) => x === 'block').length).toBe(2);
      expect(outcome.receipts.map((r) => r.type)).toEqual(['merchant', 'customer']);
      expect(outcome.receipts[1]!.lines.map((l) => l.text)).toContain('Vielen Dank · Grüße');
      const d3 = h.sim.events.find((e) => e.direction === 'out' && e.meaning.startsWith('Print Text-Block'));
      expect(d3?.hex).toMatch(h.kind === 'serial' ? /^10 02 06 D3 FF / : /^06 D3 FF /);
      expect(d3?.hex).toContain(' 25 82 ');
      // 10.00 = 00 00 00 00 10 00: the DLE in the amount is doubled on the wire.
      const auth = h.sim.events.find((e) => e.direction === 'in' && e.meaning.startsWith('Authorization') && e.meaning.includes('10.00'));
      if (h.kind === 'serial') expect(auth?.hex).toContain('04 00 00 00 00 10 10 00');
      await c.register({ configByte: 0xbe }); // back to print lines for the rest
    });

    it('4. declined payment: 04 0F with result code, then 06 1E', async () => {
      const c = await fresh('decline:51');
      const before = h.sim.state.turnover.length;
      const outcome = await c.authorize({ amountMinor: 700 });
      expect(outcome).toMatchObject({ kind: 'declined', resultCode: 0x51, refusedCommand: false });
      if (outcome.kind === 'declined') expect(outcome.message.zh).toBe('余额不足');
      expect(h.sim.state.turnover.length).toBe(before);
      expect(h.sim.state.log.at(-1)?.status).toBe('declined');
    });

    it('5. customer abort: 06 1E 01 6C', async () => {
      const c = await fresh('customer-abort');
      const outcome = await c.authorize({ amountMinor: 700 });
      expect(outcome).toMatchObject({ kind: 'aborted', resultCode: 0x6c, by: 'customer-or-timeout' });
    });

    it('5b. PIN timeout: silence longer than T3 (the ECR waits on T4), then 6C', async () => {
      const c = await fresh('pin-timeout');
      const outcome = await c.authorize({ amountMinor: 700 });
      expect(outcome).toMatchObject({ kind: 'aborted', resultCode: 0x6c });
    });

    it('6a. cashier abort accepted while the PT waits for the card', async () => {
      const c = await fresh(`card-delay:${h.timers.t3Ms * 4}`);
      let abortResult: Promise<unknown> | undefined;
      const outcome = await c.authorize(
        { amountMinor: 900 },
        { onProgress: (p) => void (p.code === 0x0a && (abortResult = c.abort())) },
      );
      await expect(abortResult).resolves.toMatchObject({ accepted: true });
      expect(outcome).toMatchObject({ kind: 'aborted', by: 'cashier', resultCode: 0x6c });
    });

    it('6b. cashier abort refused (84 83): the payment goes on', async () => {
      const c = await fresh(`card-delay:${h.timers.t3Ms},abort-refused`);
      let abortResult: Promise<unknown> | undefined;
      const outcome = await c.authorize({ amountMinor: 900 }, { onProgress: (p) => void (p.code === 0x0a && (abortResult = c.abort())) });
      await expect(abortResult).resolves.toMatchObject({ accepted: false, resultCode: 0x83 });
      expect(outcome.kind).toBe('approved');
    });

    it('6c. a second command while one runs is refused with PAYMENT_IN_PROGRESS', async () => {
      const c = await fresh(`card-delay:${h.timers.t3Ms}`);
      const first = c.authorize({ amountMinor: 100 });
      await expect(c.authorize({ amountMinor: 100 })).rejects.toBeInstanceOf(ZvtBusyError);
      expect((await first).kind).toBe('approved');
    });

    it('7. reversal by receipt number: ok, then B4 already reversed, unknown receipt B5', async () => {
      const c = await fresh();
      const paid = expectApproved(await c.authorize({ amountMinor: 1234 }));
      const receipt = paid.status.receiptNumber!;
      const c2 = h.kind === 'tcp' ? await h.client() : c;
      const reversal = expectApproved(await c2.reverse({ receiptNumber: receipt }));
      expect(reversal.status.amountMinor).toBe(1234);
      expect(h.sim.state.turnover.find((t) => t.receiptNumber === receipt)?.status).toBe('reversed');
      const c3 = h.kind === 'tcp' ? await h.client() : c;
      expect(await c3.reverse({ receiptNumber: receipt })).toMatchObject({ kind: 'declined', resultCode: 0xb4 });
      const c4 = h.kind === 'tcp' ? await h.client() : c;
      expect(await c4.reverse({ receiptNumber: 9999 })).toMatchObject({ kind: 'declined', resultCode: 0xb5 });
    });

    it('8. refund', async () => {
      const c = await fresh();
      const refund = expectApproved(await c.refund({ amountMinor: 500 }));
      expect(h.sim.state.turnover.find((t) => t.receiptNumber === refund.status.receiptNumber)?.kind).toBe('refund');
    });

    it('9. end of day with totals and report lines; clears the turnover store', async () => {
      const c = await fresh();
      expect(h.sim.state.turnover.length).toBeGreaterThan(0);
      const expected = h.sim.state.turnover
        .filter((t) => t.kind === 'payment' && t.status === 'committed')
        .reduce((sum, t) => sum + t.amountMinor, 0) - h.sim.state.turnover.filter((t) => t.kind === 'refund').reduce((s, t) => s + t.amountMinor, 0);
      const eod = await c.endOfDay();
      if (eod.kind !== 'completed') throw new Error(JSON.stringify(eod));
      expect(eod.status?.amountMinor).toBe(expected);
      expect(eod.status?.totals?.schemes.find((s) => s.scheme === 'eurocard')?.count).toBeGreaterThan(0);
      expect(eod.receipts[0]!.lines[0]!.text).toBe('KASSENSCHNITT');
      expect(h.sim.state.turnover).toEqual([]);
    });

    it('10. diagnosis with 04 01 set date/time', async () => {
      const c = await fresh();
      const diag = await c.diagnosis();
      expect(diag).toMatchObject({ kind: 'completed' });
      if (diag.kind === 'completed') expect(diag.dateTime?.time).toMatch(/^\d\d:\d\d:\d\d$/);
    });

    it('11. status enquiry with terminal status codes', async () => {
      for (const code of ['00', 'f0', '9c', 'dc', 'e1', '51', 'c2']) {
        const c = await fresh(`status:${code}`);
        const s = await c.statusEnquiry();
        expect(s.terminalStatus).toBe(parseInt(code, 16));
        expect(s.softwareVersion).toBe('TILL-SIM 1.0');
      }
    });

    it('12. repeat receipt returns the last stored transaction (service byte 03), and reprints (01)', async () => {
      const c = await fresh();
      const paid = expectApproved(await c.authorize({ amountMinor: 4321 }));
      const c2 = h.kind === 'tcp' ? await h.client() : c;
      const repeat = await c2.repeatReceipt({ statusInformation: true, print: false });
      if (repeat.kind !== 'completed') throw new Error(JSON.stringify(repeat));
      expect(repeat.status).toMatchObject({ receiptNumber: paid.status.receiptNumber, traceNumber: paid.status.traceNumber, amountMinor: 4321 });
      expect(repeat.receipts).toEqual([]);
      const c3 = h.kind === 'tcp' ? await h.client() : c;
      const reprint = await c3.repeatReceipt({ statusInformation: true, print: true });
      expect(reprint.kind === 'completed' && reprint.receipts[0]!.lines[0]!.text).toBe('** KOPIE **');
    });

    it('13. log-off resets the PT configuration', async () => {
      const c = await fresh();
      await c.logOff();
      expect(h.sim.state.registration.configByte).toBe(0x86);
      const c2 = h.kind === 'tcp' ? await h.client() : c;
      await c2.register({ configByte: 0xbe });
    });

    it('14a. the ECR refuses the approval (journal write failed): 84 66, PT auto-reverses', async () => {
      const c = await fresh();
      const outcome = await c.authorize(
        { amountMinor: 800 },
        {
          onStatusInformation: () => {
            throw new Error('disk full');
          },
        },
      );
      expect(outcome).toMatchObject({ kind: 'aborted', by: 'ecr-refused' });
      expect(h.sim.state.log.at(-1)).toMatchObject({ status: 'auto-reversed', amountMinor: 800 });
    });

    it('14b. the ECR cannot store a print line (84 CC): the PT does not commit', async () => {
      const c = await fresh();
      const outcome = await c.authorize(
        { amountMinor: 801 },
        {
          onPrint: () => {
            throw new Error('journal unavailable');
          },
        },
      );
      expect(outcome).toMatchObject({ kind: 'aborted', by: 'ecr-refused' });
      expect(h.sim.state.log.at(-1)).toMatchObject({ status: 'auto-reversed', amountMinor: 801 });
    });

    it('14c. split bytes (TCP: arbitrary boundaries; serial: below T1) are reassembled', async () => {
      const c = await fresh('split-below-t1:status');
      expectApproved(await c.authorize({ amountMinor: 1600 }));
      expect(h.sim.events.some((e) => e.kind === 't1-timeout')).toBe(false);
    });

    it('14d. power loss after the approval was sent: ECR outcome unknown, PT auto-reverses on restart, resync says not paid', async () => {
      const c = await fresh();
      const previous = expectApproved(await c.authorize({ amountMinor: 100 }));
      h.sim.setScenario('crash-at:after-status-sent');
      const c1 = h.kind === 'tcp' ? await h.client() : c;
      const j = journal(h);
      const outcome = await c1.authorize({ amountMinor: 2222 }, j.hooks);
      expect(outcome).toMatchObject({ kind: 'unknown' });
      const lost = j.status();
      expect(lost?.resultCode).toBe(0);
      const sim = await h.restartSim();
      expect(sim.state.log.at(-1)).toMatchObject({ status: 'auto-reversed', receiptNumber: lost?.receiptNumber });
      const c2 = await h.client();
      expect((await c2.statusEnquiry()).terminalStatus).toBe(0);
      const c3 = h.kind === 'tcp' ? await h.client() : c2;
      const repeat = await c3.repeatReceipt();
      expect(repeat.kind === 'completed' && repeat.status?.receiptNumber).toBe(previous.status.receiptNumber);
    });

    it('14e. power loss after commit, before Completion: the repeat receipt shows the payment (paid)', async () => {
      const c = await fresh('crash-at:after-commit');
      const outcome = await c.authorize({ amountMinor: 3333 });
      // Status acked and print lines acked: the PT committed. Over serial the ECR sees silence (T4); over TCP the link drops.
      const sim = await h.restartSim();
      const stored = sim.state.lastTransaction;
      expect(stored).toMatchObject({ amountMinor: 3333, status: 'committed' });
      if (outcome.kind === 'unknown') {
        expect(outcome.stage).toBe('after-status-ack');
        const c2 = await h.client();
        const repeat = await c2.repeatReceipt();
        expect(repeat.kind === 'completed' && repeat.status?.receiptNumber).toBe(outcome.status?.receiptNumber);
      } else {
        expect(outcome.kind).toBe('approved');
      }
    });

    if (options.serialFaults) {
      it('15a. dropped ACK of our status acknowledgement: the PT\'s next frame implies it; committed exactly once', async () => {
        const c = await fresh('drop-ack:status-ack');
        const j = journal(h);
        const outcome = expectApproved(await c.authorize({ amountMinor: 1700 }, j.hooks));
        expect(j.calls.filter((x) => x.startsWith('status:'))).toHaveLength(1);
        expect(committed(h, outcome.status.receiptNumber)).toHaveLength(1);
      });

      it('15b. our acknowledgement lost once: retransmitted after T2, processed once', async () => {
        const c = await fresh('lose-frame:status-ack:1');
        const outcome = expectApproved(await c.authorize({ amountMinor: 1701 }));
        expect(committed(h, outcome.status.receiptNumber)).toHaveLength(1);
      });

      it('15c. CRC error on the approval once: NAK, retransmission, approved', async () => {
        const c = await fresh('corrupt-crc:status:1');
        expectApproved(await c.authorize({ amountMinor: 1702 }));
        expect(h.sim.events.some((e) => e.kind === 'nak' && e.direction === 'in')).toBe(true);
      });

      it('15d. NAK storm on the approval: PT gives up, auto-reverses, ECR is told (not paid)', async () => {
        const c = await fresh('nak-storm:status');
        const outcome = await c.authorize({ amountMinor: 1703 });
        expect(['declined', 'aborted']).toContain(outcome.kind);
        expect(h.sim.state.log.at(-1)).toMatchObject({ status: 'auto-reversed', amountMinor: 1703 });
      });

      it('15e. duplicate approval frame: ACKed twice, journaled once', async () => {
        const c = await fresh('duplicate-frame:status');
        const j = journal(h);
        const outcome = expectApproved(await c.authorize({ amountMinor: 1704 }, j.hooks));
        expect(j.calls.filter((x) => x.startsWith('status:'))).toHaveLength(1);
        expect(committed(h, outcome.status.receiptNumber)).toHaveLength(1);
      });

      it('15f. split bytes above T1: the ECR NAKs on T1, the PT repeats, approved', async () => {
        const c = await fresh('split-above-t1:status');
        expectApproved(await c.authorize({ amountMinor: 1705 }));
        expect(h.sim.events.some((e) => e.kind === 'nak' && e.direction === 'in')).toBe(true);
      });

      it('15g. auto-reversal: our acknowledgement never arrives; ECR outcome unknown at acking-status; PT reverses', async () => {
        const c = await fresh('auto-reversal');
        const outcome = await c.authorize({ amountMinor: 1706 });
        expect(outcome).toMatchObject({ kind: 'unknown', stage: 'acking-status', reason: 'transmission-failed' });
        await new Promise((r) => setTimeout(r, h.timers.t3Ms * 2));
        expect(h.sim.state.log.at(-1)).toMatchObject({ status: 'auto-reversed', amountMinor: 1706 });
        h.sim.setScenario('approve');
        const repeat = await c.repeatReceipt();
        expect(repeat.kind === 'completed' && repeat.status?.amountMinor).not.toBe(1706);
      });

      it('15h. dropped ACK of the command: the PT\'s 80 00 implies it', async () => {
        const c = await fresh('drop-ack:command');
        expectApproved(await c.authorize({ amountMinor: 1707 }));
      });
    }
  });
}

// PT simulator state file and scenario parsing: atomic writes, auto-reversal of a pending approval on restart.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../native/zvt/simulator-scenario';
import { SimStateStore, type SimTransaction } from '../../../native/zvt/simulator-state';

const dir = () => mkdtempSync(join(tmpdir(), 'zvt-state-'));

const pending: SimTransaction = {
  kind: 'payment', amountMinor: 999, currencyNumeric: 978, traceNumber: 7, receiptNumber: 3, turnoverNumber: 3,
  date: '1122', time: '120000', maskedPanBcd: '559883EEEEEE8074', cardType: 6, cardName: 'MasterCard',
  authorisationCode: '123456', status: 'pending', resultCode: 0,
};

describe('simulator state file', () => {
  it('is created, written atomically (no temp file left) and survives a restart', () => {
    const file = join(dir(), 'sim.json');
    const store = new SimStateStore(file);
    store.update((s) => {
      s.traceNumber = 41;
    });
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(join(file, '..')).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(new SimStateStore(file).state).toMatchObject({ traceNumber: 41, restarts: 2 });
  });

  it('auto-reverses a pending approval found at start-up, before anything else', () => {
    const file = join(dir(), 'sim.json');
    new SimStateStore(file).update((s) => {
      s.pending = pending;
    });
    const after = new SimStateStore(file).state;
    expect(after.pending).toBeNull();
    expect(after.log.at(-1)).toMatchObject({ receiptNumber: 3, status: 'auto-reversed' });
    expect(after.turnover).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).pending).toBeNull();
  });

  it('refuses a file that is not a simulator state', () => {
    const file = join(dir(), 'sim.json');
    writeFileSync(file, '{"hello":1}');
    expect(() => new SimStateStore(file)).toThrow(/not a PT simulator state/);
  });
});

describe('scenario parsing', () => {
  it('parses outcomes and faults', () => {
    expect(parseScenario('decline:51')).toMatchObject({ outcome: 'decline', declineCode: 0x51 });
    expect(parseScenario('nak-storm').faults.corruptCrc).toEqual({ step: 'status', times: 3 });
    expect(parseScenario('auto-reversal').faults.lose).toEqual({ step: 'status-ack', count: 3 });
    expect(parseScenario('split-above-t1:print', 20).faults.split).toEqual({ step: 'print', delayMs: 40 });
    expect(parseScenario('crash-at:after-commit,abort-refused')).toMatchObject({ abortRefused: true, faults: { crashAt: 'after-commit' } });
  });
  it('rejects unknown tokens and steps', () => {
    expect(() => parseScenario('approve,teleport')).toThrow(/unknown scenario/);
    expect(() => parseScenario('crash-at:lunch')).toThrow(/step must be/);
  });
});

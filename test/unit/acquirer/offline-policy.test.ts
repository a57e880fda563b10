// Offline policy: each limit refuses with its own reason (en/zh), inclusive limits, fixed check order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideOffline, offlineBacklogOf, type OfflinePolicyConfig } from '../../../acquirer/offline-policy';

const config: OfflinePolicyConfig = {
  currency: 'EUR', floorLimitMinor: 5_000, maxStoredAmountMinor: 50_000, maxStoredCount: 20, maxOldestAgeMs: 24 * 3600_000,
};
const now = Date.UTC(2026, 10, 22, 12);
const empty = { count: 0, amountMinor: 0, oldestStoredAt: null };
const sale = (amountMinor: number) => ({ kind: 'sale' as const, amountMinor, currency: 'EUR' });

describe('offline policy', () => {
  it('allows within every limit, limits inclusive', () => {
    const d = decideOffline(config, sale(5_000), { count: 19, amountMinor: 45_000, oldestStoredAt: now - 24 * 3600_000 }, now);
    expect(d).toMatchObject({ allowed: true, reasonCode: 'OFFLINE_OK' });
    expect(d.facts).toEqual({ amountMinor: 5_000, floorLimitMinor: 5_000, storedAmountAfterMinor: 50_000, storedCountAfter: 20, oldestAgeMs: 24 * 3600_000 });
  });
  it('refuses each limit with its reason and a message in English and Chinese', () => {
    const cases = [
      [sale(5_001), empty, 'OFFLINE_OVER_FLOOR_LIMIT'],
      [sale(100), { count: 1, amountMinor: 49_901, oldestStoredAt: now }, 'OFFLINE_STORED_AMOUNT_CAP'],
      [sale(100), { count: 20, amountMinor: 2_000, oldestStoredAt: now }, 'OFFLINE_STORED_COUNT_CAP'],
      [sale(100), { count: 1, amountMinor: 100, oldestStoredAt: now - 24 * 3600_000 - 1 }, 'OFFLINE_OLDEST_TOO_OLD'],
      [{ kind: 'refund' as const, amountMinor: 100, currency: 'EUR' }, empty, 'OFFLINE_REFUND_NOT_ALLOWED'],
      [{ kind: 'sale' as const, amountMinor: 100, currency: 'USD' }, empty, 'OFFLINE_CURRENCY_MISMATCH'],
      [sale(12.5), empty, 'OFFLINE_INVALID_AMOUNT'],
      [sale(0), empty, 'OFFLINE_INVALID_AMOUNT'],
    ] as const;
    for (const [request, backlog, reason] of cases) {
      const d = decideOffline(config, request, backlog, now);
      expect(d.allowed, reason).toBe(false);
      expect(d.reasonCode).toBe(reason);
      expect(d.message.en.length).toBeGreaterThan(10);
      expect(d.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('a floor limit of 0 disables offline card payments', () => {
    expect(decideOffline({ ...config, floorLimitMinor: 0 }, sale(1), empty, now).reasonCode).toBe('OFFLINE_OVER_FLOOR_LIMIT');
  });
  it('never allows what would break a cap (property)', () => {
    fc.assert(fc.property(fc.nat(10_000), fc.nat(30), fc.nat(60_000), fc.nat(48 * 3600_000), (amount, count, stored, age) => {
      const d = decideOffline(config, sale(amount), { count, amountMinor: stored, oldestStoredAt: count > 0 ? now - age : null }, now);
      if (d.allowed) {
        expect(amount).toBeLessThanOrEqual(config.floorLimitMinor);
        expect(stored + amount).toBeLessThanOrEqual(config.maxStoredAmountMinor);
        expect(count + 1).toBeLessThanOrEqual(config.maxStoredCount);
        if (count > 0) expect(age).toBeLessThanOrEqual(config.maxOldestAgeMs);
      }
    }));
  });
  it('reads the outbox backlog summary', () => {
    expect(offlineBacklogOf({ offlineApproved: { count: 2, amountMinor: 300, oldestEnqueuedAt: 5 } })).toEqual({ count: 2, amountMinor: 300, oldestStoredAt: 5 });
  });
});

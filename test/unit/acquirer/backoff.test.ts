// Full-jitter backoff and timer scaling: bounds, cap, growth, ratios kept when scaled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSenderConfig, fullJitterDelay, scaleSenderConfig } from '../../../acquirer/sender';

describe('full jitter', () => {
  it('stays in [0, min(cap, base·2^n)) for any random source value', () => {
    fc.assert(fc.property(fc.nat(80), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, base, cap, r) => {
      const d = fullJitterDelay(n, base, cap, () => r);
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.max(1, Math.min(cap, base * 2 ** Math.min(n, 52))));
    }));
  });
  it('doubles the ceiling per attempt until the cap', () => {
    const top = (n: number): number => fullJitterDelay(n, 1_000, 300_000, () => 0.999999);
    expect([0, 1, 2, 3].map(top)).toEqual([999, 1_999, 3_999, 7_999]);
    expect(top(20)).toBe(299_999);
    expect(fullJitterDelay(5, 1_000, 300_000, () => 0)).toBe(0);
  });
});

describe('scaled timers', () => {
  it('scales every duration and keeps the ratios and counts', () => {
    const scaled = scaleSenderConfig(defaultSenderConfig, 1 / 100);
    expect(scaled.readTimeoutMs / scaled.connectTimeoutMs).toBe(defaultSenderConfig.readTimeoutMs / defaultSenderConfig.connectTimeoutMs);
    expect(scaled.maxDelayMs / scaled.baseDelayMs).toBe(defaultSenderConfig.maxDelayMs / defaultSenderConfig.baseDelayMs);
    expect(scaled.maxAttempts).toBe(defaultSenderConfig.maxAttempts);
    expect(scaled.readTimeoutMs).toBe(450);
  });
});

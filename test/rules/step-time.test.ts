/**
 * The spread step time (rules/step-time.ts). The hash is FNV-1a (32 bit): its values are checked
 * against the published test vectors of its authors (Fowler/Noll/Vo: "" → 0x811c9dc5,
 * "a" → 0xe40c292c, "foobar" → 0xbf9cf968), not against this code's output.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STEP_WINDOW, stableHash, stepTimeOf } from '../../rules/index.js';

describe('stableHash', () => {
  it('is 32-bit FNV-1a (the published test vectors)', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
  });
});

describe('stepTimeOf', () => {
  it('picks the minute of the window by the hash: "a" → 0xe40c292c = 3,826,002,220; mod 180 = 160; 07:00 + 160 min = 09:40', () => {
    expect(stepTimeOf('a', { from: '07:00', to: '10:00' }, '09:00')).toBe('09:40');
    // A one-hour window from 06:30: 3,826,002,220 mod 60 = 40 → 07:10.
    expect(stepTimeOf('a', { from: '06:30', to: '07:30' }, '09:00')).toBe('07:10');
  });

  it('keeps the old time when the settings snapshot has no window (a case started before it)', () => {
    expect(stepTimeOf('INV-1', undefined, '09:00')).toBe('09:00');
  });

  it('spreads a billing run evenly: 50,000 ids over 07:00–10:00, every 30 minutes gets 1/6 ± 5 %', () => {
    const buckets = new Array<number>(6).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const t = stepTimeOf(`case-INV-${100_000 + i}`, DEFAULT_STEP_WINDOW, '09:00');
      const minute = Number(t.slice(0, 2)) * 60 + Number(t.slice(3)) - 7 * 60;
      expect(minute).toBeGreaterThanOrEqual(0);
      expect(minute).toBeLessThan(180);
      buckets[Math.floor(minute / 30)]! += 1;
    }
    for (const n of buckets) expect(Math.abs(n - 50_000 / 6) / (50_000 / 6)).toBeLessThan(0.05);
  });

  it('spreads sequential ids minute by minute: of 50,000, no minute gets more than 1.25 × its share (278)', () => {
    const perMinute = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const t = stepTimeOf(`INV-${1_000_000 + i}`, DEFAULT_STEP_WINDOW, '09:00');
      perMinute.set(t, (perMinute.get(t) ?? 0) + 1);
    }
    expect(perMinute.size).toBe(180);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(Math.ceil((50_000 / 180) * 1.25));
  });

  it('picks a second of the window when asked (issue 14 item 8): "a" → 3,826,002,220 mod 10,800 s = 5,020 s = 1 h 23 min 40 s → 08:23:40', () => {
    // 10,800 × 354,259 = 3,825,997,200; 3,826,002,220 − 3,825,997,200 = 5,020.
    expect(stepTimeOf('a', { from: '07:00', to: '10:00' }, '09:00', 'second')).toBe('08:23:40');
    // A case id: "spread-b" → 3,918,289,889 (test/workflows/case/step-window.test.ts); 10,800 × 362,804 =
    // 3,918,283,200, remainder 6,689 s = 1 h 51 min 29 s → 08:51:29.
    expect(stepTimeOf('spread-b', DEFAULT_STEP_WINDOW, '09:00', 'second')).toBe('08:51:29');
    // A one-hour window from 06:30: 3,826,002,220 mod 3,600 = 1,420 s = 23 min 40 s → 06:53:40.
    expect(stepTimeOf('a', { from: '06:30', to: '07:30' }, '09:00', 'second')).toBe('06:53:40');
  });

  it('keeps the minute when the unit is not given (a snapshot from before the unit existed), and the old time without a window', () => {
    expect(stepTimeOf('a', DEFAULT_STEP_WINDOW, '09:00', undefined)).toBe('09:40');
    expect(stepTimeOf('a', DEFAULT_STEP_WINDOW, '09:00', 'minute')).toBe('09:40');
    expect(stepTimeOf('a', undefined, '09:00', 'second')).toBe('09:00');
  });

  it('spreads a billing run second by second: 50,000 sequential ids over the 10,800 s of 07:00–10:00', () => {
    // Each second's share is 50,000 / 10,800 = 4.63. Bounds, from a uniform random spread (Poisson,
    // λ = 4.63) as the yardstick: no second gets more than 17 (P(any of 10,800 seconds ≥ 18) ≈ 2 %;
    // the minute spread woke 278 at one instant); at least 98 % of the seconds get a case (expected
    // 1 − e^−4.63 = 99.0 %); every 10 minutes get 1/18 ± 5 % (± 2.7 standard deviations).
    const perSecond = new Map<string, number>();
    const blocks = new Array<number>(18).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const t = stepTimeOf(`case-INV-${100_000 + i}`, DEFAULT_STEP_WINDOW, '09:00', 'second');
      expect(t).toMatch(/^(0[789]):[0-5]\d:[0-5]\d$/);
      perSecond.set(t, (perSecond.get(t) ?? 0) + 1);
      const second = (Number(t.slice(0, 2)) - 7) * 3600 + Number(t.slice(3, 5)) * 60 + Number(t.slice(6));
      blocks[Math.floor(second / 600)]! += 1;
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(17);
    expect(perSecond.size).toBeGreaterThanOrEqual(Math.ceil(10_800 * 0.98));
    for (const n of blocks) expect(Math.abs(n - 50_000 / 18) / (50_000 / 18)).toBeLessThan(0.05);
  });

  it('refuses an empty or malformed window', () => {
    expect(() => stepTimeOf('a', { from: '10:00', to: '07:00' }, '09:00')).toThrow(/is empty/);
    expect(() => stepTimeOf('a', { from: '7:00', to: '10:00' }, '09:00')).toThrow(/not a time of day/);
  });
});

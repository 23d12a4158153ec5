/** Danish formatting of letter values: dates with weekday, kroner, clock times. Hand-checked against a calendar. */
import { describe, expect, it } from 'vitest';
import { formatClock, formatDanishDate, formatKroner, joinDanish } from '../../activities/letters/format.js';

describe('formatDanishDate', () => {
  it.each([
    // RULES 2 worked example: the security deadline.
    ['2026-10-30', 'fredag den 30. oktober 2026'],
    ['2026-09-27', 'søndag den 27. september 2026'],
    ['2026-11-09', 'mandag den 9. november 2026'],
    ['2026-12-02', 'onsdag den 2. december 2026'],
    ['2027-01-01', 'fredag den 1. januar 2027'],
    // Leap day.
    ['2028-02-29', 'tirsdag den 29. februar 2028'],
    ['2026-05-14', 'torsdag den 14. maj 2026'],
    ['2026-06-05', 'fredag den 5. juni 2026'],
    ['2026-03-01', 'søndag den 1. marts 2026'],
    ['2026-08-01', 'lørdag den 1. august 2026'],
  ])('%s → %s', (iso, text) => {
    expect(formatDanishDate(iso)).toBe(text);
  });

  it('refuses a date that does not exist', () => {
    expect(() => formatDanishDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatDanishDate('30-10-2026')).toThrow(RangeError);
  });
});

describe('formatKroner', () => {
  it.each([
    [0, '0,00 kr.'],
    [5, '0,05 kr.'],
    [10_000, '100,00 kr.'],
    [123_450, '1.234,50 kr.'],
    [31_000, '310,00 kr.'],
    [100_000_000, '1.000.000,00 kr.'],
    [99_999, '999,99 kr.'],
    [-123_450, '-1.234,50 kr.'],
  ])('%i øre → %s', (ore, text) => {
    expect(formatKroner(ore)).toBe(text);
  });

  it('refuses fractions of an øre', () => {
    expect(() => formatKroner(1.5)).toThrow(RangeError);
    expect(() => formatKroner(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatClock and joinDanish', () => {
  it('writes times the Danish way', () => {
    expect(formatClock('08:00')).toBe('kl. 8.00');
    expect(formatClock('16:30')).toBe('kl. 16.30');
    expect(() => formatClock('8:00')).toThrow(RangeError);
    expect(() => formatClock('24:00')).toThrow(RangeError);
  });

  it('joins lists with "og"', () => {
    expect(joinDanish([])).toBe('');
    expect(joinDanish(['a'])).toBe('a');
    expect(joinDanish(['a', 'b'])).toBe('a og b');
    expect(joinDanish(['a', 'b', 'c'])).toBe('a, b og c');
  });
});

/**
 * The committed holiday table (rules/data/holidays-dk.ts) against `date-holidays` today, so that a
 * change in the source data is caught, and against the law's own dates.
 */
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_TABLE_FIRST_YEAR,
  HOLIDAY_TABLE_LAST_YEAR,
  HOLIDAY_TABLE_VERSION,
  HOLIDAY_TABLES,
  holidayName,
  holidaysOfYear,
} from '../../rules/index.js';
import { HOLIDAY_TABLE_DK } from '../../rules/data/holidays-dk.js';
import {
  HOLIDAY_TABLE_PATH,
  buildHolidayEntries,
  checksumOf,
  dateHolidaysVersion,
  renderHolidayModule,
} from '../../scripts/generate-holidays.js';
import { easter, plus } from './reference-calendar.js';

describe('the committed holiday table', () => {
  it('covers 2000–2060 under a version', () => {
    expect(HOLIDAY_TABLE_VERSION).toBe('dk-2000-2060-v1');
    expect(HOLIDAY_TABLE_FIRST_YEAR).toBe(2000);
    expect(HOLIDAY_TABLE_LAST_YEAR).toBe(2060);
    expect(Object.keys(HOLIDAY_TABLES)).toContain(HOLIDAY_TABLE_VERSION);
  });

  it('equals what date-holidays (DK, type public) gives now', () => {
    const hd = new Holidays('DK');
    const expected: Record<string, string> = {};
    for (let year = HOLIDAY_TABLE_FIRST_YEAR; year <= HOLIDAY_TABLE_LAST_YEAR; year++) {
      for (const h of hd.getHolidays(year, 'da')) if (h.type === 'public') expected[h.date.slice(0, 10)] = h.name;
    }
    const actual: Record<string, string> = {};
    for (let year = HOLIDAY_TABLE_FIRST_YEAR; year <= HOLIDAY_TABLE_LAST_YEAR; year++) {
      for (const h of holidaysOfYear(year)) actual[h.date] = h.name;
    }
    expect(actual).toEqual(expected);
  });

  it('carries the checksum of its content, and the file is exactly what the generator writes', () => {
    const entries = buildHolidayEntries(HOLIDAY_TABLE_FIRST_YEAR, HOLIDAY_TABLE_LAST_YEAR);
    expect(HOLIDAY_TABLE_DK.checksum).toBe(checksumOf(entries));
    const text = renderHolidayModule({
      version: HOLIDAY_TABLE_VERSION,
      from: HOLIDAY_TABLE_FIRST_YEAR,
      to: HOLIDAY_TABLE_LAST_YEAR,
      entries,
      source: `date-holidays ${dateHolidaysVersion()} (country DK, type public)`,
    });
    expect(readFileSync(HOLIDAY_TABLE_PATH, 'utf8')).toBe(text);
  });

  it('agrees with an Easter algorithm for the movable feasts, every year of the table', () => {
    for (let year = HOLIDAY_TABLE_FIRST_YEAR; year <= HOLIDAY_TABLE_LAST_YEAR; year++) {
      const e = easter(year);
      expect(holidayName(plus(e, -3)), `${year} Maundy Thursday`).toBe('Skærtorsdag');
      expect(holidayName(plus(e, -2)), `${year} Good Friday`).toBe('Langfredag');
      expect(holidayName(e), `${year} Easter Sunday`).toBe('Påskedag');
      expect(holidayName(plus(e, 1)), `${year} Easter Monday`).toBe('Anden påskedag');
      expect(holidayName(plus(e, 26)), `${year} Great Prayer Day`).toBe(year <= 2023 ? 'Store Bededag' : null);
      expect(holidayName(plus(e, 39)), `${year} Ascension`).toBe('Kristi Himmelfartsdag');
      expect(holidayName(plus(e, 49)), `${year} Whit Sunday`).toBe('Pinsedag');
      expect(holidayName(plus(e, 50)), `${year} Whit Monday`).toBe('Anden Pinsedag');
      expect(holidaysOfYear(year)).toHaveLength(year <= 2023 ? 11 : 10);
    }
  });

  it('has the hand-checked Easter dates 2024–2035', () => {
    // From published church calendars.
    const known: Record<number, string> = {
      2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16', 2029: '2029-04-01',
      2030: '2030-04-21', 2031: '2031-04-13', 2032: '2032-03-28', 2033: '2033-04-17', 2034: '2034-04-09', 2035: '2035-03-25',
    };
    for (const [year, date] of Object.entries(known)) {
      expect(easter(Number(year))).toBe(date);
      expect(holidayName(date)).toBe('Påskedag');
    }
  });
});

describe('Great Prayer Day (Store Bededag)', () => {
  it('is a holiday on Friday 5 May 2023', () => {
    // Easter 2023 = Sun 9 Apr; the 4th Friday after = 9 Apr + 26 days = 5 May.
    expect(holidayName('2023-05-05')).toBe('Store Bededag');
  });
  it('is no holiday on Friday 26 April 2024 (abolished from 2024)', () => {
    // Easter 2024 = Sun 31 Mar; 31 Mar + 26 days = 26 Apr.
    expect(holidayName('2024-04-26')).toBeNull();
  });
});

describe('Christmas Eve and Constitution Day are observances, not holidays', () => {
  it.each([
    ['2026-12-24', null],
    ['2026-06-05', null],
    ['2026-05-01', null],
    ['2026-12-25', 'Juledag'],
    ['2026-12-26', 'Anden Juledag'],
    ['2027-01-01', 'Nytårsdag'],
  ])('%s → %s', (date, name) => {
    expect(holidayName(date)).toBe(name);
  });
});

describe('outside the table', () => {
  it('throws a RangeError naming the date and the table', () => {
    expect(() => holidayName('2061-01-01')).toThrow(RangeError);
    expect(() => holidayName('2061-01-01')).toThrow('2061-01-01 is outside the holiday table dk-2000-2060-v1 (2000–2060)');
    expect(() => holidayName('1999-12-31')).toThrow(RangeError);
    expect(() => holidaysOfYear(2061)).toThrow(RangeError);
  });
  it('refuses an unknown table version', () => {
    expect(() => holidayName('2026-01-01', { holidayTableVersion: 'dk-1900-1901-v9' })).toThrow(/unknown holiday table/);
  });
});

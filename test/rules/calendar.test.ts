/**
 * The legal calendar (RULES 1), grouped by holiday. Every expected value is worked out by hand from
 * RULES.md and a printed calendar; the comment on each row gives the reasoning.
 */
import { describe, expect, it } from 'vitest';
import {
  addHverdage,
  addWorkingDays,
  countHverdage,
  countWorkingDays,
  firstDisconnectionDayOnOrAfter,
  firstWorkingDayOnOrAfter,
  holidayName,
  isDisconnectionDay,
  isHverdag,
  isPublicHoliday,
  isWorkingDay,
  nextHverdag,
  resolveRulesSettings,
} from '../../rules/index.js';

/** [date, holiday name or null, arbejdsdag, hverdag, household, business, business-large, why] */
type Row = [string, string | null, boolean, boolean, boolean, boolean, boolean, string];

function check(rows: Row[]) {
  it.each(rows)('%s', (date, holiday, working, hverdag, household, business, large) => {
    expect(holidayName(date)).toBe(holiday);
    expect(isWorkingDay(date)).toBe(working);
    expect(isHverdag(date)).toBe(hverdag);
    expect(isDisconnectionDay(date, 'household')).toBe(household);
    expect(isDisconnectionDay(date, 'business')).toBe(business);
    expect(isDisconnectionDay(date, 'business-large')).toBe(large);
  });
}

describe('Easter 2026 (Easter Sunday 5 April)', () => {
  check([
    ['2026-03-31', null, true, true, true, true, true, 'Tue; Wed 1 Apr is no holiday'],
    ['2026-04-01', null, true, true, false, true, true, 'Wed: the day before Maundy Thursday → no household disconnection'],
    ['2026-04-02', 'Skærtorsdag', false, false, false, false, false, 'Maundy Thursday = Easter − 3'],
    ['2026-04-03', 'Langfredag', false, false, false, false, false, 'Good Friday = Easter − 2'],
    ['2026-04-04', null, false, false, false, false, false, 'Easter Saturday: a Saturday, no holiday'],
    ['2026-04-05', 'Påskedag', false, false, false, false, false, 'Easter Sunday'],
    ['2026-04-06', 'Anden påskedag', false, false, false, false, false, 'Easter Monday = Easter + 1'],
    ['2026-04-07', null, true, true, true, true, true, 'Tue after Easter; Wed 8 Apr is no holiday'],
  ]);
  check([
    ['2025-04-16', null, true, true, false, true, true, 'Easter 2025 = 20 Apr; Wed 16 Apr is the day before Maundy Thursday 17 Apr'],
    ['2025-04-17', 'Skærtorsdag', false, false, false, false, false, '20 Apr − 3'],
    ['2025-04-21', 'Anden påskedag', false, false, false, false, false, '20 Apr + 1'],
  ]);
});

describe('Great Prayer Day (Store Bededag): a holiday up to and including 2023, abolished from 2024', () => {
  check([
    ['2023-05-05', 'Store Bededag', false, false, false, false, false, 'Easter 2023 = 9 Apr; 4th Friday after = 9 Apr + 26 = Fri 5 May'],
    ['2023-05-04', null, true, true, false, true, true, 'Thu 4 May 2023: the day before a holiday → no household disconnection'],
    ['2024-04-26', null, true, true, false, true, true, 'Easter 2024 = 31 Mar; 31 Mar + 26 = Fri 26 Apr: an ordinary Friday now (household: Friday)'],
    ['2024-04-25', null, true, true, true, true, true, 'Thu 25 Apr 2024: the next day is no longer a holiday'],
  ]);
});

describe('Ascension Day and the Friday after (2026: Easter 5 Apr + 39 = Thu 14 May)', () => {
  check([
    ['2026-05-13', null, true, true, false, true, true, 'Wed: the day before Ascension → no household disconnection'],
    ['2026-05-14', 'Kristi Himmelfartsdag', false, false, false, false, false, 'Ascension Day = Easter + 39'],
    ['2026-05-15', null, false, false, false, false, false, 'the Friday after Ascension: no holiday, but not a working day (DataHub calendar)'],
    ['2026-05-18', null, true, true, true, true, true, 'Mon 18 May; Tue 19 May is no holiday'],
  ]);
  check([
    ['2025-05-29', 'Kristi Himmelfartsdag', false, false, false, false, false, 'Easter 2025 = 20 Apr + 39 = Thu 29 May'],
    ['2025-05-30', null, false, false, false, false, false, 'Fri 30 May 2025: the Friday after Ascension'],
  ]);
});

describe('Whitsun (2026: Whit Sunday 24 May, Whit Monday 25 May)', () => {
  check([
    ['2026-05-21', null, true, true, true, true, true, 'Thu; Fri 22 May is no holiday'],
    ['2026-05-22', null, true, true, false, true, true, 'Fri before Whitsun: a working day; households are not disconnected on Fridays'],
    ['2026-05-24', 'Pinsedag', false, false, false, false, false, 'Whit Sunday = Easter + 49'],
    ['2026-05-25', 'Anden Pinsedag', false, false, false, false, false, 'Whit Monday = Easter + 50'],
    ['2026-05-26', null, true, true, true, true, true, 'Tue after Whitsun'],
  ]);
  check([
    ['2025-06-08', 'Pinsedag', false, false, false, false, false, 'Easter 2025 = 20 Apr + 49 = Sun 8 Jun'],
    ['2025-06-09', 'Anden Pinsedag', false, false, false, false, false, '20 Apr + 50 = Mon 9 Jun'],
  ]);
});

describe('4 and 5 June (Constitution Day, Grundlovsdag)', () => {
  check([
    ['2026-06-04', null, true, true, false, true, true, 'Thu 4 Jun 2026: 4 June → no household disconnection'],
    ['2026-06-05', null, true, false, false, false, false, 'Fri 5 Jun 2026: a working day (DataHub), not a hverdag; nobody is disconnected'],
    ['2025-06-04', null, true, true, false, true, true, 'Wed 4 Jun 2025'],
    ['2025-06-05', null, true, false, false, false, false, 'Thu 5 Jun 2025'],
    ['2025-06-06', null, true, true, false, true, true, 'Fri 6 Jun 2025: household no (Friday)'],
    ['2024-06-05', null, true, false, false, false, false, 'Wed 5 Jun 2024'],
  ]);

  it('counts working days across 5 June but skips it for hverdage', () => {
    // Working days after Thu 4 Jun 2026: Fri 5, Mon 8.
    expect(addWorkingDays('2026-06-04', 1)).toBe('2026-06-05');
    expect(addWorkingDays('2026-06-04', 2)).toBe('2026-06-08');
    // Hverdage after Thu 4 Jun 2026: Mon 8 (5 June is not one, 6–7 are the weekend).
    expect(addHverdage('2026-06-04', 1)).toBe('2026-06-08');
    expect(nextHverdag('2026-06-04')).toBe('2026-06-08');
    // As Energinet's DataHubCalendar tests do: count back across 5 June 2025 (Thu).
    // Fri 6 Jun 2025 − 1 working day = Thu 5 Jun; − 2 = Wed 4 Jun.
    expect(addWorkingDays('2025-06-06', -1)).toBe('2025-06-05');
    expect(addWorkingDays('2025-06-06', -2)).toBe('2025-06-04');
    // (Wed 4 Jun, Mon 8 Jun 2026]: working days 5, 8 = 2; hverdage 8 = 1.
    expect(countWorkingDays('2026-06-04', '2026-06-08')).toBe(2);
    expect(countHverdage('2026-06-04', '2026-06-08')).toBe(1);
  });

  it('follows the settings for 5 June', () => {
    const notWorking = resolveRulesSettings({ constitutionDayIsWorkingDay: false });
    expect(isWorkingDay('2026-06-05', notWorking)).toBe(false);
    expect(addWorkingDays('2026-06-04', 1, notWorking)).toBe('2026-06-08');
    const hverdag = resolveRulesSettings({ constitutionDayIsHverdag: true });
    expect(isHverdag('2026-06-05', hverdag)).toBe(true);
    // Still no disconnection on 5 June (SV 2.3.2 names the day for every class).
    expect(isDisconnectionDay('2026-06-05', 'business', hverdag)).toBe(false);
  });
});

describe('23 December – 1 January', () => {
  check([
    ['2026-12-22', null, true, true, true, true, true, 'Tue 22 Dec 2026; Wed 23 is no holiday'],
    ['2026-12-23', null, true, true, false, true, true, 'Wed 23 Dec: household no (23 Dec)'],
    ['2026-12-24', null, false, false, false, false, false, 'Thu 24 Dec: Christmas Eve, not a working day; no holiday'],
    ['2026-12-25', 'Juledag', false, false, false, false, false, 'Fri 25 Dec'],
    ['2026-12-26', 'Anden Juledag', false, false, false, false, false, 'Sat 26 Dec'],
    ['2026-12-27', null, false, false, false, false, false, 'Sun 27 Dec: an ordinary Sunday (holiday name null)'],
    ['2026-12-28', null, true, true, false, false, true, 'Mon 28 Dec: between Christmas and New Year; only business-large'],
    ['2026-12-29', null, true, true, false, false, true, 'Tue 29 Dec: idem'],
    ['2026-12-30', null, true, true, false, false, true, 'Wed 30 Dec: idem'],
    ['2026-12-31', null, false, false, false, false, false, 'Thu 31 Dec: New Year’s Eve, not a working day'],
    ['2027-01-01', 'Nytårsdag', false, false, false, false, false, 'Fri 1 Jan 2027'],
    ['2027-01-04', null, true, true, true, true, true, 'Mon 4 Jan 2027: back to normal'],
  ]);
  check([
    ['2025-12-22', null, true, true, true, true, true, 'Mon 22 Dec 2025'],
    ['2025-12-23', null, true, true, false, true, true, 'Tue 23 Dec 2025'],
    ['2025-12-29', null, true, true, false, false, true, 'Mon 29 Dec 2025: between Christmas and New Year'],
    ['2025-12-30', null, true, true, false, false, true, 'Tue 30 Dec 2025: the day before 31 Dec (not a holiday)'],
    ['2026-01-02', null, true, true, false, true, true, 'Fri 2 Jan 2026: household no (Friday)'],
  ]);

  it('counts working days over Christmas', () => {
    // After Mon 21 Dec 2026: 22, 23, (24 no, 25–27 no), 28, 29, 30, (31 no, 1 Jan, 2–3) 4 Jan.
    expect(addWorkingDays('2026-12-21', 2)).toBe('2026-12-23');
    expect(addWorkingDays('2026-12-21', 3)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-21', 6)).toBe('2027-01-04');
    expect(countWorkingDays('2026-12-21', '2027-01-04')).toBe(6);
    expect(firstWorkingDayOnOrAfter('2026-12-24')).toBe('2026-12-28');
    // First household disconnection day from 23 Dec 2026: 23 no, 28–30 no, 31, 1 Jan no → Mon 4 Jan.
    expect(firstDisconnectionDayOnOrAfter('2026-12-23', 'household')).toBe('2027-01-04');
    expect(firstDisconnectionDayOnOrAfter('2026-12-24', 'business-large')).toBe('2026-12-28');
  });

  it('takes "between Christmas and New Year" from the settings', () => {
    const wide = resolveRulesSettings({ christmasToNewYearFirstDay: 25, christmasToNewYearLastDay: 31 });
    expect(isDisconnectionDay('2026-12-28', 'business', wide)).toBe(false);
    const narrow = resolveRulesSettings({ christmasToNewYearFirstDay: 29, christmasToNewYearLastDay: 30 });
    // Mon 28 Dec 2026 is then an ordinary Monday (29 Dec is no holiday).
    expect(isDisconnectionDay('2026-12-28', 'business', narrow)).toBe(true);
    expect(isDisconnectionDay('2026-12-28', 'household', narrow)).toBe(true);
  });
});

describe('Sundays and ordinary days', () => {
  it('counts a Sunday as a holiday but gives it no name', () => {
    expect(holidayName('2026-11-22')).toBeNull(); // Sun 22 Nov 2026
    expect(isPublicHoliday('2026-11-22')).toBe(true);
    expect(isPublicHoliday('2026-11-21')).toBe(false); // Saturday
    expect(isPublicHoliday('2026-12-24')).toBe(false); // Christmas Eve is an observance only
    expect(isPublicHoliday('2026-04-05')).toBe(true); // Easter Sunday
  });

  check([
    ['2026-11-09', null, true, true, true, true, true, 'Mon 9 Nov 2026, no holiday near'],
    ['2026-11-12', null, true, true, true, true, true, 'Thu 12 Nov; Fri 13 is no holiday'],
    ['2026-11-13', null, true, true, false, true, true, 'Fri 13 Nov: household no (Friday)'],
    ['2026-11-14', null, false, false, false, false, false, 'Sat'],
    ['2026-05-01', null, true, true, false, true, true, 'Fri 1 May 2026: 1 May is an ordinary working day'],
  ]);
});

describe('adding and counting', () => {
  it('adds hverdage as the worked example counts them', () => {
    // RULES 2: 15 hverdage from Fri 9 Oct 2026: 12–16, 19–23, 26–30 Oct → Fri 30 Oct.
    expect(addHverdage('2026-10-09', 15)).toBe('2026-10-30');
    expect(countHverdage('2026-10-09', '2026-10-30')).toBe(15);
    // 3 hverdage from Sat 31 Oct: 2, 3, 4 Nov.
    expect(addHverdage('2026-10-31', 3)).toBe('2026-11-04');
  });

  it('adds zero days to give the date itself, and goes back with a negative count', () => {
    expect(addWorkingDays('2026-11-14', 0)).toBe('2026-11-14');
    // Back from Tue 7 Apr 2026: Mon 6 (Easter Monday), Sun, Sat, Fri 3 (Good Friday), Thu 2 (Maundy) → Wed 1 Apr.
    expect(addWorkingDays('2026-04-07', -1)).toBe('2026-04-01');
    expect(countWorkingDays('2026-04-07', '2026-04-01')).toBe(-1);
  });
});

describe('bad input', () => {
  it('throws a RangeError naming a malformed date', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('2026-2-3')).toThrow(/not a date/);
    expect(() => isDisconnectionDay('2026-11-09', 'nobody' as 'household')).toThrow(/unknown customer class/);
  });

  it('throws a RangeError outside the holiday table instead of guessing', () => {
    expect(() => holidayName('1999-12-31')).toThrow(RangeError);
    expect(() => isWorkingDay('2061-01-03')).toThrow(/outside the holiday table/);
    expect(() => addWorkingDays('2060-12-29', 5)).toThrow(/outside the holiday table/);
  });
});

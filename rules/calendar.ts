/**
 * The legal calendar (RULES 1): working days (arbejdsdage), weekdays for notice periods (hverdage),
 * and the days on which the grid company disconnects, per customer class (SV 2.3.2).
 *
 * Shaped after Energinet's `WorkingDays/DataHubCalendar.cs` (opengeh-process-manager): one calendar,
 * pure functions of a date, no clock. Every function takes the {@link RulesSettings} (default:
 * {@link DEFAULT_RULES_SETTINGS}) and throws a `RangeError` for a date outside the holiday table.
 */
import { civilOf, fromDayNumber, isoWeekdayOf, toDayNumber } from './dates.js';
import { ASCENSION_DAY_NAME, holidayNameOfDay, holidayTable, type CompiledHolidayTable } from './holidays.js';
import { DEFAULT_RULES_SETTINGS, assertValidRulesSettings, type RulesSettings } from './settings.js';
import type { CustomerClass, IsoDate } from './types.js';

const COMPUTED = 1;
const WORKING = 2;
const HVERDAG = 4;
const DISCONNECT_HOUSEHOLD = 8;
const DISCONNECT_BUSINESS = 16;
const DISCONNECT_BUSINESS_LARGE = 32;

/** The calendar of one settings object: its holiday table and a cache of day flags. */
export interface CalendarContext {
  readonly settings: Readonly<RulesSettings>;
  readonly table: CompiledHolidayTable;
  readonly flags: Uint8Array;
}

const contexts = new WeakMap<object, CalendarContext>();

/**
 * The calendar for a settings object (cached per object: settings are treated as immutable). A settings
 * object seen for the first time is validated, so that a hand-built one cannot go below a legal minimum.
 */
export function calendarOf(settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): CalendarContext {
  let ctx = contexts.get(settings);
  if (!ctx) {
    assertValidRulesSettings(settings);
    const table = holidayTable(settings.holidayTableVersion);
    ctx = { settings, table, flags: new Uint8Array(table.lastDay - table.firstDay + 1) };
    contexts.set(settings, ctx);
  }
  return ctx;
}

function disconnectionBit(customerClass: CustomerClass): number {
  switch (customerClass) {
    case 'household':
      return DISCONNECT_HOUSEHOLD;
    case 'business':
      return DISCONNECT_BUSINESS;
    case 'business-large':
      return DISCONNECT_BUSINESS_LARGE;
    default:
      throw new RangeError(`unknown customer class "${String(customerClass)}" (expected household, business, business-large)`);
  }
}

/** Why a day number is not a working day, or null if it is one. */
export function nonWorkingReasonOfDay(n: number, ctx: CalendarContext): string | null {
  const holiday = holidayNameOfDay(n, ctx.table);
  if (holiday !== null) return holiday;
  const weekday = isoWeekdayOf(n);
  if (weekday === 6) return 'lørdag';
  if (weekday === 7) return 'søndag';
  if (n > ctx.table.firstDay && holidayNameOfDay(n - 1, ctx.table) === ASCENSION_DAY_NAME) {
    return 'fredag efter Kristi Himmelfartsdag';
  }
  const { month, day } = civilOf(n);
  if (month === 12 && day === 24) return 'Juleaftensdag';
  if (month === 12 && day === 31) return 'Nytårsaftensdag';
  if (month === 6 && day === 5 && !ctx.settings.constitutionDayIsWorkingDay) return 'Grundlovsdag';
  return null;
}

/**
 * Why the grid company does not disconnect a customer class on a day number (SV 2.3.2), or null if it
 * is a disconnection day for that class.
 */
export function noDisconnectionReasonOfDay(n: number, customerClass: CustomerClass, ctx: CalendarContext): string | null {
  disconnectionBit(customerClass);
  const nonWorking = nonWorkingReasonOfDay(n, ctx);
  if (nonWorking !== null) return `ikke en arbejdsdag (${nonWorking})`;
  const { month, day } = civilOf(n);
  const s = ctx.settings;
  if (month === 6 && day === 5) return 'Grundlovsdag (5. juni)';
  if (month === 12 && day >= s.christmasToNewYearFirstDay && day <= s.christmasToNewYearLastDay && customerClass !== 'business-large') {
    return 'mellem jul og nytår';
  }
  if (customerClass !== 'household') return null;
  if (isoWeekdayOf(n) === 5) return 'fredag';
  if (month === 6 && day === 4) return '4. juni';
  if (month === 12 && day === 23) return '23. december';
  const tomorrow = holidayNameOfDay(n + 1, ctx.table);
  if (tomorrow !== null) return `dagen før ${tomorrow}`;
  return null;
}

function flagsOfDay(n: number, ctx: CalendarContext): number {
  const i = n - ctx.table.firstDay;
  if (i < 0 || i >= ctx.flags.length) {
    // Throws the RangeError naming the date and the table.
    holidayNameOfDay(n, ctx.table);
  }
  const cached = ctx.flags[i] ?? 0;
  if (cached !== 0) return cached;
  let flags = COMPUTED;
  if (nonWorkingReasonOfDay(n, ctx) === null) {
    flags |= WORKING;
    const { month, day } = civilOf(n);
    const isConstitutionDay = month === 6 && day === 5;
    if (!isConstitutionDay || ctx.settings.constitutionDayIsHverdag) flags |= HVERDAG;
    if (noDisconnectionReasonOfDay(n, 'household', ctx) === null) flags |= DISCONNECT_HOUSEHOLD;
    if (noDisconnectionReasonOfDay(n, 'business', ctx) === null) flags |= DISCONNECT_BUSINESS;
    if (noDisconnectionReasonOfDay(n, 'business-large', ctx) === null) flags |= DISCONNECT_BUSINESS_LARGE;
  }
  ctx.flags[i] = flags;
  return flags;
}

/** {@link isWorkingDay} on a day number. */
export function isWorkingDayN(n: number, ctx: CalendarContext): boolean {
  return (flagsOfDay(n, ctx) & WORKING) !== 0;
}

/** {@link isHverdag} on a day number. */
export function isHverdagN(n: number, ctx: CalendarContext): boolean {
  return (flagsOfDay(n, ctx) & HVERDAG) !== 0;
}

/** {@link isDisconnectionDay} on a day number. */
export function isDisconnectionDayN(n: number, customerClass: CustomerClass, ctx: CalendarContext): boolean {
  return (flagsOfDay(n, ctx) & disconnectionBit(customerClass)) !== 0;
}

/** The `count`-th day after `n` (or before, for a negative count) that passes `test`; 0 gives `n`. */
function stepDays(n: number, count: number, test: (d: number) => boolean): number {
  if (!Number.isInteger(count)) throw new RangeError(`a day count must be a whole number, not ${count}`);
  const dir = count < 0 ? -1 : 1;
  let left = Math.abs(count);
  let d = n;
  while (left > 0) {
    d += dir;
    if (test(d)) left--;
  }
  return d;
}

/** The number of days in (from, to] that pass `test`; negative if `to` is before `from`. */
function countDays(from: number, to: number, test: (d: number) => boolean): number {
  if (to < from) return -countDays(to, from, test);
  let count = 0;
  for (let d = from + 1; d <= to; d++) if (test(d)) count++;
  return count;
}

/** {@link addWorkingDays} on day numbers. */
export function addWorkingDaysN(n: number, count: number, ctx: CalendarContext): number {
  return stepDays(n, count, (d) => isWorkingDayN(d, ctx));
}

/** {@link addHverdage} on day numbers. */
export function addHverdageN(n: number, count: number, ctx: CalendarContext): number {
  return stepDays(n, count, (d) => isHverdagN(d, ctx));
}

/** The first working day on or after a day number. */
export function firstWorkingDayOnOrAfterN(n: number, ctx: CalendarContext): number {
  return isWorkingDayN(n, ctx) ? n : addWorkingDaysN(n, 1, ctx);
}

/** The first disconnection day for the class on or after a day number. */
export function firstDisconnectionDayOnOrAfterN(n: number, customerClass: CustomerClass, ctx: CalendarContext): number {
  let d = n;
  while (!isDisconnectionDayN(d, customerClass, ctx)) d++;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Public API on `YYYY-MM-DD` dates.

/**
 * True on a working day (arbejdsdag, SV 1.3 → Energinet regulation D1 appendix 3), as Energinet's
 * DataHub calendar counts it: Monday–Friday that is not a public holiday, not the Friday after
 * Ascension Day, not Christmas Eve (24 Dec) and not New Year's Eve (31 Dec). Constitution Day
 * (Grundlovsdag, 5 June) is a working day by default (`constitutionDayIsWorkingDay`, RULES 1
 * **[interpretation]**).
 *
 * Example: `isWorkingDay('2026-05-15')` (the Friday after Ascension) → false;
 * `isWorkingDay('2026-06-05')` → true.
 * @throws RangeError for a malformed date or one outside the holiday table.
 */
export function isWorkingDay(date: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): boolean {
  return isWorkingDayN(toDayNumber(date), calendarOf(settings));
}

/**
 * True on a weekday for notice periods (hverdag, BEK §25 stk. 3, §27 stk. 2, §28 stk. 1): a working
 * day that is also not 5 June, the conservative reading that gives the customer the longer period
 * (RULES 1 **[interpretation]**, `constitutionDayIsHverdag`). Every hverdag is a working day.
 *
 * Example: `isHverdag('2026-06-05')` → false; `isHverdag('2026-06-04')` → true.
 * @throws RangeError for a malformed date or one outside the holiday table.
 */
export function isHverdag(date: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): boolean {
  return isHverdagN(toDayNumber(date), calendarOf(settings));
}

/**
 * True on a day the grid company disconnects this customer class (SV 2.3.2, RULES 1): a working day
 * that is not one of its no-disconnection days:
 * - `household`: not Friday, Saturday or Sunday; not a public holiday or the day before one; not
 *   4 June, 5 June or 23 Dec; not between Christmas and New Year (27–30 Dec by default);
 * - `business`: not Saturday or Sunday, a public holiday, 5 June, or between Christmas and New Year;
 * - `business-large` (hourly-settled, > 100,000 kWh a year): as `business`, but disconnected between
 *   Christmas and New Year.
 *
 * Example: `isDisconnectionDay('2026-12-23', 'household')` → false; with `'business'` → true.
 * @throws RangeError for a malformed date, an unknown class, or a date outside the holiday table.
 */
export function isDisconnectionDay(
  date: IsoDate,
  customerClass: CustomerClass,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): boolean {
  return isDisconnectionDayN(toDayNumber(date), customerClass, calendarOf(settings));
}

/**
 * Why a date is not a working day (e.g. `'lørdag'`, `'Langfredag'`, `'Juleaftensdag'`,
 * `'fredag efter Kristi Himmelfartsdag'`), or null if it is one (RULES 1).
 * Example: `nonWorkingReason('2026-05-15')` → `'fredag efter Kristi Himmelfartsdag'`.
 */
export function nonWorkingReason(date: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): string | null {
  return nonWorkingReasonOfDay(toDayNumber(date), calendarOf(settings));
}

/**
 * Why the grid company does not disconnect this class on a date (SV 2.3.2), e.g. `'fredag'`,
 * `'dagen før Skærtorsdag'`, `'mellem jul og nytår'`, or null on a disconnection day.
 * Example: `noDisconnectionReason('2026-04-01', 'household')` → `'dagen før Skærtorsdag'`.
 */
export function noDisconnectionReason(
  date: IsoDate,
  customerClass: CustomerClass,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): string | null {
  return noDisconnectionReasonOfDay(toDayNumber(date), customerClass, calendarOf(settings));
}

/**
 * The `count`-th working day after a date (before it, for a negative count); 0 gives the date itself.
 * Example: `addWorkingDays('2026-11-05', 3)` → `2026-11-10` (6, 9, 10 Nov).
 */
export function addWorkingDays(date: IsoDate, count: number, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): IsoDate {
  return fromDayNumber(addWorkingDaysN(toDayNumber(date), count, calendarOf(settings)));
}

/**
 * The number of working days after `from`, up to and including `to` (negative if `to` is earlier).
 * Example: `countWorkingDays('2026-11-05', '2026-11-10')` → 3.
 */
export function countWorkingDays(from: IsoDate, to: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): number {
  const ctx = calendarOf(settings);
  return countDays(toDayNumber(from), toDayNumber(to), (d) => isWorkingDayN(d, ctx));
}

/**
 * The `count`-th hverdag after a date (before it, for a negative count); 0 gives the date itself.
 * Example: `addHverdage('2026-10-09', 15)` → `2026-10-30` (12–16, 19–23, 26–30 Oct).
 */
export function addHverdage(date: IsoDate, count: number, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): IsoDate {
  return fromDayNumber(addHverdageN(toDayNumber(date), count, calendarOf(settings)));
}

/**
 * The number of hverdage after `from`, up to and including `to` (negative if `to` is earlier).
 * Example: `countHverdage('2026-10-09', '2026-10-30')` → 15.
 */
export function countHverdage(from: IsoDate, to: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): number {
  const ctx = calendarOf(settings);
  return countDays(toDayNumber(from), toDayNumber(to), (d) => isHverdagN(d, ctx));
}

/** The first working day after a date. Example: `nextWorkingDay('2026-11-04')` → `2026-11-05`. */
export function nextWorkingDay(date: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): IsoDate {
  return addWorkingDays(date, 1, settings);
}

/** The date itself if it is a working day, else the next one. Example: `'2026-11-21'` (Sat) → `2026-11-23`. */
export function firstWorkingDayOnOrAfter(date: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): IsoDate {
  return fromDayNumber(firstWorkingDayOnOrAfterN(toDayNumber(date), calendarOf(settings)));
}

/** The first hverdag after a date. Example: `nextHverdag('2026-06-04')` → `2026-06-08` (5 June is not one). */
export function nextHverdag(date: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): IsoDate {
  return addHverdage(date, 1, settings);
}

/**
 * The first disconnection day for the class on or after a date.
 * Example: `firstDisconnectionDayOnOrAfter('2026-11-27', 'household')` (a Friday) → `2026-11-30`.
 */
export function firstDisconnectionDayOnOrAfter(
  date: IsoDate,
  customerClass: CustomerClass,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): IsoDate {
  return fromDayNumber(firstDisconnectionDayOnOrAfterN(toDayNumber(date), customerClass, calendarOf(settings)));
}

/**
 * Pure calendar arithmetic on `YYYY-MM-DD` dates, done on integer day numbers (days since
 * 1970-01-01) with Howard Hinnant's civil-calendar algorithms. No `Date`, no clock, no `Intl`:
 * this file runs inside Temporal's workflow sandbox.
 */
import type { IsoDate } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first year a date may have: the Gregorian calendar's first full year. */
const MIN_YEAR = 1583;

/** The Danish weekday names, index 1 = Monday … 7 = Sunday (index 0 unused). */
export const WEEKDAY_NAMES_DA = ['', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'] as const;

/** The Danish month names, index 1 = January … 12 = December (index 0 unused). */
export const MONTH_NAMES_DA = [
  '',
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** True in a leap year of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in a month (1 = January). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The day number (days since 1970-01-01) of a year, month (1–12) and day. Hinnant's `days_from_civil`. */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The year, month (1–12) and day of a day number. Hinnant's `civil_from_days`. */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Parses a `YYYY-MM-DD` date into its day number (days since 1970-01-01).
 * @throws RangeError naming the input if it is not a real calendar date, e.g. `2026-02-30`.
 */
export function toDayNumber(date: IsoDate): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!m) throw new RangeError(`"${String(date)}" is not a date (expected YYYY-MM-DD)`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`"${date}" is not a calendar date`);
  }
  return dayNumberOf(year, month, day);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats a day number as `YYYY-MM-DD`. */
export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilOf(dayNumber);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Checks a `YYYY-MM-DD` date and returns it unchanged.
 * @throws RangeError if it is not a real calendar date.
 */
export function parseIsoDate(date: string): IsoDate {
  toDayNumber(date);
  return date;
}

/** True if `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** The ISO weekday of a day number: 1 = Monday … 7 = Sunday. (Day 0, 1 Jan 1970, was a Thursday.) */
export function isoWeekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * The ISO weekday of a date: 1 = Monday … 7 = Sunday.
 * Example: `dayOfWeek('2026-12-23')` → 3 (a Wednesday).
 */
export function dayOfWeek(date: IsoDate): number {
  return isoWeekdayOf(toDayNumber(date));
}

/** The Danish weekday name of a date, e.g. `weekdayNameDa('2026-12-23')` → `onsdag`. */
export function weekdayNameDa(date: IsoDate): string {
  return WEEKDAY_NAMES_DA[dayOfWeek(date)] ?? '';
}

/**
 * Adds calendar days (negative to go back). Example: `addDays('2026-09-14', 3)` → `2026-09-17`.
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** The number of calendar days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Adds calendar months, keeping the day of the month; where the target month is shorter, the
 * last day of that month. Example: `addMonths('2026-12-31', 2)` → `2027-02-28`.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromDayNumber(addMonthsToDayNumber(toDayNumber(date), months));
}

/** {@link addMonths} on day numbers. */
export function addMonthsToDayNumber(dayNumber: number, months: number): number {
  const { year, month, day } = civilOf(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayNumberOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return toDayNumber(a) >= toDayNumber(b) ? a : b;
}

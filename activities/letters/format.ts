/**
 * Danish formatting of the values a letter states: dates ("fredag den 30. oktober 2026"), amounts
 * ("1.234,50 kr.") and clock times ("kl. 8.00"). Pure and without `Intl`, so the text does not depend
 * on the ICU data of the Node build that renders it (the content hash of a letter must be stable).
 */
import { MONTH_NAMES_DA, WEEKDAY_NAMES_DA, dayOfWeek, parseIsoDate, type IsoDate } from '../../rules/index.js';

/**
 * A date the way a Danish letter writes it, with the weekday: `fredag den 30. oktober 2026`.
 * Lower case, so it reads inside a sentence (never start a sentence with it).
 *
 * Example: `formatDanishDate('2026-10-30')` → `'fredag den 30. oktober 2026'`.
 * @throws RangeError if `date` is not a real `YYYY-MM-DD` date.
 */
export function formatDanishDate(date: IsoDate): string {
  parseIsoDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY_NAMES_DA[dayOfWeek(date)]} den ${d}. ${MONTH_NAMES_DA[m]} ${y}`;
}

/**
 * An amount in øre as Danish kroner with two decimals, thousands grouped with `.`:
 * `formatKroner(123450)` → `'1.234,50 kr.'`; `formatKroner(5)` → `'0,05 kr.'`.
 * @throws RangeError if `ore` is not a whole number.
 */
export function formatKroner(ore: number): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`amount ${String(ore)} is not a whole number of øre`);
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kroner = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = String(kroner).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped},${rest < 10 ? `0${rest}` : rest} kr.`;
}

/**
 * An amount in øre with two decimals, for a price per unit: `formatOre(4)` → `'4,00 øre'`,
 * `formatOre(12.5)` → `'12,50 øre'` (BEK §3 stk. 3 nr. 4: the spot surcharge "i øre pr. kWh").
 * @throws RangeError if `ore` is negative or has more than two decimals.
 */
export function formatOre(ore: number): string {
  const hundredths = Math.round(ore * 100);
  if (!Number.isSafeInteger(hundredths) || hundredths < 0 || Math.abs(hundredths - ore * 100) > 1e-6) {
    throw new RangeError(`${String(ore)} øre is not a non-negative amount with at most two decimals`);
  }
  const rest = hundredths % 100;
  return `${String(Math.floor(hundredths / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${rest < 10 ? `0${rest}` : rest} øre`;
}

/**
 * A clock time `HH:MM` the Danish way: `formatClock('08:00')` → `'kl. 8.00'`, `'16:30'` → `'kl. 16.30'`.
 * @throws RangeError for a malformed time.
 */
export function formatClock(time: string): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`"${time}" is not a time of day (expected HH:MM)`);
  return `kl. ${Number(m[1])}.${m[2]}`;
}

/** A list the Danish way: `a`, `a og b`, `a, b og c`. */
export function joinDanish(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}

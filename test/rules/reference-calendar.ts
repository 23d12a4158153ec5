/**
 * An independent reference calendar for the property tests: written from RULES.md section 1 alone,
 * sharing no code with `rules/` — its holidays come from an Easter algorithm (Anonymous Gregorian,
 * Meeus/Jones/Butcher), not from the generated table, and its day arithmetic uses `Date.UTC`, not the
 * day-number code of `rules/dates.ts`. Deliberately slow and plain.
 */

const DAY_MS = 86_400_000;

/** ms of a UTC midnight → `YYYY-MM-DD`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → ms of that UTC midnight. */
export function ms(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** `date` + `n` calendar days. */
export function plus(date: string, n: number): string {
  return iso(ms(date) + n * DAY_MS);
}

/** Calendar days from `a` to `b`. */
export function diff(a: string, b: string): number {
  return Math.round((ms(b) - ms(a)) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const js = new Date(ms(date)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** Easter Sunday, by the Anonymous Gregorian algorithm. */
export function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(Date.UTC(year, month - 1, day));
}

const holidayCache = new Map<number, Set<string>>();

/** RULES 1: the public holidays of a year (not Sundays). */
export function holidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (set) return set;
  const e = easter(year);
  set = new Set([
    `${year}-01-01`,
    plus(e, -3), // Maundy Thursday
    plus(e, -2), // Good Friday
    e, // Easter Sunday
    plus(e, 1), // Easter Monday
    plus(e, 39), // Ascension Day
    plus(e, 49), // Whit Sunday
    plus(e, 50), // Whit Monday
    `${year}-12-25`,
    `${year}-12-26`,
  ]);
  if (year <= 2023) set.add(plus(e, 26)); // Great Prayer Day: 4th Friday after Easter, abolished from 2024
  holidayCache.set(year, set);
  return set;
}

export function isHoliday(date: string): boolean {
  return holidays(Number(date.slice(0, 4))).has(date);
}

const md = (date: string) => date.slice(5);

/** RULES 1 arbejdsdag: Mon–Fri, not a holiday, not the Friday after Ascension, not 24 or 31 Dec (5 June is one). */
export function isWorking(date: string): boolean {
  if (weekday(date) > 5 || isHoliday(date)) return false;
  const year = Number(date.slice(0, 4));
  if (date === plus(easter(year), 40)) return false;
  return md(date) !== '12-24' && md(date) !== '12-31';
}

/** RULES 1 hverdag: a working day that is not 5 June. */
export function isHverdag(date: string): boolean {
  return isWorking(date) && md(date) !== '06-05';
}

const betweenChristmasAndNewYear = (date: string) => ['12-27', '12-28', '12-29', '12-30'].includes(md(date));

/** SV 2.3.2 as RULES 1 reads it. */
export function isDisconnection(date: string, cls: 'household' | 'business' | 'business-large'): boolean {
  if (!isWorking(date) || md(date) === '06-05') return false;
  if (cls === 'business-large') return true;
  if (betweenChristmasAndNewYear(date)) return false;
  if (cls === 'business') return true;
  if (weekday(date) === 5) return false;
  if (md(date) === '06-04' || md(date) === '12-23') return false;
  return !isHoliday(plus(date, 1));
}

/** The number of days in (from, to] passing `test`. */
export function countAfter(from: string, to: string, test: (d: string) => boolean): number {
  let n = 0;
  for (let d = plus(from, 1); d <= to; d = plus(d, 1)) if (test(d)) n++;
  return n;
}

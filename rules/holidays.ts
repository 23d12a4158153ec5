/**
 * Danish public holidays (helligdage), read from the generated, versioned table in `data/`.
 *
 * Replay: `rules/` is bundled into the workflow sandbox, so a case that replays recomputes its dates
 * with the code and data of the current build. The holiday data therefore carries a version
 * ({@link HOLIDAY_TABLE_VERSION}); `RulesSettings.holidayTableVersion` picks the table a computation
 * uses. A workflow records the version its case started with (in its input or state) and passes it
 * back in, so that a later table does not change the dates of a case already running. When the data
 * changes, the generator refuses to reuse a version; register the new table in {@link HOLIDAY_TABLES}
 * next to the old one (or put the switch behind `wf.patched`, STYLE §5).
 *
 * A date outside the table's years throws a `RangeError`: it is never silently treated as an
 * ordinary day.
 */
import { HOLIDAY_TABLE_DK, type HolidayTable } from './data/holidays-dk.js';
import { dayNumberOf, fromDayNumber, isoWeekdayOf, toDayNumber } from './dates.js';
import type { RulesSettings } from './settings.js';
import type { IsoDate } from './types.js';

export type { HolidayTable } from './data/holidays-dk.js';
export { HOLIDAY_TABLE_VERSION, HOLIDAY_TABLE_FIRST_YEAR, HOLIDAY_TABLE_LAST_YEAR } from './data/holidays-dk.js';

/** Every holiday table a case may use, by version. Keep old versions while cases use them. */
export const HOLIDAY_TABLES: Readonly<Record<string, HolidayTable>> = Object.freeze({
  [HOLIDAY_TABLE_DK.version]: HOLIDAY_TABLE_DK,
});

/** The Danish name of Ascension Day (Kristi Himmelfartsdag), as the table writes it. */
export const ASCENSION_DAY_NAME = 'Kristi Himmelfartsdag';

/** A holiday table ready for lookups by day number. */
export interface CompiledHolidayTable {
  readonly version: string;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Day number of 1 January of the first year. */
  readonly firstDay: number;
  /** Day number of 31 December of the last year. */
  readonly lastDay: number;
  /** Day number → Danish name. */
  readonly names: ReadonlyMap<number, string>;
}

const compiled = new Map<string, CompiledHolidayTable>();

/**
 * The compiled holiday table of a version.
 * @throws RangeError for a version that is not in {@link HOLIDAY_TABLES}.
 */
export function holidayTable(version: string = HOLIDAY_TABLE_DK.version): CompiledHolidayTable {
  const hit = compiled.get(version);
  if (hit) return hit;
  const table = HOLIDAY_TABLES[version];
  if (!table) {
    throw new RangeError(`unknown holiday table "${version}" (known: ${Object.keys(HOLIDAY_TABLES).join(', ')})`);
  }
  const names = new Map<number, string>();
  for (let year = table.firstYear; year <= table.lastYear; year++) {
    const days = table.years[year] ?? {};
    for (const [monthDay, name] of Object.entries(days)) {
      names.set(dayNumberOf(year, Number(monthDay.slice(0, 2)), Number(monthDay.slice(3, 5))), name);
    }
  }
  const result: CompiledHolidayTable = {
    version,
    firstYear: table.firstYear,
    lastYear: table.lastYear,
    firstDay: dayNumberOf(table.firstYear, 1, 1),
    lastDay: dayNumberOf(table.lastYear, 12, 31),
    names,
  };
  compiled.set(version, result);
  return result;
}

/**
 * The Danish name of the public holiday on a day number, or null.
 * @throws RangeError if the day is outside the table's years.
 */
export function holidayNameOfDay(dayNumber: number, table: CompiledHolidayTable): string | null {
  if (dayNumber < table.firstDay || dayNumber > table.lastDay) {
    throw new RangeError(
      `${fromDayNumber(dayNumber)} is outside the holiday table ${table.version} (${table.firstYear}–${table.lastYear})`,
    );
  }
  return table.names.get(dayNumber) ?? null;
}

/**
 * The Danish name of the public holiday (helligdag) on a date, or null — also on an ordinary Sunday.
 * Holidays: New Year's Day (Nytårsdag), Maundy Thursday (Skærtorsdag), Good Friday (Langfredag),
 * Easter Sunday and Monday (Påskedag, Anden påskedag), Great Prayer Day (Store Bededag, up to and
 * including 2023), Ascension Day (Kristi Himmelfartsdag), Whit Sunday and Monday (Pinsedag, Anden
 * Pinsedag), Christmas Day and Boxing Day (Juledag, Anden Juledag) (RULES 1).
 *
 * Example: `holidayName('2023-05-05')` → `'Store Bededag'`; `holidayName('2024-04-26')` → null.
 * @throws RangeError for a malformed date or one outside the holiday table's years.
 */
export function holidayName(date: IsoDate, settings?: Pick<RulesSettings, 'holidayTableVersion'>): string | null {
  return holidayNameOfDay(toDayNumber(date), holidayTable(settings?.holidayTableVersion));
}

/**
 * True on a public holiday or a Sunday: the rules count every Sunday as a holiday (RULES 1).
 * Example: `isPublicHoliday('2026-12-27')` (an ordinary Sunday) → true; `isPublicHoliday('2026-12-24')` → false.
 * @throws RangeError for a malformed date or one outside the holiday table's years.
 */
export function isPublicHoliday(date: IsoDate, settings?: Pick<RulesSettings, 'holidayTableVersion'>): boolean {
  const n = toDayNumber(date);
  const name = holidayNameOfDay(n, holidayTable(settings?.holidayTableVersion));
  return name !== null || isoWeekdayOf(n) === 7;
}

/**
 * The public holidays of a year, in date order (Sundays not listed).
 * Example: `holidaysOfYear(2026)[0]` → `{ date: '2026-01-01', name: 'Nytårsdag' }`.
 * @throws RangeError for a year outside the holiday table.
 */
export function holidaysOfYear(
  year: number,
  settings?: Pick<RulesSettings, 'holidayTableVersion'>,
): Array<{ date: IsoDate; name: string }> {
  const table = holidayTable(settings?.holidayTableVersion);
  if (!Number.isInteger(year) || year < table.firstYear || year > table.lastYear) {
    throw new RangeError(`${year} is outside the holiday table ${table.version} (${table.firstYear}–${table.lastYear})`);
  }
  const out: Array<{ date: IsoDate; name: string }> = [];
  for (let n = dayNumberOf(year, 1, 1), end = dayNumberOf(year, 12, 31); n <= end; n++) {
    const name = table.names.get(n);
    if (name) out.push({ date: fromDayNumber(n), name });
  }
  return out;
}

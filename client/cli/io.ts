/**
 * Where the `afbryd` commands write, and the output helpers they share: dates as an operator reads
 * them, left-aligned tables, UTC instants to the minute.
 *
 * Loads no Temporal module (the calendar and the plan run without a server).
 */
import { civilOf, isoWeekdayOf, toDayNumber, MONTH_NAMES_DA, WEEKDAY_NAMES_DA } from '../../rules/dates.js';
import type { IsoDate } from '../../rules/index.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** stdout and stderr, each text ending in one newline. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/**
 * A command or subcommand: the arguments after its name, and where it writes. It throws a
 * {@link CliError} (client/cli/errors.ts) for bad input.
 */
export type Command = (args: string[], io: CliIo) => Promise<void> | void;

/** Danish short weekday names, Monday = 1 (index 0 unused). */
export const SHORT_WEEKDAYS = ['', 'man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn'] as const;

/** `tor 17.09.2026`. */
export function shortDate(date: IsoDate): string {
  const n = toDayNumber(date);
  const { year, month, day } = civilOf(n);
  return `${SHORT_WEEKDAYS[isoWeekdayOf(n)]} ${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** `onsdag 23. december 2026`. */
export function longDate(date: IsoDate): string {
  const n = toDayNumber(date);
  const { year, month, day } = civilOf(n);
  return `${WEEKDAY_NAMES_DA[isoWeekdayOf(n)]} ${day}. ${MONTH_NAMES_DA[month]} ${year}`;
}

/** `2027-06-15 09:00` (UTC, as recorded) from an ISO instant. */
export function utcMinute(instant: string): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)}`;
}

/** Formats rows as left-aligned columns. */
export function table(rows: string[][], indent = ''): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd())
    .join('\n');
}

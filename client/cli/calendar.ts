/**
 * `afbryd calendar`: the legal calendar (RULES 1, 4, 7) for operators and other tools.
 *
 *   afbryd calendar day 2026-12-23 [--json]
 *   afbryd calendar days --from 2026-12-01 --to 2027-01-31 [--json]
 *   afbryd calendar window --cutoff 2026-12-21 --meter physical --class household [--json]
 *   afbryd calendar cutoff --request 2026-12-16 --class household [--json]
 *   afbryd calendar reopening --at 2026-11-10T10:30 --meter physical [--json]
 *
 * Every subcommand takes `--settings '<json>'` with overrides of the rules settings. The JSON shapes
 * are a contract (issue 4): change them only together with their users.
 */
import { z } from 'zod';
import {
  CUSTOMER_CLASSES,
  copenhagenLocalTime,
  earliestCutoff,
  expectedReopening,
  gridWindow,
  holidayName,
  isDisconnectionDay,
  isHverdag,
  isWorkingDay,
  noDisconnectionReason,
  nonWorkingReason,
  type CustomerClass,
  type IsoDate,
  type RulesSettings,
} from '../../rules/index.js';
import { civilOf, dayNumberOf, fromDayNumber, isoWeekdayOf, toDayNumber, MONTH_NAMES_DA } from '../../rules/dates.js';
import { subcommands } from './commands.js';
import { CliError } from './errors.js';
import { SHORT_WEEKDAYS, longDate, shortDate, table, type CliIo } from './io.js';
import { classOption, dateOption, fromRules, meterOption, parseOptions, settingsFrom, validate } from './options.js';

/** The longest range `calendar days` prints in one call. */
export const MAX_DAYS_RANGE = 5 * 366;

const yesNo = (b: boolean) => (b ? 'ja' : 'nej');

// ---------------------------------------------------------------------------------------------
// calendar day / days

/** The JSON contract of one day (issue 4). */
export interface DayJson {
  date: IsoDate;
  /** An arbejdsdag (RULES 1). */
  workingDay: boolean;
  /** A hverdag for notice periods (RULES 1). */
  weekday: boolean;
  /** The public holiday's Danish name, or null (also on ordinary Sundays). */
  holiday: string | null;
  disconnectionDay: Record<CustomerClass, boolean>;
}

/** The facts of one day, in the JSON contract's shape and key order. */
export function dayJson(date: IsoDate, settings: Readonly<RulesSettings>): DayJson {
  return {
    date,
    workingDay: isWorkingDay(date, settings),
    weekday: isHverdag(date, settings),
    holiday: holidayName(date, settings),
    disconnectionDay: {
      household: isDisconnectionDay(date, 'household', settings),
      business: isDisconnectionDay(date, 'business', settings),
      'business-large': isDisconnectionDay(date, 'business-large', settings),
    },
  };
}

function printDay(date: IsoDate, settings: Readonly<RulesSettings>, io: CliIo): void {
  const day = dayJson(date, settings);
  const notWorking = nonWorkingReason(date, settings);
  const rows: string[][] = [
    ['arbejdsdag (working day)', yesNo(day.workingDay), notWorking ?? ''],
    ['hverdag (notice periods)', yesNo(day.weekday), !day.weekday && day.workingDay ? 'Grundlovsdag (5. juni)' : ''],
    ['helligdag (public holiday)', day.holiday ?? (isoWeekdayOf(toDayNumber(date)) === 7 ? 'nej (søndag tæller som helligdag)' : 'nej'), ''],
  ];
  for (const c of CUSTOMER_CLASSES) {
    const reason = noDisconnectionReason(date, c, settings);
    rows.push([`afbrydelsesdag ${c}`, yesNo(day.disconnectionDay[c]), reason ?? '']);
  }
  io.out(`${longDate(date)}\n${table(rows, '  ')}`);
}

function isoWeek(n: number): number {
  const thursday = n - isoWeekdayOf(n) + 4;
  const { year } = civilOf(thursday);
  return Math.floor((thursday - dayNumberOf(year, 1, 1)) / 7) + 1;
}

const MONTH_LEGEND = [
  'H E L = afbrydelsesdag for household, business, business-large (. = ikke)',
  "- = ikke en arbejdsdag   * = helligdag   ' = arbejdsdag, men ikke hverdag (5. juni)",
].join('\n');

function cellOf(n: number, settings: Readonly<RulesSettings>): string {
  const date = fromDayNumber(n);
  const day = String(civilOf(n).day).padStart(2, ' ');
  if (holidayName(date, settings) !== null) return `${day} *`;
  if (!isWorkingDay(date, settings)) return `${day} -`;
  const marks =
    (isDisconnectionDay(date, 'household', settings) ? 'H' : '.') +
    (isDisconnectionDay(date, 'business', settings) ? 'E' : '.') +
    (isDisconnectionDay(date, 'business-large', settings) ? 'L' : '.') +
    (isHverdag(date, settings) ? '' : "'");
  return `${day} ${marks}`;
}

/** A month view of the days from `from` to `to`, for an operator. */
export function monthView(from: IsoDate, to: IsoDate, settings: Readonly<RulesSettings>): string {
  const first = toDayNumber(from);
  const last = toDayNumber(to);
  const out: string[] = [MONTH_LEGEND];
  let n = first;
  while (n <= last) {
    const { year, month } = civilOf(n);
    const nextMonth = month === 12 ? dayNumberOf(year + 1, 1, 1) : dayNumberOf(year, month + 1, 1);
    const monthEnd = Math.min(last, nextMonth - 1);
    out.push('', `${MONTH_NAMES_DA[month]} ${year}`, ` uge  ${SHORT_WEEKDAYS.slice(1).map((d) => d.padEnd(7)).join(' ').trimEnd()}`);
    let line = '';
    const notes: string[] = [];
    for (let d = n; d <= monthEnd; d++) {
      const weekday = isoWeekdayOf(d);
      if (line === '' || weekday === 1) {
        if (line !== '') out.push(line.trimEnd());
        line = ` ${String(isoWeek(d)).padStart(3)}  ${' '.repeat((weekday - 1) * 8)}`;
      }
      line += cellOf(d, settings).padEnd(8);
      const date = fromDayNumber(d);
      const holiday = holidayName(date, settings);
      const reason = holiday === null && isoWeekdayOf(d) < 6 ? nonWorkingReason(date, settings) : null;
      if (holiday) notes.push(`${civilOf(d).day} ${holiday}`);
      else if (reason) notes.push(`${civilOf(d).day} ${reason}`);
    }
    out.push(line.trimEnd());
    if (notes.length > 0) out.push(`      ${notes.join(', ')}`);
    n = monthEnd + 1;
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Subcommands

const USAGE = `usage:
  afbryd calendar day <YYYY-MM-DD> [--json]
  afbryd calendar days --from <date> --to <date> [--json]        (at most ${MAX_DAYS_RANGE} days)
  afbryd calendar window --cutoff <date> --meter <physical|remote|hourly> --class <household|business|business-large> [--json]
  afbryd calendar cutoff --request <date> --class <class> [--json]
  afbryd calendar reopening --at <YYYY-MM-DDTHH:MM (local) | instant with Z> --meter <kind> [--json]

Every subcommand takes --settings '<json>' with overrides of the rules settings.`;

const common = { json: { type: 'boolean' }, settings: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

async function day(args: string[], io: CliIo): Promise<void> {
  const cmd = 'calendar day';
  const { values, positionals } = parseOptions(cmd, args, { ...common, date: { type: 'string' } }, true);
  if (values.help) return io.out(USAGE);
  if (positionals.length > 1) throw new CliError(`${cmd}: one date, please (got ${positionals.length})`);
  const { date } = validate(cmd, z.object({ date: dateOption('date') }), { date: positionals[0] ?? values.date });
  const settings = settingsFrom(cmd, values.settings);
  fromRules(cmd, () => {
    if (values.json) io.out(JSON.stringify(dayJson(date, settings)));
    else printDay(date, settings, io);
  });
}

async function days(args: string[], io: CliIo): Promise<void> {
  const cmd = 'calendar days';
  const { values } = parseOptions(cmd, args, { ...common, from: { type: 'string' }, to: { type: 'string' } });
  if (values.help) return io.out(USAGE);
  const { from, to } = validate(cmd, z.object({ from: dateOption('--from'), to: dateOption('--to') }), values);
  const span = toDayNumber(to) - toDayNumber(from);
  if (span < 0) throw new CliError(`${cmd}: --to ${to} is before --from ${from}`);
  if (span + 1 > MAX_DAYS_RANGE) {
    throw new CliError(`${cmd}: ${from}…${to} is ${span + 1} days; at most ${MAX_DAYS_RANGE} (5 years) per call`);
  }
  const settings = settingsFrom(cmd, values.settings);
  fromRules(cmd, () => {
    if (values.json) {
      const list: DayJson[] = [];
      for (let n = toDayNumber(from); n <= toDayNumber(to); n++) list.push(dayJson(fromDayNumber(n), settings));
      io.out(JSON.stringify(list));
    } else {
      io.out(monthView(from, to, settings));
    }
  });
}

async function window(args: string[], io: CliIo): Promise<void> {
  const cmd = 'calendar window';
  const { values } = parseOptions(cmd, args, {
    ...common,
    cutoff: { type: 'string' },
    meter: { type: 'string' },
    class: { type: 'string' },
  });
  if (values.help) return io.out(USAGE);
  const input = validate(cmd, z.object({ cutoff: dateOption('--cutoff'), meter: meterOption(), class: classOption() }), {
    cutoff: values.cutoff,
    meter: values.meter,
    class: values.class,
  });
  const settings = settingsFrom(cmd, values.settings);
  const w = fromRules(cmd, () => gridWindow(input.cutoff, input.meter, input.class, settings));
  if (values.json) {
    io.out(JSON.stringify({ cutoff: w.cutoff, deadline: w.deadline, days: w.days, basis: w.basis }));
    return;
  }
  const rows: string[][] = [];
  fromRules(cmd, () => {
    const last = toDayNumber(w.deadline);
    for (let n = toDayNumber(w.cutoff); n <= last; n++) {
      const date = fromDayNumber(n);
      const canAct = w.days.includes(date);
      const note = [n === toDayNumber(w.cutoff) ? 'skæringsdato' : '', n === last ? 'frist' : ''].filter(Boolean).join(', ');
      const reason = canAct ? '' : noDisconnectionReason(date, input.class, settings) ?? '';
      rows.push([shortDate(date), canAct ? 'afbryder' : '-', reason, note]);
    }
  });
  io.out(
    [
      `Netselskabets vindue: ${input.class}, ${input.meter}`,
      `  skæringsdato  ${longDate(w.cutoff)}`,
      `  frist         ${longDate(w.deadline)}`,
      `  grundlag      ${w.basis}`,
      '',
      table(rows, '  '),
    ].join('\n'),
  );
}

async function cutoff(args: string[], io: CliIo): Promise<void> {
  const cmd = 'calendar cutoff';
  const { values } = parseOptions(cmd, args, { ...common, request: { type: 'string' }, class: { type: 'string' } });
  if (values.help) return io.out(USAGE);
  const input = validate(cmd, z.object({ request: dateOption('--request'), class: classOption() }), {
    request: values.request,
    class: values.class,
  });
  const settings = settingsFrom(cmd, values.settings);
  const c = fromRules(cmd, () => earliestCutoff({ request: input.request, customerClass: input.class }, settings));
  if (values.json) {
    io.out(JSON.stringify({ request: input.request, cutoff: c.date, basis: c.basis }));
    return;
  }
  io.out(
    table([
      ['DataHub-anmodning sendt', longDate(input.request)],
      [`tidligste skæringsdato (${input.class})`, longDate(c.date)],
      ['grundlag', c.basis],
    ]),
  );
}

async function reopening(args: string[], io: CliIo): Promise<void> {
  const cmd = 'calendar reopening';
  const { values } = parseOptions(cmd, args, { ...common, at: { type: 'string' }, meter: { type: 'string' } });
  if (values.help) return io.out(USAGE);
  const input = validate(
    cmd,
    z.object({
      at: z
        .string({ required_error: '--at is required (YYYY-MM-DDTHH:MM, Danish local time, or a UTC instant ending in Z)' })
        .regex(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
          '--at: expected YYYY-MM-DDTHH:MM (Danish local time) or an instant such as 2026-11-10T09:30Z',
        ),
      meter: meterOption(),
    }),
    { at: values.at, meter: values.meter },
  );
  const settings = settingsFrom(cmd, values.settings);
  const r = fromRules(cmd, () => {
    // An instant (with Z or an offset) is converted to Danish local time first.
    const at = /(Z|[+-]\d{2}:\d{2})$/.test(input.at) ? copenhagenLocalTime(input.at).local : input.at;
    return expectedReopening({ at, meter: input.meter }, settings);
  });
  if (values.json) {
    io.out(JSON.stringify({ requestedAt: r.requestedAt, date: r.date, from: r.from, to: r.to, sameDay: r.sameDay, method: r.method, basis: r.basis }));
    return;
  }
  io.out(
    table([
      ['anmodning modtaget', `${longDate(r.requestedAt.slice(0, 10))} kl. ${r.requestedAt.slice(11, 16)}`],
      ['forventet genåbning', `${longDate(r.date)} kl. ${r.from}–${r.to}${r.sameDay ? ' (samme dag)' : ''}`],
      ['grundlag', r.basis],
    ]),
  );
}

/** Runs `afbryd calendar <subcommand> …`. */
export const run = subcommands('calendar', USAGE, { day, days, window, cutoff, reopening });

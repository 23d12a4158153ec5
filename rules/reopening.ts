/**
 * Reopening times (SV 3.2.1 c, 3.2.2 c; RULES 7) and Danish local time (Europe/Copenhagen) from a UTC
 * instant, with the EU daylight-saving rule worked out in integer arithmetic (no `Intl`, no tz data).
 */
import { calendarOf, isWorkingDayN, type CalendarContext } from './calendar.js';
import { civilOf, dayNumberOf, fromDayNumber, isoWeekdayOf, toDayNumber } from './dates.js';
import { DEFAULT_RULES_SETTINGS, type ReopeningMethod, type RulesSettings } from './settings.js';
import type { Dated, IsoDate, LocalDateTime, MeterKind } from './types.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The day number of the last Sunday of a month. */
function lastSundayOf(year: number, month: number): number {
  const next = month === 12 ? dayNumberOf(year + 1, 1, 1) : dayNumberOf(year, month + 1, 1);
  const last = next - 1;
  return last - (isoWeekdayOf(last) % 7);
}

/** A Danish local time. */
export interface CopenhagenTime {
  /** The local date. */
  date: IsoDate;
  /** The local time, `HH:MM:SS`. */
  time: string;
  /** The local date-time, `YYYY-MM-DDTHH:MM:SS`. */
  local: LocalDateTime;
  /** The offset from UTC in minutes: 60 in winter (CET), 120 in summer (CEST). */
  offsetMinutes: 60 | 120;
}

/**
 * Converts a UTC instant to Danish local time (Europe/Copenhagen). Summer time (CEST, UTC+2) runs from
 * the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (EU rule, Directive
 * 2000/84/EC); otherwise CET, UTC+1.
 *
 * @param instant milliseconds since 1970-01-01T00:00Z, or an ISO instant with `Z` or an offset.
 * Example: `copenhagenLocalTime('2026-03-29T01:00:00Z').local` → `'2026-03-29T03:00:00'`;
 * `copenhagenLocalTime('2026-03-29T00:59:59Z').local` → `'2026-03-29T01:59:59'`.
 * @throws RangeError for a malformed instant.
 */
export function copenhagenLocalTime(instant: number | string): CopenhagenTime {
  const ms = typeof instant === 'number' ? instant : parseInstant(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`"${String(instant)}" is not an instant`);
  const utcDay = Math.floor(ms / MS_PER_DAY);
  const { year } = civilOf(utcDay);
  const summerStart = lastSundayOf(year, 3) * MS_PER_DAY + MS_PER_HOUR;
  const summerEnd = lastSundayOf(year, 10) * MS_PER_DAY + MS_PER_HOUR;
  const offsetMinutes: 60 | 120 = ms >= summerStart && ms < summerEnd ? 120 : 60;
  const local = ms + offsetMinutes * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const secondsOfDay = Math.floor((local - day * MS_PER_DAY) / 1000);
  const hh = Math.floor(secondsOfDay / 3600);
  const mm = Math.floor((secondsOfDay % 3600) / 60);
  const ss = secondsOfDay % 60;
  const time = `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
  const date = fromDayNumber(day);
  return { date, time, local: `${date}T${time}`, offsetMinutes };
}

/**
 * The UTC instant (milliseconds) of a Danish local date and wall-clock time: the inverse of
 * {@link copenhagenLocalTime}. In the autumn hour that occurs twice the earlier (summer-time) instant
 * is returned; a time in the spring gap (02:00–02:59 on the last Sunday of March) is taken as the
 * instant the clocks jump, 03:00 local.
 *
 * Example: `copenhagenInstant('2031-06-02', '09:00')` → the instant `2031-06-02T07:00:00Z`;
 * `copenhagenInstant('2031-12-01', '09:00')` → `2031-12-01T08:00:00Z`.
 * @throws RangeError for a malformed date or time.
 */
export function copenhagenInstant(date: IsoDate, time: string): number {
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time) || secondsOf(time) >= 86_400) {
    throw new RangeError(`"${time}" is not a time of day (expected HH:MM or HH:MM:SS)`);
  }
  const wall = toDayNumber(date) * MS_PER_DAY + secondsOf(time) * 1000;
  for (const offsetMinutes of [120, 60] as const) {
    const ms = wall - offsetMinutes * MS_PER_MINUTE;
    if (copenhagenLocalTime(ms).offsetMinutes === offsetMinutes) return ms;
  }
  // The spring gap: the wall time does not exist; the clocks jump at 01:00 UTC.
  return wall - 60 * MS_PER_MINUTE - (secondsOf(time) - 2 * 3600) * 1000;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function parseInstant(text: string): number {
  const m = INSTANT.exec(text);
  if (!m) throw new RangeError(`"${text}" is not an instant (expected YYYY-MM-DDTHH:MM[:SS]Z or with an offset)`);
  const day = toDayNumber(m[1] as string);
  const h = Number(m[2]);
  const min = Number(m[3]);
  const s = Number(m[4] ?? 0);
  if (h > 23 || min > 59 || s > 59) throw new RangeError(`"${text}" is not a valid time`);
  const frac = m[5] ? Math.floor(Number(`0.${m[5]}`) * 1000) : 0;
  const zone = m[6] as string;
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return day * MS_PER_DAY + ((h * 60 + min) * 60 + s) * 1000 + frac - offset * MS_PER_MINUTE;
}

/** Seconds since midnight of `HH:MM` or `HH:MM:SS`. */
function secondsOf(time: string): number {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** Options of {@link expectedReopening}. */
export interface ReopeningInput {
  /**
   * When the reopening request (BRS-039 D03) reaches the grid company, as a Danish local date-time
   * (`YYYY-MM-DDTHH:MM[:SS]`). Use {@link copenhagenLocalTime} to get it from a UTC instant.
   */
  at: LocalDateTime;
  /** The meter kind; `hourly` reopens as `hourlyReopeningMethod` says. */
  meter: MeterKind;
}

/** When a reopening is expected, to tell the customer (SV 3.2.1 e, 3.2.2 e). */
export interface ExpectedReopening extends Dated {
  /** The request's local date-time, as given. */
  requestedAt: LocalDateTime;
  /** How the grid reopens. */
  method: ReopeningMethod;
  /** True if the reopening happens the day the request arrives. */
  sameDay: boolean;
  /** The expected time window on `date`: from (`HH:MM`) … */
  from: string;
  /** … to the end of normal hours (`HH:MM`). */
  to: string;
}

/** True if the grid company reopens in normal hours on this day: a working day that is not one of its own closed days. */
function isReopeningDay(n: number, ctx: CalendarContext): boolean {
  if (!isWorkingDayN(n, ctx)) return false;
  const closed = ctx.settings.gridClosedDays;
  if (closed.length === 0) return true;
  const iso = fromDayNumber(n);
  return !closed.some((c) => (c.length === 5 ? iso.slice(5) === c : iso === c));
}

/**
 * When the grid company reopens after a reopening request (SV 3.2.1 c physical, 3.2.2 c remote;
 * RULES 7): the same day if the request reaches it by 11:00 (physical) or 14:00 (remote) on a working
 * day, otherwise no later than the next working day, within normal hours (Mon–Thu 08:00–16:00,
 * Fri 08:00–15:00). The grid company's own closed days (`gridClosedDays`) are outside normal hours.
 *
 * Example: a physical reopening requested Tuesday 10 Nov 2026 at 10:30 →
 * `{ date: '2026-11-10', sameDay: true, from: '10:30', to: '16:00', … }`; at 11:30 →
 * `{ date: '2026-11-11', sameDay: false, from: '08:00', to: '16:00', … }`.
 * @throws RangeError for a malformed date-time or one outside the holiday table.
 */
export function expectedReopening(input: ReopeningInput, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): ExpectedReopening {
  const m = LOCAL.exec(input.at);
  if (!m) throw new RangeError(`"${input.at}" is not a local date-time (expected YYYY-MM-DDTHH:MM)`);
  const n = toDayNumber(m[1] as string);
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) throw new RangeError(`"${input.at}" is not a valid time`);
  const at = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  const meter = input.meter;
  if (meter !== 'physical' && meter !== 'remote' && meter !== 'hourly') {
    throw new RangeError(`unknown meter kind "${String(meter)}" (expected physical, remote, hourly)`);
  }
  const method: ReopeningMethod = meter === 'hourly' ? settings.hourlyReopeningMethod : meter;
  const cutoff = method === 'physical' ? settings.reopeningCutoffPhysical : settings.reopeningCutoffRemote;
  const ctx = calendarOf(settings);
  const hours = (d: number) =>
    isoWeekdayOf(d) === 5
      ? { start: settings.normalHoursFriStart, end: settings.normalHoursFriEnd }
      : { start: settings.normalHoursMonThuStart, end: settings.normalHoursMonThuEnd };
  const section = method === 'physical' ? 'SV 3.2.1 c' : 'SV 3.2.2 c';

  if (isReopeningDay(n, ctx) && at <= secondsOf(cutoff)) {
    const h = hours(n);
    const from = at > secondsOf(h.start) ? `${m[2]}:${m[3]}` : h.start;
    return {
      requestedAt: input.at,
      method,
      date: fromDayNumber(n),
      sameDay: true,
      from,
      to: h.end,
      basis: `${section}: requested by ${cutoff} on a working day, reopened the same day within normal hours`,
    };
  }
  let d = n + 1;
  while (!isReopeningDay(d, ctx)) d++;
  const h = hours(d);
  const why = isReopeningDay(n, ctx) ? `requested after ${cutoff}` : 'requested on a day outside normal hours';
  return {
    requestedAt: input.at,
    method,
    date: fromDayNumber(d),
    sameDay: false,
    from: h.start,
    to: h.end,
    basis: `${section}: ${why}, reopened no later than the next working day within normal hours`,
  };
}

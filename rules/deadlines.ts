/**
 * Deadlines of a case: receipt of a letter, the security and termination deadlines (BEK §27–§28),
 * the earliest cut-off date of a DataHub request (SV 2.2.1 b) and the grid company's window (SV 2.3.1).
 * Every function returns its date with its legal basis.
 */
import {
  addHverdageN,
  addWorkingDaysN,
  calendarOf,
  firstDisconnectionDayOnOrAfterN,
  firstWorkingDayOnOrAfterN,
  isDisconnectionDayN,
  type CalendarContext,
} from './calendar.js';
import { addMonthsToDayNumber, fromDayNumber, isoWeekdayOf, toDayNumber } from './dates.js';
import { RulesError } from './errors.js';
import { holidayNameOfDay } from './holidays.js';
import { DEFAULT_RULES_SETTINGS, type RulesSettings } from './settings.js';
import type { Channel, CustomerClass, Dated, IsoDate, MeterKind } from './types.js';

/**
 * Refuses a combination of customer class and meter kind the rules rule out: `business-large` is by
 * definition hourly-settled (SV 2.3.2), so it needs meter `hourly`. Every other combination is
 * allowed; a household can be hourly-settled too (SV 2.2.3: hourly-settled points are "most often",
 * not only, large business users; RULES 4).
 * @throws RulesError for `business-large` with a `physical` or `remote` meter.
 */
export function assertSupportedCombination(customerClass: CustomerClass, meter: MeterKind): void {
  if (customerClass === 'business-large' && meter !== 'hourly') {
    throw new RulesError(
      `class business-large (hourly-settled business above 100,000 kWh a year, SV 2.3.2) needs meter "hourly", not "${meter}"`,
    );
  }
}

function checkChannel(channel: Channel): void {
  if (channel !== 'digital' && channel !== 'letter') {
    throw new RangeError(`unknown channel "${String(channel)}" (expected digital, letter)`);
  }
}

function checkMeter(meter: MeterKind): void {
  if (meter !== 'physical' && meter !== 'remote' && meter !== 'hourly') {
    throw new RangeError(`unknown meter kind "${String(meter)}" (expected physical, remote, hourly)`);
  }
}

/** {@link receiptDate} on day numbers. */
export function receiptDayN(sent: number, channel: Channel, ctx: CalendarContext): { day: number; basis: string } {
  checkChannel(channel);
  const s = ctx.settings;
  if (channel === 'digital') {
    const n = s.digitalReceiptHverdage;
    return n === 0
      ? { day: sent, basis: 'RULES 1 receipt: digital post, received the day it is sent' }
      : { day: addHverdageN(sent, n, ctx), basis: `RULES 1 receipt: digital post, sent + ${n} hverdage` };
  }
  const n = s.letterReceiptHverdage;
  return { day: addHverdageN(sent, n, ctx), basis: `RULES 1 receipt: physical letter, dispatch + ${n} hverdage` };
}

/**
 * The day a letter counts as received (RULES 1 **[interpretation]**, a setting per channel): digital
 * post the day it is sent; a physical letter dispatch + 5 hverdage. BEK §25 stk. 3, §27 stk. 2 and
 * §28 stk. 1 count their periods from receipt.
 *
 * Example: `receiptDate('2026-10-09', 'letter')` → `{ date: '2026-10-16', … }` (12–16 Oct).
 */
export function receiptDate(sent: IsoDate, channel: Channel, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  const r = receiptDayN(toDayNumber(sent), channel, calendarOf(settings));
  return { date: fromDayNumber(r.day), basis: r.basis };
}

/**
 * The security demand's deadline (frist for sikkerhedsstillelse): receipt + 15 hverdage
 * (BEK §27 stk. 2); without arrears, receipt + 2 months (BEK §27 stk. 1).
 *
 * Example: `securityDeadline('2026-10-09')` → `{ date: '2026-10-30', basis: 'BEK §27 stk. 2 …' }`
 * (12–16, 19–23, 26–30 Oct).
 */
export function securityDeadline(
  receipt: IsoDate,
  options: { withoutArrears?: boolean } = {},
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): Dated {
  const ctx = calendarOf(settings);
  const n = toDayNumber(receipt);
  if (options.withoutArrears) {
    const months = settings.securityDeadlineWithoutArrearsMonths;
    return {
      date: fromDayNumber(addMonthsToDayNumber(n, months)),
      basis: `BEK §27 stk. 1: ${months} months from receipt (no arrears)`,
    };
  }
  const days = settings.securityDeadlineHverdage;
  return { date: fromDayNumber(addHverdageN(n, days, ctx)), basis: `BEK §27 stk. 2: ${days} hverdage from receipt` };
}

/**
 * The day a termination notice (varsel om ophævelse) takes effect: receipt + 3 hverdage (BEK §28 stk. 1).
 * Example: `terminationEffective('2026-10-31')` → `{ date: '2026-11-04', … }` (2, 3, 4 Nov).
 */
export function terminationEffective(receipt: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  const days = settings.terminationNoticeHverdage;
  return {
    date: fromDayNumber(addHverdageN(toDayNumber(receipt), days, calendarOf(settings))),
    basis: `BEK §28 stk. 1: ${days} hverdage from receipt`,
  };
}

/** Options of {@link earliestCutoff}. */
export interface EarliestCutoffInput {
  /** The day the DataHub request (RSM-005 end of supply) is sent; any calendar day. */
  request: IsoDate;
  /** The customer class, whose disconnection days the cut-off must fall on. */
  customerClass: CustomerClass;
  /**
   * The receipt of the letter sent with the request (RULES 2.5). Without it only the working days
   * count, as for `afbryd calendar cutoff`.
   */
  letterReceipt?: IsoDate;
}

/** {@link earliestCutoff} on day numbers. */
export function earliestCutoffN(
  request: number,
  customerClass: CustomerClass,
  letterReceipt: number | undefined,
  ctx: CalendarContext,
): { day: number; basis: string } {
  const s = ctx.settings;
  const from = firstWorkingDayOnOrAfterN(request, ctx);
  let earliest = addWorkingDaysN(from, s.requestMinWorkingDays, ctx);
  const parts = [
    from === request
      ? `SV 2.2.1 b: ${s.requestMinWorkingDays} working days after the request`
      : `SV 2.2.1 b: ${s.requestMinWorkingDays} working days counted from ${fromDayNumber(from)}, the first working day on or after the request (RULES 1)`,
  ];
  if (letterReceipt !== undefined && s.cutoffReceiptCondition !== 'none') {
    const after = s.cutoffReceiptCondition === 'after-next-hverdag' ? addHverdageN(letterReceipt, 1, ctx) : letterReceipt;
    if (after + 1 > earliest) {
      earliest = after + 1;
      parts.push(
        s.cutoffReceiptCondition === 'after-next-hverdag'
          ? `RULES 2.5: after ${fromDayNumber(after)}, the hverdag following the letter's receipt on ${fromDayNumber(letterReceipt)}`
          : `RULES 2.5: after the letter's receipt on ${fromDayNumber(letterReceipt)}`,
      );
    }
  }
  const day = firstDisconnectionDayOnOrAfterN(earliest, customerClass, ctx);
  if (day !== earliest) parts.push(`SV 2.3.2: the first ${customerClass} disconnection day on or after ${fromDayNumber(earliest)}`);
  if (day - request > s.requestMaxCalendarDays) {
    throw new RulesError(
      `the earliest cut-off ${fromDayNumber(day)} is more than ${s.requestMaxCalendarDays} days after the request ${fromDayNumber(request)} (regulation H1)`,
    );
  }
  return { day, basis: parts.join('; ') };
}

/**
 * The earliest cut-off date (Ønsket Skæringsdato) for a DataHub request sent on a day: the first
 * disconnection day for the customer class that is at least 3 working days after the request
 * (SV 2.2.1 b), counted from the first working day on or after the day it is sent (RULES 1); with a
 * `letterReceipt`, also after the first hverdag following that receipt (RULES 2.5
 * **[interpretation]**, `cutoffReceiptCondition`). At most 60 calendar days after the request (H1).
 *
 * Example (RULES 1): `earliestCutoff({ request: '2026-11-21', customerClass: 'household' })` → a request
 * sent on Saturday 21 Nov 2026 counts from Monday 23 Nov: 24, 25, 26 Nov → `2026-11-26`.
 * @throws RulesError if the cut-off would be more than 60 days after the request.
 */
export function earliestCutoff(input: EarliestCutoffInput, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  const ctx = calendarOf(settings);
  const r = earliestCutoffN(
    toDayNumber(input.request),
    input.customerClass,
    input.letterReceipt === undefined ? undefined : toDayNumber(input.letterReceipt),
    ctx,
  );
  return { date: fromDayNumber(r.day), basis: r.basis };
}

/** The grid company's window after a cut-off date (RULES 4). */
export interface GridWindow {
  /** The cut-off date (Ønsket Skæringsdato). */
  cutoff: IsoDate;
  /**
   * The day by which the grid company must have disconnected. It can be a day on which the grid does
   * not disconnect this class (e.g. a Friday for a household with a remote meter).
   */
  deadline: IsoDate;
  /** The disconnection days for the class from the cut-off to the deadline, both included. */
  days: IsoDate[];
  /** The legal basis of the deadline. */
  basis: string;
}

/** {@link gridWindow} on day numbers: the deadline's day number and basis. */
export function gridWindowDeadlineN(
  cutoff: number,
  meter: MeterKind,
  customerClass: CustomerClass,
  ctx: CalendarContext,
): { day: number; basis: string } {
  checkMeter(meter);
  assertSupportedCombination(customerClass, meter);
  const blocked = (d: number) => !isDisconnectionDayN(d, customerClass, ctx);
  const firstDisconnectionAfter = (d: number) => firstDisconnectionDayOnOrAfterN(d + 1, customerClass, ctx);
  const postponed = 'SV 2.3.2: postponed to the first disconnection day after the blocked days';

  if (meter === 'hourly' && ctx.settings.hourlyWindowReading === 'literal') {
    const base = addWorkingDaysN(cutoff, 1, ctx);
    const basis = 'SV 2.2.3 c, 2.3.1 (hourly-settled, literal reading): the working day after the cut-off';
    const lastBlocked = blocked(cutoff + 1) ? cutoff + 1 : blocked(cutoff) ? cutoff : undefined;
    if (lastBlocked === undefined) return { day: base, basis };
    const day = Math.max(base, firstDisconnectionAfter(lastBlocked));
    return { day, basis: day === base ? basis : `${basis}; ${postponed}` };
  }

  const size = meter === 'physical' ? 6 : meter === 'remote' ? 3 : 2;
  const ds: number[] = [firstWorkingDayOnOrAfterN(cutoff, ctx)];
  for (let i = 1; i < size; i++) ds.push(addWorkingDaysN(ds[i - 1] as number, 1, ctx));
  const last = ds[size - 1] as number;
  const basis =
    meter === 'physical'
      ? 'SV 2.2.1 c, 2.3.1: physical visit, d6 (6 working days from the cut-off)'
      : meter === 'remote'
        ? 'SV 2.2.2 c, 2.3.1: remote disconnection, d3 (3 working days from the cut-off)'
        : 'SV 2.2.3 c, 2.3.1: hourly-settled, d2 (2 working days from the cut-off)';
  if (meter === 'hourly') {
    const [d1, d2] = ds as [number, number];
    const lastBlocked = blocked(d2) ? d2 : blocked(d1) ? d1 : undefined;
    if (lastBlocked === undefined) return { day: d2, basis };
    // RULES 4 [interpretation]: never earlier than d2.
    const day = Math.max(d2, firstDisconnectionAfter(lastBlocked));
    return { day, basis: day === d2 ? basis : `${basis}; ${postponed} (never before d2, RULES 4)` };
  }
  if (ds.every(blocked)) return { day: firstDisconnectionAfter(last), basis: `${basis}; ${postponed}` };
  return { day: last, basis };
}

/**
 * The grid company's window after a cut-off date (SV 2.2.1 c, 2.2.2 c, 2.2.3 c, 2.3.1; RULES 4).
 * With d1 = the cut-off if it is a working day, else the next working day, and d2, d3, … the following
 * working days, the grid must have disconnected by:
 * - `physical`: d6; if all of d1…d6 are no-disconnection days, the first disconnection day after d6;
 * - `remote`: d3; if all of d1…d3 are blocked, the first disconnection day after d3;
 * - `hourly`: d2; if d1 or d2 is blocked, the first disconnection day after the last blocked one,
 *   never earlier than d2 (RULES 4 **[interpretation]**; `hourlyWindowReading: 'literal'` for SV's
 *   literal text).
 *
 * Example (RULES 2): `gridWindow('2026-11-10', 'physical', 'household')` → deadline `2026-11-17`
 * (d1…d6 = 10, 11, 12, 13, 16, 17 Nov), days 10, 11, 12, 16, 17 Nov (Friday 13 Nov is not a household
 * disconnection day).
 * @throws RulesError for `business-large` without an hourly meter.
 */
export function gridWindow(
  cutoff: IsoDate,
  meter: MeterKind,
  customerClass: CustomerClass,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): GridWindow {
  const ctx = calendarOf(settings);
  const c = toDayNumber(cutoff);
  const { day, basis } = gridWindowDeadlineN(c, meter, customerClass, ctx);
  const days: IsoDate[] = [];
  for (let d = c; d <= day; d++) if (isDisconnectionDayN(d, customerClass, ctx)) days.push(fromDayNumber(d));
  return { cutoff, deadline: fromDayNumber(day), days, basis };
}

/** {@link newAgreementDeadline} on day numbers. */
export function newAgreementDeadlineN(cutoff: number, ctx: CalendarContext): { day: number; basis: string } {
  if (ctx.settings.customerDeadlineReading === 'narrow') {
    return {
      day: addHverdageN(cutoff, -1, ctx),
      basis: 'SV 2.2.1 a 5: the hverdag before the cut-off (narrow reading: a working day that is not 5 June)',
    };
  }
  let d = cutoff - 1;
  while (isoWeekdayOf(d) > 5 || holidayNameOfDay(d, ctx.table) !== null) d--;
  return {
    day: d,
    basis: 'SV 2.2.1 a 5: the hverdag before the cut-off (RULES 1 broad reading for deadlines that bind the customer: Monday–Friday, not a public holiday)',
  };
}

/**
 * The last day a customer can enter a new supply agreement to avert the disconnection: "senest
 * hverdagen inden" the cut-off date (SV 2.2.1 a 5). A deadline that binds the customer takes the
 * generous reading (RULES 1 **[interpretation]**, `customerDeadlineReading: 'broad'`): the latest day
 * before the cut-off that is Monday–Friday and not a public holiday — so 24 Dec, 31 Dec, 5 June and
 * the Friday after Ascension count.
 *
 * Example: `newAgreementDeadline('2026-11-10')` → `{ date: '2026-11-09', … }`;
 * `newAgreementDeadline('2026-05-18')` → `2026-05-15` (the Friday after Ascension).
 */
export function newAgreementDeadline(cutoff: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  const r = newAgreementDeadlineN(toDayNumber(cutoff), calendarOf(settings));
  return { date: fromDayNumber(r.day), basis: r.basis };
}

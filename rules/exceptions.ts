/**
 * When the grid does not disconnect (RULES 4, 5; RULES 2.6 cancellation timing): the grid's report
 * deadline and when a case becomes overdue, what a refusal code asks of the supplier, the date of a
 * new request in the same end-of-supply process, when an outside party is chased and when it becomes
 * an operator task, and what a cancellation's timing may cost. Pure: dates in, `{ date, basis }` out.
 */
import { addWorkingDaysN, calendarOf, firstWorkingDayOnOrAfterN, isDisconnectionDayN } from './calendar.js';
import { fromDayNumber, toDayNumber } from './dates.js';
import { earliestCutoffN } from './deadlines.js';
import { DEFAULT_RULES_SETTINGS, TIME_OF_DAY, type RulesSettings } from './settings.js';
import type { CustomerClass, Dated, IsoDate } from './types.js';

/** The settings of the exceptions, each with its default (config/exceptions.ts: `AFBRYD_EXCEPTIONS`). */
export interface ExceptionSettings {
  /**
   * A case with no outcome from the grid by the window deadline + this many working days is overdue
   * (RULES 4; SV 2.2.1 h: the grid reports by the day after).
   * @default 1
   */
  gridReportGraceWorkingDays: number;
  /**
   * An outside party (municipality, police, bailiff court, the grid after a reopening) that has not
   * answered this many working days after it was asked is chased (a reminder).
   * @default 5
   */
  chaseAfterWorkingDays: number;
  /**
   * … and this many working days after it was asked, the wait becomes an operator task (the case keeps
   * waiting, visibly: `AfbrydNeedsAttention`).
   * @default 10
   */
  operatorTaskAfterWorkingDays: number;
  /**
   * The grid checks for cancellations until this local time on the day of disconnection
   * (SV 2.2.1 e); a cancellation after it on a day the grid could disconnect may cost a late fee.
   * @default '08:00'
   */
  gridCancellationCheckTime: string;
  /**
   * After a cancellation that may cost a late fee, the case waits this many calendar days for the
   * grid's charge (settled via DataHub, SV 2.4) before it treats the fee as not charged.
   * **[interpretation]** covers one monthly settlement and a half.
   * @default 45
   */
  lateFeeChargeWaitDays: number;
  /**
   * After this many new requests in one process (RSM-020 after refusals), a further refusal becomes an
   * operator task instead of another automatic request ("as often as needed" is an operator's call).
   * @default 3
   */
  maxFollowUpRequests: number;
}

export const DEFAULT_EXCEPTION_SETTINGS: Readonly<ExceptionSettings> = Object.freeze({
  gridReportGraceWorkingDays: 1,
  chaseAfterWorkingDays: 5,
  operatorTaskAfterWorkingDays: 10,
  gridCancellationCheckTime: '08:00',
  lateFeeChargeWaitDays: 45,
  maxFollowUpRequests: 3,
} satisfies ExceptionSettings);

/** Problems with an exceptions settings object (config validates each field with zod). */
export function exceptionSettingsProblem(s: Readonly<ExceptionSettings>): string | null {
  if (s.operatorTaskAfterWorkingDays < s.chaseAfterWorkingDays) return 'operatorTaskAfterWorkingDays must not be before chaseAfterWorkingDays';
  if (!TIME_OF_DAY.test(s.gridCancellationCheckTime)) return 'gridCancellationCheckTime must be HH:MM';
  return null;
}

/** The grid's report deadline for a window, and from when the case is overdue. */
export interface GridReportDeadline {
  /** The last day the grid may report an outcome: the window deadline + the grace in working days. */
  reportBy: IsoDate;
  /** The case is overdue from 00:00 Danish time on this day (the day after `reportBy`). */
  overdueFrom: IsoDate;
  basis: string;
}

/**
 * When a case with no outcome from the grid becomes overdue (RULES 4): no outcome by the window
 * deadline + 1 working day (setting) → overdue from the start of the next day.
 *
 * Example: window deadline Tue 16 Nov 2027 → report by Wed 17 Nov → overdue from Thu 18 Nov 2027.
 */
export function gridReportDeadline(
  windowDeadline: IsoDate,
  exceptions: Readonly<ExceptionSettings> = DEFAULT_EXCEPTION_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): GridReportDeadline {
  const ctx = calendarOf(settings);
  const n = exceptions.gridReportGraceWorkingDays;
  const reportBy = addWorkingDaysN(toDayNumber(windowDeadline), n, ctx);
  return {
    reportBy: fromDayNumber(reportBy),
    overdueFrom: fromDayNumber(reportBy + 1),
    basis: `RULES 4; SV 2.2.1 h: no outcome by the window deadline ${windowDeadline} + ${n} working day${n === 1 ? '' : 's'} (${fromDayNumber(reportBy)}): overdue`,
  };
}

/**
 * The report deadline after a DataHub outage an operator marked ended on `outageEnded`: the grid gets
 * the grace again from the end of the outage, never less than before **[interpretation]** (SV 2.3.1:
 * the deadlines assume DataHub is up).
 *
 * Example: overdue from Thu 18 Nov 2027, outage ended Fri 19 Nov → report by Mon 22 Nov → overdue from Tue 23 Nov.
 */
export function reportDeadlineAfterOutage(
  current: GridReportDeadline,
  outageEnded: IsoDate,
  exceptions: Readonly<ExceptionSettings> = DEFAULT_EXCEPTION_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): GridReportDeadline {
  const ctx = calendarOf(settings);
  const n = exceptions.gridReportGraceWorkingDays;
  const reportBy = Math.max(toDayNumber(current.reportBy), addWorkingDaysN(toDayNumber(outageEnded), n, ctx));
  return {
    reportBy: fromDayNumber(reportBy),
    overdueFrom: fromDayNumber(reportBy + 1),
    basis: `RULES 4; SV 2.3.1: a DataHub outage ended ${outageEnded}; the grid reports by ${fromDayNumber(reportBy)} (${n} working day${n === 1 ? '' : 's'} after the outage, never earlier than before)`,
  };
}

/** Who must be involved before a (new) request, and what the request is flagged with. */
export type Authority = 'municipality' | 'police' | 'bailiff-court';

/** The grid's refusal codes (RSM-020 RejectRequestService, RULES 10). */
export type RefusalCode = 'D41' | 'D42' | 'D43' | 'D44' | 'D58';

/** The RSM-020 service types of a new request in an end-of-supply process (RULES 10). */
export type FollowUpServiceType = 'D09' | 'D10' | 'D11' | 'D12' | 'D13';

/** What a refusal asks of the supplier (RULES 5). */
export interface RefusalStep {
  /** The authority to involve first, or none. */
  authority?: Authority;
  /** The service type of the new request. */
  serviceType: FollowUpServiceType;
  basis: string;
}

/**
 * The supplier's next step after the grid's refusal (RULES 5, SV 2.3.3–2.3.6):
 * - D41 municipality must be involved → notify the municipality, then D09 (SV 2.3.3.4, 2.3.3.6);
 * - D42 police must be involved → contact the police and agree the timing, then D10 (SV 2.3.3.5);
 * - D43 bailiff court must be involved, D58 no access to the meter → the bailiff court (umiddelbar
 *   fogedforretning), then D11 with the court's time (SV 2.3.3.1–2, 2.3.6);
 * - D44 other reason → a new request flagged "other reason", D13 (SV 2.3.3.3, 2.3.3.7).
 */
export function refusalStep(code: RefusalCode): RefusalStep {
  switch (code) {
    case 'D41':
      return { authority: 'municipality', serviceType: 'D09', basis: 'RULES 5; SV 2.3.3.4, 2.3.3.6: notify the municipality, then a new request flagged "municipality involved" (D09)' };
    case 'D42':
      return { authority: 'police', serviceType: 'D10', basis: 'RULES 5; SV 2.3.3.5: contact the police and agree the timing, then a new request flagged "police involved" (D10)' };
    case 'D43':
      return { authority: 'bailiff-court', serviceType: 'D11', basis: 'RULES 5; SV 2.3.6: the bailiff court must be involved (umiddelbar fogedforretning, retsplejeloven §596), then a new request flagged "bailiff court involved" (D11)' };
    case 'D58':
      return { authority: 'bailiff-court', serviceType: 'D11', basis: 'RULES 5; SV 2.3.3.1, 2.3.6: no access to the meter → the bailiff court (umiddelbar fogedforretning, retsplejeloven §596), then D11' };
    case 'D44':
      return { serviceType: 'D13', basis: 'RULES 5; SV 2.3.3.3, 2.3.3.7: other reason → a new request flagged "other reason" (D13)' };
  }
}

/** The service type that flags a known circumstance's authority (SV 2.2.1 b flags 1–3). */
export function serviceTypeOfAuthority(authority: Authority): FollowUpServiceType {
  return authority === 'municipality' ? 'D09' : authority === 'police' ? 'D10' : 'D11';
}

/**
 * The date of a new request in the same end-of-supply process (RULES 5 **[interpretation]**): the
 * date agreed with the police or set by the court, when there is one (and it is not before the
 * request); else the first disconnection day ≥ 3 working days after the new request. The grid's
 * window (RULES 4) runs from it.
 *
 * Example: a D13 request sent Wed 17 Nov 2027 (household) → 18, 19, 22 Nov → Mon 22 Nov 2027.
 */
export function followUpRequestDate(
  input: { request: IsoDate; customerClass: CustomerClass; agreed?: { date: IsoDate; by: string } },
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): Dated {
  if (input.agreed && input.agreed.date >= input.request) {
    return { date: input.agreed.date, basis: `RULES 5 [interpretation]: the date ${input.agreed.by}` };
  }
  const ctx = calendarOf(settings);
  const r = earliestCutoffN(toDayNumber(input.request), input.customerClass, undefined, ctx);
  const why = input.agreed ? ` (the date ${input.agreed.by}, ${input.agreed.date}, is before the request)` : '';
  return { date: fromDayNumber(r.day), basis: `RULES 5 [interpretation]: the first disconnection day ≥ 3 working days after the new request${why}; ${r.basis}` };
}

/** When a party asked on a day is chased, and when its silence becomes an operator task. */
export interface ChasePlan {
  chaseOn: IsoDate;
  taskOn: IsoDate;
  basis: string;
}

/**
 * The chase plan for an outside party asked on `asked` (RULES 5: nothing waits forever silently):
 * chased after 5 working days, an operator task after 10 (settings), counted from the first working
 * day on or after the day it was asked.
 *
 * Example: asked Wed 17 Nov 2027 → chased Wed 24 Nov, operator task Wed 1 Dec 2027.
 */
export function chasePlan(
  asked: IsoDate,
  exceptions: Readonly<ExceptionSettings> = DEFAULT_EXCEPTION_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): ChasePlan {
  const ctx = calendarOf(settings);
  const from = firstWorkingDayOnOrAfterN(toDayNumber(asked), ctx);
  return {
    chaseOn: fromDayNumber(addWorkingDaysN(from, exceptions.chaseAfterWorkingDays, ctx)),
    taskOn: fromDayNumber(addWorkingDaysN(from, exceptions.operatorTaskAfterWorkingDays, ctx)),
    basis: `RULES 5: no answer ${exceptions.chaseAfterWorkingDays} working days after ${asked}: chased; after ${exceptions.operatorTaskAfterWorkingDays}: an operator task`,
  };
}

/** What a cancellation's timing means (RULES 2.6, SV 2.2.1 e, 2.4). */
export interface CancellationTiming {
  /**
   * Sent after the grid's 08:00 check on a disconnection day of the window: the grid may charge the
   * fee of a physical disconnection (SV 2.4). Booked only when the grid's charge arrives.
   */
  lateFeePossible: boolean;
  /**
   * The grid could have disconnected before it got the cancellation (a late cancellation, or one sent
   * after an earlier disconnection day of the window): then it reopens by itself, and the case waits
   * for its report until the end of `reportBy` (the grid reports by the day after, SV 2.2.1 h).
   */
  reportBy?: IsoDate;
  basis: string;
}

/**
 * The timing of a cancellation sent at a Danish local date and time, for a request with a cut-off
 * and a window deadline.
 *
 * Example: cut-off Tue 9 Nov 2027, window to Tue 16 Nov; a household's cancellation sent Tue 9 Nov at
 * 09:30 → a late fee is possible, and the grid's report is awaited until Wed 10 Nov.
 */
export function cancellationTiming(
  input: { date: IsoDate; time: string; cutoff: IsoDate; windowDeadline: IsoDate; customerClass: CustomerClass },
  exceptions: Readonly<ExceptionSettings> = DEFAULT_EXCEPTION_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): CancellationTiming {
  const ctx = calendarOf(settings);
  const day = toDayNumber(input.date);
  const cutoff = toDayNumber(input.cutoff);
  const deadline = toDayNumber(input.windowDeadline);
  const check = exceptions.gridCancellationCheckTime;
  const inWindow = day >= cutoff && day <= deadline;
  const disconnectionDay = isDisconnectionDayN(day, input.customerClass, ctx);
  const afterCheck = input.time.slice(0, 5) > check;
  const lateFeePossible = inWindow && disconnectionDay && afterCheck;
  let earlierDay = false;
  for (let d = cutoff; d < Math.min(day, deadline + 1); d++) {
    if (isDisconnectionDayN(d, input.customerClass, ctx)) {
      earlierDay = true;
      break;
    }
  }
  const mayHaveCrossed = lateFeePossible || earlierDay;
  const reportBy = mayHaveCrossed ? fromDayNumber(addWorkingDaysN(day, 1, ctx)) : undefined;
  const basis = lateFeePossible
    ? `SV 2.2.1 e, 2.4: cancelled ${input.date} at ${input.time.slice(0, 5)}, after the grid's ${check} check on a ${input.customerClass} disconnection day of the window (${input.cutoff}–${input.windowDeadline}): a late fee (the fee of a physical disconnection) is possible`
    : earlierDay
      ? `SV 2.2.1 e: cancelled ${input.date} after an earlier disconnection day of the window (from ${input.cutoff}): the grid may already have disconnected`
      : `SV 2.2.1 e: cancelled ${input.date} ${input.time.slice(0, 5)} before the grid could disconnect: no fee`;
  return { lateFeePossible, ...(reportBy ? { reportBy } : {}), basis };
}

/**
 * Whether a late fee the grid charges is the customer's to pay **[interpretation]** (003 §6.2: not
 * where the supplier's own negligence caused it): only when the ground for cancelling came from the
 * customer's side (not an operator's hold) and itself arrived after the grid's check time that day —
 * a ground that arrived earlier was cancelled too late by the supplier.
 */
export function lateFeeIsCustomers(
  input: { groundDate: IsoDate; groundTime: string; cancelDate: IsoDate; operatorHold: boolean },
  exceptions: Readonly<ExceptionSettings> = DEFAULT_EXCEPTION_SETTINGS,
): { passOn: boolean; basis: string } {
  if (input.operatorHold) return { passOn: false, basis: 'the supplier cancelled for its own reason (an operator hold): the supplier bears the fee (003 §6.2) [interpretation]' };
  if (input.groundDate < input.cancelDate || input.groundTime.slice(0, 5) <= exceptions.gridCancellationCheckTime) {
    return { passOn: false, basis: `the ground arrived ${input.groundDate} ${input.groundTime.slice(0, 5)}, before the grid's check: a late cancellation is the supplier's delay (003 §6.2) [interpretation]` };
  }
  return { passOn: true, basis: `the customer's ground arrived ${input.groundDate} ${input.groundTime.slice(0, 5)}, after the grid's ${exceptions.gridCancellationCheckTime} check: passed on (BEK §26 stk. 6; 003 §6.2)` };
}

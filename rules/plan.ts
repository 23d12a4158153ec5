/**
 * The case planner: the default schedule of a case (RULES 2 "Default schedule", RULES 3), every step
 * with its date and the legal basis of each date.
 */
import { addHverdageN, calendarOf, type CalendarContext } from './calendar.js';
import { addMonthsToDayNumber, fromDayNumber, toDayNumber } from './dates.js';
import {
  assertSupportedCombination,
  earliestCutoffN,
  gridWindowDeadlineN,
  newAgreementDeadlineN,
  receiptDayN,
} from './deadlines.js';
import { RulesError } from './errors.js';
import {
  businessRequestDate,
  householdRequestDate,
  reminder1Date,
  reminder2Date,
  reminderPaymentDeadline,
  securityDemandDate,
  terminationNoticeDate,
} from './schedule.js';
import { DEFAULT_RULES_SETTINGS, type RulesSettings } from './settings.js';
import type { Channel, CustomerClass, IsoDate, MeterKind } from './types.js';

/** What the planner needs to know about a case. */
export interface PlanCaseInput {
  /**
   * The due date of the unpaid invoice. With `withoutArrears`, there is no unpaid invoice and this is
   * the day the security demand is sent.
   */
  due: IsoDate;
  /** The customer class. */
  class: CustomerClass;
  /** The meter kind, by settlement (RULES 4). `business-large` needs `hourly`. */
  meter: MeterKind;
  /** The channel the letters go on (RULES 1). */
  channel: Channel;
  /**
   * A household security demand without arrears (BEK §27 stk. 1, e.g. insolvency): no reminders, and
   * the deadline is 2 months from receipt. Households only.
   * @default false
   */
  withoutArrears?: boolean;
  /**
   * The rules settings, e.g. from `resolveRulesSettings(overrides)`.
   * @default DEFAULT_RULES_SETTINGS
   */
  settings?: Readonly<RulesSettings>;
}

/** Reminder 1 or 2 (rykker 1, rykker 2). */
export interface ReminderStep {
  step: 'reminder1' | 'reminder2';
  /** The day it is sent. */
  date: IsoDate;
  basis: string;
  /** The day it counts as received. */
  receipt: IsoDate;
  receiptBasis: string;
  /** The payment deadline it gives (counted from the day it is sent). */
  paymentDeadline: IsoDate;
  paymentDeadlineBasis: string;
}

/** The security demand (krav om sikkerhedsstillelse, BEK §26–§27). Households only. */
export interface SecurityDemandStep {
  step: 'securityDemand';
  date: IsoDate;
  basis: string;
  receipt: IsoDate;
  receiptBasis: string;
  /** The last day to provide security. */
  deadline: IsoDate;
  deadlineBasis: string;
}

/** The termination notice (varsel om ophævelse, BEK §28). Households only. */
export interface TerminationNoticeStep {
  step: 'terminationNotice';
  date: IsoDate;
  basis: string;
  receipt: IsoDate;
  receiptBasis: string;
  /** The day the notice period has run and the agreement may be terminated. */
  effective: IsoDate;
  effectiveBasis: string;
}

/**
 * The DataHub request (BRS-002 end of supply) and the letter sent with it: for a household the
 * termination and disconnection notice (RULES 2.5), for a business the disconnection notice (RULES 3).
 */
export interface DisconnectionRequestStep {
  step: 'disconnectionRequest';
  /** The day the request and the letter are sent. */
  date: IsoDate;
  basis: string;
  /** The day the letter counts as received. */
  receipt: IsoDate;
  receiptBasis: string;
  /** The cut-off date (Ønsket Skæringsdato) in the request. */
  cutoff: IsoDate;
  cutoffBasis: string;
  /** The day by which the grid company must have disconnected (RULES 4). */
  windowDeadline: IsoDate;
  windowDeadlineBasis: string;
  /** Households: the last day to enter a new supply agreement that averts the disconnection. */
  newAgreementBy?: IsoDate;
  newAgreementByBasis?: string;
}

/** One step of a case plan. */
export type PlanStep = ReminderStep | SecurityDemandStep | TerminationNoticeStep | DisconnectionRequestStep;

/** The plan of a case: its steps in order. */
export interface CasePlan {
  /** The steps, in order: reminder1, reminder2, securityDemand, terminationNotice, disconnectionRequest. */
  steps: PlanStep[];
  /** The holiday table the dates were computed with (record it with the case, see `rules/holidays.ts`). */
  holidayTableVersion: string;
}

function reminder(
  step: 'reminder1' | 'reminder2',
  sent: number,
  basis: string,
  channel: Channel,
  ctx: CalendarContext,
): ReminderStep & { payDay: number } {
  const receipt = receiptDayN(sent, channel, ctx);
  const deadline = reminderPaymentDeadline(fromDayNumber(sent), ctx.settings, fromDayNumber(receipt.day));
  return {
    step,
    date: fromDayNumber(sent),
    basis,
    receipt: fromDayNumber(receipt.day),
    receiptBasis: receipt.basis,
    paymentDeadline: deadline.date,
    paymentDeadlineBasis: deadline.basis,
    payDay: toDayNumber(deadline.date),
  };
}

function stripPayDay(r: ReminderStep & { payDay: number }): ReminderStep {
  const { payDay: _payDay, ...step } = r;
  return step;
}

function disconnectionRequest(
  request: number,
  requestBasis: string,
  input: PlanCaseInput,
  ctx: CalendarContext,
): DisconnectionRequestStep {
  const receipt = receiptDayN(request, input.channel, ctx);
  const cutoff = earliestCutoffN(request, input.class, receipt.day, ctx);
  const window = gridWindowDeadlineN(cutoff.day, input.meter, input.class, ctx);
  const step: DisconnectionRequestStep = {
    step: 'disconnectionRequest',
    date: fromDayNumber(request),
    basis: requestBasis,
    receipt: fromDayNumber(receipt.day),
    receiptBasis: receipt.basis,
    cutoff: fromDayNumber(cutoff.day),
    cutoffBasis: cutoff.basis,
    windowDeadline: fromDayNumber(window.day),
    windowDeadlineBasis: window.basis,
  };
  if (input.class === 'household') {
    const by = newAgreementDeadlineN(cutoff.day, ctx);
    step.newAgreementBy = fromDayNumber(by.day);
    step.newAgreementByBasis = by.basis;
  }
  return step;
}

/**
 * Plans a case with the default schedule (RULES 2; RULES 3 for business customers). Letters may go
 * out on any calendar day.
 *
 * Household (BEK §26–§28, SV 2.2):
 * 1. `reminder1`: due date + 3 days; payment deadline sent + 10 days;
 * 2. `reminder2`: the day after reminder 1's deadline, and ≥ 10 days after reminder 1 (BEK §27 stk. 2);
 * 3. `securityDemand`: the day after reminder 2's deadline; `deadline` receipt + 15 hverdage
 *    (BEK §27 stk. 2), or receipt + 2 months without arrears (BEK §27 stk. 1);
 * 4. `terminationNotice`: the day after the security deadline; `effective` receipt + 3 hverdage (BEK §28);
 * 5. `disconnectionRequest`: the first working day after the termination is effective, with the
 *    termination and disconnection notice; `cutoff` the first disconnection day ≥ 3 working days after
 *    the request and after the hverdag following the letter's receipt (SV 2.2.1 b, RULES 2.5);
 *    `windowDeadline` per meter kind (RULES 4).
 *
 * Business and business-large (RULES 3): reminders 1 and 2, then the disconnection notice and the
 * DataHub request on the first working day after reminder 2's deadline; no security demand or
 * termination notice (BEK §1 stk. 2: §26–§29 are for households).
 *
 * Example (RULES 2, worked by hand): household, physical meter, digital post, due Monday 14 Sep 2026 →
 * reminder1 17 Sep, reminder2 28 Sep, securityDemand 9 Oct (deadline 30 Oct), terminationNotice
 * 31 Oct (effective 4 Nov), disconnectionRequest 5 Nov (cutoff 10 Nov, windowDeadline 17 Nov).
 *
 * @throws RulesError for `business-large` without an hourly meter, or `withoutArrears` for a business.
 * @throws RangeError for a malformed date or one outside the holiday table.
 */
export function planCase(input: PlanCaseInput): CasePlan {
  const settings = input.settings ?? DEFAULT_RULES_SETTINGS;
  const ctx = calendarOf(settings);
  if (input.class !== 'household' && input.class !== 'business' && input.class !== 'business-large') {
    throw new RangeError(`unknown customer class "${String(input.class)}" (expected household, business, business-large)`);
  }
  assertSupportedCombination(input.class, input.meter);
  if (input.withoutArrears && input.class !== 'household') {
    throw new RulesError('a security demand without arrears (BEK §27 stk. 1) applies to households only');
  }
  const due = toDayNumber(input.due);
  const steps: PlanStep[] = [];
  let securityDemandDay: number;

  if (input.withoutArrears) {
    securityDemandDay = due;
  } else {
    const r1Date = reminder1Date(input.due, settings);
    const r1 = reminder('reminder1', toDayNumber(r1Date.date), r1Date.basis, input.channel, ctx);
    const r2Date = reminder2Date(r1.date, r1.paymentDeadline, settings);
    const r2 = reminder('reminder2', toDayNumber(r2Date.date), r2Date.basis, input.channel, ctx);
    steps.push(stripPayDay(r1), stripPayDay(r2));
    if (input.class !== 'household') {
      const request = businessRequestDate(r2.paymentDeadline, settings);
      steps.push(disconnectionRequest(toDayNumber(request.date), request.basis, input, ctx));
      return { steps, holidayTableVersion: ctx.table.version };
    }
    securityDemandDay = toDayNumber(securityDemandDate(r2.paymentDeadline).date);
  }

  const demandReceipt = receiptDayN(securityDemandDay, input.channel, ctx);
  let deadlineDay: number;
  let deadlineBasis: string;
  if (input.withoutArrears) {
    const months = settings.securityDeadlineWithoutArrearsMonths;
    deadlineDay = addMonthsToDayNumber(demandReceipt.day, months);
    deadlineBasis = `BEK §27 stk. 1: ${months} months from receipt (no arrears)`;
  } else {
    deadlineDay = addHverdageN(demandReceipt.day, settings.securityDeadlineHverdage, ctx);
    deadlineBasis = `BEK §27 stk. 2: ${settings.securityDeadlineHverdage} hverdage from receipt`;
  }
  steps.push({
    step: 'securityDemand',
    date: fromDayNumber(securityDemandDay),
    basis: input.withoutArrears
      ? 'BEK §26 stk. 1, §27 stk. 1: security demand without arrears'
      : "BEK §27 stk. 2: the day after reminder 2's deadline passed unpaid",
    receipt: fromDayNumber(demandReceipt.day),
    receiptBasis: demandReceipt.basis,
    deadline: fromDayNumber(deadlineDay),
    deadlineBasis,
  });

  const notice = terminationNoticeDate(fromDayNumber(deadlineDay));
  const noticeDay = toDayNumber(notice.date);
  const noticeReceipt = receiptDayN(noticeDay, input.channel, ctx);
  const effectiveDay = addHverdageN(noticeReceipt.day, settings.terminationNoticeHverdage, ctx);
  steps.push({
    step: 'terminationNotice',
    date: fromDayNumber(noticeDay),
    basis: notice.basis,
    receipt: fromDayNumber(noticeReceipt.day),
    receiptBasis: noticeReceipt.basis,
    effective: fromDayNumber(effectiveDay),
    effectiveBasis: `BEK §28 stk. 1: ${settings.terminationNoticeHverdage} hverdage from receipt`,
  });

  const request = householdRequestDate(fromDayNumber(effectiveDay), settings);
  steps.push(disconnectionRequest(toDayNumber(request.date), request.basis, input, ctx));
  return { steps, holidayTableVersion: ctx.table.version };
}

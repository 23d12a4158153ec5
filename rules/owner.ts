/**
 * Owner liability (ejerhæftelse, BEK §25; RULES 9) and disconnections the customer or owner asks
 * for (RULES 10, D12): when the owner's letter goes out, the owner's deadline, the day the owner is
 * bound, the earliest disconnection the owner can be promised, the owner's notice, when the owner
 * counts as unreachable, and the cut-off of a requested disconnection. Pure: dates in, `{ date, basis }`
 * out; every number and **[interpretation]** is a field of {@link OwnerSettings}.
 */
import {
  addHverdageN,
  addWorkingDaysN,
  calendarOf,
  countHverdage,
  firstDisconnectionDayOnOrAfterN,
  firstWorkingDayOnOrAfterN,
  isDisconnectionDayN,
  noDisconnectionReasonOfDay,
} from './calendar.js';
import { addDays, civilOf, daysBetween, daysInMonth, fromDayNumber, toDayNumber } from './dates.js';
import { earliestCutoffN, gridWindow } from './deadlines.js';
import { DEFAULT_OWNER_CONTRACT, ownerContractProblem, type OwnerContract } from './owner-contract.js';
import { DEFAULT_RULES_SETTINGS, type RulesSettings } from './settings.js';
import type { CustomerClass, Dated, IsoDate, MeterKind } from './types.js';

/**
 * When the owner's letter goes out after the supplier learns that a customer's own termination leaves
 * the metering point without an agreement (BEK §25 stk. 2: "uden ugrundet ophold", without undue delay):
 * - `same-working-day`: the day the case starts if it is a working day, else the next working day;
 * - `next-working-day`: the working day after the day the case starts.
 */
export const OwnerLetterTiming = {
  sameWorkingDay: 'same-working-day',
  nextWorkingDay: 'next-working-day',
} as const;
export type OwnerLetterTiming = (typeof OwnerLetterTiming)[keyof typeof OwnerLetterTiming];

/**
 * The marketed product whose terms the owner's contract carries (BEK §25 stk. 5), with the contents BEK
 * §3 stk. 3 requires of a contract (`contract`, rules/owner-contract.ts). No personal data.
 */
export interface OwnerProduct {
  /** The supplier's product id, printed in the letter as the contract's reference. */
  productId: string;
  /** The product's marketed name (BEK §3 stk. 3 nr. 2). */
  name: string;
  /**
   * The contract's contents by BEK §3 stk. 3, each item a field (rules/owner-contract.ts; issue 15 item
   * 1). A snapshot from before them has none: the letter of such a case takes the worker's configured
   * product's when its id is the same (activities/mail.ts), and is refused otherwise.
   */
  contract: OwnerContract;
  /**
   * An extra note printed last in the contract as "Øvrige vilkår" (plain text, ≤ 2000 characters), e.g.
   * a reference to the supplier's general terms. It used to be the contract's only terms (a free text,
   * required); the items of BEK §3 stk. 3 are now `contract`'s, and this is optional.
   * @default unset
   */
  terms?: string;
}

/** The settings of owner liability and requested disconnections, each with its default. */
export interface OwnerSettings {
  /**
   * When the owner's letter goes out (BEK §25 stk. 2, "without undue delay"). **[our choice]** The
   * letter is generated without a person's work, so there is no reason to wait a day, and every day of
   * delay is a day the owner pays for consumption at the §72 f price (stk. 7) without knowing it:
   * the same working day.
   * @default 'same-working-day'
   */
  ownerLetterTiming: OwnerLetterTiming;
  /**
   * The owner's deadline to arrange a new agreement: receipt + this many hverdage (BEK §25 stk. 3:
   * "mindst 5 hverdage"). At least 5.
   * @default 5
   */
  ownerDeadlineHverdage: number;
  /**
   * The owner may leave the contract with at most this many months' notice to the end of a month
   * (BEK §25 stk. 5: "højst 1 måneds varsel"). 0 or 1.
   * @default 1
   */
  ownerNoticeMonths: number;
  /**
   * The owner counts as unreachable (BEK §25 stk. 8: "umuligt ... at få kontakt") after at least this
   * many recorded contact attempts **[interpretation]**. At least 1.
   * @default 2
   */
  unreachableMinAttempts: number;
  /** … on at least this many different channels **[interpretation]**. At least 1. @default 2 */
  unreachableMinChannels: number;
  /**
   * … spread over at least this many hverdage, counted after the first attempt up to and including
   * the last (the owner gets a working week to answer) **[interpretation]**. At least 0.
   * @default 5
   */
  unreachableMinHverdage: number;
  /**
   * The marketed product whose terms the owner's contract carries (BEK §25 stk. 5), with the contents
   * of BEK §3 stk. 3 (`ownerProduct.contract`, rules/owner-contract.ts). The default is ILLUSTRATIVE:
   * production configures its own product.
   * @default `EL-VARIABEL-1`, "Variabel elpris (eksempel)", {@link DEFAULT_OWNER_CONTRACT}
   */
  ownerProduct: OwnerProduct;
}

/** The defaults. Frozen. */
export const DEFAULT_OWNER_SETTINGS: Readonly<OwnerSettings> = Object.freeze({
  ownerLetterTiming: 'same-working-day',
  ownerDeadlineHverdage: 5,
  ownerNoticeMonths: 1,
  unreachableMinAttempts: 2,
  unreachableMinChannels: 2,
  unreachableMinHverdage: 5,
  ownerProduct: Object.freeze({
    productId: 'EL-VARIABEL-1',
    name: 'Variabel elpris (eksempel)',
    contract: DEFAULT_OWNER_CONTRACT,
  }),
} satisfies OwnerSettings);

/**
 * The problem with an owner settings object, or null (the legal minimums of BEK §25 stk. 3, 5 and
 * the shape of each field; config/owner.ts checks the environment's JSON with zod first).
 */
export function ownerSettingsProblem(s: Readonly<OwnerSettings>): string | null {
  const whole = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (s.ownerLetterTiming !== 'same-working-day' && s.ownerLetterTiming !== 'next-working-day') {
    return 'ownerLetterTiming must be same-working-day or next-working-day';
  }
  if (!whole(s.ownerDeadlineHverdage, 5, 30)) return 'ownerDeadlineHverdage must be a whole number from 5 (BEK §25 stk. 3) to 30';
  if (!whole(s.ownerNoticeMonths, 0, 1)) return 'ownerNoticeMonths must be 0 or 1 (BEK §25 stk. 5: at most 1 month)';
  if (!whole(s.unreachableMinAttempts, 1, 10)) return 'unreachableMinAttempts must be a whole number from 1 to 10';
  if (!whole(s.unreachableMinChannels, 1, 6)) return 'unreachableMinChannels must be a whole number from 1 to 6';
  if (s.unreachableMinChannels > s.unreachableMinAttempts) return 'unreachableMinChannels must not be more than unreachableMinAttempts';
  if (!whole(s.unreachableMinHverdage, 0, 60)) return 'unreachableMinHverdage must be a whole number from 0 to 60';
  const p = s.ownerProduct;
  if (!p || typeof p.productId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(p.productId)) return 'ownerProduct.productId must be an id';
  if (typeof p.name !== 'string' || p.name.length < 1 || p.name.length > 200) return 'ownerProduct.name must be 1-200 characters';
  if (p.terms !== undefined && (typeof p.terms !== 'string' || !p.terms.trim() || p.terms.length > 2000)) return 'ownerProduct.terms must be 1-2000 characters';
  return ownerContractProblem(p.contract);
}

/**
 * The day the owner's letter goes out (BEK §25 stk. 2: without undue delay), for a case started on
 * `known` (the day the supplier learned that the terminated agreement leaves the metering point without
 * one). `ownerLetterTiming` decides: the same working day (default) or the next.
 *
 * Example: `ownerLetterDate('2027-03-27')` (Saturday before Easter) → Tue 30 Mar 2027 (28 Easter Sunday,
 * 29 Easter Monday).
 */
export function ownerLetterDate(
  known: IsoDate,
  owner: Readonly<OwnerSettings> = DEFAULT_OWNER_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): Dated {
  const ctx = calendarOf(settings);
  const n = toDayNumber(known);
  if (owner.ownerLetterTiming === 'next-working-day') {
    return { date: fromDayNumber(addWorkingDaysN(n, 1, ctx)), basis: 'BEK §25 stk. 2: without undue delay — the next working day (setting ownerLetterTiming)' };
  }
  const day = firstWorkingDayOnOrAfterN(n, ctx);
  return {
    date: fromDayNumber(day),
    basis:
      day === n
        ? 'BEK §25 stk. 2: without undue delay — the same working day (setting ownerLetterTiming)'
        : `BEK §25 stk. 2: without undue delay — the first working day after ${known} (setting ownerLetterTiming)`,
  };
}

/**
 * The owner's deadline to arrange a new supply agreement: receipt + 5 hverdage (BEK §25 stk. 3: at least
 * 5 hverdage from the day the letter is received). The owner has the whole of that day.
 *
 * Example: received Mon 22 Mar 2027 → 23, 24, (25 Maundy Thursday, 26 Good Friday, 29 Easter Monday),
 * 30, 31 Mar, 1 Apr → Thu 1 Apr 2027.
 */
export function ownerDeadline(
  receipt: IsoDate,
  owner: Readonly<OwnerSettings> = DEFAULT_OWNER_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): Dated {
  const n = owner.ownerDeadlineHverdage;
  return {
    date: fromDayNumber(addHverdageN(toDayNumber(receipt), n, calendarOf(settings))),
    basis: `BEK §25 stk. 3: ${n} hverdage from receipt (${receipt})`,
  };
}

/**
 * The first day the owner is bound by the contract sent (00:00 Danish time): the later of the day after
 * the deadline ran out (BEK §25 stk. 6: at the earliest when the deadline runs out) and the day after the
 * terminated agreement's last day (stk. 3: the contract supplies "from the time the terminated agreement
 * expires"). A new agreement signed by anyone before this day ends the case **[interpretation]**: when
 * the agreement ends after the deadline, nothing has been supplied under the contract yet.
 *
 * @param input.deadline the last day of the owner's deadline ({@link ownerDeadline})
 * @param input.agreementEnd the last day the terminated agreement covers
 *
 * Example: deadline Thu 1 Apr 2027, agreement to Wed 31 Mar 2027 → Fri 2 Apr 2027 (the deadline's);
 * deadline Mon 18 Oct 2027, agreement to Sun 31 Oct 2027 → Mon 1 Nov 2027 (the agreement's).
 */
export function ownerBoundFrom(input: { deadline: IsoDate; agreementEnd: IsoDate }): Dated {
  const afterDeadline = addDays(input.deadline, 1);
  const afterAgreement = addDays(input.agreementEnd, 1);
  if (daysBetween(afterDeadline, afterAgreement) > 0) {
    return {
      date: afterAgreement,
      basis: `BEK §25 stk. 3, 6: from the end of the terminated agreement (last day ${input.agreementEnd}), later than the deadline ${input.deadline}`,
    };
  }
  return {
    date: afterDeadline,
    basis: `BEK §25 stk. 6: at the earliest when the deadline ${input.deadline} has run out (the terminated agreement's last day ${input.agreementEnd} is not later)`,
  };
}

/**
 * Whether the owner who asked for the disconnection is bound by the contract after all, once the grid
 * reports the day it disconnected: not bound if disconnected before the day the owner would be bound
 * (BEK §25 stk. 4: disconnected at the owner's request before the deadline ran out; where the
 * agreement ends after the deadline, no supply under the contract has begun either **[interpretation]**).
 *
 * Example: bound from Wed 9 Jun 2027, disconnected Mon 7 Jun → not bound; disconnected Thu 10 Jun → bound.
 */
export function ownerBoundAfterDisconnection(input: { disconnected: IsoDate; boundFrom: IsoDate; deadline: IsoDate }): { bound: boolean; basis: string } {
  if (daysBetween(input.disconnected, input.boundFrom) > 0) {
    return {
      bound: false,
      basis: `BEK §25 stk. 4: disconnected ${input.disconnected} at the owner's request, before the owner would be bound (${input.boundFrom}; deadline ${input.deadline}): not bound; consumption is paid until the disconnection (stk. 7)`,
    };
  }
  return {
    bound: true,
    basis: `BEK §25 stk. 4, 6: disconnected ${input.disconnected}, after the deadline ${input.deadline}: bound from ${input.boundFrom} until the disconnection; consumption is paid until the disconnection (stk. 7)`,
  };
}

/** The earliest disconnection the owner (or a customer) can be told of, if asked on a day. */
export interface EarliestDisconnection {
  /** The day the request is assumed to reach the supplier. */
  askedOn: IsoDate;
  /**
   * The day the DataHub request goes out: at once (BEK §25 stk. 4, "straks"), or — when the cut-off is
   * held back to after the terminated agreement and lies more than `requestMaxCalendarDays` ahead —
   * that many days before the cut-off (regulation H1).
   */
  request: IsoDate;
  /**
   * The earliest cut-off: a disconnection day ≥ 3 working days after the request (SV 2.2.1 b, 2.3.2),
   * and never before the day after the terminated agreement ends (BEK §25 stk. 6–7; RULES 9, 11).
   */
  cutoff: Dated;
  /** The grid's deadline (RULES 4): disconnected on the cut-off or one of the days up to it. */
  windowDeadline: Dated;
  /** The cut-off was held back to after the terminated agreement's last day. */
  heldToAgreementEnd: boolean;
}

/**
 * Holds a cut-off back to the first disconnection day of the class after the terminated agreement's
 * last day: the owner can never be disconnected, nor bound, before the day after the agreement ends
 * (BEK §25 stk. 6–7; RULES 9, 11). A cut-off already after it is returned unchanged.
 *
 * Example: cut-off Thu 7 Oct 2027, agreement to Sun 31 Oct 2027, household → Mon 1 Nov 2027.
 */
export function cutoffAfterAgreement(
  cutoff: Dated,
  agreementEnd: IsoDate,
  customerClass: CustomerClass,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): { cutoff: Dated; held: boolean } {
  const after = toDayNumber(agreementEnd) + 1;
  if (toDayNumber(cutoff.date) >= after) return { cutoff, held: false };
  const day = firstDisconnectionDayOnOrAfterN(after, customerClass, calendarOf(settings));
  return {
    cutoff: {
      date: fromDayNumber(day),
      basis: `BEK §25 stk. 6–7 (RULES 9, 11): not before the day after the terminated agreement ends (last day ${agreementEnd})${
        day !== after ? `; SV 2.3.2: the first ${customerClass} disconnection day on or after ${fromDayNumber(after)}` : ''
      }; by the request alone it would have been ${cutoff.date} (${cutoff.basis})`,
    },
    held: true,
  };
}

/**
 * The day a request for `cutoff` may be sent when it is ready on `readyOn`: at once, or at most
 * `requestMaxCalendarDays` (60) days before the cut-off (regulation H1).
 */
export function requestSendDay(readyOn: IsoDate, cutoff: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  const max = settings.requestMaxCalendarDays;
  return daysBetween(readyOn, cutoff) > max
    ? { date: addDays(cutoff, -max), basis: `regulation H1: the request goes in at most ${max} days before the cut-off ${cutoff}` }
    : { date: readyOn, basis: 'BEK §25 stk. 4: forwarded at once' };
}

/**
 * The earliest disconnection the supplier can truthfully promise when asked on `askedOn` (BEK §25 stk.
 * 4, 6, 7; RULES 9, 10, 11): the request goes to DataHub at once, the cut-off is the first disconnection
 * day of the class ≥ 3 working days after it (counted from the first working day on or after it,
 * RULES 1) and — given `agreementEnd` — not before the day after the terminated agreement ends; the
 * grid then has its window (RULES 4).
 *
 * Examples: asked Mon 22 Mar 2027, household, physical meter → cut-off Tue 30 Mar 2027 (23, 24, 30 Mar:
 * 25–29 Mar are Easter and a weekend), window to Tue 6 Apr 2027 (30, 31 Mar, 1, 2, 5, 6 Apr). Asked
 * Mon 4 Oct 2027 with the agreement to Sun 31 Oct 2027 → not Thu 7 Oct but Mon 1 Nov 2027.
 */
export function earliestDisconnection(
  input: { askedOn: IsoDate; customerClass: CustomerClass; meter: MeterKind; agreementEnd?: IsoDate },
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): EarliestDisconnection {
  const ctx = calendarOf(settings);
  const r = earliestCutoffN(toDayNumber(input.askedOn), input.customerClass, undefined, ctx);
  let cutoff: Dated = { date: fromDayNumber(r.day), basis: `BEK §25 stk. 4: forwarded at once (${input.askedOn}); ${r.basis}` };
  let held = false;
  if (input.agreementEnd !== undefined) ({ cutoff, held } = cutoffAfterAgreement(cutoff, input.agreementEnd, input.customerClass, settings));
  const window = gridWindow(cutoff.date, input.meter, input.customerClass, settings);
  return {
    askedOn: input.askedOn,
    request: requestSendDay(input.askedOn, cutoff.date, settings).date,
    cutoff,
    windowDeadline: { date: window.deadline, basis: window.basis },
    heldToAgreementEnd: held,
  };
}

/**
 * The latest day an owner's contract can end when the owner gives notice on `noticeGiven` (BEK §25
 * stk. 5: at most 1 month's notice to the end of a month): the last day of the month after the month
 * the notice is given in (`ownerNoticeMonths` 1), or of the same month (0).
 *
 * Example: notice Mon 15 Mar 2027 → Fri 30 Apr 2027; notice Wed 31 Mar 2027 → Fri 30 Apr 2027.
 */
export function ownerNoticeEnd(noticeGiven: IsoDate, owner: Readonly<OwnerSettings> = DEFAULT_OWNER_SETTINGS): Dated {
  const { year, month } = civilOf(toDayNumber(noticeGiven));
  const index = year * 12 + (month - 1) + owner.ownerNoticeMonths;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const date = `${y}-${m < 10 ? `0${m}` : m}-${daysInMonth(y, m)}`;
  return {
    date,
    basis:
      owner.ownerNoticeMonths === 0
        ? `BEK §25 stk. 5: notice given ${noticeGiven}, to the end of the month (setting ownerNoticeMonths 0)`
        : `BEK §25 stk. 5: notice given ${noticeGiven}, at most 1 month's notice to the end of a month`,
  };
}

/** The channels an attempt to reach the owner can use. */
export const CONTACT_CHANNELS = ['letter', 'digital-post', 'email', 'phone', 'sms', 'visit'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** An attempt to reach the owner, as an operator records it. */
export interface ContactAttempt {
  date: IsoDate;
  channel: ContactChannel;
}

/** Whether the attempts recorded meet the unreachable rule (BEK §25 stk. 8). */
export interface UnreachableDecision {
  met: boolean;
  attempts: number;
  channels: number;
  /** Hverdage after the first attempt up to and including the last. */
  hverdage: number;
  /** What is still missing, in words (empty when met). */
  missing: string[];
  basis: string;
}

/**
 * Whether it has "proved impossible to reach the owner" (BEK §25 stk. 8) **[interpretation]**: at least
 * `unreachableMinAttempts` attempts (2) on at least `unreachableMinChannels` channels (2), the last at
 * least `unreachableMinHverdage` hverdage (5) after the first. Only then may the supplier ask the grid
 * to disconnect without the owner's acceptance.
 *
 * Example: phone Tue 5 Oct 2027 and e-mail Tue 12 Oct 2027 → 6, 7, 8, 11, 12 Oct = 5 hverdage: met.
 */
export function ownerUnreachable(
  attempts: readonly ContactAttempt[],
  owner: Readonly<OwnerSettings> = DEFAULT_OWNER_SETTINGS,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): UnreachableDecision {
  const dates = attempts.map((a) => a.date).sort();
  const channels = new Set(attempts.map((a) => a.channel)).size;
  const hverdage = dates.length > 0 ? countHverdage(dates[0]!, dates[dates.length - 1]!, settings) : 0;
  const missing: string[] = [];
  if (attempts.length < owner.unreachableMinAttempts) missing.push(`${owner.unreachableMinAttempts - attempts.length} more attempt(s) (at least ${owner.unreachableMinAttempts})`);
  if (channels < owner.unreachableMinChannels) missing.push(`${owner.unreachableMinChannels - channels} more channel(s) (at least ${owner.unreachableMinChannels} different)`);
  if (hverdage < owner.unreachableMinHverdage) {
    missing.push(`the attempts must span at least ${owner.unreachableMinHverdage} hverdage (now ${hverdage}${dates.length > 0 ? `, from ${dates[0]}` : ''})`);
  }
  const rule = `at least ${owner.unreachableMinAttempts} attempts on ${owner.unreachableMinChannels} channels over ${owner.unreachableMinHverdage} hverdage [interpretation]`;
  return {
    met: missing.length === 0,
    attempts: attempts.length,
    channels,
    hverdage,
    missing,
    basis:
      missing.length === 0
        ? `BEK §25 stk. 8: the owner could not be reached: ${attempts.length} attempts on ${channels} channels from ${dates[0]} to ${dates[dates.length - 1]} (${hverdage} hverdage); rule: ${rule}`
        : `BEK §25 stk. 8: not yet shown that the owner cannot be reached (${rule}): missing ${missing.join('; ')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Requested disconnection (an owner closing a holiday home, a business closing a site)

/**
 * Who asks for the disconnection:
 * - `owner`: the owner of the property, who is the customer of the metering point (a holiday home);
 * - `customer`: a customer who is not the owner (a business renting a site): needs the owner's recorded
 *   consent (BEK §25 stk. 8: no disconnection without the owner's acceptance);
 * - `tenant-moving-out`: a customer who moves out ends the supply agreement; the owner becomes liable
 *   (BEK §25 stk. 2): refused here, the owner-liability case applies.
 */
export const REQUESTER_ROLES = ['owner', 'customer', 'tenant-moving-out'] as const;
export type RequesterRole = (typeof REQUESTER_ROLES)[number];

/** Whether a requester may ask for a disconnection. */
export type RequesterCheck = { allowed: true; basis: string } | { allowed: false; reason: string; basis: string };

/**
 * Checks who asks for a disconnection (RULES 9, 10): the owner, or a customer with the owner's recorded
 * consent. A tenant moving out is refused with "use owner liability".
 *
 * Example: `checkRequester({ role: 'tenant-moving-out' })` → refused, reason `use owner liability: …`.
 */
export function checkRequester(input: { role: RequesterRole; ownerConsentId?: string }): RequesterCheck {
  switch (input.role) {
    case 'owner':
      return { allowed: true, basis: 'RULES 10 D12: ordinary disconnection agreed with the customer, who is the owner (BEK §25 stk. 4, 8)' };
    case 'customer':
      if (input.ownerConsentId) {
        return { allowed: true, basis: `RULES 10 D12: the customer asks with the owner's recorded consent (${input.ownerConsentId}; BEK §25 stk. 8)` };
      }
      return {
        allowed: false,
        reason: "the owner's consent is not recorded: a customer who is not the owner needs it",
        basis: "BEK §25 stk. 8: no disconnection without the owner's acceptance",
      };
    case 'tenant-moving-out':
      return {
        allowed: false,
        reason: 'use owner liability: a tenant moving out ends the supply agreement, and the owner is told and becomes liable',
        basis: 'BEK §25 stk. 2: a customer who terminates leaves the metering point to the owner (RULES 9)',
      };
    default:
      return { allowed: false, reason: `unknown requester role "${String(input.role)}"`, basis: 'RULES 10' };
  }
}

/** The cut-off of a requested disconnection, and when its request goes out. */
export interface RequestedCutoff {
  /** The date the requester chose. */
  wanted: IsoDate;
  /** The cut-off (Ønsket Skæringsdato) the request carries. */
  cutoff: Dated;
  /** The cut-off is later than the date chosen; `reason` says why. */
  moved: boolean;
  reason?: string;
  /** The day the DataHub request goes out: at once, or 60 days before the cut-off (H1). */
  sendOn: Dated;
}

/**
 * The cut-off of a disconnection a requester asked for on `requestedOn` for the date `wanted` (RULES 10:
 * ≥ 3 working days and ≤ 60 days after the request; SV 2.3.2: a disconnection day of the class).
 *
 * **[our choice] A date the grid does not disconnect on is moved, not refused**: the cut-off is the
 * earliest day the grid may disconnect (RULES 10), so "disconnect on Friday" can only mean "from
 * Friday", and the grid's first possible day is the next disconnection day anyway. Moving changes
 * nothing the requester can get, and the reason is recorded and shown; refusing would cost the requester
 * a new request, itself ≥ 3 working days ahead, and so a later disconnection. A date earlier than the
 * earliest cut-off is moved to it for the same reason. A date more than 60 days ahead is kept: the
 * request waits until 60 days before it.
 *
 * Example: asked Wed 1 Sep 2027 for Fri 10 Sep 2027, household → Friday is not a household
 * disconnection day → Mon 13 Sep 2027, sent at once.
 */
export function requestedCutoff(
  input: { requestedOn: IsoDate; wanted: IsoDate; customerClass: CustomerClass },
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): RequestedCutoff {
  const ctx = calendarOf(settings);
  const requested = toDayNumber(input.requestedOn);
  const wanted = toDayNumber(input.wanted);
  const earliest = earliestCutoffN(requested, input.customerClass, undefined, ctx);
  let day: number;
  let basis: string;
  let reason: string | undefined;
  if (wanted < earliest.day) {
    day = earliest.day;
    reason = `${input.wanted} is earlier than the earliest cut-off ${fromDayNumber(day)} for a request sent ${input.requestedOn}`;
    basis = `RULES 10: moved to the earliest cut-off; ${earliest.basis}`;
  } else if (!isDisconnectionDayN(wanted, input.customerClass, ctx)) {
    day = firstDisconnectionDayOnOrAfterN(wanted, input.customerClass, ctx);
    reason = `${input.wanted} is not a ${input.customerClass} disconnection day (${noDisconnectionReasonOfDay(wanted, input.customerClass, ctx)}); moved to the next one, ${fromDayNumber(day)}`;
    basis = `SV 2.3.2: the first ${input.customerClass} disconnection day on or after the date chosen (${input.wanted})`;
  } else {
    day = wanted;
    basis = `RULES 10: the date the requester chose, ≥ ${settings.requestMinWorkingDays} working days after the request and a ${input.customerClass} disconnection day (SV 2.2.1 b, 2.3.2)`;
  }
  const maxDays = settings.requestMaxCalendarDays;
  const sendOn: Dated =
    day - requested > maxDays
      ? { date: fromDayNumber(day - maxDays), basis: `regulation H1: the request goes in at most ${maxDays} days before the cut-off ${fromDayNumber(day)}` }
      : { date: input.requestedOn, basis: 'RULES 10: sent at once' };
  return { wanted: input.wanted, cutoff: { date: fromDayNumber(day), basis }, moved: reason !== undefined, ...(reason ? { reason } : {}), sendOn };
}


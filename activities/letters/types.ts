/**
 * What each letter of a case says, as values: the workflow decides them (amounts, dates from
 * `rules/`), the mail activity renders them into Danish text with the customer's contact data, which
 * the workflow never sees. Amounts are in øre (integers), dates are `IsoDate` (Danish local dates).
 */
import type { CustomerClass, IsoDate, MeterKind, OwnerContract, ReopeningMethod } from '../../rules/index.js';

/** Every letter kind afbryd sends. */
export const LETTER_KINDS = [
  'reminder1',
  'reminder2',
  'securityDemand',
  'terminationNotice',
  'disconnectionNotice',
  'reopeningNotice',
  'ownerNotice',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

interface LetterCommon {
  /**
   * The case id the letter belongs to. Never printed (it carries the metering point and the customer
   * id): the letter names its case by the short case number the mail activity gives the renderer.
   */
  caseId: string;
  /** The metering point (18-digit GSRN) the supply agreement is about. */
  meteringPointId: string;
  customerClass: CustomerClass;
  /**
   * The date printed on the letter (Danish local date), if the workflow wants one: decide it in the
   * workflow (e.g. the day the step runs), so that a retry on a later day renders the same letter.
   * Without it the letter carries no date; the channel's timestamp documents when it was sent.
   */
  letterDate?: IsoDate;
  /**
   * This letter replaces an earlier letter of the same step (e.g. re-sent with dates counted from a later
   * receipt): the letter opens by saying so, and that its dates are the ones that apply.
   * @default false
   */
  correctsEarlierLetter?: boolean;
}

/**
 * A fee charged to the customer by an earlier letter or step of the case and, as far as the case
 * knows, still unpaid (RULES 11: a letter's amount is the arrears plus earlier unpaid fees, each named).
 * `kind` is one of rules/fees.ts `FeeKind`.
 */
export interface OwedFee {
  kind: string;
  amountOre: number;
  /** The day it was charged. */
  chargedOn: IsoDate;
}

/** Rykker 1 or 2 (BEK §27 stk. 2–3; business: per contract). */
export interface ReminderLetter extends LetterCommon {
  kind: 'reminder1' | 'reminder2';
  /** The unpaid amount still due, after partial payments. */
  amountDueOre: number;
  invoiceIds: string[];
  /** Pay by this date. */
  paymentDeadline: IsoDate;
  /**
   * A reminder fee charged with this reminder (Interest Act §9b, at most 100 kr), if any. Not included
   * in `amountDueOre`: the letter states the fee and the total.
   */
  reminderFeeOre?: number;
  /**
   * Business customers only: the fixed compensation for recovery costs (310 kr, Interest Act), charged
   * once instead of reminder fees (RULES 2, default schedule). Not included in `amountDueOre`.
   */
  compensationOre?: number;
  /** The billing system's payment references of the invoices (issue 15 item 13); none: the case number is the reference. */
  paymentReferences?: string[];
  /** Fees charged earlier in the case, still owed: named in the amounts and added to the total (RULES 11). */
  earlierFeesOwed?: OwedFee[];
  /**
   * Households (BEK §27 stk. 3): the security the supplier may demand if the customer does not pay
   * by reminder 2's deadline, in months of expected payment (≤ 5) …
   */
  securityMaxMonths: number;
  /** … and the deadline the customer will get to provide it: this many hverdage from receipt (≥ 15). */
  securityDeadlineHverdage: number;
}

/** Krav om sikkerhedsstillelse (BEK §26–§27). Households only. */
export interface SecurityDemandLetter extends LetterCommon {
  kind: 'securityDemand';
  /** The arrears behind the demand (0 in the variant without arrears). */
  amountDueOre: number;
  /** The security demanded: ≤ 5 months' expected payment and ≤ the supplier's actual risk. */
  securityAmountOre: number;
  /** Provide the security by this date (≥ 15 hverdage from receipt; ≥ 2 months without arrears). */
  deadline: IsoDate;
  /** BEK §27 stk. 1: a demand without arrears (e.g. insolvency). */
  withoutArrears: boolean;
  /** The variant without arrears: its special ground, printed (RULES 11). Written in Danish by billing. */
  ground?: string;
  /**
   * Which bound set the amount (BEK §26 stk. 1; RULES 11): `months` × the expected monthly payment, or
   * the supplier's risk in the case when that is lower. Unset: not stated (a letter before 0.6.1).
   */
  securityBasis?: { bound: 'months' | 'risk-cap'; months: number; monthlyOre: number };
}

/** Varsel om ophævelse (BEK §28 stk. 1–2). Households only. */
export interface TerminationNoticeLetter extends LetterCommon {
  kind: 'terminationNotice';
  securityAmountOre: number;
  /** The agreement may be terminated from this date (≥ 3 hverdage from receipt). */
  effective: IsoDate;
}

/**
 * Ophævelse og varsel om afbrydelse (BEK §28 stk. 3; SV 2.2.1 a, 2.2.2 a, 2.2.3 a), one template per
 * meter kind. For business customers (RULES 3) the letter is a disconnection notice without the
 * termination and without how to avert it.
 */
export interface DisconnectionNoticeLetter extends LetterCommon {
  kind: 'disconnectionNotice';
  meterKind: MeterKind;
  /** Ønsket Skæringsdato: the earliest day the grid may disconnect. */
  cutoff: IsoDate;
  /** The grid's deadline (RULES 4): disconnection happens on the cut-off date or one of the days up to it. */
  windowDeadline: IsoDate;
  /** Households: a new supply agreement entered no later than this hverdag stops the disconnection. */
  newAgreementBy?: IsoDate;
  /** The amount still due. */
  amountDueOre: number;
  /**
   * Business customers: the request is an end of supply (BRS-002), so the agreement ends with the
   * disconnection, and the letter says so (RULES 11). Unset: not said (a disconnection that keeps the
   * agreement, BRS-039 D01, or a letter from before release 0.6.1).
   */
  endsAgreement?: boolean;
  /** Optional fees the customer will be charged (SV 2.2.1 a 6). */
  fees?: { disconnectionOre?: number; reopeningOre?: number };
  /**
   * Hourly-settled points only (`meterKind: 'hourly'`): the grid disconnects by remote control, so the
   * letter also carries SV 2.2.3 a 7–9 (no visit; children, animals and people who cannot take care of
   * themselves; activating the meter after reopening). Physical and remote meters ignore it.
   * @default false
   */
  disconnectedRemotely?: boolean;
}

/** Before reopening (SV 3.2.1 e, 3.2.2 e): when, and what the customer must do. */
export interface ReopeningNoticeLetter extends LetterCommon {
  kind: 'reopeningNotice';
  meterKind: MeterKind;
  /** The expected day and time window (Danish local time, HH:MM). */
  expectedDate: IsoDate;
  from: string;
  to: string;
  /**
   * How the grid reopens (`ExpectedReopening.method` from `rules/`): `remote` adds "the customer must
   * activate the meter" (SV 3.2.2 e 2). Default: `remote` for a remote meter, else `physical` (an hourly
   * point reopens as `hourlyReopeningMethod` says, default physical).
   */
  reopeningMethod?: ReopeningMethod;
}

/**
 * To the owner of the property (BEK §25 stk. 2–7; RULES 9): the customer's agreement ends and none
 * follows; the owner's deadline, the contract on a marketed product's terms and the date from which the
 * owner is bound by it, the owner's notice, and the earliest disconnection if the owner asks for one.
 * `customerClass` is the owner's (the voice: du / I). Template: `templates/owner-notice.ts`.
 */
export interface OwnerNoticeLetter extends LetterCommon {
  kind: 'ownerNotice';
  /** The last day the terminated agreement covers. */
  agreementEnd: IsoDate;
  /** The owner's deadline: a new agreement by this day (≥ 5 hverdage from receipt, stk. 3). */
  deadline: IsoDate;
  /** The first day the owner is bound by the contract if no other agreement is made (stk. 3, 6). */
  boundFrom: IsoDate;
  /**
   * The contract: a marketed product (stk. 5) with the contents of BEK §3 stk. 3 (`contract`,
   * rules/owner-contract.ts) and an optional extra note (`terms`, "Øvrige vilkår"), from the case's
   * settings snapshot (`OwnerSettings.ownerProduct`). A letter without `contract` is refused (a snapshot
   * from before it gets the configured product's in `sendLetter`, activities/mail.ts).
   */
  product: { productId: string; name: string; contract?: OwnerContract; terms?: string };
  /** The owner may leave with at most this many months' notice to the end of a month (stk. 5): 0 or 1. */
  noticeMonths: number;
  /** If the owner asks by `askBy`: the earliest cut-off and the grid's deadline (stk. 4, 7; RULES 4, 10). */
  /**
   * The earliest disconnection if the owner asks by `askBy`. `afterAgreementEnd`: the cut-off was held
   * back to after the terminated agreement ends (BEK §25 stk. 6–7).
   */
  earliestDisconnection: { askBy: IsoDate; cutoff: IsoDate; windowDeadline: IsoDate; afterAgreementEnd?: boolean };
}

/** A letter's content, by kind. */
export type LetterContent =
  | ReminderLetter
  | SecurityDemandLetter
  | TerminationNoticeLetter
  | DisconnectionNoticeLetter
  | ReopeningNoticeLetter
  | OwnerNoticeLetter;

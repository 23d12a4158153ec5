/**
 * The deposit (depositum, BEK §29): security a household provided in cash, held apart from the
 * supplier's funds for a year of timely payment and repaid with interest — or at once when the
 * agreement ends. A workflow of its own, started by the case with an abandon close policy, so it
 * outlives the case. `client/` and tests import only this file.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DepositInterestSettings, InterestPeriod, IsoDate } from '../../rules/index.js';

export const DEPOSIT_WORKFLOW_TYPE = 'depositWorkflow';

/** The workflow id of a deposit. */
export function depositWorkflowId(depositId: string): string {
  return `deposit-${depositId}`;
}

/** What a deposit is started with: ids and amounts only. */
export interface DepositInput {
  depositId: string;
  /** The case that demanded the security. */
  caseId: string;
  customerId: string;
  meteringPointId: string;
  amountOre: number;
  /** The day the deposit was received: interest and the year of timely payment count from it. */
  receivedDate: IsoDate;
  /** How interest is counted. @default DEFAULT_DEPOSIT_INTEREST_SETTINGS */
  interest?: DepositInterestSettings;
  /** Local time repayments are made on their day (`HH:MM`, or `HH:MM:SS`: the case's second of its step window). @default '09:00' */
  stepTimeLocal?: string;
  /**
   * Set only by the deposit itself when it continues as new (issue 14, item 5): what the run before
   * knew, so this run goes on where that one stopped. Never set by a door.
   */
  carried?: DepositCarried;
}

/**
 * What a deposit carries into its next run when it continues as new (release 0.5,
 * `continueAsNewOnYearRestart`): its view (amounts, dates, missed payments, timeline) and the answers
 * it gave (so a message already applied stays a duplicate).
 */
export interface DepositCarried {
  reason: 'the year of timely payment started again';
  state: DepositView;
  outcomes: Record<string, DepositOutcome>;
}

interface EventBase {
  messageId: string;
  actor?: string;
}

/** Billing events the deposit listens to. */
export type DepositEvent = EventBase &
  (
    | { type: 'paidOnTime'; invoiceId: string; dueDate: IsoDate }
    | { type: 'paymentMissed'; invoiceId: string; dueDate: IsoDate }
    | { type: 'agreementEnded'; endDate: IsoDate }
  );

export interface DepositOutcome {
  messageId: string;
  outcome: 'applied' | 'duplicate' | 'rejected';
  reason?: string;
}

/** A repayment made. */
export interface DepositRepayment {
  date: IsoDate;
  reason: 'a year of timely payment' | 'the agreement ended';
  basis: string;
  amountOre: number;
  interestOre: number;
  periods: InterestPeriod[];
  interestBasis: string;
  paymentId: string;
}

export interface DepositView {
  depositId: string;
  caseId: string;
  amountOre: number;
  receivedDate: IsoDate;
  status: 'held' | 'repaid';
  /** Start of the current run of timely payments. */
  timelySince: IsoDate;
  /** When it falls due for repayment if payments stay timely. */
  dueForRepayment?: { date: IsoDate; basis: string };
  missedPayments: { invoiceId: string; dueDate: IsoDate; messageId: string }[];
  repayment?: DepositRepayment;
  timeline: { at: string; what: string; messageId?: string }[];
}

/** Billing events without an answer (tests, batch feeds). */
export const depositEventSignal = defineSignal<[DepositEvent]>('depositEvent');
/** Billing events with an answer (the billing API): applied, duplicate or rejected. */
export const submitDepositEventUpdate = defineUpdate<DepositOutcome, [DepositEvent]>('submitDepositEvent');
export const depositViewQuery = defineQuery<DepositView>('depositView');

/**
 * The unpaid-invoice case (sag om manglende betaling): its input, events, stages, state view, and
 * the signal, update and queries that reach it. `client/` and tests import only this file.
 *
 * A case carries ids and facts only — never a name, address, CPR number, e-mail or phone. Amounts are
 * integers in øre; dates are Danish local dates (`YYYY-MM-DD`).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel, CustomerClass, IsoDate, MeterKind, RulesSettings } from '../../rules/index.js';
import type { LetterKind } from '../../activities/letters/types.js';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/**
 * The workflow id of the one open case per metering point and customer (RULES 2).
 * @param meteringPointId the 18-digit GSRN
 */
export function caseWorkflowId(meteringPointId: string, customerId: string): string {
  return `case-${meteringPointId}-${customerId}`;
}

/** An unpaid invoice behind the case. */
export interface InvoiceRef {
  invoiceId: string;
  /** The unpaid amount, in øre. */
  amountOre: number;
  dueDate: IsoDate;
}

/**
 * A special circumstance known about the metering point (SV 2.2.1 b flags; RULES 2.5): sent with the
 * DataHub request. 1 municipality involved, 2 police involved, 3 bailiff court (fogedret) involved,
 * 4 disconnection agreed with / wanted by the customer, 5 other reason.
 */
export type Circumstance = 'municipality' | 'police' | 'bailiff-court' | 'agreed-with-customer' | 'other';

/** The case's own settings (beside the legal calendar's `RulesSettings`), each with its default. */
export interface CaseRules {
  /**
   * The security demanded, in months of expected payment (BEK §26 stk. 1: at most 5).
   * @default 3
   */
  securityMonths: number;
  /**
   * Reminder fee per reminder for households, in øre (Interest Act §9b: at most 100 kr, at most 3 per
   * claim). 0 charges none.
   * @default 10000 (100 kr)
   */
  reminderFeeOre: number;
  /**
   * What the business path asks DataHub for (RULES 3): an end of supply (BRS-002), or a disconnection
   * that keeps the agreement (BRS-039 service request D01).
   * @default 'end-of-supply'
   */
  businessRequestKind: 'end-of-supply' | 'disconnect-service';
  /**
   * Local wall-clock time at which a step due on a day is carried out.
   * @default '09:00'
   */
  stepTimeLocal: string;
}

/** Everything that governs a case, snapshotted when it starts. */
export interface CaseSettings {
  /** A content hash of the snapshot: two cases with the same id ran on the same settings. */
  versionId: string;
  rules: RulesSettings;
  case: CaseRules;
}

/** What a case is started with: ids and facts only. */
export interface CaseInput {
  /** The case id (shown to customer service; used in idempotency keys). */
  caseId: string;
  customerId: string;
  /** The 18-digit GSRN of the metering point. */
  meteringPointId: string;
  /** The unpaid invoices (at least one, except in the variant without arrears). */
  invoices: InvoiceRef[];
  customerClass: CustomerClass;
  /** By settlement (RULES 4). Unset: looked up from DataHub's master data by an activity. */
  meterKind?: MeterKind;
  /**
   * The channel letters go on first (RULES 1). A letter digital post cannot deliver goes as a
   * physical letter regardless.
   * @default 'digital'
   */
  preferredChannel?: Channel;
  /** Special circumstances known before the first request (SV 2.3.4). @default [] */
  circumstances?: Circumstance[];
  /**
   * Households: a security demand without arrears (BEK §27 stk. 1), with the ground for expecting
   * inability or unwillingness to pay (BEK §26 stk. 1). The case starts at the security demand.
   * @default undefined
   */
  withoutArrears?: { ground: string };
  /**
   * The settings snapshot. Unset: the worker's configured settings are snapshotted by a local
   * activity when the case starts (recorded in history, so replay and later configuration changes
   * never alter a running case).
   */
  settings?: CaseSettings;
}

/** Where a case is: one vocabulary for the `AfbrydStage` search attribute, the API and the CLI. */
export const STAGES = [
  'opened',
  'reminder-1',
  'reminder-2',
  'security-demand',
  'termination-notice',
  'disconnection-requested',
  'disconnected',
  'reopening',
  'on-hold',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

/** The steps a case takes, in the order of RULES 2 (business: without security and termination). */
export type StepName =
  | 'reminder1'
  | 'reminder2'
  | 'securityDemand'
  | 'terminationNotice'
  | 'disconnectionRequest'
  | 'gridWindow'
  | 'awaitReopeningGrounds'
  | 'reopening';

/** Why a case closed. */
export type CloseReason =
  | 'paid'
  | 'security-provided'
  | 'payment-arrangement'
  | 'supplier-switched'
  | 'customer-moved'
  | 'complaint-upheld'
  | 'reopened'
  | 'cancelled-by-operator';

// ---------------------------------------------------------------------------------------------
// Events. Each carries a message id so that a retried or duplicated message is applied once.

interface EventBase {
  /** Unique per message from its sender; a second message with the same id is a duplicate. */
  messageId: string;
  /** Who sent it: `billing`, `datahub`, or an operator's id (e.g. `operator:jens`). No names. */
  actor?: string;
}

/** From billing. */
export type BillingEvent = EventBase &
  (
    | { type: 'paymentReceived'; amountOre: number }
    | { type: 'securityProvided'; amountOre: number }
    | { type: 'paymentArrangementAgreed'; arrangement: 'instalments' | 'municipality-guarantee' | 'other' }
    | {
        type: 'supplyAgreementSigned';
        /** How the agreement was validated (from 1 July 2026: MitID or a signature for households). */
        validatedWith: 'mitid' | 'signature' | 'other';
        effectiveFrom: IsoDate;
      }
    | { type: 'complaintFiled'; complaintId: string }
    | { type: 'complaintResolved'; complaintId: string; upheld: boolean }
    | { type: 'appealFiled'; appealId: string }
    | { type: 'appealDecided'; appealId: string; upheld: boolean }
    | { type: 'customerMoved'; moveOutDate: IsoDate }
    | { type: 'invoiceMissed'; invoice: InvoiceRef }
  );

/** DataHub's reason codes when the grid did not disconnect (RULES 10, BRS-002/RSM-020). */
export type NotDisconnectedReason = 'D41' | 'D42' | 'D43' | 'D44' | 'D58';

/** From DataHub (through the inbound poller). */
export type DataHubEvent = EventBase &
  (
    | { type: 'requestConfirmed'; processId?: string }
    | { type: 'requestRejected'; code: string; text?: string }
    | { type: 'disconnected'; date: IsoDate; meterReading?: { value: number; unit: 'kWh' } }
    | { type: 'notDisconnected'; reason: NotDisconnectedReason; text?: string }
    | { type: 'supplierSwitched'; effectiveDate: IsoDate }
    | { type: 'reopened'; date: IsoDate }
    | { type: 'notReopened'; expectedAt?: string; text?: string }
    | { type: 'endOfSupplyCancelled' }
  );

/** Reasons an operator may hold a case (RULES 2 events by stage). */
export type HoldReason = 'death' | 'bankruptcy' | 'welfare-concern' | 'investigation' | 'other';

/** From an operator. */
export type OperatorEvent = EventBase &
  (
    | { type: 'hold'; reason: HoldReason; note?: string }
    | { type: 'release'; holdId?: string }
    /** Retry the step that stopped on a failure an outside party will not fix by itself. */
    | { type: 'retryStep' }
  );

export type CaseEvent = BillingEvent | DataHubEvent | OperatorEvent;
export type CaseEventType = CaseEvent['type'];

/** What became of a message. */
export interface EventOutcome {
  messageId: string;
  outcome: 'applied' | 'duplicate' | 'rejected';
  /** Why it was rejected, or what it did. */
  reason?: string;
  stage: Stage;
}

// ---------------------------------------------------------------------------------------------
// What the case shows.

/** Who or what caused a step. */
export type Cause =
  | { type: 'start' }
  | { type: 'timer'; date: IsoDate }
  | { type: 'event'; messageId: string; actor?: string; eventType: CaseEventType };

/** One line of the case's timeline. */
export interface TimelineEntry {
  /** Workflow time (UTC ISO instant) it was recorded. */
  at: string;
  /** What happened, in the domain's words (English). */
  what: string;
  /** The legal basis of the date or the step, where there is one. */
  basis?: string;
  cause: Cause;
  /** Dates and references that go with it (receipt, deadline, cut-off, letter id, DataHub ids). */
  facts?: Record<string, string | number | boolean>;
}

/** A letter the case sent. */
export interface SentLetter {
  kind: LetterKind;
  /** 0 for the first run of the steps; +1 each time a hold's release redoes a step. */
  cycle: number;
  letterId: string;
  channel: Channel;
  sentDate: IsoDate;
  receivedDate: IsoDate;
  contentHash: string;
}

/** The DataHub request of the case. */
export interface DisconnectionRequest {
  kind: 'end-of-supply' | 'disconnect-service';
  cycle: number;
  messageId: string;
  transactionId: string;
  processId?: string;
  sentDate: IsoDate;
  cutoff: IsoDate;
  cutoffBasis: string;
  windowDeadline: IsoDate;
  windowDeadlineBasis: string;
  status: 'sent' | 'confirmed' | 'rejected' | 'cancelled' | 'disconnected' | 'not-disconnected';
}

/** An open hold. */
export interface Hold {
  holdId: string;
  kind: 'complaint' | 'appeal' | 'operator';
  reason: string;
  since: string;
}

/** The case as operators and customer service see it (SV 4.3.6). */
export interface CaseView {
  caseId: string;
  customerId: string;
  meteringPointId: string;
  customerClass: CustomerClass;
  meterKind?: MeterKind;
  stage: Stage;
  /** The next step and the date it is due, with its basis; unset while waiting on an outside party. */
  next?: { step: StepName; date?: IsoDate; basis?: string; waitingFor?: string };
  invoices: InvoiceRef[];
  amountDueOre: number;
  letters: SentLetter[];
  /** The security demanded and its deadline (households). */
  securityDeadline?: { date: IsoDate; basis: string; securityAmountOre: number };
  /** When the termination takes effect (households). */
  terminationEffective?: { date: IsoDate; basis: string };
  request?: DisconnectionRequest;
  disconnected?: { date: IsoDate; meterReading?: { value: number; unit: 'kWh' } };
  holds: Hold[];
  needsAttention: boolean;
  closed?: { reason: CloseReason; at: string };
  timeline: TimelineEntry[];
  settings?: CaseSettings;
}

/**
 * Delivers an event and does not wait (the DataHub poller; scenario tests on the time-skipping
 * server). The outcome is recorded in the timeline.
 */
export const caseEventSignal = defineSignal<[CaseEvent]>('caseEvent');

/**
 * Delivers an event and answers what became of it (the billing API and operators). An update, not a
 * signal, because the caller must hear whether it was applied, a duplicate, or rejected and why.
 */
export const submitCaseEventUpdate = defineUpdate<EventOutcome, [CaseEvent]>('submitCaseEvent');

/** The whole case view. */
export const caseViewQuery = defineQuery<CaseView>('caseView');

/** The outcome of a message the case has seen, by message id (null if never seen). */
export const eventOutcomeQuery = defineQuery<EventOutcome | null, [string]>('eventOutcome');

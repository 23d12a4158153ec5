/**
 * The unpaid-invoice case (sag om manglende betaling): its input, events, stages, state view, and
 * the signal, update and queries that reach it. `client/` and tests import only this file.
 *
 * A case carries ids and facts only — never a name, address, CPR number, e-mail or phone. Amounts are
 * integers in øre; dates are Danish local dates (`YYYY-MM-DD`).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Authority,
  CaseSettings,
  Channel,
  Circumstance,
  CustomerClass,
  FeeKind,
  FollowUpServiceType,
  IsoDate,
  MeterKind,
  RefusalCode,
} from '../../rules/index.js';
import type { LetterKind } from '../../activities/letters/types.js';
import type { AttentionReason } from '../shared/attention.js';
import type { CircumstancesInProcess } from '../shared/records.js';

export type { CaseRules, CaseSettings, Circumstance } from '../../rules/index.js';

export { ATTENTION, type AttentionCode, type AttentionReason } from '../shared/attention.js';

/** The workflow type new cases start. */
export const CASE_WORKFLOW_TYPE = 'caseWorkflowV2';

/**
 * Every workflow type that runs an unpaid-invoice case: version 1 (`caseWorkflow`, frozen, draining
 * into version 2) and version 2 (`caseWorkflowV2`). Clients treat them alike: same ids, queries,
 * updates and search attributes. A drained version is removed from this list when visibility counts
 * no open run of it (docs/ARCHITECTURE.md).
 */
export const CASE_WORKFLOW_TYPES = ['caseWorkflow', 'caseWorkflowV2'] as const;

/** Whether a workflow type runs an unpaid-invoice case (any version). */
export function isCaseWorkflowType(type: string): boolean {
  return (CASE_WORKFLOW_TYPES as readonly string[]).includes(type);
}

/** The visibility clause that matches every version of the case workflow. */
export const CASE_WORKFLOW_TYPES_CLAUSE = `WorkflowType IN (${CASE_WORKFLOW_TYPES.map((t) => `'${t}'`).join(', ')})`;

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
  /**
   * The payment reference the billing system gave the invoice (e.g. an FI reference `+71<…>`): the
   * letters print it for the customer's bank; afbryd never builds one from ids (issue 15 item 13).
   * @default undefined (the letters ask the customer to state the case number)
   */
  paymentReference?: string;
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
  /**
   * Special circumstances known before the first request (SV 2.3.4): the municipality, the police or
   * the bailiff court is involved before the request, which is flagged with them. @default []
   */
  circumstances?: Circumstance[];
  /**
   * The customer's product with the supplier, whose terms give the supplier's own fees (RULES 8).
   * @default the fee settings' `defaultProduct`
   */
  productId?: string;
  /**
   * Households: a security demand without arrears (BEK §27 stk. 1), with the ground for expecting
   * inability or unwillingness to pay (BEK §26 stk. 1). The case starts at the security demand.
   * @default undefined
   */
  withoutArrears?: { ground: string };
  /**
   * The supplier's risk in the case, in øre, from the billing system (BEK §26 stk. 1: the security is
   * at most this and at most `securityMonths`' expected payment). Unset: only the months bound applies.
   * @default undefined
   */
  securityRiskCapOre?: number;
  /**
   * Business customers: the billing system says the agreement is one between businesses (Interest Act
   * §1 stk. 4), so the fixed 310 kr compensation may be charged (RULES 2). Unset: not eligible.
   * @default undefined
   */
  compensationEligible?: boolean;
  /**
   * A case carried over half-way from the supplier's previous system (go-live import, issue 7): the
   * letters it already sent, checked against the rules before the start (`rules/history.ts`), and the
   * step afbryd takes next. Unset: a new case from rykker 1.
   * @default undefined
   */
  imported?: ImportedHistory;
  /**
   * The settings snapshot. Unset: the worker's configured settings are snapshotted by a local
   * activity when the case starts (recorded in history, so replay and later configuration changes
   * never alter a running case).
   */
  settings?: CaseSettings;
}

/** A letter the previous system sent, as the go-live import carries it over. */
export interface ImportedLetter {
  kind: ImportableLetterKind;
  /** The day it was sent (the letter's date). */
  sentDate: IsoDate;
  /** The day the customer received it (digital post: delivered; a physical letter: as presumed). */
  receivedDate: IsoDate;
  channel: Channel;
  /** The previous system's own reference for the letter (no personal data). @default undefined */
  reference?: string;
  /**
   * The deadline the letter stated (a security demand's deadline, a termination notice's day it takes
   * effect), where it differs from afbryd's: the case counts on from the later of the two (RULES 11).
   * @default undefined (afbryd's own)
   */
  statedDeadline?: IsoDate;
  /** A reminder's fee the previous system charged with it, in øre: never charged again. @default undefined */
  feeOre?: number;
}

/** Letters a case may carry over from a previous system: those before the DataHub request. */
export type ImportableLetterKind = 'reminder1' | 'reminder2' | 'securityDemand' | 'terminationNotice';

/**
 * The step an imported case takes next. A case past the DataHub request (its end of supply already
 * in DataHub) is not imported: it finishes in the previous system.
 */
export type ImportableStep = 'reminder1' | 'reminder2' | 'securityDemand' | 'terminationNotice' | 'disconnectionRequest';

/** A case carried over half-way from the previous system. */
export interface ImportedHistory {
  /** The step afbryd takes next; its date counts from the imported letters, as if afbryd had sent them. */
  nextStep: ImportableStep;
  /** The letters already sent, oldest first, one of each kind up to `nextStep`. */
  letters: ImportedLetter[];
  /** The security demanded in the imported security demand, in øre (needed from the termination notice on). */
  securityAmountOre?: number;
  /** The 310 kr compensation the previous system charged a business (with reminder 1), in øre: never charged again. */
  compensationOre?: number;
  /** Where it came from, e.g. `golive-2027-03.csv row 17` (shown in the timeline). */
  source: string;
}

/** Where a case is: one vocabulary for the `AfbrydStage` search attribute, the API and the CLI. */
export const STAGES = [
  'opened',
  'reminder-1',
  'reminder-2',
  'security-demand',
  'termination-notice',
  'disconnection-requested',
  'special-circumstances',
  'disconnected',
  'reopening',
  'on-hold',
  'closing',
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
  | 'specialCircumstances'
  | 'awaitReopeningGrounds'
  | 'reopening'
  | 'settle';

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
    | {
        type: 'paymentReceived';
        amountOre: number;
        /**
         * When billing registered the payment (ISO 8601 instant, billing's own clock). Optional: a payment
         * without it is applied as it arrives. Version 2 from release 0.6.10 (`creditCrossedReminderFee`,
         * RULES 11): a reminder sent after this instant whose arrears the payment covered has its fee
         * credited. Version 1 ignores it.
         */
        registeredAt?: string;
      }
    | { type: 'securityProvided'; amountOre: number }
    | { type: 'paymentArrangementAgreed'; arrangement: 'instalments' | 'municipality-guarantee' | 'other' }
    | {
        type: 'supplyAgreementSigned';
        /** How the agreement was validated (from 1 July 2026: MitID or a signature for households). */
        validatedWith: 'mitid' | 'signature' | 'other';
        effectiveFrom: IsoDate;
      }
    | {
        type: 'complaintFiled';
        complaintId: string;
        /** What the complaint is about, as customer service noted it (no personal data); shown on the hold (version 2). */
        note?: string;
      }
    | { type: 'complaintResolved'; complaintId: string; upheld: boolean }
    | { type: 'appealFiled'; appealId: string }
    | { type: 'appealDecided'; appealId: string; upheld: boolean }
    | { type: 'customerMoved'; moveOutDate: IsoDate }
    | { type: 'invoiceMissed'; invoice: InvoiceRef }
  );

/** DataHub's reason codes when the grid did not disconnect (RULES 10, BRS-002/RSM-020). */
export type NotDisconnectedReason = 'D41' | 'D42' | 'D43' | 'D44' | 'D58';

/** One of our DataHub messages, as an answer names it (at least one of the two). */
export interface RejectionReference {
  transactionId?: string;
  messageId?: string;
}

/** From DataHub (through the inbound poller). */
export type DataHubEvent = EventBase &
  (
    | { type: 'requestConfirmed'; processId?: string }
    | {
        type: 'requestRejected';
        code: string;
        text?: string;
        /**
         * Which of our messages DataHub rejects, when its answer names one: the transaction it refers to
         * (`originalTransactionIDReference_MktActivityRecord.mRID`) or, for an RSM-009, the message it
         * acknowledges (`received_MarketDocument.mRID`). From release 0.6.12 (`rejectionsByTransaction`) a
         * rejection that names a special circumstance's RSM-020 — or any message but the end of supply's
         * own — no longer rejects the end of supply. Absent: the request's own rejection, as before.
         */
        refersTo?: RejectionReference;
      }
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
    /** Lifts an operator hold (the wire name `release` stays). */
    | { type: 'release'; holdId?: string }
    /** Retry the step that stopped on a failure an outside party will not fix by itself. */
    | { type: 'retryStep' }
    /**
     * Release 0.6.10 (version 2, `moveOnBelowMinimum`; issue 15 item 9, RULES 11): the case waits at the
     * reminders because its arrears are below the minimum for a security demand (`securityMinArrearsOre`);
     * an operator moves it on, and the security demand goes out at once. Refused while the case is not
     * held there. `note`: why (≤ 500 characters, no personal data).
     */
    | { type: 'proceedBelowMinimum'; note: string }
  );

/** What the grid company charges the supplier for, settled via DataHub (SV 2.4). */
export type GridChargeKind = 'late-cancellation' | 'futile-visit' | 'disconnection' | 'reopening';

/**
 * From DataHub: the grid company's charge for a service (a fee it links to the metering point and
 * DataHub forwards; SV 2.4 settles disconnection fees via DataHub). A possible late-cancellation fee is
 * booked only when this arrives.
 */
export type GridChargeEvent = EventBase & {
  type: 'gridCharged';
  chargeKind: GridChargeKind;
  /** What the grid charged, in øre. */
  amountOre: number;
  /** The day of the service charged for. */
  date: IsoDate;
  /** The grid's id of the charge. */
  chargeId: string;
};

/**
 * From the authorities (entered by an operator, or their systems): the municipality's or the police's
 * answer with the agreed timing (RULES 5), and the bailiff court's meetings.
 */
export type AuthorityEvent = EventBase &
  (
    | {
        type: 'authorityAnswered';
        authority: 'municipality' | 'police';
        /** The authority's reference. */
        reference?: string;
        /** The date agreed for the disconnection (police: "agree timing"); unset: none agreed. */
        agreedDate?: IsoDate;
        /** The time agreed, `HH:MM`. */
        agreedTime?: string;
        /** What was agreed, for the grid (≤ 500 characters, no personal data). */
        note?: string;
      }
    | {
        type: 'courtScheduled';
        courtCaseId: string;
        /** A preliminary court meeting, or the enforcement itself (the visit the grid attends). */
        meeting: 'preliminary-meeting' | 'enforcement';
        date: IsoDate;
        /** `HH:MM`. */
        time: string;
      }
  );

/** From an operator, for the exceptions (RULES 4, 5). */
export type OperatorExceptionEvent = EventBase &
  (
    /** A known DataHub outage: suspends the case's overdue flag (RULES 4). */
    | { type: 'dataHubOutageMarked'; note?: string }
    /** The outage is over: the grid's report deadline counts again from its end. */
    | { type: 'dataHubOutageCleared' }
    /** An operator task is done (e.g. the court meeting attended, another request approved). */
    | { type: 'taskDone'; taskId: string; note?: string }
    /**
     * An operator has dealt with an attention reason outside the case (version 2): removes it. The
     * code is one of the catalogue's (workflows/shared/attention.ts); `ref` picks one of several.
     */
    | { type: 'acknowledgeAttention'; code: string; ref?: string; note: string }
    /**
     * Customer service gave the customer the reopening information (appliances off, activate the meter;
     * SV 3.2.1 e, 3.2.2 e) by phone or in person, when the new agreement was made (RULES 11). Clears
     * `reopening-information-not-confirmed` (version 2 cases).
     */
    | { type: 'reopeningInformationGiven'; note?: string }
  );

/**
 * The events of the exceptions (issue 6). Kept apart from {@link BillingEvent}, {@link OperatorEvent}
 * and {@link DataHubEvent}, whose types the doors' schemas (client/api/schemas.ts) must cover exactly:
 * until the doors accept these, they reach a case by the `caseEvent` signal or `submitCaseEvent`.
 */
export type ExceptionEvent = GridChargeEvent | AuthorityEvent | OperatorExceptionEvent;

export type CaseEvent = BillingEvent | DataHubEvent | OperatorEvent | ExceptionEvent;
export type CaseEventType = CaseEvent['type'];

/** What became of a message. */
export interface EventOutcome {
  messageId: string;
  outcome: 'applied' | 'duplicate' | 'rejected';
  /** Why it was rejected, or what it did. */
  reason?: string;
  stage: Stage;
  /** The case's number, in an update's answer (version 2), so a door need not ask the case for it. */
  caseId?: string;
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
  /** 0 for the first run of the steps; +1 each time a lifted hold redoes a step. */
  cycle: number;
  letterId: string;
  channel: Channel;
  sentDate: IsoDate;
  receivedDate: IsoDate;
  contentHash: string;
  /**
   * A letter that reached the customer later than its dates assumed and was followed by a corrected
   * one: the corrected letter's id. Both are listed, so customer service sees every letter the customer
   * holds (issue 15 item 12).
   */
  supersededBy?: string;
  /**
   * A disconnection letter's stated fees (SV 2.2.1 a item 6): from release 0.6.6 nothing more is passed
   * on for the disconnection and a reopening (RULES 11). Absent on a letter that stated none.
   */
  announcedFees?: { disconnectionOre: number; reopeningOre: number };
}

/**
 * The DataHub request of the case. From release 0.6.7 (`circumstancesAsServiceRequests`, RULES 10) the
 * special circumstances known when the end of supply went out follow as RSM-020 in its process once
 * DataHub confirms it (`CircumstancesInProcess`, workflows/shared/records.ts).
 */
export interface DisconnectionRequest extends CircumstancesInProcess {
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

/** The grid's refusal of a request (RSM-020 RejectRequestService, RULES 5). */
export interface Refusal {
  code: RefusalCode;
  text?: string;
  /** Workflow time it arrived. */
  at: string;
  messageId: string;
}

/** A new request in the same end-of-supply process (RSM-020 RequestService D09–D13, RULES 5, 10). */
export interface FollowUpRequest {
  serviceType: FollowUpServiceType;
  /** The refusal it answers, or `known` for none. */
  after: RefusalCode | 'known';
  messageId: string;
  transactionId: string;
  sentDate: IsoDate;
  /** The date the grid may disconnect from: agreed, set by the court, or the earliest. */
  date: IsoDate;
  dateBasis: string;
  windowDeadline: IsoDate;
  windowDeadlineBasis: string;
  /** The free text to the grid (≤ 1000 characters; ids and dates only). */
  description: string;
  status: 'sent' | 'rejected';
}

/** An authority the case involved (municipality, police, bailiff court; RULES 5, SV 2.3.4, 2.3.6). */
export interface AuthorityContact {
  authority: Authority;
  /** The grid's refusal that made it necessary, or `known` (known before the first request). */
  why: RefusalCode | 'known';
  /** The message id of that refusal. */
  refusalMessageId?: string;
  /** The authority's reference (the court's case id for the bailiff court). */
  reference: string;
  askedOn: IsoDate;
  /** When it is chased if it has not answered, and when its silence becomes an operator task. */
  chaseOn: IsoDate;
  taskOn: IsoDate;
  chasedOn?: IsoDate;
  taskId?: string;
  /** The answer the case goes on with: the timing agreed, or the enforcement the court set. */
  answer?: { date?: IsoDate; time?: string; note?: string; messageId: string };
  /** The court's meetings, which the supplier attends (SV 2.3.6). */
  meetings?: { meeting: 'preliminary-meeting' | 'enforcement'; date: IsoDate; time: string; messageId: string; taskId: string }[];
  /** The court case was withdrawn (SV 2.3.6 e: paid and a new agreement, moved, switched). */
  withdrawn?: boolean;
}

/** Something an operator must do; nothing waits forever silently (RULES 4, 5). */
export interface OperatorTask {
  taskId: string;
  kind:
    | 'authority-silent'
    | 'grid-overdue'
    | 'grid-not-reopened'
    | 'attend-court'
    | 'refusals-limit'
    | 'grid-charge-unmatched'
    | 'fee-failed';
  what: string;
  /** Workflow time it was opened. */
  opened: string;
  closed?: { at: string; by: string };
}

/** A fee passed to billing, exactly once (its idempotency key). */
export interface ChargedFee {
  kind: FeeKind;
  amountOre: number;
  basis: string;
  date: IsoDate;
  chargeId: string;
  idempotencyKey: string;
  /** The message that caused it, where one did. */
  trigger?: string;
  /**
   * A reminder's fee, from release 0.6.10 (`creditCrossedReminderFee`): the reminder letter that charged
   * it — which, when it was sent (workflow time once the letter had gone out), the arrears it stated, and how
   * many payments with `registeredAt` the case had applied when it was written. A payment registered at
   * billing before `sentAt` and applied after the letter was written may have crossed it (decide.ts).
   */
  reminder?: { letter: 'reminder1' | 'reminder2'; sentAt: string; arrearsOre: number; paymentsSeen: number };
  /**
   * Credited back to the customer (release 0.6.10, RULES 11; Interest Act §9b): the reminder was sent
   * after billing had registered the payment that covered its arrears. The fee is then no longer owed
   * (`earlierFeesOwed`) and counts as never charged.
   */
  credited?: { creditId: string; date: IsoDate; basis: string; idempotencyKey: string; payments: string[] };
  /** Billing refused the credit for good: an operator task (`fee-failed`) says what to do. */
  creditRefused?: { date: IsoDate; failure: string; taskId: string };
}

/** The grid's report deadline for the window running, and whether the case is overdue (RULES 4). */
export interface GridSla {
  windowDeadline: IsoDate;
  reportBy: IsoDate;
  overdueFrom: IsoDate;
  basis: string;
  overdue: boolean;
  /** Workflow time it became overdue. */
  since?: string;
}

/** A cancellation's timing (RULES 2.6) and what became of a possible late fee. */
export interface LateCancellation {
  /** Workflow time the cancellation was sent. */
  cancelledAt: string;
  date: IsoDate;
  time: string;
  lateFeePossible: boolean;
  /** The case waits for the grid's report of a disconnection it may have made first, until this day. */
  reportBy?: IsoDate;
  /** A possible fee lapses if no charge arrived by this day. */
  chargeWaitUntil?: IsoDate;
  status: 'none' | 'possible' | 'charged' | 'lapsed';
  /** Whether a charged late fee is the customer's (else the supplier bears it). */
  passOn: boolean;
  passOnBasis: string;
  basis: string;
}

/** An open hold. */
export interface Hold {
  holdId: string;
  kind: 'complaint' | 'appeal' | 'operator';
  reason: string;
  since: string;
  /** An operator hold's note (no personal data), shown wherever the hold is (version 2 cases). */
  note?: string;
}

/**
 * What a case of release 0.4 or later returns when it closes. Its final view went to the evidence
 * archive (`archiveClosedCase`) and stays behind the `caseView` query while Temporal keeps the history;
 * `readCase` (client/cases.ts) reads either. A case started before 0.4 returns its whole `CaseView`.
 */
export interface CaseClosedResult {
  caseId: string;
  stage: 'closed';
  closed: { reason: string; at: string };
  /** The final view is in the evidence archive. */
  archived: true;
}

/** Whether a case workflow's result is the small result of release 0.4 or later. */
export function isCaseClosedResult(result: CaseView | CaseClosedResult): result is CaseClosedResult {
  return (result as CaseClosedResult).archived === true;
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
  /** Customer service recorded that it gave the reopening information (RULES 11), when and by which message. */
  reopeningInformationGiven?: { at: string; messageId: string; note?: string };
  /**
   * The reopening information went to the customer by SMS or e-mail the same day (release 0.6.9, RULES
   * 11): the channel, when the gateway took it, its message id and the hash of the text (the text is in
   * the evidence archive). No phone number or address.
   */
  reopeningInformationSent?: { channel: 'sms' | 'email'; sentAt: string; messageId: string; contentHash: string };
  /** The security demanded and its deadline (households). */
  securityDeadline?: { date: IsoDate; basis: string; securityAmountOre: number };
  /** When the termination takes effect (households). */
  terminationEffective?: { date: IsoDate; basis: string };
  request?: DisconnectionRequest;
  disconnected?: { date: IsoDate; meterReading?: { value: number; unit: 'kWh' } };
  holds: Hold[];
  /** True while the case needs an operator (version 2: while `attention` has a reason). */
  needsAttention: boolean;
  /** Why the case needs an operator (version 2): open reasons from one catalogue (workflows/shared/attention.ts). */
  attention?: AttentionReason[];
  closed?: { reason: CloseReason; at: string };
  timeline: TimelineEntry[];
  settings?: CaseSettings;
  /** The grid's refusals (RULES 5). */
  refusals?: Refusal[];
  /** New requests in the same end-of-supply process (RSM-020). */
  followUps?: FollowUpRequest[];
  /** Authorities involved (municipality, police, bailiff court). */
  authorityContacts?: AuthorityContact[];
  /** Operator tasks, open and done. */
  tasks?: OperatorTask[];
  /** The grid's report deadline and the overdue flag (`AfbrydOverdue`). */
  gridSla?: GridSla;
  /** A DataHub outage an operator marked: suspends the overdue flag. */
  dataHubOutage?: { since: string; messageId: string; note?: string };
  /** Fees passed to billing. */
  fees?: ChargedFee[];
  /** The last cancellation's timing, if it could have cost a fee or crossed a disconnection. */
  lateCancellation?: LateCancellation;
  /**
   * The grid disconnected before it got the cancellation and reopens by itself (SV 2.2.1 e): afbryd
   * sends no reopening of its own.
   */
  selfReopening?: { disconnectedDate: IsoDate; messageId: string; reopenedDate?: IsoDate; wrongful?: boolean };
  /** The deposit started when security was provided (BEK §29), a workflow of its own. */
  deposit?: { depositId: string; workflowId: string; amountOre: number; receivedDate: IsoDate };
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

/**
 * "Master data for your metering point has arrived" (issue 16 item 8): a nudge, no payload — a case of
 * version 2 waiting for master data (attention reason `master-data-missing`) looks in the master-data
 * store again at once instead of at its next scheduled look. Sent by the DataHub poller after an
 * RSM-022 and by the doors that store master data (`POST /master-data`, the CSV import); the facts
 * themselves never travel in a signal (they are read by the lookup activity, recorded in history).
 */
export const masterDataSuppliedSignal = defineSignal<[]>('masterDataSupplied');

/** The outcome of a message the case has seen, by message id (null if never seen). */
export const eventOutcomeQuery = defineQuery<EventOutcome | null, [string]>('eventOutcome');

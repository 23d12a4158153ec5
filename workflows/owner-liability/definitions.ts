/**
 * Owner liability (ejerhæftelse, BEK §25; RULES 9): a customer's own termination leaves a metering point
 * without a supply agreement, and the owner of the property is told, given a deadline and a contract,
 * and bound by it unless a new agreement is made or the supply is disconnected at the owner's request.
 * Its input, events, stages, view, and the signal, update and queries that reach it. `client/` and tests
 * import only this file.
 *
 * The messages share their names with the unpaid-invoice case (`caseEvent`, `submitCaseEvent`,
 * `caseView`, `eventOutcome`), so a door can deliver to any kind of case by workflow id. Ids only: never
 * a name, address, CPR number, e-mail or phone.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Channel,
  ContactChannel,
  CustomerClass,
  Dated,
  IsoDate,
  MeterKind,
  OwnerCaseSettings,
  UnreachableDecision,
} from '../../rules/index.js';
import type { DataHubEvent } from '../case/definitions.js';
/**
 * "Master data for your metering point has arrived" (release 0.6.9, `masterDataWait`): the one nudge of
 * every kind of case (defined with version 2's, workflows/case/definitions.ts); a case waiting with
 * `master-data-missing` looks in the master-data store again at once.
 */
export { masterDataSuppliedSignal } from '../case/definitions.js';
import type { AttentionCode, AttentionReason } from '../shared/attention.js';
import type {
  Cause,
  DisconnectedRecord,
  DisconnectionRequestRecord,
  EventOutcome,
  SentLetterRecord,
  TimelineEntry,
} from '../shared/records.js';

export type { Cause, DisconnectedRecord, DisconnectionRequestRecord, EventOutcome, SentLetterRecord, TimelineEntry };
export type { OwnerCaseSettings } from '../../rules/index.js';

export const OWNER_LIABILITY_WORKFLOW_TYPE = 'ownerLiabilityWorkflow';
/** The `AfbrydCaseKind` of an owner-liability case. */
export const OWNER_LIABILITY_CASE_KIND = 'owner-liability';

/**
 * The workflow id of the one open owner-liability case per metering point and owner:
 * `owner-<GSRN>-<ownerId>`. A later termination on the same metering point starts a new run under the
 * same id once the earlier case has closed.
 */
export function ownerLiabilityWorkflowId(meteringPointId: string, ownerId: string): string {
  return `owner-${meteringPointId}-${ownerId}`;
}

/** What an owner-liability case is started with: ids and facts only. */
export interface OwnerLiabilityInput {
  /** The case id (letters, idempotency keys). @default `<GSRN>-<ownerId>-<terminatedAgreementId>` (set by the door) */
  caseId: string;
  /** The 18-digit GSRN of the metering point. */
  meteringPointId: string;
  /** The owner of the property, as the customer registry knows them (their contact data stays there). */
  ownerId: string;
  /** The customer's supply agreement that was terminated (by the customer, not by the supplier). */
  terminatedAgreementId: string;
  /** The last day the terminated agreement covers. */
  agreementEnd: IsoDate;
  /**
   * The owner's class: the voice of the letter and the days the grid disconnects (SV 2.3.2).
   * @default 'household'
   */
  ownerClass?: CustomerClass;
  /** By settlement (RULES 4). Unset: looked up from DataHub's master data. */
  meterKind?: MeterKind;
  /** The channel the owner's letter goes on first (RULES 1). @default 'digital' */
  preferredChannel?: Channel;
  /** The settings snapshot. Unset: the worker's, snapshotted by a local activity when the case starts. */
  settings?: OwnerCaseSettings;
}

/** Where an owner-liability case is (`AfbrydStage`). */
export const OWNER_LIABILITY_STAGES = ['opened', 'owner-notified', 'disconnection-requested', 'disconnected', 'closed'] as const;
export type OwnerLiabilityStage = (typeof OWNER_LIABILITY_STAGES)[number];

/** Why an owner-liability case closed. */
export type OwnerCloseReason =
  /** A new agreement was signed (by the owner, a new customer, anyone) before the owner was bound. */
  | 'new-agreement'
  /** The deadline ran out: the owner is bound by the contract (BEK §25 stk. 3, 6). */
  | 'owner-bound'
  /** Disconnected at the owner's request before the owner was bound (stk. 4). */
  | 'disconnected-not-bound'
  /** Disconnected at the owner's request, after the owner was bound (stk. 4 did not apply). */
  | 'disconnected-owner-bound'
  /** Disconnected without the owner's acceptance: the owner could not be reached (stk. 8). */
  | 'disconnected-owner-unreachable'
  /** Another supplier supplies the metering point. */
  | 'supplier-switched'
  /** An operator cancelled the case (the termination withdrawn, opened in error). */
  | 'cancelled';

interface EventBase {
  /** Unique per message from its sender; a second message with the same id is a duplicate. */
  messageId: string;
  /** Who sent it: `billing`, `datahub`, or an operator's id. No names. */
  actor?: string;
}

/** From billing or customer service. */
export type OwnerBillingEvent = EventBase &
  (
    /** A new supply agreement for the metering point: the owner signed the contract or another, or a new customer signed. */
    | { type: 'agreementSigned'; signedBy: 'owner' | 'new-customer' | 'other'; agreementId: string; effectiveFrom: IsoDate }
    /** The owner asks for the supply to be disconnected (BEK §25 stk. 4): forwarded to DataHub at once. */
    | { type: 'ownerAskedForDisconnection' }
  );

/** From an operator. */
export type OwnerOperatorEvent = EventBase &
  (
    /** An attempt to reach the owner, dated, with its channel (BEK §25 stk. 8). */
    | { type: 'contactAttemptRecorded'; date: IsoDate; channel: ContactChannel; note?: string }
    /**
     * Request the disconnection without the owner's acceptance because the owner could not be reached
     * (stk. 8): refused until the recorded attempts meet the setting's minimum.
     */
    | { type: 'ownerUnreachableDisconnection'; note?: string }
    /** Retry the owner's letter after fixing what stopped it (e.g. an owner unknown to the registry). */
    | { type: 'retryStep' }
    /** Cancel the case (the customer withdrew the termination, the case was opened in error). */
    | { type: 'caseCancelled'; reason: 'termination-withdrawn' | 'opened-in-error' | 'other'; note?: string }
    /** An operator dealt with an attention reason outside the case: it is removed (release 0.6). */
    | { type: 'acknowledgeAttention'; code: AttentionCode; ref?: string; note: string }
    /**
     * The one-off check (`afbryd owner check-agreement-end`) found a disconnection planned before the
     * day after the terminated agreement ends (a run started before release 0.6.1): it opens the
     * attention reason `owner-cutoff-before-agreement-end`.
     */
    | { type: 'agreementEndConflict'; plannedCutoff: IsoDate; note?: string }
  );

/** From DataHub (the grid's answer to the request; another supplier). */
export type OwnerDataHubEvent = Extract<
  DataHubEvent,
  { type: 'requestConfirmed' | 'requestRejected' | 'disconnected' | 'notDisconnected' | 'supplierSwitched' | 'endOfSupplyCancelled' }
>;

export type OwnerLiabilityEvent = OwnerBillingEvent | OwnerOperatorEvent | OwnerDataHubEvent;
export type OwnerLiabilityEventType = OwnerLiabilityEvent['type'];

/** An attempt to reach the owner, as recorded. */
export interface ContactAttemptRecord {
  date: IsoDate;
  channel: ContactChannel;
  note?: string;
  messageId: string;
  actor?: string;
}

/** The owner-liability case as operators see it. */
export interface OwnerLiabilityView {
  caseId: string;
  kind: typeof OWNER_LIABILITY_CASE_KIND;
  meteringPointId: string;
  ownerId: string;
  terminatedAgreementId: string;
  agreementEnd: IsoDate;
  ownerClass: CustomerClass;
  meterKind?: MeterKind;
  stage: OwnerLiabilityStage;
  /** The next step and its date with its basis; unset while waiting on an outside party. */
  next?: { step: string; date?: IsoDate; basis?: string; waitingFor?: string };
  letters: SentLetterRecord[];
  /** The owner's deadline (stk. 3). */
  deadline?: Dated;
  /** The first day the owner is bound if nothing else happens (stk. 3, 6). */
  boundFrom?: Dated;
  /** The product of the contract sent (stk. 5). */
  productId?: string;
  /** The latest day a contract can end if the owner gives notice on the day the letter is received (stk. 5). */
  noticeExample?: { noticeGiven: IsoDate; endsAtLatest: Dated };
  /**
   * The earliest disconnection the owner can be promised (stk. 4, 7; RULES 4, 10), and that consumption
   * is paid until the disconnection.
   */
  earliestDisconnection?: { askBy: IsoDate; cutoff: Dated; windowDeadline: Dated; payment: string };
  /** Attempts to reach the owner (stk. 8). */
  contactAttempts: ContactAttemptRecord[];
  /** Whether the attempts meet the unreachable rule, as last evaluated. */
  unreachable?: UnreachableDecision;
  /** Why a disconnection was requested: the owner asked (D12), or could not be reached (D13). */
  disconnectionGround?: { ground: 'owner-asked' | 'owner-unreachable'; basis: string; messageId: string };
  request?: DisconnectionRequestRecord;
  disconnected?: DisconnectedRecord;
  /** Whether, and from when, the owner is bound (stk. 3, 4, 6). */
  binding?: { bound: boolean; from?: IsoDate; basis: string };
  /** Whether an operator must look at the case: true while an attention reason is open (derived from `attention`). */
  needsAttention: boolean;
  /** Why: the open reasons, each with its code from the catalogue (workflows/shared/attention.ts). */
  attention?: AttentionReason[];
  closed?: { reason: OwnerCloseReason; at: string };
  timeline: TimelineEntry[];
  settings?: OwnerCaseSettings;
}

/** Delivers an event and does not wait (time-skipped tests; a DataHub poller). */
export const ownerLiabilityEventSignal = defineSignal<[OwnerLiabilityEvent]>('caseEvent');

/**
 * Delivers an event and answers what became of it (the API and operators). An update, not a signal,
 * because the caller must hear whether it was applied, a duplicate, or rejected and why (e.g. the
 * unreachable rule not yet met).
 */
export const submitOwnerLiabilityEventUpdate = defineUpdate<EventOutcome<OwnerLiabilityStage>, [OwnerLiabilityEvent]>('submitCaseEvent');

/** The whole case view. */
export const ownerLiabilityViewQuery = defineQuery<OwnerLiabilityView>('caseView');

/** The outcome of a message the case has seen, by message id (null if never seen). */
export const ownerLiabilityEventOutcomeQuery = defineQuery<EventOutcome<OwnerLiabilityStage> | null, [string]>('eventOutcome');

/**
 * A disconnection the customer or the owner asks for (RULES 9, 10: D12, "ordinary disconnection agreed
 * with the customer"): an owner closing a holiday home, a business closing a site. Its input, events,
 * stages, view, and the signal, update and queries that reach it. `client/` and tests import only this
 * file.
 *
 * The messages share their names with the other cases (`caseEvent`, `submitCaseEvent`, `caseView`,
 * `eventOutcome`). Ids only: never a name, address, CPR number, e-mail or phone.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CustomerClass, Dated, IsoDate, MeterKind, RequesterRole } from '../../rules/index.js';
import type { DataHubEvent } from '../case/definitions.js';
/**
 * "Master data for your metering point has arrived" (release 0.6.9, `masterDataWait`): the one nudge of
 * every kind of case (defined with version 2's, workflows/case/definitions.ts); a case waiting with
 * `master-data-missing` looks in the master-data store again at once.
 */
export { masterDataSuppliedSignal } from '../case/definitions.js';
import type { OwnerCaseSettings } from '../owner-liability/definitions.js';
import type { AttentionCode, AttentionReason } from '../shared/attention.js';
import type { Cause, DisconnectedRecord, DisconnectionRequestRecord, EventOutcome, TimelineEntry } from '../shared/records.js';

export type { Cause, DisconnectedRecord, DisconnectionRequestRecord, EventOutcome, OwnerCaseSettings, TimelineEntry };

export const REQUESTED_DISCONNECTION_WORKFLOW_TYPE = 'requestedDisconnectionWorkflow';
/** The `AfbrydCaseKind` of a requested disconnection. */
export const REQUESTED_DISCONNECTION_CASE_KIND = 'requested-disconnection';

/**
 * The workflow id of a requested disconnection: `disconnect-<GSRN>-<requestId>`, where the request id is
 * the caller's own id of the request (so a retried start finds the same case).
 */
export function requestedDisconnectionWorkflowId(meteringPointId: string, requestId: string): string {
  return `disconnect-${meteringPointId}-${requestId}`;
}

/** What a requested disconnection is started with: ids and facts only. */
export interface RequestedDisconnectionInput {
  /** The case id (idempotency keys). @default `<GSRN>-<requestId>` (set by the door) */
  caseId: string;
  /** The caller's id of the request. */
  requestId: string;
  /** The 18-digit GSRN of the metering point. */
  meteringPointId: string;
  /** The customer of the metering point who asks (the owner, or a customer who is not the owner). */
  customerId: string;
  /** Who asks: `owner`, `customer` (needs `ownerConsentId`), or `tenant-moving-out` (refused: owner liability). */
  requesterRole: RequesterRole;
  /** The owner of the property, when the requester is not the owner. @default undefined */
  ownerId?: string;
  /** The reference of the owner's recorded consent (a document id; no personal data). @default undefined */
  ownerConsentId?: string;
  /** The days the grid disconnects (SV 2.3.2). */
  customerClass: CustomerClass;
  /** By settlement (RULES 4). Unset: looked up from DataHub's master data. */
  meterKind?: MeterKind;
  /** The date the requester chose for the disconnection (the cut-off wanted). */
  wantedDate: IsoDate;
  /** The settings snapshot. Unset: the worker's, snapshotted by a local activity when the case starts. */
  settings?: OwnerCaseSettings;
}

/** Where a requested disconnection is (`AfbrydStage`). */
export const REQUESTED_DISCONNECTION_STAGES = ['received', 'scheduled', 'disconnection-requested', 'disconnected', 'reopening', 'closed'] as const;
export type RequestedDisconnectionStage = (typeof REQUESTED_DISCONNECTION_STAGES)[number];

/** Why a requested disconnection closed. */
export type RequestedCloseReason =
  /** The requester may not ask (a tenant moving out: owner liability; no owner's consent). */
  | 'refused'
  /** The requester cancelled before the disconnection. */
  | 'cancelled'
  /** Reopened at the requester's request (or by the grid). */
  | 'reopened'
  /** Another supplier supplies the metering point. */
  | 'supplier-switched'
  /** An operator closed the case. */
  | 'closed-by-operator';

interface EventBase {
  messageId: string;
  actor?: string;
}

/** From the requester, through billing or customer service. */
export type RequesterEvent = EventBase &
  (
    /** Cancel the disconnection (before it happens): the DataHub request is cancelled (RSM-024). */
    | { type: 'cancellationRequested' }
    /** Reopen after the disconnection: start of supply (BRS-009), then RequestService D03. */
    | { type: 'reopeningRequested' }
  );

/** From an operator. */
export type RequestedOperatorEvent = EventBase &
  (
    | { type: 'caseClosed'; note?: string }
    /** An operator dealt with an attention reason outside the case: it is removed (release 0.6). */
    | { type: 'acknowledgeAttention'; code: AttentionCode; ref?: string; note: string }
  );

/** From DataHub. */
export type RequestedDataHubEvent = Extract<
  DataHubEvent,
  {
    type:
      | 'requestConfirmed'
      | 'requestRejected'
      | 'disconnected'
      | 'notDisconnected'
      | 'reopened'
      | 'notReopened'
      | 'endOfSupplyCancelled'
      | 'supplierSwitched';
  }
>;

export type RequestedDisconnectionEvent = RequesterEvent | RequestedOperatorEvent | RequestedDataHubEvent;
export type RequestedDisconnectionEventType = RequestedDisconnectionEvent['type'];

/** The reopening requested. */
export interface ReopeningRecord {
  requestedOn: IsoDate;
  startOfSupplyMessageId: string;
  messageId: string;
  /** When the grid is expected to reopen (SV 3.2). */
  expected: Dated & { from: string; to: string };
  status: 'sent' | 'rejected' | 'reopened' | 'not-reopened';
  reopenedDate?: IsoDate;
}

/** The requested disconnection as operators see it. */
export interface RequestedDisconnectionView {
  caseId: string;
  kind: typeof REQUESTED_DISCONNECTION_CASE_KIND;
  requestId: string;
  meteringPointId: string;
  customerId: string;
  requesterRole: RequesterRole;
  ownerId?: string;
  ownerConsentId?: string;
  customerClass: CustomerClass;
  meterKind?: MeterKind;
  stage: RequestedDisconnectionStage;
  next?: { step: string; date?: IsoDate; basis?: string; waitingFor?: string };
  /** The date the requester chose. */
  wantedDate: IsoDate;
  /** Why the requester may ask, or why not. */
  requester?: { allowed: boolean; basis: string; reason?: string };
  /** The cut-off the request carries; `moved` says why it is not the date chosen. */
  cutoff?: Dated & { moved?: string };
  /** The day the request goes out (at once, or 60 days before the cut-off). */
  sendOn?: Dated;
  request?: DisconnectionRequestRecord;
  disconnected?: DisconnectedRecord;
  reopening?: ReopeningRecord;
  /** Whether an operator must look at the case: true while an attention reason is open (derived from `attention`). */
  needsAttention: boolean;
  /** Why: the open reasons, each with its code from the catalogue (workflows/shared/attention.ts). */
  attention?: AttentionReason[];
  closed?: { reason: RequestedCloseReason; at: string; why?: string };
  timeline: TimelineEntry[];
  settings?: OwnerCaseSettings;
}

/** Delivers an event and does not wait (time-skipped tests; a DataHub poller). */
export const requestedDisconnectionEventSignal = defineSignal<[RequestedDisconnectionEvent]>('caseEvent');

/**
 * Delivers an event and answers what became of it (the API and operators). An update, not a signal:
 * the requester must hear whether a cancellation or a reopening was applied or why not.
 */
export const submitRequestedDisconnectionEventUpdate = defineUpdate<EventOutcome<RequestedDisconnectionStage>, [RequestedDisconnectionEvent]>(
  'submitCaseEvent',
);

/** The whole case view. */
export const requestedDisconnectionViewQuery = defineQuery<RequestedDisconnectionView>('caseView');

/** The outcome of a message the case has seen, by message id (null if never seen). */
export const requestedDisconnectionEventOutcomeQuery = defineQuery<EventOutcome<RequestedDisconnectionStage> | null, [string]>('eventOutcome');

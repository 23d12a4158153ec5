/**
 * The DataHub adapter, outbound (RULES 10): the supplier's requests — end of supply (BRS-002,
 * RSM-005), service requests (BRS-039 / RSM-020: D01 disconnect, D03 reconnect, D09–D13 special
 * circumstances), cancellation (RSM-024), start of supply after a completed end of supply (BRS-009) —
 * and the metering point's master data.
 *
 * The activity speaks the domain; a {@link DataHubPort} speaks the wire (the B2B interface of
 * DataHub 3, or a simulator). Message and transaction ids (`mRID`, ≤ 36 characters) are derived from
 * the idempotency key the workflow passes, so a retry after a timeout sends the same ids, and
 * DataHub's duplicate answer counts as success.
 *
 * Evidence: every answered request is recorded in the evidence archive (`deps.evidence`): ids, the
 * document sent (the CIM JSON the port reports in {@link DataHubAnswer}'s `document`, else the domain
 * request) and DataHub's answer (accepted, duplicate, or rejected with its code and message).
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Circumstance, IsoDate, MeterKind } from '../rules/index.js';
import type { EvidenceStore } from '../evidence/store.js';
import { currentWorkflow, recordEvidence } from './evidence.js';
import { CIRCUMSTANCE_SERVICE_TYPE, meterKindOf } from './datahub-profile.js';

/**
 * The `ApplicationFailure` type of a DataHub configuration fault (401, 403, 404, 415, or a 500 that
 * persisted): non-retryable, thrown by the B2B port and so by `sendDataHubRequest`. A workflow
 * catches it (`ActivityFailure.cause.type`) to stop the step with an attention reason instead of
 * failing; `retryStep` sends the same ids again once the configuration is fixed.
 */
export const DATAHUB_CONFIGURATION_FAULT = 'DataHubConfigurationFault';

/** Service types of RSM-020 RequestService (RULES 10). */
export type ServiceType = 'D01' | 'D03' | 'D05' | 'D09' | 'D10' | 'D11' | 'D12' | 'D13';

/** A request to DataHub, in the domain's terms. */
export type DataHubRequest =
  | {
      kind: 'RequestEndOfSupply';
      meteringPointId: string;
      /** Ønsket Skæringsdato: the earliest day the grid may disconnect. */
      cutoff: IsoDate;
      /** Known special circumstances (SV 2.2.1 b). */
      circumstances: Circumstance[];
    }
  | {
      kind: 'RequestService';
      meteringPointId: string;
      serviceType: ServiceType;
      date: IsoDate;
      /** The BRS-002 process this request belongs to (D09–D13), if any. */
      processId?: string;
      /** Free text to the grid, ≤ 1000 characters. */
      description?: string;
    }
  | {
      kind: 'RequestCancellation';
      meteringPointId: string;
      /** The transaction id (mRID) of the request to cancel. */
      originalTransactionId: string;
      processId?: string;
    }
  | {
      kind: 'RequestStartOfSupply';
      meteringPointId: string;
      /** No earlier than the actual stop date of the completed end of supply. */
      startDate: IsoDate;
      customerId: string;
    };

/** One message on the wire: ids and the request. */
export interface DataHubMessage {
  /** Message id (`mRID`, ≤ 36 characters). */
  messageId: string;
  /** Transaction id (`MktActivityRecord.mRID`, ≤ 36 characters). */
  transactionId: string;
  request: DataHubRequest;
}

/** The document a port put on the wire, reported with its answer for the evidence archive. */
export interface SentDocument {
  /** The document type (the last path segment of `incomingMessages/{DocumentType}`). */
  documentType: string;
  /** The document as POSTed (CIM JSON). */
  body: unknown;
}

/**
 * DataHub's answer to an incoming message. `document`: what the port sent, when it built a wire
 * document (the B2B port does; the in-memory stand-in does not) — for the evidence archive only,
 * never passed on to the workflow.
 */
export type DataHubAnswer = (
  | { status: 'accepted'; processId?: string }
  /** Every error was 00101 / 00102 (the message or transaction id was seen before): a retry of a delivered message. */
  | { status: 'duplicate'; processId?: string }
  /** A 400 with DataHub's error body: not retried, shown on the case. */
  | { status: 'rejected'; code: string; message: string }
) & { document?: SentDocument };

/** Master data of a metering point (RULES 4: the meter kind by settlement). */
export interface MeteringPointMasterData {
  meteringPointId: string;
  meterKind: MeterKind;
  gridCompanyGln: string;
  /**
   * How the grid company disconnects an hourly-settled point, when its master data says so (RSM-022's
   * disconnection method, or an operator's or the import's): version 2 from release 0.6.11
   * (`hourlyMethodFromMasterData`) decides the letter's items, the fees and the reopening rule from it
   * rather than from the grid company's setting `hourlyMethodByGrid` (issue 15 item 5).
   * @default undefined (the grid company's setting decides)
   */
  disconnectionMethod?: 'remote' | 'physical';
}

/**
 * The type of the `ApplicationFailure` `lookupMeteringPoint` throws when afbryd holds no (or incomplete)
 * master data for a metering point: non-retryable. Version 2 of the case (release 0.6.8) catches it
 * and waits for an operator (`master-data-missing`); a version 1 case failed on it.
 */
export const UNKNOWN_METERING_POINT = 'UnknownMeteringPoint';

/** The wire: DataHub 3's B2B interface, or a simulator of it. */
export interface DataHubPort {
  send(message: DataHubMessage): Promise<DataHubAnswer>;
  /**
   * Master data straight from the party — only the in-memory stand-in has it (DataHub 3 has no such
   * query: its master data arrives as RSM-022 through the queue, and the poller stores it). Asked only
   * when the master-data store holds nothing for the point.
   */
  masterData?(meteringPointId: string): Promise<MeteringPointMasterData | undefined>;
}

/**
 * A UUID-shaped id (36 characters) derived from an idempotency key: the same key always gives the
 * same id, so a retried request carries the same `mRID`.
 */
export function mridFromKey(key: string, part: 'message' | 'transaction'): string {
  const h = createHash('sha256').update(`${part}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Input of {@link createDataHubActivities}' `sendDataHubRequest`. */
export interface SendDataHubRequestInput {
  /** Decided by the workflow: case id + step + cycle. */
  idempotencyKey: string;
  caseId: string;
  request: DataHubRequest;
}

/**
 * Input of `sendSpecialCircumstances`: the special circumstances (SV 2.2.1 b) of an end of supply,
 * sent as RSM-020 RequestService D09–D13 in DataHub's end-of-supply process once DataHub confirmed it
 * (RULES 10, issue 16).
 */
export interface SendSpecialCircumstancesInput {
  /** Decided by the workflow (case id + step + cycle); each circumstance's message derives its ids from it + its service type. */
  idempotencyKey: string;
  caseId: string;
  meteringPointId: string;
  /** DataHub's process id of the confirmed end of supply (the `requestConfirmed` event's `processId`). */
  processId: string;
  circumstances: Circumstance[];
  /** The date the grid may act from (the cut-off date; RULES 10: up to 60 days ahead). */
  date: IsoDate;
  /** Free text to the grid, ≤ 1000 characters; no personal data. */
  description?: string;
}

/** What the workflow records of a request. */
export interface DataHubReceipt {
  messageId: string;
  transactionId: string;
  status: 'accepted' | 'rejected';
  processId?: string;
  code?: string;
  message?: string;
}

/** What {@link createDataHubActivities} needs. */
export interface DataHubDeps {
  datahub: DataHubPort;
  /**
   * The evidence archive: every answered request is recorded in it before the activity returns.
   * Unset (unit tests of the adapter alone): nothing is recorded.
   * @default undefined
   */
  evidence?: EvidenceStore;
}

/** Builds the DataHub activities over a port. */
export function createDataHubActivities(deps: DataHubDeps) {
  const activities = {
    /**
     * Sends one request. Accepted and duplicate (a retry of a delivered message) both return
     * `accepted`; a rejection is returned, not thrown, so the case shows it. Transport failures throw
     * and are retried with the same ids.
     *
     * With `deps.evidence`, the message and its answer are recorded in the evidence archive (under the
     * calling workflow's id) before the receipt is returned; the first answer recorded for a message
     * id is kept (a retry after a lost write records the retry's answer, e.g. `duplicate`).
     */
    async sendDataHubRequest(input: SendDataHubRequestInput): Promise<DataHubReceipt> {
      const messageId = mridFromKey(input.idempotencyKey, 'message');
      const transactionId = mridFromKey(input.idempotencyKey, 'transaction');
      const answer = await deps.datahub.send({ messageId, transactionId, request: input.request });
      const evidence = deps.evidence;
      if (evidence) {
        const { workflowId, runId } = currentWorkflow(input.caseId);
        await recordEvidence(`DataHub message ${messageId} (${input.idempotencyKey})`, () =>
          evidence.recordDataHubMessage({
            direction: 'outbound',
            workflowId,
            ...(runId ? { runId } : {}),
            caseId: input.caseId,
            idempotencyKey: input.idempotencyKey,
            messageId,
            transactionId,
            documentType: answer.document?.documentType ?? input.request.kind,
            document: answer.document?.body ?? input.request,
            outcome:
              answer.status === 'rejected'
                ? { status: 'rejected', code: answer.code, message: answer.message }
                : { status: answer.status, ...(answer.processId ? { processId: answer.processId } : {}) },
            occurredAt: new Date().toISOString(),
          }),
        );
      }
      if (answer.status === 'rejected') {
        return { messageId, transactionId, status: 'rejected', code: answer.code, message: answer.message };
      }
      return { messageId, transactionId, status: 'accepted', ...(answer.processId ? { processId: answer.processId } : {}) };
    },

    /**
     * Sends the special circumstances of a confirmed end of supply: one RSM-020 RequestService per
     * distinct circumstance (D09 municipality, D10 police, D11 bailiff's court, D12 agreed with the
     * customer, D13 other), in DataHub's end-of-supply process (`processId`), each with ids derived from
     * `idempotencyKey` + its service type, so a retry sends the same messages and a duplicate counts as
     * delivered. A rejection is returned in its receipt, not thrown.
     */
    async sendSpecialCircumstances(input: SendSpecialCircumstancesInput): Promise<(DataHubReceipt & { serviceType: ServiceType })[]> {
      const receipts: (DataHubReceipt & { serviceType: ServiceType })[] = [];
      for (const circumstance of [...new Set(input.circumstances)]) {
        const serviceType = CIRCUMSTANCE_SERVICE_TYPE[circumstance];
        // Not `this`: Temporal calls an activity function unbound.
        const receipt = await activities.sendDataHubRequest({
          idempotencyKey: `${input.idempotencyKey}:${serviceType}`,
          caseId: input.caseId,
          request: {
            kind: 'RequestService',
            meteringPointId: input.meteringPointId,
            serviceType,
            date: input.date,
            processId: input.processId,
            ...(input.description !== undefined ? { description: input.description } : {}),
          },
        });
        receipts.push({ ...receipt, serviceType });
      }
      return receipts;
    },

    /**
     * The meter kind and grid company of a metering point (RULES 4: hourly when hourly-settled, else
     * how the grid disconnects it), from the master-data store (`deps.evidence`: filled by the poller
     * from RSM-022, by the billing system's input, the go-live CSV import and operators); only when it
     * holds nothing, from a port that has master data itself (the in-memory stand-in). Neither: a
     * non-retryable {@link UNKNOWN_METERING_POINT} naming what is missing — never a personal datum.
     */
    async lookupMeteringPoint(input: { meteringPointId: string }): Promise<MeteringPointMasterData> {
      const stored = await deps.evidence?.readMasterData(input.meteringPointId);
      if (stored) {
        const meterKind = meterKindOf(stored);
        if (meterKind) {
          return {
            meteringPointId: input.meteringPointId,
            meterKind,
            gridCompanyGln: stored.gridCompanyGln,
            // An hourly point's own disconnection method, when its master data has one (issue 15 item 5).
            ...(meterKind === 'hourly' && stored.disconnectionMethod ? { disconnectionMethod: stored.disconnectionMethod } : {}),
          };
        }
      }
      const data = stored ? undefined : await deps.datahub.masterData?.(input.meteringPointId);
      if (data) return data;
      throw ApplicationFailure.create({
        nonRetryable: true,
        type: UNKNOWN_METERING_POINT,
        message: stored
          ? `the master data of metering point ${input.meteringPointId} is incomplete: not hourly-settled and no disconnection method (source ${stored.source})`
          : `no master data for metering point ${input.meteringPointId} (no RSM-022 received, none from billing, the import or an operator)`,
      });
    },
  };
  return activities;
}

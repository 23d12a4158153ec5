/**
 * The case kernel: what every case-like workflow (the unpaid-invoice case, owner liability, requested
 * disconnection) does the same way, in one copy (issue 14, item 6): the workflow clock, the timeline
 * record, the inbound dedupe and the DataHub request's cancellation (RSM-024), used by version 2 of
 * the case, owner liability and requested disconnection (the last two since release 0.6).
 * The search attributes are published by `publish.ts`, the attention reasons kept by
 * `attention.ts`, the doors opened by `doors.ts`.
 */
import * as wf from '@temporalio/workflow';
import type * as datahubActivities from '../../activities/datahub.js';
import type { DataHubReceipt } from '../../activities/datahub.js';

type DataHub = ReturnType<typeof datahubActivities.createDataHubActivities>;

/** A timeline entry in the shape every case keeps (cause and facts typed by each workflow). */
interface Entry<C> {
  at: string;
  what: string;
  cause: C;
  basis?: string;
  facts?: Record<string, string | number | boolean>;
}

/** Workflow time as an ISO instant. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** The timeline's `record(what, cause, basis?, facts?)` for a case's state. */
export function recorder<C>(state: { timeline: Entry<C>[] }): (what: string, cause: C, basis?: string, facts?: Entry<C>['facts']) => void {
  return (what, cause, basis, facts) => {
    state.timeline.push({ at: nowIso(), what, cause, ...(basis ? { basis } : {}), ...(facts ? { facts } : {}) });
  };
}

/**
 * The inbound dedupe: the answer to a message id seen before — its first outcome as a `duplicate`,
 * at the stage the case is in now — or undefined for a new message.
 * @param withFirstReason whether the answer repeats the first outcome's reason (owner liability and
 *   requested disconnection do; version 2 of the case answers `already <outcome>` alone, as its
 *   recorded 0.5.0 histories answered)
 */
export function duplicateOf<S extends string, O extends { outcome: string; reason?: string; stage: S }>(
  outcomes: Record<string, O>,
  messageId: string,
  stage: S,
  withFirstReason = true,
): O | undefined {
  const seen = outcomes[messageId];
  if (!seen) return undefined;
  return { ...seen, outcome: 'duplicate', reason: `already ${seen.outcome}${withFirstReason && seen.reason ? `: ${seen.reason}` : ''}`, stage };
}

// Outside parties: idempotent, retried with backoff without limit (see each workflow's reasons).
const { sendDataHubRequest } = wf.proxyActivities<DataHub>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** The request a cancellation refers to. */
export interface CancellableRequest {
  transactionId: string;
  processId?: string;
  cycle?: number;
}

/**
 * Cancels a DataHub request without undue delay (SV 2.2.1 d): RSM-024 RequestCancellation referring
 * to the request's transaction (and its process, once DataHub gave one). One key per request cycle,
 * so a retry is the same message.
 */
export async function cancelDataHubRequest(input: {
  caseId: string;
  meteringPointId: string;
  request: CancellableRequest;
}): Promise<DataHubReceipt> {
  const { caseId, meteringPointId, request } = input;
  return sendDataHubRequest({
    idempotencyKey: `${caseId}:datahub-cancel:${request.cycle ?? 0}`,
    caseId,
    request: {
      kind: 'RequestCancellation',
      meteringPointId,
      originalTransactionId: request.transactionId,
      ...(request.processId ? { processId: request.processId } : {}),
    },
  });
}


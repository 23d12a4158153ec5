/**
 * Special circumstances as RSM-020 after DataHub's confirmation (issue 16; RULES 10), for every
 * case-like workflow: version 2 of the case (release 0.6.7), owner liability and requested
 * disconnection (release 0.6.9), each behind its own `circumstancesAsServiceRequests` feature
 * (workflows/releases.ts). RSM-005 has no CIM field for them: the end of supply goes without them, the
 * request keeps them as `circumstancesPending`, and once DataHub confirms it with its process id one
 * RequestService D09–D13 per circumstance goes in that process. One copy: the workflows differ only in
 * how they proxy the activity, key it, record and flag.
 */
import type { SendSpecialCircumstancesInput, DataHubReceipt } from '../../activities/datahub.js';
import type { RejectionReference } from '../case/definitions.js';
import type { CircumstancesInProcess, RequestInFlight, SentCircumstance } from './records.js';

/** A request whose circumstances may follow in its process. */
export interface RequestInProcess extends CircumstancesInProcess {
  status: string;
  processId?: string;
  cutoff: string;
}

/**
 * The circumstances known at the request must go to DataHub now: some are pending and DataHub has
 * confirmed the end of supply with its process id. (Whether the request still stands — nothing is
 * cancelling it — is each workflow's to add.)
 */
export function circumstancesDue(request: RequestInProcess | undefined): boolean {
  return (request?.circumstancesPending?.length ?? 0) > 0 && request!.status === 'confirmed' && Boolean(request!.processId);
}

/**
 * Applies a confirmation that overtook the end of supply's own result (`RequestInFlight`), once the
 * request is recorded: a request DataHub accepted becomes `confirmed` in the confirmation's process.
 * Clears the in-flight marks either way.
 * @returns the confirmation applied, for the timeline, or undefined
 */
export function applyEarlyConfirmation(state: RequestInFlight & { request?: RequestInProcess }): { messageId: string; processId?: string } | undefined {
  const early = state.earlyConfirmation;
  delete state.requestInFlight;
  delete state.earlyConfirmation;
  if (!early || state.request?.status !== 'sent') return undefined;
  state.request.status = 'confirmed';
  if (early.processId) state.request.processId = early.processId;
  return early;
}

/** The legal basis recorded with the RSM-020 messages. */
export const CIRCUMSTANCES_BASIS = 'RULES 10: special circumstances go as RSM-020 RequestService D09–D13 in the end-of-supply process, once DataHub confirms it; SV 2.2.1 b';

/**
 * Sends the pending circumstances of a confirmed request as RSM-020 RequestService in its process, one
 * message per circumstance (ids derived from `idempotencyKey` + the service type, so a retry sends the
 * same ones), dated the request's cut-off; moves them from `circumstancesPending` to
 * `circumstancesSent`, records one timeline line, and flags each rejection (the request itself stands).
 */
export async function sendCircumstancesInProcess(options: {
  /** activities/datahub.ts `sendSpecialCircumstances`, as the workflow proxies it. */
  send: (input: SendSpecialCircumstancesInput) => Promise<(DataHubReceipt & { serviceType: string })[]>;
  idempotencyKey: string;
  caseId: string;
  meteringPointId: string;
  request: RequestInProcess;
  /** Records a timeline line (the workflow adds the cause). */
  record: (what: string, basis: string, facts: Record<string, string>) => void;
  /** Opens the attention reason `request-rejected` for a rejected message (ref: its message id). */
  flagRejected: (detail: string, ref: string) => void;
}): Promise<void> {
  const { request } = options;
  const receipts = await options.send({
    idempotencyKey: options.idempotencyKey,
    caseId: options.caseId,
    meteringPointId: options.meteringPointId,
    processId: request.processId!,
    circumstances: request.circumstancesPending ?? [],
    date: request.cutoff,
  });
  delete request.circumstancesPending;
  request.circumstancesSent = receipts.map((r) => ({ serviceType: r.serviceType, messageId: r.messageId, transactionId: r.transactionId, status: r.status, ...(r.code ? { code: r.code } : {}) }));
  options.record(
    `special circumstances sent to DataHub in the end-of-supply process ${request.processId}: ${receipts.map((r) => `${r.serviceType} ${r.status}`).join(', ')}`,
    CIRCUMSTANCES_BASIS,
    { processId: request.processId! },
  );
  for (const r of receipts.filter((x) => x.status === 'rejected')) {
    options.flagRejected(`DataHub rejected the special circumstance ${r.serviceType} (${r.code ?? '-'}: ${r.message ?? ''})`, r.messageId);
  }
}

/** The basis recorded with a rejection that leaves the end of supply standing. */
export const REJECTION_BY_TRANSACTION_BASIS =
  'RULES 10: a DataHub rejection answers the transaction it names (originalTransactionIDReference) or the message an RSM-009 acknowledges; the special circumstances are requests of their own in the end-of-supply process';

/** Whether a rejection names this message of ours (its transaction or its message id). */
export function names(ref: RejectionReference, message: { messageId: string; transactionId?: string }): boolean {
  return (ref.transactionId !== undefined && ref.transactionId === message.transactionId) || (ref.messageId !== undefined && ref.messageId === message.messageId);
}

/**
 * Release 0.6.12 (`rejectionsByTransaction`, issue 16): a rejection that names one of our messages other
 * than the end of supply's own — a special circumstance's RSM-020 (sent in its process, maybe long after
 * DataHub confirmed the end of supply), a follow-up request, or one the case does not know — does not
 * reject the end of supply. The circumstance or follow-up it names is marked rejected here.
 * @param others further RSM-020 requests of the case a rejection may name (version 2's follow-ups)
 * @returns what DataHub rejected, for the attention reason and the timeline; undefined when the rejection
 *   is the end of supply's own (it names it, or names nothing): the caller rejects the request as before
 */
export function rejectionOfAnotherMessage(
  request: (CircumstancesInProcess & { messageId: string; transactionId: string }) | undefined,
  event: { code: string; text?: string; refersTo?: RejectionReference },
  others: Array<{ serviceType: string; messageId: string; transactionId: string; status: string }> = [],
): string | undefined {
  const ref = event.refersTo;
  if (!ref || !request || names(ref, request)) return undefined;
  const reason = `${event.code}${event.text ? `: ${event.text}` : ''}`;
  const circumstance: SentCircumstance | undefined = request.circumstancesSent?.find((c) => names(ref, c));
  if (circumstance) {
    circumstance.status = 'rejected';
    circumstance.code = event.code;
    return `DataHub rejected the special circumstance ${circumstance.serviceType} (${reason})`;
  }
  const other = others.find((o) => names(ref, o));
  if (other) {
    other.status = 'rejected';
    return `DataHub rejected the new request ${other.serviceType} (${reason})`;
  }
  return `DataHub rejected a message of ours that is not the end of supply (${ref.transactionId ? `transaction ${ref.transactionId}` : `message ${ref.messageId}`}; ${reason})`;
}

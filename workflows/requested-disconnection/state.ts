/**
 * A requested disconnection's state and what each inbound event does to it. Pure: the workflow calls
 * {@link applyRequestedEvent} from its handlers and carries out what it asks for (cancel the request,
 * reopen, close) in its main flow.
 */
import type { IsoDate } from '../../rules/index.js';
import { clearAttention, raiseAttention, raiseAttentionAndFlag, type HasLegacyFlag } from '../shared/attention.js';
import { REJECTION_BY_TRANSACTION_BASIS, rejectionOfAnotherMessage } from '../shared/circumstances.js';
import { duplicateOf } from '../shared/kernel.js';
import type { RequestInFlight } from '../shared/records.js';
import type {
  Cause,
  EventOutcome,
  RequestedCloseReason,
  RequestedDisconnectionEvent,
  RequestedDisconnectionStage,
  RequestedDisconnectionView,
} from './definitions.js';

/**
 * The workflow's state: the view plus what it needs to run. Plain JSON. `needsAttention` is not kept:
 * the view derives it from the open `attention` reasons.
 */
export interface RequestedState extends Omit<RequestedDisconnectionView, 'needsAttention'>, HasLegacyFlag, RequestInFlight {
  outcomes: Record<string, EventOutcome<RequestedDisconnectionStage>>;
  /** A closing event arrived; the case closes once a pending request is cancelled (where it must be). */
  closing?: { reason: RequestedCloseReason; cause: Cause; cancelRequest: boolean; why?: string };
  /** The requester asked for the reopening. */
  reopeningWanted?: { cause: Cause };
  /** +1 on every applied message: waits wake on it. */
  wake: number;
}

/** A DataHub request is out and the grid has not answered with a disconnection or a refusal. */
export function requestPending(state: RequestedState): boolean {
  return state.request !== undefined && (state.request.status === 'sent' || state.request.status === 'confirmed');
}

/**
 * Applies one inbound event and returns what became of it. Never throws: a message that does not fit is
 * recorded as rejected with the reason. A refusal of a message from DataHub (or of an unknown type) that
 * came by signal — nobody hears it — opens the attention reason `message-rejected`; the same refusal
 * through the update door is answered to its caller and opens none (workflows/shared/attention.ts). The
 * requester's and operators' refusals open none by either door.
 * @param door `update` when a caller hears the outcome, `signal` when nobody does
 */
export function applyRequestedEvent(
  state: RequestedState,
  event: RequestedDisconnectionEvent,
  /** `features`: the run's release features the reducer reads (workflows/releases.ts). Absent: off. */
  ctx: { now: string; today: IsoDate; features?: { rejectionsByTransaction?: boolean } },
  door: 'signal' | 'update' = 'signal',
): EventOutcome<RequestedDisconnectionStage> {
  const duplicate = duplicateOf(state.outcomes, event.messageId, state.stage);
  if (duplicate) return duplicate;
  const cause: Cause = { type: 'event', messageId: event.messageId, eventType: event.type, ...(event.actor ? { actor: event.actor } : {}) };
  const record = (what: string, basis?: string, facts?: Record<string, string | number | boolean>) =>
    state.timeline.push({ at: ctx.now, what, cause, ...(basis ? { basis } : {}), ...(facts ? { facts } : {}) });
  const fromDataHub = !['cancellationRequested', 'reopeningRequested', 'caseClosed', 'acknowledgeAttention'].includes(event.type);
  const result = (outcome: 'applied' | 'rejected', reason: string) => {
    const o: EventOutcome<RequestedDisconnectionStage> = { messageId: event.messageId, outcome, reason, stage: state.stage };
    state.outcomes[event.messageId] = o;
    if (outcome === 'rejected') {
      record(`message rejected: ${event.type}: ${reason}`);
      if (fromDataHub && door === 'signal') raiseAttention(state, 'message-rejected', `${event.type} ${event.messageId}: ${reason}`, ctx.now, event.messageId);
      // Release 0.5 set its bare flag here by either door (workflows/shared/attention.ts HasLegacyFlag).
      if (fromDataHub) state.flaggedBefore06 = true;
    } else {
      state.wake += 1;
    }
    return o;
  };
  const applied = (what: string, basis?: string, facts?: Record<string, string | number | boolean>) => {
    record(what, basis, facts);
    return result('applied', what);
  };
  const processOpen = requestPending(state) || state.request?.status === 'not-disconnected';
  const close = (reason: RequestedCloseReason, what: string, basis?: string) => {
    const cancelRequest = processOpen && (reason === 'cancelled' || reason === 'closed-by-operator');
    state.closing = { reason, cause, cancelRequest };
    return applied(`${what}: the case closes (${reason})${cancelRequest ? '; the DataHub request is cancelled' : ''}`, basis);
  };

  if (state.closed || state.closing) {
    if (event.type === 'endOfSupplyCancelled') return applied('DataHub confirmed the cancellation of the request', 'RULES 10');
    return result('rejected', `the case is ${state.closed ? 'closed' : 'closing'}`);
  }

  switch (event.type) {
    case 'cancellationRequested':
      if (state.disconnected) return result('rejected', 'the supply is already disconnected: ask for the reopening instead');
      return close('cancelled', 'the requester cancelled the disconnection', processOpen ? 'RULES 10: RSM-024 RequestCancellation before the cut-off' : undefined);
    case 'reopeningRequested':
      if (!state.disconnected) return result('rejected', 'the supply is not disconnected: cancel the request instead');
      if (state.reopeningWanted) return result('rejected', 'the reopening is already requested');
      state.reopeningWanted = { cause };
      return applied('the requester asked for the reopening', 'RULES 10: start of supply (BRS-009) after a completed end of supply, then BRS-039 D03');
    case 'acknowledgeAttention': {
      // An operator has seen a reason and dealt with it outside the case (a note says how).
      const removed = clearAttention(state, event.code, event.ref);
      if (removed === 0) return result('rejected', `no open attention reason ${event.code}${event.ref ? ` (${event.ref})` : ''}`);
      return applied(`attention reason ${event.code}${event.ref ? ` (${event.ref})` : ''} acknowledged: ${event.note.slice(0, 200)}`);
    }
    case 'caseClosed':
      return close('closed-by-operator', `closed by an operator${event.note ? ` (${event.note})` : ''}`);

    // ----- DataHub
    case 'requestConfirmed': {
      if (!state.request && state.requestInFlight) {
        // Release 0.6.9: it overtook the request's own result; applied once the request is recorded (its process id is the circumstance's).
        state.earlyConfirmation = { messageId: event.messageId, ...(event.processId ? { processId: event.processId } : {}) };
        return applied('DataHub confirmed the request before its sending was recorded: applied once it is', 'RULES 10');
      }
      if (!state.request || state.request.status !== 'sent') return result('rejected', 'no request waits for confirmation');
      state.request.status = 'confirmed';
      if (event.processId) state.request.processId = event.processId;
      return applied('DataHub confirmed the request', 'RULES 10');
    }
    case 'requestRejected': {
      // Release 0.6.12: a rejection of the special circumstance's RSM-020 (or of another message of ours), not of the end of supply.
      const elsewhere = ctx.features?.rejectionsByTransaction ? rejectionOfAnotherMessage(state.request, event) : undefined;
      if (elsewhere) {
        raiseAttentionAndFlag(state, 'request-rejected', elsewhere, ctx.now, event.messageId);
        return applied(`${elsewhere}; the end of supply stands, an operator must act`, REJECTION_BY_TRANSACTION_BASIS);
      }
      if (!requestPending(state)) return result('rejected', 'no request is pending');
      state.request!.status = 'rejected';
      state.request!.rejection = { code: event.code, messageId: event.messageId, ...(event.text ? { text: event.text } : {}) };
      clearAttention(state, 'grid-overdue');
      raiseAttentionAndFlag(state, 'request-rejected', `DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''})`, ctx.now, event.messageId);
      return applied(`DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''}); an operator must act`, 'RULES 10');
    }
    case 'disconnected': {
      if (!state.request || !['sent', 'confirmed', 'not-disconnected'].includes(state.request.status)) return result('rejected', 'no disconnection was requested by this case');
      state.request.status = 'disconnected';
      clearAttention(state, 'grid-overdue');
      state.disconnected = { date: event.date, messageId: event.messageId, ...(event.meterReading ? { meterReading: event.meterReading } : {}) };
      return applied(`the grid disconnected the supply on ${event.date}`, 'RULES 10 BRS-002: the end of supply takes effect on the day the metering point is disconnected', { date: event.date });
    }
    case 'notDisconnected': {
      if (!requestPending(state)) return result('rejected', 'no request is pending');
      state.request!.status = 'not-disconnected';
      state.request!.rejection = { code: event.reason, messageId: event.messageId, ...(event.text ? { text: event.text } : {}) };
      clearAttention(state, 'grid-overdue');
      raiseAttentionAndFlag(state, 'not-disconnected', `the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''})`, ctx.now, event.messageId);
      return applied(`the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''}); an operator must act`, 'RULES 5, 10');
    }
    case 'reopened': {
      if (!state.disconnected) return result('rejected', 'the supply was not disconnected');
      if (state.reopening) {
        state.reopening.status = 'reopened';
        state.reopening.reopenedDate = event.date;
      }
      // The reopening is done: what kept it open is resolved (ATTENTION: cleared by `reopened`).
      clearAttention(state, 'not-reopened');
      clearAttention(state, 'reopening-rejected');
      return close('reopened', `the grid reopened the supply on ${event.date}`, 'SV 3.2');
    }
    case 'notReopened': {
      if (!state.reopening) return result('rejected', 'no reopening was requested');
      state.reopening.status = 'not-reopened';
      raiseAttentionAndFlag(state, 'not-reopened', `the grid could not reopen yet${event.expectedAt ? `; expected ${event.expectedAt}` : ''}`, ctx.now, event.messageId);
      return applied(`the grid could not reopen yet${event.expectedAt ? ` (expected ${event.expectedAt})` : ''}${event.text ? `: ${event.text}` : ''}; an operator must follow up`, 'SV 3.2.1 g');
    }
    case 'supplierSwitched':
      return close('supplier-switched', `another supplier supplies the metering point from ${event.effectiveDate}`, 'RULES 10: a supplier switch ends the end-of-supply process');
    case 'endOfSupplyCancelled':
      return applied('DataHub confirmed a cancellation', 'RULES 10');
    default:
      return result('rejected', `unknown event type "${String((event as { type: unknown }).type)}"`);
  }
}

/**
 * The owner-liability case's state and what each inbound event does to it. Pure: the workflow calls
 * {@link applyOwnerEvent} from its signal and update handlers and carries out what it asks for (send the
 * disconnection request, cancel it, close) in its main flow.
 */
import { ownerUnreachable, type IsoDate, type OwnerSettings, type RulesSettings } from '../../rules/index.js';
import { clearAttention, raiseAttention, raiseAttentionAndFlag, type AttentionCode, type HasLegacyFlag } from '../shared/attention.js';
import { REJECTION_BY_TRANSACTION_BASIS, rejectionOfAnotherMessage } from '../shared/circumstances.js';
import { duplicateOf } from '../shared/kernel.js';
import type { RequestInFlight } from '../shared/records.js';
import type { Cause, EventOutcome, OwnerCloseReason, OwnerLiabilityEvent, OwnerLiabilityStage, OwnerLiabilityView } from './definitions.js';

/**
 * The workflow's state: the view plus what it needs to run. Plain JSON. `needsAttention` is not kept:
 * the view derives it from the open `attention` reasons.
 */
export interface OwnerState extends Omit<OwnerLiabilityView, 'needsAttention'>, HasLegacyFlag, RequestInFlight {
  /** The Danish date the case opened. */
  openedOn: IsoDate;
  /** The last channel that delivered: the owner's letter is planned for it. */
  channelHint: 'digital' | 'letter';
  /** Outcomes of every message seen, by message id (for duplicates). */
  outcomes: Record<string, EventOutcome<OwnerLiabilityStage>>;
  /** A closing event arrived; the case closes once a pending request is cancelled (where it must be). */
  closing?: { reason: OwnerCloseReason; cause: Cause; cancelRequest: boolean };
  /** A disconnection to request now: the owner asked (D12), or could not be reached (D13). */
  wanted?: { ground: 'owner-asked' | 'owner-unreachable'; basis: string; cause: Cause };
  /** The owner's letter stopped on a failure an operator must fix. */
  stuck?: { failure: string };
  retryRequested?: boolean;
  /** +1 on every applied message: waits wake on it. */
  wake: number;
}

/** What the reducer needs besides the event. */
export interface ReducerContext {
  /** Workflow time, ISO instant. */
  now: string;
  /** The Danish date of `now`. */
  today: IsoDate;
  /** The case's settings, once snapshotted. */
  settings?: { owner: OwnerSettings; rules: RulesSettings };
  /** The run's release features the reducer reads (workflows/releases.ts). Absent: off. */
  features?: { rejectionsByTransaction?: boolean };
}

/** A DataHub request is out and the grid has not (yet) answered with a disconnection or a refusal. */
export function requestPending(state: OwnerState): boolean {
  return state.request !== undefined && (state.request.status === 'sent' || state.request.status === 'confirmed');
}

/**
 * Applies one inbound event and returns what became of it. Never throws: a message that does not fit is
 * recorded as rejected with the reason. A refusal of a message from outside (DataHub, or billing after
 * the case moved on) that came by signal — nobody hears it — opens the attention reason
 * `message-rejected`; the same refusal through the update door is answered to its caller and opens none
 * (workflows/shared/attention.ts). An operator's or billing's ordinary refusals (the unreachable rule not
 * yet met, a disconnection already requested) open none by either door.
 * @param door `update` when a caller hears the outcome, `signal` when nobody does
 */
export function applyOwnerEvent(
  state: OwnerState,
  event: OwnerLiabilityEvent,
  ctx: ReducerContext,
  door: 'signal' | 'update' = 'signal',
): EventOutcome<OwnerLiabilityStage> {
  const duplicate = duplicateOf(state.outcomes, event.messageId, state.stage);
  if (duplicate) return duplicate;
  const cause: Cause = { type: 'event', messageId: event.messageId, eventType: event.type, ...(event.actor ? { actor: event.actor } : {}) };
  const record = (what: string, basis?: string, facts?: Record<string, string | number | boolean>) =>
    state.timeline.push({ at: ctx.now, what, cause, ...(basis ? { basis } : {}), ...(facts ? { facts } : {}) });
  // `flagged`: release 0.5 set its bare flag here, by either door (workflows/shared/attention.ts HasLegacyFlag).
  const result = (outcome: 'applied' | 'rejected', reason: string, attention: AttentionCode | false = false, flagged = attention !== false) => {
    const o: EventOutcome<OwnerLiabilityStage> = { messageId: event.messageId, outcome, reason, stage: state.stage };
    state.outcomes[event.messageId] = o;
    if (outcome === 'rejected') {
      record(`message rejected: ${event.type}: ${reason}`);
      if (attention && door === 'signal') raiseAttention(state, attention, `${event.type} ${event.messageId}: ${reason}`, ctx.now, event.messageId);
      if (flagged) state.flaggedBefore06 = true;
    } else {
      state.wake += 1;
    }
    return o;
  };
  const applied = (what: string, basis?: string, facts?: Record<string, string | number | boolean>) => {
    record(what, basis, facts);
    return result('applied', what);
  };
  const close = (reason: OwnerCloseReason, what: string, basis?: string) => {
    const cancelRequest = (requestPending(state) || state.request?.status === 'not-disconnected') && (reason === 'new-agreement' || reason === 'cancelled');
    state.closing = { reason, cause, cancelRequest };
    return applied(`${what}: the case closes (${reason})${cancelRequest ? '; the DataHub request is cancelled' : ''}`, basis);
  };
  const fromDataHub = event.type === 'requestConfirmed' || event.type === 'requestRejected' || event.type === 'disconnected' || event.type === 'notDisconnected' || event.type === 'supplierSwitched' || event.type === 'endOfSupplyCancelled';

  if (state.closed || state.closing) {
    // DataHub confirming our own cancellation is the last word, not a problem.
    if (event.type === 'endOfSupplyCancelled') return applied('DataHub confirmed the cancellation of the request', 'RULES 10');
    return result('rejected', `the case is ${state.closed ? 'closed' : 'closing'}`, fromDataHub && 'message-rejected');
  }
  const requestedAlready = state.disconnectionGround !== undefined || state.wanted !== undefined;

  switch (event.type) {
    case 'agreementSigned': {
      if (state.disconnected) return result('rejected', 'the supply is already disconnected: a new agreement now needs a start of supply, outside this case', 'message-rejected');
      const who = event.signedBy === 'owner' ? 'the owner' : event.signedBy === 'new-customer' ? 'a new customer' : 'someone';
      return close(
        'new-agreement',
        `${who} signed a new supply agreement ${event.agreementId} from ${event.effectiveFrom}, before the owner is bound`,
        'BEK §25 stk. 1, 3: an agreement with the owner or another customer; the owner is not bound by the contract sent',
      );
    }
    case 'ownerAskedForDisconnection': {
      if (requestedAlready) return result('rejected', 'a disconnection is already requested');
      state.wanted = { ground: 'owner-asked', basis: 'BEK §25 stk. 4: at the owner’s request, forwarded to the grid at once (D12, agreed with the customer)', cause };
      return applied('the owner asked for the supply to be disconnected: forwarded to DataHub at once', 'BEK §25 stk. 4');
    }
    case 'contactAttemptRecorded': {
      if (event.date > ctx.today) return result('rejected', `the attempt's date ${event.date} is in the future`);
      if (event.date < state.openedOn) return result('rejected', `the attempt's date ${event.date} is before the case opened (${state.openedOn})`);
      state.contactAttempts.push({
        date: event.date,
        channel: event.channel,
        messageId: event.messageId,
        ...(event.note ? { note: event.note } : {}),
        ...(event.actor ? { actor: event.actor } : {}),
      });
      if (ctx.settings) state.unreachable = ownerUnreachable(state.contactAttempts, ctx.settings.owner, ctx.settings.rules);
      const met = state.unreachable?.met ? '; the owner now counts as unreachable' : '';
      return applied(`attempt to reach the owner recorded: ${event.channel} on ${event.date}${met}`, state.unreachable?.basis, {
        date: event.date,
        channel: event.channel,
        attempts: state.contactAttempts.length,
      });
    }
    case 'ownerUnreachableDisconnection': {
      if (requestedAlready) return result('rejected', 'a disconnection is already requested');
      if (!ctx.settings) return result('rejected', 'the case is starting (settings not yet snapshotted); send it again');
      const decision = ownerUnreachable(state.contactAttempts, ctx.settings.owner, ctx.settings.rules);
      state.unreachable = decision;
      if (!decision.met) return result('rejected', `no disconnection without the owner's acceptance: ${decision.basis}`);
      state.wanted = { ground: 'owner-unreachable', basis: decision.basis, cause };
      return applied('the owner could not be reached: the disconnection is requested without the owner’s acceptance', decision.basis);
    }
    case 'retryStep': {
      if (!state.stuck) return result('rejected', 'no step is stopped');
      state.retryRequested = true;
      clearAttention(state, 'step-failed', 'ownerLetter');
      return applied(`an operator retries the owner's letter (it stopped: ${state.stuck.failure})`);
    }
    case 'acknowledgeAttention': {
      // An operator has seen a reason and dealt with it outside the case (a note says how).
      const removed = clearAttention(state, event.code, event.ref);
      if (removed === 0) return result('rejected', `no open attention reason ${event.code}${event.ref ? ` (${event.ref})` : ''}`);
      return applied(`attention reason ${event.code}${event.ref ? ` (${event.ref})` : ''} acknowledged: ${event.note.slice(0, 200)}`);
    }
    case 'agreementEndConflict': {
      // The one-off check of issue 15: a run started before release 0.6.1 planned its disconnection too early.
      if (event.plannedCutoff > state.agreementEnd) return result('rejected', `the planned cut-off ${event.plannedCutoff} is after the agreement's last day ${state.agreementEnd}`);
      raiseAttentionAndFlag(
        state,
        'owner-cutoff-before-agreement-end',
        `planned cut-off ${event.plannedCutoff}, the terminated agreement's last day ${state.agreementEnd}${event.note ? `: ${event.note.slice(0, 200)}` : ''}`,
        ctx.now,
        'agreement-end',
      );
      return applied(
        `the disconnection planned for ${event.plannedCutoff} is before the day after the terminated agreement ends (${state.agreementEnd}): an operator must correct it`,
        'BEK §25 stk. 6–7; RULES 9, 11',
      );
    }
    case 'caseCancelled':
      return close('cancelled', `cancelled by an operator (${event.reason}${event.note ? `: ${event.note}` : ''})`);

    // ----- DataHub
    case 'requestConfirmed': {
      if (!state.request && state.requestInFlight) {
        // Release 0.6.9: it overtook the request's own result; applied once the request is recorded (its process id is the circumstance's).
        state.earlyConfirmation = { messageId: event.messageId, ...(event.processId ? { processId: event.processId } : {}) };
        return applied('DataHub confirmed the request before its sending was recorded: applied once it is', 'RULES 10');
      }
      if (!state.request || state.request.status !== 'sent') return result('rejected', 'no request waits for confirmation', 'message-rejected');
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
      if (!requestPending(state)) return result('rejected', 'no request is pending', 'message-rejected');
      state.request!.status = 'rejected';
      state.request!.rejection = { code: event.code, messageId: event.messageId, ...(event.text ? { text: event.text } : {}) };
      clearAttention(state, 'grid-overdue');
      raiseAttentionAndFlag(state, 'request-rejected', `DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''})`, ctx.now, event.messageId);
      return applied(`DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''}); an operator must act`, 'RULES 10');
    }
    case 'disconnected': {
      if (!state.request || !['sent', 'confirmed', 'not-disconnected'].includes(state.request.status)) {
        return result('rejected', 'no disconnection was requested by this case', 'message-rejected');
      }
      state.request.status = 'disconnected';
      clearAttention(state, 'grid-overdue');
      state.disconnected = { date: event.date, messageId: event.messageId, ...(event.meterReading ? { meterReading: event.meterReading } : {}) };
      return applied(`the grid disconnected the supply on ${event.date}`, 'RULES 10 BRS-002: the end of supply takes effect on the day the metering point is disconnected', {
        date: event.date,
      });
    }
    case 'notDisconnected': {
      if (!requestPending(state)) return result('rejected', 'no request is pending', 'message-rejected');
      state.request!.status = 'not-disconnected';
      state.request!.rejection = { code: event.reason, messageId: event.messageId, ...(event.text ? { text: event.text } : {}) };
      clearAttention(state, 'grid-overdue');
      raiseAttentionAndFlag(state, 'not-disconnected', `the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''})`, ctx.now, event.messageId);
      return applied(`the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''}); an operator must act`, 'RULES 5, 10');
    }
    case 'supplierSwitched':
      return close('supplier-switched', `another supplier supplies the metering point from ${event.effectiveDate}`, 'RULES 10: a supplier switch ends the end-of-supply process');
    case 'endOfSupplyCancelled':
      return applied('DataHub confirmed a cancellation', 'RULES 10');
    default:
      return result('rejected', `unknown event type "${String((event as { type: unknown }).type)}"`, 'message-rejected', false);
  }
}

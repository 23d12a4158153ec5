/**
 * What the case must do, decided from its facts at the moment the workflow acts (STYLE §7, decider
 * shape). Pure: no clock, no I/O; the workflow calls these in one place, its main loop
 * (workflow.ts), and in the waits of its steps.
 *
 * Why: version 1 set flags in its reducer (`cancelRequest`, `redo`, …) that its main loop acted on
 * later; a request that went out in between was missed (patch `afbryd-9-cancel-late-request`: a paid
 * customer could still have been disconnected). Decided here, from what is true now, it cannot be.
 */
import type { Cause, ChargedFee, Stage } from '../definitions.js';
import { circumstancesDue } from '../../shared/circumstances.js';
import { processOpen, stageOf, type CaseState, type RegisteredPayment } from './state.js';

/**
 * The DataHub request must be cancelled now (SV 2.2.1 d): the end-of-supply process is open (a request
 * is out, or the grid refused and a new request may follow) and the grounds for it are gone — the
 * case closes on a ground of the events table, or a hold (complaint, appeal, operator) pauses it.
 * A switch of supplier ends the process at DataHub itself: nothing to cancel then.
 */
export function mustCancelRequest(state: CaseState): boolean {
  if (!processOpen(state)) return false;
  if (state.closing) return state.closing.reason !== 'supplier-switched';
  return state.holds.length > 0;
}

/**
 * The special circumstances known at the request must go to DataHub now, as RSM-020 in its process
 * (RULES 10, release 0.6.7): DataHub has confirmed the end of supply (its process id is known), the
 * request still stands, and nothing is cancelling it.
 */
export function mustSendCircumstances(state: CaseState): boolean {
  return circumstancesDue(state.request) && !mustCancelRequest(state);
}

/** What caused the cancellation: the closing message, or the first hold's. */
export function cancellationCause(state: CaseState): Cause {
  if (state.closing) return state.closing.cause;
  const first = state.holds[0];
  return (first && state.holdCauses?.[first.holdId]) ?? { type: 'start' };
}

/**
 * When the ground of the cancellation arrived, whether it was an operator's hold, and whether the
 * customer exercised a right (a complaint or an appeal) — what decides whether a late-cancellation fee
 * is the customer's (RULES 2.6, 11; `lateFeeIsCustomers`).
 */
export function cancellationGround(state: CaseState): { at: string; operatorHold: boolean; complaint: boolean } | undefined {
  if (state.closing) return { at: state.closing.at, operatorHold: false, complaint: state.closing.reason === 'complaint-upheld' };
  const first = state.holds[0];
  return first ? { at: first.since, operatorHold: first.kind === 'operator', complaint: first.kind === 'complaint' || first.kind === 'appeal' } : undefined;
}

/** The case is paused: a hold is open and nothing closes it. */
export function mustPause(state: CaseState): boolean {
  return !state.closing && state.holds.length > 0;
}

/**
 * A step waiting for its day (or for an outside party) must stop and be planned afresh: something
 * arrived that changes what the case does next (a closing ground, a hold, a cancellation to send, any
 * message that interrupts), counted since the step began.
 * @param seen `state.interruptions` when the step began
 */
export function mustReplan(state: CaseState, seen: number): boolean {
  return state.interruptions !== seen || Boolean(state.closing) || state.holds.length > 0 || mustCancelRequest(state) || mustSendCircumstances(state);
}

/** The reopening grounds of RULES 7 and the events table hold. */
export function reopeningGrounds(state: CaseState): boolean {
  // A disconnection that kept the agreement (BRS-039 D01, business setting) needs no new agreement.
  const agreementInPlace = state.agreement !== undefined || state.request?.kind === 'disconnect-service';
  return (
    (agreementInPlace && state.amountDueOre <= 0) ||
    state.securityProvided !== undefined ||
    state.arrangement !== undefined ||
    state.complaintUpheld !== undefined
  );
}

/** A grid charge arrived and waits to be booked. */
export function chargesWaiting(state: CaseState): boolean {
  return (state.pendingCharges?.length ?? 0) > 0;
}

/**
 * The reminder fees a payment crossed (release 0.6.10, `creditCrossedReminderFee`; RULES 11 "no reminder
 * fee when the payment was registered before the letter was sent"; Interest Act §9b: a reminder fee only
 * for a reminder sent while the debt was due), each with the payments that crossed it.
 *
 * The rule: a charged reminder fee (kind `reminder-fee`, recorded with its letter: `ChargedFee.reminder`)
 * is credited when the payments that billing registered before the letter was sent (`registeredAt` <
 * `sentAt`) and that the letter did not reflect (applied after it was written: beyond `paymentsSeen`)
 * together cover the arrears the letter stated. Then, when the letter went out, billing had the money for
 * all the letter asked of the invoices: the debt was not due. The arrears only — not the earlier
 * reminder fees the letter also named: the case does not see fee payments (billing books them), and
 * "paid" is the arrears paid everywhere in the case (RULES 2's events table). A payment that covers part
 * leaves the fee standing (the reminder was sent while a debt was due); so does a payment registered
 * after the letter, or one without `registeredAt`. The business compensation (Interest Act §9a stk. 3)
 * is for paying late, not for a letter: it is never credited here.
 *
 * Pure; a fee credited, or whose credit billing refused, is not returned again.
 */
export function crossedReminderFees(state: CaseState): Array<{ fee: ChargedFee; payments: RegisteredPayment[] }> {
  const payments = state.registeredPayments ?? [];
  if (payments.length === 0) return [];
  const crossed: Array<{ fee: ChargedFee; payments: RegisteredPayment[] }> = [];
  for (const fee of state.fees ?? []) {
    if (fee.kind !== 'reminder-fee' || !fee.reminder || fee.credited || fee.creditRefused) continue;
    const sentAt = Date.parse(fee.reminder.sentAt);
    const crossing = payments.slice(fee.reminder.paymentsSeen).filter((p) => Date.parse(p.registeredAt) < sentAt);
    const paidOre = crossing.reduce((sum, p) => sum + p.amountOre, 0);
    if (crossing.length > 0 && paidOre >= fee.reminder.arrearsOre) crossed.push({ fee, payments: crossing });
  }
  return crossed;
}

/** Security was provided and no deposit has been started yet (BEK §29). */
export function mustStartDeposit(state: CaseState): boolean {
  return state.securityProvided !== undefined && state.deposit === undefined;
}

/**
 * The stage a caller is told after its event (the update's answer; issue 17): where the case goes
 * once the loop acts on it. A closing ground closes the case at once, or first cancels the DataHub
 * request and waits for the grid's last word (`closing`); a hold pauses it (`on-hold`).
 */
export function stageAfterEvent(state: CaseState): Stage {
  if (state.closing && !state.closed) return mustCancelRequest(state) ? 'closing' : 'closed';
  return stageOf(state);
}

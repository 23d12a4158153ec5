/**
 * Cancellation (SV 2.2.1 d–e, 2.3.6 e; RULES 2.6): the DataHub request is cancelled without undue delay
 * when its grounds are gone — decided when the workflow acts (decide.ts: `mustCancelRequest`) — with
 * its timing noted (a late cancellation may cost a fee; the grid may have disconnected first), and a
 * bailiff court case in progress is withdrawn.
 */
import { addDays, cancellationTiming, copenhagenLocalTime, lateFeeIsCustomers } from '../../../../rules/index.js';
import { cancelDataHubRequest, nowIso } from '../../../shared/kernel.js';
import type { Cause } from '../../definitions.js';
import { activities } from '../activities.js';
import { flag, type CaseContext } from '../context.js';
import { cancellationCause, cancellationGround } from '../decide.js';
import type { RequestRecord } from '../state.js';

/** Cancels the open request now (RSM-024), and notes the cancellation's timing. */
export async function cancelRequest(ctx: CaseContext): Promise<void> {
  const { state, input } = ctx;
  const request = state.request!;
  const refused = request.status === 'not-disconnected';
  const cause = cancellationCause(state);
  const ground = cancellationGround(state);
  const receipt = await cancelDataHubRequest({
    caseId: input.caseId,
    meteringPointId: input.meteringPointId,
    request: { transactionId: request.transactionId, cycle: request.cycle, ...(request.processId ? { processId: request.processId } : {}) },
  });
  request.status = 'cancelled';
  ctx.record(`DataHub request cancelled: ${receipt.status}`, cause, 'SV 2.2.1 d', { messageId: receipt.messageId });
  if (receipt.status === 'rejected') flag(ctx, 'cancellation-rejected', `DataHub rejected the cancellation (${receipt.code ?? '-'}: ${receipt.message ?? ''})`, receipt.messageId);
  if (!refused) noteCancellationTiming(ctx, request, cause, ground);
  ctx.publish();
}

/** Records a cancellation's timing (RULES 2.6; SV 2.2.1 e, 2.4). */
function noteCancellationTiming(ctx: CaseContext, request: RequestRecord, cause: Cause, ground: { at: string; operatorHold: boolean; complaint: boolean } | undefined): void {
  const { state, input, exceptions } = ctx;
  const local = copenhagenLocalTime(Date.now());
  const timing = cancellationTiming(
    { date: local.date, time: local.time, cutoff: request.cutoff, windowDeadline: request.windowDeadline, customerClass: input.customerClass },
    exceptions,
    ctx.rules,
  );
  if (!timing.lateFeePossible && !timing.reportBy) return;
  const groundAt = ground ? copenhagenLocalTime(ground.at) : local;
  const byRule = lateFeeIsCustomers(
    { groundDate: groundAt.date, groundTime: groundAt.time, cancelDate: local.date, operatorHold: ground?.operatorHold ?? false },
    exceptions,
  );
  // Release 0.6.2 (noLateFeeAfterComplaint, RULES 11): the customer who complained or appealed exercised
  // a right, and never pays for the cancellation it caused.
  const pass =
    ctx.features.noLateFeeAfterComplaint && ground?.complaint
      ? { passOn: false, basis: 'RULES 11: the cancellation was caused by a complaint or an appeal (BEK §32 stk. 2, §33 stk. 3): the customer exercised a right and pays no fee for it' }
      : byRule;
  state.lateCancellation = {
    cancelledAt: nowIso(),
    date: local.date,
    time: local.time.slice(0, 5),
    lateFeePossible: timing.lateFeePossible,
    ...(timing.reportBy ? { reportBy: timing.reportBy } : {}),
    ...(timing.lateFeePossible ? { chargeWaitUntil: addDays(local.date, exceptions.lateFeeChargeWaitDays) } : {}),
    status: timing.lateFeePossible ? 'possible' : 'none',
    passOn: pass.passOn,
    passOnBasis: pass.basis,
    basis: timing.basis,
  };
  ctx.record(
    timing.lateFeePossible
      ? `a late-cancellation fee is possible; booked only if the grid charges it${pass.passOn ? '' : ' (the supplier would bear it)'}`
      : 'the grid may have disconnected before the cancellation reached it: waiting for its report',
    cause,
    timing.basis,
    { ...(timing.reportBy ? { reportBy: timing.reportBy } : {}), passOn: pass.passOn },
  );
}

/** Closing or on hold with a court case open and no disconnection: withdraw it (SV 2.3.6 e). */
export async function withdrawCourtCases(ctx: CaseContext): Promise<void> {
  const { state, input } = ctx;
  if (state.disconnected) return;
  for (const contact of state.authorityContacts ?? []) {
    if (contact.authority !== 'bailiff-court' || contact.withdrawn) continue;
    await activities.withdrawEnforcement({
      idempotencyKey: `${input.caseId}:court-withdraw:${contact.reference}`,
      caseId: input.caseId,
      courtCaseId: contact.reference,
      reason: state.closing ? `the case closed: ${state.closing.reason}` : 'the case is on hold',
    });
    contact.withdrawn = true;
    ctx.record(
      `the bailiff court case ${contact.reference} withdrawn (${state.closing ? `closing: ${state.closing.reason}` : 'on hold'})`,
      state.closing?.cause ?? { type: 'timer', date: ctx.today() },
      'SV 2.3.6 e',
    );
  }
}

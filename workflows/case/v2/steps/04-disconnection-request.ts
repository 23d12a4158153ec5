/**
 * Ophævelse + afbrydelsesvarsel + the DataHub request (BEK §28 stk. 3; SV 2.2.1 a–b; RULES 2.5, 3).
 * The cut-off is the earliest disconnection day ≥ 3 working days after the request and after the
 * hverdag following the letter's receipt.
 */
import * as wf from '@temporalio/workflow';
import {
  announcedFees,
  businessRequestDate,
  earliestCutoff,
  feeMethodOf,
  gridWindow,
  householdRequestDate,
  newAgreementDeadline,
  reminderPaymentDeadline,
  type Dated,
} from '../../../../rules/index.js';
import { activities } from '../activities.js';
import { flag } from '../context.js';
import { cancellationCause, mustCancelRequest } from '../decide.js';
import type { RequestRecord } from '../state.js';
import { involveAuthorities, knownAuthorities, tellGridOfCircumstances, type Agreed } from './06-special-circumstances.js';
import type { Step } from './step.js';

export const disconnectionRequest: Step = {
  sequence: 5,
  name: 'disconnectionRequest',
  description: 'Ophævelse og afbrydelsesvarsel; anmodning om leveranceophør til DataHub mindst 3 arbejdsdage før skæringsdatoen (BEK §28 stk. 3; SV 2.2.1)',
  async run(ctx) {
    const { state, input, rules, settings, household } = ctx;
    const due = household
      ? householdRequestDate(state.terminationEffective!.date, rules)
      : businessRequestDate(reminderPaymentDeadline(ctx.lastLetter('reminder2')!.sentDate, rules, ctx.lastLetter('reminder2')!.receivedDate).date, rules);
    if (!(await ctx.dayHasCome('disconnectionRequest', due, 'ophævelse og anmodning om afbrydelse'))) return 'interrupted';
    const cause = ctx.stepCause(due.date);
    // SV 2.3.4: a circumstance known before the request — the authority is involved first, and the
    // request is flagged with it and carries the agreed date.
    let agreed: Agreed | undefined;
    if (knownAuthorities(ctx).length > 0) {
      const involved = await involveAuthorities(ctx, knownAuthorities(ctx), 'known');
      if (!involved.ready) return 'interrupted';
      agreed = involved.agreed;
    }
    const requestDay = ctx.today();
    // An hourly-settled point disconnected remotely gets SV 2.2.3 a items 7–9 (RULES 11).
    const hourly = await ctx.hourlyMethod();
    // Release 0.6.6 (RULES 11, SV 2.2.1 a item 6): the letter states the fees that will be passed on.
    const announced = ctx.features.feesOnlyWhenAnnounced
      ? announcedFees(hourly ?? feeMethodOf(state.meterKind!, ctx.fees), await ctx.gridCompany(), input.productId, ctx.fees)
      : undefined;
    let cutoff: Dated | undefined;
    let window: ReturnType<typeof gridWindow> | undefined;
    const { letter, content } = await ctx.sendDated(
      'disconnectionNotice',
      (receipt) => {
        cutoff = earliestCutoff({ request: requestDay, customerClass: input.customerClass, letterReceipt: receipt }, rules);
        if (agreed && agreed.date > cutoff.date) {
          cutoff = { date: agreed.date, basis: `SV 2.3.4; RULES 5: the date ${agreed.by}, later than the earliest cut-off ${cutoff.date} (${cutoff.basis})` };
        }
        window = gridWindow(cutoff.date, state.meterKind!, input.customerClass, rules);
        return {
          ...ctx.common(),
          kind: 'disconnectionNotice',
          meterKind: state.meterKind!,
          cutoff: cutoff.date,
          windowDeadline: window.deadline,
          ...(household ? { newAgreementBy: newAgreementDeadline(cutoff.date, rules).date } : {}),
          amountDueOre: state.amountDueOre,
          ...(hourly ? { disconnectedRemotely: hourly === 'remote' } : {}),
          ...(announced ? { fees: { disconnectionOre: announced.disconnectionOre, reopeningOre: announced.reopeningOre } } : {}),
          // RULES 11: a business's end of supply ends its agreement, and its letter says so.
          ...(!household && settings.case.businessRequestKind === 'end-of-supply' ? { endsAgreement: true } : {}),
        };
      },
      cause,
    );
    if (announced) letter.announcedFees = { disconnectionOre: announced.disconnectionOre, reopeningOre: announced.reopeningOre };
    const kind = household ? 'end-of-supply' : settings.case.businessRequestKind;
    // Recorded as `sending` before it goes: DataHub's answer may arrive before the activity's result.
    const request: RequestRecord = {
      kind,
      cycle: state.cycle,
      messageId: '',
      transactionId: '',
      sentDate: requestDay,
      cutoff: cutoff!.date,
      cutoffBasis: cutoff!.basis,
      windowDeadline: window!.deadline,
      windowDeadlineBasis: window!.basis,
      status: 'sending',
    };
    state.request = request;
    let receipt;
    try {
      receipt = await activities.sendDataHubRequest({
        idempotencyKey: ctx.key('datahub-request'),
        caseId: input.caseId,
        request:
          kind === 'end-of-supply'
            ? { kind: 'RequestEndOfSupply', meteringPointId: input.meteringPointId, cutoff: cutoff!.date, circumstances: input.circumstances ?? [] }
            : { kind: 'RequestService', meteringPointId: input.meteringPointId, serviceType: 'D01', date: cutoff!.date },
      });
    } catch (err) {
      if (err instanceof wf.ActivityFailure) delete state.request; // never sent: the step stops for an operator
      throw err;
    }
    request.messageId = receipt.messageId;
    request.transactionId = receipt.transactionId;
    if (receipt.processId && !request.processId) request.processId = receipt.processId;
    if (receipt.status === 'rejected') request.status = 'rejected';
    else if (request.status === 'sending') request.status = 'sent';
    ctx.record(household ? 'agreement terminated; disconnection notice sent' : 'disconnection notice sent', cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      ...(household ? { newAgreementBy: (content as { newAgreementBy?: string }).newAgreementBy ?? '' } : {}),
    });
    if (receipt.status === 'rejected') {
      ctx.record(`DataHub rejected the request (${receipt.code}: ${receipt.message}); an operator must act`, cause, 'RULES 10', {
        messageId: receipt.messageId,
      });
      flag(ctx, 'request-rejected', `DataHub rejected the request (${receipt.code}: ${receipt.message})`, receipt.messageId);
    } else {
      ctx.record(`DataHub request sent (${kind})`, cause, cutoff!.basis, {
        messageId: receipt.messageId,
        transactionId: receipt.transactionId,
        cutoff: cutoff!.date,
        windowDeadline: window!.deadline,
        windowDeadlineBasis: window!.basis,
      });
    }
    ctx.setStage('disconnection-requested');
    if (receipt.status === 'accepted' && (input.circumstances ?? []).length > 0) {
      await tellGridOfCircumstances(ctx, cutoff!.date, agreed, cause);
    }
    // A closing ground or a hold that arrived while the request was on its way: the main loop cancels
    // it at once (decided there, from what is true now); the timeline says why.
    if (mustCancelRequest(state)) {
      ctx.record(`the request went out while the case ${state.closing ? `was closing (${state.closing.reason})` : 'was put on hold'}: it is cancelled at once`, cancellationCause(state), 'SV 2.2.1 d');
    }
    return 'done';
  },
};

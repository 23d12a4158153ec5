/** Krav om sikkerhedsstillelse (BEK §26 stk. 1, §27; RULES 2.3). */
import * as wf from '@temporalio/workflow';
import { arrearsAllowDemand, reminderPaymentDeadline, securityAmount, securityDeadline, securityDemandDate, type Dated } from '../../../../rules/index.js';
import { clearAttention, raiseAttention } from '../../../shared/attention.js';
import { nowIso } from '../../../shared/kernel.js';
import type { Cause } from '../../definitions.js';
import type { Step } from './step.js';

export const securityDemand: Step = {
  sequence: 3,
  name: 'securityDemand',
  description: 'Krav om sikkerhedsstillelse: frist mindst 15 hverdage fra modtagelsen (BEK §26–§27)',
  async run(ctx) {
    const { state, input, rules, settings } = ctx;
    let due: Dated;
    if (input.withoutArrears && !ctx.lastLetter('reminder2')) {
      due = { date: ctx.today(), basis: `BEK §26 stk. 1, §27 stk. 1: security demand without arrears (${input.withoutArrears.ground})` };
    } else {
      const r2 = ctx.lastLetter('reminder2')!;
      due = securityDemandDate(reminderPaymentDeadline(r2.sentDate, rules, r2.receivedDate).date);
    }
    if (!(await ctx.dayHasCome('securityDemand', due, 'krav om sikkerhedsstillelse'))) return 'interrupted';
    let cause: Cause = ctx.stepCause(due.date);
    let basis = due.basis;
    if (!input.withoutArrears) {
      // RULES 11: no demand for arrears below the minimum; the case stays at the reminders until it is
      // paid or a further invoice lifts the arrears (a snapshot before 0.6.1 has no minimum) — or, from
      // release 0.6.10 (`moveOnBelowMinimum`), an operator moves it on (`proceedBelowMinimum`): the wait
      // is then an attention reason, so operators find such cases in the worklist.
      const minimumOre = settings.case.securityMinArrearsOre;
      const allowed = () => arrearsAllowDemand(state.amountDueOre, minimumOre);
      if (!allowed().allowed) {
        ctx.record(`no security demand yet: ${allowed().basis}`, cause, allowed().basis);
        state.next = { step: 'securityDemand', waitingFor: `arrears of at least ${minimumOre} øre (or payment)` };
        if (ctx.features.moveOnBelowMinimum && minimumOre !== undefined) {
          state.belowMinimum = { since: nowIso(), arrearsOre: state.amountDueOre, minimumOre };
          raiseAttention(state, 'arrears-below-minimum', `arrears ${state.amountDueOre} øre, below the minimum ${minimumOre} øre: no security demand yet`, nowIso(), 'securityDemand');
        }
        ctx.publish();
        await wf.condition(() => allowed().allowed || ctx.mustReplan() || state.belowMinimum?.movedOn !== undefined);
        const movedOn = state.belowMinimum?.movedOn;
        if (state.belowMinimum) {
          delete state.belowMinimum;
          clearAttention(state, 'arrears-below-minimum');
          ctx.publish();
        }
        // A hold, a closing ground (paid) or another interruption wins: the step is planned afresh, and a
        // redone step that still finds the arrears below the minimum waits (and may be moved on) again.
        if (ctx.mustReplan()) return 'interrupted';
        // Moved on by an operator (and not lifted by an invoice): the demand goes now, caused by the event.
        if (movedOn && !allowed().allowed) {
          cause = { type: 'event', messageId: movedOn.messageId, eventType: 'proceedBelowMinimum', ...(movedOn.actor ? { actor: movedOn.actor } : {}) };
          basis = `${due.basis}; moved on by an operator below the minimum arrears (RULES 11)`;
        }
      }
    }
    const monthlyOre = await ctx.expectedMonthlyPayment();
    const amount = securityAmount({
      monthlyOre,
      months: settings.case.securityMonths,
      ...(input.securityRiskCapOre !== undefined ? { riskCapOre: input.securityRiskCapOre } : {}),
    });
    const securityAmountOre = amount.amountOre;
    let deadline: Dated | undefined;
    const { letter } = await ctx.sendDated(
      'securityDemand',
      (receipt) => {
        deadline = securityDeadline(receipt, { withoutArrears: Boolean(input.withoutArrears) }, rules);
        return {
          ...ctx.common(),
          kind: 'securityDemand',
          amountDueOre: state.amountDueOre,
          securityAmountOre,
          deadline: deadline.date,
          withoutArrears: Boolean(input.withoutArrears),
          ...(input.withoutArrears ? { ground: input.withoutArrears.ground } : {}),
          securityBasis: { bound: amount.bound, months: settings.case.securityMonths, monthlyOre },
        };
      },
      cause,
    );
    state.securityDeadline = { ...deadline!, securityAmountOre };
    ctx.record('security demanded', cause, basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      securityAmountOre,
      securityAmountBasis: amount.basis,
      deadline: deadline!.date,
      deadlineBasis: deadline!.basis,
    });
    ctx.setStage('security-demand');
    return 'done';
  },
};

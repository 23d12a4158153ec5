/** Krav om sikkerhedsstillelse (BEK §26 stk. 1, §27; RULES 2.3). */
import * as wf from '@temporalio/workflow';
import { arrearsAllowDemand, reminderPaymentDeadline, securityAmount, securityDeadline, securityDemandDate, type Dated } from '../../../../rules/index.js';
import { activities } from '../activities.js';
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
    const cause = ctx.stepCause(due.date);
    if (!input.withoutArrears) {
      // RULES 11: no demand for arrears below the minimum; the case stays at the reminders until it is
      // paid or a further invoice lifts the arrears (a snapshot before 0.6.1 has no minimum).
      const allowed = () => arrearsAllowDemand(state.amountDueOre, settings.case.securityMinArrearsOre);
      if (!allowed().allowed) {
        ctx.record(`no security demand yet: ${allowed().basis}`, cause, allowed().basis);
        state.next = { step: 'securityDemand', waitingFor: `arrears of at least ${settings.case.securityMinArrearsOre} øre (or payment)` };
        ctx.publish();
        await wf.condition(() => allowed().allowed || ctx.mustReplan());
        if (ctx.mustReplan()) return 'interrupted';
      }
    }
    const monthly = await (ctx.features.monthlyPaymentAsLocalActivity ? activities.expectedMonthlyPaymentLocally : activities.expectedMonthlyPayment)({ customerId: input.customerId, meteringPointId: input.meteringPointId });
    const amount = securityAmount({
      monthlyOre: monthly.amountOre,
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
          securityBasis: { bound: amount.bound, months: settings.case.securityMonths, monthlyOre: monthly.amountOre },
        };
      },
      cause,
    );
    state.securityDeadline = { ...deadline!, securityAmountOre };
    ctx.record('security demanded', cause, due.basis, {
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

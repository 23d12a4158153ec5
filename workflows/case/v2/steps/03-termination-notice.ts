/** Varsel om ophævelse (BEK §28 stk. 1–2; RULES 2.4). */
import { terminationEffective, terminationNoticeDate, type Dated } from '../../../../rules/index.js';
import type { Step } from './step.js';

export const terminationNotice: Step = {
  sequence: 4,
  name: 'terminationNotice',
  description: 'Varsel om ophævelse: mindst 3 hverdage fra modtagelsen (BEK §28)',
  async run(ctx) {
    const { state, rules } = ctx;
    const due = terminationNoticeDate(state.securityDeadline!.date);
    if (!(await ctx.dayHasCome('terminationNotice', due, 'varsel om ophævelse'))) return 'interrupted';
    const cause = ctx.stepCause(due.date);
    let effective: Dated | undefined;
    const { letter } = await ctx.sendDated(
      'terminationNotice',
      (receipt) => {
        effective = terminationEffective(receipt, rules);
        return {
          ...ctx.common(),
          kind: 'terminationNotice',
          securityAmountOre: state.securityDeadline!.securityAmountOre,
          effective: effective.date,
        };
      },
      cause,
    );
    state.terminationEffective = effective!;
    ctx.record('termination notice sent', cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      effective: effective!.date,
      effectiveBasis: effective!.basis,
    });
    ctx.setStage('termination-notice');
    return 'done';
  },
};

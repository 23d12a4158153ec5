/** Rykker 1 and rykker 2 (BEK §27 stk. 2–3; RULES 2.1–2.2). */
import { reminder1Date, reminder2Date, reminderFee, reminderPaymentDeadline, type Dated, type IsoDate } from '../../../../rules/index.js';
import { nowIso } from '../../../shared/kernel.js';
import type { CaseContext } from '../context.js';
import type { Step } from './step.js';
import type { StepOutcome } from './table.js';

async function sendReminder(ctx: CaseContext, n: 1 | 2): Promise<StepOutcome> {
  const { state, rules, settings, input } = ctx;
  const step = n === 1 ? 'reminder1' : 'reminder2';
  let due: Dated;
  if (n === 1) {
    const firstDue = state.invoices.map((i) => i.dueDate).sort()[0]!;
    due = reminder1Date(firstDue, rules);
  } else {
    const r1 = ctx.lastLetter('reminder1')!;
    due = reminder2Date(r1.sentDate, reminderPaymentDeadline(r1.sentDate, rules, r1.receivedDate).date, rules);
  }
  if (!(await ctx.dayHasCome(step, due, `rykker ${n}`))) return 'interrupted';
  const cause = ctx.stepCause(due.date);
  // The fee this reminder may carry (Interest Act §9a–§9b), decided before the letter states it.
  // RULES 11: a reminder redone after a hold carries no new fee (`feesOnRedoneSteps`; a snapshot before
  // 0.6.2 lacks it and charged one).
  const redone = state.cycle > 0 && !(ctx.fees.feesOnRedoneSteps ?? true);
  const fee: ReturnType<typeof reminderFee> = redone
    ? { charge: false, reason: 'RULES 11: no reminder fee for a step redone after a hold (feesOnRedoneSteps)' }
    : reminderFee(
        {
          customerClass: input.customerClass,
          date: ctx.today(),
          reminderFeeOre: settings.case.reminderFeeOre,
          // A fee credited back (release 0.6.10) counts as never charged.
          charged: (state.fees ?? []).filter((f) => !f.credited).map((f) => ({ kind: f.kind, date: f.date })),
          // Release 0.6.4 (compensationOnlyWhenEligible): the 310 kr only when billing says the agreement
          // is between businesses; runs before it charged every business.
          compensationEligible: ctx.features.compensationOnlyWhenEligible ? input.compensationEligible === true : true,
        },
        ctx.fees,
      );
  // RULES 11: a fee or the 310 kr is charged only in the letter that states it.
  const feeInLetter =
    fee.charge && fee.fee.kind === 'reminder-fee'
      ? { reminderFeeOre: fee.fee.amountOre }
      : fee.charge && fee.fee.kind === 'business-compensation'
        ? { compensationOre: fee.fee.amountOre }
        : {};
  // What the letter reflected (release 0.6.10): the arrears it states and the registered payments applied
  // when it was written — kept from the variant built last, the one sent (context.ts sendDated).
  let reflected = { arrearsOre: state.amountDueOre, paymentsSeen: state.registeredPayments?.length ?? 0 };
  const { letter, content } = await ctx.sendDated(
    step,
    (receipt) => {
      reflected = { arrearsOre: state.amountDueOre, paymentsSeen: state.registeredPayments?.length ?? 0 };
      return {
        ...ctx.common(),
        kind: step,
        amountDueOre: state.amountDueOre,
        invoiceIds: state.invoices.map((i) => i.invoiceId),
        // The billing system's payment references, when it gave one for every invoice (issue 15 item 13);
        // otherwise the case number stays the reference.
        ...(state.invoices.length > 0 && state.invoices.every((i) => i.paymentReference) ? { paymentReferences: state.invoices.map((i) => i.paymentReference!) } : {}),
        paymentDeadline: reminderPaymentDeadline(ctx.today(), rules, receipt).date,
        ...feeInLetter,
        // RULES 11: the amount is what the customer owes now — earlier fees of the case included, each named.
        ...ctx.earlierFeesOwed(),
        securityMaxMonths: ctx.household ? settings.case.securityMonths : 0,
        securityDeadlineHverdage: rules.securityDeadlineHverdage,
      };
    },
    cause,
  );
  // The letter has gone out (digital post delivered it, or print post took it): its sent instant.
  const sentAt = nowIso();
  const deadline = (content as { paymentDeadline: IsoDate }).paymentDeadline;
  // The fee goes to billing with the reminder and is recorded in the reminder's own line.
  const charged = fee.charge ? await ctx.charge(fee.fee, `fee:${fee.fee.kind}:${step}:${state.cycle}`, undefined, true) : undefined;
  // Release 0.6.10 (creditCrossedReminderFee, RULES 11): the fee remembers its letter, so a payment that
  // billing registered before the letter went out, and that reaches the case after, credits it (decide.ts).
  if (charged && charged.kind === 'reminder-fee' && ctx.features.creditCrossedReminderFee) charged.reminder = { letter: step, sentAt, ...reflected };
  ctx.record(`rykker ${n} sent`, cause, due.basis, {
    letterId: letter.letterId,
    channel: letter.channel,
    received: letter.receivedDate,
    paymentDeadline: deadline,
    ...(charged ? { fee: charged.kind, feeOre: charged.amountOre, feeChargeId: charged.chargeId } : {}),
    ...(!fee.charge ? { fee: `none: ${fee.reason}` } : {}),
  });
  ctx.setStage(n === 1 ? 'reminder-1' : 'reminder-2');
  return 'done';
}

export const reminder1: Step = {
  sequence: 1,
  name: 'reminder1',
  description: 'Rykker 1: betalingspåmindelse med frist og konsekvenser (BEK §27)',
  run: (ctx) => sendReminder(ctx, 1),
};

export const reminder2: Step = {
  sequence: 2,
  name: 'reminder2',
  description: 'Rykker 2: mindst 10 dage efter rykker 1, med frist og konsekvenser (BEK §27)',
  run: (ctx) => sendReminder(ctx, 2),
};

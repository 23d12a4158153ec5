/**
 * Settlement and fees (RULES 2.6, 8; SV 2.4, 3.1; BEK §29): the grid's and the supplier's fees passed
 * to billing exactly once, the grid's charges booked when they arrive via DataHub, the grid's last
 * word before a case closes, and the deposit started when security is provided.
 */
import * as wf from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { addDays, addWorkingDays, copenhagenInstant, feeMethodOf, gridFee, passesOnGridFees, supplierFee } from '../../../../rules/index.js';
import { factOrTimeout } from '../../../shared/wait.js';
import { DEPOSIT_WORKFLOW_TYPE, depositWorkflowId, type DepositInput } from '../../../deposit/definitions.js';
import type { depositWorkflow } from '../../../deposit/workflow.js';
import type { Cause } from '../../definitions.js';
import type { Fee } from '../../../../rules/index.js';
import { activities } from '../activities.js';
import type { CaseContext } from '../context.js';
import { chargesWaiting, crossedReminderFees } from '../decide.js';
import { addTask } from '../state.js';
import { nowIso } from '../../../shared/kernel.js';

/**
 * From release 0.6.6 (RULES 11 [interpretation], SV 2.2.1 a item 6): what the disconnection letter of
 * this cycle stated may be passed on for `what`, and no more; `undefined` before that release (no limit).
 * A fee beyond it is recorded as not passed on.
 */
function announcedBudget(ctx: CaseContext, what: 'disconnectionOre' | 'reopeningOre'): { left: number } | undefined {
  if (!ctx.features.feesOnlyWhenAnnounced || ctx.fees.onlyAnnouncedFees === false) return undefined;
  const notice = [...ctx.state.letters].reverse().find((l) => l.kind === 'disconnectionNotice');
  return { left: notice?.announcedFees?.[what] ?? 0 };
}

/** Charges `fee` within what the letter stated (`budget`), recording what is not passed on. */
async function chargeWithin(ctx: CaseContext, fee: Fee, keyStep: string, budget: { left: number } | undefined): Promise<void> {
  if (fee.amountOre <= 0) return;
  if (!budget) {
    await ctx.charge(fee, keyStep);
    return;
  }
  const amountOre = Math.min(fee.amountOre, budget.left);
  if (amountOre < fee.amountOre) {
    ctx.record(
      amountOre > 0
        ? `fee passed on in part: ${fee.kind} ${(amountOre / 100).toFixed(2)} of ${(fee.amountOre / 100).toFixed(2)} kr, as much as the disconnection letter stated`
        : `fee not passed on: ${fee.kind} ${(fee.amountOre / 100).toFixed(2)} kr, which the disconnection letter did not state`,
      { type: 'timer', date: ctx.today() },
      'RULES 11; SV 2.2.1 a item 6: a fee not stated in the disconnection letter is not passed on',
    );
  }
  if (amountOre <= 0) return;
  budget.left -= amountOre;
  await ctx.charge(amountOre === fee.amountOre ? fee : { ...fee, amountOre, basis: `${fee.basis}; at most what the disconnection letter stated (RULES 11)` }, keyStep);
}

/** Disconnected (RULES 8): the grid's fee per its tariff, and the supplier's fee on the grid's visit. */
export async function chargeDisconnectionFees(ctx: CaseContext): Promise<void> {
  const { state, input, fees } = ctx;
  const method = (await ctx.hourlyMethod()) ?? feeMethodOf(state.meterKind!, fees);
  const budget = announcedBudget(ctx, 'disconnectionOre');
  if (passesOnGridFees(input.productId, fees)) {
    await chargeWithin(ctx, gridFee('disconnection', method, await ctx.gridCompany(), fees), `fee:grid-disconnection:${state.cycle}`, budget);
  }
  if (method === 'physical') await chargeWithin(ctx, supplierFee('disconnection-visit', input.productId, fees), `fee:supplier-disconnection-visit:${state.cycle}`, budget);
}

/** Reopened (RULES 8, SV 3.1): the grid's fee per its tariff and the supplier's; none after a wrongful disconnection (SV 3.3.1). */
export async function chargeReopeningFees(ctx: CaseContext): Promise<void> {
  const { state, input, fees } = ctx;
  if (state.complaintUpheld) {
    ctx.record('no reopening fees: the disconnection was wrongful (SV 3.3.1)', { type: 'timer', date: ctx.today() }, 'SV 3.3.1');
    return;
  }
  const method = (await ctx.hourlyMethod()) ?? feeMethodOf(state.meterKind!, fees);
  const budget = announcedBudget(ctx, 'reopeningOre');
  if (passesOnGridFees(input.productId, fees)) {
    await chargeWithin(ctx, gridFee('reopening', method, await ctx.gridCompany(), fees), `fee:grid-reopening:${state.cycle}`, budget);
  }
  await chargeWithin(ctx, supplierFee('reopening', input.productId, fees), `fee:supplier-reopening:${state.cycle}`, budget);
}

/**
 * Books the grid's charges that arrived via DataHub (SV 2.4): a late cancellation only if one was
 * possible, a futile visit only after a refusal; never more than the grid charged or its tariff.
 * Disconnection and reopening fees were passed on from the tariff when reported: their charges are
 * reconciled.
 */
export async function bookGridCharges(ctx: CaseContext): Promise<void> {
  const { state, input, fees } = ctx;
  while (state.pendingCharges && state.pendingCharges.length > 0) {
    const c = state.pendingCharges[0]!;
    const cause: Cause = { type: 'timer', date: ctx.today() };
    const gln = await ctx.gridCompany();
    const unmatched = (why: string) => {
      const task = addTask(state, 'grid-charge-unmatched', `the grid's charge ${c.chargeId} (${c.chargeKind}, ${(c.amountOre / 100).toFixed(2)} kr): ${why}`, nowIso());
      ctx.record(`the grid's charge ${c.chargeId} does not match the case: ${why}; an operator task (${task.taskId})`, cause, 'SV 2.4');
    };
    const passOn = passesOnGridFees(input.productId, fees);
    switch (c.chargeKind) {
      case 'late-cancellation': {
        const lc = state.lateCancellation;
        if (!lc || lc.status !== 'possible') {
          unmatched('no possible late cancellation is recorded');
          break;
        }
        lc.status = 'charged';
        if (!lc.passOn || !passOn) {
          ctx.record(`the grid charged the late-cancellation fee (${c.chargeId}); not passed on: ${lc.passOn ? 'the product does not pass grid fees on' : lc.passOnBasis}`, cause, 'SV 2.4');
          break;
        }
        const fee = gridFee('late-cancellation', 'physical', gln, fees);
        await ctx.charge(
          { ...fee, amountOre: Math.min(fee.amountOre, c.amountOre), basis: `${fee.basis}; charged by the grid ${c.date} (${c.chargeId}); ${lc.passOnBasis}` },
          `fee:grid-late-cancellation:${c.chargeId}`,
          c.messageId,
        );
        break;
      }
      case 'futile-visit': {
        if (!state.refusals?.length) {
          unmatched('the grid reported no refusal');
          break;
        }
        const fee = gridFee('futile-visit', 'physical', gln, fees);
        if (passOn) {
          await ctx.charge(
            { ...fee, amountOre: Math.min(fee.amountOre, c.amountOre), basis: `${fee.basis}; charged by the grid ${c.date} (${c.chargeId})` },
            `fee:grid-futile-visit:${c.chargeId}`,
            c.messageId,
          );
        }
        await ctx.charge(supplierFee('disconnection-visit', input.productId, fees), `fee:supplier-disconnection-visit:${c.chargeId}`, c.messageId);
        break;
      }
      default: {
        const kind = c.chargeKind === 'disconnection' ? 'grid-disconnection' : 'grid-reopening';
        const passed = (state.fees ?? []).filter((f) => f.kind === kind).reduce((sum, f) => sum + f.amountOre, 0);
        if (passed > c.amountOre) unmatched(`the customer was charged ${(passed / 100).toFixed(2)} kr per the tariff, more than the grid's charge`);
        else ctx.record(`the grid's ${c.chargeKind} charge ${c.chargeId} reconciled with the ${(passed / 100).toFixed(2)} kr passed on`, cause, 'SV 2.4');
      }
    }
    state.pendingCharges.shift();
    ctx.publish();
  }
}

/**
 * Release 0.6.10 (`creditCrossedReminderFee`; RULES 11, Interest Act §9b): credits each reminder fee a
 * payment crossed — registered at billing before the reminder was sent, applied by the case after it was
 * written, covering the arrears it stated (decide.ts `crossedReminderFees` has the rule) — once: billing
 * dedupes by the key (the charge's own + `:credit`), and the fee records its credit, so it is neither
 * credited again nor owed in a later letter (`earlierFeesOwed`). A credit billing refuses for good opens
 * an operator task (`fee-failed`) and is not tried again.
 */
export async function creditCrossedReminderFees(ctx: CaseContext): Promise<void> {
  const { state, input } = ctx;
  for (const { fee, payments } of crossedReminderFees(state)) {
    const reminder = fee.reminder!;
    const last = payments[payments.length - 1]!;
    const cause: Cause = { type: 'event', messageId: last.messageId, eventType: 'paymentReceived', ...(last.actor ? { actor: last.actor } : {}) };
    const n = reminder.letter === 'reminder1' ? 1 : 2;
    const paidOre = payments.reduce((sum, p) => sum + p.amountOre, 0);
    const registered = payments.map((p) => p.registeredAt).sort()[0]!;
    const basis =
      `RULES 11; Interest Act (renteloven) §9b: billing registered ${(paidOre / 100).toFixed(2)} kr at ${payments.map((p) => p.registeredAt).join(', ')}, ` +
      `before rykker ${n} was sent at ${reminder.sentAt}, covering the ${(reminder.arrearsOre / 100).toFixed(2)} kr it stated: ` +
      'the reminder was not sent while the debt was due, so its fee is not owed';
    const idempotencyKey = `${fee.idempotencyKey}:credit`;
    const date = ctx.today();
    const request = { idempotencyKey, caseId: input.caseId, customerId: input.customerId, chargeId: fee.chargeId, amountOre: fee.amountOre, basis, date };
    try {
      // A local activity in this workflow task, as fees are from 0.6.9 (feesAsLocalActivities).
      const credit = await ctx.publish.across(() => activities.creditFeeLocally(request));
      fee.credited = { creditId: credit.creditId, date, basis, idempotencyKey, payments: payments.map((p) => p.messageId) };
      ctx.record(`fee credited: ${fee.kind} ${(fee.amountOre / 100).toFixed(2)} kr (rykker ${n} crossed a payment registered before it was sent)`, cause, basis, {
        creditId: credit.creditId,
        chargeId: fee.chargeId,
        amountOre: fee.amountOre,
        registeredAt: registered,
        sentAt: reminder.sentAt,
      });
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      const failure = (err.cause as { message?: string } | undefined)?.message ?? err.message;
      const task = addTask(state, 'fee-failed', `billing refused to credit the fee ${fee.kind} of rykker ${n} (${idempotencyKey}): ${failure}; credit it by hand`, nowIso());
      fee.creditRefused = { date, failure, taskId: task.taskId };
      ctx.record(`billing refused to credit the fee ${fee.kind} of rykker ${n}: an operator task (${task.taskId})`, cause, basis);
    }
    ctx.publish();
  }
}

/** Security provided (BEK §29): the deposit starts as a workflow of its own that outlives the case. */
export async function startDeposit(ctx: CaseContext): Promise<void> {
  const { state, input, settings } = ctx;
  const security = state.securityProvided!;
  const depositId = input.caseId;
  const workflowId = depositWorkflowId(depositId);
  const receivedDate = ctx.today();
  const args: DepositInput = {
    depositId,
    caseId: input.caseId,
    customerId: input.customerId,
    meteringPointId: input.meteringPointId,
    amountOre: security.amountOre,
    receivedDate,
    // The deposit's letters run at the case's own minute of the step window too.
    stepTimeLocal: ctx.stepTime,
  };
  const cause: Cause = { type: 'timer', date: receivedDate };
  try {
    // ABANDON: the deposit is held a year (or until the agreement ends), long after the case closed.
    await wf.startChild<typeof depositWorkflow>(DEPOSIT_WORKFLOW_TYPE, {
      workflowId,
      args: [args],
      parentClosePolicy: 'ABANDON',
      staticSummary: 'Deposit (depositum, BEK §29)',
    });
    ctx.record(`deposit of ${(security.amountOre / 100).toFixed(2)} kr started (${workflowId})`, cause, 'BEK §29: held apart, repaid with interest after a year of timely payment or when the agreement ends', {
      workflowId,
      messageId: security.messageId,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    ctx.record(`the deposit ${workflowId} is already running`, cause, 'BEK §29');
  }
  state.deposit = { depositId, workflowId, amountOre: security.amountOre, receivedDate };
  ctx.publish();
}

/**
 * The grid's last word before the case closes (RULES 2.6): after a cancellation that may have crossed
 * a disconnection, the grid's report until the end of the next working day; the grid's own
 * reopening (chased, then an operator task); a possible late fee's charge until it lapses. Nothing
 * of afbryd's own is sent to reopen.
 */
export async function settle(ctx: CaseContext): Promise<void> {
  const { state, input } = ctx;
  let reportWaitOver = false;
  let reopeningEscalated = false;
  for (;;) {
    await bookGridCharges(ctx);
    const lc = state.lateCancellation;
    const self = state.selfReopening;
    const awaitingReport = lc?.reportBy !== undefined && !self && !reportWaitOver;
    const awaitingCharge = lc?.status === 'possible';
    const awaitingReopening = self !== undefined && self.reopenedDate === undefined;
    if (!awaitingReport && !awaitingCharge && !awaitingReopening) return;
    ctx.setStage(awaitingReopening ? 'disconnected' : 'closing');
    const milestones: { at: number; summary: string; run: () => Promise<void> }[] = [];
    const waitingFor: string[] = [];
    if (awaitingReport) {
      waitingFor.push(`the grid's report of a disconnection before the cancellation (until ${lc!.reportBy})`);
      milestones.push({
        at: copenhagenInstant(addDays(lc!.reportBy!, 1), '00:00'),
        summary: 'netselskabets melding om en afbrydelse før annulleringen',
        run: async () => {
          reportWaitOver = true;
          ctx.record(`no disconnection reported by ${lc!.reportBy}: the cancellation reached the grid in time`, { type: 'timer', date: lc!.reportBy! }, 'SV 2.2.1 e, h');
        },
      });
    }
    if (awaitingCharge) {
      waitingFor.push(`the grid's charge for the late cancellation (until ${lc!.chargeWaitUntil})`);
      milestones.push({
        at: copenhagenInstant(lc!.chargeWaitUntil!, ctx.stepTime),
        summary: 'netselskabets gebyr for sen annullering',
        run: async () => {
          lc!.status = 'lapsed';
          ctx.record(`no late-cancellation charge from the grid by ${lc!.chargeWaitUntil}: no fee`, { type: 'timer', date: lc!.chargeWaitUntil! }, 'SV 2.4; RULES 2.6');
        },
      });
    }
    if (awaitingReopening) {
      const from = lc && lc.date > self!.disconnectedDate ? lc.date : self!.disconnectedDate;
      const reportBy = addWorkingDays(from, 1 + ctx.exceptions.gridReportGraceWorkingDays, ctx.rules);
      waitingFor.push(`the grid to reopen by itself and report it (SV 2.2.1 e; by ${reportBy})`);
      if (!reopeningEscalated) {
        milestones.push({
          at: copenhagenInstant(addDays(reportBy, 1), '00:00'),
          summary: 'netselskabets melding om genåbning',
          run: async () => {
            reopeningEscalated = true;
            const task = addTask(state, 'grid-not-reopened', `the grid disconnected ${self!.disconnectedDate} before the cancellation and has not reported its reopening by ${reportBy}: call the grid company`, nowIso());
            ctx.record(`the grid has not reported its own reopening by ${reportBy}: an operator task (${task.taskId}) and a reminder`, { type: 'timer', date: addDays(reportBy, 1) }, 'SV 2.2.1 e, 3.2.1 g', { taskId: task.taskId });
            ctx.publish();
            await activities.messageGridCompany({
              idempotencyKey: ctx.key('grid-self-reopening-overdue'),
              caseId: input.caseId,
              gridCompanyGln: await ctx.gridCompany(),
              meteringPointId: input.meteringPointId,
              topic: 'reopening-not-reported',
              text: `Påmindelse: målepunkt ${input.meteringPointId} blev afbrudt ${self!.disconnectedDate}, før annulleringen af ${lc?.date ?? '-'} nåede frem; genåbningen er ikke meldt senest ${reportBy} (SV 2.2.1 e, 3.2.1 g). Sag ${input.caseId}.`,
            });
          },
        });
      }
    }
    state.next = { step: 'settle', waitingFor: waitingFor.join('; ') };
    ctx.publish();
    milestones.sort((a, b) => a.at - b.at);
    const wake = state.wake ?? 0;
    const changed = () => (state.wake ?? 0) !== wake || chargesWaiting(state);
    const first = milestones[0];
    if (!first) {
      await wf.condition(changed);
      continue;
    }
    const wait = first.at - Date.now();
    if (wait > 0 && (await factOrTimeout(changed, wait, first.summary))) continue;
    await first.run();
  }
}

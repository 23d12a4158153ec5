/**
 * Disconnected: waiting for the reopening grounds, then genåbning (RULES 7; SV 3.2). Reopening needs
 * a new agreement with the arrears paid, security, or a payment arrangement (BEK §26 stk. 4); the
 * supplier tells the customer, then requests the reopening via DataHub.
 */
import * as wf from '@temporalio/workflow';
import { addDays, addWorkingDays, copenhagenInstant, copenhagenLocalTime, expectedReopening, maxDate, type IsoDate } from '../../../../rules/index.js';
import { factOrTimeout } from '../../../shared/wait.js';
import type { Cause } from '../../definitions.js';
import { activities } from '../activities.js';
import { flag, type CaseContext } from '../context.js';
import { chargesWaiting, reopeningGrounds } from '../decide.js';
import { addTask } from '../state.js';
import { chargeReopeningFees } from './09-settlement-and-fees.js';
import type { Step } from './step.js';
import { nowIso } from '../../../shared/kernel.js';

export const awaitReopeningGrounds: Step = {
  sequence: 8,
  name: 'awaitReopeningGrounds',
  description: 'Afbrudt: afventer grundlag for genåbning — ny aftale og betaling, sikkerhed eller en betalingsordning (BEK §26 stk. 4)',
  async run(ctx) {
    const { state } = ctx;
    state.next = {
      step: 'awaitReopeningGrounds',
      waitingFor: 'a new supply agreement with the arrears paid, security, or a payment arrangement (BEK §26 stk. 4; RULES 7)',
    };
    ctx.publish();
    // The history horizon: a wait this long continues as new (the loop), so no case's history grows
    // without bound while it waits, and an old release can retire.
    const days = ctx.settings.case.historyHorizonDays ?? 30;
    const came = await factOrTimeout(() => reopeningGrounds(state) || Boolean(state.closing) || chargesWaiting(state), `${days} days`, 'grundlag for genåbning (historikhorisont)');
    if (!came) return 'horizon';
    return !state.closing && reopeningGrounds(state) ? 'done' : 'interrupted';
  },
};

export const reopening: Step = {
  sequence: 9,
  name: 'reopening',
  description: 'Genåbning: kunden orienteres, og genåbning anmodes via DataHub (SV 3.2)',
  async run(ctx) {
    const { state, input } = ctx;
    const cause: Cause = ctx.resumeCause ?? { type: 'timer', date: ctx.today() };
    delete ctx.resumeCause;
    // An hourly-settled point reopens as its grid company works it (RULES 11: one fact with the letter and fees).
    const meter = (await ctx.hourlyMethod()) ?? state.meterKind!;
    const expected = expectedReopening({ at: copenhagenLocalTime(Date.now()).local, meter }, ctx.rules);
    const { letter } = await ctx.sendDated(
      'reopeningNotice',
      () => ({
        ...ctx.common(),
        kind: 'reopeningNotice',
        meterKind: state.meterKind!,
        expectedDate: expected.date,
        from: expected.from,
        to: expected.to,
        reopeningMethod: expected.method,
      }),
      cause,
    );
    ctx.record('reopening notice sent', cause, expected.basis, { letterId: letter.letterId, expectedDate: expected.date, from: expected.from, to: expected.to });
    // Release 0.6.3 (reopeningInformationCheck, RULES 11): the safety information must reach the customer
    // before the reopening. Digital post arrives the same day; a letter by post only confirms it later, so
    // unless customer service recorded giving it, an operator must call. The request goes at once anyway.
    if (ctx.features.reopeningInformationCheck && letter.receivedDate > ctx.today() && !state.reopeningInformationGiven) {
      flag(ctx, 'reopening-information-not-confirmed', `the reopening notice goes by ${letter.channel} and is received ${letter.receivedDate}; no record that the customer was told`, letter.letterId);
    }
    if (state.request?.kind === 'end-of-supply') {
      // After a completed end of supply the supplier registers the start of supply (BRS-009) first.
      const moveIn = await activities.sendDataHubRequest({
        idempotencyKey: ctx.key('datahub-start-of-supply'),
        caseId: input.caseId,
        request: {
          kind: 'RequestStartOfSupply',
          meteringPointId: input.meteringPointId,
          startDate: maxDate(ctx.today(), state.disconnected!.date),
          customerId: input.customerId,
        },
      });
      ctx.record(`start of supply registered (BRS-009): ${moveIn.status}`, cause, 'RULES 10 BRS-009', { messageId: moveIn.messageId });
    }
    const reconnect = await activities.sendDataHubRequest({
      idempotencyKey: ctx.key('datahub-reopen'),
      caseId: input.caseId,
      request: { kind: 'RequestService', meteringPointId: input.meteringPointId, serviceType: 'D03', date: ctx.today() },
    });
    ctx.record(`reopening requested (BRS-039 D03): ${reconnect.status}`, cause, 'SV 3.2.1 b', { messageId: reconnect.messageId });
    if (reconnect.status === 'rejected') flag(ctx, 'reopening-rejected', `DataHub rejected the reopening request (${reconnect.code ?? '-'}: ${reconnect.message ?? ''})`, reconnect.messageId);
    ctx.setStage('reopening');
    state.next = { step: 'reopening', date: expected.date, basis: expected.basis, waitingFor: 'the grid company to reopen' };
    ctx.publish();
    await awaitGridReopening(ctx, expected.date);
    if (state.closing?.reason === 'reopened') await chargeReopeningFees(ctx);
    return 'done';
  },
};

/**
 * After our reopening request (SV 3.2.1 g): the grid reports the reopening by 1 working day after;
 * no report by then + the grace → an operator task and a reminder to the grid. Waits for the close.
 */
async function awaitGridReopening(ctx: CaseContext, expectedDate: IsoDate): Promise<void> {
  const { state, input } = ctx;
  const reportBy = addWorkingDays(expectedDate, 1 + ctx.exceptions.gridReportGraceWorkingDays, ctx.rules);
  const overdueFrom = addDays(reportBy, 1);
  const closing = () => Boolean(state.closing);
  const wait = copenhagenInstant(overdueFrom, '00:00') - Date.now();
  if (wait > 0 && (await factOrTimeout(closing, wait, 'netselskabets melding om genåbning'))) return;
  if (!state.closing) {
    const task = addTask(state, 'grid-not-reopened', `the grid has not reported the reopening expected ${expectedDate} by ${reportBy}: call the grid company`, nowIso());
    ctx.record(`no reopening reported by ${reportBy}: an operator task (${task.taskId}) and a reminder to the grid`, { type: 'timer', date: overdueFrom }, 'SV 3.2.1 g; RULES 4', {
      taskId: task.taskId,
    });
    ctx.publish();
    await activities.messageGridCompany({
      idempotencyKey: ctx.key('grid-reopening-overdue'),
      caseId: input.caseId,
      gridCompanyGln: await ctx.gridCompany(),
      meteringPointId: input.meteringPointId,
      topic: 'reopening-not-reported',
      text: `Påmindelse: genåbning af målepunkt ${input.meteringPointId} er anmodet med forventet dato ${expectedDate}; ingen melding om genåbning senest ${reportBy} (SV 3.2.1 g). Sag ${input.caseId}.`,
    });
  }
  await wf.condition(closing);
}

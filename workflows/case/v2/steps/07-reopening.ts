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
    // Release 0.6.9 (reopeningInformationByShortMessage): first it goes by SMS or e-mail, the same day;
    // only when neither reaches the customer must an operator call.
    if (ctx.features.reopeningInformationCheck && letter.receivedDate > ctx.today() && !state.reopeningInformationGiven) {
      const sent = ctx.features.reopeningInformationByShortMessage ? await sendReopeningInformation(ctx, expected, cause) : undefined;
      if (!sent) {
        flag(ctx, 'reopening-information-not-confirmed', `the reopening notice goes by ${letter.channel} and is received ${letter.receivedDate}; no record that the customer was told`, letter.letterId);
      }
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
 * The reopening information by SMS, else e-mail (release 0.6.9; RULES 11, SV 3.2.1 e, 3.2.2 e): the
 * window, appliances off, activating the meter, how to reach us. The activity reads the number and the
 * address from the customer registry; the case passes and keeps none. True when it went (recorded in
 * the timeline and the view); false when the registry has neither or the gateway failed for good — the
 * step goes on either way, and the reopening request is not held up.
 */
async function sendReopeningInformation(ctx: CaseContext, expected: ReturnType<typeof expectedReopening>, cause: Cause): Promise<boolean> {
  const { state, input } = ctx;
  let receipt: Awaited<ReturnType<typeof activities.sendShortMessage>>;
  try {
    receipt = await activities.sendShortMessage({
      idempotencyKey: ctx.key('reopening-information'),
      caseId: input.caseId,
      customerId: input.customerId,
      kind: 'reopeningInformation',
      content: { expectedDate: expected.date, from: expected.from, to: expected.to, method: expected.method, customerClass: input.customerClass },
    });
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure)) throw err;
    const failure = err.cause as { type?: string; message?: string } | undefined;
    ctx.record(`the reopening information could not be sent by SMS or e-mail (${failure?.type ?? 'ActivityFailure'}: ${failure?.message ?? err.message})`, cause, 'RULES 11');
    return false;
  }
  if (receipt.channel === 'none') {
    ctx.record(`the reopening information was not sent by SMS or e-mail: ${receipt.reason}`, cause, 'RULES 11');
    return false;
  }
  state.reopeningInformationSent = { channel: receipt.channel, sentAt: receipt.sentAt, messageId: receipt.messageId, contentHash: receipt.contentHash };
  ctx.record(
    `reopening information sent by ${receipt.channel === 'sms' ? 'SMS' : 'e-mail'} before the reopening request: the window, appliances off${expected.method === 'remote' ? ', activate the meter' : ''}, how to contact us; the letter follows as confirmation`,
    cause,
    'RULES 11; SV 3.2.1 e, 3.2.2 e (the customer is told before the reopening, on a channel that arrives the same day)',
    { channel: receipt.channel, messageId: receipt.messageId, sentAt: receipt.sentAt, contentHash: receipt.contentHash },
  );
  return true;
}

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

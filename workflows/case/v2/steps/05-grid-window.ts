/**
 * The grid company's window (RULES 4; SV 2.2.1 c, 2.2.2 c, 2.2.3 c, 2.3.1): wait for DataHub's word
 * on the disconnection, with the grid's report deadline — no outcome by the window deadline + 1
 * working day makes the case overdue (the `AfbrydOverdue` flag, an operator task and a reminder to
 * the grid) without ending it. A DataHub outage an operator marked suspends the flag.
 */
import * as wf from '@temporalio/workflow';
import { copenhagenInstant, gridReportDeadline } from '../../../../rules/index.js';
import { factOrTimeout } from '../../../shared/wait.js';
import type { Cause } from '../../definitions.js';
import { activities } from '../activities.js';
import type { CaseContext } from '../context.js';
import { addTask, requestPending, type CaseState } from '../state.js';
import { chargeDisconnectionFees } from './09-settlement-and-fees.js';
import type { Step } from './step.js';
import { nowIso } from '../../../shared/kernel.js';

export const gridWindow: Step = {
  sequence: 6,
  name: 'gridWindow',
  description: 'Netselskabets frist for afbrydelse: 6, 3 eller 2 arbejdsdage fra skæringsdatoen (SV 2.2.1 c, 2.2.2 c, 2.2.3 c)',
  async run(ctx) {
    const { state } = ctx;
    state.next = {
      step: 'gridWindow',
      ...(state.request ? { date: state.request.windowDeadline, basis: state.request.windowDeadlineBasis } : {}),
      waitingFor: 'the grid company to disconnect (reported via DataHub)',
    };
    ctx.publish();
    if (requestPending(state)) await watchGridSla(ctx);
    else await wf.condition(ctx.mustReplan);
    if (state.closing || state.holds.length > 0) return 'interrupted';
    if (state.disconnected && state.request?.status === 'disconnected') {
      ctx.setStage('disconnected');
      await chargeDisconnectionFees(ctx);
      return 'disconnected';
    }
    if (state.request?.status === 'not-disconnected') return 'refused';
    return 'interrupted';
  },
};

/** Waits in the window; marks the case overdue when the grid's report deadline passes. */
async function watchGridSla(ctx: CaseContext): Promise<void> {
  const { state } = ctx;
  const request = state.request!;
  if (!state.gridSla || state.gridSla.windowDeadline !== request.windowDeadline) {
    state.gridSla = { windowDeadline: request.windowDeadline, ...gridReportDeadline(request.windowDeadline, ctx.exceptions, ctx.rules), overdue: false };
    ctx.publish();
  }
  for (;;) {
    if (ctx.mustReplan()) return;
    const sla = state.gridSla;
    const wake = state.wake ?? 0;
    const changed = () => ctx.mustReplan() || (state.wake ?? 0) !== wake;
    if (!sla || sla.overdue || state.dataHubOutage) {
      await wf.condition(changed);
      continue;
    }
    const wait = copenhagenInstant(sla.overdueFrom, '00:00') - Date.now();
    if (wait > 0 && (await factOrTimeout(changed, wait, 'netselskabets frist for at melde udfaldet'))) continue;
    await markOverdue(ctx, sla);
  }
}

async function markOverdue(ctx: CaseContext, sla: NonNullable<CaseState['gridSla']>): Promise<void> {
  const { state, input } = ctx;
  const now = nowIso();
  sla.overdue = true;
  sla.since = now;
  const task = addTask(
    state,
    'grid-overdue',
    `the grid has not reported an outcome by ${sla.reportBy} (window deadline ${sla.windowDeadline}): check with the grid company and DataHub`,
    now,
  );
  const cause: Cause = { type: 'timer', date: sla.overdueFrom };
  ctx.record(`no outcome from the grid by ${sla.reportBy}: overdue; an operator task (${task.taskId}) and a reminder to the grid`, cause, sla.basis, {
    taskId: task.taskId,
  });
  ctx.publish();
  const sent = await activities.messageGridCompany({
    idempotencyKey: `${input.caseId}:grid-overdue:${task.taskId}`,
    caseId: input.caseId,
    gridCompanyGln: await ctx.gridCompany(),
    meteringPointId: input.meteringPointId,
    topic: 'report-overdue',
    text: `Påmindelse: anmodning om afbrydelse af målepunkt ${input.meteringPointId} med skæringsdato ${state.request?.cutoff}; fristen udløb ${sla.windowDeadline}, og der er ikke meldt afbrydelse eller afvisning senest ${sla.reportBy} (SV 2.2.1 c, h). Sag ${input.caseId}.`,
  });
  ctx.record('the grid company reminded', cause, 'RULES 4: escalation', { messageId: sent.messageId });
}

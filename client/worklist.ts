/**
 * The operator worklist (issue 17 item 5): the lists an operator works from, each as rows the page
 * (`/arbejdsliste`), the API (`GET /worklist/:list`, `GET /worklist/:list/csv`) and the CLI
 * (`afbryd cases worklist <list> [--csv]`) share.
 *
 * - `attention`: every open case with open attention reasons, each reason with its Danish text and
 *   the action that clears it (workflows/shared/attention.ts);
 * - `failed`: case runs that failed, timed out or were terminated — unpaid-invoice cases, owner-liability
 *   cases and requested disconnections — with how to recover them;
 * - `overdue`: open cases whose grid report is overdue (RULES 4);
 * - `cutoffs`: open cases whose cut-off is in a range of days (default today);
 * - `due`: open cases whose next step is due in a range of days (default today).
 *
 * The visibility queries are `client/cases.ts`'s; each row adds what the case's `caseView` says (the
 * next step, the amount, the reasons), so a version 1 case (`caseWorkflow`) shows as well as a
 * version 2 one until it drains. No personal data: ids, stages, dates and amounts only.
 */
import type { Client } from '@temporalio/client';
import { addDays, dayOfWeek, type IsoDate } from '../rules/index.js';
import { caseViewQuery, type CaseView, type StepName } from '../workflows/case/definitions.js';
import { attentionLines, danishAmount, STAGE_DA, STEP_DA, type AttentionLine } from './case-answer.js';
import { listCases, listFailedCaseRuns, type CaseListItem, type FailedCaseRun } from './cases.js';
import { toCsv } from './import/csv.js';

export const WORKLISTS = ['attention', 'failed', 'overdue', 'cutoffs', 'due'] as const;
export type WorklistName = (typeof WORKLISTS)[number];

/** The Danish title of each list. */
export const WORKLIST_TITLES: Record<WorklistName, string> = {
  attention: 'Sager der kræver handling',
  failed: 'Fejlede kørsler',
  overdue: 'Overskredne frister',
  cutoffs: 'Skæringsdatoer',
  due: 'Trin der forfalder',
};

/** One row of a list. */
export interface WorklistRow {
  id: string;
  runId: string;
  workflowType?: string;
  status: string;
  /** For a failed run (the `failed` list), the failure's type, e.g. `UnknownMeteringPoint`. */
  failureType?: string;
  customerId?: string;
  meteringPointId?: string;
  caseId?: string;
  stage?: string;
  stageLabel?: string;
  amountDueOre?: number;
  amountText?: string;
  cutoffDay?: IsoDate;
  windowDeadline?: IsoDate;
  nextStep?: string;
  nextStepText?: string;
  nextStepDay?: IsoDate;
  overdue?: boolean;
  /** The open attention reasons (the `attention` list). */
  reasons?: AttentionLine[];
  /** How to recover a failed run (the `failed` list). */
  recovery?: string;
  closeTime?: string;
}

export interface Worklist {
  list: WorklistName;
  title: string;
  /** The days the list covers (`cutoffs`, `due`). */
  from?: IsoDate;
  to?: IsoDate;
  rows: WorklistRow[];
  truncated: boolean;
}

/** The Monday and Sunday of the week of a day. */
export function weekOf(day: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = addDays(day, 1 - dayOfWeek(day));
  return { from, to: addDays(from, 6) };
}

/**
 * What to do with a failed case run, in Danish (an operator's instruction, with the command). A run
 * that failed for want of master data (`UnknownMeteringPoint`: a version 1 case, or an owner-liability
 * case or requested disconnection started before release 0.6.9; at its start, before it sent anything)
 * gets its master data and is run again from its first workflow task: a reset to the last one would
 * meet the same failed lookup. The English twin of the CLI and the API: master-data.ts `nextForFailedRun`.
 */
export function recoveryOf(run: Pick<FailedCaseRun, 'id' | 'runId' | 'status'> & Partial<Pick<FailedCaseRun, 'failureType' | 'meteringPointId'>>): string {
  const reset = `temporal workflow reset --workflow-id ${run.id} --run-id ${run.runId} --type LastWorkflowTask --reason "<hvorfor>"`;
  if (run.status === 'FAILED' && run.failureType === 'UnknownMeteringPoint') {
    const first = `temporal workflow reset --workflow-id ${run.id} --run-id ${run.runId} --type FirstWorkflowTask --reason "stamdata leveret"`;
    return `Kørslen stoppede ved sin start, fordi afbryd ikke havde stamdata for målepunktet (en kørsel fra før sagerne ventede på stamdata); intet var sendt. Læg stamdata ind: afbryd masterdata set ${run.meteringPointId ?? '<GSRN>'} --grid-company <GLN> (--hourly | --disconnection remote|physical), og kør så sagen forfra: ${first}. En ny start af sagen svarer existing-failed og starter intet.`;
  }
  switch (run.status) {
    case 'FAILED':
      return `Kørslen stoppede på en fejl i sagsforløbet. Find fejlen i kørslens sidste hændelse (Web UI), ret koden eller data, og nulstil kørslen til sidste gennemførte opgave: ${reset}. Sagen fortsætter derfra med sin historik; intet brev eller nogen anmodning sendes to gange.`;
    case 'TIMED_OUT':
      return `Kørslen overskred sin tidsgrænse. Nulstil den til sidste gennemførte opgave: ${reset}.`;
    case 'TERMINATED':
      return `Kørslen blev stoppet af en person eller et værktøj. Skal sagen fortsætte, så nulstil den til sidste gennemførte opgave: ${reset}. Skal den ikke, er der intet at gøre.`;
  }
}

/** Reads the views of the rows (a few at a time); a case that cannot answer keeps its visibility fields. */
async function withViews(client: Client, items: CaseListItem[]): Promise<{ item: CaseListItem; view?: CaseView }[]> {
  const out: { item: CaseListItem; view?: CaseView }[] = [];
  for (let i = 0; i < items.length; i += 8) {
    const batch = items.slice(i, i + 8);
    out.push(
      ...(await Promise.all(
        batch.map(async (item) => {
          try {
            const view = await client.withDeadline(Date.now() + 10_000, () => client.workflow.getHandle(item.id, item.runId).query(caseViewQuery));
            return { item, view };
          } catch {
            return { item };
          }
        }),
      )),
    );
  }
  return out;
}

function rowOf(item: CaseListItem, view: CaseView | undefined, withReasons: boolean): WorklistRow {
  const stage = view?.stage ?? item.stage;
  const next = view?.next;
  const cutoff = view?.request && (view.request.status === 'sent' || view.request.status === 'confirmed') ? view.request : undefined;
  return {
    id: item.id,
    runId: item.runId,
    ...(item.workflowType ? { workflowType: item.workflowType } : {}),
    status: item.status,
    ...(item.customerId ? { customerId: item.customerId } : {}),
    ...(item.meteringPointId ? { meteringPointId: item.meteringPointId } : {}),
    ...(view ? { caseId: view.caseId, amountDueOre: view.amountDueOre, amountText: danishAmount(view.amountDueOre) } : {}),
    ...(stage ? { stage, stageLabel: STAGE_DA[stage as keyof typeof STAGE_DA] ?? stage } : {}),
    ...((cutoff?.cutoff ?? item.cutoffDay) ? { cutoffDay: cutoff?.cutoff ?? item.cutoffDay } : {}),
    ...(cutoff ? { windowDeadline: cutoff.windowDeadline } : {}),
    ...(next ? { nextStep: next.step, nextStepText: STEP_DA[next.step as StepName] ?? next.step } : {}),
    ...((next?.date ?? item.nextStepDay) ? { nextStepDay: next?.date ?? item.nextStepDay } : {}),
    ...(item.overdue !== undefined || view?.gridSla ? { overdue: view?.gridSla?.overdue ?? item.overdue === true } : {}),
    ...(withReasons && view ? { reasons: attentionLines(view) } : {}),
    ...(item.closeTime ? { closeTime: item.closeTime } : {}),
  };
}

/** Options of {@link worklist}. */
export interface WorklistOptions {
  /** Today, as a Danish day (the default range of `cutoffs` and `due`). */
  today: IsoDate;
  from?: IsoDate;
  to?: IsoDate;
  /** `attention`: only this reason. */
  reason?: string;
  /** `attention`, `overdue`, `cutoffs`, `due`: only this customer. */
  customerId?: string;
  /** Only this deployment's cases (its task queue). */
  taskQueue?: string;
  /** @default 200 */
  limit?: number;
}

/** Builds one list. */
export async function worklist(client: Client, list: WorklistName, options: WorklistOptions): Promise<Worklist> {
  const limit = options.limit ?? 200;
  const title = WORKLIST_TITLES[list];
  const customer = { ...(options.customerId ? { customerId: options.customerId } : {}), ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}) };
  if (list === 'failed') {
    const { runs, truncated } = await listFailedCaseRuns(client, { limit, ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}) });
    return {
      list,
      title,
      truncated,
      rows: runs.map((r) => ({
        id: r.id,
        runId: r.runId,
        workflowType: r.workflowType,
        status: r.status,
        ...(r.failureType ? { failureType: r.failureType } : {}),
        ...(r.customerId ? { customerId: r.customerId } : {}),
        ...(r.meteringPointId ? { meteringPointId: r.meteringPointId } : {}),
        ...(r.stage ? { stage: r.stage, stageLabel: STAGE_DA[r.stage as keyof typeof STAGE_DA] ?? r.stage } : {}),
        recovery: recoveryOf(r),
        ...(r.closeTime ? { closeTime: r.closeTime } : {}),
      })),
    };
  }
  if (list === 'attention') {
    const found = await listCases(client, { open: true, needsAttention: true, ...customer, ...(options.reason ? { attentionReason: options.reason } : {}), limit });
    const rows = (await withViews(client, found.cases))
      .map(({ item, view }) => rowOf(item, view, true))
      // A case whose reasons were all cleared a moment ago (visibility lags): not listed.
      .filter((r) => r.reasons === undefined || r.reasons.length > 0);
    return { list, title, truncated: found.truncated, rows };
  }
  if (list === 'overdue') {
    const found = await listCases(client, { open: true, overdue: true, ...customer, limit });
    return { list, title, truncated: found.truncated, rows: (await withViews(client, found.cases)).map(({ item, view }) => rowOf(item, view, false)) };
  }
  const from = options.from ?? options.today;
  const to = options.to ?? from;
  if (to < from) throw new RangeError('the range ends before it starts');
  const found = await listCases(client, {
    open: true,
    ...customer,
    ...(list === 'cutoffs' ? { cutoffFrom: from, cutoffTo: to } : { nextStepFrom: from, nextStepTo: to }),
    limit,
  });
  const rows = (await withViews(client, found.cases)).map(({ item, view }) => rowOf(item, view, false));
  // Earliest first: the day an operator works through.
  rows.sort((a, b) => ((list === 'cutoffs' ? a.cutoffDay : a.nextStepDay) ?? '').localeCompare((list === 'cutoffs' ? b.cutoffDay : b.nextStepDay) ?? ''));
  return { list, title, from, to, truncated: found.truncated, rows };
}

/** A list as CSV (RFC 4180, a header row; one row per reason in the `attention` list). */
export function worklistCsv(w: Worklist): string {
  if (w.list === 'failed') {
    return toCsv([
      ['workflow_id', 'run_id', 'workflow_type', 'status', 'customer_id', 'metering_point_id', 'closed_at', 'recovery'],
      ...w.rows.map((r) => [r.id, r.runId, r.workflowType ?? '', r.status, r.customerId ?? '', r.meteringPointId ?? '', r.closeTime ?? '', r.recovery ?? '']),
    ]);
  }
  const base = (r: WorklistRow) => [r.id, r.caseId ?? '', r.customerId ?? '', r.meteringPointId ?? '', r.workflowType ?? '', r.stage ?? '', r.amountDueOre === undefined ? '' : (r.amountDueOre / 100).toFixed(2)];
  const head = ['workflow_id', 'case_number', 'customer_id', 'metering_point_id', 'workflow_type', 'stage', 'amount_due_kr'];
  if (w.list === 'attention') {
    return toCsv([
      [...head, 'reason', 'reason_da', 'detail', 'since', 'cleared_by', 'action_da'],
      ...w.rows.flatMap((r) => (r.reasons ?? []).map((x) => [...base(r), x.code, x.text, x.detail, x.since, x.clearedBy, x.action])),
    ]);
  }
  return toCsv([
    [...head, 'cutoff_day', 'window_deadline', 'next_step', 'next_step_day', 'overdue'],
    ...w.rows.map((r) => [...base(r), r.cutoffDay ?? '', r.windowDeadline ?? '', r.nextStep ?? '', r.nextStepDay ?? '', r.overdue ? 'yes' : '']),
  ]);
}

/**
 * The go-live import and the billing run (issue 7): every row of a file is validated first (the row
 * schema, then the history against the rules); then the valid rows are started through `startCase`
 * (idempotent: an invoice already in a case is reported as already running, a further invoice joins
 * the open case), a few at a time. A bad row never stops the others, and nothing is started for it.
 * Rows of one case run one after another in file order, so a second invoice always joins the case the
 * first one started.
 */
import type { Client } from '@temporalio/client';
import { loadCaseSettings } from '../../config/case-settings.js';
import { copenhagenLocalTime, type IsoDate, type RulesSettings } from '../../rules/index.js';
import { ImportedCaseConflictError, startCase, type StartCaseOptions, type StartCaseResult } from '../cases.js';
import { classifyTemporalError } from '../temporal-errors.js';
import { toCsv } from './csv.js';
import { validateRows, type ImportTable, type RowVerdict } from './rows.js';

/** What became of one row. */
export type ImportRowStatus =
  | StartCaseResult['status']
  /** Invalid: nothing was started (see `problems`). */
  | 'rejected'
  /** Valid, but Temporal did not take it (unreachable, too slow): importing the file again is safe. */
  | 'failed'
  /** Valid; a dry run started nothing. */
  | 'valid';

/** One row's outcome. */
export interface ImportRowResult {
  /** 1 = the first row after the header. */
  row: number;
  /** The line of the file it starts on. */
  line: number;
  status: ImportRowStatus;
  /** The case id (workflow id `case-<GSRN>-<customerId>`), once known. */
  id?: string;
  /** The case id (`caseId`), for rows that reached a case. */
  caseId?: string;
  /** Why it was rejected or failed (each names its column or rule). */
  problems?: string[];
}

/** The counts of an import. */
export interface ImportSummary {
  rows: number;
  /** New cases. */
  started: number;
  /** Already running: the invoice is already in a case (open or closed), nothing changed. */
  existing: number;
  /** Already running: the invoice joined the open case of its metering point and customer. */
  joined: number;
  /** Invalid rows: nothing started. */
  rejected: number;
  /** Valid rows Temporal did not take; importing the file again is safe. */
  failed: number;
  /** Valid rows of a dry run (nothing started). */
  valid: number;
}

/** Progress, after validation and after each row. */
export interface ImportProgress extends ImportSummary {
  /** Rows finished (rejected, started, already running or failed). */
  done: number;
}

/** An import's result. */
export interface ImportReport {
  summary: ImportSummary;
  /** One per row, in file order. */
  results: ImportRowResult[];
  /** The rows rejected or failed, as read, with their problems (for the rejects file). */
  rejected: { row: number; line: number; fields: string[]; problems: string[] }[];
}

/** Options of {@link importCases}. */
export interface ImportOptions {
  taskQueue: string;
  /** How many rows are started at once. @default 8 */
  concurrency?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** The import day (Danish local date). @default today in Copenhagen */
  importDay?: IsoDate;
  /** The settings the cases run with. @default the configured ones (AFBRYD_RULES_SETTINGS), as the worker reads them */
  settings?: Readonly<RulesSettings>;
  /** Names the file in each case's `imported.source` (`<source> row <n>`). @default 'import' */
  source?: string;
  /** Recorded as the actor of invoices that join an open case. @default 'import' */
  actor?: string;
  /** How long one row may wait for Temporal. @default 30000 */
  rowTimeoutMs?: number;
  /** Validate only; start nothing. @default false */
  dryRun?: boolean;
  /** The workflow type new cases start as (the chaos run's version 1 cases). @default CASE_WORKFLOW_TYPE */
  workflowType?: StartCaseOptions['workflowType'];
}

/** After this many failures in a row, Temporal is taken to be away and the rest are not attempted. */
const GIVE_UP_AFTER_FAILURES = 5;

/** Today's date in Copenhagen. */
export function copenhagenToday(now: number = Date.now()): IsoDate {
  return copenhagenLocalTime(now).date;
}

/**
 * Imports the rows of a file: validates all, then starts the valid ones.
 * Never throws for bad rows or for Temporal's errors on a row (they become `rejected` / `failed`).
 */
export async function importCases(client: Client, table: ImportTable, options: ImportOptions): Promise<ImportReport> {
  const settings = options.settings ?? loadCaseSettings().rules;
  const importDay = options.importDay ?? copenhagenToday();
  const verdicts = validateRows(table, { importDay, settings, source: options.source ?? 'import' });
  const results: ImportRowResult[] = table.rows.map((row, i) => {
    const v = verdicts[i]!;
    const base = { row: row.row, line: row.line, ...(v.workflowId ? { id: v.workflowId } : {}) };
    return v.ok ? { ...base, status: 'valid' as const } : { ...base, status: 'rejected' as const, problems: v.problems };
  });
  const summary: ImportSummary = { rows: table.rows.length, started: 0, existing: 0, joined: 0, rejected: 0, failed: 0, valid: 0 };
  let done = 0;
  const progress = () => options.onProgress?.({ ...summary, done });
  for (const r of results) if (r.status === 'rejected') summary.rejected++;
  done = summary.rejected;

  if (options.dryRun) {
    summary.valid = results.filter((r) => r.status === 'valid').length;
    done = summary.rows;
    progress();
    return report(table, summary, results);
  }
  progress();

  // Valid rows, grouped by case (file order within a group), started a few groups at a time.
  const groups = new Map<string, number[]>();
  verdicts.forEach((v, i) => {
    if (v.ok) groups.set(v.workflowId, [...(groups.get(v.workflowId) ?? []), i]);
  });
  const queue = [...groups.values()];
  const timeoutMs = options.rowTimeoutMs ?? 30_000;
  let failuresInARow = 0;

  const startRow = async (i: number): Promise<void> => {
    const v = verdicts[i] as Extract<RowVerdict, { ok: true }>;
    const result = results[i]!;
    if (failuresInARow >= GIVE_UP_AFTER_FAILURES) {
      Object.assign(result, { status: 'failed', problems: ['not attempted: Temporal failed the rows before it; importing the file again is safe'] });
      summary.failed++;
    } else {
      try {
        const started = await client.withDeadline(Date.now() + timeoutMs, () =>
          startCase(client, v.request, { taskQueue: options.taskQueue, actor: options.actor ?? 'import', ...(options.workflowType ? { workflowType: options.workflowType } : {}) }),
        );
        Object.assign(result, { status: started.status, id: started.workflowId, caseId: started.caseId });
        if (started.status === 'started') summary.started++;
        else if (started.status === 'joined') summary.joined++;
        else summary.existing++;
        failuresInARow = 0;
      } catch (err) {
        if (err instanceof ImportedCaseConflictError) {
          Object.assign(result, { status: 'rejected', problems: [`next_step: ${err.message}`] });
          summary.rejected++;
          done++;
          progress();
          return;
        }
        failuresInARow++;
        const problem = classifyTemporalError(err);
        const why = problem ? problem.message : `unexpected error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
        Object.assign(result, { status: 'failed', problems: [`not started: ${why}; importing the file again is safe`] });
        summary.failed++;
      }
    }
    done++;
    progress();
  };

  const lanes = Math.max(1, Math.min(options.concurrency ?? 8, 64, queue.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const i of group) await startRow(i);
      }
    }),
  );
  return report(table, summary, results);
}

function report(table: ImportTable, summary: ImportSummary, results: ImportRowResult[]): ImportReport {
  const rejected = results
    .map((r, i) => ({ r, row: table.rows[i]! }))
    .filter(({ r }) => r.status === 'rejected' || r.status === 'failed')
    .map(({ r, row }) => ({ row: row.row, line: row.line, fields: row.fields, problems: r.problems ?? [] }));
  return { summary, results, rejected };
}

/**
 * The rejects file: a `problem` column first (every problem of the row, separated by ` | `), then the
 * row exactly as it was read — the header as written, so the file can be corrected and imported
 * again (the import ignores the `problem` column). A header row only when nothing was rejected.
 */
export function rejectsCsv(table: ImportTable, report: ImportReport): string {
  const problemAt = table.columns.indexOf('problem');
  const strip = (fields: readonly string[]) => (problemAt < 0 ? [...fields] : fields.filter((_, i) => i !== problemAt)).map(inert);
  return toCsv([['problem', ...strip(table.header)], ...report.rejected.map((r) => [r.problems.join(' | '), ...strip(r.fields)])]);
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or CR first: CSV injection)
 * gets a leading `'`, which spreadsheets show as text. No such cell is valid import input (ids, dates,
 * amounts and names of steps never start so), so a corrected rejects file imports as before.
 */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * The summary in one line, e.g. `10 rows: 6 started, 1 already running (1 existing, 0 joined), 3 rejected`
 * (a dry run: `10 rows: 7 valid (dry run: nothing started), 3 rejected`).
 */
export function summaryLine(summary: ImportSummary, options: { dryRun?: boolean } = {}): string {
  const what = options.dryRun
    ? `${summary.valid} valid (dry run: nothing started)`
    : `${summary.started} started, ${summary.existing + summary.joined} already running (${summary.existing} existing, ${summary.joined} joined)`;
  const failed = summary.failed > 0 ? `, ${summary.failed} failed (Temporal did not take them; importing again is safe)` : '';
  return `${summary.rows} row${summary.rows === 1 ? '' : 's'}: ${what}, ${summary.rejected} rejected${failed}`;
}

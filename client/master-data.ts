/**
 * Master data of metering points at the doors (issue 16 item 8): the billing system's input
 * (`POST /cases` with `masterData`), an operator (`POST /master-data`, `afbryd masterdata set`) and the
 * go-live master-data CSV import (`afbryd masterdata import <file.csv>`: existing customers' RSM-022
 * arrived before afbryd did). Each stores the facts in the master-data store (the evidence archive's
 * database, `EvidenceStore.upsertMasterData`) and nudges the open case of the metering point
 * (`masterDataSupplied`) — an unpaid-invoice case, an owner-liability case or a requested disconnection —
 * so one waiting with `master-data-missing` goes on at once.
 *
 * Also: the cases whose workflow FAILED — version 1, and owner-liability cases and requested
 * disconnections started before release 0.6.9, failed on a metering point without master data
 * (`UnknownMeteringPoint`) — listed for an operator with what to do next (`GET /cases/failed`,
 * `afbryd cases failed`).
 *
 * No personal data: a GSRN, a GLN, two facts.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { EvidenceStore, MasterDataSource } from '../evidence/store.js';
import { masterDataSuppliedSignal } from '../workflows/case/definitions.js';
import { OWNER_LIABILITY_WORKFLOW_TYPE } from '../workflows/owner-liability/definitions.js';
import { REQUESTED_DISCONNECTION_WORKFLOW_TYPE } from '../workflows/requested-disconnection/definitions.js';
import { METERING_POINT_ID } from '../workflows/search-attributes.js';
import { FAILED_CASE_TYPES_CLAUSE, endOfRun, meteringPointOfAnyWorkflowId } from './cases.js';
import { parseCsv } from './import/csv.js';
import { masterDataFactsSchema, type MasterDataFacts } from './api/schemas.js';

/** What the doors need of the store. */
export type MasterDataStore = Pick<EvidenceStore, 'upsertMasterData' | 'readMasterData'>;

export { masterDataFactsSchema, type MasterDataFacts };

/** `POST /master-data`: one metering point's facts, from an operator or billing. */
export const masterDataBodySchema = z
  .object({
    meteringPointId: z.string().regex(/^\d{18}$/, 'must be an 18-digit GSRN'),
    facts: masterDataFactsSchema,
    validFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date or an ISO instant')
      .optional()
      .describe('From when the facts hold; unset: now. A later RSM-022 (a newer validity) replaces them'),
  })
  .strict();

/** What storing master data did. */
export interface SuppliedMasterData {
  meteringPointId: string;
  /** False when the store keeps newer facts (a later validity). */
  stored: boolean;
  /** Open cases told (`masterDataSupplied`). */
  nudged: string[];
}

/**
 * The kinds of case that may wait for master data and hear `masterDataSupplied`: version 2 of the case
 * (release 0.6.8), owner liability and requested disconnection (release 0.6.9). A run started before its
 * kind's release never waits (it had its data, or failed); a nudge to it finds no handler and is only
 * buffered (no command, nothing changes), so the doors need not tell the runs apart.
 */
export const MASTER_DATA_WAITING_TYPES = ['caseWorkflowV2', OWNER_LIABILITY_WORKFLOW_TYPE, REQUESTED_DISCONNECTION_WORKFLOW_TYPE] as const;

/** The visibility clause of {@link MASTER_DATA_WAITING_TYPES}. */
export const MASTER_DATA_WAITING_TYPES_CLAUSE = `WorkflowType IN (${MASTER_DATA_WAITING_TYPES.map((t) => `'${t}'`).join(', ')})`;

/**
 * Stores a metering point's facts and nudges its open case(s) of every kind that waits for them
 * ({@link MASTER_DATA_WAITING_TYPES}). The nudge is best effort:
 * a waiting case also looks again by itself.
 */
export async function supplyMasterData(
  store: MasterDataStore,
  client: Client | undefined,
  input: { meteringPointId: string; facts: MasterDataFacts; validFrom?: string; source: MasterDataSource; sourceRef?: string },
): Promise<SuppliedMasterData> {
  const { facts } = input;
  const result = await store.upsertMasterData({
    meteringPointId: input.meteringPointId,
    gridCompanyGln: facts.gridCompanyGln,
    hourlySettled: facts.hourlySettled,
    ...(facts.disconnectionMethod ? { disconnectionMethod: facts.disconnectionMethod } : {}),
    validFrom: input.validFrom ? new Date(Date.parse(input.validFrom.length === 10 ? `${input.validFrom}T00:00:00Z` : input.validFrom)).toISOString() : new Date().toISOString(),
    source: input.source,
    ...(input.sourceRef ? { sourceRef: input.sourceRef.slice(0, 200) } : {}),
  });
  const nudged = result.stored && client ? await nudgeOpenCases(client, input.meteringPointId) : [];
  return { meteringPointId: input.meteringPointId, stored: result.stored, nudged };
}

/** Signals `masterDataSupplied` to the running cases of a metering point that may wait for it ({@link MASTER_DATA_WAITING_TYPES}); returns their workflow ids. */
export async function nudgeOpenCases(client: Client, meteringPointId: string): Promise<string[]> {
  if (!/^\d{18}$/.test(meteringPointId)) return [];
  const told: string[] = [];
  try {
    const query = `${METERING_POINT_ID.name} = '${meteringPointId}' AND ${MASTER_DATA_WAITING_TYPES_CLAUSE} AND ExecutionStatus = 'Running'`;
    for await (const wf of client.workflow.list({ query, pageSize: 20 })) {
      await client.workflow
        .getHandle(wf.workflowId, wf.runId)
        .signal(masterDataSuppliedSignal)
        .then(
          () => told.push(wf.workflowId),
          () => undefined,
        );
      if (told.length >= 20) break;
    }
  } catch {
    // Visibility unavailable: the case looks again by itself.
  }
  return told;
}

// ---------------------------------------------------------------------------------------------
// The go-live master-data CSV

/** The columns of the master-data CSV, in any order (header row required). */
export const MASTER_DATA_CSV_COLUMNS = ['metering_point_id', 'grid_company_gln', 'hourly_settled', 'disconnection_method', 'valid_from'] as const;

const yesNo = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', 'yes', 'no', 'ja', 'nej', '1', '0'], { message: 'must be true or false' }))
  .transform((v) => ['true', 'yes', 'ja', '1'].includes(v));

const csvRowSchema = z
  .object({
    metering_point_id: z.string().regex(/^\d{18}$/, 'must be an 18-digit GSRN'),
    grid_company_gln: z.string().regex(/^\d{13}$/, 'must be a 13-digit GLN'),
    hourly_settled: yesNo,
    disconnection_method: z
      .enum(['remote', 'physical', ''], { message: 'must be remote, physical or empty' })
      .transform((v) => (v === '' ? undefined : v)),
    valid_from: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?)?$/, 'must be empty, a date or an ISO instant')
      .transform((v) => (v === '' ? undefined : v)),
  })
  .superRefine((r, ctx) => {
    if (!r.hourly_settled && !r.disconnection_method) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['disconnection_method'], message: 'is required unless hourly_settled' });
    }
  });

/** One row's result of a master-data import. */
export interface MasterDataImportRow {
  line: number;
  meteringPointId?: string;
  status: 'stored' | 'kept-newer' | 'rejected';
  problems?: string[];
  nudged?: string[];
}

/**
 * Imports a master-data CSV: every row validated first (a rejected row names its column and rule,
 * never its value), then each valid row stored (source `csv-import`, its line as the reference) and
 * its open case nudged. Idempotent: importing the same file again stores the same facts.
 */
export async function importMasterDataCsv(
  store: MasterDataStore,
  client: Client | undefined,
  text: string,
  options: { file?: string } = {},
): Promise<{ rows: MasterDataImportRow[]; stored: number; keptNewer: number; rejected: number }> {
  const records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [header, ...body] = records;
  if (!header) throw new Error('the file is empty: a header row is needed');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = MASTER_DATA_CSV_COLUMNS.filter((c) => c !== 'valid_from' && c !== 'disconnection_method' && !names.includes(c));
  if (missing.length > 0) throw new Error(`the header lacks the column(s) ${missing.join(', ')} (columns: ${MASTER_DATA_CSV_COLUMNS.join(', ')})`);
  const unknown = names.filter((n) => !(MASTER_DATA_CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown column(s) in the header: ${unknown.map((u) => u.slice(0, 40)).join(', ')}`);
  const rows: MasterDataImportRow[] = [];
  const valid: { row: MasterDataImportRow; data: z.infer<typeof csvRowSchema> }[] = [];
  for (const record of body) {
    const raw = Object.fromEntries(MASTER_DATA_CSV_COLUMNS.map((c) => [c, (record.fields[names.indexOf(c)] ?? '').trim()]));
    const parsed = csvRowSchema.safeParse(raw);
    const row: MasterDataImportRow = { line: record.line, status: 'rejected' };
    rows.push(row);
    if (!parsed.success) {
      row.problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      continue;
    }
    row.meteringPointId = parsed.data.metering_point_id;
    valid.push({ row, data: parsed.data });
  }
  for (const { row, data } of valid) {
    const supplied = await supplyMasterData(store, client, {
      meteringPointId: data.metering_point_id,
      facts: { gridCompanyGln: data.grid_company_gln, hourlySettled: data.hourly_settled, ...(data.disconnection_method ? { disconnectionMethod: data.disconnection_method } : {}) },
      ...(data.valid_from ? { validFrom: data.valid_from } : {}),
      source: 'csv-import',
      sourceRef: `${options.file ?? 'csv'}:${row.line}`,
    });
    row.status = supplied.stored ? 'stored' : 'kept-newer';
    if (supplied.nudged.length > 0) row.nudged = supplied.nudged;
  }
  return {
    rows,
    stored: rows.filter((r) => r.status === 'stored').length,
    keptNewer: rows.filter((r) => r.status === 'kept-newer').length,
    rejected: rows.filter((r) => r.status === 'rejected').length,
  };
}

// ---------------------------------------------------------------------------------------------
// Failed cases, for an operator

/** A case whose workflow failed. */
export interface FailedCase {
  workflowId: string;
  runId: string;
  /** `caseWorkflow`, `caseWorkflowV2`, `ownerLiabilityWorkflow` or `requestedDisconnectionWorkflow`. */
  workflowType: string;
  /** The GSRN in the workflow id (`case-<GSRN>-<customer>`, `owner-<GSRN>-<owner>`, `disconnect-<GSRN>-<request>`). */
  meteringPointId?: string;
  closedAt?: string;
  /** The failure's type, e.g. `UnknownMeteringPoint` (no master data). */
  failureType?: string;
  /** What the operator does next, with the commands. */
  next: string;
}

/** The command that stores a metering point's master data, its facts left for the operator to fill in. */
function masterDataCommand(meteringPointId: string | undefined): string {
  return `afbryd masterdata set ${meteringPointId ?? '<GSRN>'} --grid-company <GLN> (--hourly | --disconnection remote|physical) (or POST /master-data)`;
}

/**
 * What an operator does next with a failed run, in English (the CLI's and the API's language; the
 * worklist's Danish is client/worklist.ts `recoveryOf`):
 * - a run that failed for want of master data (`UnknownMeteringPoint`: a version 1 case, or an
 *   owner-liability case or requested disconnection started before release 0.6.9; each failed at its
 *   start, before it sent anything): supply the master data, then run it again from its start by
 *   resetting it to its first workflow task — same workflow id and case, on the worker's current
 *   release (it waits for master data if it is still missing). A reset to the last workflow task would
 *   meet the same failed lookup, and starting it again at the door answers `existing-failed`;
 * - any other failure: find it in the run's last event, fix the cause, reset to the last workflow task.
 */
export function nextForFailedRun(run: { workflowId: string; runId: string; failureType?: string | undefined }): string {
  const gsrn = meteringPointOfAnyWorkflowId(run.workflowId);
  const reset = (type: string, reason: string) => `temporal workflow reset --workflow-id ${run.workflowId} --run-id ${run.runId} --type ${type} --reason "${reason}"`;
  if (run.failureType === 'UnknownMeteringPoint') {
    return `supply the metering point's master data: ${masterDataCommand(gsrn)}; then run the case again from its start: ${reset('FirstWorkflowTask', 'master data supplied')} (it failed at its start and had sent nothing; a start at the door answers existing-failed)`;
  }
  return `find the failure in the run's last event (Web UI), fix its cause, then ${reset('LastWorkflowTask', '<why>')}`;
}

/**
 * The cases whose workflow FAILED, newest first, from visibility — unpaid-invoice cases (either
 * version), owner-liability cases and requested disconnections ({@link FAILED_CASE_TYPES}); with
 * `failureType`, only those that failed with it (`UnknownMeteringPoint`: for want of master data —
 * version 1 cases, and owner-liability cases and requested disconnections started before release
 * 0.6.9). Each says what the operator does next ({@link nextForFailedRun}); starting one again at the
 * door answers `existing-failed`.
 */
export async function listFailedCases(client: Client, options: { failureType?: string; limit?: number } = {}): Promise<{ cases: FailedCase[]; truncated: boolean }> {
  const limit = Math.max(1, Math.min(1000, options.limit ?? 100));
  const query = `${FAILED_CASE_TYPES_CLAUSE} AND ExecutionStatus = 'Failed'`;
  const cases: FailedCase[] = [];
  let seen = 0;
  for await (const wf of client.workflow.list({ query, pageSize: 100 })) {
    if (++seen > 5000) break;
    const ended = await endOfRun(client, wf.workflowId, wf.runId, 'FAILED').catch(() => undefined);
    if (options.failureType && ended?.failureType !== options.failureType) continue;
    const gsrn = meteringPointOfAnyWorkflowId(wf.workflowId);
    cases.push({
      workflowId: wf.workflowId,
      runId: wf.runId,
      workflowType: wf.type,
      ...(gsrn ? { meteringPointId: gsrn } : {}),
      ...(wf.closeTime ? { closedAt: wf.closeTime.toISOString() } : {}),
      ...(ended?.failureType ? { failureType: ended.failureType } : {}),
      next: nextForFailedRun({ workflowId: wf.workflowId, runId: wf.runId, failureType: ended?.failureType }),
    });
    if (cases.length > limit) break;
  }
  const truncated = cases.length > limit;
  cases.sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''));
  return { cases: cases.slice(0, limit), truncated };
}

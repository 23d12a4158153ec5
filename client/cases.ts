/**
 * Starting cases and delivering events, for the doors (billing API, CLI, import). One open case per
 * metering point and customer (RULES 2): its workflow id is {@link caseWorkflowId}.
 */
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  CASE_KIND,
  CUSTOMER_CLASS,
  CUTOFF_DATE,
  METER_KIND,
  METERING_POINT_ID,
  NEEDS_ATTENTION,
  STAGE,
} from '../workflows/search-attributes.js';
import {
  CASE_WORKFLOW_TYPE,
  caseViewQuery,
  caseWorkflowId,
  submitCaseEventUpdate,
  type CaseEvent,
  type CaseInput,
  type CaseView,
  type EventOutcome,
  type Stage,
} from '../workflows/case/definitions.js';

/** What a caller asks for: a case input whose case id may be left to afbryd. */
export type StartCaseRequest = Omit<CaseInput, 'caseId'> & { caseId?: string };

/** What became of a start request. */
export interface StartCaseResult {
  /**
   * - `started`: a new case;
   * - `existing-open` / `existing-closed`: the invoice is already in that case (nothing changed);
   * - `joined`: the invoice joined the open case of the metering point and customer.
   */
  status: 'started' | 'existing-open' | 'existing-closed' | 'joined';
  workflowId: string;
  runId: string;
  caseId: string;
}

/** Options of {@link startCase}. */
export interface StartCaseOptions {
  taskQueue: string;
  /** Recorded as the actor of joined invoices. @default 'billing' */
  actor?: string;
}

/** A case id derived from the metering point, customer and the invoice that opened it. */
export function deriveCaseId(request: Pick<StartCaseRequest, 'meteringPointId' | 'customerId' | 'invoices'>): string {
  const first = request.invoices[0]?.invoiceId ?? 'no-arrears';
  return `${request.meteringPointId}-${request.customerId}-${first}`;
}

/**
 * Starts a case, idempotently: the same invoice returns its existing case (open or closed); a further
 * missed invoice for a metering point with an open case joins that case instead of starting another.
 */
export async function startCase(client: Client, request: StartCaseRequest, options: StartCaseOptions): Promise<StartCaseResult> {
  const workflowId = caseWorkflowId(request.meteringPointId, request.customerId);
  const invoiceIds = new Set(request.invoices.map((i) => i.invoiceId));
  // A billing run's cases are mostly new: start first, refusing if the workflow id has any run, open
  // or closed (one RPC); only then look at what exists (describe, query) and decide as below.
  const first = await tryStart(client, workflowId, request, options, 'REJECT_DUPLICATE');
  if (first) return first;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = client.workflow.getHandle(workflowId);
    let running = false;
    try {
      const description = await existing.describe();
      running = description.status.name === 'RUNNING';
      if (!running) {
        const view = await existing.query(caseViewQuery);
        if (view.invoices.some((i) => invoiceIds.has(i.invoiceId))) {
          return { status: 'existing-closed', workflowId, runId: description.runId, caseId: view.caseId };
        }
      } else {
        if (request.imported) {
          // A history taken over from the previous system cannot join a case afbryd already runs:
          // its letters would be dropped. Same invoice: the row was imported before.
          const view = await existing.query(caseViewQuery);
          if (view.invoices.some((i) => invoiceIds.has(i.invoiceId))) {
            return { status: 'existing-open', workflowId, runId: description.runId, caseId: view.caseId };
          }
          throw new ImportedCaseConflictError(
            `the metering point and customer already have an open case (${workflowId}, case number ${view.caseId}) with other invoices; ` +
              'an imported history cannot join it: import the row without letters to join its invoice, or close that case first',
          );
        }
        return await joinOpenCase(existing, description.runId, request, options);
      }
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    // No run, or a closed one for other invoices: a new run. Started by someone else between
    // describe and start: look again.
    const started = await tryStart(client, workflowId, request, options, 'ALLOW_DUPLICATE');
    if (started) return started;
  }
  throw Object.assign(new Error(`could not start or find the case ${workflowId}: it changed three times while trying`), {
    name: 'CaseStartConflictError',
  });
}

/**
 * Starts a new run of the case workflow, or returns undefined when the id already has a run the
 * reuse policy refuses (`REJECT_DUPLICATE`: any run; `ALLOW_DUPLICATE`: an open one).
 */
async function tryStart(
  client: Client,
  workflowId: string,
  request: StartCaseRequest,
  options: StartCaseOptions,
  workflowIdReusePolicy: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE',
): Promise<StartCaseResult | undefined> {
  const caseId = request.caseId ?? deriveCaseId(request);
  try {
    const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: options.taskQueue,
      args: [{ ...request, caseId } satisfies CaseInput],
      workflowIdReusePolicy,
      workflowIdConflictPolicy: 'FAIL',
      staticSummary: `Unpaid-invoice case (${request.customerClass})`,
      typedSearchAttributes: [
        { key: CASE_KIND, value: 'unpaid-invoice' },
        { key: CUSTOMER_CLASS, value: request.customerClass },
        { key: STAGE, value: 'opened' },
        { key: METERING_POINT_ID, value: request.meteringPointId },
      ],
    });
    return { status: 'started', workflowId, runId: handle.firstExecutionRunId, caseId };
  } catch (err) {
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    return undefined;
  }
}

/** An imported history (`imported`) for a metering point and customer that already have an open case. */
export class ImportedCaseConflictError extends Error {
  override readonly name = 'ImportedCaseConflictError';
}

async function joinOpenCase(
  handle: WorkflowHandle,
  runId: string,
  request: StartCaseRequest,
  options: StartCaseOptions,
): Promise<StartCaseResult> {
  let joined = false;
  for (const invoice of request.invoices) {
    const outcome = await deliverEvent(handle, {
      // Derived from the invoice, so a retried start delivers the same message.
      messageId: `invoice-missed:${invoice.invoiceId}`,
      actor: options.actor ?? 'billing',
      type: 'invoiceMissed',
      invoice,
    });
    if (outcome.outcome === 'applied') joined = true;
  }
  const view = await handle.query(caseViewQuery);
  return { status: joined ? 'joined' : 'existing-open', workflowId: handle.workflowId, runId, caseId: view.caseId };
}

/** Delivers an event to a case and returns what became of it (applied, duplicate, rejected). */
export async function deliverEvent(handle: WorkflowHandle, event: CaseEvent): Promise<EventOutcome> {
  return handle.executeUpdate(submitCaseEventUpdate, { args: [event] });
}

/** A case as the doors show it: the latest run of a case id and its view. */
export interface CaseRead {
  workflowId: string;
  runId: string;
  /** The workflow status: RUNNING, COMPLETED, TERMINATED, …; `ARCHIVED` when read from the evidence archive. */
  status: string;
  view: CaseView;
  /**
   * Where the view came from: Temporal (a running case, or a closed one while Temporal keeps its
   * history), or the evidence archive (a closed case whose history Temporal has dropped).
   * @default 'temporal'
   */
  source?: 'temporal' | 'evidence-archive';
  /** From the archive: what it holds of the case's letters and DataHub messages, and when and why it closed. */
  evidence?: { letters: number; dataHubMessages: number; closedAt: string; reason: string };
}

/**
 * What the doors need of the evidence archive (evidence/store.ts `EvidenceStore` has it): a closed
 * case's archived view and the letters and DataHub messages recorded for it.
 */
export interface ArchivedCaseReader {
  readCase(workflowId: string): Promise<
    | {
        closed?: { at: string; reason: string; view: unknown };
        letters: readonly unknown[];
        messages: readonly unknown[];
      }
    | undefined
  >;
}

/** Options of {@link readCase}. */
export interface ReadCaseOptions {
  /** The evidence archive, read when Temporal no longer knows the case. @default none: not read */
  evidence?: ArchivedCaseReader;
}

/**
 * Reads a case (the latest run of its workflow id): its description and its `caseView` query. A closed
 * case is answered too, while Temporal keeps its history (a worker replays it for the query).
 * @throws WorkflowNotFoundError for an unknown id, or a workflow that is not a case
 */
export async function readCase(client: Client, workflowId: string, options: ReadCaseOptions = {}): Promise<CaseRead> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError) || !options.evidence) throw err;
    // Temporal has dropped the history (retention), or never knew the id: the archive may have it.
    const archived = await options.evidence.readCase(workflowId);
    if (!archived?.closed) throw err;
    return {
      workflowId,
      runId: 'archived',
      status: 'ARCHIVED',
      view: archived.closed.view as CaseView,
      source: 'evidence-archive',
      evidence: {
        letters: archived.letters.length,
        dataHubMessages: archived.messages.length,
        closedAt: archived.closed.at,
        reason: archived.closed.reason,
      },
    };
  }
  if (description.type !== CASE_WORKFLOW_TYPE) throw new WorkflowNotFoundError('not a case', workflowId, description.runId);
  const view = await handle.query(caseViewQuery);
  return { workflowId, runId: description.runId, status: description.status.name, view, source: 'temporal' };
}

/**
 * A case as the doors show it (GET /cases/:id, `afbryd case show --json`): the ids and status of the
 * run and its view, with the settings snapshot reduced to its version id.
 */
export function caseDocument(read: CaseRead): Omit<CaseView, 'settings'> & {
  id: string;
  runId: string;
  status: string;
  settingsVersion?: string;
  source: 'temporal' | 'evidence-archive';
  evidence?: CaseRead['evidence'];
} {
  const { settings, ...rest } = read.view;
  return {
    id: read.workflowId,
    runId: read.runId,
    status: read.status,
    source: read.source ?? 'temporal',
    ...(read.evidence ? { evidence: read.evidence } : {}),
    ...rest,
    ...(settings ? { settingsVersion: settings.versionId } : {}),
  };
}

/** One case in a list, from Temporal visibility (search attributes only: no personal data). */
export interface CaseListItem {
  id: string;
  runId: string;
  status: string;
  stage?: string;
  customerClass?: string;
  meterKind?: string;
  needsAttention?: boolean;
  /** The cut-off date of the pending DataHub request (ISO instant of 00:00 Danish time). */
  cutoffDate?: string;
  startTime: string;
  closeTime?: string;
}

/** What {@link listCases} filters by. */
export interface CaseListFilter {
  stage?: Stage;
  needsAttention?: boolean;
  /** @default 100 */
  limit?: number;
}

/**
 * Lists cases from Temporal visibility (`AfbrydStage`, `AfbrydNeedsAttention`), newest first.
 * Visibility is eventually consistent: a change shows a moment after it happened.
 */
export async function listCases(client: Client, filter: CaseListFilter = {}): Promise<{ cases: CaseListItem[]; truncated: boolean }> {
  const limit = filter.limit ?? 100;
  // Values from the fixed vocabularies only (the stage is checked against STAGES by the callers' schemas).
  const clauses = [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`];
  if (filter.stage) {
    if (!/^[a-z0-9-]+$/.test(filter.stage)) throw new RangeError('not a stage');
    clauses.push(`${STAGE.name} = '${filter.stage}'`);
  }
  if (filter.needsAttention !== undefined) clauses.push(`${NEEDS_ATTENTION.name} = ${filter.needsAttention ? 'true' : 'false'}`);
  const cases: CaseListItem[] = [];
  let truncated = false;
  for await (const info of client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(limit + 1, 1000) })) {
    if (cases.length >= limit) {
      truncated = true;
      break;
    }
    const attrs = info.typedSearchAttributes;
    const stage = attrs.get(STAGE);
    const customerClass = attrs.get(CUSTOMER_CLASS);
    const meterKind = attrs.get(METER_KIND);
    const needsAttention = attrs.get(NEEDS_ATTENTION);
    const cutoff = attrs.get(CUTOFF_DATE);
    cases.push({
      id: info.workflowId,
      runId: info.runId,
      status: info.status.name,
      ...(stage !== undefined ? { stage } : {}),
      ...(customerClass !== undefined ? { customerClass } : {}),
      ...(meterKind !== undefined ? { meterKind } : {}),
      ...(needsAttention !== undefined ? { needsAttention } : {}),
      ...(cutoff ? { cutoffDate: cutoff.toISOString() } : {}),
      startTime: info.startTime.toISOString(),
      ...(info.closeTime ? { closeTime: info.closeTime.toISOString() } : {}),
    });
  }
  return { cases, truncated };
}

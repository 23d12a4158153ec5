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
        return await joinOpenCase(existing, description.runId, request, options);
      }
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const caseId = request.caseId ?? deriveCaseId(request);
    try {
      const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: options.taskQueue,
        args: [{ ...request, caseId } satisfies CaseInput],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
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
      // Started by someone else between describe and start: look again.
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    }
  }
  throw Object.assign(new Error(`could not start or find the case ${workflowId}: it changed three times while trying`), {
    name: 'CaseStartConflictError',
  });
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
  /** The workflow status: RUNNING, COMPLETED, TERMINATED, … */
  status: string;
  view: CaseView;
}

/**
 * Reads a case (the latest run of its workflow id): its description and its `caseView` query. A closed
 * case is answered too, while Temporal keeps its history (a worker replays it for the query).
 * @throws WorkflowNotFoundError for an unknown id, or a workflow that is not a case
 */
export async function readCase(client: Client, workflowId: string): Promise<CaseRead> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  if (description.type !== CASE_WORKFLOW_TYPE) throw new WorkflowNotFoundError('not a case', workflowId, description.runId);
  const view = await handle.query(caseViewQuery);
  return { workflowId, runId: description.runId, status: description.status.name, view };
}

/**
 * A case as the doors show it (GET /cases/:id, `afbryd case show --json`): the ids and status of the
 * run and its view, with the settings snapshot reduced to its version id.
 */
export function caseDocument(read: CaseRead): Omit<CaseView, 'settings'> & { id: string; runId: string; status: string; settingsVersion?: string } {
  const { settings, ...rest } = read.view;
  return { id: read.workflowId, runId: read.runId, status: read.status, ...rest, ...(settings ? { settingsVersion: settings.versionId } : {}) };
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

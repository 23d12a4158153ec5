/**
 * Starting cases and delivering events, for the doors (billing API, CLI, import). One open case per
 * metering point and customer (RULES 2): its workflow id is {@link caseWorkflowId}.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client, type WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import { CUSTOMER_CLASS, CUTOFF_DATE, METER_KIND, NEEDS_ATTENTION, STAGE } from '../workflows/search-attributes.js';
import { ATTENTION } from '../workflows/shared/attention.js';
import {
  CASE_WORKFLOW_TYPE,
  type CASE_WORKFLOW_TYPES,
  CASE_WORKFLOW_TYPES_CLAUSE,
  caseViewQuery,
  caseWorkflowId,
  submitCaseEventUpdate,
  type CaseEvent,
  type CaseInput,
  type CaseView,
  type EventOutcome,
  type InvoiceRef,
  type Stage,
  isCaseWorkflowType,
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
  /**
   * The workflow type a NEW case starts as. Only the chaos run sets it, to start version 1 cases "from
   * before the switch" and watch them drain into version 2.
   * @default CASE_WORKFLOW_TYPE
   */
  workflowType?: (typeof CASE_WORKFLOW_TYPES)[number];
}

/** A case id derived from the metering point, customer and the invoice that opened it. */
export function deriveCaseId(request: Pick<StartCaseRequest, 'meteringPointId' | 'customerId' | 'invoices'>): string {
  const first = request.invoices[0]?.invoiceId ?? 'no-arrears';
  return `${request.meteringPointId}-${request.customerId}-${first}`;
}

/**
 * Starts a case, idempotently: the same invoice returns its existing case (open or closed); a further
 * missed invoice for a metering point with an open case joins that case instead of starting another.
 *
 * Round trips: a new case and a join to an open case are one update-with-start each (the join also
 * asks the case for its case number, unless the workflow's answer names it: {@link caseIdOf}); only
 * when the workflow id has a closed run does it look (describe, query) and decide as before. An
 * imported history (or a request without invoices) starts first, refusing any existing run, as it
 * always did: it is never joined into an open case.
 */
export async function startCase(client: Client, request: StartCaseRequest, options: StartCaseOptions): Promise<StartCaseResult> {
  const workflowId = caseWorkflowId(request.meteringPointId, request.customerId);
  const invoiceIds = new Set(request.invoices.map((i) => i.invoiceId));
  const joinable = !request.imported && request.invoices.length > 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (joinable) {
      // Start a new run with the invoices, or, when one is running, join its first invoice to it — in
      // one call; refused only when the id has a closed run (a closed case is never started again by
      // a join).
      const answer = await startOrJoin(client, workflowId, request, options);
      if (answer) return answer;
    } else if (attempt === 0) {
      // Start first, refusing if the workflow id has any run, open or closed; only then look.
      const first = await tryStart(client, workflowId, request, options, 'REJECT_DUPLICATE');
      if (first) return first;
    }
    const existing = client.workflow.getHandle(workflowId);
    try {
      const description = await existing.describe();
      if (description.status.name !== 'RUNNING') {
        const view = await existing.query(caseViewQuery);
        if (view.invoices.some((i) => invoiceIds.has(i.invoiceId))) {
          return { status: 'existing-closed', workflowId, runId: description.runId, caseId: view.caseId };
        }
      } else if (joinable) {
        // Started by someone else since the update-with-start was refused: join it (next attempt).
        continue;
      } else if (request.imported) {
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
      } else {
        // No invoices (a security demand without arrears): nothing to join.
        return await joinOpenCase(existing, description.runId, request.invoices, options);
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

/** The start options of a new run (no search attributes: the workflow sets its own). */
function startOptions(workflowId: string, request: StartCaseRequest, options: StartCaseOptions, caseId: string) {
  return {
    workflowId,
    taskQueue: options.taskQueue,
    args: [{ ...request, caseId } satisfies CaseInput] as [CaseInput],
    staticSummary: `Unpaid-invoice case (${request.customerClass})`,
  };
}

/** The `invoiceMissed` event that joins an invoice to an open case. */
function invoiceMissed(invoice: InvoiceRef, options: StartCaseOptions): CaseEvent {
  // The message id is derived from the invoice, so a retried start delivers the same message.
  return { messageId: `invoice-missed:${invoice.invoiceId}`, actor: options.actor ?? 'billing', type: 'invoiceMissed', invoice };
}

/**
 * One update-with-start: a new run with the request's invoices (`started`; the update then reaches
 * the new run too, which answers `duplicate`, "invoice already in the case", and changes nothing), or
 * the first invoice joined to the running case (`joined`, or `existing-open` when it was there
 * already; further invoices of the request follow as updates). Returns undefined when the workflow id
 * has a closed run: the start is refused (`REJECT_DUPLICATE`), so a closed case is never restarted.
 */
async function startOrJoin(client: Client, workflowId: string, request: StartCaseRequest, options: StartCaseOptions): Promise<StartCaseResult | undefined> {
  const caseId = request.caseId ?? deriveCaseId(request);
  const [first, ...more] = request.invoices as [InvoiceRef, ...InvoiceRef[]];
  const seen = startResponses(client.workflow);
  let outcome: EventOutcome;
  try {
    outcome = await seen.workflow.executeUpdateWithStart(submitCaseEventUpdate, {
      args: [invoiceMissed(first, options)],
      startWorkflowOperation: new WithStartWorkflowOperation(options.workflowType ?? CASE_WORKFLOW_TYPE, {
        ...startOptions(workflowId, request, options, caseId),
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });
  } catch (err) {
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    return undefined;
  }
  const start = seen.last();
  if (start.started) return { status: 'started', workflowId, runId: start.runId, caseId };
  const handle = client.workflow.getHandle(workflowId, start.runId);
  let joined = outcome.outcome === 'applied';
  for (const invoice of more) {
    if ((await deliverEvent(handle, invoiceMissed(invoice, options))).outcome === 'applied') joined = true;
  }
  return {
    status: joined ? 'joined' : 'existing-open',
    workflowId,
    runId: start.runId,
    caseId: caseIdOf(outcome) ?? (await handle.query(caseViewQuery)).caseId,
  };
}

/**
 * The case number in an update's answer, if the workflow names it there. Version 1's `EventOutcome`
 * does not, so a join asks the case (`caseView`): one round trip more than a workflow that answers
 * with `caseId` needs.
 */
function caseIdOf(outcome: EventOutcome): string | undefined {
  const named = (outcome as EventOutcome & { caseId?: unknown }).caseId;
  return typeof named === 'string' && named.length > 0 ? named : undefined;
}

/**
 * A view of a workflow client that keeps what the server answered the start of an update-with-start:
 * whether it started a new run (`started`) and the run it used. The SDK (1.24) reads that answer
 * (`ExecuteMultiOperationResponse.responses[0].startWorkflow`) but returns only the update's result,
 * so the view wraps `workflowService` for this one call; the connection (its deadline, metadata,
 * interceptors) and every other option stay the client's.
 */
function startResponses(workflow: WorkflowClient): { workflow: WorkflowClient; last(): { started: boolean; runId: string } } {
  let answer: { started: boolean; runId: string } | undefined;
  const service = workflow.workflowService;
  const wrapped = new Proxy(service, {
    get(target, property, receiver) {
      if (property !== 'executeMultiOperation') return Reflect.get(target, property, receiver) as unknown;
      return async (req: Parameters<typeof service.executeMultiOperation>[0]) => {
        const response = await target.executeMultiOperation(req);
        const start = response.responses?.[0]?.startWorkflow;
        // The SDK sends the request again until the update is accepted: a start seen once stays started.
        if (start?.runId) answer = { started: answer?.started === true || start.started === true, runId: start.runId };
        return response;
      };
    },
  });
  const view = Object.create(workflow, { workflowService: { value: wrapped } }) as WorkflowClient;
  return {
    workflow: view,
    last() {
      // Only if a later SDK stops calling `workflowService.executeMultiOperation` (test/e2e/start-case.test.ts fails then).
      if (!answer) throw new Error('update-with-start answered without the start response: cannot tell a new case from an open one');
      return answer;
    },
  };
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
    const handle = await client.workflow.start(options.workflowType ?? CASE_WORKFLOW_TYPE, {
      ...startOptions(workflowId, request, options, caseId),
      workflowIdReusePolicy,
      workflowIdConflictPolicy: 'FAIL',
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

async function joinOpenCase(handle: WorkflowHandle, runId: string, invoices: readonly InvoiceRef[], options: StartCaseOptions): Promise<StartCaseResult> {
  let joined = false;
  for (const invoice of invoices) {
    if ((await deliverEvent(handle, invoiceMissed(invoice, options))).outcome === 'applied') joined = true;
  }
  const view = await handle.query(caseViewQuery);
  return { status: joined ? 'joined' : 'existing-open', workflowId: handle.workflowId, runId, caseId: view.caseId };
}

/** Delivers an event to a case and returns what became of it (applied, duplicate, rejected). */
export async function deliverEvent(handle: WorkflowHandle, event: CaseEvent): Promise<EventOutcome> {
  return handle.executeUpdate(submitCaseEventUpdate, { args: [event] });
}

/** What became of one case in a bulk retry. */
export interface BulkRetryItem {
  id: string;
  /** The step that stopped. */
  step?: string;
  /** `applied`, `duplicate` (retried before for this stop), `rejected` (with its reason), `planned` (dry run), or `unanswered` (the case could not be read or reached). */
  outcome: 'applied' | 'duplicate' | 'rejected' | 'planned' | 'unanswered';
  reason?: string;
}

/**
 * Retries, by an attention reason, every open case that stopped on it (issue 16 item 4: one DataHub
 * configuration fault can stop thousands of cases; once fixed, they go on together). Finds the open
 * cases needing attention through visibility, reads each one's reasons, and sends `retryStep` to those
 * with `code` open. The message id names the reason's occurrence (`retry:<code>:<since>`), so a second
 * run for the same stop answers `duplicate`.
 * @param options.dryRun list the cases only
 */
export async function retryByAttentionReason(
  client: Client,
  code: string,
  options: {
    actor: string;
    dryRun?: boolean;
    limit?: number;
    /** Only the cases of this task queue (the deployment's; the CLI passes `AFBRYD_TASK_QUEUE`). */
    taskQueue?: string;
    /** Each case's query and update must answer within this. @default 30 s */
    perCaseTimeoutMs?: number;
  },
): Promise<{ cases: BulkRetryItem[]; truncated: boolean }> {
  if ((ATTENTION as Record<string, { clearedBy: string }>)[code]?.clearedBy !== 'retryStep') throw new RangeError(`"${code}" is not an attention reason a retry clears`);
  const limit = options.limit ?? 10_000;
  if (options.taskQueue !== undefined && !/^[A-Za-z0-9._:-]{1,200}$/.test(options.taskQueue)) throw new RangeError('not a task queue name');
  const query = [
    CASE_WORKFLOW_TYPES_CLAUSE,
    `ExecutionStatus = 'Running'`,
    `${NEEDS_ATTENTION.name} = true`,
    ...(options.taskQueue ? [`TaskQueue = '${options.taskQueue}'`] : []),
  ].join(' AND ');
  const perCase = options.perCaseTimeoutMs ?? 30_000;
  const cases: BulkRetryItem[] = [];
  let truncated = false;
  for await (const info of client.workflow.list({ query, pageSize: 500 })) {
    if (cases.length >= limit) {
      truncated = true;
      break;
    }
    const handle = client.workflow.getHandle(info.workflowId);
    // One case that cannot answer (no worker polls its queue, a failed workflow task) is reported and
    // skipped: it never stops the others.
    try {
      const view = await client.withDeadline(Date.now() + perCase, () => handle.query(caseViewQuery));
      const reason = view.attention?.find((r) => r.code === code);
      if (!reason) continue;
      if (options.dryRun) {
        cases.push({ id: info.workflowId, ...(reason.ref ? { step: reason.ref } : {}), outcome: 'planned' });
        continue;
      }
      const event: CaseEvent = { messageId: `retry:${code}:${reason.since}`, actor: options.actor, type: 'retryStep' };
      const outcome = await client.withDeadline(Date.now() + perCase, () => deliverEvent(handle, event));
      cases.push({ id: info.workflowId, ...(reason.ref ? { step: reason.ref } : {}), outcome: outcome.outcome, ...(outcome.reason ? { reason: outcome.reason } : {}) });
    } catch (err) {
      cases.push({ id: info.workflowId, outcome: 'unanswered', reason: String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200) });
    }
  }
  return { cases, truncated };
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
  if (!isCaseWorkflowType(description.type)) throw new WorkflowNotFoundError('not a case', workflowId, description.runId);
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
  // A case that continued as new (version 2) is listed once: by its current run, not also its earlier ones.
  const clauses = [CASE_WORKFLOW_TYPES_CLAUSE, `ExecutionStatus != 'ContinuedAsNew'`];
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

/**
 * Starting cases and delivering events, for the doors (billing API, CLI, import). One open case per
 * metering point and customer (RULES 2): its workflow id is {@link caseWorkflowId}.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client, type QueryDefinition, type WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import {
  ATTENTION_REASONS,
  CUSTOMER_CLASS,
  CUSTOMER_ID,
  CUTOFF_DATE,
  CUTOFF_DAY,
  METER_KIND,
  METERING_POINT_ID,
  NEEDS_ATTENTION,
  NEXT_STEP_DAY,
  OVERDUE,
  STAGE,
} from '../workflows/search-attributes.js';
import { addDays, copenhagenInstant, copenhagenLocalTime, type IsoDate } from '../rules/index.js';
import { CASE_NUMBER_TYPO, parseCaseNumber } from '../evidence/case-number.js';
import { ATTENTION } from '../workflows/shared/attention.js';
import {
  CASE_WORKFLOW_TYPE,
  CASE_WORKFLOW_TYPES,
  CASE_WORKFLOW_TYPES_CLAUSE,
  caseViewQuery,
  caseWorkflowId,
  eventOutcomeQuery,
  submitCaseEventUpdate,
  type CaseEvent,
  type CaseInput,
  type CaseView,
  type EventOutcome,
  type InvoiceRef,
  type Stage,
  isCaseWorkflowType,
} from '../workflows/case/definitions.js';
import { OWNER_LIABILITY_WORKFLOW_TYPE } from '../workflows/owner-liability/definitions.js';
import { REQUESTED_DISCONNECTION_WORKFLOW_TYPE } from '../workflows/requested-disconnection/definitions.js';

/** What a caller asks for: a case input whose case id may be left to afbryd. */
export type StartCaseRequest = Omit<CaseInput, 'caseId'> & { caseId?: string };

/** What became of a start request. */
export interface StartCaseResult {
  /**
   * - `started`: a new case;
   * - `existing-open` / `existing-closed`: the invoice is already in that case (nothing changed);
   * - `existing-failed`: the invoice is in a case whose workflow did not complete — it failed (e.g. a
   *   version 1 case without master data: `UnknownMeteringPoint`), was terminated, timed out or was
   *   cancelled — and nothing was started; an operator decides (`afbryd cases failed`);
   * - `joined`: the invoice joined the open case of the metering point and customer.
   */
  status: 'started' | 'existing-open' | 'existing-closed' | 'existing-failed' | 'joined';
  workflowId: string;
  runId: string;
  caseId: string;
  /** With `existing-failed`: how the run ended (`FAILED`, `TERMINATED`, `TIMED_OUT`, `CANCELLED`) and, for a failure, its type. */
  ended?: { status: string; failureType?: string };
}

/**
 * How a closed run ended, when it did not complete: its status and, for a failure, the failure's type
 * (an `ApplicationFailure`'s type, e.g. `UnknownMeteringPoint`; never its message). `undefined` for a
 * completed run.
 */
export async function endOfRun(client: Client, workflowId: string, runId: string, status: string): Promise<{ status: string; failureType?: string } | undefined> {
  if (status === 'COMPLETED' || status === 'RUNNING' || status === 'CONTINUED_AS_NEW') return undefined;
  if (status !== 'FAILED') return { status };
  const err = await client.workflow.getHandle(workflowId, runId, { followRuns: false }).result().then(() => undefined, (e: unknown) => e);
  let cause = (err as { cause?: unknown } | undefined)?.cause;
  // The ApplicationFailure a workflow failed with, possibly under an ActivityFailure.
  for (let depth = 0; cause && depth < 4; depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && type.length > 0) return { status, failureType: type.slice(0, 100) };
    cause = (cause as { cause?: unknown }).cause;
  }
  return { status };
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
 * asks the case for its case id, unless the workflow's answer names it: {@link caseIdOf}); only
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
          // Say what really happened: a run that failed (or was terminated) is not a closed case.
          const ended = await endOfRun(client, workflowId, description.runId, description.status.name);
          if (ended) return { status: 'existing-failed', workflowId, runId: description.runId, caseId: view.caseId, ended };
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
          `the metering point and customer already have an open case (${workflowId}, case id ${view.caseId}) with other invoices; ` +
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
 * The case id in an update's answer, if the workflow names it there. Version 1's `EventOutcome`
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

/**
 * What a closed case answers a message it recorded before it closed: `duplicate`, with the first outcome
 * in `reason`, as an open case answers a retry. The usual cause: billing's payment closed the case and
 * its answer was lost (a timeout while a worker restarted), so billing sends it again. Null when the
 * case never saw the message, or cannot answer (no worker to run the query).
 */
export async function recordedBeforeClose<O extends { outcome: string; reason?: string } = EventOutcome>(
  handle: WorkflowHandle,
  messageId: string,
  /** The workflow's outcome query (owner liability and requested disconnection have their own). */
  query: QueryDefinition<O | null, [string]> = eventOutcomeQuery as unknown as QueryDefinition<O | null, [string]>,
): Promise<O | null> {
  const first = await handle.query(query, messageId).catch(() => null);
  if (!first) return null;
  return { ...first, outcome: 'duplicate', reason: `recorded before the case closed: ${first.outcome}${first.reason ? `: ${first.reason}` : ''}` };
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
 * case's archived view and the letters and DataHub messages recorded for it; and, where the archive
 * has them, the short case numbers (issue 15 item 13).
 */
export interface ArchivedCaseReader extends Partial<CaseNumberLookup> {
  readCase(workflowId: string): Promise<
    | {
        closed?: { at: string; reason: string; view: unknown };
        letters: readonly unknown[];
        messages: readonly unknown[];
      }
    | undefined
  >;
}

/** The short case numbers, as the doors read them (evidence/store.ts `EvidenceStore` has it). Never allocates. */
export interface CaseNumberLookup {
  /** A case id's case number, if its first letter has been made. */
  readCaseNumber(caseId: string): Promise<{ caseNumber: string } | undefined>;
  /** The case (and its workflow) a case number was allocated to. */
  findCaseNumber(caseNumber: string): Promise<{ caseId: string; workflowId: string } | undefined>;
}

/** What {@link resolveCaseNumber} found. */
export type CaseNumberResolution =
  | { status: 'found'; caseNumber: string; caseId: string; workflowId: string }
  /** Shaped like a case number, known nowhere (or no archive to ask). */
  | { status: 'unknown'; caseNumber: string }
  /** Shaped like a case number, but its check character does not fit: a typo. */
  | { status: 'typo' }
  /** Not shaped like a case number at all. */
  | { status: 'not-a-case-number' };

/**
 * Reads a term as a short case number (case-insensitive, the check character verified:
 * `evidence/case-number.ts`) and finds its case in the archive's `case_numbers`.
 */
export async function resolveCaseNumber(term: string, lookup: Partial<CaseNumberLookup> | undefined): Promise<CaseNumberResolution> {
  const read = parseCaseNumber(term);
  if (!read.ok) return read.problem === 'check' ? { status: 'typo' } : { status: 'not-a-case-number' };
  const found = lookup?.findCaseNumber ? await lookup.findCaseNumber(read.caseNumber) : undefined;
  return found ? { status: 'found', caseNumber: read.caseNumber, caseId: found.caseId, workflowId: found.workflowId } : { status: 'unknown', caseNumber: read.caseNumber };
}

/** A case's short case number, or `undefined` (none yet, no archive, or the archive did not answer: the doors show the case without it). */
export async function caseNumberOf(caseId: string, lookup: Partial<CaseNumberLookup> | undefined): Promise<string | undefined> {
  if (!lookup?.readCaseNumber) return undefined;
  try {
    return (await lookup.readCaseNumber(caseId))?.caseNumber;
  } catch {
    return undefined;
  }
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
  /** `caseWorkflow` (version 1, draining) or `caseWorkflowV2`. */
  workflowType?: string;
  stage?: string;
  customerClass?: string;
  meterKind?: string;
  needsAttention?: boolean;
  /** The cut-off date of the pending DataHub request (ISO instant of 00:00 Danish time). */
  cutoffDate?: string;
  /** The billing system's customer number (`AfbrydCustomerId`, else read from the workflow id). */
  customerId?: string;
  /** The metering point (`AfbrydMeteringPointId`, else read from the workflow id). */
  meteringPointId?: string;
  /** The cut-off as a Danish day (`AfbrydCutoffDay`, else from `AfbrydCutoffDate` or the case's view). */
  cutoffDay?: IsoDate;
  /** The day the next step is due (`AfbrydNextStepDay`, else from the case's view when it was read). */
  nextStepDay?: IsoDate;
  /** The codes of the open attention reasons (`AfbrydAttentionReasons`, else from the case's view when it was read). */
  attentionReasons?: string[];
  /** The grid's report is overdue (`AfbrydOverdue`). */
  overdue?: boolean;
  startTime: string;
  closeTime?: string;
}

/** What {@link listCases} filters by. Every filter narrows (AND). */
export interface CaseListFilter {
  stage?: Stage;
  needsAttention?: boolean;
  /** Running cases only. @default false (every status but continued-as-new) */
  open?: boolean;
  /** The grid's report is overdue (`AfbrydOverdue = true`). */
  overdue?: boolean;
  /** The billing system's customer number. */
  customerId?: string;
  /** The metering point (18-digit GSRN). */
  meteringPointId?: string;
  /** The cut-off on or after this Danish day. */
  cutoffFrom?: IsoDate;
  /** The cut-off on or before this Danish day. */
  cutoffTo?: IsoDate;
  /** An open attention reason of this code (the catalogue of workflows/shared/attention.ts). */
  attentionReason?: string;
  /** The next step due on or after this Danish day (open cases). */
  nextStepFrom?: IsoDate;
  /** The next step due on or before this Danish day (open cases). */
  nextStepTo?: IsoDate;
  /** Only the cases of this task queue (a deployment's: the API's and the CLI's `AFBRYD_TASK_QUEUE`). */
  taskQueue?: string;
  /** @default 100 */
  limit?: number;
  /**
   * How many cases without release 0.6.5's search attributes (older runs, version 1) may be asked for
   * their `caseView` to decide a filter. @default 2000
   */
  maxScan?: number;
}

/** A search attribute value for a Danish day (`AfbrydCutoffDay`, `AfbrydNextStepDay`): 00:00 UTC of that day. */
export function dayAttributeValue(day: IsoDate): string {
  return `${day}T00:00:00Z`;
}

/** The Danish day a day attribute holds. */
function dayOfAttribute(value: Date): IsoDate {
  return value.toISOString().slice(0, 10);
}

/** The customer number in a case's workflow id (`case-<GSRN>-<customerId>`: the GSRN is 18 digits). */
export function customerIdOfWorkflowId(workflowId: string): string | undefined {
  return /^case-\d{18}-(.+)$/.exec(workflowId)?.[1];
}

/** The metering point in a case's workflow id. */
export function meteringPointIdOfWorkflowId(workflowId: string): string | undefined {
  return /^case-(\d{18})-.+$/.exec(workflowId)?.[1];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A value written into a visibility query: no quotes, backslashes or control characters. */
const QUERY_SAFE = /^[A-Za-z0-9._:@+-]{1,100}$/;

function checkedDay(name: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!ISO_DAY.test(value)) throw new RangeError(`${name}: not a date (YYYY-MM-DD)`);
  return value;
}

/** The codes of a view's open reasons; a version 1 case's bare flag counts as `flagged-in-version-1`. */
export function attentionCodesOfView(view: Pick<CaseView, 'attention' | 'needsAttention'>): string[] {
  const codes = [...new Set((view.attention ?? []).map((r) => r.code as string))].sort();
  if (codes.length === 0 && view.needsAttention) return ['flagged-in-version-1'];
  return codes;
}

/** The visibility query of a filter, and what must be checked per case where a run lacks release 0.6.5's attributes. */
export function caseListQuery(filter: CaseListFilter): string {
  // A case that continued as new (version 2) is listed once: by its current run, not also its earlier ones.
  const clauses = [CASE_WORKFLOW_TYPES_CLAUSE, `ExecutionStatus != 'ContinuedAsNew'`];
  if (filter.open) clauses.push(`ExecutionStatus = 'Running'`);
  if (filter.taskQueue !== undefined) {
    if (!/^[A-Za-z0-9._:-]{1,200}$/.test(filter.taskQueue)) throw new RangeError('not a task queue name');
    clauses.push(`TaskQueue = '${filter.taskQueue}'`);
  }
  // Values from the fixed vocabularies only (the stage is checked against STAGES by the callers' schemas).
  if (filter.stage) {
    if (!/^[a-z0-9-]+$/.test(filter.stage)) throw new RangeError('not a stage');
    clauses.push(`${STAGE.name} = '${filter.stage}'`);
  }
  if (filter.needsAttention !== undefined) clauses.push(`${NEEDS_ATTENTION.name} = ${filter.needsAttention ? 'true' : 'false'}`);
  if (filter.overdue !== undefined) clauses.push(`${OVERDUE.name} = ${filter.overdue ? 'true' : 'false'}`);
  if (filter.customerId !== undefined) {
    if (!QUERY_SAFE.test(filter.customerId)) throw new RangeError('not a customer number');
    // Runs before release 0.6.5 lack AfbrydCustomerId: their workflow id names the customer (checked per case).
    clauses.push(`(${CUSTOMER_ID.name} = '${filter.customerId}' OR ${CUSTOMER_ID.name} IS NULL)`);
  }
  if (filter.meteringPointId !== undefined) {
    if (!/^\d{18}$/.test(filter.meteringPointId)) throw new RangeError('not a metering point id (18 digits)');
    clauses.push(`(${METERING_POINT_ID.name} = '${filter.meteringPointId}' OR WorkflowId STARTS_WITH 'case-${filter.meteringPointId}-')`);
  }
  const cutoffFrom = checkedDay('cutoffFrom', filter.cutoffFrom);
  const cutoffTo = checkedDay('cutoffTo', filter.cutoffTo);
  if (cutoffFrom !== undefined || cutoffTo !== undefined) {
    const day: string[] = [];
    const instant: string[] = [];
    if (cutoffFrom) {
      day.push(`${CUTOFF_DAY.name} >= '${dayAttributeValue(cutoffFrom)}'`);
      instant.push(`${CUTOFF_DATE.name} >= '${new Date(copenhagenInstant(cutoffFrom, '00:00')).toISOString()}'`);
    }
    if (cutoffTo) {
      // A range, never `=` or `<=` on the day itself: SQL visibility does not match a Datetime by `=` against a literal (client/saved-views.ts).
      day.push(`${CUTOFF_DAY.name} < '${dayAttributeValue(addDays(cutoffTo, 1))}'`);
      instant.push(`${CUTOFF_DATE.name} < '${new Date(copenhagenInstant(addDays(cutoffTo, 1), '00:00')).toISOString()}'`);
    }
    // AfbrydCutoffDate (00:00 Danish time) for the runs without AfbrydCutoffDay.
    clauses.push(`((${day.join(' AND ')}) OR (${CUTOFF_DAY.name} IS NULL AND ${instant.join(' AND ')}))`);
  }
  if (filter.attentionReason !== undefined) {
    if (!Object.hasOwn(ATTENTION, filter.attentionReason)) throw new RangeError('not an attention reason');
    clauses.push(
      `(${ATTENTION_REASONS.name} = '${filter.attentionReason}' OR (${ATTENTION_REASONS.name} IS NULL AND ${NEEDS_ATTENTION.name} = true))`,
    );
  }
  const nextFrom = checkedDay('nextStepFrom', filter.nextStepFrom);
  const nextTo = checkedDay('nextStepTo', filter.nextStepTo);
  if (nextFrom !== undefined || nextTo !== undefined) {
    const day: string[] = [];
    if (nextFrom) day.push(`${NEXT_STEP_DAY.name} >= '${dayAttributeValue(nextFrom)}'`);
    if (nextTo) day.push(`${NEXT_STEP_DAY.name} < '${dayAttributeValue(addDays(nextTo, 1))}'`);
    clauses.push(`((${day.join(' AND ')}) OR (${NEXT_STEP_DAY.name} IS NULL AND ExecutionStatus = 'Running'))`);
  }
  return clauses.join(' AND ');
}

/** A list item from a run's visibility record. */
function listItemOf(info: { workflowId: string; runId: string; type: string; status: { name: string }; startTime: Date; closeTime?: Date | undefined; typedSearchAttributes: { get: <T>(key: { name: string; valueType: unknown } & object) => T | undefined } }): CaseListItem {
  const attrs = info.typedSearchAttributes as unknown as { get<K>(key: K): unknown };
  const get = <T>(key: unknown) => attrs.get(key) as T | undefined;
  const stage = get<string>(STAGE);
  const customerClass = get<string>(CUSTOMER_CLASS);
  const meterKind = get<string>(METER_KIND);
  const needsAttention = get<boolean>(NEEDS_ATTENTION);
  const cutoff = get<Date>(CUTOFF_DATE);
  const cutoffDay = get<Date>(CUTOFF_DAY);
  const nextStepDay = get<Date>(NEXT_STEP_DAY);
  const reasons = get<string[]>(ATTENTION_REASONS);
  const overdue = get<boolean>(OVERDUE);
  const customerId = get<string>(CUSTOMER_ID) ?? customerIdOfWorkflowId(info.workflowId);
  const meteringPointId = get<string>(METERING_POINT_ID) ?? meteringPointIdOfWorkflowId(info.workflowId);
  const day = cutoffDay ? dayOfAttribute(cutoffDay) : cutoff ? copenhagenLocalTime(cutoff.getTime()).date : undefined;
  return {
    id: info.workflowId,
    runId: info.runId,
    status: info.status.name,
    workflowType: info.type,
    ...(stage !== undefined ? { stage } : {}),
    ...(customerClass !== undefined ? { customerClass } : {}),
    ...(meterKind !== undefined ? { meterKind } : {}),
    ...(needsAttention !== undefined ? { needsAttention } : {}),
    ...(cutoff ? { cutoffDate: cutoff.toISOString() } : {}),
    ...(customerId !== undefined ? { customerId } : {}),
    ...(meteringPointId !== undefined ? { meteringPointId } : {}),
    ...(day ? { cutoffDay: day } : {}),
    ...(nextStepDay ? { nextStepDay: dayOfAttribute(nextStepDay) } : {}),
    ...(reasons !== undefined ? { attentionReasons: [...reasons].sort() } : {}),
    ...(overdue !== undefined ? { overdue } : {}),
    startTime: info.startTime.toISOString(),
    ...(info.closeTime ? { closeTime: info.closeTime.toISOString() } : {}),
  };
}

/** How long one case's `caseView` may take in a list. */
const VIEW_TIMEOUT_MS = 10_000;

/** A run's `caseView`, or undefined when it cannot answer within VIEW_TIMEOUT_MS (no worker for its queue). */
async function viewOrNothing(client: Client, info: { workflowId: string; runId: string }): Promise<CaseView | undefined> {
  try {
    return await client.withDeadline(Date.now() + VIEW_TIMEOUT_MS, () => client.workflow.getHandle(info.workflowId, info.runId).query(caseViewQuery));
  } catch {
    return undefined;
  }
}

/**
 * Lists cases from Temporal visibility, newest first: by stage, attention, customer, metering point,
 * cut-off range, attention reason and the day the next step is due. The last four read release
 * 0.6.5's search attributes (`AfbrydCustomerId`, `AfbrydCutoffDay`, `AfbrydAttentionReasons`,
 * `AfbrydNextStepDay`); a run without them (started before 0.6.5, or version 1, `caseWorkflow`, until
 * it drains) is decided from its workflow id (the customer, the metering point), `AfbrydCutoffDate`
 * (the cut-off) or its `caseView` query (the reasons, the next step's day), at most `maxScan` of them.
 * Visibility is eventually consistent: a change shows a moment after it happened.
 */
export async function listCases(client: Client, filter: CaseListFilter = {}): Promise<{ cases: CaseListItem[]; truncated: boolean }> {
  const limit = filter.limit ?? 100;
  const maxScan = filter.maxScan ?? 2000;
  const query = caseListQuery(filter);
  const cases: CaseListItem[] = [];
  let truncated = false;
  let scanned = 0;
  for await (const info of client.workflow.list({ query, pageSize: Math.min(limit + 1, 1000) })) {
    if (cases.length >= limit) {
      truncated = true;
      break;
    }
    const item = listItemOf(info as never);
    if (filter.customerId !== undefined && item.customerId !== filter.customerId) continue;
    const needView =
      (filter.attentionReason !== undefined && item.attentionReasons === undefined) ||
      ((filter.nextStepFrom !== undefined || filter.nextStepTo !== undefined) && item.nextStepDay === undefined);
    if (needView) {
      if (++scanned > maxScan) {
        truncated = true;
        break;
      }
      const view = await viewOrNothing(client, info);
      if (!view) continue; // a case that cannot answer (no worker for its queue) is not listed by a filter it cannot be checked against
      item.attentionReasons ??= attentionCodesOfView(view);
      if (view.next?.date && item.nextStepDay === undefined) item.nextStepDay = view.next.date;
      if (view.request?.cutoff && item.cutoffDay === undefined) item.cutoffDay = view.request.cutoff;
    }
    if (filter.attentionReason !== undefined && !item.attentionReasons?.includes(filter.attentionReason)) continue;
    if (filter.nextStepFrom !== undefined || filter.nextStepTo !== undefined) {
      const d = item.nextStepDay;
      if (!d || (filter.nextStepFrom && d < filter.nextStepFrom) || (filter.nextStepTo && d > filter.nextStepTo)) continue;
    }
    cases.push(item);
  }
  return { cases, truncated };
}

/**
 * The workflow types whose failed runs an operator is shown (`listFailedCaseRuns`, master-data.ts
 * `listFailedCases`): the unpaid-invoice case (either version), owner liability and requested
 * disconnection — the runs of the latter two started before release 0.6.9 (`masterDataWait`) failed on
 * a metering point without master data, as version 1 did.
 */
export const FAILED_CASE_TYPES = [...CASE_WORKFLOW_TYPES, OWNER_LIABILITY_WORKFLOW_TYPE, REQUESTED_DISCONNECTION_WORKFLOW_TYPE] as const;

/** The visibility clause of {@link FAILED_CASE_TYPES}. */
export const FAILED_CASE_TYPES_CLAUSE = `WorkflowType IN (${FAILED_CASE_TYPES.map((t) => `'${t}'`).join(', ')})`;

/** The metering point in a workflow id of any kind: `case-<GSRN>-…`, `owner-<GSRN>-…`, `disconnect-<GSRN>-…`. */
export function meteringPointOfAnyWorkflowId(workflowId: string): string | undefined {
  return /^(?:case|owner|disconnect)-(\d{18})-./.exec(workflowId)?.[1];
}

/** A case run that ended without closing its case (failed, timed out or terminated), and is the latest run of its id. */
export interface FailedCaseRun {
  id: string;
  runId: string;
  /** `caseWorkflow`, `caseWorkflowV2`, `ownerLiabilityWorkflow` or `requestedDisconnectionWorkflow`. */
  workflowType: string;
  status: 'FAILED' | 'TIMED_OUT' | 'TERMINATED';
  /** For a failure, its type, e.g. `UnknownMeteringPoint` (no master data). */
  failureType?: string;
  customerId?: string;
  meteringPointId?: string;
  stage?: string;
  startTime: string;
  closeTime?: string;
}

/**
 * The case runs — unpaid-invoice cases, owner-liability cases and requested disconnections
 * ({@link FAILED_CASE_TYPES}) — that ended without their case closing: failed (a workflow error, with
 * its type), timed out or terminated, newest first, each only when it is still the latest run of its
 * workflow id (a case started again for a new invoice is not listed). How to recover them:
 * `recoveryOf` in client/worklist.ts.
 */
export async function listFailedCaseRuns(client: Client, options: { limit?: number; taskQueue?: string } = {}): Promise<{ runs: FailedCaseRun[]; truncated: boolean }> {
  const limit = options.limit ?? 100;
  if (options.taskQueue !== undefined && !/^[A-Za-z0-9._:-]{1,200}$/.test(options.taskQueue)) throw new RangeError('not a task queue name');
  const query = `${FAILED_CASE_TYPES_CLAUSE} AND (ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut' OR ExecutionStatus = 'Terminated')${options.taskQueue ? ` AND TaskQueue = '${options.taskQueue}'` : ''}`;
  const runs: FailedCaseRun[] = [];
  const seen = new Set<string>();
  let truncated = false;
  for await (const info of client.workflow.list({ query, pageSize: Math.min(limit + 1, 1000) })) {
    if (seen.has(info.workflowId)) continue;
    seen.add(info.workflowId);
    if (runs.length >= limit) {
      truncated = true;
      break;
    }
    try {
      const latest = await client.withDeadline(Date.now() + VIEW_TIMEOUT_MS, () => client.workflow.getHandle(info.workflowId).describe());
      if (latest.runId !== info.runId) continue;
    } catch {
      // listed as failed; describe is only to skip superseded runs
    }
    const item = listItemOf(info as never);
    const status = info.status.name as FailedCaseRun['status'];
    const ended = status === 'FAILED' ? await endOfRun(client, info.workflowId, info.runId, status).catch(() => undefined) : undefined;
    // An owner-liability or requested-disconnection run that failed at its start has no metering point attribute yet: its id names it.
    const meteringPointId = item.meteringPointId ?? meteringPointOfAnyWorkflowId(info.workflowId);
    runs.push({
      id: item.id,
      runId: item.runId,
      workflowType: info.type,
      status,
      ...(ended?.failureType ? { failureType: ended.failureType } : {}),
      ...(item.customerId ? { customerId: item.customerId } : {}),
      ...(meteringPointId ? { meteringPointId } : {}),
      ...(item.stage ? { stage: item.stage } : {}),
      startTime: item.startTime,
      ...(item.closeTime ? { closeTime: item.closeTime } : {}),
    });
  }
  return { runs, truncated };
}

/** What a search term was read as. */
export type CaseSearchKind = 'case' | 'metering-point' | 'customer' | 'case-number' | 'invoice';

/** Why a search found nothing that a different term would fix: a short case number whose check character does not fit. */
export interface CaseSearchProblem {
  code: 'case-number-check';
  /** For customer service (the case page shows it). */
  da: string;
  en: string;
}

/**
 * Finds cases by what customer service is given on the phone: the short case number printed on the
 * letters (issue 15 item 13: `XXXX-XXXX`, case-insensitive, its check character verified, found in
 * the evidence archive's `case_numbers` — `options.caseNumbers`), a customer number, a metering point
 * (18 digits), a case id, or an invoice id (or a workflow id `case-…`). A customer number and a
 * metering point are visibility queries; a case id or an invoice id is in no search attribute, so the
 * cases are asked for their `caseView` (a case id of the form `<GSRN>-<customer>-<invoice>` only the
 * cases of its metering point; otherwise every case, newest first, at most `maxScan`). A term shaped
 * like a short case number whose check character does not fit is still looked up as the other kinds
 * (a customer or an invoice number may look like one); if nothing is found the answer says it is
 * mistyped (`problem`).
 */
export async function searchCases(
  client: Client,
  term: string,
  options: { limit?: number; maxScan?: number; taskQueue?: string; caseNumbers?: Partial<CaseNumberLookup> } = {},
): Promise<{ kind: CaseSearchKind | 'none'; cases: CaseListItem[]; truncated: boolean; problem?: CaseSearchProblem }> {
  const q = term.trim();
  const byNumber = await resolveCaseNumber(q, options.caseNumbers);
  if (byNumber.status === 'found') {
    try {
      const d = await client.workflow.getHandle(byNumber.workflowId).describe();
      if (isCaseWorkflowType(d.type)) {
        return { kind: 'case-number', cases: [listItemOf({ ...d, workflowId: d.workflowId, type: d.type } as never)], truncated: false };
      }
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  const found = await searchOtherwise(client, q, options);
  if (found.cases.length === 0 && byNumber.status === 'typo') return { ...found, problem: { code: 'case-number-check', ...CASE_NUMBER_TYPO } };
  return found;
}

/** {@link searchCases} by every kind of term but the short case number. */
async function searchOtherwise(
  client: Client,
  q: string,
  options: { limit?: number; maxScan?: number; taskQueue?: string },
): Promise<{ kind: CaseSearchKind | 'none'; cases: CaseListItem[]; truncated: boolean }> {
  const tq = options.taskQueue !== undefined ? { taskQueue: options.taskQueue } : {};
  const limit = options.limit ?? 50;
  if (/^case-\d{18}-.+$/.test(q)) {
    try {
      const d = await client.workflow.getHandle(q).describe();
      if (isCaseWorkflowType(d.type)) {
        return { kind: 'case', cases: [listItemOf({ ...d, workflowId: d.workflowId, type: d.type } as never)], truncated: false };
      }
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    return { kind: 'case', cases: [], truncated: false };
  }
  if (/^\d{18}$/.test(q)) return { kind: 'metering-point', ...(await listCases(client, { meteringPointId: q, limit, ...tq })) };
  if (QUERY_SAFE.test(q) && !/^\d{18}-/.test(q)) {
    const byCustomer = await listCases(client, { customerId: q, limit, ...tq });
    if (byCustomer.cases.length > 0) return { kind: 'customer', ...byCustomer };
  }
  // A case id or an invoice id: ask the cases.
  const gsrn = /^(\d{18})-/.exec(q)?.[1];
  const maxScan = options.maxScan ?? 500;
  if (options.taskQueue !== undefined && !/^[A-Za-z0-9._:-]{1,200}$/.test(options.taskQueue)) throw new RangeError('not a task queue name');
  const query = [CASE_WORKFLOW_TYPES_CLAUSE, `ExecutionStatus != 'ContinuedAsNew'`, ...(options.taskQueue ? [`TaskQueue = '${options.taskQueue}'`] : []), ...(gsrn ? [`(${METERING_POINT_ID.name} = '${gsrn}' OR WorkflowId STARTS_WITH 'case-${gsrn}-')`] : [])].join(' AND ');
  const cases: CaseListItem[] = [];
  let kind: CaseSearchKind | 'none' = 'none';
  let scanned = 0;
  let truncated = false;
  for await (const info of client.workflow.list({ query, pageSize: 200 })) {
    if (++scanned > maxScan || cases.length >= limit) {
      truncated = true;
      break;
    }
    const view = await viewOrNothing(client, info);
    if (!view) continue;
    const isCase = view.caseId === q;
    const hasInvoice = view.invoices.some((i) => i.invoiceId === q);
    if (!isCase && !hasInvoice) continue;
    kind = isCase ? 'case-number' : 'invoice';
    cases.push(listItemOf(info as never));
  }
  return { kind, cases, truncated };
}

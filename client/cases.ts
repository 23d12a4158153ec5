/**
 * Starting cases and delivering events, for the doors (billing API, CLI, import). One open case per
 * metering point and customer (RULES 2): its workflow id is {@link caseWorkflowId}.
 */
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { CASE_KIND, CUSTOMER_CLASS, METERING_POINT_ID, STAGE } from '../workflows/search-attributes.js';
import {
  CASE_WORKFLOW_TYPE,
  caseViewQuery,
  caseWorkflowId,
  submitCaseEventUpdate,
  type CaseEvent,
  type CaseInput,
  type EventOutcome,
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
  throw new Error(`could not start or find the case ${workflowId}: it changed three times while trying`);
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

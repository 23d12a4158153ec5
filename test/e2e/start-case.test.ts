/**
 * `startCase` on the dev server, counting the gRPC calls its client makes (an interceptor on the
 * client's own connection; the worker has a connection of its own): a new case, the same invoice
 * again, a further invoice joining the open case, a closed case (its invoice, a new invoice), an
 * imported history. Every answer is the one the doors have always given; the join costs as few
 * round trips as the workflow's answer allows.
 */
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImportedCaseConflictError, deliverEvent, listCases, readCase, startCase, type StartCaseRequest } from '../../client/cases.js';
import { CASE_WORKFLOW_TYPES, caseViewQuery, caseWorkflowId, eventOutcomeQuery } from '../../workflows/case/definitions.js';
import { startDevWorker, type DevWorker } from '../support/worker.js';

const GSRN = '571313100000000017';
let dev: DevWorker;
let connection: Connection;
let client: Client;
let taskQueue: string;
let calls: string[] = [];

beforeAll(async () => {
  dev = await startDevWorker({ prefix: 'start-case' });
  taskQueue = dev.taskQueue;
  const counting: Interceptor = (options, nextCall) => {
    calls.push(options.method_definition.path.replace(/^.*\//, ''));
    return new InterceptingCall(nextCall(options));
  };
  connection = await Connection.connect({
    address: inject('devServerAddress'),
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), counting],
  });
  client = new Client({ connection });
});

afterAll(async () => {
  await connection?.close();
  await dev?.stop();
});

/** The gRPC methods `fn` called, in order. */
async function rpcs<T>(fn: () => Promise<T>): Promise<{ result: T; rpcs: string[] }> {
  calls = [];
  const result = await fn();
  return { result, rpcs: [...calls] };
}

function request(customerId: string, ...invoiceIds: string[]): StartCaseRequest {
  return {
    customerId,
    meteringPointId: GSRN,
    meterKind: 'physical',
    invoices: invoiceIds.map((invoiceId) => ({ invoiceId, amountOre: 100_000, dueDate: '2027-06-14' })),
    customerClass: 'household',
  };
}

/**
 * A join, or the same invoice again, to an open case: one update-with-start, whose answer names the
 * case (version 2; before: start, describe, update, query). A version 1 case's answer does not: a
 * query follows.
 */
const JOIN_RPCS = ['ExecuteMultiOperation'];

const customer = (label: string) => `C-sc-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('startCase', () => {
  it('a new case, the same invoice again, and a further invoice joining the open case', async () => {
    const c = customer('open');
    const started = await rpcs(() => startCase(client, request(c, 'INV-A'), { taskQueue }));
    console.log(`startCase RPCs, new case: ${started.rpcs.join(', ')}`);
    expect(started.result).toMatchObject({ status: 'started', caseId: `${GSRN}-${c}-INV-A` });
    expect(started.rpcs).toEqual(['ExecuteMultiOperation']);
    // The update reached the new run, which has the invoice from its input: a duplicate, nothing changed.
    const handle = client.workflow.getHandle(started.result.workflowId);
    expect(await handle.query(eventOutcomeQuery, 'invoice-missed:INV-A')).toMatchObject({ outcome: 'duplicate' });

    const again = await rpcs(() => startCase(client, request(c, 'INV-A'), { taskQueue }));
    console.log(`startCase RPCs, same invoice, open case: ${again.rpcs.join(', ')}`);
    expect(again.result).toEqual({ ...started.result, status: 'existing-open' });
    expect(again.rpcs).toEqual(JOIN_RPCS);

    const joined = await rpcs(() => startCase(client, request(c, 'INV-B'), { taskQueue, actor: 'billing:run-7' }));
    console.log(`startCase RPCs, join to an open case: ${joined.rpcs.join(', ')}`);
    expect(joined.result).toEqual({ ...started.result, status: 'joined' });
    expect(joined.rpcs).toEqual(JOIN_RPCS);

    const twice = await rpcs(() => startCase(client, request(c, 'INV-B'), { taskQueue }));
    expect(twice.result).toEqual({ ...started.result, status: 'existing-open' });

    const view = await client.workflow.getHandle(started.result.workflowId).query(caseViewQuery);
    expect(view.invoices.map((i) => i.invoiceId)).toEqual(['INV-A', 'INV-B']);
    expect(view.amountDueOre).toBe(200_000);
    // The join is in the timeline once, with its actor; the same invoice again changed nothing.
    const events = view.timeline.filter((t) => t.cause.type === 'event');
    expect(events.map((t) => [t.what, t.cause])).toEqual([
      [
        'invoice INV-B joins the case; amount due 2000.00 kr',
        { type: 'event', messageId: 'invoice-missed:INV-B', actor: 'billing:run-7', eventType: 'invoiceMissed' },
      ],
    ]);
    expect(view.needsAttention).toBe(false);
  });

  it('several invoices: a new case takes them all, a join adds the ones it lacks', async () => {
    const c = customer('many');
    const started = await startCase(client, request(c, 'INV-1', 'INV-2'), { taskQueue });
    expect(started.status).toBe('started');
    const joined = await startCase(client, request(c, 'INV-2', 'INV-3', 'INV-4'), { taskQueue });
    expect(joined).toEqual({ ...started, status: 'joined' });
    const same = await startCase(client, request(c, 'INV-3', 'INV-1'), { taskQueue });
    expect(same).toEqual({ ...started, status: 'existing-open' });
    const view = await client.workflow.getHandle(started.workflowId).query(caseViewQuery);
    expect(view.invoices.map((i) => i.invoiceId)).toEqual(['INV-1', 'INV-2', 'INV-3', 'INV-4']);
    expect(view.amountDueOre).toBe(400_000);
  });

  it('a closed case: its invoice answers the closed case and never restarts it; a new invoice starts a new run', async () => {
    const c = customer('closed');
    const first = await startCase(client, request(c, 'INV-1'), { taskQueue });
    const handle = client.workflow.getHandle(first.workflowId);
    expect(await deliverEvent(handle, { messageId: 'pay-1', actor: 'billing', type: 'paymentReceived', amountOre: 100_000 })).toMatchObject({ outcome: 'applied' });
    await handle.result();

    const same = await rpcs(() => startCase(client, request(c, 'INV-1'), { taskQueue }));
    console.log(`startCase RPCs, same invoice, closed case: ${same.rpcs.join(', ')}`);
    expect(same.result).toEqual({ ...first, status: 'existing-closed' });
    expect(same.rpcs).toEqual(['ExecuteMultiOperation', 'DescribeWorkflowExecution', 'QueryWorkflow']);
    const description = await handle.describe();
    expect([description.runId, description.status.name]).toEqual([first.runId, 'COMPLETED']);

    const next = await rpcs(() => startCase(client, request(c, 'INV-2'), { taskQueue }));
    console.log(`startCase RPCs, new invoice, closed case: ${next.rpcs.join(', ')}`);
    expect(next.result).toMatchObject({ status: 'started', workflowId: first.workflowId, caseId: `${GSRN}-${c}-INV-2` });
    expect(next.result.runId).not.toBe(first.runId);
    expect(next.rpcs).toEqual(['ExecuteMultiOperation', 'DescribeWorkflowExecution', 'QueryWorkflow', 'StartWorkflowExecution']);
    const view = await client.workflow.getHandle(first.workflowId).query(caseViewQuery);
    expect(view.invoices.map((i) => i.invoiceId)).toEqual(['INV-2']);
  });

  it('every version of the case workflow is joined, read and listed alike', async () => {
    const runs: { type: string; workflowId: string }[] = [];
    for (const type of CASE_WORKFLOW_TYPES) {
      const c = customer(type);
      const workflowId = caseWorkflowId(GSRN, c);
      const caseId = `${GSRN}-${c}-INV-1`;
      // A case of this version, open (as one started before a newer version became CASE_WORKFLOW_TYPE).
      // Due in 5 days: its first wait is shorter than the 30-day horizon at which version 1 drains
      // into version 2 (workflows/case/workflow.ts, PATCH_DRAIN_TO_V2), so it stays a version 1 run.
      const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
      const input = { ...request(c, 'INV-1'), caseId };
      input.invoices = input.invoices.map((i) => ({ ...i, dueDate: soon }));
      const run = await client.workflow.start(type, { workflowId, taskQueue, args: [input] });
      const joined = await startCase(client, request(c, 'INV-2'), { taskQueue });
      expect(joined, type).toEqual({ status: 'joined', workflowId, runId: run.firstExecutionRunId, caseId });
      const read = await readCase(client, workflowId);
      expect(read.view.invoices.map((i) => i.invoiceId), type).toEqual(['INV-1', 'INV-2']);
      expect((await client.workflow.getHandle(workflowId).describe()).type).toBe(type);
      runs.push({ type, workflowId });
    }
    await expect
      .poll(async () => {
        const listed = new Set((await listCases(client, { limit: 1000 })).cases.map((c) => c.id));
        return runs.filter((r) => listed.has(r.workflowId)).map((r) => r.type);
      }, { timeout: 20_000 })
      .toEqual([...CASE_WORKFLOW_TYPES]);
  });

  it('an imported history never joins an open case', async () => {
    const c = customer('imported');
    const open = await startCase(client, request(c, 'INV-1'), { taskQueue });
    const imported: StartCaseRequest = {
      ...request(c, 'INV-9'),
      imported: { nextStep: 'reminder2', letters: [{ kind: 'reminder1', sentDate: '2027-06-17', receivedDate: '2027-06-17', channel: 'digital' }], source: 'test row 1' },
    };
    await expect(startCase(client, imported, { taskQueue })).rejects.toBeInstanceOf(ImportedCaseConflictError);
    const view = await client.workflow.getHandle(open.workflowId).query(caseViewQuery);
    expect(view.invoices.map((i) => i.invoiceId)).toEqual(['INV-1']);
    expect(view.timeline.filter((t) => t.cause.type === 'event')).toEqual([]);
    // The same invoice imported again: its open case.
    expect(await startCase(client, { ...imported, invoices: request(c, 'INV-1').invoices }, { taskQueue })).toEqual({ ...open, status: 'existing-open' });
  });
});

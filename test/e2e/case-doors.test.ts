/**
 * The case as the doors use it, on the dev server (updates must be tested there: waiting on an
 * update's result does not advance time on the time-skipping server): starting is idempotent per
 * invoice, a further invoice joins the open case, and every event is answered applied, duplicate or
 * rejected by the update handler — which records it in the timeline.
 */
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverEvent, startCase, type StartCaseRequest } from '../../client/cases.js';
import { caseViewQuery, caseWorkflowId, eventOutcomeQuery } from '../../workflows/case/definitions.js';
import {
  CASE_KIND,
  CUSTOMER_CLASS,
  METERING_POINT_ID,
  METER_KIND,
  NEEDS_ATTENTION,
  STAGE,
} from '../../workflows/search-attributes.js';
import { startDevWorker, type DevWorker } from '../support/worker.js';

let dev: DevWorker;
let client: Client;
let taskQueue: string;

beforeAll(async () => {
  dev = await startDevWorker({ prefix: 'case-doors' });
  ({ client, taskQueue } = dev);
});

afterAll(async () => {
  await dev?.stop();
});

/** A fresh metering point per test (the simulated DataHub knows 571313100000000017 as physical). */
function request(customerId: string, invoiceId: string, amountOre = 150_000): StartCaseRequest {
  return {
    customerId,
    meteringPointId: '571313100000000017',
    meterKind: 'physical',
    invoices: [{ invoiceId, amountOre, dueDate: '2027-06-14' }],
    customerClass: 'household',
  };
}

describe('starting a case (billing API, CLI, import)', () => {
  it('is idempotent per invoice, and a further invoice joins the open case', async () => {
    const customer = `C-doors-${Date.now()}`;
    const first = await startCase(client, request(customer, 'INV-A'), { taskQueue });
    expect(first.status).toBe('started');
    expect(first.workflowId).toBe(caseWorkflowId('571313100000000017', customer));

    const again = await startCase(client, request(customer, 'INV-A'), { taskQueue });
    expect(again).toEqual({ ...first, status: 'existing-open' });

    const joined = await startCase(client, request(customer, 'INV-B', 50_000), { taskQueue });
    expect(joined.status).toBe('joined');
    const view = await client.workflow.getHandle(first.workflowId).query(caseViewQuery);
    expect(view.invoices.map((i) => i.invoiceId)).toEqual(['INV-A', 'INV-B']);
    expect(view.amountDueOre).toBe(200_000);
  });

  it('returns a closed case for its invoice, and starts a new one for a new invoice', async () => {
    const customer = `C-closed-${Date.now()}`;
    const first = await startCase(client, request(customer, 'INV-1'), { taskQueue });
    const handle = client.workflow.getHandle(first.workflowId);
    // Paid in full before any letter: the case closes (RULES 2 table).
    const paid = await deliverEvent(handle, { messageId: 'pay-1', actor: 'billing', type: 'paymentReceived', amountOre: 150_000 });
    expect(paid).toMatchObject({ outcome: 'applied' });
    const closed = await handle.result();
    expect(closed.closed?.reason).toBe('paid');

    const same = await startCase(client, request(customer, 'INV-1'), { taskQueue });
    expect(same).toMatchObject({ status: 'existing-closed', runId: first.runId, caseId: first.caseId });

    const next = await startCase(client, request(customer, 'INV-2'), { taskQueue });
    expect(next.status).toBe('started');
    expect(next.runId).not.toBe(first.runId);
    expect(next.caseId).not.toBe(first.caseId);
  });
});

describe('what an operator sees in the Web UI', () => {
  it('has typed search attributes, a summary and current details, without personal data', async () => {
    const customer = `C-ui-${Date.now()}`;
    const started = await startCase(client, request(customer, 'INV-UI'), { taskQueue });
    const handle = client.workflow.getHandle(started.workflowId);
    // The workflow sets its search attributes itself (the start sets none): they show once it has run.
    const attributes = async () => {
      const attrs = (await handle.describe()).typedSearchAttributes;
      return {
        stage: attrs.get(STAGE),
        customerClass: attrs.get(CUSTOMER_CLASS),
        caseKind: attrs.get(CASE_KIND),
        meterKind: attrs.get(METER_KIND),
        meteringPointId: attrs.get(METERING_POINT_ID),
        needsAttention: attrs.get(NEEDS_ATTENTION),
      };
    };
    await expect.poll(attributes, { timeout: 20_000 }).toEqual({
      stage: 'opened',
      customerClass: 'household',
      caseKind: 'unpaid-invoice',
      meterKind: 'physical',
      meteringPointId: '571313100000000017',
      needsAttention: false,
    });
    const description = await handle.describe();
    expect(await description.staticSummary()).toBe('Unpaid-invoice case (household)');
    // The metadata query the Web UI reads for "current details".
    const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    // due 14 Jun 2027 + 3 days = Thu 17 Jun 2027
    expect(metadata.currentDetails).toBe('stage: opened · due 1500.00 kr · next: reminder1 on 2027-06-17');
    // Visible to an operator's filter.
    const listed = client.workflow.list({ query: `AfbrydStage = 'opened' AND AfbrydMeteringPointId = '571313100000000017' AND WorkflowId = '${started.workflowId}'` });
    await expect.poll(async () => {
      const ids: string[] = [];
      for await (const w of listed) ids.push(w.workflowId);
      return ids;
    }, { timeout: 20_000 }).toEqual([started.workflowId]);
  });
});

describe('events through the update', () => {
  it('answers applied, duplicate and rejected, and records each', async () => {
    const customer = `C-events-${Date.now()}`;
    const started = await startCase(client, request(customer, 'INV-E'), { taskQueue });
    const handle = client.workflow.getHandle(started.workflowId);

    const partial = await deliverEvent(handle, { messageId: 'm-1', actor: 'billing', type: 'paymentReceived', amountOre: 50_000 });
    expect(partial).toMatchObject({ messageId: 'm-1', outcome: 'applied', stage: 'opened' });
    expect(partial.reason).toContain('1000.00 kr still due');

    const duplicate = await deliverEvent(handle, { messageId: 'm-1', actor: 'billing', type: 'paymentReceived', amountOre: 50_000 });
    expect(duplicate).toMatchObject({ messageId: 'm-1', outcome: 'duplicate' });

    const outOfPlace = await deliverEvent(handle, { messageId: 'dh-9', actor: 'datahub', type: 'reopened', date: '2027-06-20' });
    expect(outOfPlace).toMatchObject({ outcome: 'rejected', reason: 'a reopening was reported, but none was requested' });

    const view = await handle.query(caseViewQuery);
    expect(view.amountDueOre).toBe(100_000);
    // The caller heard the refusal: no attention reason (issue 14); the timeline keeps it.
    expect(view.needsAttention).toBe(false);
    expect(view.attention ?? []).toEqual([]);
    const lines = view.timeline.map((t) => t.what);
    expect(lines[0]).toBe('case opened');
    // The settings line may come before or after the events, depending on when they arrived.
    expect(lines.filter((l) => !l.startsWith('settings '))).toEqual([
      'case opened',
      'partial payment of 500.00 kr; 1000.00 kr still due',
      'message rejected: reopened: a reopening was reported, but none was requested',
    ]);
    expect(await handle.query(eventOutcomeQuery, 'm-1')).toMatchObject({ outcome: 'applied' });
    expect(await handle.query(eventOutcomeQuery, 'never-sent')).toBeNull();
  });

  it('refuses a malformed event in the validator: nothing is recorded', async () => {
    const customer = `C-bad-${Date.now()}`;
    const started = await startCase(client, request(customer, 'INV-X'), { taskQueue });
    const handle = client.workflow.getHandle(started.workflowId);
    const failure = await deliverEvent(handle, { messageId: '', type: 'paymentReceived', amountOre: 1 } as never).then(
      () => undefined,
      (err: Error & { cause?: Error }) => err,
    );
    expect(failure?.name).toBe('WorkflowUpdateFailedError');
    expect(failure?.cause?.message).toBe('an event needs a messageId (1–200 characters)');
    const view = await handle.query(caseViewQuery);
    expect(view.timeline.map((t) => t.what).filter((l) => !l.startsWith('settings '))).toEqual(['case opened']);
  });
});

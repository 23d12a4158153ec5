/**
 * Master data at the billing API (issue 16 item 8), against the shared dev server and an in-process
 * worker: billing's `POST /cases` may carry the point's master data; an operator supplies it with
 * `POST /master-data`, which a waiting case picks up at once; a case whose workflow FAILED answers
 * `existing-failed` (never `existing-closed`), and the version 1 cases that failed for want of master
 * data are listed by `GET /cases/failed`, and go on when reset to their first workflow task once their
 * master data is there. A requested disconnection waits for master data too (release
 * 0.6.9) and is told by the same door.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCase } from '../../client/cases.js';
import { caseViewQuery, caseWorkflowId } from '../../workflows/case/definitions.js';
import { requestedDisconnectionViewQuery } from '../../workflows/requested-disconnection/definitions.js';
import { asBilling, asOperator, eventuallyPasses as eventually, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ worker: true, prefix: 'api-master-data' });
});
afterAll(async () => {
  await h?.close();
});

/** A GSRN nobody knows (neither the store nor the in-memory DataHub). */
const unknownPoint = () => `5713131${String(Date.now()).slice(-7)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

const body = (customerId: string, meteringPointId: string, invoiceId: string) => ({
  customerId,
  meteringPointId,
  invoices: [{ invoiceId, amountOre: 150_000, dueDate: '2027-06-14' }],
  customerClass: 'household',
});

describe('master data at the doors', () => {
  it("billing's POST /cases may carry the point's master data: stored (source billing) before the case starts, which plans with it", async () => {
    const gsrn = unknownPoint();
    const customer = freshCustomer('md-billing');
    const r = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: asBilling,
      payload: { ...body(customer, gsrn, 'INV-MD1'), masterData: { gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'remote' } },
    });
    expect(r.statusCode).toBe(201);
    expect(await h.deps!.evidence.readMasterData(gsrn)).toMatchObject({ source: 'billing', sourceRef: 'billing', disconnectionMethod: 'remote' });
    const handle = h.client.workflow.getHandle(r.json().id);
    await eventually(async () => expect((await handle.query(caseViewQuery)).meterKind).toBe('remote'));
    // Not hourly-settled and no disconnection method: refused at the door (422), nothing stored or started.
    const bad = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: { ...body(freshCustomer('md-bad'), unknownPoint(), 'INV-MD2'), masterData: { gridCompanyGln: '5790000000005', hourlySettled: false } } });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json().issues)).toContain('disconnectionMethod');
  });

  it('an operator supplies master data with POST /master-data: stored (source operator) and the waiting case told; it goes on at once', async () => {
    const gsrn = unknownPoint();
    const customer = freshCustomer('md-op');
    const started = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, gsrn, 'INV-MD3') });
    expect(started.statusCode).toBe(201);
    const handle = h.client.workflow.getHandle(started.json().id);
    await eventually(async () => expect((await handle.query(caseViewQuery)).attention?.map((a) => a.code)).toEqual(['master-data-missing']));
    const supplied = await eventually(async () => {
      const r = await h.app.inject({
        method: 'POST',
        url: '/master-data',
        headers: asOperator,
        payload: { meteringPointId: gsrn, facts: { gridCompanyGln: '5790000000012', hourlySettled: true } },
      });
      expect(r.statusCode).toBe(200);
      // Visibility may lag behind the case's upsert of its metering point: ask again until it is told.
      expect(r.json().nudged).toEqual([caseWorkflowId(gsrn, customer)]);
      return r.json();
    });
    expect(supplied).toMatchObject({ meteringPointId: gsrn, stored: true });
    expect(await h.deps!.evidence.readMasterData(gsrn)).toMatchObject({ source: 'operator', sourceRef: 'operator:jens', hourlySettled: true });
    await eventually(async () => {
      const view = await handle.query(caseViewQuery);
      expect(view.meterKind).toBe('hourly');
      expect(view.attention ?? []).toEqual([]);
    });
    const invalid = await h.app.inject({ method: 'POST', url: '/master-data', headers: asOperator, payload: { meteringPointId: 'x', facts: { gridCompanyGln: '1', hourlySettled: 'no' } } });
    expect(invalid.statusCode).toBe(422);
  });

  it('a case whose workflow failed answers existing-failed, never existing-closed; GET /cases/failed lists the version 1 cases that failed for want of master data', async () => {
    const gsrn = unknownPoint();
    const customer = freshCustomer('md-v1');
    // A version 1 case, "from before the switch": it fails on the unknown metering point.
    const v1 = await startCase(h.client, { ...body(customer, gsrn, 'INV-MD4'), customerClass: 'household' as const }, { taskQueue: h.taskQueue, workflowType: 'caseWorkflow' });
    await h.client.workflow.getHandle(v1.workflowId).result().catch(() => undefined);
    expect((await h.client.workflow.getHandle(v1.workflowId).describe()).status.name).toBe('FAILED');

    const again = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, gsrn, 'INV-MD4') });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'existing-failed', id: v1.workflowId, runId: v1.runId, ended: { status: 'FAILED', failureType: 'UnknownMeteringPoint' } });

    await eventually(async () => {
      const r = await h.app.inject({ method: 'GET', url: '/cases/failed?failureType=UnknownMeteringPoint&limit=1000', headers: asOperator });
      expect(r.statusCode).toBe(200);
      expect(r.json().cases).toEqual(expect.arrayContaining([expect.objectContaining({ workflowId: v1.workflowId, workflowType: 'caseWorkflow', meteringPointId: gsrn, failureType: 'UnknownMeteringPoint' })]));
    });

    // What the listing says to do: supply the master data, then run the case again from its first workflow task.
    const listed = (await h.app.inject({ method: 'GET', url: '/cases/failed?failureType=UnknownMeteringPoint&limit=1000', headers: asOperator })).json().cases.find((c: { workflowId: string }) => c.workflowId === v1.workflowId);
    expect(listed.next).toContain(`temporal workflow reset --workflow-id ${v1.workflowId} --run-id ${v1.runId} --type FirstWorkflowTask`);
    const supplied = await h.app.inject({ method: 'POST', url: '/master-data', headers: asOperator, payload: { meteringPointId: gsrn, facts: { gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'physical' } } });
    expect(supplied.statusCode).toBe(200);
    const history = await h.client.workflow.getHandle(v1.workflowId, v1.runId).fetchHistory();
    const firstTask = (history.events ?? []).find((e) => Number(e.eventType) === 7 /* WorkflowTaskCompleted */)!;
    const reset = await h.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: v1.workflowId, runId: v1.runId },
      reason: 'master data supplied',
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: `reset-${v1.runId}`,
    });
    const resumed = h.client.workflow.getHandle(v1.workflowId, reset.runId!);
    await eventually(async () => expect((await resumed.query(caseViewQuery)).meterKind).toBe('physical'));
    // It goes on (a wait that long drains version 1 into version 2: continued as new, same workflow id).
    const latest = h.client.workflow.getHandle(v1.workflowId);
    await eventually(async () => expect((await latest.describe()).status.name).toBe('RUNNING'));
    await latest.terminate('test done');
  });

  it('a requested disconnection without master data waits (release 0.6.9): POST /master-data tells it too, and it goes on and sends its request', async () => {
    const gsrn = unknownPoint();
    const requestId = freshCustomer('REQ-MDW');
    const wantedDate = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const payload = { requestId, meteringPointId: gsrn, customerId: 'C-2001', requesterRole: 'customer', ownerId: 'O-4001', ownerConsentId: 'CONSENT-9', customerClass: 'business', wantedDate };
    const first = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload });
    expect(first.statusCode).toBe(201);
    const id = first.json().id as string;
    const handle = h.client.workflow.getHandle(id);
    await eventually(async () => expect((await handle.query(requestedDisconnectionViewQuery)).attention?.map((a) => a.code)).toEqual(['master-data-missing']));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await eventually(async () => {
      const r = await h.app.inject({ method: 'POST', url: '/master-data', headers: asOperator, payload: { meteringPointId: gsrn, facts: { gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'remote' } } });
      expect(r.statusCode).toBe(200);
      expect(r.json().nudged).toEqual([id]);
    });
    await eventually(async () => {
      const view = await handle.query(requestedDisconnectionViewQuery);
      expect(view.meterKind).toBe('remote');
      expect(view.attention ?? []).toEqual([]);
      expect(view.stage).toBe('disconnection-requested');
    });
    await handle.terminate('test done');
  });

  it('a requested disconnection whose workflow ended without completing (terminated while it waited for master data) answers existing-failed, never existing-closed', async () => {
    const gsrn = unknownPoint();
    const requestId = freshCustomer('REQ-MD');
    const wantedDate = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const payload = { requestId, meteringPointId: gsrn, customerId: 'C-2001', requesterRole: 'customer', ownerId: 'O-4001', ownerConsentId: 'CONSENT-9', customerClass: 'business', wantedDate };
    const first = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload });
    expect(first.statusCode).toBe(201);
    const id = first.json().id as string;
    const handle = h.client.workflow.getHandle(id);
    // Since release 0.6.9 it no longer fails on the unknown metering point: it waits, and an operator ends it.
    await eventually(async () => expect((await handle.query(requestedDisconnectionViewQuery)).attention?.map((a) => a.code)).toEqual(['master-data-missing']));
    await handle.terminate('opened in error');
    const again = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'existing-failed', id, ended: { status: 'TERMINATED' } });
  });
});

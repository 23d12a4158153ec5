/**
 * Owner-liability cases and requested disconnections started before release 0.6.9 FAILED on a metering
 * point without master data (`UnknownMeteringPoint`) instead of waiting for it (issue 16 item 8, the
 * last item): they are found and listed for an operator like the version 1 unpaid-invoice cases —
 * `GET /cases/failed`, `afbryd cases failed` and the worklist's `failed` list — with their workflow
 * type, their metering point and what the operator does next; starting them again answers
 * `existing-failed`, never `existing-closed`; and what the listing tells the operator to do (supply the
 * master data, reset the run to its first workflow task) makes the case go on.
 *
 * The runs are made by a worker of release 0.6.8 (test/support/release-pin.ts: afbryd's bundle with the
 * release table before 0.6.9), on the shared dev server, so their histories are those such a worker wrote.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main, type CliIo } from '../../client/cli/main.js';
import { worklist } from '../../client/worklist.js';
import { ownerLiabilityViewQuery } from '../../workflows/owner-liability/definitions.js';
import { requestedDisconnectionViewQuery } from '../../workflows/requested-disconnection/definitions.js';
import { workflowBundleBefore } from '../support/release-pin.js';
import { asBilling, asOperator, eventuallyPasses, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

/** The history event types read here (temporal.api.enums.v1.EventType). */
const EventType = { workflowTaskCompleted: 7, marker: 25 } as const;

/** Up to 30 s: runs of an older release's bundle start on a busy machine too. */
const eventually = <T>(probe: () => Promise<T>): Promise<T> => eventuallyPasses(probe, 30_000);

let h: ApiHarness;
const savedAddress = process.env.TEMPORAL_ADDRESS;
beforeAll(async () => {
  h = await startApiHarness({ worker: true, prefix: 'api-failed-0.6.8', workflowBundle: await workflowBundleBefore('0.6.9') });
  process.env.TEMPORAL_ADDRESS = inject('devServerAddress');
}, 120_000);
afterAll(async () => {
  await h?.close();
  if (savedAddress === undefined) delete process.env.TEMPORAL_ADDRESS;
  else process.env.TEMPORAL_ADDRESS = savedAddress;
});

/** A GSRN nobody knows (neither the store nor the in-memory DataHub). */
const unknownPoint = () => `5713131${String(Date.now()).slice(-7)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

/** The patch ids of a run's markers (its release). */
async function releaseMarkers(workflowId: string, runId: string): Promise<string[]> {
  const history = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => Number(e.eventType) === EventType.marker && e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => {
      const payload = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return (JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8')) as { id: string }).id;
    });
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`) };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('owner-liability and requested-disconnection runs of release 0.6.8 that failed for want of master data', () => {
  it('are listed by GET /cases/failed, afbryd cases failed and the failed worklist, and answer existing-failed when started again; the recovery they name makes the case go on', async () => {
    // An owner-liability case and a requested disconnection on points afbryd has no master data for.
    const ownerPoint = unknownPoint();
    const owner = freshCustomer('owner-md');
    // Known to the registry, so that the owner's letter goes once the case goes on (below).
    h.deps!.customers.add(owner, { name: 'Ejer Eksempel (fiktiv)', address: ['Ejervej 1', '9999 Eksempelby'], digitalPostId: `dp-${owner}` });
    const ownerBody = { meteringPointId: ownerPoint, ownerId: owner, terminatedAgreementId: 'AGR-MD1', agreementEnd: '2027-12-31' };
    const ownerStart = await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: ownerBody });
    expect(ownerStart.statusCode).toBe(201);
    const ownerRun = ownerStart.json() as { id: string; runId: string };

    const requestPoint = unknownPoint();
    const wantedDate = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const requestBody = { requestId: freshCustomer('REQ-MD'), meteringPointId: requestPoint, customerId: 'C-2001', requesterRole: 'owner', customerClass: 'business', wantedDate };
    const requestStart = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: requestBody });
    expect(requestStart.statusCode).toBe(201);
    const requestRun = requestStart.json() as { id: string; runId: string };

    // Both fail as a run of 0.6.8 did: on the lookup, UnknownMeteringPoint.
    for (const run of [ownerRun, requestRun]) {
      const handle = h.client.workflow.getHandle(run.id, run.runId);
      await handle.result().catch(() => undefined);
      expect((await handle.describe()).status.name).toBe('FAILED');
    }
    expect(await releaseMarkers(ownerRun.id, ownerRun.runId)).toEqual(['ownerLiabilityWorkflow-release-0.6.5']);
    expect(await releaseMarkers(requestRun.id, requestRun.runId)).toEqual(['requestedDisconnectionWorkflow-release-0.6.5']);

    // Started again: what really happened, never existing-closed.
    const ownerAgain = await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: ownerBody });
    expect(ownerAgain.statusCode).toBe(200);
    expect(ownerAgain.json()).toMatchObject({ status: 'existing-failed', id: ownerRun.id, runId: ownerRun.runId, ended: { status: 'FAILED', failureType: 'UnknownMeteringPoint' } });
    const requestAgain = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: requestBody });
    expect(requestAgain.statusCode).toBe(200);
    expect(requestAgain.json()).toMatchObject({ status: 'existing-failed', id: requestRun.id, runId: requestRun.runId, ended: { status: 'FAILED', failureType: 'UnknownMeteringPoint' } });

    // GET /cases/failed: both, with their type, metering point and what to do next.
    const listed = await eventually(async () => {
      const r = await h.app.inject({ method: 'GET', url: '/cases/failed?failureType=UnknownMeteringPoint&limit=1000', headers: asOperator });
      expect(r.statusCode).toBe(200);
      const cases = (r.json() as { cases: { workflowId: string }[] }).cases;
      const ours = [ownerRun.id, requestRun.id].map((id) => cases.find((c) => c.workflowId === id));
      expect(ours).toEqual([
        expect.objectContaining({ runId: ownerRun.runId, workflowType: 'ownerLiabilityWorkflow', meteringPointId: ownerPoint, failureType: 'UnknownMeteringPoint' }),
        expect.objectContaining({ runId: requestRun.runId, workflowType: 'requestedDisconnectionWorkflow', meteringPointId: requestPoint, failureType: 'UnknownMeteringPoint' }),
      ]);
      return ours as { workflowId: string; runId: string; next: string }[];
    });
    for (const c of listed) {
      expect(c.next).toContain(`afbryd masterdata set ${c.workflowId === ownerRun.id ? ownerPoint : requestPoint}`);
      expect(c.next).toContain(`temporal workflow reset --workflow-id ${c.workflowId} --run-id ${c.runId} --type FirstWorkflowTask`);
    }

    // afbryd cases failed: the same, as a table naming the workflow type and the metering point.
    const table = await cli('cases', 'failed', '--failure-type', 'UnknownMeteringPoint', '--limit', '1000');
    expect(table.err).toBe('');
    expect(table.code).toBe(0);
    const line = (id: string) => table.out.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line(ownerRun.id)).toMatch(new RegExp(`ownerLiabilityWorkflow +${ownerPoint} +UnknownMeteringPoint`));
    expect(line(requestRun.id)).toMatch(new RegExp(`requestedDisconnectionWorkflow +${requestPoint} +UnknownMeteringPoint`));
    expect(table.out).toContain(`${ownerRun.id}: ${listed[0]!.next}`);

    // The worklist's failed list (this deployment's task queue): both, with the same recovery in Danish.
    const failed = await eventually(async () => {
      const w = await worklist(h.client, 'failed', { today: '2027-01-04', taskQueue: h.taskQueue });
      expect(w.rows.map((r) => r.id).sort()).toEqual([ownerRun.id, requestRun.id].sort());
      return w;
    });
    const ownerRow = failed.rows.find((r) => r.id === ownerRun.id)!;
    expect(ownerRow).toMatchObject({ workflowType: 'ownerLiabilityWorkflow', meteringPointId: ownerPoint, status: 'FAILED' });
    expect(ownerRow.recovery).toContain('stamdata');
    expect(ownerRow.recovery).toContain(`temporal workflow reset --workflow-id ${ownerRun.id} --run-id ${ownerRun.runId} --type FirstWorkflowTask`);

    // What the listing says: supply the master data, reset to the first workflow task — the case goes on.
    const supplied = await h.app.inject({ method: 'POST', url: '/master-data', headers: asOperator, payload: { meteringPointId: ownerPoint, facts: { gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'physical' } } });
    expect(supplied.statusCode).toBe(200);
    const history = await h.client.workflow.getHandle(ownerRun.id, ownerRun.runId).fetchHistory();
    const firstTask = (history.events ?? []).find((e) => Number(e.eventType) === EventType.workflowTaskCompleted)!;
    const reset = await h.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: ownerRun.id, runId: ownerRun.runId },
      reason: 'master data supplied',
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: `reset-${ownerRun.runId}`,
    });
    const again = h.client.workflow.getHandle(ownerRun.id, reset.runId!);
    await eventually(async () => expect((await again.query(ownerLiabilityViewQuery)).meterKind).toBe('physical'));
    expect((await again.describe()).status.name).toBe('RUNNING');
    await again.terminate('test done');
    // The requested disconnection is left failed; its view still answers (a closed run replays).
    expect((await h.client.workflow.getHandle(requestRun.id, requestRun.runId).query(requestedDisconnectionViewQuery)).meteringPointId).toBe(requestPoint);
  }, 120_000);
});

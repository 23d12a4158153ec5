/**
 * A household case from reminder 1 to reopening with its DataHub traffic over the B2B interface: the
 * worker's DataHub port is the adapter, pointed at the simulator, whose clock follows the
 * time-skipping server's; DataHub's answers reach the case through the poller. The simulator checks
 * the case's cut-off against its own rule (≥ 3 working days, E17) — it accepts it — and plays the
 * grid: disconnection on the first disconnection day of the window, the report, the reopening.
 *
 * Dates (RULES 2 worked example moved to 2027, as in test/workflows/case/household.test.ts): due Mon
 * 13 Sep 2027 → request Thu 4 Nov 2027, cut-off Tue 9 Nov (5, 8, 9 Nov); window d6: 9, 10, 11, 12,
 * 15, 16 Nov — the first household disconnection day is Tue 9 Nov.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DataHubPort } from '../../activities/datahub.js';
import { DataHubPoller } from '../../client/datahub-poller.js';
import { registerSearchAttributes } from '../../client/temporal.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { stepTimeOf } from '../../rules/index.js';
import { sleepUntil as sleepUntilOn } from '../support/time-skipping.js';
import { DEFAULT_METERING_POINTS } from '../../simulators/datahub-server/fixtures.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { createAfbrydWorker } from '../../worker/worker.js';
import { caseEventSignal, caseViewQuery, type CaseView, type Stage } from '../../workflows/case/definitions.js';
import { serverClock } from '../support/server-clock.js';
import { startTimeSkippingEnv } from '../support/servers.js';
import { uniqueTaskQueue, workflowBundle } from '../support/worker.js';
import { POINT, SUPPLIER_GLN, TOKEN, dk, portOn, simClient } from './support.js';

let env: TestWorkflowEnvironment;
let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;
let worker: Worker;
let running: Promise<void>;
let dataDir: string;
const taskQueue = uniqueTaskQueue('case-b2b');

beforeAll(async () => {
  sim = await startDataHubSimulator({
    port: 0,
    clock: { mode: 'manual', now: dk('2027-01-01', '00:00') },
    behaviour: { refusalRate: 0, disconnectOn: 'first', reportOn: 'same-day', reportTime: '12:00', answerDelayMinutes: 1 },
  });
  s = simClient(sim.url);
  env = await startTimeSkippingEnv();
  await registerSearchAttributes(env.connection, 'default');
  const adapter = portOn(sim.url);
  // The simulated DataHub lives on the test server's (skipped) time.
  const datahub: DataHubPort = {
    send: async (message) => {
      await s.clock(serverClock().toISOString());
      return adapter.send(message);
    },
  };
  // Master data comes from the store (the poller fills it from RSM-022; test/datahub/master-data.test.ts).
  const deps = createSimulatedDeps({ settings: resolveCaseSettings(), now: serverClock });
  for (const p of DEFAULT_METERING_POINTS) {
    await deps.evidence.upsertMasterData({
      meteringPointId: p.meteringPointId,
      gridCompanyGln: p.gridCompanyGln,
      hourlySettled: p.meterKind === 'hourly',
      ...(p.meterKind === 'hourly' ? {} : { disconnectionMethod: p.meterKind }),
      validFrom: '2026-01-01T00:00:00Z',
      source: 'rsm-022',
    });
  }
  worker = await createAfbrydWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: workflowBundle(),
    activityDeps: { ...deps, datahub },
  });
  running = worker.run();
  dataDir = mkdtempSync(join(tmpdir(), 'afbryd-case-b2b-'));
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sleepUntil = (date: string, time: string) => sleepUntilOn(env, date, time);

it('runs to disconnection and reopening with every DataHub message on the B2B interface', async () => {
  const handle = await env.client.workflow.start('caseWorkflow', {
    args: [
      {
        caseId: 'b2b-1',
        customerId: 'C-1001',
        meteringPointId: POINT.physicalHousehold,
        invoices: [{ invoiceId: 'INV-B2B-1', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      },
    ],
    workflowId: 'case-b2b-1',
    taskQueue,
  });
  const untilStage = async (stage: Stage): Promise<CaseView> => {
    await expect.poll(async () => (await handle.query(caseViewQuery)).stage, { timeout: 20_000, interval: 50 }).toBe(stage);
    return handle.query(caseViewQuery);
  };
  const poller = new DataHubPoller({
    client: env.client,
    baseUrl: sim.url,
    token: TOKEN,
    supplierGln: SUPPLIER_GLN,
    unmatchedFile: join(dataDir, 'unmatched.jsonl'),
    // The time-skipping server has no visibility: the one case of this test.
    locateCase: async (meteringPointId) => (meteringPointId === POINT.physicalHousehold ? { workflowId: handle.workflowId } : undefined),
    log: () => undefined,
  });

  // The request: Thu 4 Nov 2027, at the case's own second of the step window (rules/step-time.ts).
  const { case: caseRules } = resolveCaseSettings();
  const stepTime = stepTimeOf('b2b-1', caseRules.stepWindowLocal ?? undefined, caseRules.stepTimeLocal, caseRules.stepSpread);
  await sleepUntil('2027-11-04', '12:00');
  const requested = await untilStage('disconnection-requested');
  expect(requested.meterKind).toBe('physical'); // from the simulator's master data
  expect(requested.request).toMatchObject({ kind: 'end-of-supply', cutoff: '2027-11-09', status: 'sent' });
  const [request] = await s.log();
  expect(request).toMatchObject({ documentType: 'RequestEndOfSupply', httpStatus: 202, outcome: 'accepted' });
  expect(request.at.slice(0, 16)).toBe(dk('2027-11-04', stepTime).slice(0, 16));
  expect(request.document.RequestEndOfSupply_MarketDocument.MktActivityRecord[0]['start_DateAndOrTime.dateTime']).toBe('2027-11-08T23:00:00Z');

  // The grid disconnects Tue 9 Nov at 10:00 and reports it the same day at 12:00.
  await s.advance(dk('2027-11-09', '13:00'));
  await sleepUntil('2027-11-09', '13:00');
  expect((await poller.pollOnce()).map((o) => [o.documentType, o.result])).toEqual([
    ['ConfirmRequestEndOfSupply', 'delivered'],
    ['NotifyConnectionStatus', 'delivered'],
  ]);
  const disconnected = await untilStage('disconnected');
  expect(disconnected.disconnected).toMatchObject({ date: '2027-11-09', meterReading: { unit: 'kWh' } });
  expect(disconnected.request?.processId).toMatch(/^[0-9a-f-]{36}$/);

  // Paid and a new agreement (Wed 10 Nov 09:30): start of supply (BRS-009), then reopening (D03) before 11:00.
  await sleepUntil('2027-11-10', '09:30');
  await handle.signal(caseEventSignal, { messageId: 'pay-1', actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
  await handle.signal(caseEventSignal, {
    messageId: 'agr-1',
    actor: 'billing',
    type: 'supplyAgreementSigned',
    validatedWith: 'mitid',
    effectiveFrom: '2027-11-10',
  });
  await untilStage('reopening');
  await s.advance(dk('2027-11-10', '16:00'));
  expect((await poller.pollOnce()).map((o) => [o.documentType, o.result])).toEqual([
    ['ConfirmRequestChangeOfSupplier', 'kept'], // informational, for the operator file
    ['ConfirmRequestService', 'kept'], // the D03 confirmation: informational
    ['NotifyConnectionStatus', 'delivered'], // E22: reopened
  ]);
  expect(await handle.result()).toMatchObject({ stage: 'closed', closed: { reason: 'reopened' }, archived: true });
  const closed = await handle.query(caseViewQuery);
  expect(closed.closed?.reason).toBe('reopened');
  expect(closed.timeline.map((t: { what: string }) => t.what)).toEqual(
    expect.arrayContaining(['DataHub confirmed the request', 'disconnected on 2027-11-09', 'reopened on 2027-11-10']),
  );

  // Every message the case sent was accepted by the simulator's own validation.
  expect((await s.log()).map((e) => [e.documentType, e.httpStatus])).toEqual([
    ['RequestEndOfSupply', 202],
    ['RequestChangeOfSupplier', 202],
    ['RequestService', 202],
  ]);
  const point = await s.point(POINT.physicalHousehold);
  expect(point.history.map((h: { at: string; state: string }) => [h.state, h.at.slice(0, 16)])).toEqual([
    ['E23', dk('2027-11-09', '10:00').slice(0, 16)],
    ['E22', dk('2027-11-10', '10:00').slice(0, 16)], // requested 09:30 (before 11:00), + 30 minutes
  ]);
  expect(readFileSync(join(dataDir, 'unmatched.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
});

/**
 * The DataHub doors end to end on the shared dev server: afbryd's worker (in-process, its DataHub port
 * the B2B adapter pointed at an in-process simulator), a case started as billing starts it, and the
 * inbound poller — as its own process, SIGKILLed between delivering a message and dequeuing it, and
 * in-process. Cases run on real time here, so a case is started with its first step already due
 * (invoice due 60 days ago: reminder 1 at once) and DataHub's messages are put into the simulator's
 * queue through its admin endpoint rather than waited for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { B2BDataHubPort } from '../../activities/datahub-b2b.js';
import { deliverEvent, startCase } from '../../client/cases.js';
import { DataHubPoller, type KeptMessage } from '../../client/datahub-poller.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { openEvidenceStore } from '../../evidence/open.js';
import { addDays, copenhagenLocalTime } from '../../rules/index.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { caseViewQuery, eventOutcomeQuery, type CaseView } from '../../workflows/case/definitions.js';
import { SUPPLIER_GLN, TOKEN, simClient } from '../datahub/support.js';
import { ROOT } from '../support/servers.js';
import { startDevWorker, type DevWorker } from '../support/worker.js';

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;
let dev: DevWorker;
let client: Client;
let taskQueue: string;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = await startDataHubSimulator({ port: 0, tickMs: 200, behaviour: { refusalRate: 0, answerDelayMinutes: 0 } });
  s = simClient(sim.url);
  dataDir = mkdtempSync(join(tmpdir(), 'afbryd-datahub-'));
  dev = await startDevWorker({
    prefix: 'datahub-e2e',
    activityDeps: {
      ...createSimulatedDeps({ settings: resolveCaseSettings() }),
      datahub: new B2BDataHubPort({ baseUrl: sim.url, token: TOKEN, supplierGln: SUPPLIER_GLN, timeoutMs: 5000 }),
    },
  });
  ({ client, taskQueue } = dev);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await dev?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A metering point of its own for each test (other files' open cases share the seeded ones). */
async function newMeteringPoint(): Promise<string> {
  const gsrn = `5713139${String(Date.now()).slice(-7)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  await s.call('POST', '/sim/metering-points', { meteringPointId: gsrn, meterKind: 'remote', customerClass: 'household', gridCompanyGln: '5790000000005' });
  // Its master data as the billing system gives it (the poller fills the store from RSM-022 too:
  // test/datahub/master-data.test.ts); this simulator sends no RSM-022, so the queue holds only what a test puts there.
  await dev.deps.evidence!.upsertMasterData({ meteringPointId: gsrn, gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'remote', validFrom: new Date().toISOString(), source: 'billing' });
  return gsrn;
}

/** A case whose reminder 1 is due at once; its meter kind comes from the simulator's master data. */
async function caseAtReminder1(gsrn: string, customerId = 'C-1001') {
  const today = copenhagenLocalTime(Date.now()).date;
  const started = await startCase(
    client,
    {
      customerId,
      meteringPointId: gsrn,
      invoices: [{ invoiceId: `INV-${gsrn}`, amountOre: 123_400, dueDate: addDays(today, -60) }],
      customerClass: 'household',
    },
    { taskQueue },
  );
  const handle = client.workflow.getHandle(started.workflowId);
  const view = await until('reminder 1', async () => {
    const v = await handle.query(caseViewQuery);
    return v.stage === 'reminder-1' ? v : undefined;
  });
  expect(view.meterKind).toBe('remote'); // looked up in the master-data store
  return handle;
}

function poller(options: Partial<ConstructorParameters<typeof DataHubPoller>[0]> = {}): DataHubPoller {
  return new DataHubPoller({
    client,
    baseUrl: sim.url,
    token: TOKEN,
    supplierGln: SUPPLIER_GLN,
    unmatchedFile: join(dataDir, 'datahub-unmatched.jsonl'),
    visibility: { attempts: 3, delayMs: 100 },
    log: () => undefined,
    ...options,
  });
}

function kept(): KeptMessage[] {
  try {
    return readFileSync(join(dataDir, 'datahub-unmatched.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as KeptMessage);
  } catch {
    return [];
  }
}

/** `client/datahub-poller-main.ts` as its own process; resolves once it polls. */
async function startPollerProcess(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}client/datahub-poller-main.ts`], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('devServerAddress'),
      AFBRYD_DATAHUB_URL: sim.url,
      AFBRYD_DATAHUB_TOKEN: TOKEN,
      AFBRYD_SUPPLIER_GLN: SUPPLIER_GLN,
      AFBRYD_DATAHUB_POLL_INTERVAL_MS: '200',
      AFBRYD_DATA_DIR: dataDir,
      AFBRYD_EVIDENCE_URL: `file:${join(dataDir, 'evidence.sqlite')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await until('the poller to start', async () => output.includes('datahub poller started') || (child.exitCode !== null && Promise.reject(new Error(output))), 30_000);
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

const linesCausedBy = (view: CaseView, messageId: string) =>
  view.timeline.filter((t) => t.cause.type === 'event' && t.cause.messageId === messageId).map((t) => t.what);

/**
 * The worker's evidence archive records an outbound request as `sendDataHubRequest` does (the case's
 * workflow and run, its transaction id): the transaction DataHub's answers refer to.
 */
async function recordOutboundRequest(handle: { workflowId: string }): Promise<string> {
  const description = await client.workflow.getHandle(handle.workflowId).describe();
  const transactionId = randomUUID();
  await dev.deps.evidence!.recordDataHubMessage({
    direction: 'outbound',
    workflowId: handle.workflowId,
    runId: description.runId,
    caseId: (await client.workflow.getHandle(handle.workflowId).query(caseViewQuery)).caseId,
    idempotencyKey: `test:${transactionId}`,
    messageId: randomUUID(),
    transactionId,
    documentType: 'RequestEndOfSupply',
    document: { test: true },
    outcome: { status: 'accepted' },
    occurredAt: new Date().toISOString(),
  });
  return transactionId;
}

/** The client, counting the visibility queries made through it (`workflow.list`). */
function countingLists(): { client: Client; queries: string[] } {
  const queries: string[] = [];
  const workflow = Object.create(client.workflow, {
    list: { value: (options: Parameters<Client['workflow']['list']>[0]) => (queries.push(options?.query ?? ''), client.workflow.list(options)) },
  }) as Client['workflow'];
  return { client: Object.create(client, { workflow: { value: workflow } }) as Client, queries };
}

describe('the DataHub poller on the dev server', () => {
  it('a message peeked twice — the poller killed between delivering and dequeuing — is applied once', async () => {
    const gsrn = await newMeteringPoint();
    const handle = await caseAtReminder1(gsrn);
    // DataHub tells the supplier another supplier takes over (RULES 2 table: the case closes).
    const { messageId } = await s.outbound({ documentType: 'NotifyEndOfSupply', processType: 'E03', records: [{ meteringPointId: gsrn, date: '2026-12-01' }] });
    await s.behaviour({ dequeue: 'hang' }); // the dequeue never answers: the poller is killed while it waits

    const first = await startPollerProcess();
    await until('the case to record the message', () => handle.query(eventOutcomeQuery, messageId));
    await until('the dequeue attempt', async () => (await s.queue()).find((m) => m.messageId === messageId && m.dequeueAttempts > 0));
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect((await s.queue()).map((m) => m.messageId)).toContain(messageId); // not dequeued

    await s.behaviour({ dequeue: 'normal' });
    const second = await startPollerProcess();
    const done = await until('the dequeue', async () => (await s.dequeued()).find((m) => m.messageId === messageId));
    second.child.kill('SIGTERM');
    await exited(second.child);

    expect(done.peeks).toBe(2);
    const view = await handle.query(caseViewQuery);
    expect(await handle.query(eventOutcomeQuery, messageId)).toMatchObject({ outcome: 'applied' });
    expect(linesCausedBy(view, messageId)).toEqual([
      expect.stringContaining('another supplier supplies the metering point from 2026-12-01'),
      'case closed: supplier-switched',
    ]);
    expect(view.closed?.reason).toBe('supplier-switched');
    // The second poller found the closed case that had recorded it: nothing for an operator.
    expect(second.output()).toContain('"result":"already-delivered"');
    expect(kept().map((k) => k.messageId)).not.toContain(messageId);
    // The evidence archive holds the message once: the first poller recorded it before its dequeue hung.
    const evidence = await openEvidenceStore({ url: `file:${join(dataDir, 'evidence.sqlite')}` });
    const inbound = (await evidence.readCase(handle.workflowId))?.messages.filter((m) => m.messageId === messageId);
    await evidence.close();
    expect(inbound).toEqual([expect.objectContaining({ direction: 'inbound', documentType: 'NotifyEndOfSupply', outcome: { status: 'delivered' } })]);
  });

  it('the same message delivered twice to a running case is recorded once (the case dedupes by message id)', async () => {
    const gsrn = await newMeteringPoint();
    const handle = await caseAtReminder1(gsrn);
    const { messageId } = await s.outbound({
      documentType: 'NotifyConnectionStatus',
      records: [{ meteringPointId: gsrn, originalTransactionId: 'not-a-request-of-this-case', date: '2026-12-01', connectionState: 'E23' }],
    });
    await s.behaviour({ dequeue: 'fail' });
    await expect(poller().pollOnce()).rejects.toThrow(`dequeue ${messageId} answered 503`);
    await s.behaviour({ dequeue: 'normal' });
    expect(await poller().pollOnce()).toEqual([
      { messageId, documentType: 'NotifyConnectionStatus', result: 'delivered', workflowIds: [handle.workflowId], kept: [] },
    ]);

    // Both signals are in the case's history, and the case has run a workflow task after the second.
    await until('the case to process both deliveries', async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const signals = events
        .map((e, i) => ({ i, a: e.workflowExecutionSignaledEventAttributes }))
        .filter(({ a }) => a?.signalName === 'caseEvent' && JSON.parse(Buffer.from(a.input!.payloads![0]!.data!).toString()).messageId === messageId);
      return signals.length === 2 && events.slice(signals[1]!.i).some((e) => e.workflowTaskCompletedEventAttributes);
    });
    const view = await handle.query(caseViewQuery);
    // At reminder 1 no request is pending: the case records the message (rejected, flagged) — once.
    expect(await handle.query(eventOutcomeQuery, messageId)).toMatchObject({ outcome: 'rejected' });
    expect(linesCausedBy(view, messageId)).toEqual([
      'message rejected: disconnected: a disconnection was reported, but no request of this case is pending',
    ]);
    expect((await s.dequeued()).find((m) => m.messageId === messageId)).toMatchObject({ peeks: 2, dequeueAttempts: 2 });
  });

  it('an answer reaches the case that sent the transaction it refers to, found in the evidence archive: no visibility query', async () => {
    const gsrn = await newMeteringPoint();
    // Two open cases on the metering point (two customers): the metering point alone cannot tell them apart.
    const other = await caseAtReminder1(gsrn, 'C-1001');
    const handle = await caseAtReminder1(gsrn, 'C-1002');
    const transactionId = await recordOutboundRequest(handle);
    const { messageId } = await s.outbound({ documentType: 'ConfirmRequestEndOfSupply', records: [{ meteringPointId: gsrn, originalTransactionId: transactionId }] });

    const counted = countingLists();
    const outcomes = await poller({ client: counted.client, evidence: dev.deps.evidence! }).pollOnce();
    expect(outcomes).toEqual([{ messageId, documentType: 'ConfirmRequestEndOfSupply', result: 'delivered', workflowIds: [handle.workflowId], kept: [] }]);
    expect(counted.queries).toEqual([]);
    await until('the case to record the answer', () => handle.query(eventOutcomeQuery, messageId));
    expect(await other.query(eventOutcomeQuery, messageId)).toBeNull();
    expect(kept().map((k) => k.messageId)).not.toContain(messageId);
    // Recorded in the archive under the case it reached.
    const inbound = (await dev.deps.evidence!.readCase(handle.workflowId))?.messages.filter((m) => m.messageId === messageId);
    expect(inbound).toEqual([expect.objectContaining({ direction: 'inbound', outcome: { status: 'delivered' } })]);
  });

  it('answers to a closed case are kept for an operator at once, without visibility; one it had recorded is already delivered', async () => {
    const gsrn = await newMeteringPoint();
    const handle = await caseAtReminder1(gsrn);
    const transactionId = await recordOutboundRequest(handle);
    // Delivered while the case is open ...
    const { messageId: early } = await s.outbound({ documentType: 'ConfirmRequestEndOfSupply', records: [{ meteringPointId: gsrn, originalTransactionId: transactionId }] });
    await s.behaviour({ dequeue: 'fail' });
    await expect(poller({ evidence: dev.deps.evidence! }).pollOnce()).rejects.toThrow(`dequeue ${early} answered 503`);
    await s.behaviour({ dequeue: 'normal' });
    await until('the case to record the early answer', () => handle.query(eventOutcomeQuery, early));
    // ... then the case closes (paid), and DataHub's queue still holds that message and more answers.
    expect(await deliverEvent(handle, { messageId: `pay-${gsrn}`, actor: 'billing', type: 'paymentReceived', amountOre: 123_400 })).toMatchObject({ outcome: 'applied' });
    await handle.result();
    const late: string[] = [];
    for (let i = 0; i < 5; i++) {
      late.push((await s.outbound({ documentType: 'ConfirmRequestCancellation', records: [{ meteringPointId: gsrn, originalTransactionId: transactionId }] })).messageId);
    }

    // The poller's own defaults for visibility (5 attempts from 250 ms): what the chaos run measured.
    const counted = countingLists();
    const t0 = Date.now();
    const outcomes = await poller({ client: counted.client, evidence: dev.deps.evidence!, visibility: {} }).pollOnce();
    const perMessageMs = (Date.now() - t0) / outcomes.length;
    console.log(`datahub poller: ${outcomes.length} messages for a closed case in ${Date.now() - t0} ms: ${perMessageMs.toFixed(0)} ms per message`);
    expect(outcomes.map((o) => [o.messageId, o.result, o.workflowIds])).toEqual([
      [early, 'already-delivered', [handle.workflowId]],
      ...late.map((id) => [id, 'kept', []]),
    ]);
    expect(counted.queries).toEqual([]);
    expect(await s.queue()).toEqual([]);
    for (const id of late) expect(kept().find((k) => k.messageId === id)?.reasons).toEqual(['the case that sent the transaction it refers to has closed']);
    expect(kept().map((k) => k.messageId)).not.toContain(early);
    // The closed case recorded the early answer once and never heard of the late ones.
    const view = await handle.query(caseViewQuery);
    expect(view.timeline.filter((t) => t.cause.type === 'event' && t.cause.messageId === early)).toHaveLength(1);
    for (const id of late) expect(await handle.query(eventOutcomeQuery, id)).toBeNull();
  });

  it('messages that match no case are kept in the operator file, not dropped', async () => {
    const withCase = await newMeteringPoint();
    const handle = await caseAtReminder1(withCase);
    const noCase = await newMeteringPoint();
    // The grid's own disconnection of a point that has a case (SV 2.2.4): not the case's business.
    const grid = (await s.call('POST', '/sim/grid/disconnect', { meteringPointId: withCase })).json as { messageId: string };
    // An answer for a metering point without any case.
    const orphan = await s.outbound({ documentType: 'ConfirmRequestEndOfSupply', records: [{ meteringPointId: noCase, originalTransactionId: 'tx-of-nobody' }] });
    // A document the poller cannot read.
    const invalid = await s.outbound({ document: { NotifyConnectionStatus_MarketDocument: { mRID: `bad-${noCase}` } } });

    const outcomes = await poller().pollOnce();
    expect(outcomes.map((o) => [o.messageId, o.result])).toEqual([
      [grid.messageId, 'kept'],
      [orphan.messageId, 'kept'],
      [invalid.messageId, 'kept'],
    ]);
    expect(await s.queue()).toEqual([]);

    const lines = kept();
    const line = (id: string) => lines.find((k) => k.messageId === id)!;
    expect(line(grid.messageId)).toMatchObject({ documentType: 'NotifyConnectionStatus', reasons: [expect.stringContaining('SV 2.2.4')] });
    expect(line(orphan.messageId)).toMatchObject({ documentType: 'ConfirmRequestEndOfSupply', reasons: ['no open case for the metering point'] });
    expect(line(invalid.messageId)).toMatchObject({ reasons: ['invalid document'], error: expect.stringContaining('MktActivityRecord') });
    expect(line(orphan.messageId).document).toMatchObject({ ConfirmRequestEndOfSupply_MarketDocument: { mRID: orphan.messageId } });

    // The case never heard of the grid's own disconnection.
    expect(linesCausedBy(await handle.query(caseViewQuery), grid.messageId)).toEqual([]);
  });
});

/**
 * How the DataHub poller finds the case of an answer by the transaction it refers to, when the run
 * that sent it is no longer the case's current run: a case that continued as new (the case goes on in
 * its latest run), one that closed (kept, or already delivered if it recorded the message), one whose
 * workflow id now runs another case. Temporal is a stand-in here (runs, their chains and outcomes), so
 * each shape is exact; the simulator plays DataHub's queue. The dev-server paths are in
 * test/e2e/datahub-poller.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataHubPoller } from '../../client/datahub-poller.js';
import { createMemoryEvidenceStore } from '../../evidence/sqlite.js';
import type { EvidenceStore } from '../../evidence/store.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, TOKEN, simClient } from './support.js';

const WORKFLOW = `case-${POINT.physicalHousehold}-C-1001`;

/** A workflow id's runs as Temporal would answer for them: status, chain, what each recorded. */
interface Run {
  status: 'RUNNING' | 'COMPLETED' | 'CONTINUED_AS_NEW';
  firstRunId: string;
  recorded?: string[];
}

/** A stand-in Temporal client: `runs` in order of start (the last is the latest), and what was asked. */
function temporal(runs: Record<string, Run>) {
  const calls = { signalled: [] as string[], lists: 0 };
  const latest = () => Object.keys(runs).at(-1)!;
  const run = (workflowId: string, runId: string | undefined) => {
    const id = runId ?? latest();
    const r = runs[id];
    if (workflowId !== WORKFLOW || !r) throw new WorkflowNotFoundError('no such run', workflowId, id);
    return { id, r };
  };
  const client = {
    workflow: {
      getHandle: (workflowId: string, runId?: string) => ({
        workflowId,
        async signal(_def: unknown, event: { messageId: string }) {
          const { id, r } = run(workflowId, runId);
          if (r.status !== 'RUNNING') throw new WorkflowNotFoundError('workflow execution already completed', workflowId, id);
          calls.signalled.push(id);
          (r.recorded ??= []).push(event.messageId);
        },
        async describe() {
          const { id, r } = run(workflowId, runId);
          return { runId: id, status: { name: r.status }, raw: { workflowExecutionInfo: { firstRunId: r.firstRunId } } };
        },
        async query(_def: unknown, messageId: string) {
          const { r } = run(workflowId, runId);
          return r.recorded?.includes(messageId) ? { messageId, outcome: 'applied' } : null;
        },
      }),
      list() {
        calls.lists++;
        return (async function* () {})();
      },
    },
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
  } as unknown as Client;
  return { client, calls };
}

let sim: RunningDataHubSimulator;
let dir: string;
let evidence: EvidenceStore;

beforeAll(async () => {
  sim = await startDataHubSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'afbryd-poller-routing-'));
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await simClient(sim.url).reset();
  evidence = createMemoryEvidenceStore();
  // The disconnection request went out from the case's first run.
  await evidence.recordDataHubMessage({
    direction: 'outbound',
    workflowId: WORKFLOW,
    runId: 'run-1',
    caseId: 'K-1',
    idempotencyKey: 'K-1:datahub-request:0',
    messageId: 'msg-request-1',
    transactionId: 'tx-request-1',
    documentType: 'RequestEndOfSupply',
    document: {},
    outcome: { status: 'accepted' },
    occurredAt: '2027-01-04T09:00:00.000Z',
  });
});

async function answer(): Promise<string> {
  const { messageId } = await simClient(sim.url).outbound({
    documentType: 'NotifyConnectionStatus',
    records: [{ meteringPointId: POINT.physicalHousehold, originalTransactionId: 'tx-request-1', date: '2027-01-11', connectionState: 'E23' }],
  });
  return messageId;
}

function poller(client: Client): DataHubPoller {
  return new DataHubPoller({
    client,
    baseUrl: sim.url,
    token: TOKEN,
    supplierGln: SUPPLIER_GLN,
    unmatchedFile: join(dir, `unmatched-${Math.random().toString(36).slice(2)}.jsonl`),
    visibility: { attempts: 1, delayMs: 0 },
    log: () => undefined,
    evidence,
  });
}

describe('the poller routes an answer to the case that sent its transaction', () => {
  it('the sending run is running: it gets the answer, without visibility', async () => {
    const t = temporal({ 'run-1': { status: 'RUNNING', firstRunId: 'run-1' } });
    const id = await answer();
    expect(await poller(t.client).pollOnce()).toEqual([{ messageId: id, documentType: 'NotifyConnectionStatus', result: 'delivered', workflowIds: [WORKFLOW], kept: [] }]);
    expect(t.calls).toEqual({ signalled: ['run-1'], lists: 0 });
  });

  it('the sending run continued as new (twice): the case gets it in its current run', async () => {
    const t = temporal({
      'run-1': { status: 'CONTINUED_AS_NEW', firstRunId: 'run-1' },
      'run-2': { status: 'CONTINUED_AS_NEW', firstRunId: 'run-1' },
      'run-3': { status: 'RUNNING', firstRunId: 'run-1' },
    });
    const id = await answer();
    expect(await poller(t.client).pollOnce()).toMatchObject([{ messageId: id, result: 'delivered', workflowIds: [WORKFLOW] }]);
    expect(t.calls).toEqual({ signalled: ['run-3'], lists: 0 });
  });

  it('the case has closed since (in a later run): kept for an operator, unless it had recorded the message', async () => {
    const runs: Record<string, Run> = {
      'run-1': { status: 'CONTINUED_AS_NEW', firstRunId: 'run-1' },
      'run-2': { status: 'COMPLETED', firstRunId: 'run-1' },
    };
    const t = temporal(runs);
    const late = await answer();
    expect(await poller(t.client).pollOnce()).toEqual([
      { messageId: late, documentType: 'NotifyConnectionStatus', result: 'kept', workflowIds: [], kept: ['the case that sent the transaction it refers to has closed'] },
    ]);
    // Delivered before the case closed (the poller crashed before its dequeue): delivered already.
    const early = await answer();
    runs['run-2']!.recorded = [early];
    expect(await poller(t.client).pollOnce()).toMatchObject([{ messageId: early, result: 'already-delivered', workflowIds: [WORKFLOW] }]);
    expect(t.calls).toEqual({ signalled: [], lists: 0 });
  });

  it('the workflow id now runs another case: the new case is not told', async () => {
    const t = temporal({
      'run-1': { status: 'CONTINUED_AS_NEW', firstRunId: 'run-1' },
      'run-2': { status: 'COMPLETED', firstRunId: 'run-1' },
      'run-9': { status: 'RUNNING', firstRunId: 'run-9' },
    });
    const id = await answer();
    expect(await poller(t.client).pollOnce()).toMatchObject([{ messageId: id, result: 'kept', kept: ['the case that sent the transaction it refers to has closed'] }]);
    // The old case's closed runs were looked through for a recorded copy (rare: visibility).
    expect(t.calls.signalled).toEqual([]);
    expect(t.calls.lists).toBe(1);
  });

  it('an unknown transaction falls back to the metering point (visibility)', async () => {
    const t = temporal({ 'run-1': { status: 'RUNNING', firstRunId: 'run-1' } });
    const { messageId } = await simClient(sim.url).outbound({
      documentType: 'NotifyConnectionStatus',
      records: [{ meteringPointId: POINT.physicalHousehold, originalTransactionId: 'tx-of-someone-else', date: '2027-01-11', connectionState: 'E23' }],
    });
    expect(await poller(t.client).pollOnce()).toMatchObject([{ messageId, result: 'kept', kept: ['no open case for the metering point'] }]);
    expect(t.calls.signalled).toEqual([]);
    expect(t.calls.lists).toBeGreaterThan(0);
  });
});

/**
 * The contract of afbryd with DataHub 3 as Energinet's own code speaks it (issue 16): the real adapter
 * (`activities/datahub-b2b.ts`, `activities/datahub.ts`) and the real poller (`client/datahub-poller.ts`)
 * against the simulator (`simulators/datahub-server/`), which keeps its own table of the dialect. One
 * `describe` per rule of the issue; each test was seen failing against the code before its fix.
 * Temporal is a stand-in here (it records the signals the poller sends); the simulator plays DataHub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { B2BDataHubPort } from '../../activities/datahub-b2b.js';
import { DataHubPoller, type DataHubPollerOptions } from '../../client/datahub-poller.js';
import { loadDataHubConfig, loadDataHubPollerConfig } from '../../config/datahub.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, TOKEN, dk, messageFor, simClient } from './support.js';

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;
let dir: string;

beforeAll(async () => {
  sim = await startDataHubSimulator({
    port: 0,
    clock: { mode: 'manual', now: dk('2026-11-05', '10:00') },
    behaviour: { refusalRate: 0, answerDelayMinutes: 0 },
  });
  s = simClient(sim.url);
  dir = mkdtempSync(join(tmpdir(), 'afbryd-contract-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await s.reset();
});

/** A stand-in Temporal client: every case is open and takes every signal; what was signalled is kept. */
function temporal() {
  const signals: { workflowId: string; event: Record<string, unknown> }[] = [];
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        workflowId,
        async signal(_def: unknown, event: Record<string, unknown>) {
          signals.push({ workflowId, event });
        },
        async query() {
          return null;
        },
        async describe() {
          return { runId: 'run-1', status: { name: 'RUNNING' }, raw: { workflowExecutionInfo: { firstRunId: 'run-1' } } };
        },
      }),
      list: () => (async function* () {})(),
    },
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
  } as unknown as Client;
  return { client, signals };
}

/** The poller as `datahub-poller-main.ts` builds it from the configuration, on the simulator. */
function pollerFromConfig(env: Record<string, string>, extra: Partial<DataHubPollerOptions> = {}) {
  const config = loadDataHubPollerConfig({ AFBRYD_DATAHUB_URL: sim.url, AFBRYD_DATA_DIR: dir, ...env });
  const { client, signals } = temporal();
  const logs: Record<string, unknown>[] = [];
  const poller = new DataHubPoller({
    client,
    baseUrl: config.url,
    token: config.token,
    supplierGln: config.supplierGln,
    categories: config.categories,
    timeoutMs: 2000,
    unmatchedFile: join(dir, `unmatched-${Math.random().toString(36).slice(2)}.jsonl`),
    visibility: { attempts: 1, delayMs: 0 },
    locateCase: async (meteringPointId) => ({ workflowId: `case-${meteringPointId}` }),
    log: (line) => logs.push(line),
    ...extra,
  });
  return { poller, signals, logs };
}

describe('rule 1: one DataHub profile; its unconfirmed values are settings', () => {
  it('the receiver role and the cancellation process type come from the settings', async () => {
    const port = B2BDataHubPort.fromConfig(
      loadDataHubConfig({ AFBRYD_DATAHUB_URL: sim.url, AFBRYD_DATAHUB_RECEIVER_ROLE: 'DDM', AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE: 'D37' }),
    );
    await port.send(messageFor('c1:cancel', { kind: 'RequestCancellation', meteringPointId: POINT.physicalHousehold, originalTransactionId: 'tx-x' }));
    const [entry] = await s.log();
    const doc = entry.document.RequestCancellation_MarketDocument;
    expect(doc['receiver_MarketParticipant.marketRole.type']).toEqual({ value: 'DDM' });
    expect(doc['process.processType']).toEqual({ value: 'D37' });
  });

  it('the poller drains the configured categories: by default MasterData and MeasureData (acknowledgements)', async () => {
    await s.outbound({
      category: 'measuredata',
      documentType: 'RejectRequestEndOfSupply',
      records: [{ meteringPointId: POINT.physicalHousehold, reason: { code: 'E10' } }],
    });
    const { poller } = pollerFromConfig({});
    const outcomes = await poller.pollOnce();
    expect(outcomes).toHaveLength(1);
    expect(await s.queue()).toEqual([]);
  });
});

/**
 * afbryd on a real Temporal cluster (issue 18 item 2), started as `npm run cluster` starts it
 * (scripts/lib/cluster/): PostgreSQL, Temporal as separate services (history ×2 sharing 16 shards),
 * afbryd's worker ×2, API, poller and the DataHub simulator, the evidence archive on the same PostgreSQL.
 * Broken on purpose: a history process SIGKILLed while workflows wait on timers and a burst of starts
 * runs, a worker SIGKILLed, PostgreSQL restarted. Every wait is on a condition, never a sleep.
 *
 * Runs when AFBRYD_CLUSTER_TESTS=1. CI (`.ci/run`) sets it by default, after building the release
 * (without the cache about 7–10 minutes on 2 cores), in a phase of its own after the other test files;
 * `AFBRYD_CI_CLUSTER=0` leaves it out. The whole file passed ten runs in a row before it went into CI by
 * default (session 8: 10 of 10, about 95 s each).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCluster, type Cluster } from '../../scripts/lib/cluster/index.js';
import { loadClusterSettings } from '../../scripts/lib/cluster/settings.js';
import { waitFor } from '../../scripts/lib/cluster/process.js';
import { CASE_WORKFLOW_TYPES_CLAUSE } from '../../workflows/case/definitions.js';
import { SMOKE_WORKFLOW_TYPE, type SmokeInput, type SmokeResult } from '../../workflows/smoke/definitions.js';
import { ROOT } from '../support/servers.js';

const enabled = process.env.AFBRYD_CLUSTER_TESTS === '1';

let cluster: Cluster;
let connection: Connection;
let client: Client;
let dir: string;

async function evidenceCount(table: string): Promise<number> {
  const c = new pg.Client({ connectionString: cluster.evidenceUrl });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

/** Starts smoke workflows (an id each); a start retried after a lost answer finds its own workflow. */
async function startSmoke(prefix: string, n: number, wait: SmokeInput['wait']): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await Promise.all(
    ids.map(async (id) => {
      try {
        await client.workflow.start(SMOKE_WORKFLOW_TYPE, { taskQueue: cluster.settings.taskQueue, workflowId: id, args: [{ runId: id, wait }] });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }),
  );
  return ids;
}

/** Every workflow completes, in one run, with one fired timer (unless none was set) and one completed activity. */
async function expectEachOnce(ids: string[], timer: boolean): Promise<void> {
  const results = await Promise.all(ids.map((id) => client.workflow.getHandle(id).result() as Promise<SmokeResult>));
  expect(results.every((r) => r.confirmation.length > 0)).toBe(true);
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const count = (type: string) => (history.events ?? []).filter((e) => (e as Record<string, unknown>)[`${type}EventAttributes`] != null).length;
    if (timer) expect(count('timerFired'), id).toBe(1);
    expect(count('activityTaskCompleted'), id).toBe(1);
    expect(count('workflowExecutionCompleted'), id).toBe(1);
  }
  const prefix = ids[0]!.replace(/-\d+$/, '');
  let runs = 0;
  for await (const w of client.workflow.list({ query: `WorkflowType = '${SMOKE_WORKFLOW_TYPE}'` })) if (w.workflowId.startsWith(`${prefix}-`)) runs++;
  expect(runs).toBe(ids.length);
}

describe.skipIf(!enabled)('afbryd on a Temporal cluster', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'afbryd-cluster-'));
    cluster = await startCluster({ stateDir: dir, afbrydEnv: { AFBRYD_WORKFLOW_BUNDLE: inject('workflowBundlePath') }, log: () => undefined });
    connection = await Connection.connect({ address: cluster.address });
    client = new Client({ connection, namespace: cluster.settings.namespace });
  }, 20 * 60_000);

  afterAll(async () => {
    await connection?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('runs the sample: letters in the evidence archive on PostgreSQL, DataHub messages at most once', async () => {
    // The sample (npm run sample): imported cases send their letters and their disconnection requests.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'load-sample.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...cluster.afbrydEnv, AFBRYD_DATA_DIR: join(dir, 'sample') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/\d+ started/);
    await waitFor('a letter is in the evidence archive', async () => (await evidenceCount('evidence_letters')) > 0, 120_000);
    // The sample's DataHub requests wait for their step time (RULES' step window), so they are not
    // waited for here (left open in issue 18); what DataHub did receive, it received once.
    // Nothing twice: each accepted DataHub transaction once.
    const log = (await (await fetch(`${cluster.datahubUrl}/sim/log`)).json()) as { outcome: string; transactionIds: string[] }[];
    const accepted = log.filter((e) => e.outcome === 'accepted').flatMap((e) => e.transactionIds);
    expect(new Set(accepted).size).toBe(accepted.length);

    // The Web UI (its API, what its workflow list reads) lists the same open cases as Temporal does.
    const query = `${CASE_WORKFLOW_TYPES_CLAUSE} AND ExecutionStatus = 'Running'`;
    const open: string[] = [];
    for await (const w of client.workflow.list({ query })) open.push(w.workflowId);
    expect(open.length).toBeGreaterThan(0);
    let listed: string[] = [];
    await waitFor('the Web UI lists the open cases', async () => {
      const res = await fetch(`${cluster.ui.url}/api/v1/namespaces/${cluster.settings.namespace}/workflows?query=${encodeURIComponent(query)}`);
      listed = ((await res.json()) as { executions?: { execution: { workflowId: string } }[] }).executions?.map((e) => e.execution.workflowId) ?? [];
      return listed.length === open.length;
    }, 30_000).catch(() => undefined);
    expect(listed.sort()).toEqual(open.sort());
  }, 300_000);

  it('carries on when a history process is SIGKILLed while workflows wait on timers and a burst of starts runs', async () => {
    const waiting = await startSmoke('hist-timer', 30, '20 seconds');
    const burst = startSmoke('hist-burst', 100, '1 second');
    // SIGKILL history-1 mid-burst; its shards move to history-2, then it comes back and takes its share again.
    const killed = cluster.restartService('history-1', 'SIGKILL');
    const [ids] = await Promise.all([burst, killed]);
    await expectEachOnce([...waiting], true);
    await expectEachOnce(ids, true);
  }, 600_000);

  it('carries on when a worker is SIGKILLed: the other one takes over', async () => {
    const ids = await startSmoke('worker-kill', 20, '5 seconds');
    const w1 = cluster.afbryd.get('worker-1')!;
    w1.child.kill('SIGKILL');
    await w1.exited();
    await expectEachOnce(ids, true);
    await cluster.startAfbryd('worker-1');
  }, 300_000);

  it('recovers from a PostgreSQL restart without an operator: server, afbryd and the evidence archive', async () => {
    const ids = await startSmoke('pg-restart', 20, '10 seconds');
    await cluster.restartPostgres();
    await expectEachOnce(ids, true);
    // afbryd's processes are all still up, the API answers from Temporal, the archive reads again.
    for (const p of cluster.afbryd.values()) expect(p.alive(), p.name).toBe(true);
    for (const p of cluster.temporal.processes.values()) expect(p.alive(), p.name).toBe(true);
    expect(cluster.ui.process.alive(), 'web-ui').toBe(true);
    await waitFor('the API answers after the restart', async () =>
      (await fetch(`${cluster.apiUrl}/cases?stage=reminder-1`, { headers: { authorization: `Bearer ${cluster.apiToken}` } })).ok, 60_000);
    expect(await evidenceCount('evidence_letters')).toBeGreaterThan(0);
  }, 300_000);
});

/**
 * `npm start`'s embedded default (scripts/embedded.ts), as a user runs it: it starts the dev server
 * with a SQLite file and the worker, registers the search attributes, prints the Web UI address,
 * stops cleanly on SIGINT, and a case that was waiting survives the restart. A second start beside a
 * running one, a port in use and a run that died each get a clear answer; Ctrl-C to `npm start`'s
 * process group, as a terminal sends it, leaves no process and no port behind (scripts/start.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isAlive, readRunRecord, recordPath } from '../../scripts/lib/run-record.js';
import { smokeStatusQuery, wakeUpSignal, type SmokeResult } from '../../workflows/smoke/definitions.js';
import { allocatePorts, portIsFree, retryOnPortClash } from '../support/ports.js';
import { ROOT } from '../support/servers.js';

const dirs: string[] = [];
const running: ChildProcess[] = [];

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afbryd-embedded-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const child of running) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      // npm start's children live in their own process group; kill it whole.
      process.kill(child.spawnfile === 'npm' ? -child.pid! : child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const dir of dirs) {
    // A dev server a failed test left behind would hold its ports: stop what the record names.
    for (const p of readRunRecord(dir)?.processes ?? []) if (isAlive(p.pid)) process.kill(p.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Started {
  child: ChildProcess;
  output: () => string;
}

type Env = Record<string, string>;

/** Four ports and a data folder for one embedded stack. */
async function stackEnv(dataDir = newDataDir()): Promise<Env> {
  const [temporal, ui, api, sim] = await allocatePorts(4);
  return {
    AFBRYD_TEMPORAL_PORT: String(temporal),
    AFBRYD_UI_PORT: String(ui),
    AFBRYD_DATA_DIR: dataDir,
    AFBRYD_TASK_QUEUE: 'embedded-test',
    AFBRYD_API_PORT: String(api),
    AFBRYD_DATAHUB_SIM_PORT: String(sim),
    AFBRYD_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
  };
}

/** Starts the stack, directly (`tsx scripts/embedded.ts`) or as `npm start` in its own process group. */
function launch(env: Env, how: 'direct' | 'npm' = 'direct'): Started {
  const child =
    how === 'npm'
      ? spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'embedded.ts')], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves once the worker polls and the API listens; rejects with the output if the stack exits. */
async function ready(started: Started): Promise<Started> {
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const output = started.output();
      if (output.includes('polling task queue') && output.includes('"component":"api","msg":"listening on')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    started.child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`embedded stack exited (${code}):\n${started.output()}`));
    });
  });
  return started;
}

/**
 * Starts a stack on fresh ports and waits until it is ready; on a port clash (another process took
 * one of them between allocation and bind) it starts again on new ones.
 */
async function startStack(dataDir = newDataDir(), how: 'direct' | 'npm' = 'direct'): Promise<{ env: Env; started: Started }> {
  return retryOnPortClash(async () => {
    const env = await stackEnv(dataDir);
    return { env, started: await ready(launch(env, how)) };
  });
}

async function startEmbedded(env: Env): Promise<Started> {
  return ready(launch(env));
}

async function stop(started: Started): Promise<void> {
  const done = exitOf(started.child);
  started.child.kill('SIGINT');
  await done;
}

/** The ports of a stack, each free again (asked of the kernel, not of the stack). */
async function portsFree(env: Env): Promise<Record<string, boolean>> {
  const names = ['AFBRYD_TEMPORAL_PORT', 'AFBRYD_UI_PORT', 'AFBRYD_API_PORT', 'AFBRYD_DATAHUB_SIM_PORT'];
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await portIsFree(Number(env[n]))] as const)));
}

const ALL_FREE = { AFBRYD_TEMPORAL_PORT: true, AFBRYD_UI_PORT: true, AFBRYD_API_PORT: true, AFBRYD_DATAHUB_SIM_PORT: true };

describe('npm start (embedded default)', () => {
  it('keeps a waiting case across a restart and stops cleanly on SIGINT; refuses a second start beside it', async () => {
    const { env, started: first } = await startStack();
    const port = Number(env.AFBRYD_TEMPORAL_PORT);
    expect(first.output()).toContain(`Web UI: http://localhost:${env.AFBRYD_UI_PORT}/namespaces/default/workflows`);
    expect(first.output()).toContain('registered search attributes: AfbrydStage');
    // The billing API answers with the development token of the embedded default.
    const openapi = await fetch(`http://127.0.0.1:${env.AFBRYD_API_PORT}/openapi.json`);
    expect(openapi.status).toBe(200);
    const unauthorised = await fetch(`http://127.0.0.1:${env.AFBRYD_API_PORT}/cases?stage=opened`);
    expect(unauthorised.status).toBe(401);
    // The DataHub simulator runs beside it.
    expect((await fetch(`http://127.0.0.1:${env.AFBRYD_DATAHUB_SIM_PORT}/health`)).ok).toBe(true);

    let connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    let client = new Client({ connection });
    const handle = await client.workflow.start('smokeWorkflow', {
      args: [{ runId: 'embedded-restart', wait: '1 day' }],
      workflowId: 'embedded-restart',
      taskQueue: 'embedded-test',
    });
    await expect.poll(() => handle.query(smokeStatusQuery), { timeout: 30_000 }).toBe('waiting');
    await connection.close();

    // A second start with the same data folder while this one runs: refused, naming the running pid.
    const beside = launch(env);
    expect(await exitOf(beside.child)).toBe(1);
    expect(beside.output()).toContain(`afbryd: afbryd is already running with the data folder ${env.AFBRYD_DATA_DIR} (pid ${first.child.pid},`);
    expect(beside.output()).toContain(`kill -INT ${first.child.pid}`);
    // With a data folder of its own but the same ports: the Temporal port is named, with its variable
    // and the earlier run's dev server as its holder.
    const otherDir = launch({ ...env, AFBRYD_DATA_DIR: newDataDir() });
    expect(await exitOf(otherDir.child)).toBe(1);
    const devServerPid = readRunRecord(env.AFBRYD_DATA_DIR!)!.processes.find((p) => p.name === 'temporal-dev-server')!.pid;
    expect(otherDir.output()).toContain(
      `afbryd: port ${port} (the Temporal dev server) is already in use by a Temporal dev server (its SQLite file: ${join(env.AFBRYD_DATA_DIR!, 'temporal.sqlite')}), pid ${devServerPid}: it looks like an earlier afbryd run that is still going. ` +
        `Stop that process, or choose another port with AFBRYD_TEMPORAL_PORT, e.g. AFBRYD_TEMPORAL_PORT=${port + 1} npm start`,
    );

    await stop(first);
    expect(first.child.exitCode).toBe(0);
    // One JSON log format (ops/log.ts): each process's last line.
    expect(first.output()).toContain('"component":"worker","msg":"stopped"');
    expect(first.output()).toContain('"component":"api","msg":"stopped"');
    expect(first.output()).toContain('datahub poller started');
    expect(first.output()).toContain('afbryd: stopped');
    expect(existsSync(recordPath(env.AFBRYD_DATA_DIR!))).toBe(false);
    expect(await portsFree(env)).toEqual(ALL_FREE);

    const second = await startEmbedded(env);
    expect(second.output()).toContain('search attributes already registered');
    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    client = new Client({ connection });
    const again = client.workflow.getHandle('embedded-restart');
    expect(await again.query(smokeStatusQuery)).toBe('waiting');
    await again.signal(wakeUpSignal);
    const result: SmokeResult = await again.result();
    expect(result.confirmation).toBe(`confirmed embedded-restart:confirm at ${result.wokeAt}`);
    await connection.close();
    await stop(second);
    expect(second.child.exitCode).toBe(0);
  });

  it('names a port another program holds, with the variable that changes it', async () => {
    const env = await stackEnv();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(Number(env.AFBRYD_API_PORT), '127.0.0.1', resolve));
    try {
      const started = launch(env);
      expect(await exitOf(started.child)).toBe(1);
      expect(started.output().trim()).toBe(
        `afbryd: port ${env.AFBRYD_API_PORT} (the billing API) is already in use by another program (pid ${process.pid}). ` +
          `Stop that process, or choose another port with AFBRYD_API_PORT, e.g. AFBRYD_API_PORT=${Number(env.AFBRYD_API_PORT) + 1} npm start`,
      );
      // Nothing was started, so nothing is recorded or left behind.
      expect(existsSync(recordPath(env.AFBRYD_DATA_DIR!))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('stops what a run that died left behind (its dev server), and nothing else, on the next start', async () => {
    const { env, started } = await startStack();
    const left = readRunRecord(env.AFBRYD_DATA_DIR!)!;
    const server = left.processes.find((p) => p.name === 'temporal-dev-server')!;
    // The embedded default dies without stopping anything (as under `kill -9`); its Node children see
    // their IPC channel close and stop by themselves, the dev server (its own process group) stays.
    started.child.kill('SIGKILL');
    await exitOf(started.child);
    for (const p of left.processes.filter((q) => q.name !== 'temporal-dev-server')) {
      await expect.poll(() => isAlive(p.pid), { timeout: 30_000 }).toBe(false);
    }
    expect(isAlive(server.pid)).toBe(true);

    const next = await startEmbedded(env);
    expect(next.output()).toContain(`afbryd: stopping temporal-dev-server (pid ${server.pid}), left running by an earlier afbryd run (started ${left.startedAt})`);
    expect(isAlive(server.pid)).toBe(false);
    await stop(next);
    expect(next.child.exitCode).toBe(0);
    expect(await portsFree(env)).toEqual(ALL_FREE);
  });

  // A terminal's Ctrl-C: SIGINT to `npm start`'s whole process group (npm, scripts/start.mjs). Every
  // other run also stops reading the output at once, as when npm exits first and its pipe closes.
  // AFBRYD_SIGINT_LOOP sets the count (20 before closing the issue; a few in every CI run).
  const loops = Number(process.env.AFBRYD_SIGINT_LOOP ?? '3');
  it(`Ctrl-C to npm start's process group stops everything and frees every port (${loops} times)`, async () => {
    const dataDir = newDataDir();
    for (let i = 0; i < loops; i++) {
      const { env, started } = await startStack(dataDir, 'npm');
      const record = readRunRecord(dataDir)!;
      expect(record.processes.map((p) => p.name).sort()).toEqual(['api', 'datahub-poller', 'datahub-simulator', 'temporal-dev-server', 'worker']);
      const done = exitOf(started.child);
      process.kill(-started.child.pid!, 'SIGINT');
      if (i % 2 === 1) {
        started.child.stdout!.destroy();
        started.child.stderr!.destroy();
      }
      await done;
      // npm may return before the stack has stopped; the stack must stop all the same.
      await expect.poll(() => existsSync(recordPath(dataDir)), { timeout: 45_000, interval: 200 }).toBe(false);
      for (const p of [record, ...record.processes]) {
        await expect.poll(() => isAlive(p.pid), { timeout: 30_000, interval: 100 }).toBe(false);
      }
      expect(await portsFree(env), `run ${i + 1}:\n${started.output()}`).toEqual(ALL_FREE);
      if (i % 2 === 0) expect(started.output()).toContain('afbryd: stopped');
    }
  }, 60_000 + loops * 30_000);

  it('refuses a bad setting with one clear line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'embedded.ts')], {
      cwd: ROOT,
      env: { ...process.env, TEMPORAL_ADDRESS: 'not an address', AFBRYD_UI_PORT: '99999' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines).toEqual([
      'afbryd: invalid configuration: TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233; AFBRYD_UI_PORT must be a port number (1-65535)',
    ]);
  });
});

/**
 * `npm start`'s embedded default (scripts/embedded.ts), as a user runs it: it starts the dev server
 * with a SQLite file and the worker, registers the search attributes, prints the Web UI address,
 * stops cleanly on SIGINT, and a case that was waiting survives the restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { smokeStatusQuery, wakeUpSignal, type SmokeResult } from '../../workflows/smoke/definitions.js';
import { freePort } from '../support/ports.js';
import { ROOT } from '../support/servers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'afbryd-embedded-'));
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function startEmbedded(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'embedded.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('polling task queue') && output.includes('afbryd api: listening')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`embedded stack exited (${code}):\n${output}`));
    });
  });
  return { child, output: () => output };
}

async function stop(started: Started): Promise<void> {
  const done = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  started.child.kill('SIGINT');
  await done;
}

describe('npm start (embedded default)', () => {
  it('keeps a waiting case across a restart and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    const env = {
      AFBRYD_TEMPORAL_PORT: String(port),
      AFBRYD_UI_PORT: String(await freePort()),
      AFBRYD_DATA_DIR: dataDir,
      AFBRYD_TASK_QUEUE: 'embedded-test',
      AFBRYD_API_PORT: String(await freePort()),
      AFBRYD_DATAHUB_SIM_PORT: String(await freePort()),
      AFBRYD_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    };
    const first = await startEmbedded(env);
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

    await stop(first);
    expect(first.child.exitCode).toBe(0);
    expect(first.output()).toContain('afbryd worker: stopped');
    expect(first.output()).toContain('afbryd api: stopped');
    expect(first.output()).toContain('datahub poller started');
    expect(first.output()).toContain('afbryd: stopped');

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

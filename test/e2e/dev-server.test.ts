/**
 * Proof that the dev server stack is real: afbryd's own worker process (worker/main.ts, as `npm
 * start` runs it) and a client run a workflow to completion, and a workflow survives its worker
 * being SIGKILLed while it waits on a timer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smokeStatusQuery, wakeUpSignal, type SmokeResult } from '../../workflows/smoke/definitions.js';
import { ROOT } from '../support/servers.js';
import { uniqueTaskQueue } from '../support/worker.js';

let connection: Connection;
let client: Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('devServerAddress') });
  client = new Client({ connection, namespace: 'default' });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await connection?.close();
});

/** Starts `worker/main.ts` in its own process and resolves once it polls. */
async function startWorkerProcess(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}worker/main.ts`], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('devServerAddress'),
      AFBRYD_TASK_QUEUE: taskQueue,
      AFBRYD_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('polling task queue')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before polling:\n${output}`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('worker and client on the dev server', () => {
  it('run a workflow to completion', async () => {
    const taskQueue = uniqueTaskQueue('e2e-smoke');
    const worker = await startWorkerProcess(taskQueue);
    const handle = await client.workflow.start('smokeWorkflow', {
      args: [{ runId: 'e2e-complete', wait: '1 hour' }],
      workflowId: `smoke-${taskQueue}`,
      taskQueue,
    });
    await handle.signal(wakeUpSignal);
    const result: SmokeResult = await handle.result();
    expect(result.confirmation).toBe(`confirmed e2e-complete:confirm at ${result.wokeAt}`);
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get({ name: 'AfbrydStage', type: 'KEYWORD' })).toBe('closed');

    worker.kill('SIGTERM');
    await exited(worker);
    expect(worker.exitCode).toBe(0);
  });

  it('completes a workflow whose worker was SIGKILLed while it waited on a timer', async () => {
    const taskQueue = uniqueTaskQueue('e2e-kill');
    const first = await startWorkerProcess(taskQueue);
    const handle = await client.workflow.start('smokeWorkflow', {
      args: [{ runId: 'e2e-kill', wait: '4 seconds' }],
      workflowId: `smoke-${taskQueue}`,
      taskQueue,
    });
    // Wait until the first worker has run the first task and the timer is pending.
    await expect.poll(() => handle.query(smokeStatusQuery), { timeout: 30_000 }).toBe('waiting');
    const history = await handle.fetchHistory();
    expect(history.events?.some((e) => e.timerStartedEventAttributes)).toBe(true);

    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');

    const second = await startWorkerProcess(taskQueue);
    const result: SmokeResult = await handle.result();
    expect(result.confirmation).toBe(`confirmed e2e-kill:confirm at ${result.wokeAt}`);

    // The activity after the timer ran on the second worker, not the killed one.
    const events = (await handle.fetchHistory()).events ?? [];
    const activityStarted = events.find((e) => e.activityTaskStartedEventAttributes);
    expect(activityStarted?.activityTaskStartedEventAttributes?.identity).toContain(`${second.pid}@`);
    second.kill('SIGTERM');
    await exited(second);
  });
});

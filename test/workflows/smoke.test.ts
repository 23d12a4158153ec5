/**
 * Proof that the time-skipping server is real: a workflow that sleeps 30 days completes, and the
 * server's own clock moved at least 30 days. No wall-clock limit is asserted.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSearchAttributes } from '../../client/temporal.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { createAfbrydWorker } from '../../worker/worker.js';
import { smokeStatusQuery, type SmokeResult } from '../../workflows/smoke/definitions.js';
import { startTimeSkippingEnv } from '../support/servers.js';
import { uniqueTaskQueue, workflowBundle } from '../support/worker.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingEnv();
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(async () => {
  await env?.teardown();
});

describe('smoke workflow on the time-skipping server', () => {
  it('sleeps 30 days and the server clock moves at least 30 days', async () => {
    const taskQueue = uniqueTaskQueue('smoke-ts');
    const worker = await createAfbrydWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: workflowBundle(),
      activityDeps: createSimulatedDeps({ settings: resolveCaseSettings() }),
    });
    const before = await env.currentTimeMs();
    const result: SmokeResult = await worker.runUntil(
      env.client.workflow.execute('smokeWorkflow', {
        args: [{ runId: 'ts-30d', wait: '30 days' }],
        workflowId: `smoke-${taskQueue}`,
        taskQueue,
      }),
    );
    const after = await env.currentTimeMs();

    expect(after - before).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(Date.parse(result.wokeAt) - Date.parse(result.startedAt)).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(result.confirmation).toBe(`confirmed ts-30d:confirm at ${result.wokeAt}`);
  });

  it('can be observed while it waits, then skipped forward', async () => {
    const taskQueue = uniqueTaskQueue('smoke-ts');
    const worker = await createAfbrydWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: workflowBundle(),
      activityDeps: createSimulatedDeps({ settings: resolveCaseSettings() }),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('smokeWorkflow', {
        args: [{ runId: 'ts-observe', wait: '10 days' }],
        workflowId: `smoke-${taskQueue}`,
        taskQueue,
      });
      await env.sleep('5 days');
      expect(await handle.query(smokeStatusQuery)).toBe('waiting');
      await env.sleep('6 days');
      const result: SmokeResult = await handle.result();
      const waited = Date.parse(result.wokeAt) - Date.parse(result.startedAt);
      expect(waited).toBeGreaterThanOrEqual(10 * DAY_MS);
      expect(waited).toBeLessThan(10 * DAY_MS + 60_000);
      expect(await handle.query(smokeStatusQuery)).toBe('done');
    });
  });
});

/** Helpers for tests that run afbryd's worker in-process. */
import type { AfbrydMetrics } from '../../ops/metrics.js';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities/index.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { createAfbrydWorker } from '../../worker/worker.js';

let cached: { code: string } | undefined;

/** The workflow bundle built once for this run by the global setup. */
export function workflowBundle(): { code: string } {
  cached ??= { code: readFileSync(inject('workflowBundlePath'), 'utf8') };
  return cached;
}

/** A task queue of its own for each test, so tests sharing a server never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** afbryd's worker running in-process against the shared dev server, with a client beside it. */
export interface DevWorker {
  client: Client;
  taskQueue: string;
  deps: ActivityDeps;
  /** Shuts the worker down and closes both connections. */
  stop(): Promise<void>;
}

/**
 * Starts afbryd's worker on the shared dev server, on a task queue of its own.
 * @param options.activityDeps the outside parties @default the simulators with default settings
 */
export async function startDevWorker(options: { prefix: string; activityDeps?: ActivityDeps; metrics?: AfbrydMetrics }): Promise<DevWorker> {
  const address = inject('devServerAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const taskQueue = uniqueTaskQueue(options.prefix);
  const deps = options.activityDeps ?? createSimulatedDeps({ settings: resolveCaseSettings() });
  const worker = await createAfbrydWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: workflowBundle(),
    activityDeps: deps,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const running = worker.run();
  return {
    client: new Client({ connection }),
    taskQueue,
    deps,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}

/** afbryd's worker on a server of a test file's own (e.g. a time-skipping one), on a task queue of its own, running. */
export async function startWorkerOn(
  env: { nativeConnection: NativeConnection },
  prefix: string,
  activityDeps: ActivityDeps,
): Promise<{ worker: Worker; taskQueue: string; running: Promise<void> }> {
  const taskQueue = uniqueTaskQueue(prefix);
  const worker = await createAfbrydWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, workflowBundle: workflowBundle(), activityDeps });
  return { worker, taskQueue, running: worker.run() };
}

/**
 * Builds afbryd's worker: the one place that wires workflows and activities to a task queue, used by
 * the bootstrap (`worker/main.ts`) and by the tests alike.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

/** The bundle entry: every workflow afbryd runs. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Options for {@link createAfbrydWorker}. */
export interface AfbrydWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /**
   * Pre-built workflow code (tests bundle once per run). Unset: bundled from {@link WORKFLOWS_PATH}
   * at start-up.
   * @default undefined
   */
  workflowBundle?: { code: string };
  /** The adapters the activities use, and the settings new cases snapshot. */
  activityDeps: ActivityDeps;
  /**
   * Worker settings (cache size, concurrency, pollers, sticky timeout), passed through; the bootstrap
   * passes `config/worker.ts`'s tuning. @default {} (the SDK's defaults)
   */
  tuning?: Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentLocalActivityExecutions'
    | 'workflowTaskPollerBehavior'
    | 'activityTaskPollerBehavior'
    | 'stickyQueueScheduleToStartTimeout'
    | 'shutdownGraceTime'
  >;
}

/** Creates (but does not run) a worker for afbryd's task queue. */
export async function createAfbrydWorker(options: AfbrydWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(options.activityDeps),
    shutdownGraceTime: '10 seconds',
    ...options.tuning,
  });
}

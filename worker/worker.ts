/**
 * Builds afbryd's worker: the one place that wires workflows and activities to a task queue, used by
 * the bootstrap (`worker/main.ts`) and by the tests alike.
 */
import type { AfbrydMetrics } from '../ops/metrics.js';
import { metricsInterceptor } from './metrics.js';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

/** The bundle entry: every workflow afbryd runs. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Modules loaded once into the reusable V8 context and shared by every workflow, instead of being
 * instantiated again for each one: `rules/`, which is pure (no clock, no I/O, a purity test holds it
 * to that) and whose only module state is memoisation keyed by value (the compiled holiday table of
 * a version; calendar flags per settings object, in a WeakMap). Measured on 500 recorded histories:
 * 61 instead of 71 ms per replayed history (docs/PERFORMANCE.md).
 */
export const PRELOADED_MODULES: readonly string[] = [fileURLToPath(new URL('../rules/index.ts', import.meta.url))];

/** How every afbryd workflow bundle is built (the worker, the tests, the chaos run, the fuzz script). */
export const WORKFLOW_BUNDLE_OPTIONS = { workflowsPath: WORKFLOWS_PATH, preloadModules: [...PRELOADED_MODULES] };

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
  /** Where the worker counts what its activities did (ops/metrics.ts). @default none */
  metrics?: AfbrydMetrics;
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
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: [...PRELOADED_MODULES] } }),
    activities: createActivities(options.activityDeps),
    ...(options.metrics ? { interceptors: { activity: [metricsInterceptor(options.metrics)] } } : {}),
    shutdownGraceTime: '10 seconds',
    ...options.tuning,
  });
}

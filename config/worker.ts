/**
 * The worker's tuning, read from the environment and validated with zod; a bad value stops the
 * worker with one line. Every value is passed to `Worker.create` explicitly (no setting is left to the
 * SDK's heap-based sizing), so that what a deployment runs is what the benchmarks measured
 * (docs/PERFORMANCE.md).
 *
 * | variable | default | |
 * |---|---|---|
 * | `AFBRYD_WORKER_MAX_CACHED_WORKFLOWS` | `2000` | cases kept in memory between their tasks (~0.3 MB each) |
 * | `AFBRYD_WORKER_WORKFLOW_TASK_SLOTS` | `40` | workflow tasks processed at once |
 * | `AFBRYD_WORKER_ACTIVITY_TASK_SLOTS` | `100` | activities (letters, DataHub requests, …) at once |
 * | `AFBRYD_WORKER_LOCAL_ACTIVITY_SLOTS` | `100` | local activities (settings snapshot, metering point lookup) at once |
 * | `AFBRYD_WORKER_WORKFLOW_TASK_POLLERS` | `10` | concurrent polls of the workflow task queue |
 * | `AFBRYD_WORKER_ACTIVITY_TASK_POLLERS` | `10` | concurrent polls of the activity task queue |
 * | `AFBRYD_WORKER_STICKY_TIMEOUT_SECONDS` | `10` | how long a cached case's task waits for this worker before any worker may take it (and replay it) |
 */
import type { WorkerOptions } from '@temporalio/worker';
import { z } from 'zod';
import { ConfigError, formatIssues } from './env.js';

/** The worker's tuning. */
export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
  workflowTaskPollers: number;
  activityTaskPollers: number;
  stickyQueueScheduleToStartTimeoutSeconds: number;
}

/** The defaults: the SDK's own (1.24), with the cache fixed instead of sized from the heap. */
export const DEFAULT_WORKER_TUNING: Readonly<WorkerTuning> = Object.freeze({
  maxCachedWorkflows: 2000,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentLocalActivityExecutions: 100,
  workflowTaskPollers: 10,
  activityTaskPollers: 10,
  stickyQueueScheduleToStartTimeoutSeconds: 10,
});

const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function whole(min: number, max: number, fallback: number) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d{1,7}$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .default(String(fallback)),
  );
}

export const workerTuningSchema = z.object({
  /** Cases kept in memory between their tasks; beyond it a case is replayed when it wakes. @default 2000 */
  AFBRYD_WORKER_MAX_CACHED_WORKFLOWS: whole(0, 1_000_000, DEFAULT_WORKER_TUNING.maxCachedWorkflows),
  /** Workflow tasks processed at once (they run on one workflow thread). @default 40 */
  AFBRYD_WORKER_WORKFLOW_TASK_SLOTS: whole(2, 10_000, DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions),
  /** Activities at once. @default 100 */
  AFBRYD_WORKER_ACTIVITY_TASK_SLOTS: whole(1, 10_000, DEFAULT_WORKER_TUNING.maxConcurrentActivityTaskExecutions),
  /** Local activities at once. @default 100 */
  AFBRYD_WORKER_LOCAL_ACTIVITY_SLOTS: whole(1, 10_000, DEFAULT_WORKER_TUNING.maxConcurrentLocalActivityExecutions),
  /** Concurrent polls of the workflow task queue (at least 2: sticky and normal). @default 10 */
  AFBRYD_WORKER_WORKFLOW_TASK_POLLERS: whole(2, 1_000, DEFAULT_WORKER_TUNING.workflowTaskPollers),
  /** Concurrent polls of the activity task queue. @default 10 */
  AFBRYD_WORKER_ACTIVITY_TASK_POLLERS: whole(1, 1_000, DEFAULT_WORKER_TUNING.activityTaskPollers),
  /**
   * Seconds a cached case's workflow task waits on this worker's sticky queue before it goes to the
   * normal queue, where any worker takes it with a full replay. @default 10
   */
  AFBRYD_WORKER_STICKY_TIMEOUT_SECONDS: whole(1, 600, DEFAULT_WORKER_TUNING.stickyQueueScheduleToStartTimeoutSeconds),
});

/**
 * The worker's tuning from the environment.
 * @throws ConfigError naming every bad variable, in one line.
 */
export function loadWorkerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const parsed = workerTuningSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const d = parsed.data;
  return {
    maxCachedWorkflows: d.AFBRYD_WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: d.AFBRYD_WORKER_WORKFLOW_TASK_SLOTS,
    maxConcurrentActivityTaskExecutions: d.AFBRYD_WORKER_ACTIVITY_TASK_SLOTS,
    maxConcurrentLocalActivityExecutions: d.AFBRYD_WORKER_LOCAL_ACTIVITY_SLOTS,
    workflowTaskPollers: d.AFBRYD_WORKER_WORKFLOW_TASK_POLLERS,
    activityTaskPollers: d.AFBRYD_WORKER_ACTIVITY_TASK_POLLERS,
    stickyQueueScheduleToStartTimeoutSeconds: d.AFBRYD_WORKER_STICKY_TIMEOUT_SECONDS,
  };
}

/** The `Worker.create` options of a tuning. */
export function workerOptionsOfTuning(t: WorkerTuning): Partial<WorkerOptions> {
  return {
    maxCachedWorkflows: t.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: t.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: t.maxConcurrentActivityTaskExecutions,
    maxConcurrentLocalActivityExecutions: t.maxConcurrentLocalActivityExecutions,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: t.workflowTaskPollers },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: t.activityTaskPollers },
    stickyQueueScheduleToStartTimeout: `${t.stickyQueueScheduleToStartTimeoutSeconds} seconds`,
  };
}

/** One line for the worker's start-up log. */
export function describeWorkerTuning(t: WorkerTuning): string {
  return (
    `cache ${t.maxCachedWorkflows}, slots workflow ${t.maxConcurrentWorkflowTaskExecutions} / activity ${t.maxConcurrentActivityTaskExecutions} / ` +
    `local ${t.maxConcurrentLocalActivityExecutions}, pollers ${t.workflowTaskPollers} / ${t.activityTaskPollers}, sticky timeout ${t.stickyQueueScheduleToStartTimeoutSeconds} s`
  );
}

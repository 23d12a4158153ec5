/**
 * The worker settings every benchmark states: passed explicitly to Worker.create, printed in the
 * report, and overridable on each script's command line (`--max-cached 1000`, `--wft-slots 20`, …).
 * The defaults are the worker's own (`config/worker.ts`, what `npm run worker` passes): the SDK's
 * (1.24), except the cache, which the SDK sizes from the heap limit (about 600 per GiB of heap: ~2,300
 * on a 4 GiB heap) and which is fixed so that runs compare.
 */
import type { WorkerOptions } from '@temporalio/worker';
import { DEFAULT_WORKER_TUNING, workerOptionsOfTuning } from '../../config/worker.js';

export interface BenchWorkerSettings {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
  /** Workflow task pollers (simple maximum). */
  workflowTaskPollers: number;
  /** Activity task pollers (simple maximum). */
  activityTaskPollers: number;
  /** Seconds a cached case's task waits on the sticky queue before any worker may take it. */
  stickyTimeoutSeconds: number;
  /** One V8 context for all workflows (the SDK's default since 1.9). */
  reuseV8Context: boolean;
}

export const DEFAULT_WORKER_SETTINGS: Readonly<BenchWorkerSettings> = Object.freeze({
  maxCachedWorkflows: DEFAULT_WORKER_TUNING.maxCachedWorkflows,
  maxConcurrentWorkflowTaskExecutions: DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions,
  maxConcurrentActivityTaskExecutions: DEFAULT_WORKER_TUNING.maxConcurrentActivityTaskExecutions,
  maxConcurrentLocalActivityExecutions: DEFAULT_WORKER_TUNING.maxConcurrentLocalActivityExecutions,
  workflowTaskPollers: DEFAULT_WORKER_TUNING.workflowTaskPollers,
  activityTaskPollers: DEFAULT_WORKER_TUNING.activityTaskPollers,
  stickyTimeoutSeconds: DEFAULT_WORKER_TUNING.stickyQueueScheduleToStartTimeoutSeconds,
  reuseV8Context: true,
});

/** parseArgs options for the worker settings. */
export const WORKER_SETTING_OPTIONS = {
  'max-cached': { type: 'string' },
  'wft-slots': { type: 'string' },
  'activity-slots': { type: 'string' },
  'local-activity-slots': { type: 'string' },
  'wft-pollers': { type: 'string' },
  'activity-pollers': { type: 'string' },
  'sticky-timeout': { type: 'string' },
  'no-reuse-v8-context': { type: 'boolean' },
} as const;

/** The settings from parsed command-line values, over the given defaults. */
export function workerSettingsFrom(
  values: Partial<Record<keyof typeof WORKER_SETTING_OPTIONS, string | boolean | undefined>>,
  defaults: Partial<BenchWorkerSettings> = {},
): BenchWorkerSettings {
  const base = { ...DEFAULT_WORKER_SETTINGS, ...defaults };
  const n = (v: string | boolean | undefined, d: number) => {
    if (v === undefined || typeof v === 'boolean') return d;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 0) throw new Error(`not a whole number: ${v}`);
    return x;
  };
  return {
    maxCachedWorkflows: n(values['max-cached'], base.maxCachedWorkflows),
    maxConcurrentWorkflowTaskExecutions: n(values['wft-slots'], base.maxConcurrentWorkflowTaskExecutions),
    maxConcurrentActivityTaskExecutions: n(values['activity-slots'], base.maxConcurrentActivityTaskExecutions),
    maxConcurrentLocalActivityExecutions: n(values['local-activity-slots'], base.maxConcurrentLocalActivityExecutions),
    workflowTaskPollers: n(values['wft-pollers'], base.workflowTaskPollers),
    activityTaskPollers: n(values['activity-pollers'], base.activityTaskPollers),
    stickyTimeoutSeconds: n(values['sticky-timeout'], base.stickyTimeoutSeconds),
    reuseV8Context: values['no-reuse-v8-context'] === true ? false : base.reuseV8Context,
  };
}

/** The Worker.create options for these settings: the worker's own mapping (config/worker.ts) and the V8 context. */
export function workerOptionsOf(s: BenchWorkerSettings): Partial<WorkerOptions> {
  return {
    ...workerOptionsOfTuning({
      maxCachedWorkflows: s.maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: s.maxConcurrentWorkflowTaskExecutions,
      maxConcurrentActivityTaskExecutions: s.maxConcurrentActivityTaskExecutions,
      maxConcurrentLocalActivityExecutions: s.maxConcurrentLocalActivityExecutions,
      workflowTaskPollers: s.workflowTaskPollers,
      activityTaskPollers: s.activityTaskPollers,
      stickyQueueScheduleToStartTimeoutSeconds: s.stickyTimeoutSeconds,
    }),
    reuseV8Context: s.reuseV8Context,
  };
}

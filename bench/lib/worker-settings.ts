/**
 * The worker settings every benchmark states: passed explicitly to Worker.create, printed in the
 * report, and overridable on each script's command line (`--max-cached 1000`, `--wft-slots 20`, …).
 * The defaults are the SDK's own (1.24), except the cache, which the SDK sizes from the heap limit
 * (about 600 per GiB of heap: ~2,300 on a 4 GiB heap): here it is fixed so that runs compare.
 */
import type { WorkerOptions } from '@temporalio/worker';

export interface BenchWorkerSettings {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
  /** Workflow task pollers (simple maximum). */
  workflowTaskPollers: number;
  /** Activity task pollers (simple maximum). */
  activityTaskPollers: number;
  /** One V8 context for all workflows (the SDK's default since 1.9). */
  reuseV8Context: boolean;
}

export const DEFAULT_WORKER_SETTINGS: Readonly<BenchWorkerSettings> = Object.freeze({
  maxCachedWorkflows: 2000,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentLocalActivityExecutions: 100,
  workflowTaskPollers: 10,
  activityTaskPollers: 10,
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
    reuseV8Context: values['no-reuse-v8-context'] === true ? false : base.reuseV8Context,
  };
}

/** The Worker.create options for these settings. */
export function workerOptionsOf(s: BenchWorkerSettings): Partial<WorkerOptions> {
  return {
    maxCachedWorkflows: s.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: s.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: s.maxConcurrentActivityTaskExecutions,
    maxConcurrentLocalActivityExecutions: s.maxConcurrentLocalActivityExecutions,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: s.workflowTaskPollers },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: s.activityTaskPollers },
    reuseV8Context: s.reuseV8Context,
  };
}

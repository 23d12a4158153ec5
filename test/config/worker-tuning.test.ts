/** The worker's tuning (config/worker.ts): documented defaults, overrides, one-line refusals. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { DEFAULT_WORKER_TUNING, describeWorkerTuning, loadWorkerTuning, workerOptionsOfTuning } from '../../config/worker.js';

describe('worker tuning', () => {
  it('has the documented defaults, passed to Worker.create explicitly', () => {
    const tuning = loadWorkerTuning({});
    expect(tuning).toEqual({
      maxCachedWorkflows: 2000,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 100,
      maxConcurrentLocalActivityExecutions: 100,
      workflowTaskPollers: 10,
      activityTaskPollers: 10,
      stickyQueueScheduleToStartTimeoutSeconds: 10,
    });
    expect(tuning).toEqual(DEFAULT_WORKER_TUNING);
    expect(workerOptionsOfTuning(tuning)).toEqual({
      maxCachedWorkflows: 2000,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 100,
      maxConcurrentLocalActivityExecutions: 100,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
      stickyQueueScheduleToStartTimeout: '10 seconds',
    });
    expect(describeWorkerTuning(tuning)).toBe(
      'cache 2000, slots workflow 40 / activity 100 / local 100, pollers 10 / 10, sticky timeout 10 s',
    );
  });

  it('takes overrides; an empty value is the default (docker-compose passes unset variables as empty)', () => {
    const tuning = loadWorkerTuning({ AFBRYD_WORKER_WORKFLOW_TASK_SLOTS: '10', AFBRYD_WORKER_STICKY_TIMEOUT_SECONDS: '30', AFBRYD_WORKER_MAX_CACHED_WORKFLOWS: '' });
    expect(tuning.maxConcurrentWorkflowTaskExecutions).toBe(10);
    expect(tuning.stickyQueueScheduleToStartTimeoutSeconds).toBe(30);
    expect(tuning.maxCachedWorkflows).toBe(2000);
  });

  it.each([
    ['AFBRYD_WORKER_WORKFLOW_TASK_SLOTS', '1', 'at least 2'],
    ['AFBRYD_WORKER_WORKFLOW_TASK_SLOTS', 'many', 'whole number'],
    ['AFBRYD_WORKER_STICKY_TIMEOUT_SECONDS', '0', 'at least 1'],
    ['AFBRYD_WORKER_STICKY_TIMEOUT_SECONDS', '601', 'at most 600'],
    ['AFBRYD_WORKER_ACTIVITY_TASK_POLLERS', '-3', 'whole number'],
    ['AFBRYD_WORKER_MAX_CACHED_WORKFLOWS', '1e3', 'whole number'],
  ])('refuses %s=%s in one line naming it', (name, value, problem) => {
    let error: unknown;
    try {
      loadWorkerTuning({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).not.toContain('\n');
  });
});

/**
 * Scenarios whose histories are recorded for replay tests. Each runs on a time-skipping server with
 * afbryd's real worker and returns the finished workflow's handle. `scripts/record-histories.ts`
 * records every scenario that has no file yet for the current release; a released file is never
 * rewritten (test/replay/replay.test.ts fails if one changes).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { wakeUpSignal } from '../../workflows/smoke/definitions.js';

export interface ReplayScenario {
  /** The workflow type, first part of the file name. */
  workflow: string;
  /** Short kebab-case name of the path it takes. */
  scenario: string;
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<WorkflowHandle>;
}

export const SCENARIOS: ReplayScenario[] = [
  {
    workflow: 'smokeWorkflow',
    scenario: 'timer-30-days',
    async run(env, taskQueue) {
      const handle = await env.client.workflow.start('smokeWorkflow', {
        args: [{ runId: 'replay-timer', wait: '30 days' }],
        workflowId: 'replay-smoke-timer-30-days',
        taskQueue,
      });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: 'smokeWorkflow',
    scenario: 'woken-early',
    async run(env, taskQueue) {
      const handle = await env.client.workflow.start('smokeWorkflow', {
        args: [{ runId: 'replay-woken', wait: '30 days' }],
        workflowId: 'replay-smoke-woken-early',
        taskQueue,
      });
      await env.sleep('2 days');
      await handle.signal(wakeUpSignal);
      await handle.result();
      return handle;
    },
  },
];

/** `<workflow>-<scenario>-<release>.json`, after the SDK's own history_files. */
export function historyFileName(s: Pick<ReplayScenario, 'workflow' | 'scenario'>, release: string): string {
  return `${s.workflow}-${s.scenario}-${release}.json`;
}

/**
 * The case workflow on the time-skipping server: one server per test file, afbryd's real worker and
 * activities, and the simulated outside parties (digital post, print post, customer registry,
 * DataHub, billing) with the server's clock. Tests steer time with {@link CaseHarness.sleepUntil} and
 * deliver events as signals, as the DataHub poller does.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { expect } from 'vitest';
import { mridFromKey, type DataHubMessage } from '../../../activities/datahub.js';
import { registerSearchAttributes } from '../../../client/temporal.js';
import { resolveCaseSettings } from '../../../config/case-settings.js';
import { queryWithRetry, sleepUntil } from '../../support/time-skipping.js';
import { createSimulatedDeps, type SimulatedDeps } from '../../../worker/parties.js';
import {
  CASE_WORKFLOW_TYPE,
  caseEventSignal,
  caseViewQuery,
  eventOutcomeQuery,
  type CaseEvent,
  type CaseInput,
  type CaseView,
  type EventOutcome,
  type Stage,
} from '../../../workflows/case/definitions.js';
import { serverClock } from '../../support/server-clock.js';
import { startTimeSkippingEnv } from '../../support/servers.js';
import { startWorkerOn } from '../../support/worker.js';

export { serverClock };

export const METERING_POINT = { physical: '571313100000000017', remote: '571313100000000024', hourly: '571313100000000031' };
export const CUSTOMER = { digital: 'C-1001', paperOnly: 'C-1002', bouncing: 'C-1003', business: 'C-2001' };

export class CaseHarness {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly deps: SimulatedDeps,
    readonly worker: Worker,
    readonly taskQueue: string,
    private readonly running: Promise<void>,
  ) {}

  static async create(): Promise<CaseHarness> {
    const env = await startTimeSkippingEnv();
    await registerSearchAttributes(env.connection, 'default');
    const deps = createSimulatedDeps({ settings: resolveCaseSettings(), now: serverClock });
    const { worker, taskQueue, running } = await startWorkerOn(env, 'case', deps);
    return new CaseHarness(env, deps, worker, taskQueue, running);
  }

  async teardown(): Promise<void> {
    this.worker.shutdown();
    await this.running;
    await this.env.teardown();
  }

  async start(input: CaseInput): Promise<WorkflowHandle> {
    return this.env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      args: [input],
      workflowId: `case-${input.caseId}`,
      taskQueue: this.taskQueue,
    });
  }

  /** Skips the server's clock forward to a Danish local date and time. */
  async sleepUntil(date: string, time = '12:00'): Promise<void> {
    await sleepUntil(this.env, date, time);
  }

  async view(handle: WorkflowHandle): Promise<CaseView> {
    return queryWithRetry(this.env, () => handle.query(caseViewQuery));
  }

  /** Waits (in real time, the clock stays) until the case's view satisfies `pred`. */
  async untilView(handle: WorkflowHandle, what: string, pred: (v: CaseView) => boolean): Promise<CaseView> {
    await expect.poll(async () => pred(await this.view(handle)), { timeout: 20_000, interval: 50, message: what }).toBe(true);
    return this.view(handle);
  }

  /** Waits (in real time, the clock stays) until the case reaches a stage. */
  async untilStage(handle: WorkflowHandle, stage: Stage): Promise<CaseView> {
    await expect.poll(async () => (await this.view(handle)).stage, { timeout: 20_000, interval: 50 }).toBe(stage);
    return this.view(handle);
  }

  async signal(handle: WorkflowHandle, event: CaseEvent): Promise<void> {
    await handle.signal(caseEventSignal, event);
  }

  /** What became of a message the case has seen (the eventOutcome query), or null. */
  async outcome(handle: WorkflowHandle, messageId: string): Promise<EventOutcome | null> {
    return queryWithRetry(this.env, () => handle.query(eventOutcomeQuery, messageId));
  }

  /** The letter delivered or dispatched under an idempotency key, on whichever channel it went. */
  letter(key: string): { subject: string; body: string; contentHash: string } | undefined {
    return this.deps.digitalPost.contentOf(key) ?? this.deps.printPost.contentOf(key);
  }

  /**
   * The distinct DataHub messages a case sent, in order: found by the message ids the DataHub adapter
   * derives from the case's idempotency keys (`${caseId}:datahub-…:${cycle}`).
   */
  datahubOf(caseId: string): DataHubMessage[] {
    const ids = new Set<string>();
    for (const step of ['datahub-request', 'datahub-cancel', 'datahub-start-of-supply', 'datahub-reopen']) {
      for (let cycle = 0; cycle < 10; cycle++) ids.add(mridFromKey(`${caseId}:${step}:${cycle}`, 'message'));
    }
    return this.deps.datahub
      .messages()
      .filter((m) => !m.duplicate && ids.has(m.message.messageId))
      .map((m) => m.message);
  }
}

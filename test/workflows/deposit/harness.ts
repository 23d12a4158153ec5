/**
 * The deposit workflow on the time-skipping server: one server per test file, afbryd's real worker and
 * the simulated parties (billing, the National Bank's rate table) on the server's clock.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { registerSearchAttributes } from '../../../client/temporal.js';
import { resolveCaseSettings } from '../../../config/case-settings.js';
import type { RateChange } from '../../../rules/index.js';
import { createSimulatedDeps, type SimulatedDeps } from '../../../worker/parties.js';
import { serverClock } from '../../support/server-clock.js';
import { startTimeSkippingEnv } from '../../support/servers.js';
import { sleepUntil } from '../../support/time-skipping.js';
import { startWorkerOn } from '../../support/worker.js';

/** The rate table the deposit tests work their interest by hand from. */
export const RATES: RateChange[] = [
  { from: '2020-01-01', ratePct: 2 },
  { from: '2027-07-01', ratePct: 1 },
  { from: '2027-10-01', ratePct: -0.1 },
];

export class DepositHarness {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly deps: SimulatedDeps,
    readonly taskQueue: string,
    private readonly worker: Worker,
    private readonly running: Promise<void>,
  ) {}

  static async create(prefix: string): Promise<DepositHarness> {
    const env = await startTimeSkippingEnv();
    await registerSearchAttributes(env.connection, 'default');
    const deps = createSimulatedDeps({ settings: resolveCaseSettings(), now: serverClock, rates: RATES });
    const { worker, taskQueue, running } = await startWorkerOn(env, prefix, deps);
    return new DepositHarness(env, deps, taskQueue, worker, running);
  }

  async teardown(): Promise<void> {
    this.worker.shutdown();
    await this.running;
    await this.env.teardown();
  }

  /** Skips the server's clock forward to a Danish local date and time. */
  sleepUntil(date: string, time: string): Promise<void> {
    return sleepUntil(this.env, date, time);
  }
}

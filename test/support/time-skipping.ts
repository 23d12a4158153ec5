/** Steering the time-skipping server's clock in Danish local time. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { copenhagenInstant } from '../../rules/index.js';

/**
 * Skips the server's clock forward to a Danish local date and time. A target in the past is an error
 * (a negative sleep would silently do nothing and the test would check the wrong moment).
 * Plain `Error`, not `expect`, so that scripts outside vitest (record-histories) can use it too.
 */
export async function sleepUntil(env: TestWorkflowEnvironment, date: string, time = '12:00'): Promise<void> {
  const wait = copenhagenInstant(date, time) - (await env.currentTimeMs());
  if (!(wait > 0)) throw new Error(`sleepUntil ${date} ${time} is in the past`);
  await env.sleep(wait);
}

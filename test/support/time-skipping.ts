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

/**
 * Runs a query with a deadline, and again (up to 5 times) when the deadline passes. The time-skipping
 * server (1.40.0) can leave a query unanswered for good when it reaches a run in the moment that run
 * continues as new (the worker logs "Task not found when completing … workflow execution already
 * completed", and the client's query never returns): asked again, it reaches the new run. Seen in
 * the version 2 scenarios of issue 14, whose cases continue as new at the wait for reopening grounds.
 */
export async function queryWithRetry<T>(env: TestWorkflowEnvironment, query: () => Promise<T>, deadlineMs = 5_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await env.client.withDeadline(Date.now() + deadlineMs, query);
    } catch (err) {
      const deadline = /deadline|DEADLINE_EXCEEDED/i.test(`${(err as Error).message} ${String((err as Error).cause ?? '')}`);
      if (!deadline || attempt >= 5) throw err;
    }
  }
}

/**
 * Waiting in workflows: for a fact to become true, or for a deadline, whichever comes first, on a
 * durable timer that carries a summary in the domain's words (shown in the Web UI's timeline).
 */
import * as wf from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';

/**
 * Waits until `fact()` is true or `timeout` has passed, on a timer named `summary`.
 * Unlike `wf.condition(fn, timeout)` the timer is visible with its summary, and it is cancelled
 * (not left pending) when the fact comes first.
 * @returns true if the fact became true, false if the time ran out.
 */
export async function factOrTimeout(fact: () => boolean, timeout: Duration, summary: string): Promise<boolean> {
  if (fact()) return true;
  return wf.CancellationScope.cancellable(async () => {
    const timer = wf.sleep(timeout, { summary }).then(() => false);
    const condition = wf.condition(fact).then(() => true);
    // Whichever loses is cancelled below; its rejection is expected, not an error.
    timer.catch(() => undefined);
    condition.catch(() => undefined);
    const met = await Promise.race([condition, timer]);
    wf.CancellationScope.current().cancel();
    return met;
  });
}

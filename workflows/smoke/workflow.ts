import * as wf from '@temporalio/workflow';
import type * as smoke from '../../activities/smoke.js';
import { STAGE } from '../search-attributes.js';
import { factOrTimeout } from '../shared/wait.js';
import { smokeStatusQuery, wakeUpSignal, type SmokeInput, type SmokeResult, type SmokeStatus } from './definitions.js';

// A local call to our own worker: a short timeout, default retries.
const { confirmSmoke } = wf.proxyActivities<ReturnType<typeof smoke.createSmokeActivities>>({
  startToCloseTimeout: '30 seconds',
});

/** Waits `wait` on a durable timer, then confirms through an activity. */
export async function smokeWorkflow(input: SmokeInput): Promise<SmokeResult> {
  let status: SmokeStatus = 'waiting';
  let wokenEarly = false;
  wf.setHandler(smokeStatusQuery, () => status);
  wf.setHandler(wakeUpSignal, () => {
    wokenEarly = true;
  });

  const startedAt = new Date().toISOString();
  wf.upsertSearchAttributes([{ key: STAGE, value: 'waiting' }]);
  await factOrTimeout(() => wokenEarly, input.wait, 'smoke: waiting before confirming');

  status = 'confirming';
  const wokeAt = new Date().toISOString();
  const confirmation = await confirmSmoke({ idempotencyKey: `${input.runId}:confirm`, wokeAt });

  status = 'done';
  wf.upsertSearchAttributes([{ key: STAGE, value: 'closed' }]);
  await wf.condition(wf.allHandlersFinished);
  return { startedAt, wokeAt, confirmation };
}

/**
 * The smoke workflow: a placeholder process that proves the stack (server, worker, timers,
 * activities, search attributes, queries, replay) before the real case workflow exists. It waits a
 * given time on a durable timer, then asks an activity to confirm it ran.
 *
 * `client/` and tests import only this file.
 */
import type { Duration } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const SMOKE_WORKFLOW_TYPE = 'smokeWorkflow';

/** What the smoke workflow is started with: ids and numbers only. */
export interface SmokeInput {
  /** An id for the run, used to derive the activity's idempotency key. */
  runId: string;
  /** How long to wait on the timer, e.g. "30 days". */
  wait: Duration;
}

/** What it returns: workflow time (the server's clock) before and after the wait. */
export interface SmokeResult {
  startedAt: string;
  wokeAt: string;
  /** The activity's answer: proves the worker ran an activity after the timer fired. */
  confirmation: string;
}

export type SmokeStatus = 'waiting' | 'confirming' | 'done';

/** Current status, for operators and tests. */
export const smokeStatusQuery = defineQuery<SmokeStatus>('smokeStatus');
/** Ends the wait early (used by tests that need no timer). */
export const wakeUpSignal = defineSignal('wakeUp');

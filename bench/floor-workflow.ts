/**
 * The floor: a trivial workflow that issues the same commands as the afbryd path it is measured
 * against — the same local activities, activities and timers in the same order, the same number of
 * signals received — and does nothing else: no search attributes, no patches, no state, no-op
 * activities with tiny payloads. What afbryd costs above it is afbryd's own cost; what both cost is
 * Temporal's (server, SDK, SQLite).
 *
 * The "floor + commands" variant also repeats afbryd's patch markers (`wf.patched` with the same
 * ids: a marker and, from the SDK, an upsert of TemporalChangeVersion each) and its search attribute
 * upserts (the same keys, placeholder values), so that the cost of those commands can be told apart
 * from the cost of afbryd's payloads and code.
 *
 * Registered only in the benchmarks' workflow bundle (bench/workflows.ts), never in afbryd's.
 */
import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import type { FloorActivities } from './floor-activities.js';

/** One command of the floor, in order. */
export type FloorStep =
  /** A local activity (afbryd: the settings snapshot). */
  | { t: 'local' }
  /** An activity; `tag` names the afbryd activity it stands for (the worker records its start by tag). */
  | { t: 'activity'; tag: string }
  /** A timer of `ms` milliseconds. */
  | { t: 'timer'; ms: number }
  /** A timer until the instant `at` (epoch ms), skipped when it has passed (as afbryd's `dayHasCome`). */
  | { t: 'until'; at: number }
  /** Waits for the next `floorSignal`. */
  | { t: 'signal' }
  /** `wf.patched(id)` (floor + commands only). */
  | { t: 'patch'; id: string }
  /** Upserts these search attributes with placeholder values (floor + commands only). */
  | { t: 'upsert'; keys: string[] };

export interface FloorInput {
  steps: FloorStep[];
}

export const FLOOR_WORKFLOW_TYPE = 'floorWorkflow';
/** Counts as one signal for the next `signal` step. */
export const floorSignal = wf.defineSignal('floorSignal');
/** How many `signal` steps have been passed, and whether the floor is waiting at one now. */
export const floorProgressQuery = wf.defineQuery<{ signalsUsed: number; waitingForSignal: boolean }>('floorProgress');

// The same options as afbryd's outside parties (workflows/case/workflow.ts `outside`).
const { floorActivity } = wf.proxyActivities<FloorActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const { floorLocal } = wf.proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '10 seconds' });

export async function floorWorkflow(input: FloorInput): Promise<number> {
  let signals = 0;
  let used = 0;
  let waiting = false;
  wf.setHandler(floorSignal, () => void signals++);
  wf.setHandler(floorProgressQuery, () => ({ signalsUsed: used, waitingForSignal: waiting }));
  for (const step of input.steps) {
    switch (step.t) {
      case 'local':
        await floorLocal();
        break;
      case 'activity':
        await floorActivity(step.tag);
        break;
      case 'timer':
        await wf.sleep(step.ms);
        break;
      case 'until': {
        const wait = step.at - Date.now();
        if (wait > 0) await wf.sleep(wait);
        break;
      }
      case 'patch':
        wf.patched(step.id);
        break;
      case 'upsert': {
        const pairs = ALL_SEARCH_ATTRIBUTES.filter((k) => step.keys.includes(k.name)).map(
          (key): SearchAttributeUpdatePair =>
            (key.type === 'BOOL'
              ? { key, value: false }
              : key.type === 'DATETIME'
                ? { key, value: new Date(0) }
                : key.type === 'KEYWORD_LIST'
                  ? { key, value: ['floor'] }
                  : { key, value: 'floor' }) as SearchAttributeUpdatePair,
        );
        if (pairs.length > 0) wf.upsertSearchAttributes(pairs);
        break;
      }
      case 'signal':
        waiting = true;
        await wf.condition(() => signals > used);
        waiting = false;
        used++;
        break;
    }
  }
  return input.steps.length;
}

/**
 * Waiting for a metering point's master data (issue 16 item 8), for every case-like workflow: version
 * 2 of the case (release 0.6.8), owner liability and requested disconnection (release 0.6.9), each
 * behind its own `masterDataWait` feature (workflows/releases.ts). One copy: the workflows differ only
 * in how they look the data up (version 2 by a local activity, the other two by an ordinary one — each
 * keeps the command its older runs recorded), the step they name as next, and what they publish while
 * waiting.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { masterDataSuppliedSignal } from '../case/definitions.js';
import { clearAttention, raiseAttention, type HasAttention } from './attention.js';
import { nowIso } from './kernel.js';

/** The failure type of a metering point without master data (activities/datahub.ts `UNKNOWN_METERING_POINT`). */
export const UNKNOWN_METERING_POINT = 'UnknownMeteringPoint';

/** What a waiting case keeps: its attention reasons, its next step and its timeline. */
export interface WaitsForMasterData extends HasAttention {
  next?: { step: string; date?: string; basis?: string; waitingFor?: string };
  timeline: { push(entry: { at: string; what: string; cause: { type: 'start' } }): unknown };
}

/**
 * The metering point's master data: looked up; while afbryd holds none (`UnknownMeteringPoint`), the
 * case does not fail but waits for an operator with the attention reason `master-data-missing`, and
 * looks again when nudged (`masterDataSupplied`: the poller stored an RSM-022, an operator supplied it)
 * or by itself after 10 s, doubling to at most an hour. A closing event (a payment, a cancellation)
 * ends the wait without master data: `undefined`.
 */
export async function awaitMasterData<M extends { meterKind: string }>(options: {
  meteringPointId: string;
  /** The lookup (activities/datahub.ts `lookupMeteringPoint`), as the workflow proxies it. */
  lookup: (input: { meteringPointId: string }) => Promise<M>;
  state: WaitsForMasterData;
  /** The step the case takes once it has the data (its `next.step` while it waits). */
  step: string;
  /** Whether a closing event arrived. */
  closing: () => boolean;
  /** Publishes the search attributes (with `extra` pairs, in the same upsert). */
  publish: (extra?: SearchAttributeUpdatePair[]) => void;
  /** Published when the wait begins, so the poller and the doors find the waiting case (its metering point at least). */
  whileWaiting: SearchAttributeUpdatePair[];
}): Promise<M | undefined> {
  const { state, publish } = options;
  let nudged = false;
  wf.setHandler(masterDataSuppliedSignal, () => {
    nudged = true;
  });
  for (let attempt = 0; ; attempt++) {
    try {
      const found = await options.lookup({ meteringPointId: options.meteringPointId });
      if (attempt > 0) {
        clearAttention(state, 'master-data-missing');
        delete state.next;
        state.timeline.push({ at: nowIso(), what: `master data arrived: meter kind ${found.meterKind}; the case goes on`, cause: { type: 'start' } });
        publish();
      }
      return found;
    } catch (err) {
      // A local activity's failure may reach the workflow as the ApplicationFailure itself, or wrapped.
      const cause = err instanceof wf.ActivityFailure ? (err.cause as { type?: string; message?: string } | undefined) : err instanceof wf.ApplicationFailure ? err : undefined;
      if (cause?.type !== UNKNOWN_METERING_POINT) throw err;
      if (attempt === 0) {
        raiseAttention(state, 'master-data-missing', cause.message ?? 'no master data', nowIso());
        state.next = { step: options.step, waitingFor: 'the master data of the metering point (an RSM-022 from DataHub, or an operator)' };
        state.timeline.push({ at: nowIso(), what: `waiting for master data: ${cause.message ?? 'none'}`, cause: { type: 'start' } });
        publish(options.whileWaiting);
      }
    }
    nudged = false;
    await wf.condition(() => nudged || options.closing(), Math.min(10_000 * 2 ** Math.min(attempt, 12), 3_600_000));
    if (options.closing()) {
      clearAttention(state, 'master-data-missing');
      delete state.next;
      publish();
      return undefined;
    }
  }
}

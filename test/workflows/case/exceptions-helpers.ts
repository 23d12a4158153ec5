/**
 * Helpers for the scenario tests of issue 6 (refusals, authorities, the grid's SLA, cancellations,
 * fees, the deposit): what a case sent to DataHub (follow-up requests included), what it booked in
 * billing, what it asked the authorities and the grid company.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { mridFromKey, type DataHubMessage } from '../../../activities/datahub.js';
import type { CaseView, OperatorTask } from '../../../workflows/case/definitions.js';
import type { CaseHarness } from './harness.js';

/** The distinct DataHub messages of a case, in order, follow-up requests (RSM-020 D09–D13) included. */
export function datahubOf(h: CaseHarness, caseId: string): DataHubMessage[] {
  const ids = new Set<string>();
  for (const step of ['datahub-request', 'datahub-cancel', 'datahub-start-of-supply', 'datahub-reopen']) {
    for (let cycle = 0; cycle < 5; cycle++) ids.add(mridFromKey(`${caseId}:${step}:${cycle}`, 'message'));
  }
  for (let cycle = 0; cycle < 5; cycle++) {
    for (let n = 0; n < 10; n++) ids.add(mridFromKey(`${caseId}:datahub-follow-up:${cycle}:${n}`, 'message'));
    // The circumstances known at the request, as RSM-020 after DataHub's confirmation (release 0.6.7).
    for (const serviceType of ['D09', 'D10', 'D11', 'D12', 'D13']) ids.add(mridFromKey(`${caseId}:circumstances:${cycle}:${serviceType}`, 'message'));
  }
  return h.deps.datahub
    .messages()
    .filter((m) => !m.duplicate && ids.has(m.message.messageId))
    .map((m) => m.message);
}

/** The fees billing booked for a case: `[kind, amountOre]`, in order. */
export function feesOf(h: CaseHarness, caseId: string): [string, number][] {
  return h.deps.billing
    .bookedFees()
    .filter((f) => f.caseId === caseId)
    .map((f) => [f.kind, f.amountOre]);
}

/** The open operator tasks of a view, by kind. */
export function openTasks(view: CaseView): OperatorTask['kind'][] {
  return (view.tasks ?? []).filter((t) => !t.closed).map((t) => t.kind);
}

/** Waits (clock stopped) until the view satisfies a predicate, then returns it. */
export async function until(h: CaseHarness, handle: WorkflowHandle, what: string, pred: (v: CaseView) => boolean): Promise<CaseView> {
  await expect.poll(async () => pred(await h.view(handle)), { timeout: 20_000, interval: 50, message: what }).toBe(true);
  return h.view(handle);
}

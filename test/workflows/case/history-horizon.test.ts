/**
 * The history horizon and the drain of version 1 (issue 14, items 1 and 5) on the time-skipping
 * server: a version 2 case that has waited 30 days (`historyHorizonDays`) for the reopening grounds
 * continues as new with its state, and a version 1 case that reaches that wait continues as new INTO
 * version 2. Both go on to reopen; the id, the queries, the search attributes and the result stay.
 *
 * The business case of business.test.ts (invoice due Fri 29 Jan 2027, physical meter): the request
 * goes out Fri 19 Feb 2027 with the cut-off Fri 26 Feb; the grid disconnects Mon 1 Mar 2027.
 * (Those dates are worked by hand there; here only the case's continuity is checked.) The version 2
 * case runs a year later (due Fri 28 Jan 2028: reminder 1 Mon 31 Jan, reminder 2 Fri 11 Feb, the
 * request Tue 22 Feb 2028; the grid disconnects Mon 28 Feb 2028), since the server's clock only moves
 * forward.
 *
 * Queries are not sent while a run continues as new: the time-skipping server can lose one sent at
 * that moment (test/support/time-skipping.ts, `queryWithRetry`). The tests wait through `describe`.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE } from '../../../workflows/search-attributes.js';
import type { CaseInput } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const input = (caseId: string, dueDate: string): CaseInput => ({
  caseId,
  customerId: CUSTOMER.business,
  meteringPointId: METERING_POINT.physical,
  invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 450_000, dueDate }],
  customerClass: 'business',
});

/** Waits (through describe, not a query) until the id's current run is of a type and another run than `notRun`. */
async function untilRun(handle: WorkflowHandle, type: string, notRun?: string): Promise<string> {
  let runId = '';
  await expect
    .poll(async () => {
      const d = await h.env.client.workflow.getHandle(handle.workflowId).describe();
      runId = d.runId;
      return d.type === type && d.runId !== notRun && d.status.name === 'RUNNING';
    }, { timeout: 20_000, interval: 100 })
    .toBe(true);
  return runId;
}

async function reopenAndClose(handle: WorkflowHandle, caseId: string, day: string): Promise<void> {
  await h.signal(handle, { messageId: `${caseId}-pay`, actor: 'billing', type: 'paymentReceived', amountOre: 450_000 });
  await h.signal(handle, { messageId: `${caseId}-agr`, actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: day });
  await h.untilStage(handle, 'reopening');
  await h.signal(handle, { messageId: `${caseId}-reopened`, actor: 'datahub', type: 'reopened', date: day });
  const closed = await h.untilStage(handle, 'closed');
  expect(closed.closed?.reason).toBe('reopened');
  // Closed in its last run (not read through result(): waiting on a result lets the time-skipping
  // server move its clock on, by years here).
  // The closed stage is published before the archive activity, which reads the closed view by query
  // (issue 14 item 8): the run completes a moment later.
  await expect.poll(async () => (await h.env.client.workflow.getHandle(handle.workflowId).describe()).status.name, { timeout: 20_000, interval: 100 }).toBe('COMPLETED');
}

describe('version 1 drains into version 2', () => {
  it('a version 1 case that reaches the wait for the reopening grounds continues as new into version 2', async () => {
    const caseId = 'drain-v1';
    // Started the day before the due date, so that no wait of version 1 is longer than the 30-day
    // horizon before the disconnection (a longer one drains it at once: the next test).
    await h.sleepUntil('2027-01-28', '12:00');
    const handle = await h.env.client.workflow.start('caseWorkflow', { args: [input(caseId, '2027-01-29')], workflowId: `case-${caseId}`, taskQueue: h.taskQueue });
    await h.sleepUntil('2027-03-01', '11:00');
    const v1Run = (await handle.describe()).runId;
    expect((await handle.describe()).type).toBe('caseWorkflow');
    await h.signal(handle, { messageId: `${caseId}-disc`, actor: 'datahub', type: 'disconnected', date: '2027-03-01' });
    await untilRun(handle, 'caseWorkflowV2', v1Run);

    const view = await h.view(handle);
    expect(view.stage).toBe('disconnected');
    expect(view.letters.map((l) => l.kind)).toEqual(['reminder1', 'reminder2', 'disconnectionNotice']);
    const whats = view.timeline.map((t) => t.what);
    expect(whats).toContain('version 1 drains into version 2 of the case workflow (waiting for the reopening grounds); the case goes on there');
    expect(whats.at(-1)).toBe('carried over from version 1 of the case workflow (caseWorkflow); it goes on here');
    expect(view.needsAttention).toBe(false);
    // Version 1's history has the drain's patch marker, then its continue-as-new.
    const v1Events = (await h.env.client.workflow.getHandle(handle.workflowId, v1Run).fetchHistory()).events ?? [];
    expect(v1Events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.workflowType?.name).toBe('caseWorkflowV2');

    await reopenAndClose(handle, caseId, '2027-03-02');
    // RULES 11 (release 0.6.6): version 1's disconnection letter stated no fees, so version 2 passes on
    // no reopening fee — the grid's 850 kr for a reopening by visit is recorded as not passed on.
    const closed = await h.view(handle);
    expect((closed.fees ?? []).map((f) => f.kind)).not.toContain('grid-reopening');
    expect(closed.timeline.map((t) => t.what)).toContain('fee not passed on: grid-reopening 850.00 kr, which the disconnection letter did not state');
  });

  it('a version 1 case whose next step is more than 30 days away drains at once, and version 2 sends it on its day', async () => {
    const caseId = 'drain-v1-long';
    // Tue 2 Mar 2027: an invoice due Mon 14 Jun 2027; reminder 1 is due Thu 17 Jun (due + 3 days), 107 days away.
    const handle = await h.env.client.workflow.start('caseWorkflow', { args: [input(caseId, '2027-06-14')], workflowId: `case-${caseId}`, taskQueue: h.taskQueue });
    await untilRun(handle, 'caseWorkflowV2', (await handle.describe()).runId);
    const view = await h.view(handle);
    expect(view.timeline.map((t) => t.what)).toContain('version 1 drains into version 2 of the case workflow (a wait of more than 30 days for reminder1); the case goes on there');
    expect(view.next).toMatchObject({ step: 'reminder1', date: '2027-06-17' });
    await h.sleepUntil('2027-06-17', '12:00');
    expect((await h.untilStage(handle, 'reminder-1')).letters.map((l) => [l.kind, l.sentDate])).toEqual([['reminder1', '2027-06-17']]);
  });
});

describe('the history horizon (version 2)', () => {
  it('continues as new after 30 days waiting for the reopening grounds, and goes on from there', async () => {
    const handle = await h.start(input('horizon-v2', '2028-01-28'));
    await h.sleepUntil('2028-02-28', '11:00');
    await h.signal(handle, { messageId: 'horizon-v2-disc', actor: 'datahub', type: 'disconnected', date: '2028-02-28' });
    const disconnected = await h.untilStage(handle, 'disconnected');
    const first = (await handle.describe()).runId;
    // Mon 28 Feb 2028 + 30 days = Wed 29 Mar 2028: the horizon; the case continues as new that day.
    await h.sleepUntil('2028-04-03', '10:00');
    const second = await untilRun(handle, 'caseWorkflowV2', first);
    expect(second).not.toBe(first);

    const view = await h.view(handle);
    expect(view.stage).toBe('disconnected');
    expect(view.letters).toEqual(disconnected.letters);
    expect(view.request).toEqual(disconnected.request);
    expect(view.timeline.at(-1)?.what).toBe('continued as new (reopening-grounds): the history starts afresh');
    // The new run's history starts afresh: a handful of events, not the case's whole past.
    const events = (await h.env.client.workflow.getHandle(handle.workflowId, second).fetchHistory()).events ?? [];
    expect(events.length).toBeLessThan(20);
    expect((await handle.describe()).typedSearchAttributes.get(STAGE)).toBe('disconnected');

    await reopenAndClose(handle, 'horizon-v2', '2028-04-03');
  });
});

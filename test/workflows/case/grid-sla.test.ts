/**
 * The grid's SLA (RULES 4): no outcome by the window deadline + 1 working day makes the case overdue
 * — the `AfbrydOverdue` search attribute, an operator task and a reminder to the grid — without ending
 * it. An operator's "DataHub outage" mark suspends the flag; when the outage is over the grid gets the
 * grace again from its end. The grid's report clears it.
 *
 * Household, physical meter, digital post, due Mon 13 Sep 2027: request Thu 4 Nov, cut-off Tue 9 Nov,
 * window d6 to Tue 16 Nov 2027 (household.test.ts), worked by hand.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS_ATTENTION, OVERDUE } from '../../../workflows/search-attributes.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { openTasks, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

/** The `AfbrydOverdue` search attribute as the server holds it (unset: never set). */
async function overdueAttribute(handle: WorkflowHandle): Promise<boolean | undefined> {
  return (await handle.describe()).typedSearchAttributes.get(OVERDUE);
}

describe('overdue detection and the outage mark', () => {
  it('flags the case overdue on Thu 18 Nov, suspends it during an outage, and clears it on the report', async () => {
    const caseId = 'sla-1';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-SLA', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-11-04', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ cutoff: '2027-11-09', windowDeadline: '2027-11-16' });

    // Wed 17 Nov 23:00 — the window deadline (Tue 16 Nov) + 1 working day — not yet overdue.
    await h.sleepUntil('2027-11-17', '23:00');
    const inTime = await h.view(handle);
    expect(inTime.gridSla).toMatchObject({ windowDeadline: '2027-11-16', reportBy: '2027-11-17', overdueFrom: '2027-11-18', overdue: false });
    expect(await overdueAttribute(handle)).not.toBe(true);

    // Thu 18 Nov 09:00: overdue — flag, operator task, a reminder to the grid; the case goes on.
    await h.sleepUntil('2027-11-18', '09:00');
    const overdue = await until(h, handle, 'overdue', (v) => v.gridSla?.overdue === true);
    expect(overdue.stage).toBe('disconnection-requested');
    expect(overdue.needsAttention).toBe(true);
    expect(openTasks(overdue)).toEqual(['grid-overdue']);
    await expect.poll(() => overdueAttribute(handle)).toBe(true);
    expect((await handle.describe()).typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(true);
    const reminders = h.deps.gridCompany.messagesOf(caseId);
    expect(reminders.map((m) => m.topic)).toEqual(['report-overdue']);
    expect(reminders[0]?.text).toContain('fristen udløb 2027-11-16');

    // Thu 18 Nov 10:00: an operator marks a known DataHub outage → the flag is suspended.
    await h.sleepUntil('2027-11-18', '10:00');
    await h.signal(handle, { messageId: 'sla-outage', actor: 'operator:jens', type: 'dataHubOutageMarked', note: 'DataHub nede 16.–19. nov.' });
    await expect.poll(() => overdueAttribute(handle)).toBe(false);
    expect((await h.view(handle)).dataHubOutage).toMatchObject({ messageId: 'sla-outage' });

    // Mon 22 Nov 10:00: the outage is over → the grid reports by Tue 23 Nov (1 working day after
    // Mon 22 Nov, later than Wed 17 Nov) → overdue again from Wed 24 Nov.
    await h.sleepUntil('2027-11-22', '10:00');
    await h.signal(handle, { messageId: 'sla-outage-over', actor: 'operator:jens', type: 'dataHubOutageCleared' });
    const cleared = await until(h, handle, 'the outage cleared', (v) => v.dataHubOutage === undefined);
    expect(cleared.gridSla).toMatchObject({ reportBy: '2027-11-23', overdueFrom: '2027-11-24', overdue: false });
    expect(openTasks(cleared)).toEqual([]);

    await h.sleepUntil('2027-11-23', '23:00');
    expect((await h.view(handle)).gridSla?.overdue).toBe(false);
    expect(await overdueAttribute(handle)).toBe(false);

    await h.sleepUntil('2027-11-24', '09:00');
    await until(h, handle, 'overdue again', (v) => v.gridSla?.overdue === true);
    await expect.poll(() => overdueAttribute(handle)).toBe(true);
    // a second reminder for the second episode
    expect(h.deps.gridCompany.messagesOf(caseId).map((m) => m.topic)).toEqual(['report-overdue', 'report-overdue']);

    // Thu 25 Nov: the grid reports the disconnection (late) → not overdue, the task closed.
    await h.sleepUntil('2027-11-25', '10:00');
    await h.signal(handle, { messageId: 'sla-disc', actor: 'datahub', type: 'disconnected', date: '2027-11-25' });
    const disconnected = await h.untilStage(handle, 'disconnected');
    expect(disconnected.gridSla?.overdue).toBe(false);
    expect(openTasks(disconnected)).toEqual([]);
    await expect.poll(() => overdueAttribute(handle)).toBe(false);
  });
});

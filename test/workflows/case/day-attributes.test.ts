/**
 * Release 0.6.5's search attributes (issue 17 item 6): what customer service and the Web UI query a
 * case by, without personal data — the customer number, the cut-off and the next step as Danish days
 * (a day query finds them), and the open attention reasons' codes.
 *
 * Household, physical meter, digital post, due Mon 13 Sep 2027 (as grid-sla.test.ts, worked by hand in
 * household.test.ts): request Thu 4 Nov 2027, cut-off Tue 9 Nov, window to Tue 16 Nov; the grid's
 * report is overdue from Thu 18 Nov. In November Denmark is on CET (UTC+1): AfbrydCutoffDate holds
 * 00:00 Danish time = 2027-11-08T23:00Z, which a query for "9 Nov" misses; AfbrydCutoffDay holds
 * 2027-11-09T00:00Z.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTENTION_REASONS, CUSTOMER_ID, CUTOFF_DATE, CUTOFF_DAY, NEXT_STEP_DAY } from '../../../workflows/search-attributes.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

async function attrs(handle: WorkflowHandle) {
  return (await handle.describe()).typedSearchAttributes;
}

describe('release 0.6.5: customer number, days and attention reasons as search attributes', () => {
  it('publishes them as the case goes, and removes the reasons when none is open', async () => {
    const handle = await h.start({
      caseId: 'days-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-DAYS', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await expect.poll(async () => (await attrs(handle)).get(CUSTOMER_ID)).toBe('C-1001');
    // A fresh case has no reason open: the attribute is absent, not an empty list.
    expect((await attrs(handle)).get(ATTENTION_REASONS)).toBeUndefined();

    await h.sleepUntil('2027-11-04', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ cutoff: '2027-11-09' });
    await expect.poll(async () => (await attrs(handle)).get(CUTOFF_DAY)?.toISOString()).toBe('2027-11-09T00:00:00.000Z');
    expect((await attrs(handle)).get(CUTOFF_DATE)?.toISOString()).toBe('2027-11-08T23:00:00.000Z');
    // The next step's day, as the case's own view states it.
    const next = (await h.view(handle)).next?.date;
    expect(next).toMatch(/^2027-11-/);
    expect((await attrs(handle)).get(NEXT_STEP_DAY)?.toISOString()).toBe(`${next}T00:00:00.000Z`);

    // Thu 18 Nov 09:00: the grid's report is overdue → an operator task → an open reason.
    await h.sleepUntil('2027-11-18', '09:00');
    const overdue = await until(h, handle, 'overdue', (v) => v.gridSla?.overdue === true);
    const codes = [...new Set((overdue.attention ?? []).map((r) => r.code))].sort();
    expect(codes.length).toBeGreaterThan(0);
    await expect.poll(async () => (await attrs(handle)).get(ATTENTION_REASONS)).toEqual(codes);

    // The grid reports the disconnection → the task closes, the request is no longer pending.
    await h.signal(handle, { messageId: 'days-done', actor: 'datahub', type: 'disconnected', date: '2027-11-18' });
    await h.untilStage(handle, 'disconnected');
    await expect.poll(async () => (await attrs(handle)).get(ATTENTION_REASONS)).toBeUndefined();
    await expect.poll(async () => (await attrs(handle)).get(CUTOFF_DAY)).toBeUndefined();
  });
});

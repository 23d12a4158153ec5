/**
 * Every letter sent is listed (issue 15 item 12): when a letter reaches the customer later than its
 * dates assumed, a corrected letter follows — and the case lists both, the first marked as superseded,
 * so customer service sees what the customer holds.
 *
 * Household, digital post, due Mon 13 Sep 2027: reminder 1 is due Thu 16 Sep (due + 3 days). Digital
 * post is down from then until Fri 17 Sep (the activity retries; its longest interval is 10 minutes):
 * the first reminder is delivered — and received — Fri 17 Sep, a day after its dates assumed, so its
 * payment deadline (10 days from receipt, RULES 2) moves from Sun 26 Sep to Mon 27 Sep in a corrected letter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a reminder delivered a day late', () => {
  it('lists the first letter (superseded) and the corrected one', async () => {
    const handle = await h.start({
      caseId: 'late-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-LATE', amountOre: 150_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-09-15', '12:00');
    // 200 failed attempts: at most 10 minutes apart, they last well past midnight.
    h.deps.digitalPost.failNext(200);
    await h.sleepUntil('2027-09-18', '12:00');
    const view = await until(h, handle, 'both letters', (v) => v.letters.length === 2);
    const [first, corrected] = view.letters;
    expect(first).toMatchObject({ kind: 'reminder1', receivedDate: '2027-09-17', supersededBy: corrected!.letterId });
    expect(corrected).toMatchObject({ kind: 'reminder1', receivedDate: '2027-09-17' });
    expect(corrected!.supersededBy).toBeUndefined();
    expect(h.letter('late-1:reminder1:0:corrected')?.body).toContain('mandag den 27. september 2027');
  });
});

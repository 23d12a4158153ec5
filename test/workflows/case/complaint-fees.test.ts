/**
 * Fees the customer must not pay (issue 15 item 7; RULES 11):
 * - no late-cancellation fee when a complaint caused the cancellation (release 0.6.2
 *   `noLateFeeAfterComplaint`): the customer exercised a right (BEK §32 stk. 2);
 * - no new reminder fee for a reminder redone after a hold (setting `feesOnRedoneSteps`, default false).
 *
 * Dates (household, physical meter, digital post; due Mon 13 Sep 2027, as household.test.ts): reminder 1
 * Thu 16 Sep, reminder 2 Mon 27 Sep, request Thu 4 Nov with cut-off Tue 9 Nov. The tests share one
 * server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { feesOf, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a complaint on the cut-off day after 08:00 cancels the request late', () => {
  it('records the late cancellation as not the customer’s, and does not pass the grid’s charge on', async () => {
    const caseId = 'complaint-late';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-CL', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-11-04', '12:00');
    await h.untilStage(handle, 'disconnection-requested');

    // Tue 9 Nov 09:30, after the grid's 08:00 check on the cut-off day: a complaint → cancel, pause.
    await h.sleepUntil('2027-11-09', '09:30');
    await h.signal(handle, { messageId: 'cl-cmp', actor: 'billing', type: 'complaintFiled', complaintId: 'K-CL' });
    const held = await until(h, handle, 'the late cancellation', (v) => v.lateCancellation !== undefined);
    expect(held.request?.status).toBe('cancelled');
    expect(held.lateCancellation).toMatchObject({
      date: '2027-11-09',
      time: '09:30',
      lateFeePossible: true,
      passOn: false,
      passOnBasis: expect.stringMatching(/^RULES 11: the cancellation was caused by a complaint or an appeal/),
    });

    // Mon 15 Nov: the grid charges the late cancellation: recorded, not passed on.
    await h.sleepUntil('2027-11-15', '10:00');
    await h.signal(handle, { messageId: 'cl-charge', actor: 'datahub', type: 'gridCharged', chargeKind: 'late-cancellation', amountOre: 85_000, date: '2027-11-09', chargeId: 'NG-CL-1' });
    const charged = await until(h, handle, 'the charge recorded', (v) => v.lateCancellation?.status === 'charged');
    expect(charged.timeline.some((t) => t.what.startsWith('the grid charged the late-cancellation fee (NG-CL-1); not passed on: RULES 11'))).toBe(true);
    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000],
      ['reminder-fee', 10_000],
    ]);
    await handle.terminate('test over');
  });
});

describe('a reminder redone after a complaint resolved against the customer', () => {
  it('carries no new reminder fee', async () => {
    const caseId = 'redone-no-fee';
    // due Mon 10 Jan 2028: reminder 1 Thu 13 Jan 2028 (due + 3), with its fee.
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-RD', amountOre: 200_000, dueDate: '2028-01-10' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2028-01-13', '12:00');
    await h.untilStage(handle, 'reminder-1');
    await h.sleepUntil('2028-01-14', '10:00');
    await h.signal(handle, { messageId: 'rd-cmp', actor: 'billing', type: 'complaintFiled', complaintId: 'K-RD' });
    await h.untilStage(handle, 'on-hold');
    await h.sleepUntil('2028-01-17', '10:00');
    await h.signal(handle, { messageId: 'rd-res', actor: 'operator:jens', type: 'complaintResolved', complaintId: 'K-RD', upheld: false });
    const redone = await until(h, handle, 'the redone letter', (v) => v.letters.some((l) => l.cycle === 1));
    const again = redone.letters.find((l) => l.cycle === 1)!;
    expect(['reminder1', 'reminder2']).toContain(again.kind);
    expect(redone.timeline.find((t) => t.facts?.letterId === again.letterId)?.facts?.fee).toBe(
      'none: RULES 11: no reminder fee for a step redone after a hold (feesOnRedoneSteps)',
    );
    // One reminder fee only: the first reminder's.
    expect(feesOf(h, caseId)).toEqual([['reminder-fee', 10_000]]);
    // The redone letter charges no fee of its own; it names reminder 1's, still owed (RULES 11):
    // 2.000 kr. + 100 kr. from Thu 13 Jan = 2.100 kr.
    const body = h.letter(again.letterId)?.body ?? '';
    expect(body).not.toMatch(/^Rykkergebyr:/m);
    expect(body).toMatch(/^Rykkergebyr fra 13\. januar 2028: +100,00 kr\.$/m);
    expect(body).toMatch(/^I alt at betale: +2\.100,00 kr\.$/m);
    expect(h.letter('redone-no-fee:reminder1:0')?.body).toContain('Rykkergebyr');
    await handle.terminate('test over');
  });
});

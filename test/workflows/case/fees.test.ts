/**
 * Fees passed to billing exactly once (RULES 8), under retries: billing's simulated outages — an answer
 * lost after the fee was booked, a failure before it was — make the activity retry with the same
 * idempotency key, and billing books each fee once. Reminder fees (Interest Act §9b), the grid's fees
 * per its tariff and the supplier's per product; for a business the 310 kr compensation once
 * (Interest Act §9a stk. 3) instead of reminder fees.
 *
 * Dates worked out by hand; the tests share one server clock and run in date order.
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

const callsFor = (key: string) => h.deps.billing.feeCalls.filter((c) => c.request.idempotencyKey === key).map((c) => c.outcome);

describe('household, physical meter, product standard (due Mon 13 Sep 2027)', () => {
  it('books each fee once although billing fails and answers late', async () => {
    const caseId = 'fees-retry';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-FEE', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    // Rykker 1 is due Thu 16 Sep (13 Sep + 3). Billing books its fee, then the answer is lost — twice.
    h.deps.billing.failNextCharges(2, 'after-booking');
    await h.sleepUntil('2027-09-16', '12:00');
    const r1 = await until(h, handle, 'the reminder fee is charged', (v) => (v.fees ?? []).length === 1);
    expect(callsFor('fees-retry:fee:reminder-fee:reminder1:0')).toEqual(['failed-after-booking', 'failed-after-booking', 'duplicate']);
    expect(r1.fees).toEqual([expect.objectContaining({ kind: 'reminder-fee', amountOre: 10_000, date: '2027-09-16', idempotencyKey: 'fees-retry:fee:reminder-fee:reminder1:0' })]);
    expect(r1.timeline.find((t) => t.what === 'rykker 1 sent')?.facts).toMatchObject({ fee: 'reminder-fee', feeOre: 10_000 });
    // the letter states the fee it carries
    expect(h.letter('fees-retry:reminder1:0')?.body).toContain('Rykkergebyr');

    // Rykker 2, Mon 27 Sep: 11 days after the first fee (≥ 10) → the second fee.
    await h.sleepUntil('2027-09-27', '12:00');
    await until(h, handle, 'the second reminder fee', (v) => (v.fees ?? []).length === 2);
    // RULES 11: rykker 2's amount is what is owed now — 2.000,00 kr. unpaid + rykker 1's fee of
    // 100,00 kr. from Thu 16 Sep + its own 100,00 kr. = 2.200,00 kr.
    const r2 = h.letter('fees-retry:reminder2:0')?.body ?? '';
    expect(r2).toMatch(/Ubetalt beløb: +2\.000,00 kr\./);
    expect(r2).toMatch(/Rykkergebyr fra 16\. september 2027: +100,00 kr\./);
    expect(r2).toMatch(/I alt at betale: +2\.200,00 kr\./);

    // Request Thu 4 Nov, cut-off Tue 9 Nov (household.test.ts). Billing is down when the disconnection comes in.
    await h.sleepUntil('2027-11-09', '12:00');
    await h.untilStage(handle, 'disconnection-requested');
    h.deps.billing.failNextCharges(1, 'before-booking');
    await h.signal(handle, { messageId: 'fees-disc', actor: 'datahub', type: 'disconnected', date: '2027-11-09' });
    await h.untilStage(handle, 'disconnected');
    // the retry (5 s later) books it; skip past it
    await h.sleepUntil('2027-11-09', '13:00');
    await until(h, handle, 'the disconnection fees', (v) => (v.fees ?? []).length === 4);
    expect(callsFor('fees-retry:fee:grid-disconnection:0')).toEqual(['failed-before-booking', 'booked']);

    // Mon 15 Nov: the grid's own charge for the disconnection arrives (twice, one message id): it
    // matches what was passed on from the tariff — reconciled, nothing booked.
    await h.sleepUntil('2027-11-15', '10:00');
    const charge = { messageId: 'fees-grid-charge', actor: 'datahub', type: 'gridCharged', chargeKind: 'disconnection', amountOre: 85_000, date: '2027-11-09', chargeId: 'NG-D-1' } as const;
    await h.signal(handle, charge);
    await h.signal(handle, charge);
    await until(h, handle, 'reconciled', (v) => v.timeline.some((t) => t.what.includes('NG-D-1 reconciled with the 850.00 kr passed on')));
    expect(await h.outcome(handle, 'fees-grid-charge')).toMatchObject({ outcome: 'applied' });

    // Fri 19 Nov 10:00: paid and a new agreement → reopening the same day (physical, before 11:00).
    await h.sleepUntil('2027-11-19', '10:00');
    await h.signal(handle, { messageId: 'fees-pay', actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
    await h.signal(handle, { messageId: 'fees-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-19' });
    await h.untilStage(handle, 'reopening');
    await h.signal(handle, { messageId: 'fees-reopened', actor: 'datahub', type: 'reopened', date: '2027-11-19' });
    const closed = await h.untilStage(handle, 'closed');

    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000], // rykker 1: 100 kr (Interest Act §9b)
      ['reminder-fee', 10_000], // rykker 2
      ['grid-disconnection', 85_000], // the grid's tariff (illustrative default), physical
      ['supplier-disconnection-visit', 30_000], // product standard (seed 003): 300 kr on the visit
      ['grid-reopening', 85_000], // physical reopening; standard charges no reopening fee of its own
    ]);
    // one booking per key, and the view says the same
    const keys = h.deps.billing.bookedFees().filter((f) => f.caseId === caseId).map((f) => f.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(closed.fees?.map((f) => f.idempotencyKey)).toEqual(keys);
    expect(closed.fees?.every((f) => f.basis.length > 0)).toBe(true);
  });
});

describe('business, due Mon 22 Nov 2027', () => {
  it('charges the 310 kr compensation once, with rykker 1, and no reminder fees', async () => {
    const caseId = 'fees-business';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-FB', amountOre: 400_000, dueDate: '2027-11-22' }],
      customerClass: 'business',
      // billing says the agreement is one between businesses: the 310 kr may be charged (Interest Act §1 stk. 4)
      compensationEligible: true,
    });
    // rykker 1 Thu 25 Nov; pay by Sun 5 Dec; rykker 2 Mon 6 Dec
    await h.sleepUntil('2027-12-06', '12:00');
    const r2 = await h.untilStage(handle, 'reminder-2');
    expect(feesOf(h, caseId)).toEqual([['business-compensation', 31_000]]);
    // RULES 11: the letter that charges the 310 kr states it (it was charged but printed nowhere).
    expect(h.letter(`${caseId}:reminder1:0`)?.body).toContain('Kompensation for inddrivelsesomkostninger: 310,00 kr.');
    expect(r2.fees?.[0]).toMatchObject({ date: '2027-11-25', basis: expect.stringContaining('§9a stk. 3') });
    expect(r2.timeline.find((t) => t.what === 'rykker 2 sent')?.facts?.fee).toContain('charged once already');
    expect(h.letter('fees-business:reminder1:0')?.body).not.toContain('Rykkergebyr');
  });
});

/**
 * Cancellation timing (RULES 2.6; SV 2.2.1 d–e, 2.4):
 * - a cancellation after 08:00 on a day the grid could disconnect records a *possible* late fee, booked
 *   only when the grid's charge arrives via DataHub;
 * - a cancellation the grid receives after disconnecting but before reporting it: the grid reopens by
 *   itself — afbryd waits for that and sends no reopening of its own;
 * - the grid had already reported the disconnection: afbryd runs the reopening path (no cancellation).
 *
 * Dates worked out by hand (calendar 2027–28: 24 and 31 Dec, 1 Jan are not working days). The tests
 * share one server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { datahubOf, feesOf, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a late cancellation (household, physical meter, due Mon 13 Sep 2027)', () => {
  it('records a possible late fee at 09:30 on the cut-off day and books it only when the grid charges it', async () => {
    const caseId = 'late-cancel';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-LC', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    // request Thu 4 Nov, cut-off Tue 9 Nov, window d6 to Tue 16 Nov (household.test.ts)
    await h.sleepUntil('2027-11-04', '12:00');
    await h.untilStage(handle, 'disconnection-requested');

    // Tue 9 Nov 09:30 — after the grid's 08:00 check on the cut-off day, a household disconnection day —
    // paid and a new agreement: the request is cancelled at once.
    await h.sleepUntil('2027-11-09', '09:30');
    await h.signal(handle, { messageId: 'lc-pay', actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
    await h.signal(handle, { messageId: 'lc-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-09' });
    const closing = await h.untilStage(handle, 'closing');
    expect(closing.request?.status).toBe('cancelled');
    expect(closing.lateCancellation).toMatchObject({
      date: '2027-11-09',
      time: '09:30',
      lateFeePossible: true,
      // the grid reports a disconnection by the day after: Wed 10 Nov
      reportBy: '2027-11-10',
      // 9 Nov + 45 days: 21 days to 30 Nov, 24 more → Fri 24 Dec
      chargeWaitUntil: '2027-12-24',
      status: 'possible',
      // the customer's ground arrived 09:30, after 08:00: passed on
      passOn: true,
    });
    expect(datahubOf(h, caseId).map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);

    // Thu 11 Nov: no disconnection was reported by Wed 10 Nov; the fee is still only possible — not booked.
    await h.sleepUntil('2027-11-11', '12:00');
    const waiting = await until(h, handle, 'the report wait is over', (v) => v.timeline.some((t) => t.what.startsWith('no disconnection reported by 2027-11-10')));
    expect(waiting.stage).toBe('closing');
    expect(waiting.next?.waitingFor).toContain('late cancellation (until 2027-12-24)');
    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000],
      ['reminder-fee', 10_000],
    ]);

    // Mon 15 Nov: the grid's charge arrives via DataHub → booked once; the case closes.
    await h.sleepUntil('2027-11-15', '10:00');
    const charge = { messageId: 'lc-charge', actor: 'datahub', type: 'gridCharged', chargeKind: 'late-cancellation', amountOre: 85_000, date: '2027-11-09', chargeId: 'NG-LC-1' } as const;
    await h.signal(handle, charge);
    await h.signal(handle, charge);
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('paid');
    expect(closed.lateCancellation?.status).toBe('charged');
    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000],
      ['reminder-fee', 10_000],
      // the fee of a physical disconnection (default tariff 850 kr), not more than the grid charged
      ['grid-late-cancellation', 85_000],
    ]);
    expect(closed.fees?.at(-1)).toMatchObject({ trigger: 'lc-charge', basis: expect.stringContaining('SV 2.2.1 e, 2.4') });
  });
});

describe('the grid disconnected before the cancellation reached it (business, physical meter, due Mon 15 Nov 2027)', () => {
  it('waits for the grid to reopen by itself and sends no reopening of its own', async () => {
    const caseId = 'crossed-cancel';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-CC', amountOre: 400_000, dueDate: '2027-11-15' }],
      customerClass: 'business',
      // billing says the agreement is one between businesses: the 310 kr may be charged (Interest Act §1 stk. 4)
      compensationEligible: true,
    });
    // reminder 1 Thu 18 Nov, pay by Sun 28 Nov; reminder 2 Mon 29 Nov, pay by Thu 9 Dec; request Fri 10 Dec;
    // cut-off Mon 13, Tue 14, Wed 15 → Wed 15 Dec; physical d6: 15, 16, 17, 20, 21, 22 Dec
    await h.sleepUntil('2027-12-10', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-12-10', cutoff: '2027-12-15', windowDeadline: '2027-12-22' });

    // Wed 15 Dec 11:00: paid and a new agreement → cancelled (late: after 08:00 on the cut-off day).
    await h.sleepUntil('2027-12-15', '11:00');
    await h.signal(handle, { messageId: 'cc-pay', actor: 'billing', type: 'paymentReceived', amountOre: 400_000 });
    await h.signal(handle, { messageId: 'cc-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: '2027-12-15' });
    await h.untilStage(handle, 'closing');

    // 15:00: DataHub reports that the grid disconnected that day — before the cancellation reached it.
    await h.sleepUntil('2027-12-15', '15:00');
    await h.signal(handle, { messageId: 'cc-disc', actor: 'datahub', type: 'disconnected', date: '2027-12-15' });
    const disconnected = await h.untilStage(handle, 'disconnected');
    expect(disconnected.selfReopening).toEqual({ disconnectedDate: '2027-12-15', messageId: 'cc-disc' });
    expect(disconnected.next?.waitingFor).toContain('reopen by itself');
    expect(await h.outcome(handle, 'cc-disc')).toMatchObject({ outcome: 'applied' });

    // Thu 16 Dec: the grid reports its own reopening.
    await h.sleepUntil('2027-12-16', '10:00');
    await h.signal(handle, { messageId: 'cc-reopened', actor: 'datahub', type: 'reopened', date: '2027-12-16' });
    const reopened = await h.untilStage(handle, 'closing');
    expect(reopened.selfReopening?.reopenedDate).toBe('2027-12-16');

    // Mon 20 Dec: the late-cancellation charge → booked; closed.
    await h.sleepUntil('2027-12-20', '10:00');
    await h.signal(handle, { messageId: 'cc-charge', actor: 'datahub', type: 'gridCharged', chargeKind: 'late-cancellation', amountOre: 85_000, date: '2027-12-15', chargeId: 'NG-CC-1' });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('paid');
    // afbryd sent no start of supply and no reopening (D03): only the request and its cancellation
    expect(datahubOf(h, caseId).map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(feesOf(h, caseId)).toEqual([
      ['business-compensation', 31_000],
      ['grid-late-cancellation', 85_000],
    ]);
  });
});

describe('the grid had already reported the disconnection (household, physical meter, due Mon 20 Dec 2027)', () => {
  it('runs the reopening path: start of supply and D03, no cancellation', async () => {
    const caseId = 'reported-then-paid';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-RP', amountOre: 150_000, dueDate: '2027-12-20' }],
      customerClass: 'household',
    });
    // reminder 1 Thu 23 Dec, pay by Sun 2 Jan; reminder 2 Mon 3 Jan 2028, pay by Thu 13 Jan; security demand
    // Fri 14 Jan, deadline 15 hverdage: 17–21, 24–28 Jan, 31 Jan–4 Feb → Fri 4 Feb; termination notice
    // Sat 5 Feb, effective Mon 7, Tue 8, Wed 9 Feb; request Thu 10 Feb; cut-off Fri 11, Mon 14, Tue 15 →
    // Tue 15 Feb; physical d6: 15, 16, 17, 18, 21, 22 Feb
    await h.sleepUntil('2028-02-10', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2028-02-10', cutoff: '2028-02-15', windowDeadline: '2028-02-22' });

    // Tue 15 Feb 10:00: disconnected and reported.
    await h.sleepUntil('2028-02-15', '10:00');
    await h.signal(handle, { messageId: 'rp-disc', actor: 'datahub', type: 'disconnected', date: '2028-02-15' });
    await h.untilStage(handle, 'disconnected');

    // 11:30 the same day: paid and a new agreement → reopening; physical, after 11:00 → the next working
    // day, Wed 16 Feb.
    await h.sleepUntil('2028-02-15', '11:30');
    await h.signal(handle, { messageId: 'rp-pay', actor: 'billing', type: 'paymentReceived', amountOre: 150_000 });
    await h.signal(handle, { messageId: 'rp-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2028-02-15' });
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2028-02-16' });
    expect(datahubOf(h, caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2028-02-15', circumstances: [] },
      { kind: 'RequestStartOfSupply', meteringPointId: METERING_POINT.physical, startDate: '2028-02-15', customerId: CUSTOMER.digital },
      { kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D03', date: '2028-02-15' },
    ]);
    expect(reopening.lateCancellation).toBeUndefined();

    await h.sleepUntil('2028-02-16', '10:00');
    await h.signal(handle, { messageId: 'rp-reopened', actor: 'datahub', type: 'reopened', date: '2028-02-16' });
    expect((await h.untilStage(handle, 'closed')).closed?.reason).toBe('reopened');
  });
});

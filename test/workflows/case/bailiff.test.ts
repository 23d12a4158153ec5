/**
 * The bailiff court path (RULES 5; SV 2.3.3.1, 2.3.6): no access to the meter (D58) → an immediate
 * enforcement (umiddelbar fogedforretning) requested by the supplier, who pays the court fee (passed
 * on per the product) and attends the court's meetings; the court-set time forwarded to the grid as a
 * new RSM-020 D11 in the same process; then disconnection, fees, reopening. And D43 withdrawn when the
 * customer pays and signs a new agreement (SV 2.3.6 e).
 *
 * Dates worked out by hand (calendar 2027–28: 24 and 31 Dec, 1 Jan are not working days). The tests
 * share one server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { datahubOf, feesOf, openTasks, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('D58 no access → the bailiff court, end to end (household, physical meter, due Mon 13 Sep 2027)', () => {
  it('requests the enforcement, attends the meetings, forwards the court time (D11), disconnects and reopens', async () => {
    const caseId = 'd58-bailiff';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-D58', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
      productId: 'standard',
    });
    // request Thu 4 Nov, cut-off Tue 9 Nov, window d6 to Tue 16 Nov (household.test.ts)
    await h.sleepUntil('2027-11-04', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');

    // Tue 9 Nov 15:00: the grid could not get in (D58), and charges its futile visit via DataHub.
    await h.sleepUntil('2027-11-09', '15:00');
    await h.signal(handle, { messageId: 'd58-refusal', actor: 'datahub', type: 'notDisconnected', reason: 'D58', text: 'ingen adgang til måleren' });
    const court = await until(h, handle, 'the court is asked', (v) => (v.authorityContacts?.length ?? 0) === 1);
    expect(court.stage).toBe('special-circumstances');
    const contact = court.authorityContacts![0]!;
    expect(contact).toMatchObject({
      authority: 'bailiff-court',
      why: 'D58',
      askedOn: '2027-11-09',
      // 5 working days from Tue 9 Nov: 10, 11, 12, 15, 16 → Tue 16 Nov; 10: … 17, 18, 19, 22, 23 → Tue 23 Nov
      chaseOn: '2027-11-16',
      taskOn: '2027-11-23',
    });
    expect(h.deps.authorities.callsOf(caseId).map((c) => [c.kind, c.request])).toEqual([
      [
        'enforcement',
        expect.objectContaining({
          // the court is told whose meter it is: the grid company of the metering point
          gridCompanyGln: '5790000000005',
          why: 'D58',
          courtFeeOre: 30_000,
        }),
      ],
    ]);
    await h.signal(handle, {
      messageId: 'd58-futile',
      actor: 'datahub',
      type: 'gridCharged',
      chargeKind: 'futile-visit',
      amountOre: 85_000,
      date: '2027-11-09',
      chargeId: 'NG-FV-1',
    });
    await until(h, handle, 'the futile visit is booked', (v) => (v.fees ?? []).some((f) => f.kind === 'grid-futile-visit'));

    // Mon 15 Nov: the court calls a preliminary meeting for Fri 19 Nov 10:00: the supplier attends.
    await h.sleepUntil('2027-11-15', '10:00');
    await h.signal(handle, { messageId: 'd58-prelim', actor: 'operator:mette', type: 'courtScheduled', courtCaseId: contact.reference, meeting: 'preliminary-meeting', date: '2027-11-19', time: '10:00' });
    const meeting = await until(h, handle, 'a task to attend', (v) => openTasks(v).includes('attend-court'));
    // the court is moving: the chase counts from the meeting, Fri 19 Nov: 22, 23, 24, 25, 26 → Fri 26 Nov;
    // the task 29, 30 Nov, 1, 2, 3 Dec → Fri 3 Dec
    expect(meeting.authorityContacts?.[0]).toMatchObject({ chaseOn: '2027-11-26', taskOn: '2027-12-03' });
    const attendPrelim = meeting.tasks!.find((t) => t.kind === 'attend-court')!;
    expect(attendPrelim.what).toContain('on 2027-11-19 at 10:00');

    // Wed 17 Nov (after the first chase date, Tue 16 Nov): not chased, the court is working.
    await h.sleepUntil('2027-11-17', '12:00');
    expect(h.deps.authorities.callsOf(caseId).map((c) => c.kind)).toEqual(['enforcement']);

    // Fri 19 Nov: attended.
    await h.sleepUntil('2027-11-19', '13:00');
    await h.signal(handle, { messageId: 'd58-attended-1', actor: 'operator:mette', type: 'taskDone', taskId: attendPrelim.taskId });

    // Mon 22 Nov 11:00: the court sets the enforcement for Thu 2 Dec at 09:30 → forwarded at once (D11).
    await h.sleepUntil('2027-11-22', '11:00');
    await h.signal(handle, { messageId: 'd58-enforcement', actor: 'operator:mette', type: 'courtScheduled', courtCaseId: contact.reference, meeting: 'enforcement', date: '2027-12-02', time: '09:30' });
    const forwarded = await until(h, handle, 'D11 sent', (v) => (v.followUps?.length ?? 0) === 1);
    expect(forwarded.followUps?.[0]).toMatchObject({
      serviceType: 'D11',
      after: 'D58',
      sentDate: '2027-11-22',
      // the court's date
      date: '2027-12-02',
      // physical, d6 from Thu 2 Dec: 2, 3, 6, 7, 8, 9 Dec → Thu 9 Dec
      windowDeadline: '2027-12-09',
    });
    expect(forwarded.stage).toBe('disconnection-requested');
    expect(openTasks(forwarded)).toEqual(['attend-court']);
    expect(datahubOf(h, caseId).map((m) => m.request)[1]).toEqual({
      kind: 'RequestService',
      meteringPointId: METERING_POINT.physical,
      serviceType: 'D11',
      date: '2027-12-02',
      processId: requested.request!.processId,
      description: `Fogedretten (sag ${contact.reference}) har fastsat fogedforretningen til 2027-12-02 kl. 09:30; elleverandøren møder op. Afbrydelse tidligst 2027-12-02. Sag ${caseId}.`,
    });

    // Thu 2 Dec: the enforcement; the grid disconnects.
    await h.sleepUntil('2027-12-02', '12:00');
    await h.signal(handle, { messageId: 'd58-disc', actor: 'datahub', type: 'disconnected', date: '2027-12-02' });
    const disconnected = await h.untilStage(handle, 'disconnected');
    await h.signal(handle, { messageId: 'd58-attended-2', actor: 'operator:mette', type: 'taskDone', taskId: disconnected.tasks!.find((t) => t.kind === 'attend-court' && !t.closed)!.taskId });

    // Mon 6 Dec 10:00: paid and a new agreement → reopening; physical, before 11:00 → the same day.
    await h.sleepUntil('2027-12-06', '10:00');
    await h.signal(handle, { messageId: 'd58-pay', actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
    await h.signal(handle, { messageId: 'd58-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-12-06' });
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ date: '2027-12-06' });
    await h.signal(handle, { messageId: 'd58-reopened', actor: 'datahub', type: 'reopened', date: '2027-12-06' });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('reopened');
    expect(openTasks(closed)).toEqual([]);
    expect(datahubOf(h, caseId).map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestService', 'RequestStartOfSupply', 'RequestService']);
    // enforced, so nothing to withdraw; never chased
    expect(h.deps.authorities.callsOf(caseId).map((c) => c.kind)).toEqual(['enforcement']);
    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000], // rykker 1, Thu 16 Sep
      ['reminder-fee', 10_000], // rykker 2, Mon 27 Sep (11 days later)
      ['court-fee', 30_000], // the court fee the supplier paid, passed on (product standard)
      ['grid-futile-visit', 85_000], // the grid's charge for the futile visit (the default tariff)
      ['supplier-disconnection-visit', 30_000], // seed 003: 300 kr on the grid's visit
      ['grid-disconnection', 85_000], // the enforcement: a physical disconnection
      ['supplier-disconnection-visit', 30_000], // … and its visit
      ['grid-reopening', 85_000], // physical reopening; product standard charges no reopening fee of its own
    ]);
  });
});

describe('D43 withdrawn: paid and a new agreement (business, product business-flex, due Mon 6 Dec 2027)', () => {
  it('cancels the request and withdraws the court case (SV 2.3.6 e)', async () => {
    const caseId = 'd43-withdrawn';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-D43', amountOre: 600_000, dueDate: '2027-12-06' }],
      customerClass: 'business',
      // billing says the agreement is one between businesses: the 310 kr may be charged (Interest Act §1 stk. 4)
      compensationEligible: true,
      productId: 'business-flex',
    });
    // request Mon 3 Jan 2028, cut-off Thu 6 Jan (see refusals.test.ts, D42)
    await h.sleepUntil('2028-01-03', '12:00');
    await h.untilStage(handle, 'disconnection-requested');
    await h.sleepUntil('2028-01-07', '10:00');
    await h.signal(handle, { messageId: 'd43-refusal', actor: 'datahub', type: 'notDisconnected', reason: 'D43' });
    await until(h, handle, 'the court is asked', (v) => (v.authorityContacts?.length ?? 0) === 1);
    await until(h, handle, 'the court fees booked', (v) => (v.fees ?? []).length === 3);

    // Mon 10 Jan 11:00: paid in full and a new agreement.
    await h.sleepUntil('2028-01-10', '11:00');
    await h.signal(handle, { messageId: 'd43-pay', actor: 'billing', type: 'paymentReceived', amountOre: 600_000 });
    await h.signal(handle, { messageId: 'd43-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: '2028-01-10' });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('paid');
    expect(closed.request?.status).toBe('cancelled');
    expect(closed.authorityContacts?.[0]?.withdrawn).toBe(true);
    expect(datahubOf(h, caseId).map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(h.deps.authorities.callsOf(caseId).map((c) => c.kind)).toEqual(['enforcement', 'withdraw']);
    // the grid refused before the cancellation: no late fee is possible, nothing to wait for
    expect(closed.lateCancellation).toBeUndefined();
    expect(feesOf(h, caseId)).toEqual([
      ['business-compensation', 31_000], // with rykker 1, Thu 9 Dec (Interest Act §9a stk. 3), once
      ['court-fee', 30_000],
      ['supplier-bailiff-case', 250_000], // seed 002: fogedforretning 2,500 kr
    ]);
  });
});

/**
 * The household path (RULES 2) end to end on the time-skipping server: the worked example of RULES 2
 * to disconnection and reopening, with dates worked out by hand from RULES.md. The time-skipping
 * server starts at today's date, so the example is moved to 2027 (the worked example's 2026 dates are
 * past): due Mon 13 Sep 2027 has the worked example's weekdays one day earlier in the month, and no
 * public holiday falls between September and the end of November.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('household, physical meter, digital post (RULES 2 worked example)', () => {
  it('runs from reminder 1 to disconnection and reopening on the hand-worked dates', async () => {
    const handle = await h.start({
      caseId: 'hh-worked-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-1', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });

    // Through to the request: Thu 4 Nov 2027 09:00.
    await h.sleepUntil('2027-11-04', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    const letters = requested.letters.map((l) => [l.kind, l.sentDate, l.receivedDate, l.channel]);
    expect(letters).toEqual([
      // due Mon 13 Sep + 3 days = Thu 16 Sep; digital post: received the same day
      ['reminder1', '2027-09-16', '2027-09-16', 'digital'],
      // the day after reminder 1's deadline (16 Sep + 10 = 26 Sep): Mon 27 Sep (11 days after, ≥ 10)
      ['reminder2', '2027-09-27', '2027-09-27', 'digital'],
      // the day after reminder 2's deadline (27 Sep + 10 = 7 Oct): Fri 8 Oct
      ['securityDemand', '2027-10-08', '2027-10-08', 'digital'],
      // the day after the security deadline (Fri 29 Oct): Sat 30 Oct
      ['terminationNotice', '2027-10-30', '2027-10-30', 'digital'],
      // the first working day after the termination is effective (Wed 3 Nov): Thu 4 Nov
      ['disconnectionNotice', '2027-11-04', '2027-11-04', 'digital'],
    ]);
    // 15 hverdage from Fri 8 Oct: 11–15, 18–22, 25–29 Oct
    expect(requested.securityDeadline?.date).toBe('2027-10-29');
    // 3× the simulated expected monthly payment of 850 kr
    expect(requested.securityDeadline?.securityAmountOre).toBe(255_000);
    // 3 hverdage from Sat 30 Oct: Mon 1, Tue 2, Wed 3 Nov
    expect(requested.terminationEffective?.date).toBe('2027-11-03');
    expect(requested.request).toMatchObject({
      kind: 'end-of-supply',
      sentDate: '2027-11-04',
      // 3 working days after Thu 4 Nov: 5, 8, 9 Nov → Tue 9 Nov, a household disconnection day,
      // after the hverdag (Fri 5 Nov) following the letter's receipt
      cutoff: '2027-11-09',
      // physical, d6: 9, 10, 11, 12, 15, 16 Nov
      windowDeadline: '2027-11-16',
      status: 'sent',
    });
    const sent = h.deps.datahub.requestsFor(METERING_POINT.physical);
    expect(sent.map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-11-09', circumstances: [] },
    ]);
    // The disconnection letter states the cut-off date and the hverdag before it.
    const notice = h.deps.digitalPost.contentOf('hh-worked-1:disconnectionNotice:0');
    // the hverdag before Tue 9 Nov: Mon 8 Nov
    expect(notice?.body).toContain('tirsdag den 9. november 2027');
    expect(notice?.body).toContain('mandag den 8. november 2027');
    // SV 2.2.1 a item 6 (RULES 11): the fees that will be passed on, physical meter, product standard:
    // the grid's 850 kr + the supplier's 300 kr on the visit = 1.150 kr; a reopening 850 kr + 0 kr.
    expect(notice?.body).toContain('Du vil blive opkrævet et gebyr på 1.150,00 kr. for afbrydelsen og 850,00 kr. for en eventuel genåbning.');
    // Every step carries its legal basis and cause.
    const steps = requested.timeline.filter((t) => t.cause.type === 'timer');
    expect(steps.map((t) => t.basis)).toEqual([
      expect.stringContaining('due date + 3 days'),
      expect.stringContaining('BEK §27 stk. 2'),
      expect.stringContaining('BEK §27 stk. 2'),
      expect.stringContaining('BEK §26 stk. 3, §28 stk. 1'),
      expect.stringContaining('BEK §26 stk. 5, §28 stk. 3'),
      expect.stringContaining('SV 2.2.1 b'),
    ]);

    // The grid disconnects on the cut-off date; DataHub reports it.
    await h.sleepUntil('2027-11-09', '14:00');
    await h.signal(handle, {
      messageId: 'dh-disc-1',
      actor: 'datahub',
      type: 'disconnected',
      date: '2027-11-09',
      meterReading: { value: 48_213, unit: 'kWh' },
    });
    const disconnected = await h.untilStage(handle, 'disconnected');
    expect(disconnected.disconnected).toEqual({ date: '2027-11-09', meterReading: { value: 48_213, unit: 'kWh' } });

    // Fri 19 Nov 10:00: the customer pays and signs a new agreement (validated with MitID).
    await h.sleepUntil('2027-11-19', '10:00');
    await h.signal(handle, { messageId: 'bill-pay-1', actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
    await h.signal(handle, {
      messageId: 'bill-agr-1',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'mitid',
      effectiveFrom: '2027-11-19',
    });
    const reopening = await h.untilStage(handle, 'reopening');
    // Requested Fri 19 Nov ~10:00, physical: reaches the grid before 11:00 on a working day → same day.
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-11-19' });
    // By digital post the reopening information arrives the same day: nothing to confirm (RULES 11).
    expect(reopening.attention ?? []).toEqual([]);
    const afterDisconnection = h.deps.datahub.requestsFor(METERING_POINT.physical).slice(1).map((m) => m.request);
    expect(afterDisconnection).toEqual([
      // after a completed end of supply: start of supply (BRS-009), then reconnect (BRS-039 D03)
      { kind: 'RequestStartOfSupply', meteringPointId: METERING_POINT.physical, startDate: '2027-11-19', customerId: CUSTOMER.digital },
      { kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D03', date: '2027-11-19' },
    ]);

    await h.signal(handle, { messageId: 'dh-reopen-1', actor: 'datahub', type: 'reopened', date: '2027-11-19' });
    const closed = await handle.result();
    expect(closed.stage).toBe('closed');
    expect(closed.closed?.reason).toBe('reopened');
    // Exactly one delivery per letter.
    expect(h.deps.digitalPost.duplicates()).toEqual([]);
    expect(h.deps.digitalPost.deliveries().filter((d) => d.customerId === CUSTOMER.digital)).toHaveLength(6);
  });
});

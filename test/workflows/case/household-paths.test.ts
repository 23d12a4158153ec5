/**
 * More household paths (RULES 2) on the time-skipping server, each with its dates worked out by hand
 * from RULES.md sections 1–2 and 4 (calendar: `cal 2027`; public holidays 2027: 1 Jan, Maundy Thursday
 * 25 Mar, Good Friday 26 Mar, Easter 28–29 Mar, Ascension Thu 6 May, Whit Sunday/Monday 16–17 May,
 * 25–26 Dec; not working days besides: Fri 7 May (after Ascension), Fri 24 Dec, Fri 31 Dec):
 *
 * - the variant without arrears (BEK §27 stk. 1: security deadline ≥ 2 months), remote meter;
 * - an hourly-settled household from reminder 1 to disconnection and reopening;
 * - worked example 2 of RULES 2 (remote meter, physical letters) moved to 2027 and re-worked by hand,
 *   to disconnection and reopening.
 *
 * The tests share one server clock, so they run in date order.
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

const letterRows = (v: { letters: Array<{ kind: string; sentDate: string; receivedDate: string; channel: string }> }) =>
  v.letters.map((l) => [l.kind, l.sentDate, l.receivedDate, l.channel]);

describe('variant without arrears (BEK §27 stk. 1), remote meter, digital post', () => {
  it('demands security with a 2-month deadline, then terminates and requests the disconnection', async () => {
    // The case starts on Mon 1 Mar 2027 10:00 with the ground for the demand and no invoice.
    await h.sleepUntil('2027-03-01', '10:00');
    const handle = await h.start({
      caseId: 'no-arrears-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.remote,
      invoices: [],
      customerClass: 'household',
      withoutArrears: { ground: 'the customer has suspended its payments (insolvency)' },
    });
    const demanded = await h.untilStage(handle, 'security-demand');
    // The security demand goes out at once, Mon 1 Mar, received the same day (digital post).
    expect(letterRows(demanded)).toEqual([['securityDemand', '2027-03-01', '2027-03-01', 'digital']]);
    // Deadline ≥ 2 months from receipt: Mon 1 Mar + 2 months = Sat 1 May 2027.
    expect(demanded.securityDeadline).toMatchObject({ date: '2027-05-01', securityAmountOre: 255_000 });
    expect(demanded.securityDeadline?.basis).toContain('BEK §27 stk. 1');
    const demand = h.letter('no-arrears-1:securityDemand:0');
    expect(demand?.body).toContain('særlig grund til at forvente');
    // 3 × the simulated 850 kr a month
    expect(demand?.body).toContain('Du skal stille sikkerheden på 2.550,00 kr. senest lørdag den 1. maj 2027');

    await h.sleepUntil('2027-05-10', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(letterRows(requested)).toEqual([
      ['securityDemand', '2027-03-01', '2027-03-01', 'digital'],
      // the day after the deadline (Sat 1 May): Sun 2 May, received the same day
      ['terminationNotice', '2027-05-02', '2027-05-02', 'digital'],
      // the first working day after the termination is effective (Wed 5 May): Thu 6 May is Ascension
      // Day, Fri 7 May is the Friday after Ascension (not a working day), 8–9 May weekend → Mon 10 May
      ['disconnectionNotice', '2027-05-10', '2027-05-10', 'digital'],
    ]);
    // 3 hverdage from Sun 2 May: Mon 3, Tue 4, Wed 5 May
    expect(requested.terminationEffective?.date).toBe('2027-05-05');
    expect(requested.request).toMatchObject({
      kind: 'end-of-supply',
      sentDate: '2027-05-10',
      // 3 working days after Mon 10 May: 11, 12, 13 → Thu 13 May; a household disconnection day (not a
      // Friday, Fri 14 May is no public holiday); after Tue 11 May, the hverdag after the receipt
      cutoff: '2027-05-13',
      // remote, d3: d1 Thu 13, d2 Fri 14, (15–16 weekend/Whit Sunday, Mon 17 Whit Monday) d3 Tue 18 May
      windowDeadline: '2027-05-18',
      status: 'sent',
    });
    const notice = h.letter('no-arrears-1:disconnectionNotice:0');
    expect(notice?.body).toContain('Afbrydelsen kan tidligst ske torsdag den 13. maj 2027');
    expect(notice?.body).toContain('senest tirsdag den 18. maj 2027');
    // the hverdag before Thu 13 May: Wed 12 May
    expect(notice?.body).toContain('senest onsdag den 12. maj 2027, som er hverdagen før');

    // Tue 11 May: the customer provides the security → the request is cancelled and the case closes.
    await h.sleepUntil('2027-05-11', '12:00');
    await h.signal(handle, { messageId: 'na-sec-1', actor: 'billing', type: 'securityProvided', amountOre: 255_000 });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('security-provided');
    expect(closed.request?.status).toBe('cancelled');
    expect(h.datahubOf('no-arrears-1').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-05-13', circumstances: [] },
      {
        kind: 'RequestCancellation',
        meteringPointId: METERING_POINT.remote,
        originalTransactionId: requested.request!.transactionId,
        processId: expect.any(String),
      },
    ]);
  });
});

describe('household, hourly-settled metering point, digital post', () => {
  it('runs to disconnection (window d2) and reopening on the hand-worked dates', async () => {
    const handle = await h.start({
      caseId: 'hourly-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.hourly,
      invoices: [{ invoiceId: 'INV-H1', amountOre: 180_000, dueDate: '2027-06-14' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-08-05', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    // The meter kind comes from DataHub's master data (by settlement).
    expect(requested.meterKind).toBe('hourly');
    expect(letterRows(requested)).toEqual([
      // due Mon 14 Jun + 3 days = Thu 17 Jun; pay by Sun 27 Jun
      ['reminder1', '2027-06-17', '2027-06-17', 'digital'],
      // the day after Sun 27 Jun: Mon 28 Jun (11 days after reminder 1); pay by Thu 8 Jul
      ['reminder2', '2027-06-28', '2027-06-28', 'digital'],
      // the day after Thu 8 Jul: Fri 9 Jul
      ['securityDemand', '2027-07-09', '2027-07-09', 'digital'],
      // the day after the security deadline (Fri 30 Jul): Sat 31 Jul
      ['terminationNotice', '2027-07-31', '2027-07-31', 'digital'],
      // the first working day after the termination is effective (Wed 4 Aug): Thu 5 Aug
      ['disconnectionNotice', '2027-08-05', '2027-08-05', 'digital'],
    ]);
    // 15 hverdage from Fri 9 Jul: 12–16, 19–23, 26–30 Jul
    expect(requested.securityDeadline?.date).toBe('2027-07-30');
    // 3 hverdage from Sat 31 Jul: Mon 2, Tue 3, Wed 4 Aug
    expect(requested.terminationEffective?.date).toBe('2027-08-04');
    expect(requested.request).toMatchObject({
      // 3 working days after Thu 5 Aug: Fri 6, Mon 9, Tue 10 → Tue 10 Aug, a household disconnection day
      cutoff: '2027-08-10',
      // hourly-settled, d2: d1 Tue 10, d2 Wed 11 Aug, neither blocked
      windowDeadline: '2027-08-11',
    });
    const notice = h.letter('hourly-1:disconnectionNotice:0');
    expect(notice?.body).toContain(
      'Afbrydelsen kan forventes foretaget tirsdag den 10. august 2027 eller senest den næstfølgende dag, onsdag den 11. august 2027.',
    );
    // the hverdag before Tue 10 Aug: Mon 9 Aug
    expect(notice?.body).toContain('senest mandag den 9. august 2027, som er hverdagen før');

    // Wed 11 Aug 15:00: DataHub reports the disconnection on the window's last day, with a reading.
    await h.sleepUntil('2027-08-11', '15:00');
    await h.signal(handle, {
      messageId: 'hourly-dh-disc',
      actor: 'datahub',
      type: 'disconnected',
      date: '2027-08-11',
      meterReading: { value: 1_204_331, unit: 'kWh' },
    });
    const disconnected = await h.untilStage(handle, 'disconnected');
    expect(disconnected.disconnected).toEqual({ date: '2027-08-11', meterReading: { value: 1_204_331, unit: 'kWh' } });

    // Fri 13 Aug 12:30: paid and a new agreement (signature). An hourly point reopens physically by
    // default (11:00 cut-off): 12:30 is too late for the same day → the next working day, Mon 16 Aug.
    await h.sleepUntil('2027-08-13', '12:30');
    await h.signal(handle, { messageId: 'hourly-pay', actor: 'billing', type: 'paymentReceived', amountOre: 180_000 });
    await h.signal(handle, {
      messageId: 'hourly-agr',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'signature',
      effectiveFrom: '2027-08-13',
    });
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-08-16' });
    expect(h.letter('hourly-1:reopeningNotice:0')?.body).toContain('mandag den 16. august 2027');
    expect(h.datahubOf('hourly-1').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.hourly, cutoff: '2027-08-10', circumstances: [] },
      // after a completed end of supply: start of supply (no earlier than the stop date 11 Aug), then D03
      { kind: 'RequestStartOfSupply', meteringPointId: METERING_POINT.hourly, startDate: '2027-08-13', customerId: CUSTOMER.digital },
      { kind: 'RequestService', meteringPointId: METERING_POINT.hourly, serviceType: 'D03', date: '2027-08-13' },
    ]);

    await h.sleepUntil('2027-08-16', '11:00');
    await h.signal(handle, { messageId: 'hourly-dh-reopened', actor: 'datahub', type: 'reopened', date: '2027-08-16' });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('reopened');
  });
});

describe('RULES 2 worked example 2: remote meter, physical letters (customer without digital post)', () => {
  // The worked example's invoice is due Mon 14 Sep 2026 (past). Moved to Mon 13 Sep 2027, and every
  // date worked again by hand for 2027 (no public holiday between September and early December).
  it('dates every step from the letters’ receipt (dispatch + 5 hverdage), to disconnection and reopening', async () => {
    const handle = await h.start({
      caseId: 'we2-remote-letters',
      customerId: CUSTOMER.paperOnly,
      meteringPointId: METERING_POINT.remote,
      invoices: [{ invoiceId: 'INV-WE2', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-12-02', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(letterRows(requested)).toEqual([
      // due Mon 13 Sep + 3 days = Thu 16 Sep; received 5 hverdage later: 17, 20, 21, 22, 23 Sep
      ['reminder1', '2027-09-16', '2027-09-23', 'letter'],
      // pay by receipt + 10 days (RULES 2.1) = Sun 3 Oct; the day after: Mon 4 Oct (18 days after reminder 1,
      // ≥ 10); received 5, 6, 7, 8, 11 Oct → Mon 11 Oct
      ['reminder2', '2027-10-04', '2027-10-11', 'letter'],
      // pay by Thu 21 Oct; the day after: Fri 22 Oct; received 25, 26, 27, 28, 29 Oct → Fri 29 Oct
      ['securityDemand', '2027-10-22', '2027-10-29', 'letter'],
      // the day after the deadline (Fri 19 Nov): Sat 20 Nov; received 22–26 Nov → Fri 26 Nov
      ['terminationNotice', '2027-11-20', '2027-11-26', 'letter'],
      // the first working day after the termination is effective (Wed 1 Dec): Thu 2 Dec;
      // received 3, 6, 7, 8, 9 Dec → Thu 9 Dec
      ['disconnectionNotice', '2027-12-02', '2027-12-09', 'letter'],
    ]);
    // 15 hverdage from the receipt Fri 29 Oct: 1–5 Nov, 8–12 Nov, 15–19 Nov → Fri 19 Nov
    expect(requested.securityDeadline?.date).toBe('2027-11-19');
    // 3 hverdage from the receipt Fri 26 Nov: Mon 29, Tue 30 Nov, Wed 1 Dec
    expect(requested.terminationEffective?.date).toBe('2027-12-01');
    expect(requested.request).toMatchObject({
      sentDate: '2027-12-02',
      // 3 working days would allow Tue 7 Dec (3, 6, 7), but the letter is received Thu 9 Dec; the next
      // hverdag is Fri 10 Dec, so the cut-off is after it: Sat 11, Sun 12 are no disconnection days →
      // Mon 13 Dec
      cutoff: '2027-12-13',
      // remote, d3: Mon 13, Tue 14, Wed 15 Dec
      windowDeadline: '2027-12-15',
    });
    // No letter went by digital post, and none needed correcting: each was planned for the post.
    const keys = h.deps.printPost.deliveries().filter((d) => d.idempotencyKey.startsWith('we2-remote-letters:'));
    expect(keys.map((d) => d.idempotencyKey)).toEqual([
      'we2-remote-letters:reminder1:0',
      'we2-remote-letters:reminder2:0',
      'we2-remote-letters:securityDemand:0',
      'we2-remote-letters:terminationNotice:0',
      'we2-remote-letters:disconnectionNotice:0',
    ]);
    expect(h.deps.digitalPost.calls().filter((c) => c.idempotencyKey.startsWith('we2-remote-letters:'))).toEqual([]);
    const security = h.letter('we2-remote-letters:securityDemand:0');
    expect(security?.body).toContain('senest fredag den 19. november 2027');
    const termination = h.letter('we2-remote-letters:terminationNotice:0');
    // The notice runs to the end of Wed 1 Dec; the agreement can be terminated from Thu 2 Dec (RULES 2.4).
    expect(termination?.body).toContain('Varslet løber til og med onsdag den 1. december 2027, så aftalen kan tidligst ophæves torsdag den 2. december 2027.');
    const notice = h.letter('we2-remote-letters:disconnectionNotice:0');
    expect(notice?.body).toContain('Afbrydelsen kan tidligst ske mandag den 13. december 2027');
    expect(notice?.body).toContain('senest onsdag den 15. december 2027');
    // the hverdag before Mon 13 Dec: Fri 10 Dec
    expect(notice?.body).toContain('senest fredag den 10. december 2027, som er hverdagen før den varslede afbrydelse mandag den 13. december 2027');
    expect(notice?.body).toContain('fjernkontrol');

    // The grid disconnects remotely on Tue 14 Dec (within the window).
    await h.sleepUntil('2027-12-14', '10:00');
    await h.signal(handle, {
      messageId: 'we2-dh-disc',
      actor: 'datahub',
      type: 'disconnected',
      date: '2027-12-14',
      meterReading: { value: 23_017, unit: 'kWh' },
    });
    await h.untilStage(handle, 'disconnected');

    // Thu 16 Dec 13:00: paid and a new agreement (MitID). Remote: requested by 14:00 on a working day →
    // reopened the same day, Thu 16 Dec.
    await h.sleepUntil('2027-12-16', '13:00');
    await h.signal(handle, { messageId: 'we2-pay', actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
    await h.signal(handle, {
      messageId: 'we2-agr',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'mitid',
      effectiveFrom: '2027-12-16',
    });
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-12-16' });
    expect(h.datahubOf('we2-remote-letters').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-12-13', circumstances: [] },
      { kind: 'RequestStartOfSupply', meteringPointId: METERING_POINT.remote, startDate: '2027-12-16', customerId: CUSTOMER.paperOnly },
      { kind: 'RequestService', meteringPointId: METERING_POINT.remote, serviceType: 'D03', date: '2027-12-16' },
    ]);
    await h.signal(handle, { messageId: 'we2-dh-reopened', actor: 'datahub', type: 'reopened', date: '2027-12-16' });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('reopened');
    expect(h.deps.printPost.duplicates()).toEqual([]);
  });
});

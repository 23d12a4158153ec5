/**
 * The business path (RULES 3): reminder 1 and 2 as for households, then — without a security demand or
 * a termination — the disconnection notice and the DataHub request on the first working day after
 * reminder 2's deadline; the cut-off is the first *business* disconnection day ≥ 3 working days after
 * the request (SV 2.3.2: Fridays and days before a public holiday are disconnection days for
 * businesses). Customer C-2001 (digital post, received the day it is sent). Every date worked out by
 * hand from RULES 1–4 with `cal 2027` (no public holiday in 4 Jan – 24 Mar or 18 May – 23 Dec 2027).
 *
 * The tests share one server clock, so they run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCaseSettings } from '../../../config/case-settings.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const rows = (v: { letters: Array<{ kind: string; cycle: number; sentDate: string; receivedDate: string }> }) =>
  v.letters.map((l) => [l.kind, l.cycle, l.sentDate, l.receivedDate]);

describe('business, physical meter (invoice due Fri 29 Jan 2027)', () => {
  it('goes from the reminders straight to the disconnection notice and request, then reopens', async () => {
    const handle = await h.start({
      caseId: 'biz-1',
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-BIZ1', amountOre: 450_000, dueDate: '2027-01-29' }],
      customerClass: 'business',
    });
    await h.sleepUntil('2027-02-23', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested)).toEqual([
      // due Fri 29 Jan + 3 days = Mon 1 Feb; pay by Thu 11 Feb
      ['reminder1', 0, '2027-02-01', '2027-02-01'],
      // the day after Thu 11 Feb: Fri 12 Feb (11 days after reminder 1, ≥ 10); pay by Mon 22 Feb
      ['reminder2', 0, '2027-02-12', '2027-02-12'],
      // the first working day after reminder 2's deadline (Mon 22 Feb): Tue 23 Feb
      ['disconnectionNotice', 0, '2027-02-23', '2027-02-23'],
    ]);
    expect(requested.securityDeadline).toBeUndefined();
    expect(requested.terminationEffective).toBeUndefined();
    expect(requested.request).toMatchObject({
      kind: 'end-of-supply',
      sentDate: '2027-02-23',
      // 3 working days after Tue 23 Feb: Wed 24, Thu 25, Fri 26 → Fri 26 Feb, a business disconnection day
      cutoff: '2027-02-26',
      // physical, d6: Fri 26 Feb, Mon 1, Tue 2, Wed 3, Thu 4, Fri 5 Mar
      windowDeadline: '2027-03-05',
    });
    expect(h.datahubOf('biz-1').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-02-26', circumstances: [] },
    ]);
    const step = requested.timeline.find((t) => t.what === 'disconnection notice sent');
    expect(step?.basis).toContain('RULES 3');
    // Business reminders: no reminder fee, the amount and the deadline.
    expect(h.letter('biz-1:reminder1:0')?.body).toContain('I skal betale 4.500,00 kr. senest torsdag den 11. februar 2027');
    expect(h.letter('biz-1:reminder2:0')?.body).toContain('I skal betale 4.500,00 kr. senest mandag den 22. februar 2027');
    const notice = h.letter('biz-1:disconnectionNotice:0')!;
    expect(notice.subject).toBe('Varsel om afbrydelse af elforsyningen tidligst fredag den 26. februar 2027');
    expect(notice.body).toContain('I har ikke betalt 4.500,00 kr.');
    expect(notice.body).toContain('Afbrydelsen kan tidligst ske fredag den 26. februar 2027');
    expect(notice.body).toContain('senest fredag den 5. marts 2027');
    // The default request is an end of supply: the letter says the agreement ends (RULES 11).
    expect(notice.body).toContain('jeres elaftale med os ophører, når elforsyningen bliver afbrudt');
    // No termination and no "how to avert it" for a business (SV 2.2.1 note 1).
    expect(notice.body).not.toContain('ophævet');
    expect(notice.body).not.toContain('hverdagen før');

    // Mon 1 Mar: disconnected.
    await h.sleepUntil('2027-03-01', '11:00');
    await h.signal(handle, {
      messageId: 'biz-1-disc',
      actor: 'datahub',
      type: 'disconnected',
      date: '2027-03-01',
      meterReading: { value: 310_442, unit: 'kWh' },
    });
    await h.untilStage(handle, 'disconnected');

    // Wed 3 Mar 10:30: paid and a new agreement; physical, by 11:00 on a working day → the same day.
    await h.sleepUntil('2027-03-03', '10:30');
    await h.signal(handle, { messageId: 'biz-1-pay', actor: 'billing', type: 'paymentReceived', amountOre: 450_000 });
    await h.signal(handle, {
      messageId: 'biz-1-agr',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'signature',
      effectiveFrom: '2027-03-03',
    });
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-03-03' });
    expect(h.datahubOf('biz-1').map((m) => m.request).slice(1)).toEqual([
      { kind: 'RequestStartOfSupply', meteringPointId: METERING_POINT.physical, startDate: '2027-03-03', customerId: CUSTOMER.business },
      { kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D03', date: '2027-03-03' },
    ]);
    await h.signal(handle, { messageId: 'biz-1-reopened', actor: 'datahub', type: 'reopened', date: '2027-03-03' });
    expect((await h.untilStage(handle, 'closed')).closed?.reason).toBe('reopened');
  });
});

describe('business, hourly-settled, with the BRS-039 D01 setting (invoice due Mon 14 Jun 2027)', () => {
  it('asks DataHub for a disconnection that keeps the agreement, and reopens with D03 only', async () => {
    const settings = resolveCaseSettings({ case: { businessRequestKind: 'disconnect-service' } });
    const handle = await h.start({
      caseId: 'biz-d01',
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.hourly,
      invoices: [{ invoiceId: 'INV-BIZ2', amountOre: 2_500_000, dueDate: '2027-06-14' }],
      customerClass: 'business',
      settings,
    });
    await h.sleepUntil('2027-07-09', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.settings?.versionId).toBe(settings.versionId);
    expect(rows(requested)).toEqual([
      // due Mon 14 Jun + 3 = Thu 17 Jun; pay by Sun 27 Jun
      ['reminder1', 0, '2027-06-17', '2027-06-17'],
      // Mon 28 Jun; pay by Thu 8 Jul
      ['reminder2', 0, '2027-06-28', '2027-06-28'],
      // the first working day after Thu 8 Jul: Fri 9 Jul
      ['disconnectionNotice', 0, '2027-07-09', '2027-07-09'],
    ]);
    expect(requested.request).toMatchObject({
      kind: 'disconnect-service',
      // 3 working days after Fri 9 Jul: Mon 12, Tue 13, Wed 14 Jul
      cutoff: '2027-07-14',
      // hourly-settled, d2: Wed 14, Thu 15 Jul
      windowDeadline: '2027-07-15',
    });
    expect(h.datahubOf('biz-d01').map((m) => m.request)).toEqual([
      { kind: 'RequestService', meteringPointId: METERING_POINT.hourly, serviceType: 'D01', date: '2027-07-14' },
    ]);
    expect(h.letter('biz-d01:disconnectionNotice:0')?.body).toContain(
      'Afbrydelsen kan forventes foretaget onsdag den 14. juli 2027 eller senest den næstfølgende dag, torsdag den 15. juli 2027.',
    );
    // BRS-039 D01 keeps the agreement: no word of it ending.
    expect(h.letter('biz-d01:disconnectionNotice:0')?.body).not.toContain('leveranceophør');

    await h.sleepUntil('2027-07-15', '12:00');
    await h.signal(handle, { messageId: 'biz-d01-disc', actor: 'datahub', type: 'disconnected', date: '2027-07-15' });
    await h.untilStage(handle, 'disconnected');
    // Mon 19 Jul 10:00: paid, agreement confirmed; hourly reopens physically (11:00 cut-off) → the same day.
    await h.sleepUntil('2027-07-19', '10:00');
    await h.signal(handle, { messageId: 'biz-d01-pay', actor: 'billing', type: 'paymentReceived', amountOre: 2_500_000 });
    await h.signal(handle, {
      messageId: 'biz-d01-agr',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'signature',
      effectiveFrom: '2027-07-19',
    });
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-07-19' });
    // No end of supply happened, so no start of supply: only the reconnection (D03).
    expect(h.datahubOf('biz-d01').map((m) => m.request).slice(1)).toEqual([
      { kind: 'RequestService', meteringPointId: METERING_POINT.hourly, serviceType: 'D03', date: '2027-07-19' },
    ]);
    await h.signal(handle, { messageId: 'biz-d01-reopened', actor: 'datahub', type: 'reopened', date: '2027-07-19' });
    expect((await h.untilStage(handle, 'closed')).closed?.reason).toBe('reopened');
  });
});

describe('business complaint while the request is out (BEK §32 stk. 2; invoice due Mon 13 Sep 2027)', () => {
  it('cancels the request, and on resolution sends a new notice and request with fresh dates', async () => {
    const handle = await h.start({
      caseId: 'biz-complaint',
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-BIZ3', amountOre: 90_000, dueDate: '2027-09-13' }],
      customerClass: 'business',
    });
    // reminder 1 Thu 16 Sep (pay by Sun 26 Sep); reminder 2 Mon 27 Sep (pay by Thu 7 Oct); notice and
    // request Fri 8 Oct; cut-off: Mon 11, Tue 12, Wed 13 Oct; window (physical, d6): 13, 14, 15, 18, 19, Wed 20 Oct
    await h.sleepUntil('2027-10-11', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ cycle: 0, sentDate: '2027-10-08', cutoff: '2027-10-13', windowDeadline: '2027-10-20' });
    await h.signal(handle, { messageId: 'biz-c-filed', actor: 'billing', type: 'complaintFiled', complaintId: 'K-B1' });
    await h.untilStage(handle, 'on-hold');
    await expect.poll(() => h.datahubOf('biz-complaint').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(h.datahubOf('biz-complaint')[1]?.request).toMatchObject({ originalTransactionId: requested.request!.transactionId });

    // Tue 19 Oct 10:00: resolved against the customer → a new notice and request at once (cycle 1):
    //   cut-off: Wed 20, Thu 21, Fri 22 Oct → Fri 22 Oct (a business disconnection day)
    //   window (physical, d6): Fri 22, Mon 25, Tue 26, Wed 27, Thu 28, Fri 29 Oct
    await h.sleepUntil('2027-10-19', '10:00');
    await h.signal(handle, { messageId: 'biz-c-resolved', actor: 'billing', type: 'complaintResolved', complaintId: 'K-B1', upheld: false });
    await expect.poll(async () => (await h.view(handle)).request?.cycle).toBe(1);
    const again = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(again)).toEqual([
      ['reminder1', 0, '2027-09-16', '2027-09-16'],
      ['reminder2', 0, '2027-09-27', '2027-09-27'],
      ['disconnectionNotice', 0, '2027-10-08', '2027-10-08'],
      ['disconnectionNotice', 1, '2027-10-19', '2027-10-19'],
    ]);
    expect(again.request).toMatchObject({ cycle: 1, sentDate: '2027-10-19', cutoff: '2027-10-22', windowDeadline: '2027-10-29', status: 'sent' });
    expect(h.datahubOf('biz-complaint').map((m) => m.request).at(-1)).toEqual({
      kind: 'RequestEndOfSupply',
      meteringPointId: METERING_POINT.physical,
      cutoff: '2027-10-22',
      circumstances: [],
    });
  });
});

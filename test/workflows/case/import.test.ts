/**
 * Cases taken over half-way from a previous system (go-live import, issue 7): the imported letters
 * become the case's own, the next step's date counts from them exactly as if afbryd had sent them,
 * and a step whose day has passed runs at once. Every date worked out by hand from RULES 1–4 with
 * `cal 2027` (no public holiday between 1 Sep and 23 Dec 2027; digital post is received the day it
 * is sent). The tests share one server clock, so they run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const rows = (v: CaseView) => v.letters.map((l) => [l.kind, l.sentDate, l.receivedDate, l.letterId.startsWith('imported:')]);

describe('household taken over before the termination notice', () => {
  it('sends the termination notice on the day the imported security demand gives, then the request', async () => {
    // RULES 2 worked example, 52 weeks later (the same weekdays; no holiday in Sep–Nov):
    // invoice due Mon 13 Sep 2027; rykker 1 Thu 16 Sep (pay by 26 Sep); rykker 2 Mon 27 Sep (pay by
    // 7 Oct); security demand Fri 8 Oct, received the same day.
    await h.sleepUntil('2027-10-20', '12:00');
    const handle = await h.start({
      caseId: 'imp-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-IMP1', amountOre: 250_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
      imported: {
        nextStep: 'terminationNotice',
        source: 'golive.csv row 2',
        securityAmountOre: 300_000,
        letters: [
          { kind: 'reminder1', sentDate: '2027-09-16', receivedDate: '2027-09-16', channel: 'digital', reference: 'OLD-R1' },
          { kind: 'reminder2', sentDate: '2027-09-27', receivedDate: '2027-09-27', channel: 'digital' },
          { kind: 'securityDemand', sentDate: '2027-10-08', receivedDate: '2027-10-08', channel: 'digital' },
        ],
      },
    });
    const taken = await h.untilStage(handle, 'security-demand');
    // Security deadline: 15 hverdage from Fri 8 Oct: 11–15, 18–22, 25–29 Oct → Fri 29 Oct.
    expect(taken.securityDeadline).toMatchObject({ date: '2027-10-29', securityAmountOre: 300_000 });
    // Termination notice: the day after the deadline, Sat 30 Oct.
    expect(taken.next).toMatchObject({ step: 'terminationNotice', date: '2027-10-30' });
    expect(rows(taken)).toEqual([
      ['reminder1', '2027-09-16', '2027-09-16', true],
      ['reminder2', '2027-09-27', '2027-09-27', true],
      ['securityDemand', '2027-10-08', '2027-10-08', true],
    ]);
    const imported = taken.timeline.filter((t) => t.facts?.imported === true);
    expect(imported.map((t) => t.facts?.source)).toEqual(['golive.csv row 2', 'golive.csv row 2', 'golive.csv row 2']);
    expect(imported[0]?.facts?.reference).toBe('OLD-R1');
    expect(taken.timeline.some((t) => t.what.startsWith('taken over from the previous system (golive.csv row 2)'))).toBe(true);
    // Nothing was sent for the imported letters.
    expect(h.letter('imp-1:reminder1:0')).toBeUndefined();
    expect(h.letter('imp-1:securityDemand:0')).toBeUndefined();

    await h.sleepUntil('2027-11-04', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested).slice(3)).toEqual([
      // Sat 30 Oct, received the same day; effective 3 hverdage later: 1, 2, 3 Nov → Wed 3 Nov.
      ['terminationNotice', '2027-10-30', '2027-10-30', false],
      // The first working day after the termination is effective: Thu 4 Nov.
      ['disconnectionNotice', '2027-11-04', '2027-11-04', false],
    ]);
    expect(requested.terminationEffective?.date).toBe('2027-11-03');
    expect(requested.request).toMatchObject({
      sentDate: '2027-11-04',
      // 3 working days: Fri 5, Mon 8, Tue 9 Nov → Tue 9 Nov, a household disconnection day, after the
      // hverdag (Fri 5 Nov) following the letter's receipt.
      cutoff: '2027-11-09',
      // physical, d6: 9, 10, 11, 12, 15, 16 Nov.
      windowDeadline: '2027-11-16',
    });
    // The termination notice states the imported security amount (3.000,00 kr.).
    expect(h.letter('imp-1:terminationNotice:0')?.body).toContain('3.000,00 kr.');
  });
});

describe('household taken over after the termination notice was due', () => {
  it('sends the overdue termination notice at once, and counts on from its receipt', async () => {
    // Rykker 1 Thu 23 Sep, rykker 2 Mon 4 Oct (pay by 14 Oct), security demand Fri 15 Oct, received the
    // same day: deadline 15 hverdage: 18–22, 25–29 Oct, 1–5 Nov → Fri 5 Nov; the termination notice was
    // due Sat 6 Nov, and the import runs on Mon 15 Nov at 12:00.
    await h.sleepUntil('2027-11-15', '12:00');
    const handle = await h.start({
      caseId: 'imp-2',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-IMP2', amountOre: 180_000, dueDate: '2027-09-20' }],
      customerClass: 'household',
      imported: {
        nextStep: 'terminationNotice',
        source: 'golive.csv row 3',
        securityAmountOre: 240_000,
        letters: [
          { kind: 'reminder1', sentDate: '2027-09-23', receivedDate: '2027-09-23', channel: 'digital' },
          { kind: 'reminder2', sentDate: '2027-10-04', receivedDate: '2027-10-04', channel: 'digital' },
          { kind: 'securityDemand', sentDate: '2027-10-15', receivedDate: '2027-10-15', channel: 'digital' },
        ],
      },
    });
    const noticed = await h.untilStage(handle, 'termination-notice');
    // Sent Mon 15 Nov, received the same day; effective 3 hverdage: 16, 17, 18 Nov → Thu 18 Nov.
    expect(rows(noticed)[3]).toEqual(['terminationNotice', '2027-11-15', '2027-11-15', false]);
    expect(noticed.terminationEffective?.date).toBe('2027-11-18');
    // The request: the first working day after, Fri 19 Nov.
    expect(noticed.next).toMatchObject({ step: 'disconnectionRequest', date: '2027-11-19' });

    await h.sleepUntil('2027-11-19', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({
      sentDate: '2027-11-19',
      // 3 working days: Mon 22, Tue 23, Wed 24 Nov → Wed 24 Nov (a household disconnection day, after
      // the hverdag Mon 22 Nov following the letter's receipt on Fri 19 Nov).
      cutoff: '2027-11-24',
      // physical, d6: 24, 25, 26, 29, 30 Nov, 1 Dec.
      windowDeadline: '2027-12-01',
    });
  });
});

describe('business taken over before the disconnection request', () => {
  it('requests at once when the request day has passed', async () => {
    // Rykker 1 Thu 4 Nov (pay by 14 Nov), rykker 2 Mon 15 Nov (pay by 25 Nov): the request was due on
    // the first working day after 25 Nov, Fri 26 Nov; the import runs on Mon 29 Nov at 06:00.
    await h.sleepUntil('2027-11-29', '06:00');
    const handle = await h.start({
      caseId: 'imp-3',
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-IMP3', amountOre: 900_000, dueDate: '2027-11-01' }],
      customerClass: 'business',
      imported: {
        nextStep: 'disconnectionRequest',
        source: 'golive.csv row 4',
        letters: [
          { kind: 'reminder1', sentDate: '2027-11-04', receivedDate: '2027-11-04', channel: 'digital' },
          { kind: 'reminder2', sentDate: '2027-11-15', receivedDate: '2027-11-15', channel: 'digital' },
        ],
      },
    });
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested)[2]).toEqual(['disconnectionNotice', '2027-11-29', '2027-11-29', false]);
    expect(requested.request).toMatchObject({
      sentDate: '2027-11-29',
      // 3 working days: Tue 30 Nov, Wed 1, Thu 2 Dec → Thu 2 Dec, a business disconnection day.
      cutoff: '2027-12-02',
      // physical, d6: 2, 3, 6, 7, 8, 9 Dec.
      windowDeadline: '2027-12-09',
    });
    expect(h.datahubOf('imp-3').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-12-02', circumstances: [] },
    ]);
  });
});

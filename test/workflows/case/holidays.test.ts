/**
 * Cases whose dates move around Easter and Christmas (RULES 1 calendar, RULES 2 default schedule,
 * RULES 4 windows), worked out by hand with `cal 2027` / `cal 2028`:
 *
 * - Easter 2027: Maundy Thursday 25 Mar, Good Friday 26 Mar, Easter Sunday 28 Mar, Easter Monday
 *   29 Mar are public holidays (no working days, no hverdage); Wed 24 Mar is the day before a public
 *   holiday (no household disconnection).
 * - Christmas 2027: Fri 24 Dec and Fri 31 Dec are no working days; Sat 25 and Sun 26 Dec and Sat 1 Jan
 *   2028 are public holidays; Mon 27 – Thu 30 Dec are working days (and hverdage) but, "between
 *   Christmas and New Year", no disconnection days — except for hourly-settled business customers
 *   above 100,000 kWh (business-large); Thu 23 Dec is no household disconnection day.
 *
 * All cases use digital post (received the day it is sent). The tests share one server clock, so
 * they run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseInput } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const rows = (v: { letters: Array<{ kind: string; sentDate: string }> }) => v.letters.map((l) => [l.kind, l.sentDate]);

function input(caseId: string, dueDate: string, more: Partial<CaseInput>): CaseInput {
  return {
    caseId,
    customerId: CUSTOMER.digital,
    meteringPointId: METERING_POINT.physical,
    invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 100_000, dueDate }],
    customerClass: 'household',
    ...more,
  };
}

describe('Easter 2027', () => {
  it('moves the cut-off, the window and the new-agreement deadline over the Easter holidays', async () => {
    // A household whose request falls on the Monday before Easter.
    const household = await h.start(input('easter-hh', '2027-01-28', {}));
    // An hourly-settled business whose cut-off falls on the Wednesday before Easter.
    const business = await h.start(
      input('easter-biz-hourly', '2027-02-22', { customerId: CUSTOMER.business, customerClass: 'business', meteringPointId: METERING_POINT.hourly }),
    );

    await h.sleepUntil('2027-03-19', '12:00');
    const biz = await h.untilStage(business, 'disconnection-requested');
    expect(rows(biz)).toEqual([
      // due Mon 22 Feb + 3 = Thu 25 Feb; pay by Sun 7 Mar
      ['reminder1', '2027-02-25'],
      // the day after Sun 7 Mar: Mon 8 Mar (11 days after 25 Feb); pay by Thu 18 Mar
      ['reminder2', '2027-03-08'],
      // the first working day after Thu 18 Mar: Fri 19 Mar
      ['disconnectionNotice', '2027-03-19'],
    ]);
    expect(biz.request).toMatchObject({
      // 3 working days: Mon 22, Tue 23, Wed 24 Mar → Wed 24 Mar; for a business the day before a public
      // holiday is a disconnection day
      cutoff: '2027-03-24',
      // hourly, d2: d1 Wed 24; Thu 25, Fri 26, 27–28, Mon 29 are no working days → d2 Tue 30 Mar
      windowDeadline: '2027-03-30',
    });
    expect(h.letter('easter-biz-hourly:disconnectionNotice:0')?.body).toContain(
      'Afbrydelsen kan forventes foretaget onsdag den 24. marts 2027 eller senest den næstfølgende dag, hvor netselskabet afbryder, dvs. senest tirsdag den 30. marts 2027.',
    );

    await h.sleepUntil('2027-03-22', '12:00');
    const hh = await h.untilStage(household, 'disconnection-requested');
    expect(rows(hh)).toEqual([
      // due Thu 28 Jan + 3 = Sun 31 Jan; pay by Wed 10 Feb
      ['reminder1', '2027-01-31'],
      // Thu 11 Feb (11 days after 31 Jan); pay by Sun 21 Feb
      ['reminder2', '2027-02-11'],
      // Mon 22 Feb
      ['securityDemand', '2027-02-22'],
      // the day after the deadline Mon 15 Mar: Tue 16 Mar
      ['terminationNotice', '2027-03-16'],
      // the first working day after the termination is effective (Fri 19 Mar): Mon 22 Mar
      ['disconnectionNotice', '2027-03-22'],
    ]);
    // 15 hverdage from Mon 22 Feb: 23–26 Feb (1–4), 1–5 Mar (5–9), 8–12 Mar (10–14), Mon 15 Mar (15)
    expect(hh.securityDeadline?.date).toBe('2027-03-15');
    // 3 hverdage from Tue 16 Mar: Wed 17, Thu 18, Fri 19 Mar
    expect(hh.terminationEffective?.date).toBe('2027-03-19');
    expect(hh.request).toMatchObject({
      sentDate: '2027-03-22',
      // 3 working days after Mon 22 Mar: Tue 23, Wed 24, (Thu 25 – Mon 29 Easter) Tue 30 Mar → Tue 30 Mar,
      // a household disconnection day (Wed 31 Mar is no holiday)
      cutoff: '2027-03-30',
      // physical, d6: Tue 30, Wed 31 Mar, Thu 1, Fri 2, Mon 5, Tue 6 Apr
      windowDeadline: '2027-04-06',
    });
    // "the hverdag before" the cut-off, broad reading (Monday–Friday, not a public holiday): Mon 29 is
    // Easter Monday, Fri 26 Good Friday, Thu 25 Maundy Thursday → Wed 24 Mar
    expect(h.letter('easter-hh:disconnectionNotice:0')?.body).toContain(
      'senest onsdag den 24. marts 2027, som er hverdagen før den varslede afbrydelse tirsdag den 30. marts 2027',
    );
  });
});

describe('Christmas and New Year 2027/28', () => {
  it('counts hverdage across Christmas and pushes cut-offs past New Year (not for business-large)', async () => {
    // A household whose security period spans Christmas.
    const deadline = await h.start(input('xmas-hh-deadline', '2027-11-18', {}));
    // A household (remote meter) whose request falls on Mon 20 Dec.
    const cutoff = await h.start(input('xmas-hh-cutoff', '2027-10-28', { meteringPointId: METERING_POINT.remote }));
    // A business whose request falls on Tue 21 Dec, and the same for a large hourly-settled business.
    const business = await h.start(input('xmas-biz', '2027-11-26', { customerId: CUSTOMER.business, customerClass: 'business' }));
    const large = await h.start(
      input('xmas-biz-large', '2027-11-26', {
        customerId: CUSTOMER.business,
        customerClass: 'business-large',
        meteringPointId: METERING_POINT.hourly,
      }),
    );

    await h.sleepUntil('2027-12-20', '12:00');
    const hhCutoff = await h.untilStage(cutoff, 'disconnection-requested');
    expect(rows(hhCutoff)).toEqual([
      // due Thu 28 Oct + 3 = Sun 31 Oct; pay by Wed 10 Nov
      ['reminder1', '2027-10-31'],
      // Thu 11 Nov; pay by Sun 21 Nov
      ['reminder2', '2027-11-11'],
      // Mon 22 Nov; deadline 15 hverdage: 23–26 Nov (1–4), 29 Nov–3 Dec (5–9), 6–10 Dec (10–14), Mon 13 Dec (15)
      ['securityDemand', '2027-11-22'],
      // Tue 14 Dec; effective 3 hverdage: Wed 15, Thu 16, Fri 17 Dec
      ['terminationNotice', '2027-12-14'],
      // the first working day after Fri 17 Dec: Mon 20 Dec
      ['disconnectionNotice', '2027-12-20'],
    ]);
    expect(hhCutoff.securityDeadline?.date).toBe('2027-12-13');
    expect(hhCutoff.terminationEffective?.date).toBe('2027-12-17');
    expect(hhCutoff.request).toMatchObject({
      sentDate: '2027-12-20',
      // 3 working days: Tue 21, Wed 22, Thu 23 Dec; 23 Dec is no household disconnection day, Fri 24 no
      // working day, 25–26 holidays, 27–30 Dec between Christmas and New Year, Fri 31 Dec no working day,
      // Sat 1 Jan a holiday, Sun 2 Jan → Mon 3 Jan 2028
      cutoff: '2028-01-03',
      // remote, d3: Mon 3, Tue 4, Wed 5 Jan 2028
      windowDeadline: '2028-01-05',
    });
    const notice = h.letter('xmas-hh-cutoff:disconnectionNotice:0')?.body;
    expect(notice).toContain('Afbrydelsen kan tidligst ske mandag den 3. januar 2028');
    expect(notice).toContain('senest onsdag den 5. januar 2028');
    // the hverdag before Mon 3 Jan 2028, broad reading: Sun 2, Sat 1 Jan no; Fri 31 Dec is Monday–Friday
    // and no public holiday → Fri 31 Dec 2027 (RULES 1: deadlines that bind the customer)
    expect(notice).toContain('senest fredag den 31. december 2027, som er hverdagen før');

    await h.sleepUntil('2027-12-21', '12:00');
    const biz = await h.untilStage(business, 'disconnection-requested');
    expect(rows(biz)).toEqual([
      // due Fri 26 Nov + 3 = Mon 29 Nov; pay by Thu 9 Dec
      ['reminder1', '2027-11-29'],
      // Fri 10 Dec (11 days after 29 Nov); pay by Mon 20 Dec
      ['reminder2', '2027-12-10'],
      // the first working day after Mon 20 Dec: Tue 21 Dec
      ['disconnectionNotice', '2027-12-21'],
    ]);
    expect(biz.request).toMatchObject({
      // 3 working days: Wed 22, Thu 23, (Fri 24, 25, 26 no working days) Mon 27 Dec; 27–30 Dec are no
      // business disconnection days, Fri 31 Dec no working day, 1–2 Jan → Mon 3 Jan 2028
      cutoff: '2028-01-03',
      // physical, d6: Mon 3, Tue 4, Wed 5, Thu 6, Fri 7, Mon 10 Jan 2028
      windowDeadline: '2028-01-10',
    });
    const bigBiz = await h.untilStage(large, 'disconnection-requested');
    expect(rows(bigBiz).at(-1)).toEqual(['disconnectionNotice', '2027-12-21']);
    expect(bigBiz.request).toMatchObject({
      // the same 3 working days → Mon 27 Dec, which is a disconnection day for business-large
      cutoff: '2027-12-27',
      // hourly, d2: Mon 27, Tue 28 Dec; neither blocked for business-large
      windowDeadline: '2027-12-28',
    });

    await h.sleepUntil('2028-01-12', '12:00');
    const hhDeadline = await h.untilStage(deadline, 'disconnection-requested');
    expect(rows(hhDeadline)).toEqual([
      // due Thu 18 Nov + 3 = Sun 21 Nov; pay by Wed 1 Dec
      ['reminder1', '2027-11-21'],
      // Thu 2 Dec (11 days after 21 Nov); pay by Sun 12 Dec
      ['reminder2', '2027-12-02'],
      // Mon 13 Dec
      ['securityDemand', '2027-12-13'],
      // the day after the deadline (Wed 5 Jan 2028): Thu 6 Jan 2028
      ['terminationNotice', '2028-01-06'],
      // effective Tue 11 Jan → the first working day after it: Wed 12 Jan 2028
      ['disconnectionNotice', '2028-01-12'],
    ]);
    // 15 hverdage from Mon 13 Dec: 14–17 Dec (1–4), 20–23 Dec (5–8), (24–26 Dec no hverdage),
    // Mon 27 – Thu 30 Dec (9–12), (31 Dec, 1–2 Jan no hverdage), Mon 3, Tue 4, Wed 5 Jan 2028 (13–15)
    expect(hhDeadline.securityDeadline?.date).toBe('2028-01-05');
    expect(h.letter('xmas-hh-deadline:securityDemand:0')?.body).toContain('senest onsdag den 5. januar 2028');
    // 3 hverdage from Thu 6 Jan 2028: Fri 7, Mon 10, Tue 11 Jan
    expect(hhDeadline.terminationEffective?.date).toBe('2028-01-11');
    expect(hhDeadline.request).toMatchObject({
      // 3 working days after Wed 12 Jan: Thu 13, Fri 14, Mon 17 Jan 2028
      cutoff: '2028-01-17',
      // physical, d6: Mon 17, 18, 19, 20, 21, Mon 24 Jan 2028
      windowDeadline: '2028-01-24',
    });
  });
});

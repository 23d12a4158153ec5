/**
 * The go-live import carries what the previous system's letters stated and charged (RULES 11, issue 15
 * item 4): the next step counts from the later of the stated and the computed deadline, and a fee the
 * previous system charged is never charged again — later letters name it among what is owed.
 * Dates worked by hand (no public holiday between 1 Sep and 23 Dec 2027; digital post is received the
 * day it is sent). The tests share one server clock, so they run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { feesOf } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a business taken over after reminder 1, whose compensation the previous system charged', () => {
  it('charges no second 310 kr with reminder 2, and reminder 2 names the one owed', async () => {
    // Due Mon 13 Sep 2027; rykker 1 Thu 16 Sep (digital), pay by Sun 26 Sep → rykker 2 Mon 27 Sep.
    await h.sleepUntil('2027-09-20', '12:00');
    const handle = await h.start({
      caseId: 'imp-stated-b',
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.remote,
      invoices: [{ invoiceId: 'INV-ISB', amountOre: 250_000, dueDate: '2027-09-13' }],
      customerClass: 'business',
      compensationEligible: true,
      imported: {
        nextStep: 'reminder2',
        source: 'golive.csv row 7',
        compensationOre: 31_000,
        letters: [{ kind: 'reminder1', sentDate: '2027-09-16', receivedDate: '2027-09-16', channel: 'digital' }],
      },
    });
    await h.sleepUntil('2027-09-27', '12:00');
    await h.untilStage(handle, 'reminder-2');
    // Only the imported compensation: nothing went to billing.
    expect(feesOf(h, 'imp-stated-b')).toEqual([]);
    expect((await h.view(handle)).fees).toEqual([expect.objectContaining({ kind: 'business-compensation', amountOre: 31_000, date: '2027-09-16' })]);
    // 2.500,00 kr. unpaid + the 310,00 kr. from Thu 16 Sep = 2.810,00 kr.
    const r2 = h.letter('imp-stated-b:reminder2:0')?.body ?? '';
    expect(r2).toMatch(/Kompensation for inddrivelsesomkostninger fra 16\. september 2027: +310,00 kr\./);
    expect(r2).toMatch(/I alt at betale: +2\.810,00 kr\./);
  });
});

describe('a household taken over before the termination notice, whose security demand stated a later deadline', () => {
  it('sends the termination notice the day after the stated deadline', async () => {
    // Security demand Fri 8 Oct 2027 (digital): afbryd's deadline is 15 hverdage, 11–15, 18–22, 25–29
    // Oct → Fri 29 Oct; the previous system's letter said Tue 2 Nov. The later one counts: the notice
    // goes Wed 3 Nov, not Sat 30 Oct.
    await h.sleepUntil('2027-10-20', '12:00');
    const handle = await h.start({
      caseId: 'imp-stated-h',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-ISH', amountOre: 250_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
      imported: {
        nextStep: 'terminationNotice',
        source: 'golive.csv row 8',
        securityAmountOre: 300_000,
        letters: [
          { kind: 'reminder1', sentDate: '2027-09-16', receivedDate: '2027-09-16', channel: 'digital', feeOre: 10_000 },
          { kind: 'reminder2', sentDate: '2027-09-27', receivedDate: '2027-09-27', channel: 'digital', feeOre: 10_000 },
          { kind: 'securityDemand', sentDate: '2027-10-08', receivedDate: '2027-10-08', channel: 'digital', statedDeadline: '2027-11-02' },
        ],
      },
    });
    const taken = await h.untilStage(handle, 'security-demand');
    expect(taken.securityDeadline).toMatchObject({ date: '2027-11-02', securityAmountOre: 300_000, basis: expect.stringMatching(/^stated in the previous system's letter \(2027-11-02\)/) });
    expect(taken.next).toMatchObject({ step: 'terminationNotice', date: '2027-11-03' });
    expect(taken.fees?.map((f) => [f.kind, f.amountOre, f.date])).toEqual([
      ['reminder-fee', 10_000, '2027-09-16'],
      ['reminder-fee', 10_000, '2027-09-27'],
    ]);
    await h.sleepUntil('2027-11-03', '12:00');
    const noticed = await h.untilStage(handle, 'termination-notice');
    expect(noticed.letters.at(-1)).toMatchObject({ kind: 'terminationNotice', sentDate: '2027-11-03' });
    expect(feesOf(h, 'imp-stated-h')).toEqual([]);
  });
});

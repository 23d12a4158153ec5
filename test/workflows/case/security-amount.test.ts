/**
 * The security demand's amount and threshold (issue 15 item 9; RULES 11; BEK §26 stk. 1):
 * - arrears below the minimum (default 100 kr) start no demand: the case stays at the reminders until a
 *   further invoice lifts the arrears;
 * - the amount is min(3 × the expected monthly payment, the risk cap the billing system gave), and the
 *   letter says which bound set it.
 *
 * Dates (household, digital post; due Mon 13 Sep 2027, as household.test.ts): reminder 1 Thu 16 Sep (pay
 * by Sun 26 Sep), reminder 2 Mon 27 Sep (pay by Thu 7 Oct), the security demand's day Fri 8 Oct 2027.
 * The simulated expected monthly payment is 850 kr: 3 months = 2,550 kr.
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

describe('the security demand: a minimum of arrears and a risk cap', () => {
  it('waits at 50 kr of arrears; a further invoice of 60 kr lifts them to 110 kr and the demand goes, capped at the risk of 2,000 kr', async () => {
    const handle = await h.start({
      caseId: 'sec-min-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-S1', amountOre: 5_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
      securityRiskCapOre: 200_000,
    });
    await h.sleepUntil('2027-10-08', '12:00');
    const waiting = await h.untilView(handle, 'the wait for the minimum', (v) => v.next?.step === 'securityDemand' && v.next.waitingFor !== undefined);
    expect(waiting.letters.map((l) => l.kind)).toEqual(['reminder1', 'reminder2']);
    expect(waiting.timeline.some((t) => t.what === 'no security demand yet: RULES 11: no security demand for arrears of 5000 øre, below the minimum 10000 øre (securityMinArrearsOre)')).toBe(true);

    // Sat 9 Oct: a further missed invoice of 60 kr joins the case: arrears 110 kr ≥ 100 kr.
    await h.sleepUntil('2027-10-09', '12:00');
    await h.signal(handle, { messageId: 'sec-inv-2', actor: 'billing', type: 'invoiceMissed', invoice: { invoiceId: 'INV-S2', amountOre: 6_000, dueDate: '2027-10-01' } });
    const demanded = await h.untilStage(handle, 'security-demand');
    // min(3 × 850 kr = 2,550 kr, the risk cap 2,000 kr) = 2,000 kr
    expect(demanded.securityDeadline?.securityAmountOre).toBe(200_000);
    expect(demanded.letters.at(-1)).toMatchObject({ kind: 'securityDemand', sentDate: '2027-10-09' });
    const letter = h.letter('sec-min-1:securityDemand:0')?.body;
    expect(letter).toContain('Du har ikke betalt 110,00 kr.');
    expect(letter).toContain('på 2.000,00 kr. som betingelse for, at vi fortsat leverer el til dig. Beløbet svarer til vores risiko i din sag, som er mindre end 3 måneders forventet betaling (850,00 kr. om måneden).');
    await handle.terminate('test over');
  });
});

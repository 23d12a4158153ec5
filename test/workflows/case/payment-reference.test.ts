/**
 * The billing system's payment reference (issue 15 item 13): a reminder prints the invoice's own
 * reference (e.g. an FI reference) for the customer's bank, never the case id — which carries the
 * metering point and the customer number. Due Mon 13 Sep 2027: reminder 1 Thu 16 Sep (due + 3 days).
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

describe('an invoice with a payment reference from billing', () => {
  it('reminder 1 tells the customer to pay with it, and does not offer the case id as a reference', async () => {
    const handle = await h.start({
      caseId: 'payref-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-PR', amountOre: 150_000, dueDate: '2027-09-13', paymentReference: '+71<000000123456789+87654321<' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-09-16', '12:00');
    await h.untilStage(handle, 'reminder-1');
    const body = h.letter('payref-1:reminder1:0')?.body ?? '';
    expect(body).toContain('Brug betalingsreferencen +71<000000123456789+87654321<, når du betaler.');
    expect(body).not.toContain('Skriv sagsnummeret');
  });
});

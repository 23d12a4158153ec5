/**
 * A failure no retry fixes (here: the customer registry does not know the customer) must not fail
 * the case: the step stops, the case is flagged for an operator, and it carries on when the operator
 * has fixed the data and sends `retryStep`. Malformed signals are recorded, never dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a step that fails for good', () => {
  it('stops for an operator and resumes on retryStep', async () => {
    const handle = await h.start({
      caseId: 'stuck-1',
      customerId: 'C-unknown-9',
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-S', amountOre: 100_000, dueDate: '2027-03-01' }],
      customerClass: 'household',
    });
    // Reminder 1 is due Thu 4 Mar 2027 (1 Mar + 3 days); the registry has no such customer.
    await h.sleepUntil('2027-03-04', '12:00');
    await expect.poll(async () => (await h.view(handle)).needsAttention, { timeout: 20_000 }).toBe(true);
    const stuck = await h.view(handle);
    expect(stuck.stage).toBe('opened');
    expect(stuck.next).toMatchObject({ step: 'reminder1', waitingFor: 'an operator to fix the failure and retry the step' });
    expect(stuck.timeline.at(-1)?.what).toContain('reminder1 stopped: UnknownCustomer');
    expect(stuck.letters).toEqual([]);

    // The operator fixes the registry, then retries.
    h.deps.customers.add('C-unknown-9', { name: 'Rettet Kunde', address: ['Fiktivvej 1', '9999 Eksempelby'], digitalPostId: 'dp-fix-9' });
    await h.signal(handle, { messageId: 'op-retry-1', actor: 'operator:test', type: 'retryStep' });
    const resumed = await h.untilStage(handle, 'reminder-1');
    // Sent when retried (still Thu 4 Mar 2027), pay by 14 Mar.
    expect(resumed.letters.map((l) => [l.kind, l.sentDate])).toEqual([['reminder1', '2027-03-04']]);
    expect(JSON.stringify(resumed)).not.toContain('Rettet Kunde');
  });

  it('records a malformed signal instead of dropping it', async () => {
    const handle = await h.start({
      caseId: 'malformed-1',
      customerId: 'C-1001',
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-M', amountOre: 100_000, dueDate: '2027-03-01' }],
      customerClass: 'household',
    });
    await handle.signal('caseEvent', { type: 'paymentReceived', amountOre: 5 });
    await expect
      .poll(async () => (await h.view(handle)).timeline.map((t) => t.what), { timeout: 20_000 })
      .toContain('message rejected: an event needs a messageId (1–200 characters)');
    expect((await h.view(handle)).amountDueOre).toBe(100_000);
  });
});

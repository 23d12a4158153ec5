/**
 * Security provided (BEK §29; RULES 2 table "security provided: case closes, deposit starts"): the
 * case starts the deposit as a child workflow with the parent close policy ABANDON, so it outlives the
 * case; the deposit listens to billing's events (message ids) and repays with interest.
 *
 * Household, physical meter, digital post, due Mon 13 Sep 2027: the security demand Fri 8 Oct 2027,
 * its deadline Fri 29 Oct (household.test.ts), worked by hand. Rates: the illustrative table of
 * config/deposit.ts, 1.85 % since 13 Jun 2025.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositEventSignal, depositViewQuery, depositWorkflowId, type DepositView } from '../../../workflows/deposit/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('security provided in the security period', () => {
  it('closes the case and starts a deposit that outlives it, listens to billing and repays early', async () => {
    const caseId = 'deposit-start';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-DEP', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-10-13', '10:00');
    const demanded = await h.untilStage(handle, 'security-demand');
    // 3 × the simulated 850 kr a month
    expect(demanded.securityDeadline).toMatchObject({ date: '2027-10-29', securityAmountOre: 255_000 });

    // Wed 13 Oct 10:00: the customer provides the security.
    await h.signal(handle, { messageId: 'dep-sec', actor: 'billing', type: 'securityProvided', amountOre: 255_000 });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('security-provided');
    const workflowId = depositWorkflowId(caseId);
    expect(closed.deposit).toEqual({ depositId: caseId, workflowId, amountOre: 255_000, receivedDate: '2027-10-13' });

    // The case is done; its child runs on (ABANDON), with the case as its parent.
    await expect.poll(async () => (await handle.describe()).status.name).toBe('COMPLETED');
    const deposit = h.env.client.workflow.getHandle(workflowId);
    const described = await deposit.describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.parentExecution?.workflowId).toBe(handle.workflowId);
    const held: DepositView = await deposit.query(depositViewQuery);
    expect(held).toMatchObject({
      depositId: caseId,
      caseId,
      amountOre: 255_000,
      receivedDate: '2027-10-13',
      status: 'held',
      // a year of timely payment from Wed 13 Oct 2027: Fri 13 Oct 2028
      dueForRepayment: { date: '2028-10-13' },
    });

    // Billing's events reach the deposit by its own id, with message ids.
    await h.sleepUntil('2027-11-02', '10:00');
    await deposit.signal(depositEventSignal, { messageId: 'dep-paid-1', actor: 'billing', type: 'paidOnTime', invoiceId: 'INV-N1', dueDate: '2027-11-01' });
    await expect.poll(async () => (await deposit.query(depositViewQuery)).timeline.map((t) => t.messageId)).toContain('dep-paid-1');

    // Mon 15 Nov: the agreement ends → repaid at once with interest:
    // 13 Oct → 15 Nov = 18 + 15 = 33 days at 1.85 %: 255,000 × 1.85 % × 33 / 365 = 426.5 → 426 øre (rounded down)
    await h.sleepUntil('2027-11-15', '12:00');
    await deposit.signal(depositEventSignal, { messageId: 'dep-end', actor: 'billing', type: 'agreementEnded', endDate: '2027-11-15' });
    await expect.poll(async () => (await deposit.query(depositViewQuery)).status, { timeout: 20_000 }).toBe('repaid');
    const repaid = await deposit.query(depositViewQuery);
    expect(repaid.repayment).toMatchObject({ date: '2027-11-15', reason: 'the agreement ended', amountOre: 255_000, interestOre: 426 });
    expect(h.deps.billing.paidRepayments()).toEqual([expect.objectContaining({ depositId: caseId, amountOre: 255_000, interestOre: 426 })]);
  });
});

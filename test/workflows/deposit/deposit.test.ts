/**
 * The deposit workflow (BEK §29) on the time-skipping server: repaid after a year of timely payment
 * with interest across rate changes, at once when the agreement ends, later after a missed payment,
 * and exactly once. Interest worked out by hand (see test/rules/deposit.test.ts for the arithmetic).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DepositHarness } from './harness.js';
import { copenhagenInstant } from '../../../rules/index.js';
import { depositEventSignal, depositViewQuery, type DepositInput, type DepositView } from '../../../workflows/deposit/definitions.js';

let h: DepositHarness;
beforeAll(async () => {
  h = await DepositHarness.create('deposit');
});
afterAll(async () => {
  await h?.teardown();
});

function start(input: Partial<DepositInput> & { depositId: string }): Promise<WorkflowHandle> {
  return h.env.client.workflow.start('depositWorkflow', {
    args: [
      {
        caseId: `case-of-${input.depositId}`,
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        amountOre: 300_000,
        receivedDate: '2027-01-15',
        ...input,
      } satisfies DepositInput,
    ],
    workflowId: `deposit-${input.depositId}`,
    taskQueue: h.taskQueue,
  });
}


/**
 * Waits (clock stopped) until the deposit is repaid. Not `handle.result()`: that lets the
 * time-skipping server run free while it waits, and the next test needs the clock where it is.
 */
async function repaid(handle: WorkflowHandle): Promise<DepositView> {
  await expect.poll(async () => (await handle.query(depositViewQuery)).status, { timeout: 20_000 }).toBe('repaid');
  return handle.query(depositViewQuery);
}

describe('deposit (BEK §29)', () => {
  it('is repaid after a year of timely payment, with interest across two rate changes', async () => {
    await h.sleepUntil('2027-01-15', '08:00');
    const handle = await start({ depositId: 'year' });
    await handle.signal(depositEventSignal, { messageId: 'b-1', type: 'paidOnTime', invoiceId: 'I-1', dueDate: '2027-02-10' });
    await h.sleepUntil('2028-01-15', '12:00');
    const view = await repaid(handle);
    // 15 Jan 2027 + 12 months = Sat 15 Jan 2028; interest 3,501 øre (167 d at 2 %, 92 d at 1 %, 106 d at −0.1 % → 0)
    expect(view.repayment).toMatchObject({
      date: '2028-01-15',
      reason: 'a year of timely payment',
      amountOre: 300_000,
      interestOre: 3_501,
    });
    expect(h.deps.billing.paidRepayments()).toContainEqual(
      expect.objectContaining({ depositId: 'year', amountOre: 300_000, interestOre: 3_501, date: '2028-01-15' }),
    );
  });

  it('is repaid at once when the agreement ends', async () => {
    const now = await h.env.currentTimeMs();
    expect(now).toBeGreaterThan(copenhagenInstant('2028-01-15', '09:00'));
    // A new deposit received on the (skipped) current date; the agreement ends 45 days later.
    await h.sleepUntil('2028-02-01', '08:00');
    const handle = await start({ depositId: 'ended', receivedDate: '2028-02-01' });
    await h.sleepUntil('2028-03-17', '12:00');
    await handle.signal(depositEventSignal, { messageId: 'b-end', type: 'agreementEnded', endDate: '2028-03-17' });
    const view = await repaid(handle);
    // 1 Feb → 17 Mar 2028: 29 (Feb, a leap year) + 16 = 45 days at −0.1 % (in force since 1 Oct 2027) → 0
    expect(view.repayment).toMatchObject({ date: '2028-03-17', reason: 'the agreement ended', interestOre: 0 });
    expect(view.repayment?.periods.map((p) => p.days)).toEqual([45]);
  });

  it('waits a new year after a missed payment, and repays exactly once', async () => {
    await h.sleepUntil('2028-04-03', '08:00');
    const handle = await start({ depositId: 'missed', receivedDate: '2028-04-03' });
    await h.sleepUntil('2028-05-20', '12:00');
    await handle.signal(depositEventSignal, { messageId: 'b-miss', type: 'paymentMissed', invoiceId: 'I-9', dueDate: '2028-05-10' });
    await handle.signal(depositEventSignal, { messageId: 'b-miss', type: 'paymentMissed', invoiceId: 'I-9', dueDate: '2028-05-10' });
    // Not repaid on 3 Apr 2029 (a year after receipt) ...
    await h.sleepUntil('2029-04-04', '12:00');
    const held = await handle.query(depositViewQuery);
    expect(held.status).toBe('held');
    // ... but a year after the day after the missed due date: 11 May 2028 → 11 May 2029
    expect(held.dueForRepayment?.date).toBe('2029-05-11');
    expect(held.missedPayments).toHaveLength(1);
    await h.sleepUntil('2029-05-11', '12:00');
    const view = await repaid(handle);
    expect(view.repayment).toMatchObject({ date: '2029-05-11', reason: 'a year of timely payment', interestOre: 0 });
    const calls = h.deps.billing.repaymentCalls.filter((c) => c.request.depositId === 'missed');
    expect(calls).toHaveLength(1);
  });
});

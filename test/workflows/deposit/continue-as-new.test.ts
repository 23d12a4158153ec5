/**
 * The deposit's history horizon (issue 14, item 5; release 0.5, `continueAsNewOnYearRestart`) on the
 * time-skipping server: when a missed payment starts the year of timely payment again, the deposit
 * continues as new (same type, same id) with its state, and the new run goes on exactly where the
 * old one would have: the same queries, signals and updates answer, the search attributes stay, and
 * it repays on the day and with the interest the unbroken run would have.
 *
 * Queries are not sent while a run continues as new: the time-skipping server can lose one sent at
 * that moment and then stop skipping time (test/support/time-skipping.ts). The test waits for the
 * new run through `describe`, and checks the close through `describe` too (not `result()`, which lets
 * the server move its clock on by years).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DepositHarness } from './harness.js';
import {
  DEPOSIT_WORKFLOW_TYPE,
  depositEventSignal,
  depositViewQuery,
  submitDepositEventUpdate,
  type DepositInput,
  type DepositView,
} from '../../../workflows/deposit/definitions.js';
import { releasePatchId } from '../../../workflows/shared/releases.js';
import { CASE_KIND, STAGE } from '../../../workflows/search-attributes.js';

let h: DepositHarness;
beforeAll(async () => {
  h = await DepositHarness.create('deposit-can');
});
afterAll(async () => {
  await h?.teardown();
});


/** Waits (through describe, not a query) until the deposit's current run is another run than `notRun`. */
async function untilNewRun(handle: WorkflowHandle, notRun: string): Promise<string> {
  let runId = '';
  await expect
    .poll(async () => {
      const d = await h.env.client.workflow.getHandle(handle.workflowId).describe();
      runId = d.runId;
      return d.runId !== notRun && d.status.name === 'RUNNING';
    }, { timeout: 20_000, interval: 100 })
    .toBe(true);
  return runId;
}

/** Waits (through describe) until the deposit's current run has closed; returns that run's description. */
async function untilClosed(handle: WorkflowHandle) {
  await expect.poll(async () => (await handle.describe()).status.name, { timeout: 20_000, interval: 100 }).not.toBe('RUNNING');
  return handle.describe();
}

describe('deposit: continue-as-new when the year restarts (release 0.5)', () => {
  it('continues as new with its state after a missed payment, answers the same, and repays on the unbroken run’s day with its interest', async () => {
    await h.sleepUntil('2027-01-15', '08:00');
    const input: DepositInput = {
      depositId: 'restart',
      caseId: 'case-of-restart',
      customerId: 'C-1001',
      meteringPointId: '571313100000000017',
      amountOre: 300_000,
      receivedDate: '2027-01-15',
    };
    const handle = await h.env.client.workflow.start(DEPOSIT_WORKFLOW_TYPE, { args: [input], workflowId: 'deposit-restart', taskQueue: h.taskQueue });
    await handle.signal(depositEventSignal, { messageId: 'r-1', type: 'paidOnTime', invoiceId: 'I-1', dueDate: '2027-02-10' });

    // Before: one run, held, due a year after receipt (Fri 15 Jan 2027 → Sat 15 Jan 2028).
    await h.sleepUntil('2027-03-20', '12:00');
    const before: DepositView = await handle.query(depositViewQuery);
    expect(before).toMatchObject({ status: 'held', timelySince: '2027-01-15', dueForRepayment: { date: '2028-01-15' }, missedPayments: [] });
    expect(before.timeline.map((t) => t.what)).toEqual(['deposit of 3000.00 kr received 2027-01-15', 'invoice I-1 (due 2027-02-10) paid on time']);
    const first = await handle.describe();
    expect(first.type).toBe(DEPOSIT_WORKFLOW_TYPE);

    // Invoice I-2, due Wed 10 Mar 2027, not paid on time: the year starts again the day after, Thu 11 Mar 2027.
    await handle.signal(depositEventSignal, { messageId: 'r-2', type: 'paymentMissed', invoiceId: 'I-2', dueDate: '2027-03-10' });
    const second = await untilNewRun(handle, first.runId);
    expect(second).not.toBe(first.runId);
    const now = await handle.describe();
    expect(now.type).toBe(DEPOSIT_WORKFLOW_TYPE);
    expect(now.workflowId).toBe(first.workflowId);
    // The search attributes went with it.
    expect(now.typedSearchAttributes.get(CASE_KIND)).toBe('deposit');
    expect(now.typedSearchAttributes.get(STAGE)).toBe('held');

    // The old run: the release's marker, then its continue-as-new into the same type.
    const oldEvents = (await h.env.client.workflow.getHandle(handle.workflowId, first.runId).fetchHistory()).events ?? [];
    const patches = oldEvents.flatMap((e) => {
      const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return data ? [(JSON.parse(Buffer.from(data).toString()) as { id: string }).id] : [];
    });
    expect(patches).toEqual([releasePatchId(DEPOSIT_WORKFLOW_TYPE, '0.5')]);
    expect(oldEvents.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.workflowType?.name).toBe(DEPOSIT_WORKFLOW_TYPE);

    // After: the new run answers the same query with the state carried over — received once, not again.
    const after = await handle.query(depositViewQuery);
    expect(after).toMatchObject({
      depositId: 'restart',
      amountOre: 300_000,
      receivedDate: '2027-01-15',
      status: 'held',
      timelySince: '2027-03-11',
      dueForRepayment: { date: '2028-03-11' },
      missedPayments: [{ invoiceId: 'I-2', dueDate: '2027-03-10', messageId: 'r-2' }],
    });
    expect(after.timeline.slice(0, 2)).toEqual(before.timeline);
    expect(after.timeline.map((t) => t.what)).toEqual([
      'deposit of 3000.00 kr received 2027-01-15',
      'invoice I-1 (due 2027-02-10) paid on time',
      'invoice I-2 (due 2027-03-10) not paid on time: the year of timely payment starts again 2027-03-11',
      'continued as new (the year of timely payment started again): the history starts afresh',
    ]);
    // The new run's history starts afresh.
    const newEvents = (await h.env.client.workflow.getHandle(handle.workflowId, second).fetchHistory()).events ?? [];
    expect(newEvents.length).toBeLessThan(20);
    // ... and starts with the old run's search attributes, so it does not set them again.
    expect(Object.keys(newEvents[0]?.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ?? {})).toEqual(
      expect.arrayContaining(['AfbrydCaseKind', 'AfbrydStage']),
    );
    // (Its only upsert is the SDK's own TemporalChangeVersion for the release's marker.)
    const upserted = newEvents.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
    expect(upserted).toEqual(['TemporalChangeVersion']);

    // Updates and signals reach the new run, and it remembers the old run's messages.
    expect(await handle.executeUpdate(submitDepositEventUpdate, { args: [{ messageId: 'r-2', type: 'paymentMissed', invoiceId: 'I-2', dueDate: '2027-03-10' }] })).toMatchObject({
      outcome: 'duplicate',
    });
    expect(await handle.executeUpdate(submitDepositEventUpdate, { args: [{ messageId: 'r-3', type: 'paidOnTime', invoiceId: 'I-3', dueDate: '2027-04-10' }] })).toMatchObject({
      outcome: 'applied',
    });
    await handle.signal(depositEventSignal, { messageId: 'r-1', type: 'paidOnTime', invoiceId: 'I-1', dueDate: '2027-02-10' });

    // Not repaid on Sat 15 Jan 2028 (a year after receipt), nor continued as new again ...
    await h.sleepUntil('2028-01-16', '12:00');
    const held = await handle.query(depositViewQuery);
    expect(held.status).toBe('held');
    expect(held.missedPayments).toHaveLength(1);
    expect(held.timeline.filter((t) => t.what.startsWith('deposit of'))).toHaveLength(1);
    expect(held.timeline.filter((t) => t.messageId === 'r-1')).toHaveLength(1);
    expect((await handle.describe()).runId).toBe(second);

    // ... but a year after the restart: Thu 11 Mar 2027 + 12 months = Sat 11 Mar 2028 (a deposit is
    // repaid on its day, weekend or not: the unbroken run's rule), at 09:00.
    await h.sleepUntil('2028-03-11', '12:00');
    const closed = await untilClosed(handle);
    expect(closed.status.name).toBe('COMPLETED');
    expect(closed.runId).toBe(second);
    const view = await handle.query(depositViewQuery);
    // Interest from the day of RECEIPT (15 Jan 2027, carried in the input), not from the restart:
    //   15 Jan → 1 Jul 2027: 17 + 28 + 31 + 30 + 31 + 30 = 167 days at 2 %  = 300,000 × 0.02 × 167/365 = 2,745.21 øre
    //    1 Jul → 1 Oct 2027: 31 + 31 + 30           =  92 days at 1 %  = 300,000 × 0.01 ×  92/365 =   756.16 øre
    //    1 Oct 2027 → 11 Mar 2028: 31 + 30 + 31 + 31 + 29 (leap year) + 10 = 162 days at −0.1 % → 0
    //   3,501.37 øre, rounded down: 3,501 øre (the figure of deposit.test.ts's year of timely payment).
    expect(view.repayment).toMatchObject({ date: '2028-03-11', reason: 'a year of timely payment', amountOre: 300_000, interestOre: 3_501 });
    expect(view.repayment?.periods.map((p) => [p.from, p.days])).toEqual([
      ['2027-01-15', 167],
      ['2027-07-01', 92],
      ['2027-10-01', 162],
    ]);
    expect(view.timeline.at(-1)?.what).toBe('repaid 3000.00 kr + interest 35.01 kr (a year of timely payment)');
    expect((await handle.describe()).typedSearchAttributes.get(STAGE)).toBe('closed');
    const calls = h.deps.billing.repaymentCalls.filter((c) => c.request.depositId === 'restart');
    expect(calls).toHaveLength(1);
    expect(h.deps.billing.paidRepayments()).toContainEqual(
      expect.objectContaining({ depositId: 'restart', amountOre: 300_000, interestOre: 3_501, date: '2028-03-11' }),
    );
  });
});

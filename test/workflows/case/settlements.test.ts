/**
 * Events that end a case (RULES 2, "What an event does, by stage"; BEK §26 stk. 3 and 5): security
 * provided, a payment arrangement, another supplier and a move — before the DataHub request (the case
 * simply closes) and after it (the request is cancelled, except after a supplier switch, where DataHub
 * ends the process itself). Households, physical meter, digital post (received the day it is sent).
 * Dates worked out by hand from RULES 1–2 with `cal 2027`; no public holiday falls in 4 Jan – 24 Mar
 * or 18 May – 23 Dec 2027.
 *
 * The tests share one server clock, so they run in date order.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const start = (caseId: string, dueDate: string): Promise<WorkflowHandle> =>
  h.start({
    caseId,
    customerId: CUSTOMER.digital,
    meteringPointId: METERING_POINT.physical,
    invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 120_000, dueDate }],
    customerClass: 'household',
  });

const kinds = (v: { letters: Array<{ kind: string }> }) => v.letters.map((l) => l.kind);

describe('security provided (invoices due Mon 11 Jan 2027)', () => {
  // Plan, by hand: reminder 1 Thu 14 Jan (pay by Sun 24 Jan); reminder 2 Mon 25 Jan (pay by Thu 4 Feb);
  // security demand Fri 5 Feb, deadline 15 hverdage 8–12, 15–19, 22–26 Feb → Fri 26 Feb; termination
  // notice Sat 27 Feb, effective Mon 1, Tue 2, Wed 3 Mar; request Thu 4 Mar, cut-off 5, 8, 9 → Tue 9 Mar.
  it('closes the case in the security period, and cancels the request once it is out', async () => {
    const inPeriod = await start('sec-period', '2027-01-11');
    const afterRequest = await start('sec-request', '2027-01-11');

    // Mon 15 Feb, in the security period: security provided → closed; no termination notice follows.
    await h.sleepUntil('2027-02-15', '12:00');
    await h.signal(inPeriod, { messageId: 'sec-period-1', actor: 'billing', type: 'securityProvided', amountOre: 255_000 });
    const closed = await h.untilStage(inPeriod, 'closed');
    expect(closed.closed?.reason).toBe('security-provided');
    expect(kinds(closed)).toEqual(['reminder1', 'reminder2', 'securityDemand']);
    expect(closed.securityDeadline?.date).toBe('2027-02-26');

    // Fri 5 Mar: the request went out Thu 4 Mar (cut-off Tue 9 Mar); security provided → cancel, close.
    await h.sleepUntil('2027-03-05', '12:00');
    const requested = await h.untilStage(afterRequest, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-03-04', cutoff: '2027-03-09' });
    await h.signal(afterRequest, { messageId: 'sec-request-1', actor: 'billing', type: 'securityProvided', amountOre: 255_000 });
    const cancelled = await h.untilStage(afterRequest, 'closed');
    expect(cancelled.closed?.reason).toBe('security-provided');
    expect(cancelled.request?.status).toBe('cancelled');
    expect(h.datahubOf('sec-request').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-03-09', circumstances: [] },
      {
        kind: 'RequestCancellation',
        meteringPointId: METERING_POINT.physical,
        originalTransactionId: requested.request!.transactionId,
        processId: requested.request!.processId,
      },
    ]);

    // The first case stayed closed: no letter after its security demand.
    expect(kinds(await h.view(inPeriod))).toEqual(['reminder1', 'reminder2', 'securityDemand']);
    expect(h.datahubOf('sec-period')).toEqual([]);
  });
});

describe('payment arrangement (invoices due Mon 14 Jun 2027)', () => {
  // Plan, by hand: reminder 1 Thu 17 Jun (pay by Sun 27 Jun); reminder 2 Mon 28 Jun (pay by Thu 8 Jul);
  // security demand Fri 9 Jul, deadline 12–16, 19–23, 26–30 Jul → Fri 30 Jul; termination notice Sat
  // 31 Jul, effective Mon 2, Tue 3, Wed 4 Aug; request Thu 5 Aug, cut-off Fri 6, Mon 9, Tue 10 → Tue 10 Aug.
  it('closes the case before the security demand, and cancels the request once it is out', async () => {
    const early = await start('arr-early', '2027-06-14');
    const late = await start('arr-request', '2027-06-14');

    // Mon 5 Jul: after reminder 2, before the security demand (Fri 9 Jul): instalments agreed.
    await h.sleepUntil('2027-07-05', '12:00');
    await h.signal(early, { messageId: 'arr-early-1', actor: 'billing', type: 'paymentArrangementAgreed', arrangement: 'instalments' });
    const closed = await h.untilStage(early, 'closed');
    expect(closed.closed?.reason).toBe('payment-arrangement');
    expect(kinds(closed)).toEqual(['reminder1', 'reminder2']);

    // Fri 6 Aug: the request went out Thu 5 Aug; the municipality guarantees future payment.
    await h.sleepUntil('2027-08-06', '12:00');
    const requested = await h.untilStage(late, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-08-05', cutoff: '2027-08-10' });
    await h.signal(late, {
      messageId: 'arr-request-1',
      actor: 'billing',
      type: 'paymentArrangementAgreed',
      arrangement: 'municipality-guarantee',
    });
    const cancelled = await h.untilStage(late, 'closed');
    expect(cancelled.closed?.reason).toBe('payment-arrangement');
    expect(h.datahubOf('arr-request').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(h.datahubOf('arr-request')[1]?.request).toMatchObject({ originalTransactionId: requested.request!.transactionId });
    expect(kinds(await h.view(early))).toEqual(['reminder1', 'reminder2']);
  });
});

describe('another supplier, and a move (invoices due Mon 13 Sep 2027)', () => {
  // Plan, by hand: reminder 1 Thu 16 Sep (pay by Sun 26 Sep); reminder 2 Mon 27 Sep (pay by Thu 7 Oct);
  // security demand Fri 8 Oct, deadline 11–15, 18–22, 25–29 Oct → Fri 29 Oct; termination notice Sat
  // 30 Oct, effective Mon 1, Tue 2, Wed 3 Nov; request Thu 4 Nov, cut-off Fri 5, Mon 8, Tue 9 → Tue 9 Nov.
  it('closes on a supplier switch before the request, and after it without a cancellation of ours', async () => {
    const before = await start('switch-before', '2027-09-13');
    const after = await start('switch-after', '2027-09-13');
    const moved = await start('moved-after', '2027-09-13');

    // Mon 18 Oct, in the security period: another supplier takes over (BEK §26 stk. 5).
    await h.sleepUntil('2027-10-18', '12:00');
    await h.signal(before, { messageId: 'sw-before-1', actor: 'datahub', type: 'supplierSwitched', effectiveDate: '2027-10-25' });
    const closedBefore = await h.untilStage(before, 'closed');
    expect(closedBefore.closed?.reason).toBe('supplier-switched');
    expect(kinds(closedBefore)).toEqual(['reminder1', 'reminder2', 'securityDemand']);

    // Fri 5 Nov: the requests went out Thu 4 Nov (cut-off Tue 9 Nov).
    await h.sleepUntil('2027-11-05', '12:00');
    const requested = await h.untilStage(after, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-11-04', cutoff: '2027-11-09' });
    const movedRequested = await h.untilStage(moved, 'disconnection-requested');

    // A move-in by another supplier: DataHub ends the end-of-supply process itself; nothing to cancel.
    await h.signal(after, { messageId: 'sw-after-1', actor: 'datahub', type: 'supplierSwitched', effectiveDate: '2027-11-08' });
    const closedAfter = await h.untilStage(after, 'closed');
    expect(closedAfter.closed?.reason).toBe('supplier-switched');
    expect(h.datahubOf('switch-after').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply']);

    // The customer moved out (RULES 2.6): our request is cancelled.
    await h.signal(moved, { messageId: 'moved-after-1', actor: 'billing', type: 'customerMoved', moveOutDate: '2027-11-06' });
    const closedMoved = await h.untilStage(moved, 'closed');
    expect(closedMoved.closed?.reason).toBe('customer-moved');
    expect(h.datahubOf('moved-after').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(h.datahubOf('moved-after')[1]?.request).toMatchObject({ originalTransactionId: movedRequested.request!.transactionId });
    expect(h.datahubOf('switch-before')).toEqual([]);
  });
});

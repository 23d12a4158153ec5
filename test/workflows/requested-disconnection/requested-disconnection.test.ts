/**
 * Disconnections the customer or the owner asks for (RULES 9, 10: D12) on the time-skipping server:
 * refusals (a tenant moving out: use owner liability; a customer without the owner's consent); a
 * household owner closing a holiday home on a Friday (no household disconnection day: moved to Monday),
 * disconnected and reopened; a business customer with the owner's consent asking for 27 Dec (between
 * Christmas and New Year: moved to 3 Jan 2028), then cancelling; a business more than 60 days ahead
 * (the request waits), over Easter 2028, overdue, closed by an operator. Every date is worked out by
 * hand in the comments. The tests share one server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_KIND, CUSTOMER_ID, CUTOFF_DAY, NEEDS_ATTENTION, STAGE } from '../../../workflows/search-attributes.js';
import { METERING_POINT, OWNER, OwnerHarness } from '../owner-liability/harness.js';

let h: OwnerHarness;
beforeAll(async () => {
  h = await OwnerHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('who may ask (Mon 2 Aug 2027)', () => {
  it('refuses a tenant moving out with "use owner liability", and a customer without the owner’s consent; nothing goes to DataHub', async () => {
    await h.sleepUntil('2027-08-02', '10:00');
    const tenant = await h.startRequested({
      requestId: 'REQ-T',
      meteringPointId: METERING_POINT.physical,
      customerId: 'C-1001',
      requesterRole: 'tenant-moving-out',
      customerClass: 'household',
      wantedDate: '2027-08-16',
    });
    const refused = await h.untilRequested(tenant, 'closed', (v) => v.stage === 'closed');
    expect(refused.closed).toMatchObject({ reason: 'refused', why: expect.stringMatching(/^use owner liability/) });
    expect(refused.requester).toMatchObject({ allowed: false, basis: expect.stringMatching(/BEK §25 stk\. 2/) });
    expect(refused.request).toBeUndefined();
    expect(await tenant.result()).toMatchObject({ stage: 'closed' });

    const noConsent = await h.startRequested({
      requestId: 'REQ-NC',
      meteringPointId: METERING_POINT.physical,
      customerId: 'C-2001',
      requesterRole: 'customer',
      ownerId: OWNER.business,
      customerClass: 'business',
      wantedDate: '2027-08-16',
    });
    const refused2 = await h.untilRequested(noConsent, 'closed', (v) => v.stage === 'closed');
    expect(refused2.closed).toMatchObject({ reason: 'refused', why: "the owner's consent is not recorded: a customer who is not the owner needs it" });
    expect(h.datahubOf(`${METERING_POINT.physical}-REQ-T`)).toEqual([]);
    expect(h.datahubOf(`${METERING_POINT.physical}-REQ-NC`)).toEqual([]);
  });
});

describe('a household owner closes a holiday home: asked Wed 1 Sep 2027 for Fri 10 Sep 2027 (remote meter)', () => {
  it('moves the Friday to Monday 13 Sep, sends D12 at once, follows the window, refuses a late cancellation, and reopens', async () => {
    await h.sleepUntil('2027-09-01', '10:00');
    const caseId = `${METERING_POINT.remote}-REQ-1`;
    const handle = await h.startRequested({
      requestId: 'REQ-1',
      meteringPointId: METERING_POINT.remote,
      customerId: 'C-1001',
      requesterRole: 'owner',
      customerClass: 'household',
      wantedDate: '2027-09-10',
    });
    expect(handle.workflowId).toBe(`disconnect-${METERING_POINT.remote}-REQ-1`);
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    // Earliest: 2, 3, 6 → Mon 6 Sep ≤ Fri 10 Sep; but Friday is no household disconnection day (SV 2.3.2):
    // Sat 11, Sun 12 → Mon 13 Sep (Tue 14 is no holiday).
    expect(requested.cutoff).toMatchObject({
      date: '2027-09-13',
      moved: '2027-09-10 is not a household disconnection day (fredag); moved to the next one, 2027-09-13',
      basis: expect.stringMatching(/^SV 2\.3\.2/),
    });
    expect(requested.sendOn).toEqual({ date: '2027-09-01', basis: 'RULES 10: sent at once' });
    // Remote d3: 13, 14, 15 → Wed 15 Sep; the grid reports by Thu 16 Sep, overdue from Fri 17 Sep.
    expect(requested.request).toMatchObject({
      flag: 'D12',
      sentDate: '2027-09-01',
      cutoff: '2027-09-13',
      windowDeadline: '2027-09-15',
      reportBy: '2027-09-16',
      overdueFrom: '2027-09-17',
      status: 'sent',
    });
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      // Release 0.6.9 (RULES 10): no circumstance on RSM-005; D12 follows as RSM-020 once DataHub confirms (issue16.test.ts).
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-09-13', circumstances: [] },
    ]);
    const attrs = (await handle.describe()).typedSearchAttributes;
    expect(attrs.get(CASE_KIND)).toBe('requested-disconnection');
    expect(attrs.get(STAGE)).toBe('disconnection-requested');
    // Release 0.6.5: the requester's customer number, and the cut-off Mon 13 Sep as a Danish day.
    expect(attrs.get(CUSTOMER_ID)).toBe('C-1001');
    expect(attrs.get(CUTOFF_DAY)?.toISOString()).toBe('2027-09-13T00:00:00.000Z');

    // Tue 14 Sep: disconnected Mon 13 Sep.
    await h.sleepUntil('2027-09-14', '09:00');
    await h.signalRequested(handle, { messageId: 'r1-disc', actor: 'datahub', type: 'disconnected', date: '2027-09-13' });
    await h.untilRequested(handle, 'disconnected', (v) => v.stage === 'disconnected');
    await h.signalRequested(handle, { messageId: 'r1-cancel', actor: 'billing', type: 'cancellationRequested' });
    expect(await h.requestedOutcome(handle, 'r1-cancel')).toMatchObject({ outcome: 'rejected', reason: 'the supply is already disconnected: ask for the reopening instead' });

    // Mon 4 Oct 10:00: the owner asks for the reopening. Remote, by 14:00 on a working day → the same day, 10:00–16:00.
    await h.sleepUntil('2027-10-04', '10:00');
    await h.signalRequested(handle, { messageId: 'r1-reopen', actor: 'billing', type: 'reopeningRequested' });
    const reopening = await h.untilRequested(handle, 'reopening', (v) => v.stage === 'reopening');
    expect(reopening.reopening).toMatchObject({ requestedOn: '2027-10-04', expected: { date: '2027-10-04', from: '10:00', to: '16:00' }, status: 'sent' });
    expect(h.datahubOf(caseId).map((m) => m.request).slice(1)).toEqual([
      { kind: 'RequestStartOfSupply', meteringPointId: METERING_POINT.remote, startDate: '2027-10-04', customerId: 'C-1001' },
      { kind: 'RequestService', meteringPointId: METERING_POINT.remote, serviceType: 'D03', date: '2027-10-04' },
    ]);
    await h.signalRequested(handle, { messageId: 'r1-reopened', actor: 'datahub', type: 'reopened', date: '2027-10-04' });
    const closed = await h.untilRequested(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('reopened');
    expect(closed.reopening).toMatchObject({ status: 'reopened', reopenedDate: '2027-10-04' });
  });
});

describe('a business customer with the owner’s consent: asked Mon 13 Dec 2027 for Mon 27 Dec 2027 (physical meter)', () => {
  it('moves the day between Christmas and New Year to Mon 3 Jan 2028, and cancels the request when asked', async () => {
    await h.sleepUntil('2027-12-13', '10:00');
    const caseId = `${METERING_POINT.physical}-REQ-2`;
    const handle = await h.startRequested({
      requestId: 'REQ-2',
      meteringPointId: METERING_POINT.physical,
      customerId: 'C-2001',
      requesterRole: 'customer',
      ownerId: OWNER.business,
      ownerConsentId: 'CONSENT-2',
      customerClass: 'business',
      wantedDate: '2027-12-27',
    });
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    expect(requested.requester).toMatchObject({ allowed: true, basis: expect.stringContaining('CONSENT-2') });
    // Earliest: 14, 15, 16 → Thu 16 Dec ≤ 27 Dec; 27–30 Dec are between Christmas and New Year, 31 Dec no working
    // day, Sat 1 Jan 2028 a holiday, Sun 2 → Mon 3 Jan 2028.
    expect(requested.cutoff).toMatchObject({ date: '2028-01-03', moved: '2027-12-27 is not a business disconnection day (mellem jul og nytår); moved to the next one, 2028-01-03' });
    // Physical d6: 3, 4, 5, 6, 7, 10 Jan → Mon 10 Jan 2028.
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2027-12-13', cutoff: '2028-01-03', windowDeadline: '2028-01-10' });

    // Wed 29 Dec: the customer cancels.
    await h.sleepUntil('2027-12-29', '10:00');
    await h.signalRequested(handle, { messageId: 'r2-cancel', actor: 'billing', type: 'cancellationRequested' });
    const closed = await h.untilRequested(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('cancelled');
    expect(closed.request?.status).toBe('cancelled');
    const sent = h.datahubOf(caseId);
    expect(sent.map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(requested.request?.processId).toMatch(/^brs002-/);
    // RSM-024, referring to the request's transaction and its end-of-supply process.
    expect(sent[1]!.request).toEqual({
      kind: 'RequestCancellation',
      meteringPointId: METERING_POINT.physical,
      originalTransactionId: requested.request!.transactionId,
      processId: requested.request!.processId,
    });
  });
});

describe('a business owner asks on Mon 10 Jan 2028 for Wed 12 Apr 2028 (hourly-settled), over Easter 2028', () => {
  it('waits until 60 days before the cut-off to send, flags the case when the grid does not report, and an operator closes it', async () => {
    await h.sleepUntil('2028-01-10', '10:00');
    const caseId = `${METERING_POINT.hourly}-REQ-3`;
    const handle = await h.startRequested({
      requestId: 'REQ-3',
      meteringPointId: METERING_POINT.hourly,
      customerId: 'C-2001',
      requesterRole: 'owner',
      customerClass: 'business',
      wantedDate: '2028-04-12',
    });
    // 10 Jan → 12 Apr 2028 = 21 + 29 (leap February) + 31 + 12 = 93 days > 60: sent 60 days before,
    // 12 Apr − 12 = 31 Mar, − 31 = 29 Feb, − 17 = Sat 12 Feb 2028.
    const scheduled = await h.untilRequested(handle, 'scheduled', (v) => v.stage === 'scheduled');
    expect(scheduled.cutoff).toMatchObject({ date: '2028-04-12' });
    expect(scheduled.cutoff?.moved).toBeUndefined();
    expect(scheduled.sendOn?.date).toBe('2028-02-12');
    expect(scheduled.next).toMatchObject({ step: 'disconnectionRequest', date: '2028-02-12' });
    expect(h.datahubOf(caseId)).toEqual([]);

    await h.sleepUntil('2028-02-12', '10:00');
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    // Hourly d2: d1 Wed 12 Apr; 13 Maundy Thursday, 14 Good Friday, 15–16 weekend, 17 Easter Monday → d2 Tue
    // 18 Apr; both business days → Tue 18 Apr. Report by Wed 19 Apr, overdue from Thu 20 Apr.
    expect(requested.request).toMatchObject({ sentDate: '2028-02-12', cutoff: '2028-04-12', windowDeadline: '2028-04-18', reportBy: '2028-04-19', overdueFrom: '2028-04-20' });
    expect(requested.timeline.find((t) => t.what.startsWith('DataHub request sent'))?.cause).toEqual({ type: 'timer', date: '2028-02-12' });

    await h.sleepUntil('2028-04-19', '23:00');
    expect((await h.requestedView(handle)).needsAttention).toBe(false);
    await h.sleepUntil('2028-04-20', '08:00');
    const overdue = await h.untilRequested(handle, 'overdue', (v) => v.request?.overdue === true);
    expect(overdue.needsAttention).toBe(true);
    expect(overdue.attention).toEqual([{ code: 'grid-overdue', detail: 'no outcome from the grid by 2028-04-19 (window deadline 2028-04-18)', since: expect.any(String), ref: overdue.request?.messageId }]);
    expect((await handle.describe()).typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(true);

    await h.signalRequested(handle, { messageId: 'r3-close', actor: 'operator:jens', type: 'caseClosed', note: 'the site was handed over' });
    const closed = await h.untilRequested(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('closed-by-operator');
    expect(h.datahubOf(caseId).map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
  });
});

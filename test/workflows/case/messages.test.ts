/**
 * Duplicated and out-of-order messages (issue 5 item 4): a message id seen twice is applied once; a
 * message that does not fit the case's state is recorded as rejected with its reason, and the case
 * carries on. Household, physical meter, digital post; dates worked out by hand from RULES 1–2 with
 * `cal 2027` (no public holiday between 4 Jan and 24 Mar 2027).
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

describe('duplicated and out-of-order messages (invoice due Mon 11 Jan 2027)', () => {
  // Plan, by hand: reminder 1 Thu 14 Jan (pay by Sun 24 Jan); reminder 2 Mon 25 Jan (pay by Thu 4 Feb);
  // security demand Fri 5 Feb, deadline 8–12, 15–19, 22–26 Feb → Fri 26 Feb; termination notice Sat
  // 27 Feb, effective Mon 1, Tue 2, Wed 3 Mar; request Thu 4 Mar, cut-off Fri 5, Mon 8, Tue 9 → Tue 9 Mar;
  // window (physical, d6): 9, 10, 11, 12, 15, 16 Mar.
  it('applies a message once, rejects what does not fit, and never derails the case', async () => {
    const handle = await h.start({
      caseId: 'msg-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-M1', amountOre: 150_000, dueDate: '2027-01-11' }],
      customerClass: 'household',
    });

    // Tue 12 Jan, before any request: DataHub messages that cannot fit yet.
    await h.sleepUntil('2027-01-12', '12:00');
    await h.signal(handle, { messageId: 'dh-early-disc', actor: 'datahub', type: 'disconnected', date: '2027-01-12' });
    await h.signal(handle, { messageId: 'dh-early-reopen', actor: 'datahub', type: 'reopened', date: '2027-01-12' });
    await h.signal(handle, { messageId: 'dh-early-confirm', actor: 'datahub', type: 'requestConfirmed' });
    await expect.poll(async () => (await h.outcome(handle, 'dh-early-confirm'))?.outcome).toBe('rejected');
    expect(await h.outcome(handle, 'dh-early-disc')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringContaining('no request'),
    });
    expect(await h.outcome(handle, 'dh-early-reopen')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringContaining('none was requested'),
    });
    const early = await h.view(handle);
    expect(early.disconnected).toBeUndefined();
    expect(early.needsAttention).toBe(true);
    const rejections = early.timeline.filter((t) => t.what.startsWith('message rejected'));
    expect(rejections.map((t) => t.cause)).toEqual([
      expect.objectContaining({ type: 'event', messageId: 'dh-early-disc' }),
      expect.objectContaining({ type: 'event', messageId: 'dh-early-reopen' }),
      expect.objectContaining({ type: 'event', messageId: 'dh-early-confirm' }),
    ]);
    // The rejected message again: a duplicate, not a second rejection.
    await h.signal(handle, { messageId: 'dh-early-disc', actor: 'datahub', type: 'disconnected', date: '2027-01-12' });

    // The case carries on: reminder 1 on Thu 14 Jan as planned.
    await h.sleepUntil('2027-01-18', '12:00');
    const r1 = await h.untilStage(handle, 'reminder-1');
    expect(r1.letters.map((l) => [l.kind, l.sentDate])).toEqual([['reminder1', '2027-01-14']]);
    expect(r1.timeline.filter((t) => t.what.startsWith('message rejected'))).toHaveLength(3);

    // Mon 18 Jan: a partial payment delivered twice under one message id is applied once.
    const payment = { messageId: 'bill-pay-dup', actor: 'billing', type: 'paymentReceived', amountOre: 50_000 } as const;
    await h.signal(handle, payment);
    await h.signal(handle, payment);
    await expect.poll(async () => (await h.view(handle)).timeline.filter((t) => t.cause.type === 'event' && t.cause.messageId === 'bill-pay-dup')).toHaveLength(1);
    const paid = await h.view(handle);
    expect(paid.amountDueOre).toBe(100_000);
    expect(await h.outcome(handle, 'bill-pay-dup')).toMatchObject({ outcome: 'applied', messageId: 'bill-pay-dup' });
    expect(await h.outcome(handle, 'never-seen')).toBeNull();

    // Reminder 2 on Mon 25 Jan states 1.000 kr. (1.500 − 500 once) + reminder 1's fee of 100 kr. (still
    // owed, RULES 11) + its own 100 kr. fee = 1.200 kr.
    await h.sleepUntil('2027-01-25', '12:00');
    await h.untilStage(handle, 'reminder-2');
    expect(h.letter('msg-1:reminder2:0')?.body).toContain('Du skal betale 1.200,00 kr. senest torsdag den 4. februar 2027');

    // Fri 5 Mar: the request went out Thu 4 Mar. Tue 9 Mar (the cut-off): DataHub confirms, then
    // reports the disconnection — twice, the second time under the same message id.
    await h.sleepUntil('2027-03-09', '15:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-03-04', cutoff: '2027-03-09', windowDeadline: '2027-03-16' });
    await h.signal(handle, { messageId: 'dh-confirm', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-x' });
    const disc = { messageId: 'dh-disc', actor: 'datahub', type: 'disconnected', date: '2027-03-09', meterReading: { value: 7_311, unit: 'kWh' } } as const;
    await h.signal(handle, disc);
    await h.signal(handle, disc);
    const disconnected = await h.untilStage(handle, 'disconnected');
    expect(disconnected.disconnected).toEqual({ date: '2027-03-09', meterReading: { value: 7_311, unit: 'kWh' } });
    await expect.poll(async () => (await h.outcome(handle, 'dh-disc'))?.outcome).toBe('applied');
    // A second disconnection report under a new id: no request is pending any more → rejected.
    await h.signal(handle, { messageId: 'dh-disc-2', actor: 'datahub', type: 'disconnected', date: '2027-03-10' });
    await expect.poll(async () => (await h.outcome(handle, 'dh-disc-2'))?.outcome).toBe('rejected');
    // 'reopened' while disconnected, but no reopening was requested → rejected.
    await h.signal(handle, { messageId: 'dh-reopen-early', actor: 'datahub', type: 'reopened', date: '2027-03-10' });
    await expect.poll(async () => (await h.outcome(handle, 'dh-reopen-early'))?.outcome).toBe('rejected');
    const still = await h.view(handle);
    expect(still.stage).toBe('disconnected');
    expect(still.disconnected?.date).toBe('2027-03-09');
    expect(still.timeline.filter((t) => t.cause.type === 'event' && t.cause.messageId === 'dh-disc')).toHaveLength(1);

    // Wed 10 Mar 10:00: paid and a new agreement → reopening (physical, before 11:00 → the same day).
    await h.sleepUntil('2027-03-10', '10:00');
    await h.signal(handle, { messageId: 'bill-pay-rest', actor: 'billing', type: 'paymentReceived', amountOre: 100_000 });
    const agreement = {
      messageId: 'bill-agr',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'mitid',
      effectiveFrom: '2027-03-10',
    } as const;
    await h.signal(handle, agreement);
    await h.signal(handle, agreement);
    const reopening = await h.untilStage(handle, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-03-10' });
    await h.signal(handle, { messageId: 'dh-reopened', actor: 'datahub', type: 'reopened', date: '2027-03-10' });
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('reopened');
    // One reopening: one start of supply and one D03, whatever was duplicated.
    expect(h.datahubOf('msg-1').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestStartOfSupply', 'RequestService']);
    expect(closed.timeline.filter((t) => t.cause.type === 'event' && t.cause.messageId === 'bill-agr')).toHaveLength(1);
    expect(await h.outcome(handle, 'bill-agr')).toMatchObject({ outcome: 'applied' });
  });
});

/**
 * Holds (RULES 2 events table, RULES 6; BEK §32 stk. 2): a complaint or an operator hold pauses the
 * case and cancels a pending DataHub request; resolved against the customer (or released), the pending
 * step is redone with fresh dates counted from the new letter's receipt; a complaint upheld closes the
 * case. Households, physical meter, digital post (received the day it is sent). Every date worked out
 * by hand from RULES 1–2 with `cal 2027`; public holidays that matter here: Maundy Thursday 25 Mar,
 * Good Friday 26 Mar, Easter Sunday 28 Mar, Easter Monday 29 Mar 2027.
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

const rows = (v: { letters: Array<{ kind: string; cycle: number; sentDate: string; receivedDate: string }> }) =>
  v.letters.map((l) => [l.kind, l.cycle, l.sentDate, l.receivedDate]);

describe('complaint resolved against the customer in the security period (invoice due Mon 11 Jan 2027)', () => {
  // Plan, by hand: reminder 1 Thu 14 Jan (pay by Sun 24 Jan); reminder 2 Mon 25 Jan (pay by Thu 4 Feb);
  // security demand Fri 5 Feb, deadline 15 hverdage 8–12, 15–19, 22–26 Feb → Fri 26 Feb.
  it('pauses, then redoes the security demand with a deadline from the new letter, across Easter', async () => {
    const handle = await start('complaint-against', '2027-01-11');

    // Wed 10 Feb: a complaint about the invoice → the case pauses.
    await h.sleepUntil('2027-02-10', '12:00');
    await h.signal(handle, { messageId: 'ca-filed', actor: 'billing', type: 'complaintFiled', complaintId: 'K-1' });
    const paused = await h.untilStage(handle, 'on-hold');
    expect(paused.holds).toEqual([expect.objectContaining({ holdId: 'complaint:K-1', kind: 'complaint' })]);
    expect(paused.holds[0]?.reason).toContain('BEK §32 stk. 2');

    // The security deadline (Fri 26 Feb) passes during the complaint: no termination notice on Sat 27 Feb.
    await h.sleepUntil('2027-03-03', '12:00');
    const stillPaused = await h.view(handle);
    expect(stillPaused.stage).toBe('on-hold');
    expect(rows(stillPaused)).toEqual([
      ['reminder1', 0, '2027-01-14', '2027-01-14'],
      ['reminder2', 0, '2027-01-25', '2027-01-25'],
      ['securityDemand', 0, '2027-02-05', '2027-02-05'],
    ]);

    // Thu 4 Mar 10:00: resolved against the customer → a new security demand at once (cycle 1).
    await h.sleepUntil('2027-03-04', '10:00');
    await h.signal(handle, { messageId: 'ca-resolved', actor: 'billing', type: 'complaintResolved', complaintId: 'K-1', upheld: false });
    // (the stage shows security-demand again as soon as the hold is gone: wait for the new letter)
    await expect.poll(async () => (await h.view(handle)).letters.length).toBe(4);
    const resumed = await h.untilStage(handle, 'security-demand');
    // 15 hverdage from Thu 4 Mar: Fri 5 (1); 8–12 (2–6); 15–19 (7–11); 22, 23, 24 (12–14); Thu 25 Maundy
    // Thursday, Fri 26 Good Friday, 27–28 weekend/Easter, Mon 29 Easter Monday are no hverdage; Tue 30 (15)
    expect(resumed.securityDeadline?.date).toBe('2027-03-30');
    expect(resumed.holds).toEqual([]);
    expect(h.letter('complaint-against:securityDemand:1')?.body).toContain('senest tirsdag den 30. marts 2027');
    const redone = resumed.timeline.find((t) => t.what === 'security demanded' && t.facts?.deadline === '2027-03-30');
    expect(redone?.cause).toMatchObject({ type: 'event', messageId: 'ca-resolved' });

    // Then the plan runs from the new deadline:
    //   termination notice Wed 31 Mar (the day after Tue 30 Mar); effective 3 hverdage: Thu 1, Fri 2, Mon 5 Apr
    //   request Tue 6 Apr (the first working day after Mon 5 Apr)
    //   cut-off: 3 working days Wed 7, Thu 8, Fri 9 Apr; Friday is no household disconnection day → Mon 12 Apr
    //   window (physical, d6): Mon 12, 13, 14, 15, 16, Mon 19 Apr
    await h.sleepUntil('2027-04-06', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested)).toEqual([
      ['reminder1', 0, '2027-01-14', '2027-01-14'],
      ['reminder2', 0, '2027-01-25', '2027-01-25'],
      ['securityDemand', 0, '2027-02-05', '2027-02-05'],
      ['securityDemand', 1, '2027-03-04', '2027-03-04'],
      ['terminationNotice', 1, '2027-03-31', '2027-03-31'],
      ['disconnectionNotice', 1, '2027-04-06', '2027-04-06'],
    ]);
    expect(requested.terminationEffective?.date).toBe('2027-04-05');
    expect(requested.request).toMatchObject({ cycle: 1, sentDate: '2027-04-06', cutoff: '2027-04-12', windowDeadline: '2027-04-19' });
    // the hverdag before Mon 12 Apr: Fri 9 Apr
    expect(h.letter('complaint-against:disconnectionNotice:1')?.body).toContain('senest fredag den 9. april 2027, som er hverdagen før');
  });
});

describe('complaint upheld; complaint while the request is out (invoices due Mon 14 Jun 2027)', () => {
  // Plan, by hand: reminder 1 Thu 17 Jun (pay by Sun 27 Jun); reminder 2 Mon 28 Jun (pay by Thu 8 Jul);
  // security demand Fri 9 Jul, deadline 12–16, 19–23, 26–30 Jul → Fri 30 Jul; termination notice Sat
  // 31 Jul, effective Mon 2, Tue 3, Wed 4 Aug; request Thu 5 Aug, cut-off Fri 6, Mon 9, Tue 10 → Tue 10 Aug.
  it('closes on an upheld complaint; cancels the request, then sends a new notice and a new request', async () => {
    const upheld = await start('complaint-upheld', '2027-06-14');
    const out = await start('complaint-request', '2027-06-14');

    await h.sleepUntil('2027-07-13', '12:00');
    await h.signal(upheld, { messageId: 'cu-filed', actor: 'billing', type: 'complaintFiled', complaintId: 'K-2' });
    await h.untilStage(upheld, 'on-hold');
    await h.sleepUntil('2027-07-20', '12:00');
    await h.signal(upheld, { messageId: 'cu-upheld', actor: 'billing', type: 'complaintResolved', complaintId: 'K-2', upheld: true });
    const closed = await h.untilStage(upheld, 'closed');
    expect(closed.closed?.reason).toBe('complaint-upheld');
    expect(closed.letters.map((l) => l.kind)).toEqual(['reminder1', 'reminder2', 'securityDemand']);

    // Fri 6 Aug: the request is out (Thu 5 Aug, cut-off Tue 10 Aug); a complaint → cancel it, pause.
    await h.sleepUntil('2027-08-06', '12:00');
    const requested = await h.untilStage(out, 'disconnection-requested');
    expect(requested.request).toMatchObject({ cycle: 0, sentDate: '2027-08-05', cutoff: '2027-08-10' });
    await h.signal(out, { messageId: 'cr-filed', actor: 'billing', type: 'complaintFiled', complaintId: 'K-3' });
    const paused = await h.untilStage(out, 'on-hold');
    await expect.poll(async () => (await h.view(out)).request?.status).toBe('cancelled');
    const cancellation = h.datahubOf('complaint-request')[1];
    expect(cancellation?.request).toEqual({
      kind: 'RequestCancellation',
      meteringPointId: METERING_POINT.physical,
      originalTransactionId: requested.request!.transactionId,
      processId: requested.request!.processId,
    });
    const cancelled = (await h.view(out)).timeline.find((t) => t.what.startsWith('DataHub request cancelled'));
    // the cancellation's cause is the complaint's message
    expect(cancelled?.cause).toMatchObject({ type: 'event', messageId: 'cr-filed' });
    expect(paused.holds.map((x) => x.holdId)).toEqual(['complaint:K-3']);

    // Mon 16 Aug 10:00: resolved against the customer → a new termination notice at once (cycle 1):
    //   sent and received Mon 16 Aug; effective 3 hverdage: Tue 17, Wed 18, Thu 19 Aug
    //   new request Fri 20 Aug (the first working day after Thu 19 Aug)
    //   cut-off: Mon 23, Tue 24, Wed 25 Aug → Wed 25 Aug (a household disconnection day)
    //   window (physical, d6): Wed 25, Thu 26, Fri 27, Mon 30, Tue 31 Aug, Wed 1 Sep
    await h.sleepUntil('2027-08-16', '10:00');
    await h.signal(out, { messageId: 'cr-resolved', actor: 'billing', type: 'complaintResolved', complaintId: 'K-3', upheld: false });
    await expect.poll(async () => (await h.view(out)).letters.length).toBe(6);
    await h.untilStage(out, 'termination-notice');
    await h.sleepUntil('2027-08-20', '12:00');
    const again = await h.untilStage(out, 'disconnection-requested');
    expect(rows(again).slice(3)).toEqual([
      ['terminationNotice', 0, '2027-07-31', '2027-07-31'],
      ['disconnectionNotice', 0, '2027-08-05', '2027-08-05'],
      ['terminationNotice', 1, '2027-08-16', '2027-08-16'],
      ['disconnectionNotice', 1, '2027-08-20', '2027-08-20'],
    ]);
    expect(again.terminationEffective?.date).toBe('2027-08-19');
    expect(again.request).toMatchObject({ cycle: 1, sentDate: '2027-08-20', cutoff: '2027-08-25', windowDeadline: '2027-09-01', status: 'sent' });
    expect(h.datahubOf('complaint-request').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-08-10', circumstances: [] },
      expect.objectContaining({ kind: 'RequestCancellation' }),
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-08-25', circumstances: [] },
    ]);
    // the hverdag before Wed 25 Aug: Tue 24 Aug
    expect(h.letter('complaint-request:disconnectionNotice:1')?.body).toContain('senest tirsdag den 24. august 2027, som er hverdagen før');
  });
});

describe('operator hold and release (invoices due Mon 13 Sep 2027)', () => {
  // Plan, by hand: reminder 1 Thu 16 Sep (pay by Sun 26 Sep); reminder 2 Mon 27 Sep (pay by Thu 7 Oct);
  // security demand Fri 8 Oct, deadline 11–15, 18–22, 25–29 Oct → Fri 29 Oct; termination notice Sat
  // 30 Oct, effective Mon 1, Tue 2, Wed 3 Nov; request Thu 4 Nov, cut-off Fri 5, Mon 8, Tue 9 → Tue 9 Nov.
  it('pauses in the security period and while the request is out; a release redoes the pending step', async () => {
    const inPeriod = await start('op-period', '2027-09-13');
    const out = await start('op-request', '2027-09-13');

    // Wed 13 Oct, in the security period: an operator holds the case (welfare concern).
    await h.sleepUntil('2027-10-13', '12:00');
    await h.signal(inPeriod, { messageId: 'op-hold-1', actor: 'operator:jens', type: 'hold', reason: 'welfare-concern' });
    const held = await h.untilStage(inPeriod, 'on-hold');
    expect(held.holds).toEqual([expect.objectContaining({ holdId: 'operator:op-hold-1', kind: 'operator', reason: 'welfare-concern' })]);
    // A release of a hold that does not exist is rejected and recorded.
    await h.signal(inPeriod, { messageId: 'op-release-bad', actor: 'operator:jens', type: 'release', holdId: 'operator:no-such-hold' });
    await expect.poll(async () => (await h.outcome(inPeriod, 'op-release-bad'))?.outcome).toBe('rejected');
    expect((await h.view(inPeriod)).stage).toBe('on-hold');

    // Mon 25 Oct 10:00: released → a new security demand at once (cycle 1).
    //   deadline 15 hverdage from Mon 25 Oct: 26–29 Oct (1–4), 1–5 Nov (5–9), 8–12 Nov (10–14), Mon 15 Nov (15)
    await h.sleepUntil('2027-10-25', '10:00');
    await h.signal(inPeriod, { messageId: 'op-release-1', actor: 'operator:jens', type: 'release', holdId: 'operator:op-hold-1' });
    await expect.poll(async () => (await h.view(inPeriod)).letters.length).toBe(4);
    const resumed = await h.untilStage(inPeriod, 'security-demand');
    expect(resumed.securityDeadline?.date).toBe('2027-11-15');
    expect(resumed.letters.at(-1)).toMatchObject({ kind: 'securityDemand', cycle: 1, sentDate: '2027-10-25' });
    const redone = resumed.timeline.find((t) => t.what === 'security demanded' && t.facts?.deadline === '2027-11-15');
    expect(redone?.cause).toMatchObject({ type: 'event', messageId: 'op-release-1', actor: 'operator:jens' });

    // Fri 5 Nov: the other case's request is out (Thu 4 Nov, cut-off Tue 9 Nov); an operator hold
    // (death) cancels it.
    await h.sleepUntil('2027-11-05', '12:00');
    const requested = await h.untilStage(out, 'disconnection-requested');
    expect(requested.request).toMatchObject({ cycle: 0, sentDate: '2027-11-04', cutoff: '2027-11-09' });
    await h.signal(out, { messageId: 'op-hold-2', actor: 'operator:jens', type: 'hold', reason: 'death' });
    await h.untilStage(out, 'on-hold');
    await expect.poll(() => h.datahubOf('op-request').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    expect(h.datahubOf('op-request')[1]?.request).toMatchObject({ originalTransactionId: requested.request!.transactionId });

    // Wed 10 Nov 10:00: released → a new termination notice at once (cycle 1):
    //   effective 3 hverdage: Thu 11, Fri 12, Mon 15 Nov; new request Tue 16 Nov;
    //   cut-off: Wed 17, Thu 18, Fri 19 Nov → Friday is no household disconnection day → Mon 22 Nov;
    //   window (physical, d6): Mon 22, 23, 24, 25, 26, Mon 29 Nov
    await h.sleepUntil('2027-11-10', '10:00');
    await h.signal(out, { messageId: 'op-release-2', actor: 'operator:jens', type: 'release' });
    await expect.poll(async () => (await h.view(out)).letters.length).toBe(6);
    await h.untilStage(out, 'termination-notice');

    // Tue 16 Nov: the first case's termination notice went out (the day after Mon 15 Nov), the
    // second case's new request too.
    //   first case: effective 3 hverdage from Tue 16 Nov: Wed 17, Thu 18, Fri 19 Nov; request Mon 22 Nov;
    //   cut-off: Tue 23, Wed 24, Thu 25 Nov → Thu 25 Nov; window d6: 25, 26, 29, 30 Nov, 1, Thu 2 Dec
    await h.sleepUntil('2027-11-16', '12:00');
    const again = await h.untilStage(out, 'disconnection-requested');
    expect(again.letters.slice(-2).map((l) => [l.kind, l.cycle, l.sentDate])).toEqual([
      ['terminationNotice', 1, '2027-11-10'],
      ['disconnectionNotice', 1, '2027-11-16'],
    ]);
    expect(again.terminationEffective?.date).toBe('2027-11-15');
    expect(again.request).toMatchObject({ cycle: 1, sentDate: '2027-11-16', cutoff: '2027-11-22', windowDeadline: '2027-11-29' });

    await h.sleepUntil('2027-11-22', '12:00');
    const periodRequested = await h.untilStage(inPeriod, 'disconnection-requested');
    expect(periodRequested.letters.slice(3).map((l) => [l.kind, l.cycle, l.sentDate])).toEqual([
      ['securityDemand', 1, '2027-10-25'],
      ['terminationNotice', 1, '2027-11-16'],
      ['disconnectionNotice', 1, '2027-11-22'],
    ]);
    expect(periodRequested.terminationEffective?.date).toBe('2027-11-19');
    expect(periodRequested.request).toMatchObject({ cycle: 1, sentDate: '2027-11-22', cutoff: '2027-11-25', windowDeadline: '2027-12-02' });
  });
});

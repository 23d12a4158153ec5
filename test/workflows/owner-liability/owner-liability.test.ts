/**
 * Owner liability (BEK §25, RULES 9) on the time-skipping server: the owner reached and signs; the
 * owner silent (bound from the right date); the owner asks for disconnection before the deadline (not
 * bound); the owner unreachable (attempts recorded, a request refused before the minimum is met, then
 * the request). Every date is worked out by hand in the comments (RULES 1, 4; a plain calendar; Easter
 * 2027: Maundy Thursday 25 Mar, Good Friday 26 Mar, Easter Monday 29 Mar). The tests share one server
 * clock, so they run in date order; each moves the clock to its start day before it starts its case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_KIND, CUTOFF_DATE, CUTOFF_DAY, METERING_POINT_ID, NEEDS_ATTENTION, STAGE } from '../../../workflows/search-attributes.js';
import { METERING_POINT, OWNER, OwnerHarness, ownerSettings } from './harness.js';

let h: OwnerHarness;
beforeAll(async () => {
  h = await OwnerHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const letterRows = (v: { letters: Array<{ kind: string; channel: string; sentDate: string; receivedDate: string }> }) =>
  v.letters.map((l) => [l.kind, l.channel, l.sentDate, l.receivedDate]);

describe('the owner is reached and signs (started Mon 1 Mar 2027, agreement to Wed 31 Mar 2027)', () => {
  it('sends the letter the same working day with the deadline, the contract and the day the owner is bound; a signature closes the case', async () => {
    await h.sleepUntil('2027-03-01', '10:00');
    const caseId = `${METERING_POINT.physical}-${OWNER.digital}-AGR-1`;
    const handle = await h.startOwner({
      meteringPointId: METERING_POINT.physical,
      ownerId: OWNER.digital,
      terminatedAgreementId: 'AGR-1',
      agreementEnd: '2027-03-31',
    });
    expect(handle.workflowId).toBe(`owner-${METERING_POINT.physical}-${OWNER.digital}`);
    const notified = await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    // Mon 1 Mar is a working day: the letter goes the same day, by digital post, received the same day.
    expect(letterRows(notified)).toEqual([['ownerNotice', 'digital', '2027-03-01', '2027-03-01']]);
    // Receipt Mon 1 Mar + 5 hverdage: 2, 3, 4, 5, 8 → Mon 8 Mar.
    expect(notified.deadline).toEqual({ date: '2027-03-08', basis: 'BEK §25 stk. 3: 5 hverdage from receipt (2027-03-01)' });
    // Later of Tue 9 Mar (after the deadline) and Thu 1 Apr (after the agreement's last day) → Thu 1 Apr.
    expect(notified.boundFrom?.date).toBe('2027-04-01');
    expect(notified.boundFrom?.basis).toMatch(/^BEK §25 stk\. 3, 6: from the end of the terminated agreement/);
    // Asked Mon 1 Mar: by the request alone 2, 3, 4 → Thu 4 Mar; but never before the day after the
    // agreement ends (BEK §25 stk. 6–7; RULES 11): Thu 1 Apr 2027 (Easter is 25–29 Mar; 1 Apr is a
    // household day); physical d6: 1, 2, 5, 6, 7, 8 Apr → Thu 8 Apr.
    expect(notified.earliestDisconnection).toMatchObject({
      askBy: '2027-03-01',
      cutoff: { date: '2027-04-01' },
      windowDeadline: { date: '2027-04-08' },
      payment: expect.stringContaining('BEK §25 stk. 7'),
    });
    expect(notified.next).toMatchObject({ step: 'ownerBound', date: '2027-04-01' });
    const letter = h.letter(`${caseId}:ownerNotice:0`)!;
    expect(letter.subject).toBe('Elforsyningen til din ejendom: ny elaftale senest mandag den 8. marts 2027');
    expect(letter.body).toContain('Du har frist til og med mandag den 8. marts 2027');
    expect(letter.body).toContain('bundet af kontrakten nedenfor fra og med torsdag den 1. april 2027');
    expect(letter.body).toContain('EL-VARIABEL-1');
    // The contract's contents of BEK §3 stk. 3 come with the case's settings snapshot (issue 15 item 1).
    expect(letter.body).toContain('Tillægget til spotprisen er 4,00 øre pr. kWh.');
    expect(letter.body).toContain('Klager: Er du utilfreds med kontrakten eller med os, kan du klage til os på klage@eksempel-energi.invalid.');
    expect(letter.body).toContain('Forsyningen kan ikke afbrydes, før den opsagte aftale er udløbet onsdag den 31. marts 2027.');
    expect(letter.body).toContain('kan forsyningen tidligst blive afbrudt torsdag den 1. april 2027');
    // The earliest disconnection is the day the owner is bound: no promise that asking avoids it (RULES 11).
    expect(letter.body).toContain('så du kan ikke undgå kontrakten ved at bede om afbrydelse');
    expect(letter.body).not.toContain('ikke bundet');
    const sent = notified.timeline.find((t) => t.what === "owner's letter sent with the contract");
    expect(sent).toMatchObject({ cause: { type: 'start' }, basis: expect.stringMatching(/^BEK §25 stk\. 2: without undue delay — the same working day/) });

    const attrs = (await handle.describe()).typedSearchAttributes;
    expect(attrs.get(CASE_KIND)).toBe('owner-liability');
    expect(attrs.get(STAGE)).toBe('owner-notified');
    expect(attrs.get(METERING_POINT_ID)).toBe(METERING_POINT.physical);
    expect(attrs.get(NEEDS_ATTENTION)).toBe(false);

    // Wed 3 Mar: the owner signs.
    await h.sleepUntil('2027-03-03', '14:00');
    await h.signalOwner(handle, { messageId: 'o1-sign', actor: 'billing', type: 'agreementSigned', signedBy: 'owner', agreementId: 'AGR-OWN-1', effectiveFrom: '2027-04-01' });
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('new-agreement');
    expect(closed.binding).toBeUndefined();
    expect(h.datahubOf(caseId)).toEqual([]);
    expect((await handle.describe()).typedSearchAttributes.get(STAGE)).toBe('closed');
  });
});

describe('the owner is silent (started Mon 22 Mar 2027, agreement to Wed 31 Mar 2027, over Easter)', () => {
  it('binds the owner from the day after the deadline, not from the end of the agreement', async () => {
    await h.sleepUntil('2027-03-22', '10:00');
    const handle = await h.startOwner({
      meteringPointId: METERING_POINT.physical,
      ownerId: OWNER.digital,
      terminatedAgreementId: 'AGR-2',
      agreementEnd: '2027-03-31',
    });
    const notified = await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    expect(letterRows(notified)).toEqual([['ownerNotice', 'digital', '2027-03-22', '2027-03-22']]);
    // Receipt Mon 22 Mar + 5 hverdage: 23, 24, (25 Maundy Thu, 26 Good Fri, 27–28, 29 Easter Mon) 30, 31 Mar, 1 Apr → Thu 1 Apr.
    expect(notified.deadline?.date).toBe('2027-04-01');
    // Later of Fri 2 Apr (after the deadline) and Thu 1 Apr (after the agreement) → Fri 2 Apr: the deadline's.
    expect(notified.boundFrom).toEqual({
      date: '2027-04-02',
      basis: "BEK §25 stk. 6: at the earliest when the deadline 2027-04-01 has run out (the terminated agreement's last day 2027-03-31 is not later)",
    });
    // Asked Mon 22 Mar: by the request alone 23, 24, 30 → Tue 30 Mar; never before the day after the
    // agreement (Wed 31 Mar): Thu 1 Apr; d6: 1, 2, 5, 6, 7, 8 Apr → Thu 8 Apr.
    expect(notified.earliestDisconnection).toMatchObject({ cutoff: { date: '2027-04-01' }, windowDeadline: { date: '2027-04-08' } });
    // Notice given on receipt (22 Mar): at most 1 month to the end of a month → Fri 30 Apr.
    expect(notified.noticeExample).toMatchObject({ noticeGiven: '2027-03-22', endsAtLatest: { date: '2027-04-30' } });

    // The evening of the deadline's last day: not yet bound.
    await h.sleepUntil('2027-04-01', '23:00');
    expect((await h.ownerView(handle)).binding).toBeUndefined();
    // 00:00 on Fri 2 Apr: bound.
    await h.sleepUntil('2027-04-02', '01:00');
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('owner-bound');
    expect(closed.binding).toMatchObject({ bound: true, from: '2027-04-02' });
    const bound = closed.timeline.find((t) => t.what.startsWith('no other agreement by the deadline'))!;
    expect(bound.what).toBe('no other agreement by the deadline 2027-04-01: the owner is bound by the contract on EL-VARIABEL-1 from 2027-04-02');
    expect(bound.cause).toEqual({ type: 'timer', date: '2027-04-02' });
    expect(bound.basis).toMatch(/^BEK §25 stk\. 3, 6; BEK §25 stk\. 6: at the earliest when the deadline 2027-04-01 has run out/);
    // Notice given Fri 2 Apr → the end of May.
    expect(closed.timeline.some((t) => t.what.includes('it ends at the latest 2027-05-31') && t.basis?.includes('BEK §25 stk. 7'))).toBe(true);
    expect(h.datahubOf(`${METERING_POINT.physical}-${OWNER.digital}-AGR-2`)).toEqual([]);
  });
});

describe('the owner asks for disconnection before the deadline (started Tue 1 Jun 2027, remote meter)', () => {
  it('forwards the request to DataHub at once (D12); disconnected before the deadline ran out, the owner is not bound', async () => {
    await h.sleepUntil('2027-06-01', '10:00');
    const caseId = `${METERING_POINT.remote}-${OWNER.digital}-AGR-3`;
    const handle = await h.startOwner({
      meteringPointId: METERING_POINT.remote,
      ownerId: OWNER.digital,
      terminatedAgreementId: 'AGR-3',
      agreementEnd: '2027-05-31',
    });
    const notified = await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    // Receipt Tue 1 Jun + 5 hverdage: 2, 3, 4, (5–6 weekend) 7, 8 → Tue 8 Jun; bound from Wed 9 Jun.
    expect(notified.deadline?.date).toBe('2027-06-08');
    expect(notified.boundFrom?.date).toBe('2027-06-09');
    // Asked Tue 1 Jun: 2, 3, 4 → Fri 4 Jun (a Friday, and 4 June: no household day) → Mon 7 Jun; remote d3: 7, 8, 9.
    expect(notified.earliestDisconnection).toMatchObject({ cutoff: { date: '2027-06-07' }, windowDeadline: { date: '2027-06-09' } });

    // Wed 2 Jun 11:00: the owner asks.
    await h.sleepUntil('2027-06-02', '11:00');
    await h.signalOwner(handle, { messageId: 'o3-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
    const requested = await h.untilOwner(handle, 'the request sent', (v) => v.stage === 'disconnection-requested');
    // Sent Wed 2 Jun: 3, 4, 7 → Mon 7 Jun; remote d3: 7, 8, 9 → Wed 9 Jun.
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2027-06-02', cutoff: '2027-06-07', windowDeadline: '2027-06-09', status: 'sent' });
    expect(requested.request?.cutoffBasis).toMatch(/^BEK §25 stk\. 4: forwarded at once \(2027-06-02\)/);
    expect(requested.disconnectionGround).toMatchObject({ ground: 'owner-asked', messageId: 'o3-ask' });
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      // Release 0.6.9 (RULES 10): no circumstance on RSM-005; D12 follows as RSM-020 once DataHub confirms (issue16.test.ts).
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-06-07', circumstances: [] },
    ]);
    expect(requested.request?.circumstancesPending).toEqual(['agreed-with-customer']);
    const attrs = (await handle.describe()).typedSearchAttributes;
    expect(attrs.get(STAGE)).toBe('disconnection-requested');
    // 00:00 Mon 7 Jun in Copenhagen (summer time, UTC+2).
    expect(attrs.get(CUTOFF_DATE)?.toISOString()).toBe('2027-06-06T22:00:00.000Z');
    // Release 0.6.5: the same cut-off as the Danish day Mon 7 Jun, which a day query finds.
    expect(attrs.get(CUTOFF_DAY)?.toISOString()).toBe('2027-06-07T00:00:00.000Z');

    // Tue 8 Jun: the grid reports the disconnection of Mon 7 Jun — before the deadline ran out.
    await h.sleepUntil('2027-06-08', '09:00');
    await h.signalOwner(handle, { messageId: 'o3-disc', actor: 'datahub', type: 'disconnected', date: '2027-06-07' });
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('disconnected-not-bound');
    expect(closed.binding).toMatchObject({ bound: false, basis: expect.stringMatching(/^BEK §25 stk\. 4: disconnected 2027-06-07 at the owner's request, before the owner would be bound \(2027-06-09/) });
    expect(closed.disconnected).toMatchObject({ date: '2027-06-07' });
  });
});

describe('the owner cannot be reached (started Mon 4 Oct 2027, letters by post, agreement to Sun 31 Oct 2027)', () => {
  it('records the attempts, refuses the request before the minimum is met, then requests the disconnection (D13) with the basis', async () => {
    await h.sleepUntil('2027-10-04', '10:00');
    const caseId = `${METERING_POINT.physical}-${OWNER.paperOnly}-AGR-4`;
    const handle = await h.startOwner({
      meteringPointId: METERING_POINT.physical,
      ownerId: OWNER.paperOnly,
      terminatedAgreementId: 'AGR-4',
      agreementEnd: '2027-10-31',
      preferredChannel: 'letter',
    });
    const notified = await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    // By post Mon 4 Oct, received + 5 hverdage: 5, 6, 7, 8, 11 → Mon 11 Oct.
    expect(letterRows(notified)).toEqual([['ownerNotice', 'letter', '2027-10-04', '2027-10-11']]);
    // Deadline: 12, 13, 14, 15, 18 → Mon 18 Oct; bound from the later of Tue 19 Oct and Mon 1 Nov → Mon 1 Nov.
    expect(notified.deadline?.date).toBe('2027-10-18');
    expect(notified.boundFrom?.date).toBe('2027-11-01');
    // The earliest disconnection offered: by the request alone (asked Mon 11 Oct: 12, 13, 14) Thu 14 Oct —
    // but never before the day after the agreement ends (BEK §25 stk. 6–7): Mon 1 Nov; physical d6:
    // 1, 2, 3, 4, 5, 8 Nov → Mon 8 Nov.
    expect(notified.earliestDisconnection).toMatchObject({ askBy: '2027-10-11', cutoff: { date: '2027-11-01' }, windowDeadline: { date: '2027-11-08' } });

    // Tue 5 Oct: one phone call.
    await h.sleepUntil('2027-10-05', '10:00');
    await h.signalOwner(handle, { messageId: 'o4-a1', actor: 'operator:jens', type: 'contactAttemptRecorded', date: '2027-10-05', channel: 'phone', note: 'no answer' });
    expect((await h.ownerOutcome(handle, 'o4-a1')).outcome).toBe('applied');
    // Wed 6 Oct: asking now is refused — one attempt, one channel, 0 hverdage.
    await h.sleepUntil('2027-10-06', '10:00');
    await h.signalOwner(handle, { messageId: 'o4-early', actor: 'operator:jens', type: 'ownerUnreachableDisconnection' });
    const refused = await h.ownerOutcome(handle, 'o4-early');
    expect(refused.outcome).toBe('rejected');
    expect(refused.reason).toMatch(/no disconnection without the owner's acceptance: BEK §25 stk\. 8: not yet shown.*1 more attempt.*1 more channel.*span at least 5 hverdage \(now 0/);
    expect(h.datahubOf(caseId)).toEqual([]);
    // A date in the future is refused.
    await h.signalOwner(handle, { messageId: 'o4-future', actor: 'operator:jens', type: 'contactAttemptRecorded', date: '2027-10-07', channel: 'email' });
    expect((await h.ownerOutcome(handle, 'o4-future')).outcome).toBe('rejected');

    // Tue 12 Oct: an e-mail. 6, 7, 8, 11, 12 Oct = 5 hverdage after the first attempt, 2 channels: met.
    await h.sleepUntil('2027-10-12', '10:00');
    await h.signalOwner(handle, { messageId: 'o4-a2', actor: 'operator:jens', type: 'contactAttemptRecorded', date: '2027-10-12', channel: 'email', note: 'bounced' });
    const met = await h.untilOwner(handle, 'unreachable met', (v) => v.unreachable?.met === true);
    expect(met.contactAttempts.map((a) => [a.date, a.channel, a.actor])).toEqual([
      ['2027-10-05', 'phone', 'operator:jens'],
      ['2027-10-12', 'email', 'operator:jens'],
    ]);
    expect(met.unreachable).toMatchObject({ attempts: 2, channels: 2, hverdage: 5 });

    // Wed 13 Oct: the request, without the owner's acceptance.
    await h.sleepUntil('2027-10-13', '10:00');
    await h.signalOwner(handle, { messageId: 'o4-request', actor: 'operator:jens', type: 'ownerUnreachableDisconnection' });
    const requested = await h.untilOwner(handle, 'the request sent', (v) => v.stage === 'disconnection-requested');
    // Sent Wed 13 Oct: by the request alone 14, 15, 18 → Mon 18 Oct; but the agreement runs to Sun 31 Oct:
    // not before Mon 1 Nov (BEK §25 stk. 6–7; RULES 11); 1 Nov is 19 days ahead (≤ 60), so sent at once.
    // Physical d6: 1, 2, 3, 4, 5, 8 → Mon 8 Nov.
    expect(requested.request).toMatchObject({ flag: 'D13', sentDate: '2027-10-13', cutoff: '2027-11-01', windowDeadline: '2027-11-08' });
    expect(requested.disconnectionGround).toEqual({
      ground: 'owner-unreachable',
      messageId: 'o4-request',
      basis: expect.stringMatching(/^BEK §25 stk\. 8: the owner could not be reached: 2 attempts on 2 channels from 2027-10-05 to 2027-10-12 \(5 hverdage\)/),
    });
    expect(requested.request?.cutoffBasis).toMatch(/^BEK §25 stk\. 6–7 \(RULES 9, 11\): not before the day after the terminated agreement ends \(last day 2027-10-31\).*BEK §25 stk\. 8: without the owner's acceptance/);
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      // Release 0.6.9 (RULES 10): no circumstance on RSM-005 …
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-11-01', circumstances: [] },
    ]);
    // … D13 ("other reason": the owner could not be reached) follows as RSM-020 in the process once DataHub confirms it.
    expect(requested.request?.circumstancesPending).toEqual(['other']);
    const processId = requested.request!.processId!;
    await h.signalOwner(handle, { messageId: 'o4-confirm', actor: 'datahub', type: 'requestConfirmed', processId });
    await h.untilOwner(handle, 'D13 sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-11-01', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D13', date: '2027-11-01', processId },
    ]);

    // Wed 3 Nov: disconnected Tue 2 Nov.
    await h.sleepUntil('2027-11-03', '09:00');
    await h.signalOwner(handle, { messageId: 'o4-disc', actor: 'datahub', type: 'disconnected', date: '2027-11-02' });
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('disconnected-owner-unreachable');
    expect(closed.binding).toMatchObject({ bound: false, basis: expect.stringMatching(/^BEK §25 stk\. 8/) });
  });
});

describe('the letter stops for an operator, and a new customer signs while the owner’s request is out (started Fri 7 Jan 2028)', () => {
  it('with next-working-day timing: the letter is due Mon 10 Jan, stops on an unknown owner, is retried, and the request is cancelled when a new agreement comes', async () => {
    await h.sleepUntil('2028-01-07', '10:00');
    const caseId = `${METERING_POINT.physical}-O-9999-AGR-5`;
    const handle = await h.startOwner({
      meteringPointId: METERING_POINT.physical,
      ownerId: 'O-9999',
      terminatedAgreementId: 'AGR-5',
      agreementEnd: '2027-12-31',
      settings: ownerSettings({ ownerLetterTiming: 'next-working-day' }),
    });
    // The working day after Fri 7 Jan: Sat 8, Sun 9 → Mon 10 Jan 2028, at 09:00.
    const waiting = await h.untilOwner(handle, 'waiting for the letter day', (v) => v.next?.step === 'ownerLetter');
    expect(waiting.next).toMatchObject({ date: '2028-01-10', basis: expect.stringMatching(/the next working day \(setting ownerLetterTiming\)/) });
    await h.sleepUntil('2028-01-10', '10:00');
    const stuck = await h.untilOwner(handle, 'the letter stopped', (v) => v.needsAttention);
    expect(stuck.letters).toEqual([]);
    expect(stuck.timeline.some((t) => t.what.startsWith("the owner's letter stopped: UnknownCustomer"))).toBe(true);

    h.deps.customers.add('O-9999', { name: 'Ejer Ny Eksempel (fiktiv)', address: ['Ejervej 9', '9999 Eksempelby'], digitalPostId: 'dp-o-9999' });
    await h.sleepUntil('2028-01-10', '14:00');
    await h.signalOwner(handle, { messageId: 'o5-retry', actor: 'operator:jens', type: 'retryStep' });
    const notified = await h.untilOwner(handle, 'notified', (v) => v.stage === 'owner-notified');
    // Received Mon 10 Jan; + 5 hverdage: 11, 12, 13, 14, 17 → Mon 17 Jan; bound from the later of Tue 18 Jan and Sat 1 Jan → Tue 18 Jan.
    expect(letterRows(notified)).toEqual([['ownerNotice', 'digital', '2028-01-10', '2028-01-10']]);
    expect(notified.deadline?.date).toBe('2028-01-17');
    expect(notified.boundFrom?.date).toBe('2028-01-18');

    // Tue 11 Jan: the owner asks. 12, 13, 14 → Fri 14 Jan: no household day → Mon 17 Jan.
    await h.sleepUntil('2028-01-11', '10:00');
    await h.signalOwner(handle, { messageId: 'o5-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
    const requested = await h.untilOwner(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2028-01-11', cutoff: '2028-01-17' });

    // Wed 12 Jan: a new customer signs: the request is cancelled (RSM-024) and the case closes.
    await h.sleepUntil('2028-01-12', '10:00');
    await h.signalOwner(handle, { messageId: 'o5-new', actor: 'billing', type: 'agreementSigned', signedBy: 'new-customer', agreementId: 'AGR-NEW', effectiveFrom: '2028-01-15' });
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('new-agreement');
    expect(closed.request?.status).toBe('cancelled');
    expect(h.datahubOf(caseId).map((m) => m.request.kind)).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
  });
});

describe('the owner asks at once, the agreement runs to Sat 30 Sep 2028 (started Mon 3 Jul 2028)', () => {
  it('holds the request until 60 days before the first disconnection day after the agreement, Mon 2 Oct 2028: sent Thu 3 Aug 2028', async () => {
    await h.sleepUntil('2028-07-03', '10:00');
    const caseId = `${METERING_POINT.physical}-${OWNER.digital}-AGR-6`;
    const handle = await h.startOwner({ meteringPointId: METERING_POINT.physical, ownerId: OWNER.digital, terminatedAgreementId: 'AGR-6', agreementEnd: '2028-09-30' });
    const notified = await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    // Digital post Mon 3 Jul, received the same day; deadline 4, 5, 6, 7, 10 Jul → Mon 10 Jul; bound from
    // the later of Tue 11 Jul and Sun 1 Oct → Sun 1 Oct 2028.
    expect(notified.deadline?.date).toBe('2028-07-10');
    expect(notified.boundFrom?.date).toBe('2028-10-01');
    // By the request alone 4, 5, 6 → Thu 6 Jul; held to after Sat 30 Sep: Sun 1 Oct is no working day →
    // Mon 2 Oct 2028; physical d6: 2, 3, 4, 5, 6, 9 Oct → Mon 9 Oct 2028.
    expect(notified.earliestDisconnection).toMatchObject({ askBy: '2028-07-03', cutoff: { date: '2028-10-02' }, windowDeadline: { date: '2028-10-09' } });
    await h.signalOwner(handle, { messageId: 'o6-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
    expect((await h.ownerOutcome(handle, 'o6-ask')).outcome).toBe('applied');
    // 2 Oct is 91 days after 3 Jul (28 + 31 + 30 + 2): the request waits until 60 days before it:
    // 2 Oct − 2 = 30 Sep, − 30 = 31 Aug, − 28 = Thu 3 Aug 2028.
    const waiting = await h.untilOwner(handle, 'the request planned', (v) => v.next?.step === 'disconnectionRequest');
    expect(waiting.next).toMatchObject({ date: '2028-08-03', basis: 'regulation H1: the request goes in at most 60 days before the cut-off 2028-10-02' });
    await h.sleepUntil('2028-08-02', '12:00');
    expect(h.datahubOf(caseId)).toEqual([]);
    await h.sleepUntil('2028-08-03', '12:00');
    const requested = await h.untilOwner(handle, 'the request sent', (v) => v.stage === 'disconnection-requested');
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2028-08-03', cutoff: '2028-10-02', windowDeadline: '2028-10-09' });
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      // Release 0.6.9 (RULES 10): D12 follows as RSM-020 once DataHub confirms.
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2028-10-02', circumstances: [] },
    ]);
    await handle.terminate('test over');
  });
});

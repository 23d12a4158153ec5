/**
 * Digital post failing over to a physical letter (RULES 1 "Receipt of a letter"; issue 5 item 3): the
 * letter goes by post, its receipt is dispatch + 5 hverdage, every later date follows that receipt,
 * and a letter whose dates were counted from the receipt digital post would have given is followed by
 * a corrected letter. Households, physical meter. Every date worked out by hand from RULES 1–2 with
 * `cal 2027`; public holidays that matter here: Maundy Thursday 25 Mar, Good Friday 26 Mar, Easter
 * Sunday 28 Mar, Easter Monday 29 Mar 2027.
 *
 * The tests share one server clock, so they run in date order.
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

const rows = (v: { letters: Array<{ kind: string; letterId: string; sentDate: string; receivedDate: string; channel: string }> }) =>
  v.letters.map((l) => [l.kind, l.sentDate, l.receivedDate, l.channel]);

describe('a customer whose digital mailbox bounces (C-1003), invoice due Mon 11 Jan 2027', () => {
  it('sends physical letters and counts every deadline from dispatch + 5 hverdage, across Easter', async () => {
    const handle = await h.start({
      caseId: 'bounce-1',
      customerId: CUSTOMER.bouncing,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-B1', amountOre: 130_000, dueDate: '2027-01-11' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-03-18', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested)).toEqual([
      // due Mon 11 Jan + 3 = Thu 14 Jan; digital post bounces → by post; received 15, 18, 19, 20, 21 Jan
      ['reminder1', '2027-01-14', '2027-01-21', 'letter'],
      // pay by Sun 24 Jan (sent + 10 days); Mon 25 Jan; received 26, 27, 28, 29 Jan, 1 Feb
      ['reminder2', '2027-01-25', '2027-02-01', 'letter'],
      // pay by Thu 4 Feb; Fri 5 Feb; received 8, 9, 10, 11, 12 Feb
      ['securityDemand', '2027-02-05', '2027-02-12', 'letter'],
      // deadline 15 hverdage from Fri 12 Feb: 15–19, 22–26 Feb, 1–5 Mar → Fri 5 Mar; the day after:
      // Sat 6 Mar; received 8, 9, 10, 11, 12 Mar
      ['terminationNotice', '2027-03-06', '2027-03-12', 'letter'],
      // effective 3 hverdage from Fri 12 Mar: 15, 16, 17 → Wed 17 Mar; request Thu 18 Mar; received
      // 19, 22, 23, 24 Mar, (25 Maundy Thursday, 26 Good Friday, 27–28, 29 Easter Monday), Tue 30 Mar
      ['disconnectionNotice', '2027-03-18', '2027-03-30', 'letter'],
    ]);
    expect(requested.securityDeadline?.date).toBe('2027-03-05');
    expect(requested.terminationEffective?.date).toBe('2027-03-17');
    expect(requested.request).toMatchObject({
      sentDate: '2027-03-18',
      // 3 working days would allow Tue 23 Mar (19, 22, 23), but the letter is received Tue 30 Mar and
      // the next hverdag is Wed 31 Mar: the cut-off is after it → Thu 1 Apr, a household disconnection
      // day (Fri 2 Apr is no public holiday in 2027)
      cutoff: '2027-04-01',
      // physical, d6: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7, Thu 8 Apr
      windowDeadline: '2027-04-08',
    });
    // Digital post was tried once, for the first letter, and bounced; later letters went by post.
    expect(
      h.deps.digitalPost
        .calls()
        .filter((c) => c.idempotencyKey.startsWith('bounce-1:'))
        .map((c) => [c.idempotencyKey, c.outcome]),
    ).toEqual([['bounce-1:reminder1:0', 'bounced']]);
    // A reminder's payment deadline counts from the day it is sent, not from its receipt, so nothing
    // needed correcting: one physical letter per step.
    expect(
      h.deps.printPost
        .deliveries()
        .filter((d) => d.idempotencyKey.startsWith('bounce-1:'))
        .map((d) => d.idempotencyKey),
    ).toEqual([
      'bounce-1:reminder1:0',
      'bounce-1:reminder2:0',
      'bounce-1:securityDemand:0',
      'bounce-1:terminationNotice:0',
      'bounce-1:disconnectionNotice:0',
    ]);
    expect(h.letter('bounce-1:reminder1:0')?.body).toContain('senest søndag den 24. januar 2027');
    expect(h.letter('bounce-1:securityDemand:0')?.body).toContain('senest fredag den 5. marts 2027');
    expect(h.letter('bounce-1:terminationNotice:0')?.body).toContain('onsdag den 17. marts 2027');
    const notice = h.letter('bounce-1:disconnectionNotice:0')?.body;
    expect(notice).toContain('Afbrydelsen kan tidligst ske torsdag den 1. april 2027');
    expect(notice).toContain('senest torsdag den 8. april 2027');
    // the hverdag before Thu 1 Apr: Wed 31 Mar
    expect(notice).toContain('senest onsdag den 31. marts 2027, som er hverdagen før');
  });
});

describe('digital post starts bouncing in the middle of a case (invoice due Mon 14 Jun 2027)', () => {
  it('follows the security demand with a corrected letter whose deadline counts from its receipt by post', async () => {
    h.deps.customers.add('C-1090', {
      name: 'Testperson Skift Eksempel',
      address: ['Fiktivvej 90', '9999 Eksempelby'],
      digitalPostId: 'dp-0001090',
    });
    const handle = await h.start({
      caseId: 'bounce-mid',
      customerId: 'C-1090',
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-B2', amountOre: 130_000, dueDate: '2027-06-14' }],
      customerClass: 'household',
    });
    // Reminders by digital post: Thu 17 Jun (due + 3; pay by Sun 27 Jun) and Mon 28 Jun (pay by Thu 8 Jul).
    await h.sleepUntil('2027-07-05', '12:00');
    const reminded = await h.untilStage(handle, 'reminder-2');
    expect(rows(reminded)).toEqual([
      ['reminder1', '2027-06-17', '2027-06-17', 'digital'],
      ['reminder2', '2027-06-28', '2027-06-28', 'digital'],
    ]);
    h.deps.digitalPost.setBehaviour('dp-0001090', { type: 'bounce', reason: 'MAILBOX_FULL (simulated)' });

    // Fri 9 Jul: the security demand, planned for digital post (received the same day: deadline
    // 15 hverdage 12–16, 19–23, 26–30 Jul → Fri 30 Jul), bounces and goes by post: received
    // 12, 13, 14, 15, 16 Jul → Fri 16 Jul. A corrected letter follows by post the same day, with the
    // deadline from its own receipt Fri 16 Jul: 19–23, 26–30 Jul, 2–6 Aug → Fri 6 Aug.
    await h.sleepUntil('2027-07-09', '12:00');
    const demanded = await h.untilStage(handle, 'security-demand');
    expect(demanded.letters.at(-1)).toMatchObject({
      kind: 'securityDemand',
      letterId: 'bounce-mid:securityDemand:0:corrected',
      channel: 'letter',
      sentDate: '2027-07-09',
      receivedDate: '2027-07-16',
    });
    expect(demanded.securityDeadline?.date).toBe('2027-08-06');
    const first = h.letter('bounce-mid:securityDemand:0')?.body;
    expect(first).toContain('senest fredag den 30. juli 2027');
    const corrected = h.letter('bounce-mid:securityDemand:0:corrected')?.body;
    expect(corrected).toContain('Dette brev erstatter vores tidligere brev');
    expect(corrected).toContain('senest fredag den 6. august 2027');
    expect(h.deps.printPost.deliveries().filter((d) => d.idempotencyKey.startsWith('bounce-mid:')).map((d) => d.idempotencyKey)).toEqual([
      'bounce-mid:securityDemand:0',
      'bounce-mid:securityDemand:0:corrected',
    ]);
    expect(demanded.timeline.some((t) => t.what.includes('received later than planned'))).toBe(true);

    // From here the letters are planned for the post:
    //   termination notice Sat 7 Aug (the day after Fri 6 Aug); received 9, 10, 11, 12, 13 Aug → Fri 13 Aug;
    //   effective 3 hverdage: Mon 16, Tue 17, Wed 18 Aug
    //   request Thu 19 Aug; the letter is received 20, 23, 24, 25, 26 Aug → Thu 26 Aug; 3 working days
    //   would allow Tue 24 Aug, but the cut-off must be after Fri 27 Aug (the hverdag after the receipt):
    //   Sat 28, Sun 29 → Mon 30 Aug; window (physical, d6): 30, 31 Aug, 1, 2, 3, Mon 6 Sep
    await h.sleepUntil('2027-08-19', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested).slice(2)).toEqual([
      ['securityDemand', '2027-07-09', '2027-07-16', 'letter'],
      ['terminationNotice', '2027-08-07', '2027-08-13', 'letter'],
      ['disconnectionNotice', '2027-08-19', '2027-08-26', 'letter'],
    ]);
    expect(requested.terminationEffective?.date).toBe('2027-08-18');
    expect(requested.request).toMatchObject({ sentDate: '2027-08-19', cutoff: '2027-08-30', windowDeadline: '2027-09-06' });
    // No other letter needed a correction.
    expect(h.letter('bounce-mid:terminationNotice:0:corrected')).toBeUndefined();
    expect(h.letter('bounce-mid:disconnectionNotice:0:corrected')).toBeUndefined();
    // the hverdag before Mon 30 Aug: Fri 27 Aug
    expect(h.letter('bounce-mid:disconnectionNotice:0')?.body).toContain('senest fredag den 27. august 2027, som er hverdagen før');
  });
});

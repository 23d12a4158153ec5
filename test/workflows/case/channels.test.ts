/**
 * Digital post failing over to a physical letter (RULES 1 "Receipt of a letter"; issue 5 item 3): the
 * letter goes by post, its receipt is dispatch + 5 hverdage, every later date follows that receipt,
 * and — since release 0.6.1 (RULES 11) — a letter planned for digital post carries its twin dated for
 * the post, which goes instead: one letter with its own channel's dates, no correction. A reminder's
 * payment deadline counts from its receipt (RULES 2.1). Households, physical meter. Every date worked out by hand from RULES 1–2 with
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
    await h.sleepUntil('2027-04-06', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(rows(requested)).toEqual([
      // due Mon 11 Jan + 3 = Thu 14 Jan; digital post bounces → by post, as the twin dated for the post;
      // received 15, 18, 19, 20, 21 Jan → Thu 21 Jan; pay by receipt + 10 = Sun 31 Jan (RULES 2.1)
      ['reminder1', '2027-01-14', '2027-01-21', 'letter'],
      // the day after: Mon 1 Feb; received 2, 3, 4, 5, 8 Feb → Mon 8 Feb; pay by Thu 18 Feb
      ['reminder2', '2027-02-01', '2027-02-08', 'letter'],
      // Fri 19 Feb; received 22–26 Feb → Fri 26 Feb
      ['securityDemand', '2027-02-19', '2027-02-26', 'letter'],
      // deadline 15 hverdage from Fri 26 Feb: 1–5, 8–12, 15–19 Mar → Fri 19 Mar; the day after: Sat 20 Mar;
      // received 22, 23, 24, (25 Maundy Thursday, 26 Good Friday, 27–28, 29 Easter Monday) 30, 31 Mar → Wed 31 Mar
      ['terminationNotice', '2027-03-20', '2027-03-31', 'letter'],
      // effective 3 hverdage from Wed 31 Mar: Thu 1, Fri 2, Mon 5 Apr; request Tue 6 Apr; received
      // 7, 8, 9, 12, 13 Apr → Tue 13 Apr
      ['disconnectionNotice', '2027-04-06', '2027-04-13', 'letter'],
    ]);
    expect(requested.securityDeadline?.date).toBe('2027-03-19');
    expect(requested.terminationEffective?.date).toBe('2027-04-05');
    expect(requested.request).toMatchObject({
      sentDate: '2027-04-06',
      // 3 working days would allow Fri 9 Apr (7, 8, 9), but the letter is received Tue 13 Apr and the
      // next hverdag is Wed 14 Apr: the cut-off is after it → Thu 15 Apr, a household disconnection day
      cutoff: '2027-04-15',
      // physical, d6: Thu 15, Fri 16, Mon 19, Tue 20, Wed 21, Thu 22 Apr
      windowDeadline: '2027-04-22',
    });
    // Digital post was tried once, for the first letter, and bounced; later letters went by post.
    expect(
      h.deps.digitalPost
        .calls()
        .filter((c) => c.idempotencyKey.startsWith('bounce-1:'))
        .map((c) => [c.idempotencyKey, c.outcome]),
    ).toEqual([['bounce-1:reminder1:0', 'bounced']]);
    // Reminder 1 went by post as its twin, already dated for the post (RULES 11): one letter per step,
    // no correction.
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
    expect(h.letter('bounce-1:reminder1:0')?.body).toContain('senest søndag den 31. januar 2027');
    expect(h.letter('bounce-1:securityDemand:0')?.body).toContain('senest fredag den 19. marts 2027');
    // The notice runs to the end of Mon 5 Apr; the agreement can be terminated from Tue 6 Apr (RULES 2.4).
    expect(h.letter('bounce-1:terminationNotice:0')?.body).toContain('Varslet løber til og med mandag den 5. april 2027, så aftalen kan tidligst ophæves tirsdag den 6. april 2027.');
    const notice = h.letter('bounce-1:disconnectionNotice:0')?.body;
    expect(notice).toContain('Afbrydelsen kan tidligst ske torsdag den 15. april 2027');
    expect(notice).toContain('senest torsdag den 22. april 2027');
    // the hverdag before Thu 15 Apr: Wed 14 Apr
    expect(notice).toContain('senest onsdag den 14. april 2027, som er hverdagen før');
  });
});

describe('digital post starts bouncing in the middle of a case (invoice due Mon 14 Jun 2027)', () => {
  it('sends the security demand by post as its twin, dated from its receipt by post: one letter, no correction (RULES 11)', async () => {
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
    // 15 hverdage 12–16, 19–23, 26–30 Jul → Fri 30 Jul), carries its twin for the post. Digital post
    // bounces and the twin goes by post: received 12, 13, 14, 15, 16 Jul → Fri 16 Jul, with the deadline
    // from that receipt: 19–23, 26–30 Jul, 2–6 Aug → Fri 6 Aug. One letter; no correction.
    await h.sleepUntil('2027-07-09', '12:00');
    const demanded = await h.untilStage(handle, 'security-demand');
    expect(demanded.letters.at(-1)).toMatchObject({
      kind: 'securityDemand',
      letterId: 'bounce-mid:securityDemand:0',
      channel: 'letter',
      sentDate: '2027-07-09',
      receivedDate: '2027-07-16',
    });
    expect(demanded.securityDeadline?.date).toBe('2027-08-06');
    const sent = h.letter('bounce-mid:securityDemand:0')?.body;
    expect(sent).toContain('senest fredag den 6. august 2027');
    expect(sent).not.toContain('senest fredag den 30. juli 2027');
    expect(sent).not.toContain('erstatter');
    expect(h.letter('bounce-mid:securityDemand:0:corrected')).toBeUndefined();
    expect(h.deps.printPost.deliveries().filter((d) => d.idempotencyKey.startsWith('bounce-mid:')).map((d) => d.idempotencyKey)).toEqual([
      'bounce-mid:securityDemand:0',
    ]);
    expect(demanded.timeline.some((t) => t.what.includes('received later than planned'))).toBe(false);

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

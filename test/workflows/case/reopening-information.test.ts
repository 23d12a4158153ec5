/**
 * Release 0.6.9 (`reopeningInformationByShortMessage`, issue 15 item 3; RULES 11, SV 3.2.1 e, 3.2.2 e):
 * the reopening information reaches the customer before the reopening. A household on letters by post
 * gets it by SMS (or e-mail) before the reopening request, and the case needs no operator; a customer
 * the registry has no number or address for is flagged as before (0.6.3); a digital-post customer gets
 * the notice the same day and no SMS. The request goes at once and the letter still follows.
 *
 * Three households taken over half-way (go-live import) on one clock, each on the physical metering
 * point. Dates worked by hand from RULES 1–2, 4, 7 with `cal 2027` (no public holiday between 1 Sep and
 * 23 Dec 2027; a physical letter counts as received 5 hverdage after dispatch, digital post the same day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseInput } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

/** The seeded registry (simulators/customers.ts): C-1005 has a mobile number, C-1002 neither, C-1001 digital post and a number. */
const WITH_PHONE = 'C-1005';

/**
 * By post: rykker 1 Thu 2 Sep, received Thu 9 Sep (3, 6, 7, 8, 9); pay by +10 days Sun 19 Sep; rykker 2
 * Mon 20 Sep, received Mon 27 Sep (21–24, 27); pay by Thu 7 Oct; security demand Fri 8 Oct, received Fri
 * 15 Oct (11–15); deadline 15 hverdage: 18–22, 25–29 Oct, 1–5 Nov → Fri 5 Nov; termination notice Sat 6
 * Nov, received Fri 12 Nov (8–12), effective 3 hverdage later: 15, 16, 17 → Wed 17 Nov; the request is
 * due the first working day after, Thu 18 Nov.
 */
const byPost = (caseId: string, customerId: string): CaseInput => ({
  caseId,
  customerId,
  meteringPointId: METERING_POINT.physical,
  invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 200_000, dueDate: '2027-08-30' }],
  customerClass: 'household',
  imported: {
    nextStep: 'disconnectionRequest',
    source: `golive.csv ${caseId}`,
    securityAmountOre: 300_000,
    letters: [
      { kind: 'reminder1', sentDate: '2027-09-02', receivedDate: '2027-09-09', channel: 'letter' },
      { kind: 'reminder2', sentDate: '2027-09-20', receivedDate: '2027-09-27', channel: 'letter' },
      { kind: 'securityDemand', sentDate: '2027-10-08', receivedDate: '2027-10-15', channel: 'letter' },
      { kind: 'terminationNotice', sentDate: '2027-11-06', receivedDate: '2027-11-12', channel: 'letter' },
    ],
  },
});

/**
 * By digital post: rykker 1 Thu 2 Sep (pay by Sun 12 Sep), rykker 2 Mon 13 Sep (pay by Thu 23 Sep),
 * security demand Fri 24 Sep, deadline 15 hverdage: 27 Sep–1 Oct, 4–8, 11–15 Oct → Fri 15 Oct;
 * termination notice Sat 16 Oct, effective 18, 19, 20 → Wed 20 Oct; the request was due Thu 21 Oct.
 */
const digital = (caseId: string): CaseInput => ({
  caseId,
  customerId: CUSTOMER.digital,
  meteringPointId: METERING_POINT.physical,
  invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 200_000, dueDate: '2027-08-30' }],
  customerClass: 'household',
  imported: {
    nextStep: 'disconnectionRequest',
    source: `golive.csv ${caseId}`,
    securityAmountOre: 300_000,
    letters: [
      { kind: 'reminder1', sentDate: '2027-09-02', receivedDate: '2027-09-02', channel: 'digital' },
      { kind: 'reminder2', sentDate: '2027-09-13', receivedDate: '2027-09-13', channel: 'digital' },
      { kind: 'securityDemand', sentDate: '2027-09-24', receivedDate: '2027-09-24', channel: 'digital' },
      { kind: 'terminationNotice', sentDate: '2027-10-16', receivedDate: '2027-10-16', channel: 'digital' },
    ],
  },
});

describe('the reopening information on a same-day channel (release 0.6.9)', () => {
  it('by SMS for a household on letters by post; flagged without a number or address; no SMS for digital post', async () => {
    // The import runs on Thu 18 Nov 2027 at 12:00: each request is due, so each goes at once.
    await h.sleepUntil('2027-11-18', '12:00');
    const sms = await h.start(byPost('rinfo-sms', WITH_PHONE));
    const none = await h.start(byPost('rinfo-none', CUSTOMER.paperOnly));
    const dig = await h.start(digital('rinfo-digital'));
    // A household on letters by post whose number the gateway cannot reach today (down for it).
    h.deps.customers.add('C-9001', { name: 'Testperson Nede Eksempel', address: ['Fiktivvej 22', '9999 Eksempelby'], mobilePhone: '+4500000099' });
    h.deps.shortMessages.failFor('+4500000099');
    const down = await h.start(byPost('rinfo-down', 'C-9001'));
    for (const handle of [sms, none, down]) {
      const requested = await h.untilStage(handle, 'disconnection-requested');
      // The disconnection notice by post Thu 18 Nov, received Thu 25 Nov (19, 22, 23, 24, 25). 3 working
      // days would allow Tue 23 Nov, but the cut-off comes after the hverdag following the receipt (Fri
      // 26 Nov): Sat 27, Sun 28 are no disconnection days → Mon 29 Nov; physical, d6: 29, 30 Nov, 1, 2,
      // 3, 6 Dec → Mon 6 Dec.
      expect(requested.letters.at(-1)).toMatchObject({ kind: 'disconnectionNotice', channel: 'letter', sentDate: '2027-11-18', receivedDate: '2027-11-25' });
      expect(requested.request).toMatchObject({ sentDate: '2027-11-18', cutoff: '2027-11-29', windowDeadline: '2027-12-06' });
    }
    const requestedDigital = await h.untilStage(dig, 'disconnection-requested');
    // By digital post Thu 18 Nov, received the same day: 3 working days 19, 22, 23 → Tue 23 Nov, after
    // the hverdag following the receipt (Fri 19 Nov); d6: 23–26, 29, 30 Nov → Tue 30 Nov.
    expect(requestedDigital.letters.at(-1)).toMatchObject({ kind: 'disconnectionNotice', channel: 'digital', receivedDate: '2027-11-18' });
    expect(requestedDigital.request).toMatchObject({ cutoff: '2027-11-23', windowDeadline: '2027-11-30' });

    // The grid disconnects all three on Tue 30 Nov (inside each window).
    await h.sleepUntil('2027-11-30', '10:00');
    for (const [handle, id] of [[sms, 'sms'], [none, 'none'], [dig, 'digital'], [down, 'down']] as const) {
      await h.signal(handle, { messageId: `rinfo-disc-${id}`, actor: 'datahub', type: 'disconnected', date: '2027-11-30' });
      await h.untilStage(handle, 'disconnected');
    }

    // Wed 1 Dec 13:00: each pays and signs a new agreement. Physical reopening requested after 11:00 →
    // the next working day, Thu 2 Dec, in normal hours 08:00–16:00 (Mon–Thu) (RULES 7, SV 3.2.1 c).
    await h.sleepUntil('2027-12-01', '13:00');
    for (const [handle, id] of [[sms, 'sms'], [none, 'none'], [dig, 'digital'], [down, 'down']] as const) {
      await h.signal(handle, { messageId: `rinfo-pay-${id}`, actor: 'billing', type: 'paymentReceived', amountOre: 200_000 });
      await h.signal(handle, { messageId: `rinfo-agr-${id}`, actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-12-01' });
    }

    // 1. By post, with a mobile number: the notice by post is received Wed 8 Dec (2, 3, 6, 7, 8), after the
    // reopening; so the information goes by SMS first, the request at once, and no operator is needed.
    const reopening = await h.untilStage(sms, 'reopening');
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-12-02' });
    expect(reopening.letters.at(-1)).toMatchObject({ kind: 'reopeningNotice', channel: 'letter', sentDate: '2027-12-01', receivedDate: '2027-12-08' });
    expect(reopening.attention ?? []).toEqual([]);
    expect(reopening.reopeningInformationSent).toMatchObject({ channel: 'sms', messageId: 'SMS-000001' });
    // Sent on Wed 1 Dec, 13:00 Danish time (12:00 UTC), a moment after the signals.
    expect(reopening.reopeningInformationSent?.sentAt).toMatch(/^2027-12-01T12:00/);
    const [message] = h.deps.shortMessages.messagesTo('+4500000005');
    expect(message?.idempotencyKey).toBe('rinfo-sms:reopening-information:0:sms');
    expect(message?.text).toContain('Din strøm genåbnes torsdag den 2. december 2027 mellem kl. 8.00 og kl. 16.00.');
    expect(message?.text).toContain('Sluk elektriske apparater');
    // In the timeline with its basis, before the reopening request; nothing personal in the view.
    const whats = reopening.timeline.map((t) => t.what);
    const sent = whats.findIndex((w) => w.startsWith('reopening information sent by SMS before the reopening request'));
    const requested = whats.findIndex((w) => w.startsWith('reopening requested (BRS-039 D03)'));
    expect(sent).toBeGreaterThan(-1);
    expect(requested).toBeGreaterThan(sent);
    expect(reopening.timeline[sent]?.basis).toContain('RULES 11');
    expect(reopening.timeline[sent]?.facts).toMatchObject({ channel: 'sms', messageId: 'SMS-000001' });
    expect(JSON.stringify(reopening)).not.toContain('+4500000005');
    expect(JSON.stringify(reopening)).not.toContain('mobil@kunde.invalid');
    // The request went at once, and the letter follows as confirmation.
    expect(h.datahubOf('rinfo-sms').map((m) => m.request).at(-1)).toEqual({ kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D03', date: '2027-12-01' });
    expect(h.letter('rinfo-sms:reopeningNotice:0')?.body).toContain('torsdag den 2. december 2027');
    // The text sent is in the evidence archive, with its hash, the number masked.
    const archived = await h.deps.evidence.readCase(sms.workflowId);
    expect(archived?.shortMessages?.map((m) => [m.channel, m.recipientMasked, m.contentHash])).toEqual([['sms', '*********05', reopening.reopeningInformationSent?.contentHash]]);

    // 2. By post, no number or address in the registry: flagged as in 0.6.3; the request still goes.
    const flagged = await h.untilStage(none, 'reopening');
    expect(flagged.attention?.map((r) => r.code)).toEqual(['reopening-information-not-confirmed']);
    expect(flagged.reopeningInformationSent).toBeUndefined();
    expect(flagged.timeline.some((t) => t.what === 'the reopening information was not sent by SMS or e-mail: no mobile number or e-mail address in the customer registry')).toBe(true);
    expect(h.datahubOf('rinfo-none').map((m) => m.request.kind).at(-1)).toBe('RequestService');

    // 3. Digital post: the notice is received the same day, Wed 1 Dec; no SMS although the registry has a number.
    const digitalReopening = await h.untilStage(dig, 'reopening');
    expect(digitalReopening.letters.at(-1)).toMatchObject({ kind: 'reopeningNotice', channel: 'digital', receivedDate: '2027-12-01' });
    expect(digitalReopening.attention ?? []).toEqual([]);
    expect(digitalReopening.reopeningInformationSent).toBeUndefined();
    expect(h.deps.shortMessages.messagesTo('+4500000001')).toEqual([]);
    expect(h.deps.shortMessages.sent().map((c) => c.idempotencyKey)).toEqual(['rinfo-sms:reopening-information:0:sms']);

    // 4. The gateway fails for good (4 attempts within about a minute): the step goes on, flagged for an
    // operator to call, and the request is not held up.
    const failed = await h.untilStage(down, 'reopening');
    expect(failed.attention?.map((r) => r.code)).toEqual(['reopening-information-not-confirmed']);
    expect(failed.timeline.map((t) => t.what)).toContain(
      'the reopening information could not be sent by SMS or e-mail (ShortMessageGatewayUnavailable: short message rinfo-down:reopening-information:0: the sms gateway failed (SimulatedOutageError))',
    );
    expect(h.datahubOf('rinfo-down').map((m) => m.request.kind).at(-1)).toBe('RequestService');
    expect(h.deps.shortMessages.calls().filter((c) => c.idempotencyKey === 'rinfo-down:reopening-information:0:sms').map((c) => c.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(JSON.stringify(failed)).not.toContain('+4500000099');
  });
});

/**
 * A special circumstance known before the first request (SV 2.3.4): the authority is involved first,
 * and the first request (RSM-005) carries the agreed date; the circumstance follows as RSM-020
 * RequestService D09–D13 in its process once DataHub confirms it (RULES 10, release 0.6.7: RSM-005 has
 * no field for it), and is supplemented by an e-mail to the grid company (SV 2.2.1 b). An authority that does not answer is chased and becomes
 * an operator task; the case keeps waiting, visibly (RULES 5).
 *
 * Dates worked out by hand (calendar 2027–28: 24 and 31 Dec, 1 Jan are not working days). The tests
 * share one server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mridFromKey } from '../../../activities/datahub.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { datahubOf, openTasks, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('police known before the first request (household, physical meter, due Mon 13 Sep 2027)', () => {
  it('contacts the police first, then requests with the flag and the agreed date', async () => {
    const caseId = 'known-police';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-KP', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
      circumstances: ['police'],
    });
    // The request's day is Thu 4 Nov (household.test.ts): the police are contacted first, nothing goes to DataHub.
    await h.sleepUntil('2027-11-05', '12:00');
    const waiting = await h.untilStage(handle, 'special-circumstances');
    expect(waiting.authorityContacts).toEqual([
      expect.objectContaining({
        authority: 'police',
        why: 'known',
        askedOn: '2027-11-04',
        // 5 working days from Thu 4 Nov: 5, 8, 9, 10, 11 → Thu 11 Nov
        chaseOn: '2027-11-11',
      }),
    ]);
    expect(waiting.letters.map((l) => l.kind)).toEqual(['reminder1', 'reminder2', 'securityDemand', 'terminationNotice']);
    expect(datahubOf(h, caseId)).toEqual([]);

    // Mon 8 Nov 10:00: the police agree Wed 17 Nov at 08:30.
    await h.sleepUntil('2027-11-08', '10:00');
    await h.signal(handle, {
      messageId: 'kp-answer',
      actor: 'operator:mette',
      type: 'authorityAnswered',
      authority: 'police',
      reference: waiting.authorityContacts![0]!.reference,
      agreedDate: '2027-11-17',
      agreedTime: '08:30',
    });
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.letters.at(-1)).toMatchObject({ kind: 'disconnectionNotice', sentDate: '2027-11-08', receivedDate: '2027-11-08' });
    expect(requested.request).toMatchObject({
      sentDate: '2027-11-08',
      // the earliest would be Thu 11 Nov (9, 10, 11 Nov); the agreed Wed 17 Nov is later → 17 Nov
      cutoff: '2027-11-17',
      cutoffBasis: expect.stringContaining('SV 2.3.4'),
      // physical, d6: 17, 18, 19, 22, 23, 24 Nov
      windowDeadline: '2027-11-24',
    });
    // RULES 10 (release 0.6.7): RSM-005 carries no circumstance (no CIM field) …
    expect(datahubOf(h, caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-11-17', circumstances: [] },
    ]);
    // … the police (D10) follow as RSM-020 in the end-of-supply process once DataHub confirms it.
    const processId = requested.request!.processId!;
    expect(processId).toMatch(/^brs002-/);
    await h.signal(handle, { messageId: 'kp-confirm', actor: 'datahub', type: 'requestConfirmed', processId });
    await until(h, handle, 'the circumstances sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    expect(datahubOf(h, caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-11-17', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D10', date: '2027-11-17', processId },
    ]);
    const sent = await h.view(handle);
    expect(sent.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D10', status: 'accepted' }] });
    expect(sent.request?.circumstancesPending).toBeUndefined();
    // A second confirmation (DataHub may repeat itself) sends nothing more.
    await h.signal(handle, { messageId: 'kp-confirm-2', actor: 'datahub', type: 'requestConfirmed', processId });
    await expect.poll(async () => (await h.outcome(handle, 'kp-confirm-2'))?.outcome).toBeDefined();
    expect(datahubOf(h, caseId)).toHaveLength(2);
    const mail = h.deps.gridCompany.messagesOf(caseId);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ topic: 'special-circumstances', gridCompanyGln: '5790000000005' });
    expect(mail[0]?.text).toContain('2 politiet er inddraget');
    expect(mail[0]?.text).toContain('Aftalt tidspunkt: 2027-11-17 kl. 08:30');
    const notice = h.letter(`${caseId}:disconnectionNotice:0`);
    expect(notice?.body).toContain('onsdag den 17. november 2027');
    // a new agreement by the hverdag before Wed 17 Nov: Tue 16 Nov
    expect(notice?.body).toContain('tirsdag den 16. november 2027');

    // Tue 9 Nov: DataHub rejects the D10 later, through the poller, naming its transaction (release 0.6.12):
    // the police circumstance is rejected, an operator must act, and the end of supply stands.
    await h.sleepUntil('2027-11-09', '10:00');
    const d10 = mridFromKey(`${caseId}:circumstances:0:D10`, 'transaction');
    await h.signal(handle, { messageId: 'kp-reject-d10', actor: 'datahub', type: 'requestRejected', code: 'E10', text: 'service request not valid', refersTo: { transactionId: d10 } });
    const rejected = await until(h, handle, 'the D10 rejected', (v) => v.request?.circumstancesSent?.[0]?.status === 'rejected');
    expect(rejected.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D10', transactionId: d10, status: 'rejected', code: 'E10' }] });
    expect(rejected.stage).toBe('disconnection-requested');
    expect(rejected.attention).toEqual([
      { code: 'request-rejected', detail: 'DataHub rejected the special circumstance D10 (E10: service request not valid)', since: expect.any(String), ref: 'kp-reject-d10' },
    ]);

    await h.sleepUntil('2027-11-17', '11:00');
    await h.signal(handle, { messageId: 'kp-disc', actor: 'datahub', type: 'disconnected', date: '2027-11-17' });
    await h.untilStage(handle, 'disconnected');
  });
});

describe('a municipality that does not answer (business, physical meter, due Mon 22 Nov 2027)', () => {
  it('is chased after 5 working days, becomes an operator task after 10, and the request follows its answer', async () => {
    const caseId = 'known-municipality';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-KM', amountOre: 400_000, dueDate: '2027-11-22' }],
      customerClass: 'business',
      circumstances: ['municipality'],
    });
    // reminder 1 Thu 25 Nov, pay by Sun 5 Dec; reminder 2 Mon 6 Dec, pay by Thu 16 Dec; the request's day
    // is the first working day after: Fri 17 Dec → the municipality is notified then.
    await h.sleepUntil('2027-12-17', '12:00');
    const waiting = await h.untilStage(handle, 'special-circumstances');
    expect(waiting.authorityContacts?.[0]).toMatchObject({
      authority: 'municipality',
      askedOn: '2027-12-17',
      // 20, 21, 22, 23, (Fri 24 Dec no), 27 → Mon 27 Dec
      chaseOn: '2027-12-27',
      // 28, 29, 30, (31 Dec, 1 Jan no), 3, 4 Jan → Tue 4 Jan 2028
      taskOn: '2028-01-04',
    });

    await h.sleepUntil('2027-12-28', '12:00');
    const chased = await until(h, handle, 'chased', (v) => v.authorityContacts?.[0]?.chasedOn !== undefined);
    expect(chased.authorityContacts?.[0]?.chasedOn).toBe('2027-12-27');
    expect(h.deps.authorities.callsOf(caseId).map((c) => c.kind)).toEqual(['notify', 'chase']);
    expect(chased.needsAttention).toBe(false);

    await h.sleepUntil('2028-01-05', '12:00');
    const task = await until(h, handle, 'an operator task', (v) => openTasks(v).includes('authority-silent'));
    expect(task.needsAttention).toBe(true);
    expect(task.stage).toBe('special-circumstances');
    expect(task.tasks?.find((t) => t.kind === 'authority-silent')?.what).toContain('has not answered since 2027-12-17, chased 2027-12-27');
    expect(datahubOf(h, caseId)).toEqual([]);

    // Wed 5 Jan 12:00: the municipality answers; the disconnection notice and the request go out now.
    await h.signal(handle, { messageId: 'km-answer', actor: 'operator:mette', type: 'authorityAnswered', authority: 'municipality' });
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({
      sentDate: '2028-01-05',
      // business: 3 working days after Wed 5 Jan: Thu 6, Fri 7, Mon 10 → Mon 10 Jan
      cutoff: '2028-01-10',
      // physical, d6: 10, 11, 12, 13, 14, 17 Jan
      windowDeadline: '2028-01-17',
    });
    expect(openTasks(requested)).toEqual([]);
    expect(datahubOf(h, caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2028-01-10', circumstances: [] },
    ]);
    // DataHub confirms; the municipality (D09) follows as RSM-020 in its process (RULES 10).
    const processId = requested.request!.processId!;
    await h.signal(handle, { messageId: 'km-confirm', actor: 'datahub', type: 'requestConfirmed', processId });
    await until(h, handle, 'the circumstances sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    expect(datahubOf(h, caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2028-01-10', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.physical, serviceType: 'D09', date: '2028-01-10', processId },
    ]);
  });
});

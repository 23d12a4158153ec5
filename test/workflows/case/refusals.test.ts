/**
 * The grid did not disconnect (RULES 5; RSM-020 RejectRequestService): D41 → the municipality, D42 →
 * the police, D44 → "other reason"; each followed by a new RSM-020 RequestService in the same
 * end-of-supply process with its service type (D09, D10, D13) and date, and the grid's window from
 * that date. A municipality that does not answer is chased and becomes an operator task. (D43/D58, the
 * bailiff court: bailiff.test.ts.)
 *
 * Dates worked out by hand (RULES 1–5, calendar 2027–28: 24 and 31 Dec, 1 Jan are not working days;
 * no public holiday in Jan–Mar 2028 before Easter, 16 Apr). The tests share one server clock, so they
 * run in date order; each starts its case after the previous one is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { datahubOf, openTasks, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('D41: the municipality must be involved (household, physical meter, due Mon 13 Sep 2027)', () => {
  it('notifies the municipality, chases it, makes its silence an operator task, then requests D09', async () => {
    const caseId = 'd41-municipality';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-D41', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    // The RULES 2 worked example moved to 2027 (household.test.ts): request Thu 4 Nov, cut-off Tue 9 Nov,
    // physical window d6 to Tue 16 Nov.
    await h.sleepUntil('2027-11-04', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-11-04', cutoff: '2027-11-09', windowDeadline: '2027-11-16' });

    // Wed 10 Nov 14:00: the grid refuses: the municipality must be involved.
    await h.sleepUntil('2027-11-10', '14:00');
    await h.signal(handle, { messageId: 'd41-refusal', actor: 'datahub', type: 'notDisconnected', reason: 'D41', text: 'kommunen skal inddrages' });
    const involved = await until(h, handle, 'the municipality is asked', (v) => (v.authorityContacts?.length ?? 0) === 1);
    expect(involved.stage).toBe('special-circumstances');
    expect(involved.refusals).toEqual([expect.objectContaining({ code: 'D41', messageId: 'd41-refusal' })]);
    expect(involved.authorityContacts?.[0]).toMatchObject({
      authority: 'municipality',
      why: 'D41',
      askedOn: '2027-11-10',
      // 5 working days from Wed 10 Nov: 11, 12, 15, 16, 17 → Wed 17 Nov
      chaseOn: '2027-11-17',
      // 10 working days: … 18, 19, 22, 23, 24 → Wed 24 Nov
      taskOn: '2027-11-24',
    });
    expect(h.deps.authorities.callsOf(caseId).map((c) => [c.kind, (c.request as { authority?: string }).authority])).toEqual([['notify', 'municipality']]);
    expect(involved.needsAttention).toBe(false);

    // No answer: chased Wed 17 Nov (at 09:00, the step time).
    await h.sleepUntil('2027-11-18', '12:00');
    const chased = await until(h, handle, 'chased', (v) => v.authorityContacts?.[0]?.chasedOn !== undefined);
    expect(chased.authorityContacts?.[0]?.chasedOn).toBe('2027-11-17');
    expect(h.deps.authorities.callsOf(caseId).map((c) => c.kind)).toEqual(['notify', 'chase']);
    expect(openTasks(chased)).toEqual([]);

    // Still no answer on Wed 24 Nov: an operator task; the case keeps waiting, visibly.
    await h.sleepUntil('2027-11-25', '12:00');
    const silent = await until(h, handle, 'an operator task', (v) => openTasks(v).includes('authority-silent'));
    expect(silent.needsAttention).toBe(true);
    expect(silent.stage).toBe('special-circumstances');
    expect(datahubOf(h, caseId)).toHaveLength(1);

    // Thu 25 Nov 12:00: the municipality answers (no date agreed): a new request D09, now.
    await h.signal(handle, {
      messageId: 'd41-answer',
      actor: 'operator:mette',
      type: 'authorityAnswered',
      authority: 'municipality',
      reference: 'KOM-1',
      note: 'Kommunen har handlet; afbrydelsen kan ske.',
    });
    const again = await until(h, handle, 'a new request', (v) => (v.followUps?.length ?? 0) === 1);
    expect(again.followUps?.[0]).toMatchObject({
      serviceType: 'D09',
      after: 'D41',
      sentDate: '2027-11-25',
      // no date agreed → the first household disconnection day ≥ 3 working days after Thu 25 Nov:
      // Fri 26, Mon 29, Tue 30 Nov → Tue 30 Nov
      date: '2027-11-30',
      // physical, d6: Tue 30 Nov, Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 Dec
      windowDeadline: '2027-12-07',
      status: 'sent',
    });
    expect(again.stage).toBe('disconnection-requested');
    expect(again.request).toMatchObject({ status: 'sent', cutoff: '2027-11-30', windowDeadline: '2027-12-07' });
    expect(openTasks(again)).toEqual([]);
    const sent = datahubOf(h, caseId).map((m) => m.request);
    expect(sent).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-11-09', circumstances: [] },
      {
        kind: 'RequestService',
        meteringPointId: METERING_POINT.physical,
        serviceType: 'D09',
        date: '2027-11-30',
        // the same end-of-supply process
        processId: requested.request!.processId,
        description: expect.stringContaining('Kommunen er inddraget'),
      },
    ]);

    // Wed 1 Dec: the grid disconnects.
    await h.sleepUntil('2027-12-01', '14:00');
    await h.signal(handle, { messageId: 'd41-disc', actor: 'datahub', type: 'disconnected', date: '2027-12-01' });
    expect((await h.untilStage(handle, 'disconnected')).disconnected?.date).toBe('2027-12-01');
  });
});

describe('D42: the police must be involved (business, physical meter, due Mon 6 Dec 2027)', () => {
  it('contacts the police, and requests D10 on the agreed date', async () => {
    const caseId = 'd42-police';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.business,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-D42', amountOre: 600_000, dueDate: '2027-12-06' }],
      customerClass: 'business',
    });
    // reminder 1 Thu 9 Dec (due + 3), pay by Sun 19 Dec; reminder 2 Mon 20 Dec, pay by Thu 30 Dec;
    // request: the first working day after Thu 30 Dec — Fri 31 Dec and Sat 1 Jan are not — Mon 3 Jan 2028;
    // cut-off: Tue 4, Wed 5, Thu 6 Jan → Thu 6 Jan; physical d6: 6, 7, 10, 11, 12, 13 Jan → Thu 13 Jan
    await h.sleepUntil('2028-01-03', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2028-01-03', cutoff: '2028-01-06', windowDeadline: '2028-01-13' });

    // Fri 7 Jan 11:00: refused, D42 (livestock at the address).
    await h.sleepUntil('2028-01-07', '11:00');
    await h.signal(handle, { messageId: 'd42-refusal', actor: 'datahub', type: 'notDisconnected', reason: 'D42', text: 'dyr på ejendommen' });
    const involved = await until(h, handle, 'the police are asked', (v) => (v.authorityContacts?.length ?? 0) === 1);
    // chase: 5 working days from Fri 7 Jan: 10, 11, 12, 13, 14 → Fri 14 Jan
    expect(involved.authorityContacts?.[0]).toMatchObject({ authority: 'police', why: 'D42', askedOn: '2028-01-07', chaseOn: '2028-01-14' });
    const reference = involved.authorityContacts![0]!.reference;

    // Mon 10 Jan 10:00: the police agree Tue 18 Jan at 10:00.
    await h.sleepUntil('2028-01-10', '10:00');
    await h.signal(handle, {
      messageId: 'd42-answer',
      actor: 'operator:mette',
      type: 'authorityAnswered',
      authority: 'police',
      reference,
      agreedDate: '2028-01-18',
      agreedTime: '10:00',
      note: 'Politiet møder op.',
    });
    const again = await until(h, handle, 'a new request', (v) => (v.followUps?.length ?? 0) === 1);
    expect(again.followUps?.[0]).toMatchObject({
      serviceType: 'D10',
      sentDate: '2028-01-10',
      // the agreed date (after the request day)
      date: '2028-01-18',
      // physical, d6 from Tue 18 Jan: 18, 19, 20, 21, 24, 25 → Tue 25 Jan
      windowDeadline: '2028-01-25',
    });
    expect(datahubOf(h, caseId)[1]?.request).toMatchObject({
      kind: 'RequestService',
      serviceType: 'D10',
      date: '2028-01-18',
      description: expect.stringContaining(`Politiet er inddraget (ref. ${reference}); aftalt tidspunkt 2028-01-18 kl. 10:00. Politiet møder op.`),
    });
    // answered before the chase date: asked once, never chased
    expect(h.deps.authorities.callsOf(caseId).map((c) => c.kind)).toEqual(['notify']);

    await h.sleepUntil('2028-01-18', '14:00');
    await h.signal(handle, { messageId: 'd42-disc', actor: 'datahub', type: 'disconnected', date: '2028-01-18' });
    await h.untilStage(handle, 'disconnected');
  });
});

describe('D44: other reason (household, remote meter, due Mon 24 Jan 2028)', () => {
  it('requests again at once, flagged "other reason" (D13), with the earliest date', async () => {
    const caseId = 'd44-other';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.remote,
      invoices: [{ invoiceId: 'INV-D44', amountOre: 150_000, dueDate: '2028-01-24' }],
      customerClass: 'household',
    });
    // reminder 1 Thu 27 Jan, pay by Sun 6 Feb; reminder 2 Mon 7 Feb, pay by Thu 17 Feb; security demand
    // Fri 18 Feb, deadline 15 hverdage: 21–25 Feb, 28 Feb–3 Mar, 6–10 Mar → Fri 10 Mar; termination
    // notice Sat 11 Mar, effective Mon 13, Tue 14, Wed 15 Mar; request Thu 16 Mar; cut-off Fri 17,
    // Mon 20, Tue 21 → Tue 21 Mar; remote d3: 21, 22, 23 → Thu 23 Mar
    await h.sleepUntil('2028-03-16', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2028-03-16', cutoff: '2028-03-21', windowDeadline: '2028-03-23' });

    await h.sleepUntil('2028-03-22', '10:00');
    await h.signal(handle, { messageId: 'd44-refusal', actor: 'datahub', type: 'notDisconnected', reason: 'D44', text: 'måleren svarer ikke' });
    const again = await until(h, handle, 'a new request', (v) => (v.followUps?.length ?? 0) === 1);
    expect(again.followUps?.[0]).toMatchObject({
      serviceType: 'D13',
      after: 'D44',
      sentDate: '2028-03-22',
      // 3 working days after Wed 22 Mar: Thu 23, Fri 24, Mon 27 → Mon 27 Mar
      date: '2028-03-27',
      // remote, d3: Mon 27, Tue 28, Wed 29 Mar
      windowDeadline: '2028-03-29',
    });
    expect(again.authorityContacts ?? []).toEqual([]);
    expect(h.deps.authorities.callsOf(caseId)).toEqual([]);
    expect(datahubOf(h, caseId)[1]?.request).toMatchObject({
      serviceType: 'D13',
      description: expect.stringContaining('Ny anmodning efter afvisning D44 (måleren svarer ikke).'),
    });

    await h.sleepUntil('2028-03-28', '12:00');
    await h.signal(handle, { messageId: 'd44-disc', actor: 'datahub', type: 'disconnected', date: '2028-03-28' });
    await h.untilStage(handle, 'disconnected');
  });
});

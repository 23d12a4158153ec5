/**
 * Payments and further invoices (RULES 2, "What an event does, by stage") on the time-skipping server:
 * full payment before each step, partial payment, and a further missed invoice joining the case. All
 * households with a physical meter and digital post (received the day it is sent); every date worked
 * out by hand from RULES 1–2 with `cal 2027`. No public holiday falls in 4 Jan – 24 Mar or
 * 18 May – 23 Dec 2027, so in those stretches a hverdag is simply Monday–Friday.
 *
 * The tests share one server clock, so they run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const kinds = (v: { letters: Array<{ kind: string; sentDate: string }> }) => v.letters.map((l) => [l.kind, l.sentDate]);

describe('full payment before each step (invoice due Mon 11 Jan 2027)', () => {
  // The plan of every case below (household, digital post), worked by hand:
  //   reminder 1          Thu 14 Jan  (due Mon 11 Jan + 3 days); pay by Sun 24 Jan
  //   reminder 2          Mon 25 Jan  (the day after Sun 24 Jan; 11 days after reminder 1); pay by Thu 4 Feb
  //   security demand     Fri  5 Feb  (the day after Thu 4 Feb); deadline 15 hverdage: 8–12, 15–19, 22–26 Feb → Fri 26 Feb
  //   termination notice  Sat 27 Feb  (the day after the deadline); effective Mon 1, Tue 2, Wed 3 Mar → Wed 3 Mar
  //   request             Thu  4 Mar  (the first working day after Wed 3 Mar); cut-off 5, 8, 9 Mar → Tue 9 Mar
  it('closes the case before the request; once the request is out it needs a new agreement too, then cancels it', async () => {
    const start = (n: number) =>
      h.start({
        caseId: `pay-each-${n}`,
        customerId: CUSTOMER.digital,
        meteringPointId: METERING_POINT.physical,
        invoices: [{ invoiceId: `INV-PE${n}`, amountOre: 150_000, dueDate: '2027-01-11' }],
        customerClass: 'household',
      });
    const cases: WorkflowHandle[] = [];
    for (let n = 0; n <= 5; n++) cases.push(await start(n));
    const pay = (n: number) =>
      h.signal(cases[n]!, { messageId: `pay-each-${n}-payment`, actor: 'billing', type: 'paymentReceived', amountOre: 150_000 });

    // Before reminder 1: Tue 12 Jan.
    await h.sleepUntil('2027-01-12', '12:00');
    await pay(0);
    const closed0 = await h.untilStage(cases[0]!, 'closed');
    expect(closed0.closed?.reason).toBe('paid');
    expect(closed0.letters).toEqual([]);
    expect(await h.outcome(cases[0]!, 'pay-each-0-payment')).toMatchObject({ outcome: 'applied' });

    // After reminder 1 (Thu 14 Jan), before reminder 2 (Mon 25 Jan): Mon 18 Jan.
    await h.sleepUntil('2027-01-18', '12:00');
    await pay(1);
    const closed1 = await h.untilStage(cases[1]!, 'closed');
    expect(closed1.closed?.reason).toBe('paid');
    expect(kinds(closed1)).toEqual([['reminder1', '2027-01-14']]);

    // After reminder 2, before the security demand (Fri 5 Feb): Mon 1 Feb.
    await h.sleepUntil('2027-02-01', '12:00');
    await pay(2);
    const closed2 = await h.untilStage(cases[2]!, 'closed');
    expect(kinds(closed2)).toEqual([
      ['reminder1', '2027-01-14'],
      ['reminder2', '2027-01-25'],
    ]);

    // In the security period (Fri 5 – Fri 26 Feb): Mon 15 Feb.
    await h.sleepUntil('2027-02-15', '12:00');
    await pay(3);
    const closed3 = await h.untilStage(cases[3]!, 'closed');
    expect(closed3.closed?.reason).toBe('paid');
    expect(kinds(closed3)).toEqual([
      ['reminder1', '2027-01-14'],
      ['reminder2', '2027-01-25'],
      ['securityDemand', '2027-02-05'],
    ]);

    // After the security deadline, termination notice sent (Sat 27 Feb), before the request (Thu 4 Mar): Mon 1 Mar.
    await h.sleepUntil('2027-03-01', '12:00');
    await pay(4);
    const closed4 = await h.untilStage(cases[4]!, 'closed');
    expect(closed4.closed?.reason).toBe('paid');
    expect(kinds(closed4)).toEqual([
      ['reminder1', '2027-01-14'],
      ['reminder2', '2027-01-25'],
      ['securityDemand', '2027-02-05'],
      ['terminationNotice', '2027-02-27'],
    ]);
    expect(h.datahubOf('pay-each-4')).toEqual([]);

    // The request went out Thu 4 Mar. Fri 5 Mar: paid in full — the request stands (RULES 2.6: only
    // with a new agreement).
    await h.sleepUntil('2027-03-05', '12:00');
    const requested = await h.view(cases[5]!);
    expect(requested.request).toMatchObject({ sentDate: '2027-03-04', cutoff: '2027-03-09', status: 'sent' });
    await pay(5);
    await expect.poll(async () => (await h.view(cases[5]!)).amountDueOre).toBe(0);
    const stillOut = await h.view(cases[5]!);
    expect(stillOut.stage).toBe('disconnection-requested');
    expect(stillOut.request?.status).toBe('sent');
    expect(await h.outcome(cases[5]!, 'pay-each-5-payment')).toMatchObject({
      outcome: 'applied',
      reason: expect.stringContaining('new agreement'),
    });
    expect(h.datahubOf('pay-each-5').map((m) => m.request.kind)).toEqual(['RequestEndOfSupply']);

    // Mon 8 Mar 10:00 (before the cut-off Tue 9 Mar): a new agreement → the request is cancelled, closed.
    await h.sleepUntil('2027-03-08', '10:00');
    await h.signal(cases[5]!, {
      messageId: 'pay-each-5-agreement',
      actor: 'billing',
      type: 'supplyAgreementSigned',
      validatedWith: 'mitid',
      effectiveFrom: '2027-03-08',
    });
    const closed5 = await h.untilStage(cases[5]!, 'closed');
    expect(closed5.closed?.reason).toBe('paid');
    expect(closed5.request?.status).toBe('cancelled');
    expect(h.datahubOf('pay-each-5').map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.physical, cutoff: '2027-03-09', circumstances: [] },
      {
        kind: 'RequestCancellation',
        meteringPointId: METERING_POINT.physical,
        originalTransactionId: requested.request!.transactionId,
        processId: requested.request!.processId,
      },
    ]);
    // The cancellation is recorded with its cause: the agreement's message.
    const cancelled = closed5.timeline.find((t) => t.what.startsWith('DataHub request cancelled'));
    expect(cancelled?.cause).toMatchObject({ type: 'event', messageId: 'pay-each-5-agreement' });

    // No case that closed sent anything more.
    for (const [n, count] of [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]] as const) {
      expect((await h.view(cases[n]!)).letters, `pay-each-${n}`).toHaveLength(count);
    }
  });
});

describe('partial payment (invoice due Mon 14 Jun 2027)', () => {
  // Plan, worked by hand (digital post):
  //   reminder 1 Thu 17 Jun (due + 3); pay by Sun 27 Jun
  //   reminder 2 Mon 28 Jun (the day after Sun 27 Jun); pay by Thu 8 Jul
  //   security demand Fri 9 Jul; deadline 15 hverdage: 12–16, 19–23, 26–30 Jul → Fri 30 Jul
  //   termination notice Sat 31 Jul; effective Mon 2, Tue 3, Wed 4 Aug
  //   request Thu 5 Aug; cut-off Fri 6, Mon 9, Tue 10 → Tue 10 Aug
  it('continues the case, and every later letter states the remaining amount', async () => {
    const handle = await h.start({
      caseId: 'partial-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-PP1', amountOre: 200_000, dueDate: '2027-06-14' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-06-17', '12:00');
    await h.untilStage(handle, 'reminder-1');
    // 2.000 kr. unpaid + the 100 kr. reminder fee = 2.100 kr., by Sun 27 Jun
    expect(h.letter('partial-1:reminder1:0')?.body).toContain('Du skal betale 2.100,00 kr. senest søndag den 27. juni 2027');

    // Mon 21 Jun: 800 kr. paid → 1.200 kr. still due; the case goes on.
    await h.sleepUntil('2027-06-21', '12:00');
    await h.signal(handle, { messageId: 'partial-1-p1', actor: 'billing', type: 'paymentReceived', amountOre: 80_000 });
    await expect.poll(async () => (await h.view(handle)).amountDueOre).toBe(120_000);
    expect((await h.view(handle)).stage).toBe('reminder-1');

    // Reminder 2 on its planned day, Mon 28 Jun, for 1.200 kr. + reminder 1's fee of 100 kr. from Thu
    // 17 Jun (still owed, RULES 11) + its own 100 kr. fee = 1.400 kr., by Thu 8 Jul.
    await h.sleepUntil('2027-06-28', '12:00');
    const r2 = await h.untilStage(handle, 'reminder-2');
    expect(kinds(r2)).toEqual([
      ['reminder1', '2027-06-17'],
      ['reminder2', '2027-06-28'],
    ]);
    const reminder2 = h.letter('partial-1:reminder2:0')?.body;
    expect(reminder2).toMatch(/Ubetalt beløb: +1\.200,00 kr\./);
    expect(reminder2).toMatch(/Rykkergebyr fra 17\. juni 2027: +100,00 kr\./);
    expect(reminder2).toContain('Du skal betale 1.400,00 kr. senest torsdag den 8. juli 2027');

    // Fri 2 Jul: 200 kr. more → 1.000 kr. due.
    await h.sleepUntil('2027-07-02', '12:00');
    await h.signal(handle, { messageId: 'partial-1-p2', actor: 'billing', type: 'paymentReceived', amountOre: 20_000 });
    await expect.poll(async () => (await h.view(handle)).amountDueOre).toBe(100_000);

    await h.sleepUntil('2027-07-09', '12:00');
    const demanded = await h.untilStage(handle, 'security-demand');
    expect(demanded.securityDeadline?.date).toBe('2027-07-30');
    const demand = h.letter('partial-1:securityDemand:0')?.body;
    expect(demand).toContain('Du har ikke betalt 1.000,00 kr. for levering af el');
    expect(demand).toContain('senest fredag den 30. juli 2027');

    await h.sleepUntil('2027-08-05', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.request).toMatchObject({ sentDate: '2027-08-05', cutoff: '2027-08-10' });
    const notice = h.letter('partial-1:disconnectionNotice:0')?.body;
    expect(notice).toContain('Du skylder os fortsat 1.000,00 kr. for levering af el.');
    expect(notice).toContain('skal du først betale det, du skylder os (1.000,00 kr.)');
    // Neither payment restarted anything: one letter per step, all in cycle 0.
    expect(requested.letters.map((l) => l.cycle)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('a further missed invoice joins the running case (first invoice due Mon 13 Sep 2027)', () => {
  // Plan, worked by hand (digital post): reminder 1 Thu 16 Sep (due + 3; pay by Sun 26 Sep);
  // reminder 2 Mon 27 Sep (pay by Thu 7 Oct); security demand Fri 8 Oct, deadline 15 hverdage
  // 11–15, 18–22, 25–29 Oct → Fri 29 Oct.
  it('updates the amount and keeps the plan (no restart)', async () => {
    const handle = await h.start({
      caseId: 'invoice-join-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-J1', amountOre: 150_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-09-20', '12:00');
    await h.untilStage(handle, 'reminder-1');
    await h.signal(handle, {
      messageId: 'join-inv-2',
      actor: 'billing',
      type: 'invoiceMissed',
      invoice: { invoiceId: 'INV-J2', amountOre: 60_000, dueDate: '2027-09-20' },
    });
    await expect.poll(async () => (await h.view(handle)).amountDueOre).toBe(210_000);
    expect(await h.outcome(handle, 'join-inv-2')).toMatchObject({ outcome: 'applied' });
    // The same invoice again under another message id joins nothing.
    await h.signal(handle, {
      messageId: 'join-inv-2-again',
      actor: 'billing',
      type: 'invoiceMissed',
      invoice: { invoiceId: 'INV-J2', amountOre: 60_000, dueDate: '2027-09-20' },
    });
    await expect.poll(async () => (await h.outcome(handle, 'join-inv-2-again'))?.outcome).toBe('duplicate');
    const joined = await h.view(handle);
    expect(joined.amountDueOre).toBe(210_000);
    expect(joined.invoices.map((i) => i.invoiceId)).toEqual(['INV-J1', 'INV-J2']);
    expect(joined.stage).toBe('reminder-1');

    // Reminder 2 still on Mon 27 Sep (the day after reminder 1's deadline), now for both invoices:
    // 1.500 + 600 = 2.100 kr. + reminder 1's fee of 100 kr. from Thu 16 Sep (still owed, RULES 11) +
    // its own 100 kr. fee = 2.300 kr., by Thu 7 Oct.
    await h.sleepUntil('2027-09-27', '12:00');
    const r2 = await h.untilStage(handle, 'reminder-2');
    expect(kinds(r2)).toEqual([
      ['reminder1', '2027-09-16'],
      ['reminder2', '2027-09-27'],
    ]);
    const reminder2 = h.letter('invoice-join-1:reminder2:0')?.body;
    expect(reminder2).toContain('fakturanr. INV-J1 og INV-J2');
    expect(reminder2).toContain('Du skal betale 2.300,00 kr. senest torsdag den 7. oktober 2027');

    await h.sleepUntil('2027-10-08', '12:00');
    const demanded = await h.untilStage(handle, 'security-demand');
    expect(kinds(demanded)).toEqual([
      ['reminder1', '2027-09-16'],
      ['reminder2', '2027-09-27'],
      ['securityDemand', '2027-10-08'],
    ]);
    expect(demanded.securityDeadline?.date).toBe('2027-10-29');
    expect(h.letter('invoice-join-1:securityDemand:0')?.body).toContain('Du har ikke betalt 2.100,00 kr.');
    // No restart: nothing in a second cycle.
    expect(h.letter('invoice-join-1:reminder1:1')).toBeUndefined();
  });
});

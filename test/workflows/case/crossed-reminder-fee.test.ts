/**
 * A fee on a reminder that crossed a registered payment (issue 15 item 7; RULES 11 "no reminder fee when
 * the payment was registered before the letter was sent"; Interest Act §9b: a reminder fee only for a
 * reminder sent while the debt was due) — release 0.6.10, `creditCrossedReminderFee`.
 *
 * The rule (workflows/case/v2/decide.ts `crossedReminderFees`): a reminder's fee is credited once when the
 * payments billing registered before the letter was sent (`registeredAt` < the letter's sent instant) and
 * that reached the case only after the letter was written together cover the arrears the letter stated.
 * The arrears only: the earlier reminder fees the letter also names are not the claim (the case does not
 * see fee payments; "paid" is the arrears paid, RULES 2's events table). A payment covering part of them
 * leaves the fee standing — the reminder was sent while a debt was due — and so does a payment registered
 * after the letter went out, or one that does not say when it was registered.
 *
 * Every case: household, physical meter, digital post (received the day it is sent), one invoice of
 * 1.500,00 kr., the reminder fee 100,00 kr. (the default). Worked by hand from RULES 1–2 with `cal 2027`
 * (as payments.test.ts): due Mon 11 Jan 2027 → reminder 1 Thu 14 Jan (due + 3 days; pay by Sun 24 Jan =
 * receipt + 10 days), reminder 2 Mon 25 Jan (the day after reminder 1's deadline, 11 days after it),
 * security demand Fri 5 Feb (the day after reminder 2's deadline Thu 4 Feb). The last case is due Mon
 * 8 Feb: reminder 1 Thu 11 Feb, pay by Sun 21 Feb, reminder 2 Mon 22 Feb. Each case's letters go at its
 * own second of the 07:00–10:00 window (FNV-1a of the case id, rules/step-time.ts), worked out with the
 * same hash: crossed-r2 08:19:33, crossed-after 07:58:01, crossed-partial 09:06:18, crossed-r1-late-pay
 * 08:35:44 Danish time. January and February are winter time (UTC+1): 08:19:33 is 07:19:33Z.
 *
 * The cases share one server clock, so the file runs in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { CaseEvent } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';
import { feesOf, until } from './exceptions-helpers.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const start = (caseId: string, extra: { invoiceId?: string } = {}) =>
  h.start({
    caseId,
    customerId: CUSTOMER.digital,
    meteringPointId: METERING_POINT.physical,
    invoices: [{ invoiceId: extra.invoiceId ?? `INV-${caseId}`, amountOre: 150_000, dueDate: '2027-01-11' }],
    customerClass: 'household',
  });

const pay = (messageId: string, amountOre: number, registeredAt?: string): CaseEvent => ({
  messageId,
  actor: 'billing',
  type: 'paymentReceived',
  amountOre,
  ...(registeredAt ? { registeredAt } : {}),
});

/** The credits billing booked for a case (the simulator's), as `[charge key credited, amountOre]`. */
const creditsOf = (caseId: string) =>
  h.deps.billing
    .bookedCredits()
    .filter((c) => c.caseId === caseId)
    .map((c) => [c.idempotencyKey, c.amountOre]);

describe('payments registered on reminder 2’s day (Mon 25 Jan 2027), signalled at 12:00', () => {
  const handles: Record<string, WorkflowHandle> = {};

  it('starts the cases; reminder 1 (Thu 14 Jan) charges its fee in each', async () => {
    for (const id of ['crossed-r2', 'crossed-after', 'crossed-partial']) handles[id] = await start(id);
    await h.sleepUntil('2027-01-14', '12:00');
    for (const id of Object.keys(handles)) {
      const v = await h.untilStage(handles[id]!, 'reminder-1');
      expect(v.fees).toEqual([expect.objectContaining({ kind: 'reminder-fee', amountOre: 10_000, date: '2027-01-14' })]);
    }
  });

  it('credits rykker 2’s fee once when the payment was registered at 07:00, before rykker 2 went out at 08:19:33, even delivered twice', async () => {
    const caseId = 'crossed-r2';
    const handle = handles[caseId]!;
    await h.sleepUntil('2027-01-25', '12:00');
    const sent = await h.untilStage(handle, 'reminder-2');
    // Rykker 2 went out at its step time, 08:19:33 Danish (07:19:33Z), with its fee; it names rykker 1's
    // fee as owed: 1.500,00 + 100,00 (14 Jan) + 100,00 = 1.700,00 kr.
    expect(sent.letters.map((l) => [l.kind, l.sentDate])).toEqual([
      ['reminder1', '2027-01-14'],
      ['reminder2', '2027-01-25'],
    ]);
    expect(h.letter(`${caseId}:reminder2:0`)?.body).toMatch(/I alt at betale: +1\.700,00 kr\./);
    const r2Fee = sent.fees?.find((f) => f.idempotencyKey === `${caseId}:fee:reminder-fee:reminder2:0`);
    expect(r2Fee?.reminder).toEqual({ letter: 'reminder2', sentAt: expect.stringMatching(/^2027-01-25T07:19:3\d\.\d{3}Z$/), arrearsOre: 150_000, paymentsSeen: 0 });

    // 12:00: billing's message of the payment registered at 07:00 (06:00Z) arrives — twice (one message id).
    const payment = pay('crossed-r2-pay', 150_000, '2027-01-25T07:00:00+01:00');
    await h.signal(handle, payment);
    await h.signal(handle, payment);
    const closed = await until(h, handle, 'closed with rykker 2’s fee credited', (v) => v.stage === 'closed' && (v.fees ?? []).some((f) => f.credited));

    expect(closed.closed?.reason).toBe('paid');
    expect(await h.outcome(handle, 'crossed-r2-pay')).toMatchObject({ outcome: 'applied' });
    // Billing booked both fees and credited rykker 2's once; rykker 1's stands (it went out on 14 Jan, while the debt was due).
    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000],
      ['reminder-fee', 10_000],
    ]);
    expect(creditsOf(caseId)).toEqual([[`${caseId}:fee:reminder-fee:reminder2:0:credit`, 10_000]]);
    expect(h.deps.billing.creditCalls.filter((c) => c.request.caseId === caseId).map((c) => c.outcome)).toEqual(['credited']);
    const credited = closed.fees?.find((f) => f.idempotencyKey === `${caseId}:fee:reminder-fee:reminder2:0`)?.credited;
    expect(credited).toMatchObject({ date: '2027-01-25', idempotencyKey: `${caseId}:fee:reminder-fee:reminder2:0:credit`, payments: ['crossed-r2-pay'] });
    expect(closed.fees?.find((f) => f.idempotencyKey === `${caseId}:fee:reminder-fee:reminder1:0`)?.credited).toBeUndefined();

    // The timeline says it once, with its basis and the payment as its cause, before the case closed.
    const lines = closed.timeline.filter((t) => t.what.startsWith('fee credited'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      what: 'fee credited: reminder-fee 100.00 kr (rykker 2 crossed a payment registered before it was sent)',
      cause: { type: 'event', messageId: 'crossed-r2-pay', eventType: 'paymentReceived', actor: 'billing' },
      facts: { amountOre: 10_000, registeredAt: '2027-01-25T06:00:00.000Z', sentAt: r2Fee!.reminder!.sentAt },
    });
    expect(lines[0]!.basis).toMatch(/^RULES 11; Interest Act \(renteloven\) §9b: billing registered 1500\.00 kr at 2027-01-25T06:00:00\.000Z, before rykker 2 was sent at 2027-01-25T07:19:3/);
    const at = (what: string) => closed.timeline.findIndex((t) => t.what.startsWith(what));
    expect(at('fee credited')).toBeLessThan(at('case closed: paid'));
  });

  it('leaves the fee standing when the payment was registered at 09:30, after rykker 2 went out at 07:58:01', async () => {
    const caseId = 'crossed-after';
    const handle = handles[caseId]!;
    const sent = await h.view(handle);
    expect(sent.stage).toBe('reminder-2');
    expect(sent.fees?.find((f) => f.idempotencyKey === `${caseId}:fee:reminder-fee:reminder2:0`)?.reminder?.sentAt).toMatch(/^2027-01-25T06:58:0\d\.\d{3}Z$/);
    await h.signal(handle, pay('crossed-after-pay', 150_000, '2027-01-25T09:30:00+01:00'));
    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('paid');
    expect(creditsOf(caseId)).toEqual([]);
    expect((closed.fees ?? []).map((f) => [f.kind, f.amountOre, f.credited])).toEqual([
      ['reminder-fee', 10_000, undefined],
      ['reminder-fee', 10_000, undefined],
    ]);
    expect(closed.timeline.some((t) => t.what.startsWith('fee credited'))).toBe(false);
  });

  it('leaves the fee standing when the payment registered before rykker 2 covered only part of the 1.500,00 kr it stated', async () => {
    const caseId = 'crossed-partial';
    const handle = handles[caseId]!;
    // Registered at 07:00, before rykker 2 at 09:06:18; 1.000,00 kr of 1.500,00 kr: 500,00 kr was still due when it went out.
    await h.signal(handle, pay('crossed-partial-pay', 100_000, '2027-01-25T07:00:00+01:00'));
    const after = await until(h, handle, 'the partial payment applied', (v) => v.amountDueOre === 50_000);
    expect(after.stage).toBe('reminder-2');
    expect(after.timeline.find((t) => t.cause.type === 'event' && t.cause.messageId === 'crossed-partial-pay')).toMatchObject({
      what: 'partial payment of 1000.00 kr; 500.00 kr still due',
      facts: { paidOre: 100_000, amountDueOre: 50_000, registeredAt: '2027-01-25T06:00:00.000Z' },
    });
    expect(creditsOf(caseId)).toEqual([]);
    expect((after.fees ?? []).every((f) => f.credited === undefined)).toBe(true);
    await handle.terminate('test over');
  });
});

describe('a payment registered before rykker 1, signalled after a further invoice joined', () => {
  it('credits rykker 1’s fee, and rykker 2 no longer names it as owed', async () => {
    // Invoice A 1.500,00 kr. due Mon 8 Feb 2027 (the clock is past January). Rykker 1 Thu 11 Feb at
    // 08:35:44 states 1.500,00 kr. + its fee 100,00 kr. The payment of 1.500,00 kr. was registered at 07:00
    // that morning (06:00Z), before it went out; billing's message comes on Tue 16 Feb at 13:00, after
    // invoice B (800,00 kr., due Mon 15 Feb) joined at 12:00 — so the case goes on with 800,00 kr. due, and
    // the payment covered all rykker 1 stated: its fee is credited.
    const caseId = 'crossed-r1-late-pay';
    const handle = await h.start({
      caseId,
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-X1', amountOre: 150_000, dueDate: '2027-02-08' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-02-11', '12:00');
    const r1 = await h.untilStage(handle, 'reminder-1');
    expect(r1.fees?.[0]?.reminder).toEqual({ letter: 'reminder1', sentAt: expect.stringMatching(/^2027-02-11T07:35:4\d\.\d{3}Z$/), arrearsOre: 150_000, paymentsSeen: 0 });

    // Tue 16 Feb 12:00: invoice B joins (800,00 kr., due Mon 15 Feb); 13:00: the payment registered Thu 11 Feb 07:00.
    await h.sleepUntil('2027-02-16', '12:00');
    await h.signal(handle, { messageId: 'x-inv-b', actor: 'billing', type: 'invoiceMissed', invoice: { invoiceId: 'INV-X2', amountOre: 80_000, dueDate: '2027-02-15' } });
    await until(h, handle, 'invoice B joined', (v) => v.amountDueOre === 230_000);
    await h.sleepUntil('2027-02-16', '13:00');
    await h.signal(handle, pay('x-pay', 150_000, '2027-02-11T07:00:00+01:00'));
    const credited = await until(h, handle, 'rykker 1’s fee credited', (v) => (v.fees ?? []).some((f) => f.credited));
    expect(credited.amountDueOre).toBe(80_000);
    expect(credited.stage).toBe('reminder-1');
    expect(credited.next).toMatchObject({ step: 'reminder2', date: '2027-02-22' });
    expect(creditsOf(caseId)).toEqual([[`${caseId}:fee:reminder-fee:reminder1:0:credit`, 10_000]]);
    expect(credited.timeline.filter((t) => t.what.startsWith('fee credited')).map((t) => t.what)).toEqual([
      'fee credited: reminder-fee 100.00 kr (rykker 1 crossed a payment registered before it was sent)',
    ]);

    // Rykker 2, Mon 22 Feb at 08:35:44: 800,00 kr. unpaid and its own fee — rykker 1's credited fee is not
    // owed (RULES 11: what the customer owes now): 800,00 + 100,00 = 900,00 kr. Its fee is the claim's
    // first that stands (Interest Act §9b: at most 3).
    await h.sleepUntil('2027-02-22', '12:00');
    const r2 = await h.untilStage(handle, 'reminder-2');
    const letter = h.letter(`${caseId}:reminder2:0`)?.body ?? '';
    expect(letter).toMatch(/Ubetalt beløb: +800,00 kr\./);
    expect(letter).not.toMatch(/Rykkergebyr fra 11\. februar 2027/);
    expect(letter).toMatch(/I alt at betale: +900,00 kr\./);
    const r2Fee = r2.fees?.find((f) => f.idempotencyKey === `${caseId}:fee:reminder-fee:reminder2:0`);
    expect(r2Fee).toMatchObject({ amountOre: 10_000, basis: expect.stringContaining('fee 1 of at most 3') });
    expect(r2Fee?.reminder).toMatchObject({ letter: 'reminder2', arrearsOre: 80_000, paymentsSeen: 1 });
    expect(feesOf(h, caseId)).toEqual([
      ['reminder-fee', 10_000],
      ['reminder-fee', 10_000],
    ]);
    expect(creditsOf(caseId)).toHaveLength(1);
    await handle.terminate('test over');
  });
});

/**
 * Release 0.6.10 (`moveOnBelowMinimum`; issue 15 item 9, RULES 11): "No security demand is started for
 * arrears below a minimum (setting `securityMinArrearsOre`, default 100 kr); such a case stays at
 * reminders until it is paid, a further invoice lifts the arrears above the minimum, or an operator
 * moves it on." The first two: security-amount.test.ts. This file: the operator's `proceedBelowMinimum`.
 *
 * Dates worked by hand (RULES 2 default schedule; household, digital post, physical meter; the same
 * invoice day as security-amount.test.ts), invoice of 80 kr due Mon 13 Sep 2027:
 * - reminder 1 Thu 16 Sep 2027 (due + 3 days; received the same day; pay by Sun 26 Sep);
 * - reminder 2 Mon 27 Sep (the day after reminder 1's deadline; pay by Thu 7 Oct);
 * - the security demand's day Fri 8 Oct: 80 kr < 100 kr, so no demand — the case waits at the
 *   reminders, with the attention reason `arrears-below-minimum`;
 * - the operator moves it on Wed 13 Oct 2027 at 12:00: the demand goes that day, by digital post,
 *   received Wed 13 Oct; its deadline 15 hverdage from receipt: 14, 15 Oct (2), 18–22 Oct (7),
 *   25–29 Oct (12), 1, 2, 3 Nov (15) — Wed 3 Nov 2027 (no public holiday in between);
 * - the termination notice's day: the day after the deadline, Thu 4 Nov 2027.
 * The amount: no risk cap, so 3 months × the simulated expected monthly payment of 850 kr = 2,550 kr.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitCaseEventUpdate, type CaseEvent, type EventOutcome } from '../../../workflows/case/definitions.js';
import { ATTENTION_REASONS, NEEDS_ATTENTION } from '../../../workflows/search-attributes.js';
import type { WorkflowHandle } from '@temporalio/client';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

/** Delivers an operator's event by the update, as the API and the CLI do: the caller hears the outcome. */
function update(handle: WorkflowHandle, event: CaseEvent): Promise<EventOutcome> {
  return handle.executeUpdate(submitCaseEventUpdate, { args: [event] });
}

async function attributes(handle: WorkflowHandle) {
  return (await handle.describe()).typedSearchAttributes;
}

const NOTE = 'lille restance, men gentagne sene betalinger; aftalt med teamleder';

describe('an operator moves on a case held at the reminders below the minimum arrears (release 0.6.10)', () => {
  it('80 kr: reminders only, the case waits with a reason; the operator’s event sends the security demand at once, dated from that day', async () => {
    const held = await h.start({
      caseId: 'below-min-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-BM1', amountOre: 8_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    // The same arrears as the minimum's other side: 900 kr, demanded on its day (the refusal below).
    const above = await h.start({
      caseId: 'below-min-2',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.remote,
      invoices: [{ invoiceId: 'INV-BM2', amountOre: 90_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });

    // Mon 20 Sep: at reminder 1, not waiting for the minimum: the event is refused and adds no reason.
    await h.sleepUntil('2027-09-20', '12:00');
    await h.untilStage(held, 'reminder-1');
    const early = await update(held, { messageId: 'move-early', actor: 'operator:jens', type: 'proceedBelowMinimum', note: NOTE });
    expect(early).toMatchObject({
      outcome: 'rejected',
      reason: 'the case is not waiting at the reminders for arrears below the minimum (RULES 11, securityMinArrearsOre): there is nothing to move on',
      stage: 'reminder-1',
    });
    expect((await h.view(held)).attention ?? []).toEqual([]);

    // Fri 8 Oct: the security demand's day; 80 kr < 100 kr: no demand, the case waits at the reminders.
    await h.sleepUntil('2027-10-08', '12:00');
    const waiting = await h.untilView(held, 'the wait for the minimum', (v) => v.next?.step === 'securityDemand' && v.next.waitingFor !== undefined);
    expect(waiting.stage).toBe('reminder-2');
    expect(waiting.letters.map((l) => [l.kind, l.sentDate])).toEqual([
      ['reminder1', '2027-09-16'],
      ['reminder2', '2027-09-27'],
    ]);
    expect(waiting.timeline.some((t) => t.what === 'no security demand yet: RULES 11: no security demand for arrears of 8000 øre, below the minimum 10000 øre (securityMinArrearsOre)')).toBe(true);
    // Operators find it in the worklist: an attention reason, published.
    expect(waiting.attention).toEqual([
      { code: 'arrears-below-minimum', detail: 'arrears 8000 øre, below the minimum 10000 øre: no security demand yet', since: expect.stringMatching(/^2027-10-08T/), ref: 'securityDemand' },
    ]);
    expect(waiting.needsAttention).toBe(true);
    await expect.poll(async () => (await attributes(held)).get(ATTENTION_REASONS), { timeout: 20_000 }).toEqual(['arrears-below-minimum']);

    // The 900 kr case had its demand on Fri 8 Oct: not below the minimum, so the event is refused, no reason added.
    await h.untilStage(above, 'security-demand');
    const refused = await update(above, { messageId: 'move-above', actor: 'operator:jens', type: 'proceedBelowMinimum', note: NOTE });
    expect(refused).toMatchObject({ outcome: 'rejected', reason: expect.stringMatching(/^the case is not waiting at the reminders for arrears below the minimum/) });
    const aboveView = await h.view(above);
    expect(aboveView.attention ?? []).toEqual([]);
    expect(aboveView.needsAttention).toBe(false);
    expect(aboveView.timeline.at(-1)?.what).toMatch(/^message rejected: proceedBelowMinimum: /);

    // Wed 13 Oct, 12:00: the operator moves it on.
    await h.sleepUntil('2027-10-13', '12:00');
    const moved = await update(held, { messageId: 'move-1', actor: 'operator:jens', type: 'proceedBelowMinimum', note: NOTE });
    expect(moved).toMatchObject({ outcome: 'applied', caseId: 'below-min-1' });
    const demanded = await h.untilStage(held, 'security-demand');
    expect(demanded.letters.at(-1)).toMatchObject({ kind: 'securityDemand', sentDate: '2027-10-13', receivedDate: '2027-10-13', channel: 'digital' });
    expect(demanded.securityDeadline).toMatchObject({ date: '2027-11-03', securityAmountOre: 255_000 });
    expect(demanded.next).toMatchObject({ step: 'terminationNotice', date: '2027-11-04' });
    // Who and why, in the timeline; the demand names the event as its cause.
    const byOperator = demanded.timeline.find((t) => t.cause.type === 'event' && t.cause.messageId === 'move-1' && t.what.includes('moved the case on'));
    expect(byOperator).toMatchObject({
      what: `operator:jens moved the case on to the security demand below the minimum arrears (80.00 kr < 100.00 kr; RULES 11): ${NOTE}`,
      cause: { type: 'event', messageId: 'move-1', eventType: 'proceedBelowMinimum', actor: 'operator:jens' },
      facts: { arrearsOre: 8_000, minimumOre: 10_000 },
    });
    expect(demanded.timeline.find((t) => t.what === 'security demanded')).toMatchObject({
      cause: { type: 'event', messageId: 'move-1', eventType: 'proceedBelowMinimum', actor: 'operator:jens' },
      facts: { deadline: '2027-11-03', securityAmountOre: 255_000 },
    });
    // The reason is cleared, and so is the published flag.
    expect(demanded.attention ?? []).toEqual([]);
    await expect.poll(async () => (await attributes(held)).get(ATTENTION_REASONS) ?? [], { timeout: 20_000 }).toEqual([]);
    expect((await attributes(held)).get(NEEDS_ATTENTION)).toBe(false);
    const body = h.letter('below-min-1:securityDemand:0')?.body;
    expect(body).toContain('Du har ikke betalt 80,00 kr.');
    expect(body).toContain('senest onsdag den 3. november 2027');

    // The same event twice is a duplicate; another one now finds nothing to move on.
    const again = await update(held, { messageId: 'move-1', actor: 'operator:jens', type: 'proceedBelowMinimum', note: NOTE });
    expect(again.outcome).toBe('duplicate');
    const later = await update(held, { messageId: 'move-2', actor: 'operator:jens', type: 'proceedBelowMinimum', note: NOTE });
    expect(later.outcome).toBe('rejected');
    expect((await h.view(held)).letters.filter((l) => l.kind === 'securityDemand')).toHaveLength(1);

    await held.terminate('test over');
    await above.terminate('test over');
  });
});

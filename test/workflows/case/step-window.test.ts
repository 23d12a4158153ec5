/**
 * Spread step times (issue 14, item 8; rules/step-time.ts): each case runs its letters and DataHub
 * requests at its own minute of the step window (default 07:00–10:00 Danish time), chosen by FNV-1a of
 * its case id, so that a billing run does not wake every case in one minute. A case whose settings
 * snapshot has no window (taken before release 0.6) keeps `stepTimeLocal`.
 *
 * Worked by hand (FNV-1a, 32 bit; mod 180 minutes from 07:00):
 * - `spread-b`    → 3,918,289,889; mod 180 = 29  → 07:29 (05:29 UTC in September, CEST)
 * - `hh-spread-6` →   518,725,584; mod 180 = 144 → 09:24 (07:24 UTC)
 * - `spread-c` with a snapshot without the window → `stepTimeLocal` 09:00 (07:00 UTC)
 * Reminder 1 for an invoice due Mon 13 Sep 2027 is due Thu 16 Sep 2027 (due + 3 days, RULES 2.1).
 *
 * Since issue 14 item 8 a new snapshot spreads by the second (`stepSpread: 'second'`; mod 10,800 s from 07:00):
 * - `spread-b`    → 3,918,289,889 − 10,800 × 362,804 = 6,689 s = 1 h 51 min 29 s → 08:51:29 (06:51:29 UTC)
 * - `hh-spread-6` →   518,725,584 − 10,800 × 48,030  = 1,584 s = 26 min 24 s     → 07:26:24 (05:26:24 UTC)
 * and a snapshot without `stepSpread` (taken before it) keeps the minute above.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCaseSettings } from '../../../config/case-settings.js';
import type { CaseInput, CaseView } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

const input = (caseId: string, extra: Partial<CaseInput> = {}): CaseInput => ({
  caseId,
  customerId: CUSTOMER.digital,
  meteringPointId: METERING_POINT.physical,
  invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 200_000, dueDate: '2027-09-13' }],
  customerClass: 'household',
  ...extra,
});
const reminder1 = (v: CaseView) => v.letters.find((l) => l.kind === 'reminder1');
const reminder1At = (v: CaseView) => v.timeline.find((t) => t.cause.type === 'timer' && 'date' in t.cause && t.cause.date === '2027-09-16')?.at;

describe('spread step times', () => {
  it('runs each case at its own minute of 07:00–10:00 (a snapshot of 0.6–0.6.4: no stepSpread), and a snapshot without the window at 09:00', async () => {
    const withoutWindow = resolveCaseSettings();
    delete (withoutWindow.case as { stepWindowLocal?: unknown }).stepWindowLocal;
    const byMinute = resolveCaseSettings();
    delete (byMinute.case as { stepSpread?: unknown }).stepSpread;
    const early = await h.start(input('spread-b', { settings: byMinute }));
    const late = await h.start(input('hh-spread-6', { settings: byMinute }));
    const old = await h.start(input('spread-c', { settings: withoutWindow }));

    await h.sleepUntil('2027-09-16', '08:00');
    await expect.poll(async () => reminder1(await h.view(early)), { timeout: 20_000, interval: 50 }).toBeDefined();
    expect(reminder1(await h.view(late))).toBeUndefined();
    expect(reminder1(await h.view(old))).toBeUndefined();
    expect(reminder1At(await h.view(early))).toMatch(/^2027-09-16T05:29:/);

    await h.sleepUntil('2027-09-16', '09:10');
    await expect.poll(async () => reminder1(await h.view(old)), { timeout: 20_000, interval: 50 }).toBeDefined();
    expect(reminder1(await h.view(late))).toBeUndefined();
    expect(reminder1At(await h.view(old))).toMatch(/^2027-09-16T07:00:/);

    await h.sleepUntil('2027-09-16', '09:30');
    await expect.poll(async () => reminder1(await h.view(late)), { timeout: 20_000, interval: 50 }).toBeDefined();
    expect(reminder1At(await h.view(late))).toMatch(/^2027-09-16T07:24:/);
    for (const handle of [early, late, old]) await handle.terminate('test over');
  });

  it('runs a new case at its own second of the window, and a snapshot without stepSpread at its minute', async () => {
    const minuteSnapshot = resolveCaseSettings();
    delete (minuteSnapshot.case as { stepSpread?: unknown }).stepSpread;
    const second = await h.start(input('spread-b', { invoices: [{ invoiceId: 'INV-spread-b-2', amountOre: 200_000, dueDate: '2027-09-20' }] }));
    const minute = await h.start(input('hh-spread-6', { invoices: [{ invoiceId: 'INV-hh-spread-6-2', amountOre: 200_000, dueDate: '2027-09-20' }], settings: minuteSnapshot }));
    const secondAt = (v: CaseView) => v.timeline.find((t) => t.cause.type === 'timer' && 'date' in t.cause && t.cause.date === '2027-09-23')?.at;

    // Reminder 1 due Thu 23 Sep 2027: the minute case at 07:24 UTC, the second case at 06:51:29 UTC.
    await h.sleepUntil('2027-09-23', '09:00');
    await expect.poll(async () => reminder1(await h.view(second)), { timeout: 20_000, interval: 50 }).toBeDefined();
    expect(reminder1(await h.view(minute))).toBeUndefined();
    expect(secondAt(await h.view(second))).toMatch(/^2027-09-23T06:51:29\./);
    await h.sleepUntil('2027-09-23', '09:30');
    await expect.poll(async () => reminder1(await h.view(minute)), { timeout: 20_000, interval: 50 }).toBeDefined();
    expect(secondAt(await h.view(minute))).toMatch(/^2027-09-23T07:24:00\./);
    for (const handle of [second, minute]) await handle.terminate('test over');
  });
});

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
  it('runs each case at its own minute of 07:00–10:00, and a snapshot without the window at 09:00', async () => {
    const withoutWindow = resolveCaseSettings();
    delete (withoutWindow.case as { stepWindowLocal?: unknown }).stepWindowLocal;
    const early = await h.start(input('spread-b'));
    const late = await h.start(input('hh-spread-6'));
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
});

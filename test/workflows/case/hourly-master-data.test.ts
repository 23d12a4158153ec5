/**
 * Issue 15 item 5 (release 0.6.11, `hourlyMethodFromMasterData`; RULES 11, SV 2.2.3 a items 7–9, SV
 * 3.2.1 c / 3.2.2 c): how the grid disconnects an hourly-settled point is decided per metering point,
 * from its master data when that says it, before the grid company's setting (`hourlyMethodByGrid`,
 * default remote). Here the master data says **physical** while the setting says remote:
 *
 * - the disconnection letter carries no remote items (no "fjernkontrol … uden besøg", no activating
 *   the meter);
 * - the reopening follows the physical rule: paid and agreed Fri 13 Aug 2027 12:30, after the physical
 *   cut-off 11:00 → the next working day, Mon 16 Aug (RULES 7; SV 3.2.1 c). Under the remote rule it
 *   would have been the same day (before 14:00), as household-paths.test.ts shows for the setting.
 *
 * The dates up to the request are those of household-paths.test.ts's hourly case (worked there by
 * hand): reminder 1 Thu 17 Jun, reminder 2 Mon 28 Jun, security demand Fri 9 Jul, termination notice
 * Sat 31 Jul, disconnection notice Thu 5 Aug, cut-off Tue 10 Aug, window d2 → Wed 11 Aug.
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

describe('hourly-settled point whose master data says physical (release 0.6.11)', () => {
  it('gets the physical letter and reopening rule, not the grid setting\'s remote ones', async () => {
    await h.deps.evidence.upsertMasterData({
      meteringPointId: METERING_POINT.hourly,
      gridCompanyGln: '5790000000012',
      hourlySettled: true,
      disconnectionMethod: 'physical',
      validFrom: '2027-01-01T00:00:00Z',
      source: 'operator',
      sourceRef: 'operator:test',
    });
    const handle = await h.start({
      caseId: 'hourly-md-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.hourly,
      invoices: [{ invoiceId: 'INV-HMD1', amountOre: 180_000, dueDate: '2027-06-14' }],
      customerClass: 'household',
    });
    await h.sleepUntil('2027-08-05', '12:00');
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.meterKind).toBe('hourly');
    expect(requested.request).toMatchObject({ cutoff: '2027-08-10', windowDeadline: '2027-08-11' });
    const notice = h.letter('hourly-md-1:disconnectionNotice:0');
    expect(notice?.body).toContain('tirsdag den 10. august 2027');
    expect(notice?.body).not.toContain('fjernkontrol');
    expect(notice?.body).not.toContain('uden besøg');

    await h.sleepUntil('2027-08-11', '15:00');
    await h.signal(handle, { messageId: 'hmd-disc', actor: 'datahub', type: 'disconnected', date: '2027-08-11', meterReading: { value: 1_204_331, unit: 'kWh' } });
    await h.untilStage(handle, 'disconnected');

    await h.sleepUntil('2027-08-13', '12:30');
    await h.signal(handle, { messageId: 'hmd-pay', actor: 'billing', type: 'paymentReceived', amountOre: 180_000 });
    await h.signal(handle, { messageId: 'hmd-agr', actor: 'billing', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: '2027-08-13' });
    const reopening = await h.untilStage(handle, 'reopening');
    // Physical: after 11:00 on Fri 13 Aug → no later than the next working day, Mon 16 Aug.
    expect(reopening.next).toMatchObject({ step: 'reopening', date: '2027-08-16' });
  });
});

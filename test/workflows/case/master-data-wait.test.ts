/**
 * A metering point without master data never fails a case (issue 16 item 8, release 0.6.8
 * `masterDataWait`): the case waits for an operator with the attention reason `master-data-missing`,
 * and goes on when the master data arrives — nudged (`masterDataSupplied`, as the poller and the
 * master-data doors send it) or by its own next look — or closes if the customer pays meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterDataSuppliedSignal } from '../../../workflows/case/definitions.js';
import { METERING_POINT_ID, NEEDS_ATTENTION } from '../../../workflows/search-attributes.js';
import { CaseHarness, CUSTOMER } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

let n = 0;
/** A GSRN neither the master-data store nor the in-memory DataHub knows. */
const unknownPoint = () => `57131310000000${String(9000 + ++n).padStart(4, '0')}`;

const start = (caseId: string, meteringPointId: string) =>
  h.start({
    caseId,
    customerId: CUSTOMER.digital,
    meteringPointId,
    // Due Mon 6 Sep 2027: reminder 1 Thu 9 Sep.
    invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 90_000, dueDate: '2027-09-06' }],
    customerClass: 'household',
  });

const supply = (meteringPointId: string, disconnectionMethod: 'remote' | 'physical' = 'remote') =>
  h.deps.evidence.upsertMasterData({ meteringPointId, gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod, validFrom: '2027-01-01T00:00:00Z', source: 'operator', sourceRef: 'operator:test' });

describe('master data missing (release 0.6.8)', () => {
  it('the case does not fail: it waits with master-data-missing, published and findable by its metering point', async () => {
    const gsrn = unknownPoint();
    const handle = await start('md-wait-1', gsrn);
    const waiting = await h.untilView(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    expect(waiting.stage).toBe('opened');
    expect(waiting.next).toMatchObject({ step: 'reminder1', waitingFor: expect.stringContaining('master data') });
    expect(waiting.attention?.[0]?.detail).toContain(`no master data for metering point ${gsrn}`);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const attrs = (await handle.describe()).typedSearchAttributes;
    expect(attrs.get(METERING_POINT_ID)).toBe(gsrn);
    expect(attrs.get(NEEDS_ATTENTION)).toBe(true);
    await handle.terminate('test done');
  });

  it('goes on when the master data arrives and the case is nudged: attention cleared, meter kind set, reminder 1 on its day', async () => {
    const gsrn = unknownPoint();
    const handle = await start('md-wait-2', gsrn);
    await h.untilView(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    await supply(gsrn, 'remote');
    await handle.signal(masterDataSuppliedSignal);
    const resumed = await h.untilView(handle, 'master data arrived', (v) => v.meterKind === 'remote');
    expect(resumed.attention ?? []).toEqual([]);
    expect(resumed.timeline.map((t) => t.what)).toEqual(expect.arrayContaining([expect.stringContaining('master data arrived: meter kind remote')]));
    await h.sleepUntil('2027-09-09', '12:00');
    const sent = await h.untilStage(handle, 'reminder-1');
    expect(sent.letters.map((l) => [l.kind, l.sentDate])).toEqual([['reminder1', '2027-09-09']]);
    await handle.terminate('test done');
  });

  it('goes on by itself, without a nudge, at its next look in the store', async () => {
    const gsrn = unknownPoint();
    const handle = await start('md-wait-3', gsrn);
    await h.untilView(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    await supply(gsrn, 'physical');
    // The next look is at most an hour away.
    await h.env.sleep('2 hours');
    const resumed = await h.untilView(handle, 'master data found', (v) => v.meterKind === 'physical');
    expect(resumed.needsAttention).toBe(false);
    await handle.terminate('test done');
  });

  it('a payment while it waits closes the case, without master data and without failing', async () => {
    const gsrn = unknownPoint();
    const handle = await start('md-wait-4', gsrn);
    await h.untilView(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    await h.signal(handle, { messageId: 'pay-md-4', actor: 'billing', type: 'paymentReceived', amountOre: 90_000 } as never);
    const result = (await handle.result()) as { stage: string; closed: { reason: string } };
    expect(result.stage).toBe('closed');
    expect(result.closed.reason).toBe('paid');
  });
});

/**
 * Owner liability, issue 16 (release 0.6.9): the owner's D12 goes as RSM-020 RequestService in the
 * end-of-supply process once DataHub confirms it, not on RSM-005 (RULES 10: RSM-005 has no field for
 * special circumstances; `circumstancesAsServiceRequests`); and a metering point without master data
 * never fails the case — it waits with `master-data-missing` and goes on when the data arrives
 * (`masterDataWait`). Dates worked out by hand from RULES 1, 4 and 9 in the comments; the tests share
 * one server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mridFromKey } from '../../../activities/datahub.js';
import { masterDataSuppliedSignal } from '../../../workflows/owner-liability/definitions.js';
import { CASE_KIND, METERING_POINT_ID, METER_KIND, NEEDS_ATTENTION } from '../../../workflows/search-attributes.js';
import { METERING_POINT, OWNER, OwnerHarness } from './harness.js';

let h: OwnerHarness;
beforeAll(async () => {
  h = await OwnerHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

let n = 0;
/** A GSRN neither the master-data store nor the in-memory DataHub knows. */
const unknownPoint = () => `57131310000000${String(8000 + ++n).padStart(4, '0')}`;
const supply = (meteringPointId: string, disconnectionMethod: 'remote' | 'physical') =>
  h.deps.evidence.upsertMasterData({ meteringPointId, gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod, validFrom: '2027-01-01T00:00:00Z', source: 'operator', sourceRef: 'operator:test' });

describe('the owner asks; D12 follows DataHub’s confirmation as RSM-020 (started Tue 1 Jun 2027, remote meter, agreement to Mon 31 May 2027)', () => {
  it('sends the end of supply without the circumstance, then D12 in its process once confirmed, dated the cut-off', async () => {
    await h.sleepUntil('2027-06-01', '10:00');
    const caseId = `${METERING_POINT.remote}-${OWNER.digital}-AGR-16A`;
    const handle = await h.startOwner({ meteringPointId: METERING_POINT.remote, ownerId: OWNER.digital, terminatedAgreementId: 'AGR-16A', agreementEnd: '2027-05-31' });
    await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');

    // Wed 2 Jun 11:00: the owner asks. Sent Wed 2 Jun: 3, 4, 7 → Mon 7 Jun (Fri 4 Jun: a Friday and 4 June,
    // no household day, but still a working day to count); remote d3: 7, 8, 9 → Wed 9 Jun.
    await h.sleepUntil('2027-06-02', '11:00');
    await h.signalOwner(handle, { messageId: 'o16a-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
    const requested = await h.untilOwner(handle, 'the request sent', (v) => v.stage === 'disconnection-requested');
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2027-06-02', cutoff: '2027-06-07', windowDeadline: '2027-06-09', status: 'sent', circumstancesPending: ['agreed-with-customer'] });
    // RULES 10: RSM-005 carries no circumstance (no CIM field) …
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([{ kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-06-07', circumstances: [] }]);

    // … D12 follows as RSM-020 in the end-of-supply process once DataHub confirms it (Wed 2 Jun 14:00).
    const processId = requested.request!.processId!;
    expect(processId).toMatch(/^brs002-/);
    await h.sleepUntil('2027-06-02', '14:00');
    await h.signalOwner(handle, { messageId: 'o16a-confirm', actor: 'datahub', type: 'requestConfirmed', processId });
    const sent = await h.untilOwner(handle, 'the circumstance sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-06-07', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.remote, serviceType: 'D12', date: '2027-06-07', processId },
    ]);
    expect(sent.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D12', status: 'accepted' }] });
    expect(sent.request?.circumstancesPending).toBeUndefined();
    expect(sent.attention ?? []).toEqual([]);
    expect(sent.stage).toBe('disconnection-requested');
    expect(sent.timeline.find((t) => t.what.startsWith('special circumstances sent'))).toMatchObject({
      what: `special circumstances sent to DataHub in the end-of-supply process ${processId}: D12 accepted`,
      basis: expect.stringMatching(/^RULES 10: special circumstances go as RSM-020/),
    });

    // The grid's window goes on as before: disconnected Mon 7 Jun, before the owner is bound.
    await h.sleepUntil('2027-06-08', '09:00');
    await h.signalOwner(handle, { messageId: 'o16a-disc', actor: 'datahub', type: 'disconnected', date: '2027-06-07' });
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('disconnected-not-bound');
    expect(h.datahubOf(caseId)).toHaveLength(2);
  });
});

describe('DataHub’s confirmation overtakes the request’s own result (started Mon 5 Jul 2027, remote meter, agreement to Wed 30 Jun 2027)', () => {
  it('is kept while the end of supply is in flight and applied once it is recorded: D12 follows in the confirmed process', async () => {
    await h.sleepUntil('2027-07-05', '10:00');
    const caseId = `${METERING_POINT.remote}-${OWNER.digital}-AGR-16D`;
    const handle = await h.startOwner({ meteringPointId: METERING_POINT.remote, ownerId: OWNER.digital, terminatedAgreementId: 'AGR-16D', agreementEnd: '2027-06-30' });
    await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    // Tue 6 Jul 11:00: the owner asks; DataHub holds the end of supply until it has confirmed it.
    await h.sleepUntil('2027-07-06', '11:00');
    const held = h.holdNextEndOfSupply();
    await h.signalOwner(handle, { messageId: 'o16d-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
    await held.reached;
    try {
      await h.signalOwner(handle, { messageId: 'o16d-confirm', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-early-o' });
      expect(await h.ownerOutcome(handle, 'o16d-confirm')).toMatchObject({ outcome: 'applied' });
    } finally {
      // Never left held: the next tests need the clock to move.
      held.release();
    }
    const sent = await h.untilOwner(handle, 'the circumstance sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    // Sent Tue 6 Jul: 7, 8, 9 → Fri 9 Jul, no household disconnection day (SV 2.3.2) → Mon 12 Jul.
    expect(sent.request).toMatchObject({ status: 'confirmed', processId: 'brs002-early-o', cutoff: '2027-07-12' });
    expect(sent.attention ?? []).toEqual([]);
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-07-12', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.remote, serviceType: 'D12', date: '2027-07-12', processId: 'brs002-early-o' },
    ]);
    await handle.terminate('test done');
  });
});

describe('a later rejection of the D12 through the poller (release 0.6.12; started Mon 2 Aug 2027, remote meter, agreement to Sat 31 Jul 2027)', () => {
  it('rejects the D12 only — request-rejected opens, the end of supply stands and the grid’s disconnection is taken', async () => {
    await h.sleepUntil('2027-08-02', '10:00');
    const caseId = `${METERING_POINT.remote}-${OWNER.digital}-AGR-16E`;
    const handle = await h.startOwner({ meteringPointId: METERING_POINT.remote, ownerId: OWNER.digital, terminatedAgreementId: 'AGR-16E', agreementEnd: '2027-07-31' });
    await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    // Tue 3 Aug 11:00: the owner asks. Sent Tue 3 Aug: 4, 5, 6 → Fri 6 Aug, no household disconnection day (SV 2.3.2) → Mon 9 Aug.
    await h.sleepUntil('2027-08-03', '11:00');
    await h.signalOwner(handle, { messageId: 'o16e-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
    const requested = await h.untilOwner(handle, 'the request sent', (v) => v.stage === 'disconnection-requested');
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2027-08-03', cutoff: '2027-08-09', status: 'sent' });
    await h.sleepUntil('2027-08-03', '14:00');
    await h.signalOwner(handle, { messageId: 'o16e-confirm', actor: 'datahub', type: 'requestConfirmed', processId: requested.request!.processId! });
    await h.untilOwner(handle, 'the circumstance sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);

    // Wed 4 Aug: DataHub's negative RSM-009 names the D12's message (the adapter's ids: derived from the case's key).
    await h.sleepUntil('2027-08-04', '09:00');
    const d12Message = mridFromKey(`${caseId}:circumstances:0:D12`, 'message');
    await h.signalOwner(handle, { messageId: 'o16e-ack', actor: 'datahub', type: 'requestRejected', code: 'E10', text: 'service request not valid', refersTo: { messageId: d12Message } });
    const rejected = await h.untilOwner(handle, 'the D12 rejected', (v) => v.request?.circumstancesSent?.[0]?.status === 'rejected');
    expect(rejected.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D12', messageId: d12Message, status: 'rejected', code: 'E10' }] });
    expect(rejected.stage).toBe('disconnection-requested');
    expect(rejected.attention).toEqual([
      { code: 'request-rejected', detail: 'DataHub rejected the special circumstance D12 (E10: service request not valid)', since: expect.any(String), ref: 'o16e-ack' },
    ]);
    expect(await h.ownerOutcome(handle, 'o16e-ack')).toMatchObject({ outcome: 'applied' });

    // The end of supply stands: the grid disconnects Mon 9 Aug and reports it Tue 10 Aug.
    await h.sleepUntil('2027-08-10', '09:00');
    await h.signalOwner(handle, { messageId: 'o16e-disc', actor: 'datahub', type: 'disconnected', date: '2027-08-09' });
    // The owner's letter, Mon 2 Aug by digital post, received that day; + 5 hverdage: 3, 4, 5, 6, 9 → Mon 9 Aug;
    // bound from Tue 10 Aug (after the deadline and after the agreement's last day): disconnected before it.
    const closed = await h.untilOwner(handle, 'closed', (v) => v.stage === 'closed');
    expect(closed.closed?.reason).toBe('disconnected-not-bound');
  });
});

describe('master data missing (started Mon 6 Sep 2027, agreement to Thu 30 Sep 2027)', () => {
  it('does not fail: waits with master-data-missing, published by its metering point; nudged once the data is supplied, it sends the letter that day', async () => {
    await h.sleepUntil('2027-09-06', '10:00');
    const gsrn = unknownPoint();
    const handle = await h.startOwner({ meteringPointId: gsrn, ownerId: OWNER.digital, terminatedAgreementId: 'AGR-16B', agreementEnd: '2027-09-30' });
    const waiting = await h.untilOwner(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    expect(waiting.stage).toBe('opened');
    expect(waiting.letters).toEqual([]);
    expect(waiting.next).toMatchObject({ step: 'ownerLetter', waitingFor: expect.stringContaining('master data') });
    expect(waiting.attention?.[0]?.detail).toContain(`no master data for metering point ${gsrn}`);
    const described = await handle.describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.typedSearchAttributes.get(METERING_POINT_ID)).toBe(gsrn);
    expect(described.typedSearchAttributes.get(CASE_KIND)).toBe('owner-liability');
    expect(described.typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(true);

    // Tue 7 Sep 10:00: an operator supplies it (remote disconnection) and the case is nudged.
    await h.sleepUntil('2027-09-07', '10:00');
    await supply(gsrn, 'remote');
    await handle.signal(masterDataSuppliedSignal);
    const notified = await h.untilOwner(handle, 'the owner notified', (v) => v.stage === 'owner-notified');
    expect(notified.meterKind).toBe('remote');
    expect(notified.attention ?? []).toEqual([]);
    expect(notified.timeline.map((t) => t.what)).toEqual(expect.arrayContaining([expect.stringContaining('master data arrived: meter kind remote')]));
    // The letter was due Mon 6 Sep (the same working day); it goes at once, Tue 7 Sep, by digital post.
    expect(notified.letters.map((l) => [l.kind, l.channel, l.sentDate, l.receivedDate])).toEqual([['ownerNotice', 'digital', '2027-09-07', '2027-09-07']]);
    // Receipt Tue 7 Sep + 5 hverdage: 8, 9, 10, (11–12 weekend) 13, 14 → Tue 14 Sep.
    expect(notified.deadline?.date).toBe('2027-09-14');
    // Later of Wed 15 Sep (after the deadline) and Fri 1 Oct (after the agreement's last day) → Fri 1 Oct.
    expect(notified.boundFrom?.date).toBe('2027-10-01');
    const attrs = (await handle.describe()).typedSearchAttributes;
    expect(attrs.get(METER_KIND)).toBe('remote');
    expect(attrs.get(NEEDS_ATTENTION)).toBe(false);
    await handle.terminate('test done');
  });

  it('a cancellation while it waits closes the case without master data and without failing (Mon 13 Sep 2027)', async () => {
    await h.sleepUntil('2027-09-13', '10:00');
    const gsrn = unknownPoint();
    const handle = await h.startOwner({ meteringPointId: gsrn, ownerId: OWNER.digital, terminatedAgreementId: 'AGR-16C', agreementEnd: '2027-09-30' });
    await h.untilOwner(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    await h.signalOwner(handle, { messageId: 'o16c-cancel', actor: 'operator:test', type: 'caseCancelled', reason: 'opened-in-error' });
    const result = await handle.result();
    expect(result.stage).toBe('closed');
    expect(result.closed?.reason).toBe('cancelled');
    expect(result.letters).toEqual([]);
    expect(result.attention ?? []).toEqual([]);
    expect(h.datahubOf(`${gsrn}-${OWNER.digital}-AGR-16C`)).toEqual([]);
  });
});

/**
 * A requested disconnection, issue 16 (release 0.6.9): D12 goes as RSM-020 RequestService in the
 * end-of-supply process once DataHub confirms it, not on RSM-005 (RULES 10; `circumstancesAsServiceRequests`),
 * and a rejection of it opens `request-rejected`; a metering point without master data never fails the
 * case — it waits with `master-data-missing` and goes on when the data arrives, counting the cut-off
 * from that day (`masterDataWait`). Dates worked out by hand from RULES 1, 4 and 10 in the comments; the
 * tests share one server clock and run in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mridFromKey } from '../../../activities/datahub.js';
import { METERING_POINT_ID, NEEDS_ATTENTION } from '../../../workflows/search-attributes.js';
import { METERING_POINT, OwnerHarness } from '../owner-liability/harness.js';

let h: OwnerHarness;
beforeAll(async () => {
  h = await OwnerHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

let n = 0;
/** A GSRN neither the master-data store nor the in-memory DataHub knows. */
const unknownPoint = () => `57131310000000${String(7000 + ++n).padStart(4, '0')}`;
const supply = (meteringPointId: string, disconnectionMethod: 'remote' | 'physical') =>
  h.deps.evidence.upsertMasterData({ meteringPointId, gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod, validFrom: '2027-01-01T00:00:00Z', source: 'operator', sourceRef: 'operator:test' });

describe('D12 as RSM-020 after DataHub’s confirmation', () => {
  it('asked Wed 1 Sep 2027 for Fri 10 Sep (remote): the end of supply without the circumstance, then D12 in its process, dated the cut-off Mon 13 Sep', async () => {
    await h.sleepUntil('2027-09-01', '10:00');
    const caseId = `${METERING_POINT.remote}-REQ-16A`;
    const handle = await h.startRequested({ requestId: 'REQ-16A', meteringPointId: METERING_POINT.remote, customerId: 'C-1001', requesterRole: 'owner', customerClass: 'household', wantedDate: '2027-09-10' });
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    // Earliest: 2, 3, 6 → Mon 6 Sep ≤ Fri 10 Sep; Friday is no household disconnection day (SV 2.3.2) → Mon 13 Sep.
    // Remote d3: 13, 14, 15 → Wed 15 Sep.
    expect(requested.request).toMatchObject({ flag: 'D12', sentDate: '2027-09-01', cutoff: '2027-09-13', windowDeadline: '2027-09-15', status: 'sent', circumstancesPending: ['agreed-with-customer'] });
    // RULES 10: RSM-005 carries no circumstance (no CIM field) …
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([{ kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-09-13', circumstances: [] }]);

    // … D12 follows in the end-of-supply process once DataHub confirms it (Wed 1 Sep 14:00).
    const processId = requested.request!.processId!;
    expect(processId).toMatch(/^brs002-/);
    await h.sleepUntil('2027-09-01', '14:00');
    await h.signalRequested(handle, { messageId: 'r16a-confirm', actor: 'datahub', type: 'requestConfirmed', processId });
    const sent = await h.untilRequested(handle, 'the circumstance sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-09-13', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.remote, serviceType: 'D12', date: '2027-09-13', processId },
    ]);
    expect(sent.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D12', status: 'accepted' }] });
    expect(sent.request?.circumstancesPending).toBeUndefined();
    expect(sent.attention ?? []).toEqual([]);
    expect(sent.timeline.find((t) => t.what.startsWith('special circumstances sent'))).toMatchObject({
      what: `special circumstances sent to DataHub in the end-of-supply process ${processId}: D12 accepted`,
      cause: { type: 'timer', date: '2027-09-01' },
      basis: expect.stringMatching(/^RULES 10/),
    });
    // The window goes on: disconnected Mon 13 Sep, reported Tue 14 Sep.
    await h.sleepUntil('2027-09-14', '09:00');
    await h.signalRequested(handle, { messageId: 'r16a-disc', actor: 'datahub', type: 'disconnected', date: '2027-09-13' });
    await h.untilRequested(handle, 'disconnected', (v) => v.stage === 'disconnected');
    expect(h.datahubOf(caseId)).toHaveLength(2);
    await handle.terminate('test done');
  });

  it('asked Thu 16 Sep 2027 for Thu 30 Sep (physical): DataHub rejects the D12 — request-rejected opens, the end of supply stands', async () => {
    await h.sleepUntil('2027-09-16', '10:00');
    const caseId = `${METERING_POINT.physical}-REQ-16B`;
    const handle = await h.startRequested({ requestId: 'REQ-16B', meteringPointId: METERING_POINT.physical, customerId: 'C-1001', requesterRole: 'owner', customerClass: 'household', wantedDate: '2027-09-30' });
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    // Earliest: 17, 20, 21 → Tue 21 Sep ≤ Thu 30 Sep, a household disconnection day: as chosen.
    // Physical d6: 30 Sep, 1, 4, 5, 6, 7 Oct → Thu 7 Oct.
    expect(requested.request).toMatchObject({ cutoff: '2027-09-30', windowDeadline: '2027-10-07', status: 'sent' });
    h.deps.datahub.rejectNextOf('RequestService', 'D28', 'service request rejected');
    await h.signalRequested(handle, { messageId: 'r16b-confirm', actor: 'datahub', type: 'requestConfirmed', processId: requested.request!.processId! });
    const rejected = await h.untilRequested(handle, 'the circumstance answered', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    const [d12] = h.datahubOf(caseId).slice(1);
    expect(d12?.request).toMatchObject({ kind: 'RequestService', serviceType: 'D12', date: '2027-09-30' });
    expect(rejected.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D12', status: 'rejected', code: 'D28', messageId: d12!.messageId }] });
    expect(rejected.attention).toEqual([
      { code: 'request-rejected', detail: 'DataHub rejected the special circumstance D12 (D28: service request rejected)', since: expect.any(String), ref: d12!.messageId },
    ]);
    expect(rejected.stage).toBe('disconnection-requested');
    expect((await handle.describe()).typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(true);
    await handle.terminate('test done');
  });
});

describe('a later rejection through the poller names the message it rejects (release 0.6.12)', () => {
  it('asked Mon 20 Sep 2027 for Thu 30 Sep (remote): a rejection of the D12’s transaction leaves the end of supply standing; one of the end of supply’s own rejects it', async () => {
    await h.sleepUntil('2027-09-20', '10:00');
    const caseId = `${METERING_POINT.remote}-REQ-16F`;
    const handle = await h.startRequested({ requestId: 'REQ-16F', meteringPointId: METERING_POINT.remote, customerId: 'C-1001', requesterRole: 'owner', customerClass: 'household', wantedDate: '2027-09-30' });
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    // Earliest: 21, 22, 23 → Thu 23 Sep ≤ Thu 30 Sep, a household disconnection day: as chosen. Remote d3: 30 Sep, 1, 4 Oct → Mon 4 Oct.
    expect(requested.request).toMatchObject({ cutoff: '2027-09-30', windowDeadline: '2027-10-04', status: 'sent' });
    await h.signalRequested(handle, { messageId: 'r16e-confirm', actor: 'datahub', type: 'requestConfirmed', processId: requested.request!.processId! });
    await h.untilRequested(handle, 'the circumstance sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);

    // Tue 21 Sep: RejectRequestService names the D12's transaction (the adapter's ids: derived from the case's key).
    await h.sleepUntil('2027-09-21', '09:00');
    const d12Transaction = mridFromKey(`${caseId}:circumstances:0:D12`, 'transaction');
    await h.signalRequested(handle, { messageId: 'r16e-reject', actor: 'datahub', type: 'requestRejected', code: 'D28', text: 'service request rejected', refersTo: { transactionId: d12Transaction } });
    const rejected = await h.untilRequested(handle, 'the D12 rejected', (v) => v.request?.circumstancesSent?.[0]?.status === 'rejected');
    expect(rejected.request).toMatchObject({ status: 'confirmed', circumstancesSent: [{ serviceType: 'D12', transactionId: d12Transaction, status: 'rejected', code: 'D28' }] });
    expect(rejected.stage).toBe('disconnection-requested');
    expect(rejected.attention).toEqual([
      { code: 'request-rejected', detail: 'DataHub rejected the special circumstance D12 (D28: service request rejected)', since: expect.any(String), ref: 'r16e-reject' },
    ]);

    // A rejection naming the end of supply's own transaction still rejects the request.
    const endOfSupply = mridFromKey(`${caseId}:datahub-request:0`, 'transaction');
    await h.signalRequested(handle, { messageId: 'r16e-reject-eos', actor: 'datahub', type: 'requestRejected', code: 'E10', refersTo: { transactionId: endOfSupply } });
    const whole = await h.untilRequested(handle, 'the request rejected', (v) => v.request?.status === 'rejected');
    expect(whole.request?.rejection).toMatchObject({ code: 'E10', messageId: 'r16e-reject-eos' });
    await handle.terminate('test done');
  });
});

describe('DataHub’s confirmation overtakes the request’s own result', () => {
  it('asked Mon 11 Oct 2027 for Mon 18 Oct (remote): kept while the end of supply is in flight, applied once it is recorded; D12 follows', async () => {
    await h.sleepUntil('2027-10-11', '10:00');
    const caseId = `${METERING_POINT.remote}-REQ-16E`;
    const held = h.holdNextEndOfSupply();
    const handle = await h.startRequested({ requestId: 'REQ-16E', meteringPointId: METERING_POINT.remote, customerId: 'C-1001', requesterRole: 'owner', customerClass: 'household', wantedDate: '2027-10-18' });
    await held.reached;
    try {
      await h.signalRequested(handle, { messageId: 'r16e-confirm', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-early-r' });
      expect(await h.requestedOutcome(handle, 'r16e-confirm')).toMatchObject({ outcome: 'applied' });
    } finally {
      // Never left held: the next tests need the clock to move.
      held.release();
    }
    const sent = await h.untilRequested(handle, 'the circumstance sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
    // Earliest: 12, 13, 14 → Thu 14 Oct ≤ Mon 18 Oct, a household disconnection day: as chosen.
    expect(sent.request).toMatchObject({ status: 'confirmed', processId: 'brs002-early-r', cutoff: '2027-10-18' });
    expect(sent.attention ?? []).toEqual([]);
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([
      { kind: 'RequestEndOfSupply', meteringPointId: METERING_POINT.remote, cutoff: '2027-10-18', circumstances: [] },
      { kind: 'RequestService', meteringPointId: METERING_POINT.remote, serviceType: 'D12', date: '2027-10-18', processId: 'brs002-early-r' },
    ]);
    await handle.terminate('test done');
  });
});

describe('master data missing', () => {
  it('asked Mon 1 Nov 2027 for Thu 4 Nov: waits without failing; supplied Wed 3 Nov, it goes on by itself and the cut-off counts from that day, Mon 8 Nov', async () => {
    await h.sleepUntil('2027-11-01', '10:00');
    const gsrn = unknownPoint();
    const caseId = `${gsrn}-REQ-16C`;
    const handle = await h.startRequested({ requestId: 'REQ-16C', meteringPointId: gsrn, customerId: 'C-1001', requesterRole: 'owner', customerClass: 'household', wantedDate: '2027-11-04' });
    const waiting = await h.untilRequested(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    expect(waiting.stage).toBe('received');
    expect(waiting.next).toMatchObject({ step: 'disconnectionRequest', waitingFor: expect.stringContaining('master data') });
    expect(waiting.attention?.[0]?.detail).toContain(`no master data for metering point ${gsrn}`);
    expect(waiting.request).toBeUndefined();
    const described = await handle.describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.typedSearchAttributes.get(METERING_POINT_ID)).toBe(gsrn);
    expect(described.typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(true);

    // Wed 3 Nov 10:00: supplied, no nudge: the case's next look is at most an hour away.
    await h.sleepUntil('2027-11-03', '10:00');
    await supply(gsrn, 'remote');
    await h.sleepUntil('2027-11-03', '12:00');
    const requested = await h.untilRequested(handle, 'requested', (v) => v.stage === 'disconnection-requested');
    expect(requested.meterKind).toBe('remote');
    expect(requested.attention ?? []).toEqual([]);
    // Sent Wed 3 Nov: 4, 5, 8 → Mon 8 Nov, so Thu 4 Nov (fine when asked on Mon 1 Nov: 2, 3, 4) is too early now;
    // remote d3: 8, 9, 10 → Wed 10 Nov.
    expect(requested.cutoff).toMatchObject({ date: '2027-11-08', moved: '2027-11-04 is earlier than the earliest cut-off 2027-11-08 for a request sent 2027-11-03' });
    expect(requested.request).toMatchObject({ sentDate: '2027-11-03', cutoff: '2027-11-08', windowDeadline: '2027-11-10', status: 'sent' });
    expect(h.datahubOf(caseId).map((m) => m.request)).toEqual([{ kind: 'RequestEndOfSupply', meteringPointId: gsrn, cutoff: '2027-11-08', circumstances: [] }]);
    expect((await handle.describe()).typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(false);
    await handle.terminate('test done');
  });

  it('a cancellation while it waits closes the case without master data and without failing (Mon 8 Nov 2027)', async () => {
    await h.sleepUntil('2027-11-08', '10:00');
    const gsrn = unknownPoint();
    const handle = await h.startRequested({ requestId: 'REQ-16D', meteringPointId: gsrn, customerId: 'C-1001', requesterRole: 'owner', customerClass: 'household', wantedDate: '2027-11-22' });
    await h.untilRequested(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
    await h.signalRequested(handle, { messageId: 'r16d-cancel', actor: 'billing', type: 'cancellationRequested' });
    const result = await handle.result();
    expect(result.stage).toBe('closed');
    expect(result.closed?.reason).toBe('cancelled');
    expect(result.request).toBeUndefined();
    expect(result.attention ?? []).toEqual([]);
    expect(h.datahubOf(`${gsrn}-REQ-16D`)).toEqual([]);
  });
});

/**
 * Version 2 of the case workflow (issue 14): what a new case writes to Temporal up to reminder 1 — one
 * patch marker, its release's (workflows/releases.ts: 0.6.1 is version 2's first row), the settings and the metering point's lookup as
 * local activities, its own search attributes in one upsert at the start (clients set none) — and
 * the small result at its close. Version 1's shapes (release 0.4: one marker) are held by the replay
 * suite (test/replay), which replays its recorded histories.
 */
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_KIND, CUSTOMER_CLASS, CUSTOMER_ID, METERING_POINT_ID, STAGE } from '../../../workflows/search-attributes.js';
import type { CaseInput } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = { marker: 25, activityScheduled: 10, upsert: 40 } as const;

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

function payloadText(p: temporal.api.common.v1.IPayload | undefined): string {
  return p?.data ? Buffer.from(p.data).toString('utf8') : '';
}

/** The patch ids of the history's patch markers, in order. */
function patchIds(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => Number(e.eventType) === EventType.marker && e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => (JSON.parse(payloadText(e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0])) as { id: string }).id);
}

/** The activity types the history scheduled (full activities, not local ones). */
function scheduled(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => Number(e.eventType) === EventType.activityScheduled)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?');
}

/** The local activity types recorded as markers. */
function localActivities(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => Number(e.eventType) === EventType.marker && e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
    .map((e) => (JSON.parse(payloadText(e.markerRecordedEventAttributes?.details?.['data']?.payloads?.[0])) as { activity_type: string }).activity_type);
}

/** Every upsert's keys, one list per UpsertWorkflowSearchAttributes event. */
function upserts(events: HistoryEvent[]): string[][] {
  return events
    .filter((e) => Number(e.eventType) === EventType.upsert)
    .map((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).sort());
}

const input = (caseId: string, customerId: string): CaseInput => ({
  caseId,
  customerId,
  meteringPointId: METERING_POINT.physical,
  // Due Mon 6 Sep 2027: reminder 1 goes out Thu 9 Sep (due + 3 days, RULES 2.1).
  invoices: [{ invoiceId: `INV-${caseId}`, amountOre: 90_000, dueDate: '2027-09-06' }],
  customerClass: 'household',
});

describe('version 2: what a new case writes up to reminder 1', () => {
  it('started as startCase starts it: its release marker, two local activities, the search attributes in one upsert', async () => {
    const handle = await h.start(input('v2-a', CUSTOMER.digital));
    await h.sleepUntil('2027-09-09', '12:00');
    const view = await h.untilStage(handle, 'reminder-1');
    expect(view.letters.map((l) => [l.kind, l.sentDate])).toEqual([['reminder1', '2027-09-09']]);

    const events = (await handle.fetchHistory()).events ?? [];
    expect(patchIds(events)).toEqual(['caseWorkflowV2-release-0.6.12']);
    // Reminder 1's fee is passed to billing (RULES 8) as a local activity from release 0.6.9
    // (feesAsLocalActivities): a marker in the letter's own workflow task, not an activity of its own.
    expect(localActivities(events)).toEqual(['snapshotCaseSettings', 'lookupMeteringPoint', 'chargeFee']);
    expect(scheduled(events)).toEqual(['sendLetter']);
    // The settings snapshot as its frozen base and no changes (0.6.9, compactSettingsSnapshot): the
    // harness's worker runs on the defaults, so the 2.3 KB of settings are one name.
    const snapshot = events.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')?.markerRecordedEventAttributes?.details?.['result']?.payloads?.[0];
    expect(JSON.parse(payloadText(snapshot))).toEqual({ versionId: expect.stringMatching(/^cfg-[0-9a-f]{12}$/), base: 'defaults-0.6.9', changes: {} });
    // One upsert per workflow task from release 0.6.9 (oneUpsertPerTask): what changed in a task goes together.
    expect(upserts(events)).toEqual([
      ['TemporalChangeVersion'], // the SDK's, with the release marker
      // the case's own attributes, with reminder 1 planned for Thu 9 Sep (0.6.5)
      ['AfbrydCaseKind', 'AfbrydCustomerClass', 'AfbrydCustomerId', 'AfbrydMeterKind', 'AfbrydMeteringPointId', 'AfbrydNeedsAttention', 'AfbrydNextStepDay', 'AfbrydStage'],
      ['AfbrydNextStepDay', 'AfbrydStage'], // reminder 1 sent, reminder 2 planned
    ]);
    // The letter carries the receipt settings as the base's name only: the harness runs on the defaults,
    // so none of the 5 receipt settings differs from it (issue 14 item 8), and no whole snapshot.
    const letterInput = events.find((e) => Number(e.eventType) === EventType.activityScheduled)?.activityTaskScheduledEventAttributes?.input?.payloads?.[0];
    const sentSettings = JSON.parse(payloadText(letterInput)) as { rulesSettings?: object; rulesSettingsBase?: string };
    expect(sentSettings.rulesSettingsBase).toBe('defaults-0.6.9');
    expect(sentSettings.rulesSettings).toBeUndefined();
    // Its physical twin as the one date that differs, not the whole letter again (issue 14 item 8):
    // digital, received Thu 9 Sep, pay by + 10 days = Sun 19 Sep (RULES 2.1); by post, received 5 hverdage
    // later (Fri 10, Mon 13 – Thu 16 Sep) = Thu 16 Sep, pay by Sun 26 Sep.
    const sent = JSON.parse(payloadText(letterInput)) as Record<string, unknown> & { letter: { paymentDeadline: string } };
    expect(sent.letter.paymentDeadline).toBe('2027-09-19');
    expect(sent.letterByPost).toBeUndefined();
    expect(sent.letterByPostChanges).toEqual({ paymentDeadline: '2027-09-26' });
    // …and it asks for the lean receipt: what the case reads of it, nothing more — not even the letter
    // id, which is the key it sent.
    expect(sent.receipt).toBe('lean');
    const receipt = events.find((e) => e.activityTaskCompletedEventAttributes)?.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    expect(Object.keys(JSON.parse(payloadText(receipt)) as object).sort()).toEqual(['channel', 'contentHash', 'receivedDate', 'sentDate']);
    expect(view.letters[0]?.letterId).toBe(sent.idempotencyKey);
    // The letter leaves out what the activity knows (issue 14 item 8): its case id is the input's, and
    // digital, the default channel, is not named; nor does the activity carry a static summary.
    expect(sent.caseId).toBe('v2-a');
    expect((sent.letter as Record<string, unknown>).caseId).toBeUndefined();
    expect(sent.preferredChannel).toBeUndefined();
    const scheduledLetter = events.find((e) => Number(e.eventType) === EventType.activityScheduled);
    expect(scheduledLetter?.userMetadata?.summary).toBeFalsy();
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(STAGE)).toBe('reminder-1');
    expect(attributes.get(CASE_KIND)).toBe('unpaid-invoice');
    expect(attributes.get(CUSTOMER_CLASS)).toBe('household');
    expect(attributes.get(METERING_POINT_ID)).toBe(METERING_POINT.physical);
    expect(attributes.get(CUSTOMER_ID)).toBe(CUSTOMER.digital);
  });

  it('closes with a small result; the final view stays behind the query', async () => {
    const handle = await h.start(input('v2-c', CUSTOMER.digital));
    await h.untilStage(handle, 'reminder-1');
    await h.signal(handle, { messageId: 'v2-c-paid', actor: 'billing', type: 'paymentReceived', amountOre: 90_000 });
    const result = await handle.result();
    expect(result).toEqual({ caseId: 'v2-c', stage: 'closed', closed: { reason: 'paid', at: expect.any(String) }, archived: true });
    const view = await h.view(handle);
    expect(view.closed?.reason).toBe('paid');
    expect(view.letters.map((l) => l.kind)).toEqual(['reminder1']);
  });

  it('archives the closed case without its view in history: the activity reads the final view with the caseView query (issue 14 item 8)', async () => {
    const handle = await h.start(input('v2-d', CUSTOMER.digital));
    await h.untilStage(handle, 'reminder-1');
    await h.signal(handle, { messageId: 'v2-d-paid', actor: 'billing', type: 'paymentReceived', amountOre: 90_000 });
    const result = await handle.result();
    const events = (await handle.fetchHistory()).events ?? [];
    const archive = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'archiveClosedCase');
    const payload = payloadText(archive?.activityTaskScheduledEventAttributes?.input?.payloads?.[0]);
    // Only what the archive cannot read elsewhere: the case number and why and when it closed.
    expect(JSON.parse(payload)).toEqual({ caseId: 'v2-d', reason: 'paid', closedAt: result.closed!.at });
    expect(payload.length).toBeLessThan(100);
    // …and the archive still holds the whole final view, the one the query shows.
    const archived = await h.deps.evidence.readCase(handle.workflowId);
    expect(archived?.closed).toMatchObject({ reason: 'paid', at: result.closed!.at, runId: (await handle.describe()).runId });
    expect(archived?.closed?.view).toEqual(await h.view(handle));
  });
});

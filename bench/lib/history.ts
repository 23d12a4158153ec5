/**
 * Histories: loading the recorded ones, their size as Temporal stores them (protobuf bytes), the
 * floor's steps derived from an afbryd history, and running that floor on a server.
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { tsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { FLOOR_WORKFLOW_TYPE, floorProgressQuery, floorSignal, type FloorStep } from '../floor-workflow.js';
import { sleep } from './common.js';

const { temporal } = proto;
type History = proto.temporal.api.history.v1.IHistory;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export function loadHistory(path: string): History {
  return historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
}

/** Bytes of the history as protobuf (what the server stores and what its size limits count). */
export function historyBytes(history: History): number {
  return temporal.api.history.v1.History.encode(history).finish().length;
}

/** The event type's short name, e.g. `ACTIVITY_TASK_SCHEDULED`. */
export function eventTypeName(event: HistoryEvent): string {
  return (EventType[event.eventType ?? 0] ?? String(event.eventType)).replace(/^EVENT_TYPE_/, '');
}

/** Count and bytes per event type (activities and markers by name), biggest first. */
export function breakdown(history: History): { kind: string; count: number; bytes: number }[] {
  const by = new Map<string, { count: number; bytes: number }>();
  for (const event of history.events ?? []) {
    let kind = eventTypeName(event);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) kind += `:${scheduled.activityType?.name}`;
    const marker = event.markerRecordedEventAttributes;
    if (marker) kind += `:${marker.markerName}`;
    const bytes = temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
    const entry = by.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    by.set(kind, entry);
  }
  return [...by.entries()].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.bytes - a.bytes);
}

/** How many of each command the history holds (what the floor must match). */
export function commandCounts(history: History): { activities: number; localActivities: number; timers: number; signals: number; updates: number; children: number } {
  const c = { activities: 0, localActivities: 0, timers: 0, signals: 0, updates: 0, children: 0 };
  for (const e of history.events ?? []) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: c.activities++; break;
      case EventType.EVENT_TYPE_TIMER_STARTED: c.timers++; break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: c.signals++; break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: c.updates++; break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: c.children++; break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') c.localActivities++;
        break;
    }
  }
  return c;
}

/**
 * The floor's steps for an afbryd history: its local activities, activities, timers and signals in
 * the order they appear (every timer 1 ms: the floor waits for nothing; updates count as signals; a
 * child workflow is left out). `pendingTimerMs` is the length of a timer still running at the end
 * (a parked case).
 */
export function floorStepsFromHistory(
  history: History,
  options: { timerMs?: number; pendingTimerMs?: number; commands?: boolean } = {},
): FloorStep[] {
  const steps: FloorStep[] = [];
  const timerMs = options.timerMs ?? 1;
  const closed = new Set<string>();
  for (const e of history.events ?? []) {
    const id = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
    if (id) closed.add(id);
  }
  for (const e of history.events ?? []) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        steps.push({ t: 'activity', tag: e.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity' });
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const pending = !closed.has(e.timerStartedEventAttributes?.timerId ?? '');
        steps.push({ t: 'timer', ms: pending && options.pendingTimerMs ? options.pendingTimerMs : timerMs });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        steps.push({ t: 'signal' });
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        const marker = e.markerRecordedEventAttributes;
        if (marker?.markerName === 'core_local_activity') steps.push({ t: 'local' });
        if (options.commands && marker?.markerName === 'core_patch') {
          const data = marker.details?.['patch-data']?.payloads?.[0]?.data;
          const id = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : undefined;
          if (id) steps.push({ t: 'patch', id });
        }
        break;
      }
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        // The SDK's own TemporalChangeVersion upserts come with the patches.
        const keys = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).filter(
          (k) => k !== 'TemporalChangeVersion',
        );
        if (options.commands && keys.length > 0) steps.push({ t: 'upsert', keys });
        break;
      }
    }
  }
  return steps;
}

/**
 * Runs a floor to its end on the server, sending each signal when the floor waits for it (so that
 * signals arrive one by one, as afbryd's did), and returns its history.
 */
export async function runFloor(client: Client, taskQueue: string, workflowId: string, steps: FloorStep[]): Promise<History> {
  const handle = await client.workflow.start(FLOOR_WORKFLOW_TYPE, { workflowId, taskQueue, args: [{ steps }] });
  const signals = steps.filter((s) => s.t === 'signal').length;
  for (let sent = 0; sent < signals; ) {
    const progress = await handle.query(floorProgressQuery);
    if (progress.waitingForSignal && progress.signalsUsed === sent) {
      await handle.signal(floorSignal);
      sent++;
    } else {
      await sleep(20);
    }
  }
  await handle.result();
  return handle.fetchHistory();
}

/**
 * Waits until a case has parked on a timer (no activity pending, the last command a timer; with
 * `letter`, after sending its first letter), and returns the floor's steps for it (the running timer
 * `pendingTimerMs` long).
 */
export async function probeFloorSteps(
  client: Client,
  workflowId: string,
  options: { letter?: boolean; pendingTimerMs?: number; commands?: boolean } = {},
): Promise<FloorStep[]> {
  const pendingTimerMs = options.pendingTimerMs ?? 30 * 86_400_000;
  const letter = options.letter ?? true;
  const handle = client.workflow.getHandle(workflowId);
  const until = Date.now() + 120_000;
  for (;;) {
    const steps = floorStepsFromHistory(await handle.fetchHistory());
    const pending = (await handle.describe()).raw.pendingActivities?.length ?? 0;
    if (pending === 0 && (!letter || steps.some((s) => s.t === 'activity' && s.tag === 'sendLetter')) && steps.at(-1)?.t === 'timer') {
      return floorStepsFromHistory(await handle.fetchHistory(), { pendingTimerMs, commands: options.commands ?? false });
    }
    if (Date.now() > until) throw new Error(`the probe case ${workflowId} did not park within 120 s`);
    await sleep(250);
  }
}

/**
 * How to tell from the worker's activity counts that a case (afbryd or its floor) has parked on its
 * first timer: the last activity before it has completed once, or, when only local activities come
 * before it (release 0.4: the settings snapshot and the metering point lookup), every local activity
 * has (`ANY_LOCAL_ACTIVITY`, counted by the bench worker).
 */
export function parkedMarker(steps: readonly FloorStep[]): { afbryd: string; floor: string; perCase: number } {
  const firstWait = steps.findIndex((s) => s.t === 'timer' || s.t === 'until');
  const before = firstWait < 0 ? steps : steps.slice(0, firstWait);
  const last = before[before.length - 1];
  if (last?.t === 'activity') return { afbryd: last.tag, floor: `floor:${last.tag}`, perCase: 1 };
  const locals = before.filter((s) => s.t === 'local').length;
  if (locals === 0) throw new Error('the probe case ran no activity before its first timer');
  return { afbryd: 'local:*', floor: 'local:*', perCase: locals };
}

/** The floor's steps as one line, e.g. `local → lookupMeteringPoint → sendLetter → timer`. */
export function describeSteps(steps: readonly FloorStep[]): string {
  return steps.map((s) => (s.t === 'activity' ? s.tag : s.t === 'patch' ? 'patched' : s.t)).join(' → ');
}

/**
 * The first timer that fired in a history: when it was due (its start event's time + its duration,
 * as the server computes it) and when the server fired it, epoch ms.
 */
export function firstFiredTimer(history: History): { dueMs: number; firedMs: number } | undefined {
  const events = history.events ?? [];
  const fired = events.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
  if (!fired) return undefined;
  const id = fired.timerFiredEventAttributes?.timerId;
  const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED && e.timerStartedEventAttributes?.timerId === id);
  if (!started) return undefined;
  return {
    dueMs: tsToMs(started.eventTime) + tsToMs(started.timerStartedEventAttributes?.startToFireTimeout),
    firedMs: tsToMs(fired.eventTime),
  };
}

/** Workflow tasks that timed out or failed in a history (each one means a retry, often a full replay). */
export function workflowTaskProblems(history: History): {
  timedOut: number;
  failed: number;
  scheduleToStart: number;
  startToClose: number;
  /** For each timeout: what woke the workflow task that timed out (the event before its scheduling). */
  after: string[];
} {
  let timedOut = 0;
  let failed = 0;
  let scheduleToStart = 0;
  let startToClose = 0;
  const after: string[] = [];
  const TimeoutType = temporal.api.enums.v1.TimeoutType;
  const events = history.events ?? [];
  const byId = new Map(events.map((e, i) => [Number(e.eventId), i]));
  const names = new Map<number, string>();
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) names.set(Number(e.eventId), scheduled.activityType?.name ?? '?');
  }
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) {
      timedOut++;
      const scheduledAt = byId.get(Number(e.workflowTaskTimedOutEventAttributes?.scheduledEventId));
      const before = scheduledAt !== undefined && scheduledAt > 0 ? events[scheduledAt - 1] : undefined;
      if (before) {
        const activity = before.activityTaskCompletedEventAttributes ? names.get(Number(before.activityTaskCompletedEventAttributes.scheduledEventId)) : undefined;
        after.push(`${eventTypeName(before)}${activity ? `:${activity}` : ''}`);
      }
      const type = e.workflowTaskTimedOutEventAttributes?.timeoutType;
      // A sticky task not picked up within the sticky schedule-to-start timeout (10 s), or a task
      // started and not completed within the workflow task timeout (10 s).
      if (type === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) scheduleToStart++;
      if (type === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE) startToClose++;
    }
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) failed++;
  }
  return { timedOut, failed, scheduleToStart, startToClose, after };
}

/**
 * What the Web UI shows of a case (every case-like workflow): the stage, the attention flag, the
 * pending request's cut-off and — where the case has one — the overdue flag as search attributes,
 * upserted only when they change (one upsert with any extra pairs), and the current details line.
 * The workflow is the only owner of its search attributes: clients set none at start.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { copenhagenInstant, copenhagenLocalTime, type IsoDate } from '../../rules/index.js';
import { ATTENTION_REASONS, CUTOFF_DATE, CUTOFF_DAY, NEEDS_ATTENTION, NEXT_STEP_DAY, OVERDUE, STAGE } from '../search-attributes.js';

/** What a case publishes, read afresh on each call. */
export interface Published {
  stage: string;
  needsAttention: boolean;
  /** The cut-off of the pending DataHub request, if one is pending. */
  cutoff?: IsoDate;
  /** The overdue flag (RULES 4), for a case that keeps one; first upserted when it turns true. */
  overdue?: boolean;
  /** The Web UI's "current details". */
  details: string;
  /**
   * From release 0.6.5 (feature `dayAttributes`): also the cut-off as a Danish day (AfbrydCutoffDay),
   * the next step's day (AfbrydNextStepDay) and the open attention reasons' codes
   * (AfbrydAttentionReasons). Absent for a run started before it: those attributes are never upserted.
   */
  days?: { nextStepDay?: IsoDate; attentionReasons: readonly string[] };
}

/** What was last upserted. */
interface Upserted {
  stage?: string;
  attention?: boolean;
  cutoff?: string;
  overdue: boolean;
  cutoffDay?: string;
  nextStepDay?: string;
  /** The codes, sorted and joined, as last upserted. */
  reasons?: string;
}

/** `publish(extra?)`, and `flush()` to write a coalesced upsert at once. */
export type Publisher = ((extra?: SearchAttributeUpdatePair[]) => void) & {
  /** Writes what a coalescing publisher holds now (nothing for one that writes at once). */
  flush(): void;
  /**
   * Runs `work` (a local activity: it completes in a later activation of the same workflow task)
   * without writing in between: what changes before and after it goes in one upsert.
   */
  across<T>(work: () => Promise<T>): Promise<T>;
};

/**
 * Returns `publish(extra?)`: upserts the search attributes that changed since the last call (and
 * `extra`, in the same upsert) and sets the current details.
 */
export function searchAttributePublisher(
  read: () => Published,
  options: {
    /**
     * Start from what the run's start already carries (set by a client, or carried over by
     * continue-as-new), so that only differences are upserted.
     * @default false
     */
    fromStart?: boolean;
    /**
     * One upsert per workflow task (release 0.6.9, `oneUpsertPerTask`): a call only notes that the
     * attributes may have changed, and the upsert is written once the task's code has run as far as it
     * can (before the task completes), with whatever changed since the last one. Without it,
     * each call that changes something is its own upsert, as every run before 0.6.9 recorded.
     * @default false
     */
    coalesce?: boolean;
  } = {},
): Publisher {
  let published: Upserted = options.fromStart ? upsertedAtStart() : { overdue: false };
  const write = (extra: SearchAttributeUpdatePair[] = []) => {
    const now = read();
    const updates: SearchAttributeUpdatePair[] = [...extra];
    if (published.stage !== now.stage) updates.push({ key: STAGE, value: now.stage });
    if (published.attention !== now.needsAttention) updates.push({ key: NEEDS_ATTENTION, value: now.needsAttention });
    if (published.cutoff !== now.cutoff) updates.push({ key: CUTOFF_DATE, value: now.cutoff ? new Date(copenhagenInstant(now.cutoff, '00:00')) : null });
    const overdue = now.overdue ?? false;
    if (now.overdue !== undefined && published.overdue !== overdue) updates.push({ key: OVERDUE, value: overdue });
    let days: Pick<Upserted, 'cutoffDay' | 'nextStepDay' | 'reasons'> = {};
    if (now.days) {
      const reasons = [...new Set(now.days.attentionReasons)].sort();
      if (published.cutoffDay !== now.cutoff) updates.push({ key: CUTOFF_DAY, value: now.cutoff ? dayAsUtcMidnight(now.cutoff) : null });
      if (published.nextStepDay !== now.days.nextStepDay) updates.push({ key: NEXT_STEP_DAY, value: now.days.nextStepDay ? dayAsUtcMidnight(now.days.nextStepDay) : null });
      // Removing the attribute, not an empty list, when no reason is open: `AfbrydAttentionReasons IS NULL` then finds the clear cases.
      if ((published.reasons ?? '') !== reasons.join(',')) updates.push({ key: ATTENTION_REASONS, value: reasons.length > 0 ? reasons : null });
      days = {
        ...(now.cutoff ? { cutoffDay: now.cutoff } : {}),
        ...(now.days.nextStepDay ? { nextStepDay: now.days.nextStepDay } : {}),
        ...(reasons.length > 0 ? { reasons: reasons.join(',') } : {}),
      };
    }
    if (updates.length > 0) wf.upsertSearchAttributes(updates);
    published = { stage: now.stage, attention: now.needsAttention, ...(now.cutoff ? { cutoff: now.cutoff } : {}), overdue, ...days };
    wf.setCurrentDetails(now.details);
  };
  if (!options.coalesce) return Object.assign((extra?: SearchAttributeUpdatePair[]) => write(extra), { flush: () => undefined, across: <T>(work: () => Promise<T>) => work() });
  let pending: SearchAttributeUpdatePair[] | undefined;
  let held = 0;
  const flush = () => {
    if (!pending || held > 0) return;
    // The last value of a key given twice wins, as two upserts in a row would have left it.
    const extra = [...new Map(pending.map((pair) => [pair.key.name, pair])).values()];
    pending = undefined;
    write(extra);
  };
  let calls = 0;
  // The writer: the SDK checks conditions once the task's code has run as far as it can (its microtasks
  // drained), so this writes once per workflow task, after everything the task changed. A condition the
  // same check unblocks (the case's own wait, after a signal) may run after this one, and its code may
  // pass through further conditions, so the writer lets rounds pass until three in a row published
  // nothing new. Deterministic, and it adds no command of its own.
  void (async () => {
    for (;;) {
      await wf.condition(() => pending !== undefined && held === 0);
      // Three rounds in a row with nothing new published: the task's code has settled.
      for (let quiet = 0; quiet < 3; ) {
        const seen = calls;
        await wf.condition(() => true);
        quiet = calls === seen ? quiet + 1 : 0;
      }
      flush();
    }
  })();
  return Object.assign(
    (extra: SearchAttributeUpdatePair[] = []) => {
      calls++;
      pending ??= [];
      pending.push(...extra);
    },
    {
      flush,
      async across<T>(work: () => Promise<T>): Promise<T> {
        held++;
        try {
          return await work();
        } finally {
          held--;
        }
      },
    },
  );
}

/** What the run's start carries of the attributes the publisher keeps (deterministic: the start's own). */
function upsertedAtStart(): Upserted {
  const atStart = wf.workflowInfo().typedSearchAttributes;
  const stage = atStart.get(STAGE);
  const attention = atStart.get(NEEDS_ATTENTION);
  const cutoff = atStart.get(CUTOFF_DATE);
  const cutoffDay = atStart.get(CUTOFF_DAY);
  const nextStepDay = atStart.get(NEXT_STEP_DAY);
  const reasons = atStart.get(ATTENTION_REASONS);
  return {
    ...(stage !== undefined ? { stage } : {}),
    ...(attention !== undefined ? { attention } : {}),
    ...(cutoff ? { cutoff: copenhagenLocalTime(cutoff.getTime()).date } : {}),
    overdue: atStart.get(OVERDUE) ?? false,
    ...(cutoffDay ? { cutoffDay: cutoffDay.toISOString().slice(0, 10) } : {}),
    ...(nextStepDay ? { nextStepDay: nextStepDay.toISOString().slice(0, 10) } : {}),
    ...(reasons && reasons.length > 0 ? { reasons: [...reasons].sort().join(',') } : {}),
  };
}

/**
 * What a case publishes from release 0.6.5 (`dayAttributes`): its next step's day and its open
 * attention reasons' codes — or nothing for a run before it.
 */
export function daysOf(
  state: { next?: { date?: IsoDate }; attention?: readonly { code: string }[] },
  enabled: boolean,
): Pick<Published, 'days'> {
  if (!enabled) return {};
  return { days: { ...(state.next?.date ? { nextStepDay: state.next.date } : {}), attentionReasons: (state.attention ?? []).map((r) => r.code) } };
}

/**
 * A Danish calendar day as the instant 00:00 UTC of that day: what AfbrydCutoffDay and
 * AfbrydNextStepDay hold, so that `AfbrydCutoffDay = "2026-12-10T00:00:00Z"` finds a cut-off on 10 Dec.
 */
export function dayAsUtcMidnight(day: IsoDate): Date {
  return new Date(`${day}T00:00:00Z`);
}

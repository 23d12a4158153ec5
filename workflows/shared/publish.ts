/**
 * What the Web UI shows of a case (every case-like workflow): the stage, the attention flag, the
 * pending request's cut-off and — where the case has one — the overdue flag as search attributes,
 * upserted only when they change (one upsert with any extra pairs), and the current details line.
 * The workflow is the only owner of its search attributes: clients set none at start.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { copenhagenInstant, copenhagenLocalTime, type IsoDate } from '../../rules/index.js';
import { CUTOFF_DATE, NEEDS_ATTENTION, OVERDUE, STAGE } from '../search-attributes.js';

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
}

/** What was last upserted. */
interface Upserted {
  stage?: string;
  attention?: boolean;
  cutoff?: string;
  overdue: boolean;
}

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
  } = {},
): (extra?: SearchAttributeUpdatePair[]) => void {
  let published: Upserted = options.fromStart ? upsertedAtStart() : { overdue: false };
  return (extra = []) => {
    const now = read();
    const updates: SearchAttributeUpdatePair[] = [...extra];
    if (published.stage !== now.stage) updates.push({ key: STAGE, value: now.stage });
    if (published.attention !== now.needsAttention) updates.push({ key: NEEDS_ATTENTION, value: now.needsAttention });
    if (published.cutoff !== now.cutoff) updates.push({ key: CUTOFF_DATE, value: now.cutoff ? new Date(copenhagenInstant(now.cutoff, '00:00')) : null });
    const overdue = now.overdue ?? false;
    if (now.overdue !== undefined && published.overdue !== overdue) updates.push({ key: OVERDUE, value: overdue });
    if (updates.length > 0) wf.upsertSearchAttributes(updates);
    published = { stage: now.stage, attention: now.needsAttention, ...(now.cutoff ? { cutoff: now.cutoff } : {}), overdue };
    wf.setCurrentDetails(now.details);
  };
}

/** What the run's start carries of the attributes the publisher keeps (deterministic: the start's own). */
function upsertedAtStart(): Upserted {
  const atStart = wf.workflowInfo().typedSearchAttributes;
  const stage = atStart.get(STAGE);
  const attention = atStart.get(NEEDS_ATTENTION);
  const cutoff = atStart.get(CUTOFF_DATE);
  return {
    ...(stage !== undefined ? { stage } : {}),
    ...(attention !== undefined ? { attention } : {}),
    ...(cutoff ? { cutoff: copenhagenLocalTime(cutoff.getTime()).date } : {}),
    overdue: atStart.get(OVERDUE) ?? false,
  };
}

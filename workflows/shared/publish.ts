/**
 * What the Web UI shows of a short case (owner liability, requested disconnection): the stage, the
 * attention flag and the pending request's cut-off as search attributes — upserted only when they
 * change — and the current details line.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { copenhagenInstant, type IsoDate } from '../../rules/index.js';
import { CUTOFF_DATE, NEEDS_ATTENTION, STAGE } from '../search-attributes.js';

/** What a case publishes, read afresh on each call. */
export interface Published {
  stage: string;
  needsAttention: boolean;
  /** The cut-off of the pending DataHub request, if one is pending. */
  cutoff?: IsoDate;
  /** The Web UI's "current details". */
  details: string;
}

/**
 * Returns `publish()`: upserts the search attributes that changed since the last call and sets the
 * current details.
 */
export function searchAttributePublisher(read: () => Published): () => void {
  let published: { stage?: string; attention?: boolean; cutoff?: string } = {};
  return () => {
    const now = read();
    const updates: SearchAttributeUpdatePair[] = [];
    if (published.stage !== now.stage) updates.push({ key: STAGE, value: now.stage });
    if (published.attention !== now.needsAttention) updates.push({ key: NEEDS_ATTENTION, value: now.needsAttention });
    if (published.cutoff !== now.cutoff) updates.push({ key: CUTOFF_DATE, value: now.cutoff ? new Date(copenhagenInstant(now.cutoff, '00:00')) : null });
    if (updates.length > 0) wf.upsertSearchAttributes(updates);
    published = { stage: now.stage, attention: now.needsAttention, ...(now.cutoff ? { cutoff: now.cutoff } : {}) };
    wf.setCurrentDetails(now.details);
  };
}

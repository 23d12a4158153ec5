/**
 * The legal order of the steps, declared once (STYLE §7; RULES 2, 3): the household and the business
 * order. The next step, and the step to redo when a hold is lifted, are derived from this table —
 * never assigned in a step.
 *
 * Household (BEK §26–§28): rykker 1 → rykker 2 → sikkerhedsstillelse → varsel om ophævelse →
 * ophævelse + afbrydelsesvarsel + DataHub request → the grid's window → (refused: special
 * circumstances → a new request → the window again) → disconnected → reopening grounds → reopening.
 * Business (RULES 3): rykker 1 → rykker 2 → disconnection notice + DataHub request → the same.
 */
import type { StepName } from '../../definitions.js';

/**
 * How a step ended: `done` goes to the next row; a named outcome to the row the table names;
 * `interrupted` plans the same step afresh; `horizon`: the step has waited as long as one run should
 * (the history horizon), the case continues as new at the same step.
 */
export type StepOutcome = 'done' | 'disconnected' | 'refused' | 'requested' | 'interrupted' | 'horizon';

/** One row of the table. */
export interface StepRow {
  step: StepName;
  /**
   * The step starts a legal period (a letter whose deadline the next step waits for). A hold lifted
   * while a later step was pending redoes the last such step before it, with fresh dates (RULES 2
   * events table: "the pending step is redone with fresh dates counted from the new letter's receipt").
   */
  startsPeriod?: boolean;
  /** Where a named outcome leads, when not to the next row. */
  on?: Partial<Record<Exclude<StepOutcome, 'done' | 'interrupted' | 'horizon'>, StepName>>;
  /** After the disconnection: a lifted hold redoes the step itself (holds are refused there anyway). */
  afterDisconnection?: boolean;
}

export type StepTable = readonly StepRow[];

const WINDOW_AND_AFTER: StepTable = [
  { step: 'gridWindow', on: { disconnected: 'awaitReopeningGrounds', refused: 'specialCircumstances' } },
  // After a new request in the same process, the window runs again from its date (RULES 5).
  { step: 'specialCircumstances', on: { requested: 'gridWindow' } },
  { step: 'awaitReopeningGrounds', afterDisconnection: true },
  { step: 'reopening', afterDisconnection: true },
];

/** Households (BEK §26–§28; RULES 2). */
export const HOUSEHOLD: StepTable = [
  { step: 'reminder1', startsPeriod: true },
  { step: 'reminder2', startsPeriod: true },
  { step: 'securityDemand', startsPeriod: true },
  { step: 'terminationNotice', startsPeriod: true },
  { step: 'disconnectionRequest' },
  ...WINDOW_AND_AFTER,
];

/** Business customers (RULES 3): no security demand, no termination notice. */
export const BUSINESS: StepTable = [
  { step: 'reminder1', startsPeriod: true },
  { step: 'reminder2', startsPeriod: true },
  { step: 'disconnectionRequest', startsPeriod: true },
  ...WINDOW_AND_AFTER,
];

function rowIndex(table: StepTable, step: StepName): number {
  const i = table.findIndex((r) => r.step === step);
  if (i < 0) throw new Error(`step ${step} is not in this table`);
  return i;
}

/**
 * The step after `step` ended with `outcome`: the row the outcome names, else the next row. The last
 * row has no next: its step ends the case (reopening closes it).
 */
export function nextStep(table: StepTable, step: StepName, outcome: Exclude<StepOutcome, 'interrupted' | 'horizon'>): StepName {
  const row = table[rowIndex(table, step)]!;
  if (outcome !== 'done') {
    const target = row.on?.[outcome];
    if (!target) throw new Error(`step ${step} has no outcome ${outcome}`);
    return target;
  }
  const next = table[rowIndex(table, step) + 1];
  return next ? next.step : step;
}

/**
 * The step to redo when the last hold is lifted while the case was at `step`: the last step before
 * it that starts a legal period, whose letter must go again with fresh dates; the step itself when it
 * starts one and none comes before it (rykker 1), or after the disconnection.
 */
export function stepToRedo(table: StepTable, step: StepName): StepName {
  const i = rowIndex(table, step);
  if (table[i]!.afterDisconnection) return step;
  for (let j = i - 1; j >= 0; j--) if (table[j]!.startsPeriod) return table[j]!.step;
  return step;
}

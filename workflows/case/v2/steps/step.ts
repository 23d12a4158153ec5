/** The shape of one legal step of the case (version 2), as opengeh's process manager gives each step a file. */
import type { StepName } from '../../definitions.js';
import type { CaseContext } from '../context.js';
import type { StepOutcome } from './table.js';

export interface Step {
  /** Its place in the legal order (RULES 2), as in the file name. */
  sequence: number;
  name: StepName;
  /** What the step is, in Danish (the law's words). */
  description: string;
  /** Runs the step; `interrupted` when something arrived that makes the case plan afresh. */
  run(ctx: CaseContext): Promise<StepOutcome>;
}

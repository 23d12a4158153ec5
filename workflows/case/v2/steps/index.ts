/** The steps of the case (version 2), by name: one file per legal step, in the order of RULES 2. */
import type { StepName } from '../../definitions.js';
import { reminder1, reminder2 } from './01-reminders.js';
import { securityDemand } from './02-security-demand.js';
import { terminationNotice } from './03-termination-notice.js';
import { disconnectionRequest } from './04-disconnection-request.js';
import { gridWindow } from './05-grid-window.js';
import { specialCircumstances } from './06-special-circumstances.js';
import { awaitReopeningGrounds, reopening } from './07-reopening.js';
import type { Step } from './step.js';

export const STEPS: Readonly<Record<Exclude<StepName, 'settle'>, Step>> = {
  reminder1,
  reminder2,
  securityDemand,
  terminationNotice,
  disconnectionRequest,
  gridWindow,
  specialCircumstances,
  awaitReopeningGrounds,
  reopening,
};

export { cancelRequest, withdrawCourtCases } from './08-cancellation.js';
export { bookGridCharges, creditCrossedReminderFees, settle, startDeposit } from './09-settlement-and-fees.js';
export { takeOver } from './10-take-over.js';
export { BUSINESS, HOUSEHOLD, nextStep, stepToRedo, type StepOutcome, type StepTable } from './table.js';
export { sendKnownCircumstances } from './06-special-circumstances.js';

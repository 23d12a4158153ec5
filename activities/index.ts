/**
 * Every activity the worker registers, built from its dependencies (the adapters to outside
 * parties). Workflows import the per-party files as types only.
 */
import { createSmokeActivities } from './smoke.js';

/** What the activities need from outside. Later issues add the mail, DataHub and billing adapters. */
export type ActivityDeps = Record<string, never>;

/** Builds the activity functions the worker registers. */
export function createActivities(_deps: ActivityDeps = {}) {
  return {
    ...createSmokeActivities(),
  };
}

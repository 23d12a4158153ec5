/**
 * One release table for every workflow (issue 14, item 4; STYLE §7): the changes that would alter a
 * running case's commands, listed as software releases, newest first, each naming the features it
 * turns on. A run decides its features ONCE, when it starts (before any message is applied), by
 * asking `wf.patched` about the releases newest first: a run started on the newest release records
 * that release's marker alone and has every feature of it and of all older releases; a run started
 * before (replaying its history) finds the marker of the release it started on and keeps that
 * release's features for its whole life. A new run after continue-as-new decides afresh: that is
 * where a long-running case picks up a newer release.
 *
 * The shape follows the SDK's own flag registry (`packages/workflow/src/flags.ts`: one table, each
 * entry with its `@since`) and opengeh-process-manager's versioned orchestrations; the marker is an
 * ordinary patch (samples `patching-api/`).
 *
 * Rules:
 * - Features are read only through {@link decideFeatures}'s result; a test fails on any other
 *   `wf.patched` or `wf.deprecatePatch` in workflows/ (test/workflows/releases.test.ts), except in the
 *   frozen version 1 of the case workflow.
 * - A release's features never change once it is released (its histories are recorded and locked).
 * - Retiring: once no open run started before release R exists (count through visibility) and no
 *   recorded history older than R is kept, the releases older than R are deleted and their features
 *   become unconditional code.
 */
import * as wf from '@temporalio/workflow';

/** One release of a workflow: the features it turns on (added to every older release's). */
export interface Release<F extends string> {
  /** The software release, e.g. `0.5`. Part of the patch marker: never renamed. */
  release: string;
  /** The features this release adds. */
  features: readonly F[];
}

/** The patch id of a workflow's release (`<workflow>-release-<release>`). */
export function releasePatchId(workflow: string, release: string): string {
  return `${workflow}-release-${release}`;
}

/**
 * The features a run has: those of the newest release whose marker the run records (a new run: the
 * newest release; a replayed run: the release it started on) and of every older release. A run
 * started before the table's oldest release has none. Call it once, at the start of the workflow
 * function, before any `await`.
 * @param workflow the workflow's name in the marker, e.g. `caseWorkflowV2`
 * @param table newest first
 */
export function decideFeatures<F extends string>(workflow: string, table: readonly Release<F>[], all: readonly F[]): Record<F, boolean> {
  const features = Object.fromEntries(all.map((f) => [f, false])) as Record<F, boolean>;
  const index = table.findIndex((r) => wf.patched(releasePatchId(workflow, r.release)));
  if (index < 0) return features;
  for (const release of table.slice(index)) for (const f of release.features) features[f] = true;
  return Object.freeze(features);
}

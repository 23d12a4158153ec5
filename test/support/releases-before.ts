/**
 * Stands in for workflows/releases.ts in a workflow bundle of an OLDER release
 * (test/support/release-pin.ts `workflowBundleBefore`): the same features, the release table without
 * the pinned release and every newer one, so a run started on that bundle decides its features as a
 * run started on the release before did — it records that release's marker, and a worker of the
 * current release replays it as such. The release is given by the bundle (`__AFBRYD_RELEASES_BEFORE__`).
 */
import { FEATURES, RELEASES as CURRENT_RELEASES, type FeatureOf, type FeaturesOf, type ReleaseRow, type WorkflowWithReleases } from '../../workflows/releases.js';
import { decideFeatures, type Release } from '../../workflows/shared/releases.js';

export { FEATURES, type FeatureOf, type FeaturesOf, type ReleaseRow, type WorkflowWithReleases };

declare const __AFBRYD_RELEASES_BEFORE__: string;

const pinned = CURRENT_RELEASES.findIndex((r) => r.release === __AFBRYD_RELEASES_BEFORE__);
if (pinned < 0) throw new Error(`no release ${__AFBRYD_RELEASES_BEFORE__} in workflows/releases.ts`);

/** The releases before the pinned one, newest first. */
export const RELEASES: readonly ReleaseRow[] = CURRENT_RELEASES.slice(pinned + 1);

/** As workflows/releases.ts `featuresOf`, on the older table. */
export function featuresOf<W extends WorkflowWithReleases>(workflow: W): FeaturesOf<W> {
  const table: Release<FeatureOf<W>>[] = RELEASES.filter((r) => (r.features[workflow]?.length ?? 0) > 0).map((r) => ({
    release: r.release,
    features: r.features[workflow] as readonly FeatureOf<W>[],
  }));
  return decideFeatures<FeatureOf<W>>(workflow, table, FEATURES[workflow] as readonly FeatureOf<W>[]);
}

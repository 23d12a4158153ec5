/**
 * The settings snapshot: a local activity, so that the settings a case starts with are recorded in
 * its history (replay and later configuration changes never alter a running case).
 */
import type { CaseSettings } from '../rules/index.js';

/** Builds the settings activity over the worker's configured settings. */
export function createSettingsActivities(deps: { settings: CaseSettings }) {
  return {
    /** The worker's configured settings, to be snapshotted into a starting case. */
    async snapshotCaseSettings(): Promise<CaseSettings> {
      return deps.settings;
    },
  };
}

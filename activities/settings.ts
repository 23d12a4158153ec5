/**
 * The settings snapshot: a local activity, so that the settings a case starts with are recorded in
 * its history (replay and later configuration changes never alter a running case).
 */
import { compactSettings, type CaseSettings, type CompactCaseSettings } from '../rules/index.js';

/** Builds the settings activity over the worker's configured settings. */
export function createSettingsActivities(deps: { settings: CaseSettings }) {
  return {
    /**
     * The worker's configured settings, to be snapshotted into a starting case. `compact` (version 2
     * from release 0.6.9): as the newest frozen base plus what the configuration changes in it
     * (rules/settings-base.ts), or whole when the changes cannot say it.
     */
    async snapshotCaseSettings(input?: { compact?: boolean }): Promise<CaseSettings | CompactCaseSettings> {
      return input?.compact ? compactSettings(deps.settings) : deps.settings;
    },
  };
}

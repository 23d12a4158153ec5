/**
 * The settings snapshot of the owner-liability and requested-disconnection workflows: a local
 * activity, so that the settings a case starts with are recorded in its history. It carries the legal
 * calendar's settings and the grid SLA of the worker's case settings, the local time steps run at, and
 * the owner settings (rules/owner.ts), which the worker reads from `AFBRYD_OWNER_RULES`
 * (config/owner.ts) and passes in: an activity reads no environment.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_EXCEPTION_SETTINGS, type CaseSettings, type OwnerCaseSettings, type OwnerProduct, type OwnerSettings } from '../rules/index.js';

/**
 * Builds a snapshot from the worker's case settings and the owner settings, with a version id (a hash
 * of its content). Tests use it to pass a snapshot in a workflow's input.
 */
export function buildOwnerCaseSettings(settings: CaseSettings, owner: OwnerSettings): OwnerCaseSettings {
  const content = {
    rules: { ...settings.rules, gridClosedDays: [...settings.rules.gridClosedDays] },
    exceptions: { ...(settings.exceptions ?? DEFAULT_EXCEPTION_SETTINGS) },
    stepTimeLocal: settings.case.stepTimeLocal,
    owner: { ...owner, ownerProduct: copyProduct(owner.ownerProduct) },
  };
  const versionId = `own-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12)}`;
  return { versionId, ...content };
}

/**
 * A copy of the product and its contract (BEK §3 stk. 3's contents: rules/owner-contract.ts) that
 * shares nothing with the worker's settings. Only the snapshot's content grows with the contract: the
 * workflow copies `ownerProduct` into the owner's letter as it is, so no workflow command changes.
 */
function copyProduct(p: OwnerProduct): OwnerProduct {
  if (!p.contract) return { ...p };
  return { ...p, contract: { ...p.contract, fees: p.contract.fees.map((f) => ({ ...f })), paymentMethods: [...p.contract.paymentMethods] } };
}

/**
 * Builds the settings activity.
 * @param deps.owner the owner settings (the worker's: `AFBRYD_OWNER_RULES`, read by worker/main.ts at
 *   start-up, so that a bad value stops the worker with a one-line ConfigError)
 */
export function createOwnerSettingsActivities(deps: { settings: CaseSettings; owner: OwnerSettings }) {
  const snapshot = buildOwnerCaseSettings(deps.settings, deps.owner);
  return {
    /** The worker's configured settings, to be snapshotted into a starting owner-liability or requested-disconnection case. */
    async snapshotOwnerCaseSettings(): Promise<OwnerCaseSettings> {
      return snapshot;
    },
  };
}

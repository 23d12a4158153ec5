/**
 * The settings a case runs on, snapshotted into it when it starts (so that replay and later
 * configuration changes never alter a running case): the unpaid-invoice case's `CaseSettings` (the
 * legal calendar's `RulesSettings`, the case's own `CaseRules`, fees and the grid's SLA) and the
 * `OwnerCaseSettings` of owner liability and requested disconnections.
 *
 * Types only, shared by the workflows (their input and view), the activities that take the snapshot
 * (activities/settings.ts, activities/owner-settings.ts) and the configuration that builds them
 * (config/case-settings.ts, config/owner.ts), so that no activity imports a workflow file.
 */
import type { ExceptionSettings } from './exceptions.js';
import type { FeeSettings } from './fees.js';
import type { OwnerSettings } from './owner.js';
import type { RulesSettings } from './settings.js';
import type { StepSpread, StepWindow } from './step-time.js';

/** The case's own settings (beside the legal calendar's `RulesSettings`), each with its default. */
export interface CaseRules {
  /**
   * The security demanded, in months of expected payment (BEK §26 stk. 1: at most 5).
   * @default 3
   */
  securityMonths: number;
  /**
   * No security demand for arrears below this, in øre (RULES 11 **[interpretation]**): such a case
   * stays at the reminders until it is paid or a further invoice lifts the arrears to it. Not for the
   * variant without arrears. Unset in a settings snapshot taken before release 0.6.1: no minimum, so a
   * running case keeps its path.
   * @default 10000 (100 kr)
   */
  securityMinArrearsOre?: number;
  /**
   * How each grid company disconnects and reopens an hourly-settled metering point, by GLN (`default`
   * for the rest): one fact for the disconnection letter (SV 2.2.3 a items 7–9 when remote), the
   * grid's fees and the expected reopening (RULES 11). Until master data carries it per metering point,
   * a setting per grid company. Unset in a settings snapshot taken before release 0.6.2: the old
   * separate settings (`FeeSettings.hourlyMeterFeeMethod`, `RulesSettings.hourlyReopeningMethod`) and no
   * remote items in the letter.
   * @default { default: 'remote' }
   */
  hourlyMethodByGrid?: Record<string, 'physical' | 'remote'>;
  /**
   * Reminder fee per reminder, in øre (Interest Act §9b: at most 100 kr, at most 3 per claim, at least
   * 10 days apart — `rules/fees.ts: reminderFee`). Stated in the letter and, in cases started since
   * the fees patch, passed to billing with it. Households, and businesses only with
   * `FeeSettings.businessLateCharge: 'reminder-fees'` (default: the 310 kr compensation instead).
   * 0 charges none.
   * @default 10000 (100 kr)
   */
  reminderFeeOre: number;
  /**
   * What the business path asks DataHub for (RULES 3): an end of supply (BRS-002), or a disconnection
   * that keeps the agreement (BRS-039 service request D01).
   * @default 'end-of-supply'
   */
  businessRequestKind: 'end-of-supply' | 'disconnect-service';
  /**
   * Local wall-clock time at which a step due on a day is carried out.
   * @default '09:00'
   */
  stepTimeLocal: string;
  /**
   * The window a case's letters and DataHub requests run in (issue 14, item 8): each case at its own
   * minute of it, chosen by a stable hash of its id (rules/step-time.ts), so a billing run's steps do
   * not all wake in one minute. `null`: no spreading, every step at `stepTimeLocal`. Unset in snapshots
   * taken before it (release 0.6): `stepTimeLocal`, so a running case keeps its times. Cancellations
   * and reopening requests never wait for it.
   * @default { from: '07:00', to: '10:00' }
   */
  stepWindowLocal?: StepWindow | null;
  /**
   * The unit a case's own time in `stepWindowLocal` is chosen in (issue 14 item 8, rules/step-time.ts):
   * `second`, so that a billing run's cases wake a few at a time (a timer burst of 5,000 cases spread
   * by the minute still woke ~28 at each instant and overran the worker's sticky queue); `minute`, as
   * release 0.6 to 0.6.4 did. Unset in snapshots taken before it: `minute`, so a running case keeps its
   * times.
   * @default 'second'
   */
  stepSpread?: StepSpread;
  /**
   * The history horizon (issue 14): a case that has waited this many days for the reopening grounds
   * continues as new with its state (version 2), and a version 1 case that reaches a wait this long
   * drains into version 2. Unset in snapshots taken before it: the default.
   * @default 30
   */
  historyHorizonDays?: number;
}

/** Everything that governs a case, snapshotted when it starts. */
export interface CaseSettings {
  /** A content hash of the snapshot: two cases with the same id ran on the same settings. */
  versionId: string;
  rules: RulesSettings;
  case: CaseRules;
  /**
   * Fee tariffs (RULES 8). Unset in snapshots taken before fees existed; such a case charges none.
   * @default DEFAULT_FEE_SETTINGS (rules/fees.ts; configured in config/fees.ts)
   */
  fees?: FeeSettings;
  /**
   * The grid's SLA, chasing and cancellation timing (RULES 4, 5, 2.6).
   * @default DEFAULT_EXCEPTION_SETTINGS (rules/exceptions.ts; configured in config/exceptions.ts)
   */
  exceptions?: ExceptionSettings;
}

/** The settings an owner-liability or requested-disconnection case runs on, snapshotted when it starts. */
export interface OwnerCaseSettings {
  /** A content hash of the snapshot. */
  versionId: string;
  rules: RulesSettings;
  /** The grid's report deadline (RULES 4). */
  exceptions: ExceptionSettings;
  /** Local wall-clock time at which a step due on a day is carried out (`HH:MM`). */
  stepTimeLocal: string;
  owner: OwnerSettings;
}

/**
 * How a grid company works an hourly-settled metering point (`CaseRules.hourlyMethodByGrid`): its own
 * entry, else `default`; undefined when the snapshot has no such setting (a case before 0.6.2).
 */
export function hourlyMethodOf(byGrid: Readonly<Record<string, 'physical' | 'remote'>> | undefined, gridGln: string | undefined): 'physical' | 'remote' | undefined {
  if (!byGrid) return undefined;
  return (gridGln !== undefined ? byGrid[gridGln] : undefined) ?? byGrid.default ?? 'remote';
}


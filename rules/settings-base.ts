/**
 * Settings bases (issue 14 item 8, release 0.6.9 `compactSettingsSnapshot`): a case's settings snapshot
 * is recorded in its history as the name of a frozen base plus what the worker's configuration changes
 * in it, instead of every setting written out (2.3 KB of every case's history, of which a deployment on
 * the defaults changes nothing). The workflow expands it (`expandSettings`) from the base in this file,
 * so a base is part of every history that names it, like a holiday table version:
 *
 * - **A base is never edited.** test/rules/settings-base.test.ts pins each one's content hash.
 * - **When a default changes**, add a new base (the newest is what `compactSettings` uses): the test
 *   fails until the newest base equals `resolveCaseSettings()` of config/case-settings.ts.
 * - A base may be deleted only when no open run names it (count them by release through visibility,
 *   docs/ARCHITECTURE.md "retiring a drained version").
 *
 * Pure: no I/O, no clock.
 */
import type { CaseSettings } from './case-settings.js';
import { RECEIPT_SETTING_KEYS, type ReceiptSettings, type RulesSettings } from './settings.js';

/** A snapshot as its base's name and the changes to it. */
export interface CompactCaseSettings {
  versionId: string;
  /** A key of {@link SETTINGS_BASES}. */
  base: string;
  /** What differs from the base: objects merge key by key, anything else (arrays too) replaces. */
  changes: DeepChanges;
}

type DeepChanges = { [key: string]: unknown };

/** The frozen bases, by name. Newest last. */
export const SETTINGS_BASES: Readonly<Record<string, Omit<CaseSettings, 'versionId'>>> = deepFreeze({
  /** afbryd 0.6.9's defaults (RULES.md's readings, the fee and exception defaults). */
  'defaults-0.6.9': {
    rules: {
      reminder1DaysAfterDue: 3,
      reminderPaymentDays: 10,
      reminderDeadlineFrom: 'receipt',
      minDaysBetweenReminders: 10,
      securityDeadlineHverdage: 15,
      securityDeadlineWithoutArrearsMonths: 2,
      terminationNoticeHverdage: 3,
      requestMinWorkingDays: 3,
      requestMaxCalendarDays: 60,
      digitalReceiptHverdage: 0,
      letterReceiptHverdage: 5,
      constitutionDayIsWorkingDay: true,
      constitutionDayIsHverdag: false,
      christmasToNewYearFirstDay: 27,
      christmasToNewYearLastDay: 30,
      hourlyWindowReading: 'd2',
      cutoffReceiptCondition: 'after-next-hverdag',
      customerDeadlineReading: 'broad',
      reopeningCutoffPhysical: '11:00',
      reopeningCutoffRemote: '14:00',
      hourlyReopeningMethod: 'physical',
      normalHoursMonThuStart: '08:00',
      normalHoursMonThuEnd: '16:00',
      normalHoursFriStart: '08:00',
      normalHoursFriEnd: '15:00',
      gridClosedDays: [],
      holidayTableVersion: 'dk-2000-2060-v1',
    },
    case: {
      securityMonths: 3,
      securityMinArrearsOre: 10_000,
      hourlyMethodByGrid: { default: 'remote' },
      reminderFeeOre: 10_000,
      businessRequestKind: 'end-of-supply',
      stepTimeLocal: '09:00',
      stepWindowLocal: { from: '07:00', to: '10:00' },
      stepSpread: 'second',
      historyHorizonDays: 30,
    },
    fees: {
      businessLateCharge: 'compensation',
      gridTariffs: {
        default: {
          disconnectionPhysicalOre: 85_000,
          disconnectionRemoteOre: 25_000,
          futileVisitOre: 85_000,
          reopeningPhysicalOre: 85_000,
          reopeningRemoteOre: 25_000,
          reopeningOutsideHoursOre: 250_000,
          futileReopeningOre: 85_000,
        },
      },
      products: {
        standard: { disconnectionVisitOre: 30_000, reopeningOre: 0, reopeningOutsideHoursOre: 0, bailiffCaseOre: 0, passOnGridFees: true, passOnCourtFee: true },
        'business-flex': { disconnectionVisitOre: 100_000, reopeningOre: 100_000, reopeningOutsideHoursOre: 250_000, bailiffCaseOre: 250_000, passOnGridFees: true, passOnCourtFee: true },
      },
      defaultProduct: 'standard',
      courtFeeOre: 30_000,
      feesOnRedoneSteps: false,
      onlyAnnouncedFees: true,
      hourlyMeterFeeMethod: 'remote',
    },
    exceptions: {
      gridReportGraceWorkingDays: 1,
      chaseAfterWorkingDays: 5,
      operatorTaskAfterWorkingDays: 10,
      gridCancellationCheckTime: '08:00',
      lateFeeChargeWaitDays: 45,
      maxFollowUpRequests: 3,
    },
  },
} satisfies Record<string, Omit<CaseSettings, 'versionId'>>);

/** The base new snapshots are written against. */
export const NEWEST_SETTINGS_BASE = 'defaults-0.6.9';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return a === b;
}

function diff(base: unknown, value: unknown): unknown {
  if (isObject(base) && isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!(k in base)) out[k] = v;
      else if (!sameJson(base[k], v)) out[k] = diff(base[k], v);
    }
    return out;
  }
  return value;
}

function merge(base: unknown, changes: unknown): unknown {
  if (isObject(base) && isObject(changes)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(changes)) out[k] = k in base ? merge(base[k], v) : v;
    return out;
  }
  return changes;
}

/**
 * The snapshot against the newest base, or the snapshot itself when the changes cannot say it (a
 * setting the base has is absent): what `expandSettings` turns back into exactly `settings`.
 */
export function compactSettings(settings: CaseSettings, base: string = NEWEST_SETTINGS_BASE): CompactCaseSettings | CaseSettings {
  const from = SETTINGS_BASES[base];
  if (!from) return settings;
  const { versionId, ...content } = settings;
  const compact: CompactCaseSettings = { versionId, base, changes: diff(from, content) as DeepChanges };
  return sameJson(expandSettings(compact), settings) ? compact : settings;
}

/** A snapshot as the workflow reads it: a compact one expanded from its base, a full one as it is. */
export function expandSettings(snapshot: CompactCaseSettings | CaseSettings): CaseSettings {
  if (!('base' in snapshot)) return snapshot;
  const from = SETTINGS_BASES[snapshot.base];
  if (!from) throw new Error(`settings base ${snapshot.base} is not known to this code: it must never be deleted while a run names it`);
  // A copy: the case never shares (frozen) objects with the base.
  return JSON.parse(JSON.stringify({ versionId: snapshot.versionId, ...(merge(from, snapshot.changes) as object) })) as CaseSettings;
}

/**
 * A letter's receipt settings as the send-letter activity takes them (issue 14 item 8): the newest
 * base's name, and only the receipt settings that differ from it (none on the defaults: 5 settings,
 * ~170 B, on every letter of a case's history).
 */
export function receiptSettingsAgainstBase(rules: Readonly<RulesSettings>): { rulesSettingsBase: string; rulesSettings?: Partial<ReceiptSettings> } {
  const base = SETTINGS_BASES[NEWEST_SETTINGS_BASE]!.rules;
  const differing: Partial<Record<keyof ReceiptSettings, unknown>> = {};
  for (const key of RECEIPT_SETTING_KEYS) if (!sameJson(rules[key], base[key])) differing[key] = rules[key];
  return Object.keys(differing).length > 0
    ? { rulesSettingsBase: NEWEST_SETTINGS_BASE, rulesSettings: differing as Partial<ReceiptSettings> }
    : { rulesSettingsBase: NEWEST_SETTINGS_BASE };
}


function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

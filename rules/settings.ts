/**
 * The settings of the rules: every number of the default schedule (RULES 2) and every
 * **[interpretation]** of RULES.md sections 1, 2, 4 and 7, each with the default RULES.md gives.
 *
 * Settings objects are treated as immutable (the calendar caches per settings object). Build one with
 * {@link resolveRulesSettings}: it merges overrides onto the defaults and refuses values below the legal
 * minimums of BEK §27–§28, SV 2.2.1 b and regulation H1.
 *
 * This module does not import zod, so that the workflow bundle stays lean (measured: zod adds about
 * 0.43 MB to a 1.5 MB bundle). The zod schema, {@link rulesSettingsSchema}, is built from the same
 * {@link RULES_SETTINGS_SPEC} in `settings-schema.ts`, for the edges (CLI, API).
 */
import { HOLIDAY_TABLE_VERSION } from './data/holidays-dk.js';

/**
 * What the letter's receipt adds to the choice of the cut-off date (RULES 2.5 **[interpretation]**).
 * - `after-next-hverdag`: the cut-off is after the first hverdag following the receipt, so the customer
 *   has received the letter and still has a hverdag to act on it (SV 2.2.1 a 5).
 * - `after-receipt`: the cut-off is after the day of receipt.
 * - `none`: only the 3 working days of SV 2.2.1 b count.
 */
export const CutoffReceiptCondition = {
  afterNextHverdag: 'after-next-hverdag',
  afterReceipt: 'after-receipt',
  none: 'none',
} as const;
export type CutoffReceiptCondition = (typeof CutoffReceiptCondition)[keyof typeof CutoffReceiptCondition];

/**
 * How an hourly-settled window reads SV 2.3.1 (RULES 4 **[interpretation]**).
 * - `d2`: the deadline is d2, the second working day from the cut-off; if d1 or d2 is a
 *   no-disconnection day, the first disconnection day after the last blocked one, never before d2.
 * - `literal`: "på den Ønskede Skæringsdato, hvis denne er en arbejdsdag, eller senest arbejdsdagen
 *   efter": the first working day after the cut-off (d1 when the cut-off is not a working day);
 *   postponed past the cut-off and the calendar day after it if either is a no-disconnection day.
 */
export const HourlyWindowReading = {
  d2: 'd2',
  literal: 'literal',
} as const;
export type HourlyWindowReading = (typeof HourlyWindowReading)[keyof typeof HourlyWindowReading];

/**
 * Which reading of "hverdag" a deadline that binds the *customer* takes (RULES 1 **[interpretation]**),
 * e.g. a new agreement entered "no later than the hverdag before" the cut-off (SV 2.2.1 a 5).
 * - `broad`: Monday–Friday that is not a public holiday (the latest day any reading allows);
 * - `narrow`: a hverdag as for notice periods (a working day that is not 5 June).
 */
export const CustomerDeadlineReading = {
  broad: 'broad',
  narrow: 'narrow',
} as const;
export type CustomerDeadlineReading = (typeof CustomerDeadlineReading)[keyof typeof CustomerDeadlineReading];

/** How the grid company reopens a meter: at the address (SV 3.2.1) or remotely (SV 3.2.2). */
export const ReopeningMethod = {
  physical: 'physical',
  remote: 'remote',
} as const;
export type ReopeningMethod = (typeof ReopeningMethod)[keyof typeof ReopeningMethod];

/** The settings of the rules. Every field has the default of RULES.md; see {@link DEFAULT_RULES_SETTINGS}. */
export interface RulesSettings {
  /**
   * Reminder 1 (rykker 1) goes out this many calendar days after the due date (RULES 2.1).
   * @default 3
   */
  reminder1DaysAfterDue: number;
  /**
   * The payment deadline a reminder gives: received (or sent, `reminderDeadlineFrom`) + this many
   * calendar days (RULES 2.1–2.2).
   * @default 10
   */
  reminderPaymentDays: number;
  /**
   * What a reminder's payment deadline counts from (RULES 2.1) **[interpretation]**: its receipt, so
   * that a customer on physical letters gets the same days as one on digital post, or its sending.
   * Unset in a settings snapshot taken before release 0.6.1: `sending`, so a running case keeps its
   * dates.
   * @default 'receipt'
   */
  reminderDeadlineFrom?: 'receipt' | 'sending';
  /**
   * Reminder 2 goes out at least this many calendar days after reminder 1 (BEK §27 stk. 2; also the
   * Interest Act §9b for reminder fees). At least 10.
   * @default 10
   */
  minDaysBetweenReminders: number;
  /**
   * The security demand's deadline: receipt + this many hverdage (BEK §27 stk. 2). At least 15.
   * @default 15
   */
  securityDeadlineHverdage: number;
  /**
   * The security demand's deadline without arrears: receipt + this many months (BEK §27 stk. 1). At least 2.
   * @default 2
   */
  securityDeadlineWithoutArrearsMonths: number;
  /**
   * The termination notice (varsel om ophævelse) takes effect receipt + this many hverdage
   * (BEK §28 stk. 1). At least 3.
   * @default 3
   */
  terminationNoticeHverdage: number;
  /**
   * The DataHub request goes in at least this many working days before the cut-off date, counted from
   * the first working day on or after the day it is sent (SV 2.2.1 b, RULES 1). At least 3.
   * @default 3
   */
  requestMinWorkingDays: number;
  /**
   * The DataHub request goes in at most this many calendar days before the cut-off date (regulation H1).
   * At most 60.
   * @default 60
   */
  requestMaxCalendarDays: number;
  /**
   * A digital letter (digital post, e-mail) counts as received this many hverdage after it is sent;
   * 0 = the same day (RULES 1 **[interpretation]**: the delivery timestamp the channel reports).
   * @default 0
   */
  digitalReceiptHverdage: number;
  /**
   * A physical letter counts as received this many hverdage after dispatch (RULES 1 **[interpretation]**).
   * @default 5
   */
  letterReceiptHverdage: number;
  /**
   * Whether Constitution Day (Grundlovsdag, 5 June) is a working day (arbejdsdag), as Energinet's
   * DataHub calendar counts it (RULES 1 **[interpretation]**).
   * @default true
   */
  constitutionDayIsWorkingDay: boolean;
  /**
   * Whether Constitution Day (5 June) is a hverdag for notice periods. The default is the conservative
   * reading that gives the customer the longer period (RULES 1 **[interpretation]**). A hverdag is
   * always also a working day.
   * @default false
   */
  constitutionDayIsHverdag: boolean;
  /**
   * "The days between Christmas and New Year" (SV 2.3.2) start on this day of December
   * (RULES 1 **[interpretation]**: 27–30 Dec).
   * @default 27
   */
  christmasToNewYearFirstDay: number;
  /**
   * "The days between Christmas and New Year" (SV 2.3.2) end on this day of December (inclusive).
   * @default 30
   */
  christmasToNewYearLastDay: number;
  /**
   * How the hourly-settled window reads SV 2.3.1 (RULES 4 **[interpretation]**).
   * @default 'd2'
   */
  hourlyWindowReading: HourlyWindowReading;
  /**
   * What the receipt of the letter sent with the DataHub request adds to the cut-off date
   * (RULES 2.5 **[interpretation: choose a disconnection day; receipt before it]**).
   * @default 'after-next-hverdag'
   */
  cutoffReceiptCondition: CutoffReceiptCondition;
  /**
   * The reading of "hverdag" for deadlines that bind the customer (RULES 1 **[interpretation]**).
   * @default 'broad'
   */
  customerDeadlineReading: CustomerDeadlineReading;
  /**
   * A physical reopening happens the same day if the request reaches the grid by this time on a
   * working day (SV 3.2.1 c). `HH:MM`, inclusive.
   * @default '11:00'
   */
  reopeningCutoffPhysical: string;
  /**
   * A remote reopening happens the same day if the request reaches the grid by this time on a working
   * day (SV 3.2.2 c). `HH:MM`, inclusive.
   * @default '14:00'
   */
  reopeningCutoffRemote: string;
  /**
   * How an hourly-settled meter is reopened, as SV 3 knows only physical and remote reopening.
   * [our choice] `physical` has the earlier cut-off (11:00), so the customer is never promised too early.
   * @default 'physical'
   */
  hourlyReopeningMethod: ReopeningMethod;
  /**
   * Normal hours (normal arbejdstid) Monday–Thursday start (SV 3.2.1 c). `HH:MM`.
   * @default '08:00'
   */
  normalHoursMonThuStart: string;
  /**
   * Normal hours Monday–Thursday end. `HH:MM`.
   * @default '16:00'
   */
  normalHoursMonThuEnd: string;
  /**
   * Normal hours Friday start. `HH:MM`.
   * @default '08:00'
   */
  normalHoursFriStart: string;
  /**
   * Normal hours Friday end. `HH:MM`.
   * @default '15:00'
   */
  normalHoursFriEnd: string;
  /**
   * The grid company's own closed days, outside normal hours for reopening (SV note 23, RULES 7):
   * `MM-DD` for a yearly day (e.g. `05-01` for 1 May, `06-05` for Constitution Day) or `YYYY-MM-DD`
   * for one date. The Friday after Ascension is never a working day anyway. A setting per grid company.
   * @default []
   */
  gridClosedDays: readonly string[];
  /**
   * The holiday table the calendar uses. A running case keeps the version it started with, so that
   * its replay computes the same dates (see `rules/holidays.ts`).
   * @default HOLIDAY_TABLE_VERSION (currently 'dk-2000-2060-v1')
   */
  holidayTableVersion: string;
}

/** The defaults of RULES.md. Frozen; the calendar caches per settings object. */
export const DEFAULT_RULES_SETTINGS: Readonly<RulesSettings> = Object.freeze({
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
  gridClosedDays: Object.freeze([]) as readonly string[],
  holidayTableVersion: HOLIDAY_TABLE_VERSION,
} satisfies RulesSettings);

/** How one setting is checked. Variants are discriminated on `type` (STYLE §6). */
export type SettingSpec =
  | {
      type: 'int';
      min: number;
      max: number;
      /** The rule that sets the minimum or maximum, named in the error. */
      law?: string;
      description: string;
    }
  | { type: 'boolean'; description: string }
  | { type: 'enum'; values: readonly string[]; description: string }
  | { type: 'time'; description: string }
  | { type: 'closedDays'; description: string }
  | { type: 'tableVersion'; description: string };

/** How each setting is checked; the one source for {@link resolveRulesSettings} and the zod schema. */
export const RULES_SETTINGS_SPEC: { readonly [K in keyof RulesSettings]: SettingSpec } = {
  reminder1DaysAfterDue: { type: 'int', min: 1, max: 60, description: 'Reminder 1: due date + N calendar days (RULES 2.1)' },
  reminderPaymentDays: { type: 'int', min: 1, max: 60, description: 'A reminder’s payment deadline: receipt (or sending) + N calendar days (RULES 2.1)' },
  reminderDeadlineFrom: { type: 'enum', values: ['receipt', 'sending'], description: 'What a reminder’s payment deadline counts from (RULES 2.1); unset in older snapshots: sending' },
  minDaysBetweenReminders: { type: 'int', min: 10, max: 60, law: 'BEK §27 stk. 2', description: 'Reminder 2 ≥ N calendar days after reminder 1 (BEK §27 stk. 2)' },
  securityDeadlineHverdage: { type: 'int', min: 15, max: 60, law: 'BEK §27 stk. 2', description: 'Security deadline: receipt + N hverdage (BEK §27 stk. 2)' },
  securityDeadlineWithoutArrearsMonths: { type: 'int', min: 2, max: 12, law: 'BEK §27 stk. 1', description: 'Security deadline without arrears: receipt + N months (BEK §27 stk. 1)' },
  terminationNoticeHverdage: { type: 'int', min: 3, max: 30, law: 'BEK §28 stk. 1', description: 'Termination effective: receipt + N hverdage (BEK §28 stk. 1)' },
  requestMinWorkingDays: { type: 'int', min: 3, max: 30, law: 'SV 2.2.1 b', description: 'DataHub request ≥ N working days before the cut-off (SV 2.2.1 b)' },
  requestMaxCalendarDays: { type: 'int', min: 10, max: 60, law: 'regulation H1', description: 'DataHub request ≤ N calendar days before the cut-off (regulation H1)' },
  digitalReceiptHverdage: { type: 'int', min: 0, max: 10, description: 'Digital post received sent + N hverdage; 0 = the same day (RULES 1)' },
  letterReceiptHverdage: { type: 'int', min: 0, max: 15, description: 'Physical letter received dispatch + N hverdage (RULES 1)' },
  constitutionDayIsWorkingDay: { type: 'boolean', description: '5 June is a working day (DataHub calendar, RULES 1)' },
  constitutionDayIsHverdag: { type: 'boolean', description: '5 June is a hverdag for notice periods (RULES 1)' },
  christmasToNewYearFirstDay: { type: 'int', min: 25, max: 31, description: 'First December day "between Christmas and New Year" (SV 2.3.2, RULES 1)' },
  christmasToNewYearLastDay: { type: 'int', min: 25, max: 31, description: 'Last December day "between Christmas and New Year" (SV 2.3.2, RULES 1)' },
  hourlyWindowReading: { type: 'enum', values: ['d2', 'literal'], description: 'Hourly-settled window reading (SV 2.3.1, RULES 4)' },
  cutoffReceiptCondition: { type: 'enum', values: ['after-next-hverdag', 'after-receipt', 'none'], description: 'Cut-off vs the letter’s receipt (RULES 2.5)' },
  customerDeadlineReading: { type: 'enum', values: ['broad', 'narrow'], description: 'Hverdag for deadlines that bind the customer (RULES 1)' },
  reopeningCutoffPhysical: { type: 'time', description: 'Physical reopening the same day if requested by HH:MM (SV 3.2.1 c)' },
  reopeningCutoffRemote: { type: 'time', description: 'Remote reopening the same day if requested by HH:MM (SV 3.2.2 c)' },
  hourlyReopeningMethod: { type: 'enum', values: ['physical', 'remote'], description: 'How an hourly-settled meter is reopened' },
  normalHoursMonThuStart: { type: 'time', description: 'Normal hours Mon–Thu start (SV 3.2.1 c)' },
  normalHoursMonThuEnd: { type: 'time', description: 'Normal hours Mon–Thu end (SV 3.2.1 c)' },
  normalHoursFriStart: { type: 'time', description: 'Normal hours Friday start (SV 3.2.1 c)' },
  normalHoursFriEnd: { type: 'time', description: 'Normal hours Friday end (SV 3.2.1 c)' },
  gridClosedDays: { type: 'closedDays', description: 'The grid company’s own closed days for reopening, MM-DD or YYYY-MM-DD (SV note 23, RULES 7)' },
  holidayTableVersion: { type: 'tableVersion', description: 'The holiday table version a case uses (rules/holidays.ts)' },
};

/** `HH:MM`, 00:00–23:59. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A grid company's closed day: `MM-DD` (every year) or `YYYY-MM-DD`. */
export const CLOSED_DAY = /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The problem with one setting's value, or null if it is fine. */
export function settingProblem(spec: SettingSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'expected a whole number';
      const law = spec.law ? ` (${spec.law})` : '';
      if (value < spec.min) return `must be at least ${spec.min}${law}`;
      if (value > spec.max) return `must be at most ${spec.max}${law}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? null : `expected one of ${spec.values.join(', ')}`;
    case 'time':
      return typeof value === 'string' && TIME_OF_DAY.test(value) ? null : 'expected HH:MM';
    case 'closedDays':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && CLOSED_DAY.test(v))
        ? null
        : 'expected a list of MM-DD or YYYY-MM-DD';
    case 'tableVersion':
      return typeof value === 'string' && value.length > 0 ? null : 'expected a holiday table version';
  }
}

/** The problems that involve more than one setting: `[setting, problem]`, or null. */
export function crossSettingProblem(s: Readonly<RulesSettings>): [keyof RulesSettings, string] | null {
  if (s.christmasToNewYearLastDay < s.christmasToNewYearFirstDay) {
    return ['christmasToNewYearLastDay', 'must not be before christmasToNewYearFirstDay'];
  }
  if (s.constitutionDayIsHverdag && !s.constitutionDayIsWorkingDay) {
    return ['constitutionDayIsHverdag', 'a hverdag is always a working day: set constitutionDayIsWorkingDay too'];
  }
  if (s.normalHoursMonThuEnd <= s.normalHoursMonThuStart) return ['normalHoursMonThuEnd', 'normal hours must end after they start'];
  if (s.normalHoursFriEnd <= s.normalHoursFriStart) return ['normalHoursFriEnd', 'normal hours must end after they start'];
  return null;
}

/**
 * Merges overrides onto {@link DEFAULT_RULES_SETTINGS}, validates them, and freezes the result.
 * Without overrides it returns the defaults themselves. Unknown settings are refused, and so are
 * values below the legal minimums (e.g. `securityDeadlineHverdage` below 15, BEK §27 stk. 2).
 *
 * Example: `resolveRulesSettings({ hourlyWindowReading: 'literal' })` gives the defaults with the
 * literal reading of the hourly-settled window.
 * @throws RangeError with a one-line message naming the first bad setting.
 */
export function resolveRulesSettings(overrides?: unknown): Readonly<RulesSettings> {
  if (overrides === undefined || overrides === null) return DEFAULT_RULES_SETTINGS;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) throw new RangeError('bad rules settings: expected an object');
  const input = overrides as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(RULES_SETTINGS_SPEC, key)) throw new RangeError(`bad rules setting: ${key}: unknown setting`);
  }
  const merged: Record<string, unknown> = { ...DEFAULT_RULES_SETTINGS };
  for (const [key, spec] of Object.entries(RULES_SETTINGS_SPEC) as Array<[keyof RulesSettings, SettingSpec]>) {
    if (input[key] === undefined) continue;
    const problem = settingProblem(spec, input[key]);
    if (problem) throw new RangeError(`bad rules setting: ${key}: ${problem}`);
    merged[key] = key === 'gridClosedDays' ? Object.freeze([...(input[key] as string[])]) : input[key];
  }
  const settings = merged as unknown as RulesSettings;
  const cross = crossSettingProblem(settings);
  if (cross) throw new RangeError(`bad rules setting: ${cross[0]}: ${cross[1]}`);
  return Object.freeze(settings);
}

/**
 * The settings a letter's receipt date depends on (RULES 1): the receipt per channel and what makes a
 * day a hverdag (the holiday table and the two Constitution Day readings). The mail activity is given
 * these, not the whole snapshot: a letter's input is recorded in history once per letter.
 */
export const RECEIPT_SETTING_KEYS = [
  'digitalReceiptHverdage',
  'letterReceiptHverdage',
  'constitutionDayIsWorkingDay',
  'constitutionDayIsHverdag',
  'holidayTableVersion',
] as const satisfies ReadonlyArray<keyof RulesSettings>;

/** {@link RECEIPT_SETTING_KEYS} of a settings object. */
export type ReceiptSettings = Pick<RulesSettings, (typeof RECEIPT_SETTING_KEYS)[number]>;

/**
 * The receipt settings of a case's snapshot; {@link resolveRulesSettings} of them gives the same
 * receipt dates as the whole snapshot (a property test holds it to that).
 */
export function receiptSettingsOf(settings: Readonly<RulesSettings>): ReceiptSettings {
  const picked: Partial<Record<keyof ReceiptSettings, unknown>> = {};
  for (const key of RECEIPT_SETTING_KEYS) picked[key] = settings[key];
  return picked as ReceiptSettings;
}

/**
 * Checks a complete settings object (e.g. one built by hand rather than by {@link resolveRulesSettings}),
 * so that no computation runs below a legal minimum.
 * @throws RangeError with a one-line message naming the first bad setting.
 */
export function assertValidRulesSettings(settings: Readonly<RulesSettings>): void {
  if (settings === DEFAULT_RULES_SETTINGS) return;
  resolveRulesSettings(settings);
}

/**
 * The rules of afbryd: the Danish legal calendar and the case planner (RULES.md sections 1–4 and 7).
 *
 * Pure and deterministic: no I/O, no clock, no Node built-ins, no `Intl`, no `date-holidays` (the
 * holidays come from a generated, versioned table), so the same code runs in the CLI and inside
 * Temporal's workflow sandbox. Dates are `YYYY-MM-DD` strings in Danish local time; every computed
 * date comes with its legal basis.
 *
 * Example: `planCase({ due: '2026-09-14', class: 'household', meter: 'physical', channel: 'digital' })`
 * gives the worked example of RULES 2.
 */
export { CustomerClass, MeterKind, Channel, CUSTOMER_CLASSES, METER_KINDS, CHANNELS } from './types.js';
export type { IsoDate, LocalDateTime, Dated, Circumstance } from './types.js';
export type { CaseRules, CaseSettings, OwnerCaseSettings } from './case-settings.js';
export { hourlyMethodOf } from './case-settings.js';
export { compactSettings, expandSettings, receiptSettingsAgainstBase, NEWEST_SETTINGS_BASE, SETTINGS_BASES, type CompactCaseSettings } from './settings-base.js';
export { RulesError } from './errors.js';
export {
  parseIsoDate,
  isIsoDate,
  dayOfWeek,
  weekdayNameDa,
  addDays,
  addMonths,
  daysBetween,
  maxDate,
  WEEKDAY_NAMES_DA,
  MONTH_NAMES_DA,
} from './dates.js';
// The zod schema `rulesSettingsSchema` lives in './settings-schema.js' and is not re-exported here, so
// that workflows importing the rules do not bundle zod.
export {
  DEFAULT_RULES_SETTINGS,
  RULES_SETTINGS_SPEC,
  resolveRulesSettings,
  assertValidRulesSettings,
  RECEIPT_SETTING_KEYS,
  receiptSettingsOf,
  CutoffReceiptCondition,
  HourlyWindowReading,
  CustomerDeadlineReading,
  ReopeningMethod,
} from './settings.js';
export type { ReceiptSettings, RulesSettings, SettingSpec } from './settings.js';
export {
  holidayName,
  isPublicHoliday,
  holidaysOfYear,
  HOLIDAY_TABLES,
  HOLIDAY_TABLE_VERSION,
  HOLIDAY_TABLE_FIRST_YEAR,
  HOLIDAY_TABLE_LAST_YEAR,
} from './holidays.js';
export type { HolidayTable } from './holidays.js';
export {
  isWorkingDay,
  isHverdag,
  isDisconnectionDay,
  nonWorkingReason,
  noDisconnectionReason,
  addWorkingDays,
  countWorkingDays,
  addHverdage,
  countHverdage,
  nextWorkingDay,
  firstWorkingDayOnOrAfter,
  nextHverdag,
  firstDisconnectionDayOnOrAfter,
} from './calendar.js';
export {
  assertSupportedCombination,
  receiptDate,
  securityDeadline,
  terminationEffective,
  earliestCutoff,
  gridWindow,
  newAgreementDeadline,
} from './deadlines.js';
export type { EarliestCutoffInput, GridWindow } from './deadlines.js';
export { copenhagenLocalTime, copenhagenInstant, expectedReopening } from './reopening.js';
export { DEFAULT_STEP_WINDOW, stableHash, stepTimeOf, type StepSpread } from './step-time.js';
export type { StepWindow } from './step-time.js';
export {
  reminder1Date,
  reminderPaymentDeadline,
  reminder2Date,
  securityDemandDate,
  terminationNoticeDate,
  householdRequestDate,
  businessRequestDate,
} from './schedule.js';
export type { CopenhagenTime, ReopeningInput, ExpectedReopening } from './reopening.js';
export { planCase } from './plan.js';
export { depositInterest, depositRepaymentDate, DEFAULT_DEPOSIT_INTEREST_SETTINGS } from './deposit.js';
export { arrearsAllowDemand, securityAmount } from './security.js';
export type { SecurityAmount } from './security.js';
export type { RateChange, DepositInterestSettings, DepositInterest, InterestPeriod } from './deposit.js';
export type {
  PlanCaseInput,
  CasePlan,
  PlanStep,
  ReminderStep,
  SecurityDemandStep,
  TerminationNoticeStep,
  DisconnectionRequestStep,
} from './plan.js';
export {
  FeeKind,
  BusinessLateCharge,
  MAX_REMINDER_FEE_ORE,
  MAX_REMINDER_FEES_PER_CLAIM,
  MIN_DAYS_BETWEEN_REMINDER_FEES,
  BUSINESS_COMPENSATION_ORE,
  ILLUSTRATIVE_GRID_TARIFF,
  DEFAULT_PRODUCT_TARIFFS,
  DEFAULT_FEE_SETTINGS,
  reminderFee,
  gridTariffOf,
  productTariffOf,
  feeMethodOf,
  gridFee,
  supplierFee,
  courtFee,
  passesOnGridFees,
  feeSettingsProblem,
  announcedFees,
} from './fees.js';
export type { AnnouncedFees, GridTariff, ProductTariff, FeeSettings, Fee, ChargedFeeRef, FeeDecision, GridService, SupplierService } from './fees.js';
export {
  DEFAULT_EXCEPTION_SETTINGS,
  exceptionSettingsProblem,
  gridReportDeadline,
  reportDeadlineAfterOutage,
  refusalStep,
  serviceTypeOfAuthority,
  followUpRequestDate,
  chasePlan,
  cancellationTiming,
  lateFeeIsCustomers,
} from './exceptions.js';
export type {
  ExceptionSettings,
  GridReportDeadline,
  Authority,
  RefusalCode,
  FollowUpServiceType,
  RefusalStep,
  ChasePlan,
  CancellationTiming,
} from './exceptions.js';
export { checkImportedHistory, laterOfStated, HOUSEHOLD_PATH, BUSINESS_PATH, STEP_WORDS, type HistoryCheckInput, type HistoryCheck, type HistoryLetter, type HistoryLetterKind, type HistoryStep } from './history.js';
export * from './owner.js';
export * from './owner-contract.js';

/**
 * The default schedule of a case, step by step (RULES 2 "Default schedule", RULES 3): when each step
 * happens given the facts of the step before it. The case workflow calls these with the dates that
 * actually happened (a letter's real receipt, a resumed step's new letter); {@link planCase} chains
 * them from a due date to preview a whole case. One implementation serves both.
 */
import { addWorkingDaysN, calendarOf } from './calendar.js';
import { fromDayNumber, toDayNumber } from './dates.js';
import { DEFAULT_RULES_SETTINGS, type RulesSettings } from './settings.js';
import type { Dated, IsoDate } from './types.js';

/**
 * Reminder 1 (rykker 1): the due date + `reminder1DaysAfterDue` days (default 3).
 * Example: due Mon 14 Sep 2026 → Thu 17 Sep 2026.
 */
export function reminder1Date(due: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  const days = settings.reminder1DaysAfterDue;
  return {
    date: fromDayNumber(toDayNumber(due) + days),
    basis: `RULES 2 default schedule: due date + ${days} days (BEK §27 stk. 2–3)`,
  };
}

/**
 * The payment deadline a reminder states (RULES 2.1): its receipt + `reminderPaymentDays` (default 10),
 * so that a customer on physical letters gets the same 10 days as one on digital post — or, with
 * `reminderDeadlineFrom: 'sending'` (and in every settings snapshot taken before release 0.6.1, which
 * lacks the setting), its sending + the days.
 *
 * Examples: reminder 1 sent Thu 17 Sep 2026 by digital post, received the same day → pay by Sun
 * 27 Sep 2026; sent by post, received Thu 24 Sep → pay by Sun 4 Oct 2026 (RULES 2, second example).
 * @param received the day the reminder is (presumed) received. Without it the deadline counts from
 *   sending whatever the setting says: the frozen version 1 of the case workflow calls it so, and must
 *   keep its dates (its histories replay, and a version 1 case never counts from receipt).
 */
export function reminderPaymentDeadline(sent: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS, received?: IsoDate): Dated {
  const days = settings.reminderPaymentDays;
  if ((settings.reminderDeadlineFrom ?? 'sending') === 'receipt' && received !== undefined) {
    return {
      date: fromDayNumber(toDayNumber(received) + days),
      basis: `RULES 2.1: received ${received} + ${days} days (BEK §27 stk. 3: the reminder states the deadline; setting reminderDeadlineFrom: receipt)`,
    };
  }
  return {
    date: fromDayNumber(toDayNumber(sent) + days),
    basis: `RULES 2 default schedule: sent + ${days} days (BEK §27 stk. 3: the reminder states the deadline)`,
  };
}

/**
 * Reminder 2: the day after reminder 1's payment deadline, and at least `minDaysBetweenReminders`
 * (≥ 10, BEK §27 stk. 2) days after reminder 1 was sent.
 * Example: reminder 1 sent 17 Sep 2026, pay by 27 Sep → Mon 28 Sep 2026.
 */
export function reminder2Date(
  reminder1Sent: IsoDate,
  reminder1Deadline: IsoDate,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): Dated {
  const day = Math.max(toDayNumber(reminder1Deadline) + 1, toDayNumber(reminder1Sent) + settings.minDaysBetweenReminders);
  return {
    date: fromDayNumber(day),
    basis: `BEK §27 stk. 2: ≥ ${settings.minDaysBetweenReminders} days after reminder 1; RULES 2 default schedule: the day after reminder 1's deadline`,
  };
}

/**
 * The security demand (sikkerhedsstillelse): the day after reminder 2's deadline passed unpaid
 * (BEK §27 stk. 2). Example: reminder 2's deadline Thu 8 Oct 2026 → Fri 9 Oct 2026.
 */
export function securityDemandDate(reminder2Deadline: IsoDate): Dated {
  return {
    date: fromDayNumber(toDayNumber(reminder2Deadline) + 1),
    basis: "BEK §27 stk. 2: the day after reminder 2's deadline passed unpaid",
  };
}

/**
 * The termination notice (varsel om ophævelse): the day after the security deadline passed without
 * security (BEK §26 stk. 3, §28 stk. 1). Example: deadline Fri 30 Oct 2026 → Sat 31 Oct 2026.
 */
export function terminationNoticeDate(securityDeadline: IsoDate): Dated {
  return {
    date: fromDayNumber(toDayNumber(securityDeadline) + 1),
    basis: 'BEK §26 stk. 3, §28 stk. 1: the day after the security deadline passed without security',
  };
}

/**
 * Household: the termination, the disconnection notice and the DataHub request go out on the first
 * working day after the termination is effective. Example: effective Wed 4 Nov 2026 → Thu 5 Nov 2026.
 */
export function householdRequestDate(effective: IsoDate, settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS): Dated {
  return {
    date: fromDayNumber(addWorkingDaysN(toDayNumber(effective), 1, calendarOf(settings))),
    basis:
      'BEK §26 stk. 5, §28 stk. 3; SV 2.2.1 a–b: termination, disconnection notice and DataHub request on the first working day after the termination is effective',
  };
}

/**
 * Business (RULES 3): the disconnection notice and the DataHub request go out on the first working
 * day after reminder 2's deadline. Example: deadline Thu 8 Oct 2026 → Fri 9 Oct 2026.
 */
export function businessRequestDate(
  reminder2Deadline: IsoDate,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): Dated {
  return {
    date: fromDayNumber(addWorkingDaysN(toDayNumber(reminder2Deadline), 1, calendarOf(settings))),
    basis:
      "RULES 3: disconnection notice and DataHub request on the first working day after reminder 2's deadline (SV 2.2.1 a–b, note 1)",
  };
}

/**
 * The go-live import's check of a case carried over half-way from a supplier's previous system
 * (issue 7): do the letters it already sent keep the rules afbryd itself keeps? Every date is checked
 * with the functions the case workflow uses for its own steps (`schedule.ts`, `deadlines.ts`), so an
 * imported history passes exactly when afbryd could have produced it with the same settings:
 *
 * - the path of the customer class (RULES 2 household: reminder 1 → reminder 2 → security demand →
 *   termination notice → disconnection request; RULES 3 business: reminder 1 → reminder 2 →
 *   disconnection request), every letter before the next step present once, none after it;
 * - each letter no earlier than afbryd would have sent it: reminder 1 on the due date + 3 days,
 *   reminder 2 ≥ 10 days after reminder 1 and after its payment deadline, the security demand after
 *   reminder 2's deadline, the termination notice after the security deadline (15 hverdage from the
 *   demand's receipt);
 * - each receipt no earlier than the presumed receipt of its channel (RULES 1: a physical letter
 *   dispatch + 5 hverdage), never before the letter was sent;
 * - nothing sent after the import day; a receipt after it only as the presumption still to come;
 * - the security amount stated once a security demand was sent (the later letters restate it).
 *
 * Pure: no clock (the import day is a parameter), no I/O. Problems name the rule and its basis and
 * quote only dates and step names, never ids or amounts.
 */
import { fromDayNumber, toDayNumber } from './dates.js';
import { receiptDate, securityDeadline } from './deadlines.js';
import { reminder1Date, reminder2Date, reminderPaymentDeadline, securityDemandDate, terminationNoticeDate } from './schedule.js';
import { DEFAULT_RULES_SETTINGS, type RulesSettings } from './settings.js';
import { CHANNELS, type Channel, type CustomerClass, type Dated, type IsoDate } from './types.js';

/** The letters a history may hold: those before the DataHub request. */
export type HistoryLetterKind = 'reminder1' | 'reminder2' | 'securityDemand' | 'terminationNotice';
/** The steps an imported case may take next. */
export type HistoryStep = HistoryLetterKind | 'disconnectionRequest';

/** A household's steps, in order (RULES 2). */
export const HOUSEHOLD_PATH: readonly HistoryStep[] = ['reminder1', 'reminder2', 'securityDemand', 'terminationNotice', 'disconnectionRequest'];
/** A business customer's steps, in order (RULES 3; `business-large` too). */
export const BUSINESS_PATH: readonly HistoryStep[] = ['reminder1', 'reminder2', 'disconnectionRequest'];

/** The step names in words, for problems. */
export const STEP_WORDS: Readonly<Record<HistoryStep, string>> = {
  reminder1: 'reminder 1',
  reminder2: 'reminder 2',
  securityDemand: 'security demand',
  terminationNotice: 'termination notice',
  disconnectionRequest: 'disconnection request',
};

/** A letter of the previous system (structurally `ImportedLetter` of `workflows/case/definitions.ts`). */
export interface HistoryLetter {
  kind: string;
  sentDate: IsoDate;
  receivedDate: IsoDate;
  channel: string;
  /**
   * The deadline the letter itself stated, where the previous system's differs from afbryd's
   * (RULES 11, go-live import): a security demand's deadline for security, a termination notice's day
   * the termination takes effect. The case counts on from the later of it and the computed one.
   */
  statedDeadline?: IsoDate | undefined;
  /** A reminder's fee the previous system charged with it, in øre: never charged again. */
  feeOre?: number | undefined;
}

/** The letters that state a deadline a later step counts from. */
const STATED_DEADLINE_KINDS: readonly string[] = ['securityDemand', 'terminationNotice'];

/**
 * The later of the deadline afbryd computes and the one the previous system's letter stated (RULES 11,
 * go-live import): the customer may rely on what the letter said, and afbryd's own rules are never cut
 * short.
 *
 * Example: computed Fri 30 Oct 2026 (BEK §27 stk. 2), stated Mon 2 Nov 2026 → `{ date: '2026-11-02',
 * basis: 'stated in the previous system's letter (2026-11-02), later than BEK §27 stk. 2: … (2026-10-30)' }`.
 */
export function laterOfStated(computed: Dated, stated: IsoDate | undefined): Dated {
  if (stated === undefined || stated <= computed.date) return computed;
  return { date: stated, basis: `stated in the previous system's letter (${stated}), later than ${computed.basis} (${computed.date}); RULES 11 go-live import` };
}

/** What {@link checkImportedHistory} checks (a `CaseInput` with its `imported`, plus the import day). */
export interface HistoryCheckInput {
  customerClass: CustomerClass;
  /** The unpaid invoices; reminder 1 counts from the earliest due date, as the case does. */
  invoices: readonly { dueDate: IsoDate }[];
  imported: {
    nextStep: string;
    letters: readonly HistoryLetter[];
    securityAmountOre?: number | undefined;
    /** The 310 kr compensation (Interest Act §9a stk. 3) the previous system charged a business, in øre. */
    compensationOre?: number | undefined;
  };
  /** The day of the import (Danish local date): nothing can have been sent after it. */
  importDay: IsoDate;
}

/** The verdict: fine, or every problem found (each naming the rule and its basis). */
export type HistoryCheck = { ok: true } | { ok: false; problems: string[] };

function isStep(value: string): value is HistoryStep {
  return (HOUSEHOLD_PATH as readonly string[]).includes(value);
}

function dayOf(date: string): number | undefined {
  try {
    return toDayNumber(date);
  } catch {
    return undefined;
  }
}

/**
 * Checks a history carried over from a previous system against the rules, as afbryd would have
 * applied them with `settings` (the settings the case will run with).
 *
 * Example: reminder 1 sent Thu 17 Sep 2026 and reminder 2 sent Sat 26 Sep 2026 → not ok:
 * `reminder 2 sent 2026-09-26, before 2026-09-27 — BEK §27 stk. 2 / Interest Act §9b: at least 10
 * days after reminder 1 (sent 2026-09-17)` and `reminder 2 sent 2026-09-26, before 2026-09-28 — …
 * the day after reminder 1's payment deadline (2026-09-27)`.
 *
 * @throws RangeError if `importDay` is not a date (a caller's mistake, not the history's).
 */
export function checkImportedHistory(
  input: HistoryCheckInput,
  settings: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS,
): HistoryCheck {
  const problems: string[] = [];
  const importDay = toDayNumber(input.importDay);
  const household = input.customerClass === 'household';
  const path = household ? HOUSEHOLD_PATH : BUSINESS_PATH;
  const { nextStep } = input.imported;

  // ----- the path: the next step, and one letter of each kind before it
  if (!isStep(nextStep)) {
    problems.push(
      `the next step must be one of ${HOUSEHOLD_PATH.join(', ')}: a case past the DataHub request is not imported, it finishes in the previous system`,
    );
    return { ok: false, problems };
  }
  if (!path.includes(nextStep)) {
    problems.push(
      `the next step is the ${STEP_WORDS[nextStep]}, a household step (BEK §26–§28); a ${input.customerClass} case goes reminder 1 → reminder 2 → disconnection request (RULES 3)`,
    );
  }
  const expected = path.slice(0, Math.max(0, path.indexOf(nextStep)));
  const byKind = new Map<HistoryLetterKind, HistoryLetter>();
  for (const letter of input.imported.letters) {
    const kind = letter.kind;
    if (!isStep(kind) || kind === 'disconnectionRequest') {
      problems.push('a letter of an unknown kind: only reminder 1, reminder 2, the security demand and the termination notice are imported');
      continue;
    }
    if (!path.includes(kind)) {
      problems.push(`a ${STEP_WORDS[kind]} was sent, a household step (BEK §26–§28); a ${input.customerClass} case has none (RULES 3)`);
      continue;
    }
    if (byKind.has(kind)) {
      problems.push(`the ${STEP_WORDS[kind]} is given twice; import one letter of each kind`);
      continue;
    }
    if (!expected.includes(kind) && path.includes(nextStep)) {
      problems.push(`a ${STEP_WORDS[kind]} was sent, but the next step is the ${STEP_WORDS[nextStep]}, which comes before it`);
      continue;
    }
    byKind.set(kind, letter);
  }
  if (path.includes(nextStep)) {
    for (const kind of expected) {
      if (!byKind.has(kind as HistoryLetterKind)) {
        problems.push(`the ${STEP_WORDS[kind]} is missing: the next step is the ${STEP_WORDS[nextStep]}, so it must have been sent (RULES ${household ? 2 : 3})`);
      }
    }
  }

  // ----- each letter on its own: real dates, a known channel, not in the future, received after sent
  const valid = new Map<HistoryLetterKind, { sent: number; received: number; letter: HistoryLetter }>();
  for (const [kind, letter] of byKind) {
    const what = STEP_WORDS[kind];
    const sent = dayOf(letter.sentDate);
    const received = dayOf(letter.receivedDate);
    if (sent === undefined) problems.push(`the ${what}'s sent date is not a date (YYYY-MM-DD)`);
    if (received === undefined) problems.push(`the ${what}'s received date is not a date (YYYY-MM-DD)`);
    const channelOk = (CHANNELS as readonly string[]).includes(letter.channel);
    if (!channelOk) problems.push(`the ${what}'s channel must be one of ${CHANNELS.join(', ')}`);
    if (sent === undefined || received === undefined || !channelOk) continue;
    let fine = true;
    if (sent > importDay) {
      problems.push(`${what} sent ${letter.sentDate}, after the import day ${input.importDay}: a letter cannot be dated in the future`);
      fine = false;
    }
    if (received < sent) {
      problems.push(`${what} received ${letter.receivedDate}, before it was sent (${letter.sentDate})`);
      fine = false;
    } else {
      const presumed = receiptDate(letter.sentDate, letter.channel as Channel, settings);
      const presumedDay = toDayNumber(presumed.date);
      if (received < presumedDay) {
        problems.push(
          `${what} received ${letter.receivedDate}, before its presumed receipt ${presumed.date} — ${presumed.basis}; the periods count from receipt (BEK §27 stk. 2, §28 stk. 1)`,
        );
        fine = false;
      } else if (received > importDay && received !== presumedDay) {
        problems.push(
          `${what} received ${letter.receivedDate}, after the import day ${input.importDay}: a receipt still to come can only be the presumed one, ${presumed.date} (${presumed.basis})`,
        );
        fine = false;
      }
    }
    if (letter.statedDeadline !== undefined) {
      const stated = dayOf(letter.statedDeadline);
      if (!STATED_DEADLINE_KINDS.includes(kind)) {
        problems.push(`a stated deadline is given for the ${what}; only the security demand and the termination notice state one that a later step counts from`);
      } else if (stated === undefined) {
        problems.push(`the ${what}'s stated deadline is not a date (YYYY-MM-DD)`);
      } else if (stated <= received) {
        problems.push(`the ${what}'s stated deadline ${letter.statedDeadline} is not after its receipt ${letter.receivedDate}`);
      }
    }
    if (letter.feeOre !== undefined) {
      if (kind !== 'reminder1' && kind !== 'reminder2') {
        problems.push(`a fee is given for the ${what}; only reminders carry a reminder fee (Interest Act §9b)`);
      } else if (!Number.isSafeInteger(letter.feeOre) || letter.feeOre < 0 || letter.feeOre > 10_000) {
        problems.push(`the ${what}'s fee must be a whole number of øre from 0 to 10000 (Interest Act §9b: at most 100 kr per reminder)`);
      } else if (!household && letter.feeOre > 0 && input.imported.compensationOre) {
        problems.push(`the ${what} carries a reminder fee and the case the 310 kr compensation: a business pays the compensation instead of reminder fees (RULES 2, default schedule)`);
      }
    }
    if (fine) valid.set(kind, { sent, received, letter });
  }
  const compensation = input.imported.compensationOre;
  if (compensation !== undefined) {
    if (household) problems.push('a compensation is given for a household: the 310 kr is due only under agreements between businesses (Interest Act §9a stk. 3)');
    else if (!Number.isSafeInteger(compensation) || compensation < 0 || compensation > 31_000) {
      problems.push('the compensation must be a whole number of øre from 0 to 31000 (Interest Act §9a stk. 3: 310 kr)');
    } else if (!byKind.has('reminder1')) problems.push('a compensation is given but no reminder 1: the previous system charged it with a reminder');
  }

  // ----- each letter no earlier than afbryd would have sent it, counted from the letter before
  const r1 = valid.get('reminder1');
  if (r1) {
    const dues = input.invoices.map((i) => i.dueDate).filter((d) => dayOf(d) !== undefined).sort();
    const firstDue = dues[0];
    if (firstDue !== undefined) {
      const earliest = reminder1Date(firstDue, settings);
      if (r1.sent < toDayNumber(earliest.date)) {
        problems.push(`reminder 1 sent ${r1.letter.sentDate}, before ${earliest.date} — ${earliest.basis}`);
      }
    }
  }
  const r2 = valid.get('reminder2');
  if (r1 && r2) {
    const minDays = settings.minDaysBetweenReminders;
    if (r2.sent < r1.sent + minDays) {
      const tenDays = fromDayNumber(r1.sent + minDays);
      problems.push(
        `reminder 2 sent ${r2.letter.sentDate}, before ${tenDays} — BEK §27 stk. 2 / Interest Act §9b: at least ${minDays} days after reminder 1 (sent ${r1.letter.sentDate})`,
      );
    }
    const deadline = reminderPaymentDeadline(r1.letter.sentDate, settings, r1.letter.receivedDate);
    const afterDeadline = toDayNumber(deadline.date) + 1;
    if (r2.sent < afterDeadline) {
      const earliest = reminder2Date(r1.letter.sentDate, deadline.date, settings);
      problems.push(
        `reminder 2 sent ${r2.letter.sentDate}, before ${earliest.date} — RULES 2 default schedule: the day after reminder 1's payment deadline (${deadline.date}), which reminder 1 stated (BEK §27 stk. 3)`,
      );
    }
  }
  const demand = valid.get('securityDemand');
  if (r2 && demand) {
    const deadline = reminderPaymentDeadline(r2.letter.sentDate, settings, r2.letter.receivedDate);
    const earliest = securityDemandDate(deadline.date);
    if (demand.sent < toDayNumber(earliest.date)) {
      problems.push(`security demand sent ${demand.letter.sentDate}, before ${earliest.date} — ${earliest.basis} (${deadline.date})`);
    }
  }
  const notice = valid.get('terminationNotice');
  if (demand && notice) {
    const deadline = laterOfStated(securityDeadline(demand.letter.receivedDate, { withoutArrears: false }, settings), demand.letter.statedDeadline);
    const earliest = terminationNoticeDate(deadline.date);
    if (notice.sent < toDayNumber(earliest.date)) {
      problems.push(
        `termination notice sent ${notice.letter.sentDate}, before ${earliest.date} — ${earliest.basis}: the security deadline was ${deadline.date} (${deadline.basis}, received ${demand.letter.receivedDate})`,
      );
    }
  }

  // ----- the security demanded: stated once demanded, restated by the letters after it
  const amount = input.imported.securityAmountOre;
  if (byKind.has('securityDemand')) {
    if (amount === undefined) {
      problems.push('the security amount demanded is missing: the security demand stated it, and the termination notice and the request restate it (BEK §26 stk. 1, §28)');
    } else if (!Number.isSafeInteger(amount) || amount <= 0) {
      problems.push('the security amount demanded must be a whole number of øre, more than 0');
    }
  } else if (amount !== undefined) {
    problems.push('a security amount is given, but no security demand was sent');
  }

  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

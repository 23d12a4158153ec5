/**
 * The go-live import's history check (rules/history.ts). Every expected date is worked out by hand
 * from RULES.md (sections 1–3) in the comments, never copied from the code's output.
 */
import { describe, expect, it } from 'vitest';
import { checkImportedHistory, resolveRulesSettings, type HistoryCheckInput, type HistoryLetter } from '../../rules/index.js';

const digital = (kind: string, sent: string, received = sent): HistoryLetter => ({ kind, sentDate: sent, receivedDate: received, channel: 'digital' });
const letter = (kind: string, sent: string, received: string): HistoryLetter => ({ kind, sentDate: sent, receivedDate: received, channel: 'letter' });

/**
 * RULES 2's worked example (due Mon 14 Sep 2026, digital post): reminder 1 Thu 17 Sep (pay by
 * 27 Sep), reminder 2 Mon 28 Sep (pay by 8 Oct), security demand Fri 9 Oct (deadline Fri 30 Oct:
 * 12–16, 19–23, 26–30 Oct), termination notice Sat 31 Oct.
 */
const EXAMPLE = {
  reminder1: digital('reminder1', '2026-09-17'),
  reminder2: digital('reminder2', '2026-09-28'),
  securityDemand: digital('securityDemand', '2026-10-09'),
  terminationNotice: digital('terminationNotice', '2026-10-31'),
};

function household(nextStep: string, letters: HistoryLetter[], extra: Partial<HistoryCheckInput['imported']> = {}, importDay = '2026-11-03'): HistoryCheckInput {
  return {
    customerClass: 'household',
    invoices: [{ dueDate: '2026-09-14' }],
    imported: { nextStep, letters, ...(letters.some((l) => l.kind === 'securityDemand') ? { securityAmountOre: 300_000 } : {}), ...extra },
    importDay,
  };
}

function problemsOf(input: HistoryCheckInput, settings = resolveRulesSettings({})): string[] {
  const result = checkImportedHistory(input, settings);
  return result.ok ? [] : result.problems;
}

describe('a history afbryd could have written passes', () => {
  it.each([
    ['the billing run: no letters, next reminder 1', household('reminder1', [])],
    ['reminder 2 next', household('reminder2', [EXAMPLE.reminder1])],
    ['security demand next', household('securityDemand', [EXAMPLE.reminder1, EXAMPLE.reminder2])],
    ['termination notice next', household('terminationNotice', [EXAMPLE.reminder1, EXAMPLE.reminder2, EXAMPLE.securityDemand])],
    [
      'disconnection request next',
      household('disconnectionRequest', [EXAMPLE.reminder1, EXAMPLE.reminder2, EXAMPLE.securityDemand, EXAMPLE.terminationNotice]),
    ],
    [
      'letters later than afbryd would have sent them (a slower previous system)',
      household('terminationNotice', [digital('reminder1', '2026-09-20'), digital('reminder2', '2026-10-05'), digital('securityDemand', '2026-10-20')]),
    ],
    [
      // digital post delivered a day late: the later receipt only lengthens the customer's periods
      'a digital letter received after the day it was sent',
      household('terminationNotice', [EXAMPLE.reminder1, EXAMPLE.reminder2, digital('securityDemand', '2026-10-09', '2026-10-10')]),
    ],
    [
      // the letters are given in any order; the path decides
      'letters out of order in the input',
      household('securityDemand', [EXAMPLE.reminder2, EXAMPLE.reminder1]),
    ],
  ])('%s', (_name, input) => {
    expect(checkImportedHistory(input)).toEqual({ ok: true });
  });

  it('a business case: reminder 1, reminder 2, then the disconnection request (RULES 3)', () => {
    for (const customerClass of ['business', 'business-large'] as const) {
      const input: HistoryCheckInput = {
        customerClass,
        invoices: [{ dueDate: '2026-09-14' }],
        imported: { nextStep: 'disconnectionRequest', letters: [EXAMPLE.reminder1, EXAMPLE.reminder2] },
        importDay: '2026-10-12',
      };
      expect(checkImportedHistory(input)).toEqual({ ok: true });
    }
  });

  it('reminder 1 counts from the earliest due date of the invoices, as the case does', () => {
    // due 10 Sep → reminder 1 from 13 Sep; sent 17 Sep is fine even though the other invoice is due 14 Sep
    const input = { ...household('reminder2', [EXAMPLE.reminder1]), invoices: [{ dueDate: '2026-09-14' }, { dueDate: '2026-09-10' }] };
    expect(checkImportedHistory(input)).toEqual({ ok: true });
  });
});

describe('each date no earlier than afbryd would have sent the letter (boundaries of the worked example)', () => {
  it.each([
    // due 14 Sep + 3 days = 17 Sep
    ['reminder 1 on 16 Sep', household('reminder2', [digital('reminder1', '2026-09-16')]), ['reminder 1 sent 2026-09-16, before 2026-09-17', 'due date + 3 days']],
    ['reminder 1 on 17 Sep', household('reminder2', [EXAMPLE.reminder1]), []],
    // reminder 1 sent 17 Sep: ≥ 10 days → 27 Sep; its deadline 17 + 10 = 27 Sep, the day after → 28 Sep
    [
      'reminder 2 on 26 Sep: both the 10 days and the deadline',
      household('securityDemand', [EXAMPLE.reminder1, digital('reminder2', '2026-09-26')]),
      ['reminder 2 sent 2026-09-26, before 2026-09-27 — BEK §27 stk. 2 / Interest Act §9b: at least 10 days after reminder 1 (sent 2026-09-17)', "reminder 2 sent 2026-09-26, before 2026-09-28 — RULES 2 default schedule: the day after reminder 1's payment deadline (2026-09-27"],
    ],
    [
      'reminder 2 on 27 Sep: 10 days, but on the deadline',
      household('securityDemand', [EXAMPLE.reminder1, digital('reminder2', '2026-09-27')]),
      ['reminder 2 sent 2026-09-27, before 2026-09-28'],
    ],
    ['reminder 2 on 28 Sep', household('securityDemand', [EXAMPLE.reminder1, EXAMPLE.reminder2]), []],
    // reminder 2 sent 28 Sep, deadline 8 Oct → security demand from 9 Oct
    [
      'security demand on 8 Oct, before reminder 2\'s deadline passed',
      household('terminationNotice', [EXAMPLE.reminder1, EXAMPLE.reminder2, digital('securityDemand', '2026-10-08')]),
      ["security demand sent 2026-10-08, before 2026-10-09 — BEK §27 stk. 2: the day after reminder 2's deadline passed unpaid (2026-10-08)"],
    ],
    // security demand received 9 Oct → deadline 30 Oct (15 hverdage) → termination notice from 31 Oct
    [
      'termination notice on 30 Oct, the security deadline itself',
      household('disconnectionRequest', [EXAMPLE.reminder1, EXAMPLE.reminder2, EXAMPLE.securityDemand, digital('terminationNotice', '2026-10-30')]),
      ['termination notice sent 2026-10-30, before 2026-10-31 — BEK §26 stk. 3, §28 stk. 1', 'the security deadline was 2026-10-30 (BEK §27 stk. 2: 15 hverdage from receipt, received 2026-10-09)'],
    ],
  ])('%s', (_name, input, expected) => {
    const problems = problemsOf(input);
    if (expected.length === 0) expect(problems).toEqual([]);
    else for (const text of expected) expect(problems.some((p) => p.includes(text)), `${JSON.stringify(problems)} names "${text}"`).toBe(true);
    // each distinct rule broken is one problem
    if (_name.startsWith('reminder 2 on 26')) expect(problems).toHaveLength(2);
    else if (expected.length > 0) expect(problems).toHaveLength(1);
  });

  it('a later digital receipt moves the security deadline: received Sat 10 Oct → deadline Fri 30 Oct still (12–16, 19–23, 26–30 Oct)', () => {
    // received Sat 10 Oct: the 15 hverdage are the same 12–30 Oct → notice from 31 Oct
    const letters = [EXAMPLE.reminder1, EXAMPLE.reminder2, digital('securityDemand', '2026-10-09', '2026-10-10')];
    expect(problemsOf(household('disconnectionRequest', [...letters, digital('terminationNotice', '2026-10-31')]))).toEqual([]);
    // received Mon 12 Oct: 13–16 (4), 19–23 (9), 26–30 (14), 2 Nov (15) → deadline Mon 2 Nov → notice from Tue 3 Nov
    const late = [EXAMPLE.reminder1, EXAMPLE.reminder2, digital('securityDemand', '2026-10-09', '2026-10-12')];
    const problems = problemsOf(household('disconnectionRequest', [...late, digital('terminationNotice', '2026-10-31')], {}, '2026-11-05'));
    expect(problems).toEqual([expect.stringContaining('termination notice sent 2026-10-31, before 2026-11-03')]);
  });
});

describe('holidays and the narrow hverdag (RULES 1)', () => {
  it('Christmas 2026: 15 hverdage from Mon 14 Dec end Fri 8 Jan 2027', () => {
    // due Thu 19 Nov 2026 → reminder 1 Sun 22 Nov (pay by 2 Dec) → reminder 2 Thu 3 Dec (pay by 13 Dec)
    // → security demand Mon 14 Dec, received the same day. 15 hverdage: 15–18 Dec (4), 21–23 Dec (7);
    // 24 Dec (not a working day), 25 Dec (holiday), 26–27 (weekend); 28–30 Dec (10); 31 Dec (not a
    // working day), 1 Jan (holiday), 2–3 (weekend); 4–8 Jan (15) → deadline Fri 8 Jan 2027, notice from Sat 9 Jan.
    const letters = [digital('reminder1', '2026-11-22'), digital('reminder2', '2026-12-03'), digital('securityDemand', '2026-12-14')];
    const base = { customerClass: 'household' as const, invoices: [{ dueDate: '2026-11-19' }], importDay: '2027-01-12' };
    const early = problemsOf({ ...base, imported: { nextStep: 'disconnectionRequest', letters: [...letters, digital('terminationNotice', '2027-01-08')], securityAmountOre: 250_000 } });
    expect(early).toEqual([expect.stringContaining('termination notice sent 2027-01-08, before 2027-01-09')]);
    expect(early[0]).toContain('the security deadline was 2027-01-08');
    const onTime = problemsOf({ ...base, imported: { nextStep: 'disconnectionRequest', letters: [...letters, digital('terminationNotice', '2027-01-09')], securityAmountOre: 250_000 } });
    expect(onTime).toEqual([]);
  });

  it('Easter 2027: a physical letter sent Tue 23 Mar is received Fri 2 Apr; its deadline is Fri 23 Apr', () => {
    // Easter Sunday 28 Mar 2027. Dispatch + 5 hverdage: 24 Mar (1); 25 (Maundy Thursday), 26 (Good
    // Friday), 27–28 (weekend, Easter), 29 (Easter Monday); 30, 31 Mar, 1, 2 Apr (5) → received Fri 2 Apr.
    // Chain: due Fri 26 Feb → reminder 1 Mon 1 Mar (pay by 11 Mar) → reminder 2 Fri 12 Mar (pay by
    // 22 Mar) → security demand Tue 23 Mar.
    const before = [digital('reminder1', '2027-03-01'), digital('reminder2', '2027-03-12')];
    const base = { customerClass: 'household' as const, invoices: [{ dueDate: '2027-02-26' }] };
    const claimedEarly = problemsOf({
      ...base,
      importDay: '2027-04-05',
      imported: { nextStep: 'terminationNotice', letters: [...before, letter('securityDemand', '2027-03-23', '2027-03-30')], securityAmountOre: 100_000 },
    });
    expect(claimedEarly).toEqual([expect.stringContaining('security demand received 2027-03-30, before its presumed receipt 2027-04-02')]);
    expect(claimedEarly[0]).toContain('physical letter, dispatch + 5 hverdage');

    // 15 hverdage from Fri 2 Apr: 5–9 Apr (5), 12–16 (10), 19–23 (15) → deadline Fri 23 Apr, notice from Sat 24 Apr.
    const demand = letter('securityDemand', '2027-03-23', '2027-04-02');
    const notice = (sent: string) => ({
      ...base,
      importDay: '2027-04-26',
      imported: { nextStep: 'disconnectionRequest', letters: [...before, demand, digital('terminationNotice', sent)], securityAmountOre: 100_000 },
    });
    expect(problemsOf(notice('2027-04-23'))).toEqual([expect.stringContaining('before 2027-04-24')]);
    expect(problemsOf(notice('2027-04-24'))).toEqual([]);
  });

  it('a receipt after the import day is accepted only as the presumed receipt still to come', () => {
    // imported on Wed 24 Mar 2027, the day after the physical security demand went out: received (presumed) Fri 2 Apr
    const before = [digital('reminder1', '2027-03-01'), digital('reminder2', '2027-03-12')];
    const input = (received: string) => ({
      customerClass: 'household' as const,
      invoices: [{ dueDate: '2027-02-26' }],
      importDay: '2027-03-24',
      imported: { nextStep: 'terminationNotice', letters: [...before, letter('securityDemand', '2027-03-23', received)], securityAmountOre: 100_000 },
    });
    expect(problemsOf(input('2027-04-02'))).toEqual([]);
    expect(problemsOf(input('2027-04-05'))).toEqual([expect.stringContaining('received 2027-04-05, after the import day 2027-03-24')]);
  });

  it('Constitution Day (5 June) is no hverdag: 15 hverdage from Mon 1 Jun 2026 end Tue 23 Jun', () => {
    // 2–4 Jun (3), 5 Jun not a hverdag, 8–12 (8), 15–19 (13), 22–23 (15) → deadline Tue 23 Jun, notice from Wed 24 Jun.
    // Chain: due Thu 7 May → reminder 1 Sun 10 May (pay by 20 May) → reminder 2 Thu 21 May (pay by 31 May) → demand Mon 1 Jun.
    const letters = [digital('reminder1', '2026-05-10'), digital('reminder2', '2026-05-21'), digital('securityDemand', '2026-06-01')];
    const input = (sent: string) => ({
      customerClass: 'household' as const,
      invoices: [{ dueDate: '2026-05-07' }],
      importDay: '2026-06-30',
      imported: { nextStep: 'disconnectionRequest', letters: [...letters, digital('terminationNotice', sent)], securityAmountOre: 200_000 },
    });
    expect(problemsOf(input('2026-06-23'))).toEqual([expect.stringContaining('before 2026-06-24')]);
    expect(problemsOf(input('2026-06-24'))).toEqual([]);
    // With 5 June as a hverdag (a setting), the deadline is Mon 22 Jun and the notice may go on Tue 23 Jun.
    expect(problemsOf(input('2026-06-23'), resolveRulesSettings({ constitutionDayIsHverdag: true }))).toEqual([]);
  });
});

describe('histories that break a rule are rejected with the reason', () => {
  it.each([
    [
      'a letter in the future',
      household('reminder2', [digital('reminder1', '2026-09-21')], {}, '2026-09-20'),
      ['reminder 1 sent 2026-09-21, after the import day 2026-09-20: a letter cannot be dated in the future'],
    ],
    [
      'a letter received before it was sent',
      household('reminder2', [digital('reminder1', '2026-09-17', '2026-09-16')]),
      ['reminder 1 received 2026-09-16, before it was sent (2026-09-17)'],
    ],
    [
      'a missing letter',
      household('securityDemand', [EXAMPLE.reminder1]),
      ['the reminder 2 is missing: the next step is the security demand, so it must have been sent'],
    ],
    [
      'a letter after the next step',
      household('reminder2', [EXAMPLE.reminder1, EXAMPLE.reminder2]),
      ['a reminder 2 was sent, but the next step is the reminder 2, which comes before it'],
    ],
    [
      'the same letter twice',
      household('securityDemand', [EXAMPLE.reminder1, EXAMPLE.reminder1, EXAMPLE.reminder2]),
      ['the reminder 1 is given twice'],
    ],
    [
      'a case past the DataHub request',
      household('gridWindow', [EXAMPLE.reminder1, EXAMPLE.reminder2, EXAMPLE.securityDemand, EXAMPLE.terminationNotice]),
      ['a case past the DataHub request is not imported'],
    ],
    [
      'no security amount once the security was demanded',
      household('terminationNotice', [EXAMPLE.reminder1, EXAMPLE.reminder2, EXAMPLE.securityDemand], { securityAmountOre: undefined }),
      ['the security amount demanded is missing'],
    ],
    [
      'a security amount without a security demand',
      household('securityDemand', [EXAMPLE.reminder1, EXAMPLE.reminder2], { securityAmountOre: 100_000 }),
      ['a security amount is given, but no security demand was sent'],
    ],
    [
      'an unknown channel',
      household('reminder2', [{ kind: 'reminder1', sentDate: '2026-09-17', receivedDate: '2026-09-17', channel: 'sms' }]),
      ["the reminder 1's channel must be one of digital, letter"],
    ],
    [
      'a date that is no date',
      household('reminder2', [digital('reminder1', '2026-09-31')]),
      ["the reminder 1's sent date is not a date", "the reminder 1's received date is not a date"],
    ],
  ])('%s', (_name, input, expected) => {
    const problems = problemsOf(input);
    expect(problems).toHaveLength(expected.length);
    for (const text of expected) expect(problems.some((p) => p.includes(text)), `${JSON.stringify(problems)} names "${text}"`).toBe(true);
  });

  it('a household step on a business case', () => {
    const base = { customerClass: 'business' as const, invoices: [{ dueDate: '2026-09-14' }], importDay: '2026-10-12' };
    expect(problemsOf({ ...base, imported: { nextStep: 'securityDemand', letters: [EXAMPLE.reminder1, EXAMPLE.reminder2] } })).toEqual([
      'the next step is the security demand, a household step (BEK §26–§28); a business case goes reminder 1 → reminder 2 → disconnection request (RULES 3)',
    ]);
    const withDemand = problemsOf({
      ...base,
      importDay: '2026-10-20',
      imported: { nextStep: 'disconnectionRequest', letters: [EXAMPLE.reminder1, EXAMPLE.reminder2, EXAMPLE.securityDemand], securityAmountOre: 1 },
    });
    expect(withDemand).toContain('a security demand was sent, a household step (BEK §26–§28); a business case has none (RULES 3)');
  });

  it('names every problem of a history at once', () => {
    // reminder 1 too early (16 Sep < 17 Sep), reminder 2 received before sent, security demand in the future
    const problems = problemsOf(
      household('terminationNotice', [digital('reminder1', '2026-09-16'), digital('reminder2', '2026-09-28', '2026-09-27'), digital('securityDemand', '2026-11-10')]),
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/reminder 1 sent 2026-09-16, before 2026-09-17/);
    expect(problems.join('\n')).toMatch(/reminder 2 received 2026-09-27, before it was sent/);
    expect(problems.join('\n')).toMatch(/security demand sent 2026-11-10, after the import day 2026-11-03/);
  });

  it('refuses an import day that is no date (the caller\'s mistake)', () => {
    expect(() => checkImportedHistory({ ...household('reminder1', []), importDay: 'today' })).toThrow(RangeError);
  });
});

describe('what the previous system stated and charged (RULES 11, go-live import)', () => {
  it("a stated security deadline later than afbryd's moves the earliest termination notice: stated Mon 2 Nov 2026 → not before Tue 3 Nov", () => {
    // Computed: received Fri 9 Oct + 15 hverdage = Fri 30 Oct (EXAMPLE); the letter said Mon 2 Nov.
    // The notice comes the day after the deadline: Tue 3 Nov, not Sat 31 Oct.
    const demand: HistoryLetter = { ...EXAMPLE.securityDemand, statedDeadline: '2026-11-02' };
    const early = problemsOf(household('disconnectionRequest', [EXAMPLE.reminder1, EXAMPLE.reminder2, demand, EXAMPLE.terminationNotice], {}, '2026-11-05'));
    expect(early).toEqual([expect.stringMatching(/^termination notice sent 2026-10-31, before 2026-11-03 .*stated in the previous system's letter \(2026-11-02\)/)]);
    const onTime = problemsOf(household('disconnectionRequest', [EXAMPLE.reminder1, EXAMPLE.reminder2, demand, digital('terminationNotice', '2026-11-03')], {}, '2026-11-05'));
    expect(onTime).toEqual([]);
  });

  it('a stated deadline earlier than the computed one changes nothing: the computed Fri 30 Oct stands', () => {
    const demand: HistoryLetter = { ...EXAMPLE.securityDemand, statedDeadline: '2026-10-29' };
    expect(problemsOf(household('disconnectionRequest', [EXAMPLE.reminder1, EXAMPLE.reminder2, demand, EXAMPLE.terminationNotice]))).toEqual([]);
  });

  it('refuses a stated deadline on a reminder, one not after receipt, and fees that break the Interest Act', () => {
    const problems = problemsOf(
      household('terminationNotice', [
        { ...EXAMPLE.reminder1, statedDeadline: '2026-09-27', feeOre: 15_000 },
        { ...EXAMPLE.reminder2, feeOre: 10_000 },
        { ...EXAMPLE.securityDemand, statedDeadline: '2026-10-09', feeOre: 100 },
      ], { compensationOre: 31_000 }),
    );
    expect(problems).toEqual([
      'a stated deadline is given for the reminder 1; only the security demand and the termination notice state one that a later step counts from',
      "the reminder 1's fee must be a whole number of øre from 0 to 10000 (Interest Act §9b: at most 100 kr per reminder)",
      "the security demand's stated deadline 2026-10-09 is not after its receipt 2026-10-09",
      'a fee is given for the security demand; only reminders carry a reminder fee (Interest Act §9b)',
      'a compensation is given for a household: the 310 kr is due only under agreements between businesses (Interest Act §9a stk. 3)',
    ]);
  });
});

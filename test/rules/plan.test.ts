/**
 * The case planner (RULES 2 default schedule, RULES 3): both worked examples of RULES 2 and further
 * plans worked out by hand; each comment gives the count.
 */
import { describe, expect, it } from 'vitest';
import { RulesError, planCase, resolveRulesSettings, type PlanStep } from '../../rules/index.js';

/** The dates of a plan without the bases, for comparing with a hand-worked table. */
function datesOf(steps: PlanStep[]) {
  return steps.map((s) => {
    const out: Record<string, string | undefined> = { step: s.step, date: s.date, receipt: s.receipt };
    if (s.step === 'reminder1' || s.step === 'reminder2') out.paymentDeadline = s.paymentDeadline;
    if (s.step === 'securityDemand') out.deadline = s.deadline;
    if (s.step === 'terminationNotice') out.effective = s.effective;
    if (s.step === 'disconnectionRequest') {
      out.cutoff = s.cutoff;
      out.windowDeadline = s.windowDeadline;
      if (s.newAgreementBy) out.newAgreementBy = s.newAgreementBy;
    }
    return out;
  });
}

describe('RULES 2 worked example: household, physical meter, digital post, due Mon 14 Sep 2026', () => {
  const plan = planCase({ due: '2026-09-14', class: 'household', meter: 'physical', channel: 'digital' });

  it('gives the dates of the worked example', () => {
    expect(datesOf(plan.steps)).toEqual([
      // due + 3 = Thu 17 Sep; pay by 17 + 10 = 27 Sep.
      { step: 'reminder1', date: '2026-09-17', receipt: '2026-09-17', paymentDeadline: '2026-09-27' },
      // the day after 27 Sep = Mon 28 Sep (11 days after reminder 1, ≥ 10); pay by 8 Oct.
      { step: 'reminder2', date: '2026-09-28', receipt: '2026-09-28', paymentDeadline: '2026-10-08' },
      // the day after 8 Oct = Fri 9 Oct, received the same day; 15 hverdage: 12–16, 19–23, 26–30 Oct.
      { step: 'securityDemand', date: '2026-10-09', receipt: '2026-10-09', deadline: '2026-10-30' },
      // the day after = Sat 31 Oct, received the same day; 3 hverdage: 2, 3, 4 Nov.
      { step: 'terminationNotice', date: '2026-10-31', receipt: '2026-10-31', effective: '2026-11-04' },
      // first working day after 4 Nov = Thu 5 Nov; 3 working days 6, 9, 10 → Tue 10 Nov, a household day,
      // after Fri 6 Nov (the hverdag after receipt); d1…d6 = 10, 11, 12, 13, 16, 17 → Tue 17 Nov.
      // New agreement by the hverdag before Tue 10 Nov = Mon 9 Nov.
      {
        step: 'disconnectionRequest',
        date: '2026-11-05',
        receipt: '2026-11-05',
        cutoff: '2026-11-10',
        windowDeadline: '2026-11-17',
        newAgreementBy: '2026-11-09',
      },
    ]);
  });

  it('gives every date its legal basis', () => {
    const [r1, r2, demand, notice, request] = plan.steps;
    expect(r1?.basis).toContain('RULES 2');
    expect(r2?.basis).toContain('BEK §27 stk. 2');
    expect(demand?.step === 'securityDemand' && demand.deadlineBasis).toBe('BEK §27 stk. 2: 15 hverdage from receipt');
    expect(notice?.step === 'terminationNotice' && notice.effectiveBasis).toBe('BEK §28 stk. 1: 3 hverdage from receipt');
    expect(request?.step === 'disconnectionRequest' && request.cutoffBasis).toContain('SV 2.2.1 b');
    expect(request?.step === 'disconnectionRequest' && request.windowDeadlineBasis).toContain('SV 2.2.1 c, 2.3.1');
    for (const step of plan.steps) {
      for (const [key, value] of Object.entries(step)) {
        if (/^\d{4}-\d{2}-\d{2}$/.test(String(value)) && key !== 'date') expect(step, key).toHaveProperty(`${key}Basis`);
      }
      expect(step.basis.length).toBeGreaterThan(0);
    }
    expect(plan.holidayTableVersion).toBe('dk-2000-2060-v1');
  });
});

describe('RULES 2 worked example: the same case with a remote meter and physical letters', () => {
  it('gives the dates of the worked example', () => {
    const plan = planCase({ due: '2026-09-14', class: 'household', meter: 'remote', channel: 'letter' });
    expect(datesOf(plan.steps)).toEqual([
      // Every letter by post: receipt = dispatch + 5 hverdage; a reminder's deadline = its receipt + 10 days (RULES 2.1).
      // Thu 17 Sep, received 18, 21, 22, 23, 24 → Thu 24 Sep; pay by Sun 4 Oct.
      { step: 'reminder1', date: '2026-09-17', receipt: '2026-09-24', paymentDeadline: '2026-10-04' },
      // Mon 5 Oct (18 days after reminder 1, ≥ 10), received 6, 7, 8, 9, 12 → Mon 12 Oct; pay by Thu 22 Oct.
      { step: 'reminder2', date: '2026-10-05', receipt: '2026-10-12', paymentDeadline: '2026-10-22' },
      // Fri 23 Oct, received 26–30 → Fri 30 Oct; 15 hverdage: 2–6, 9–13, 16–20 Nov → Fri 20 Nov.
      { step: 'securityDemand', date: '2026-10-23', receipt: '2026-10-30', deadline: '2026-11-20' },
      // Sat 21 Nov, received 23–27 → Fri 27 Nov; effective 30 Nov, 1, 2 Dec → Wed 2 Dec.
      { step: 'terminationNotice', date: '2026-11-21', receipt: '2026-11-27', effective: '2026-12-02' },
      // Request Thu 3 Dec; 3 working days would allow Tue 8 Dec; the letter is received 4, 7, 8, 9, 10 → Thu 10 Dec;
      // the next hverdag is Fri 11 Dec; after it the first household day: Mon 14 Dec. Remote d3: 14, 15, 16 → Wed 16 Dec.
      // New agreement by the hverdag before 14 Dec: Fri 11 Dec.
      {
        step: 'disconnectionRequest',
        date: '2026-12-03',
        receipt: '2026-12-10',
        cutoff: '2026-12-14',
        windowDeadline: '2026-12-16',
        newAgreementBy: '2026-12-11',
      },
    ]);
  });
});

describe('more household plans, worked by hand', () => {
  it('crosses Easter, Ascension and Whitsun with letters: remote meter, due Mon 2 Mar 2026', () => {
    const plan = planCase({ due: '2026-03-02', class: 'household', meter: 'remote', channel: 'letter' });
    expect(datesOf(plan.steps)).toEqual([
      // Thu 5 Mar; received 6, 9, 10, 11, 12 → Thu 12 Mar; pay by receipt + 10 = Sun 22 Mar.
      { step: 'reminder1', date: '2026-03-05', receipt: '2026-03-12', paymentDeadline: '2026-03-22' },
      // Mon 23 Mar (≥ 5 + 10 = 15 Mar); received 24, 25, 26, 27, 30 → Mon 30 Mar; pay by Thu 9 Apr.
      { step: 'reminder2', date: '2026-03-23', receipt: '2026-03-30', paymentDeadline: '2026-04-09' },
      // Fri 10 Apr (after Easter, 2–6 Apr); received 13–17 → Fri 17 Apr;
      // 15 hverdage: 20–24 (5), 27–30 Apr, 1 May (10; 1 May is an ordinary Friday), 4–8 May (15) → Fri 8 May.
      { step: 'securityDemand', date: '2026-04-10', receipt: '2026-04-17', deadline: '2026-05-08' },
      // Sat 9 May; received 11, 12, 13, (14 Ascension, 15 the Friday after) 18, 19 → Tue 19 May; effective 20, 21, 22 → Fri 22 May.
      { step: 'terminationNotice', date: '2026-05-09', receipt: '2026-05-19', effective: '2026-05-22' },
      // Request: the first working day after Fri 22 May: (23 Sat, 24–25 Whitsun) Tue 26 May; letter received 27, 28, 29 May,
      // 1, 2 Jun → Tue 2 Jun; the next hverdag Wed 3 Jun; after it: Thu 4 and Fri 5 Jun are no household days (4 and 5 June),
      // then the weekend → Mon 8 Jun. Remote d3: 8, 9, 10 Jun → Wed 10 Jun. New agreement by the hverdag before 8 Jun
      // (broad reading: 5 June is no public holiday): Fri 5 Jun.
      {
        step: 'disconnectionRequest',
        date: '2026-05-26',
        receipt: '2026-06-02',
        cutoff: '2026-06-08',
        windowDeadline: '2026-06-10',
        newAgreementBy: '2026-06-05',
      },
    ]);
  });

  it('crosses Christmas: physical meter, digital post, due Mon 2 Nov 2026', () => {
    const plan = planCase({ due: '2026-11-02', class: 'household', meter: 'physical', channel: 'digital' });
    expect(datesOf(plan.steps)).toEqual([
      { step: 'reminder1', date: '2026-11-05', receipt: '2026-11-05', paymentDeadline: '2026-11-15' }, // 2 + 3; 5 + 10
      { step: 'reminder2', date: '2026-11-16', receipt: '2026-11-16', paymentDeadline: '2026-11-26' }, // day after 15 Nov
      // Fri 27 Nov; 15 hverdage: 30 Nov–4 Dec (5), 7–11 (10), 14–18 (15) → Fri 18 Dec.
      { step: 'securityDemand', date: '2026-11-27', receipt: '2026-11-27', deadline: '2026-12-18' },
      // Sat 19 Dec; 21, 22, 23 → Wed 23 Dec.
      { step: 'terminationNotice', date: '2026-12-19', receipt: '2026-12-19', effective: '2026-12-23' },
      // first working day after 23 Dec: (24, 25, 26, 27 no) Mon 28 Dec; 3 working days: 29, 30, (31, 1 Jan, 2, 3 no) 4 Jan;
      // d1…d6 = 4, 5, 6, 7, 8, 11 Jan. New agreement (broad reading): the Mon–Fri non-holiday before 4 Jan = Thu 31 Dec.
      {
        step: 'disconnectionRequest',
        date: '2026-12-28',
        receipt: '2026-12-28',
        cutoff: '2027-01-04',
        windowDeadline: '2027-01-11',
        newAgreementBy: '2026-12-31',
      },
    ]);
  });

  it('hourly-settled household: due 14 Sep 2026, digital → window d2 = Wed 11 Nov', () => {
    const request = planCase({ due: '2026-09-14', class: 'household', meter: 'hourly', channel: 'digital' }).steps.at(-1);
    // As the first worked example up to cut-off Tue 10 Nov; d1 = 10, d2 = 11 Nov, both household days.
    expect(request).toMatchObject({ step: 'disconnectionRequest', cutoff: '2026-11-10', windowDeadline: '2026-11-11' });
  });

  it('without arrears (BEK §27 stk. 1): no reminders, 2 months, demand sent Fri 9 Oct 2026', () => {
    const plan = planCase({ due: '2026-10-09', class: 'household', meter: 'physical', channel: 'digital', withoutArrears: true });
    expect(datesOf(plan.steps)).toEqual([
      // received 9 Oct; + 2 months = Wed 9 Dec.
      { step: 'securityDemand', date: '2026-10-09', receipt: '2026-10-09', deadline: '2026-12-09' },
      // Thu 10 Dec; 3 hverdage 11, 14, 15 → Tue 15 Dec.
      { step: 'terminationNotice', date: '2026-12-10', receipt: '2026-12-10', effective: '2026-12-15' },
      // Wed 16 Dec; 17, 18, 21 → Mon 21 Dec; d1…d6 = 21, 22, 23, 28, 29, 30 Dec → Wed 30 Dec;
      // new agreement by Fri 18 Dec.
      {
        step: 'disconnectionRequest',
        date: '2026-12-16',
        receipt: '2026-12-16',
        cutoff: '2026-12-21',
        windowDeadline: '2026-12-30',
        newAgreementBy: '2026-12-18',
      },
    ]);
    expect(plan.steps[0]?.step === 'securityDemand' && plan.steps[0].deadlineBasis).toContain('BEK §27 stk. 1');
  });
});

describe('business plans (RULES 3): no security demand or termination notice', () => {
  it('business, physical, digital, due 14 Sep 2026', () => {
    const plan = planCase({ due: '2026-09-14', class: 'business', meter: 'physical', channel: 'digital' });
    expect(datesOf(plan.steps)).toEqual([
      { step: 'reminder1', date: '2026-09-17', receipt: '2026-09-17', paymentDeadline: '2026-09-27' },
      { step: 'reminder2', date: '2026-09-28', receipt: '2026-09-28', paymentDeadline: '2026-10-08' },
      // first working day after 8 Oct = Fri 9 Oct; 3 working days: 12, 13, 14 → Wed 14 Oct (after Mon 12, the
      // hverdag following receipt); d1…d6 = 14, 15, 16, 19, 20, 21 → Wed 21 Oct.
      { step: 'disconnectionRequest', date: '2026-10-09', receipt: '2026-10-09', cutoff: '2026-10-14', windowDeadline: '2026-10-21' },
    ]);
  });

  it('business, remote, letter, due 14 Sep 2026: the letter decides the cut-off', () => {
    const steps = planCase({ due: '2026-09-14', class: 'business', meter: 'remote', channel: 'letter' }).steps;
    // Reminder 1 Thu 17 Sep, received Thu 24 Sep, pay by Sun 4 Oct; reminder 2 Mon 5 Oct, received Mon 12 Oct,
    // pay by Thu 22 Oct. Request Fri 23 Oct; letter received 26–30 → Fri 30 Oct; next hverdag Mon 2 Nov;
    // after it: Tue 3 Nov (3 working days alone: Wed 28 Oct); d3 = 3, 4, 5 → Thu 5 Nov.
    expect(steps.map((s) => s.step)).toEqual(['reminder1', 'reminder2', 'disconnectionRequest']);
    expect(datesOf(steps)[2]).toEqual({
      step: 'disconnectionRequest',
      date: '2026-10-23',
      receipt: '2026-10-30',
      cutoff: '2026-11-03',
      windowDeadline: '2026-11-05',
    });
  });

  it('business-large, hourly, digital, due 14 Sep 2026 → cut-off Wed 14 Oct, window d2 Thu 15 Oct', () => {
    const steps = planCase({ due: '2026-09-14', class: 'business-large', meter: 'hourly', channel: 'digital' }).steps;
    expect(steps.at(-1)).toMatchObject({ date: '2026-10-09', cutoff: '2026-10-14', windowDeadline: '2026-10-15' });
  });

  it('over Christmas: due Fri 27 Nov 2026', () => {
    // reminder1 Mon 30 Nov, pay by Thu 10 Dec; reminder2 Fri 11 Dec, pay by Mon 21 Dec; request Tue 22 Dec;
    // 3 working days: 23, 28, 29 Dec; after Wed 23 (the hverdag after receipt) anyway.
    // business: 29, 30 Dec between Christmas and New Year, 31 Dec, 1 Jan no → Mon 4 Jan 2027; d6 = 4–8, 11 Jan.
    const business = planCase({ due: '2026-11-27', class: 'business', meter: 'physical', channel: 'digital' }).steps;
    expect(datesOf(business).map((s) => s.date)).toEqual(['2026-11-30', '2026-12-11', '2026-12-22']);
    expect(business.at(-1)).toMatchObject({ cutoff: '2027-01-04', windowDeadline: '2027-01-11' });
    // business-large is disconnected on Tue 29 Dec; d2 = Wed 30 Dec.
    const large = planCase({ due: '2026-11-27', class: 'business-large', meter: 'hourly', channel: 'digital' }).steps;
    expect(large.at(-1)).toMatchObject({ cutoff: '2026-12-29', windowDeadline: '2026-12-30' });
  });
});

describe('refusals and settings', () => {
  it('refuses business-large without an hourly-settled meter', () => {
    expect(() => planCase({ due: '2026-09-14', class: 'business-large', meter: 'physical', channel: 'digital' })).toThrow(RulesError);
    expect(() => planCase({ due: '2026-09-14', class: 'business-large', meter: 'remote', channel: 'digital' })).toThrow(
      /business-large .* needs meter "hourly"/,
    );
  });

  it('refuses withoutArrears for a business', () => {
    expect(() => planCase({ due: '2026-09-14', class: 'business', meter: 'physical', channel: 'digital', withoutArrears: true })).toThrow(
      /households only/,
    );
  });

  it('refuses a malformed due date and a date outside the holiday table', () => {
    expect(() => planCase({ due: '2026-9-14', class: 'household', meter: 'physical', channel: 'digital' })).toThrow(RangeError);
    expect(() => planCase({ due: '2060-12-01', class: 'household', meter: 'physical', channel: 'digital' })).toThrow(/outside the holiday table/);
  });

  it('follows the schedule settings', () => {
    const s = resolveRulesSettings({ reminder1DaysAfterDue: 5, reminderPaymentDays: 14 });
    const [r1, r2] = planCase({ due: '2026-09-14', class: 'household', meter: 'physical', channel: 'digital', settings: s }).steps;
    // 14 + 5 = Sat 19 Sep, pay by 3 Oct; reminder 2 on Sun 4 Oct.
    expect(r1).toMatchObject({ date: '2026-09-19', paymentDeadline: '2026-10-03' });
    expect(r2).toMatchObject({ date: '2026-10-04' });
  });
});

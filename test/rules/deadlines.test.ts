/**
 * Deadlines (RULES 1, 2, 4, 7): cut-off dates, the grid window, receipts, security and termination,
 * reopening. Expected values are worked out by hand; each row's comment gives the count.
 * November 2026 has no holidays: Mon 9, Thu 12, Fri 13, Sat 14, Mon 16 … Fri 20 Nov.
 */
import { describe, expect, it } from 'vitest';
import {
  RulesError,
  copenhagenLocalTime,
  earliestCutoff,
  expectedReopening,
  gridWindow,
  newAgreementDeadline,
  receiptDate,
  resolveRulesSettings,
  securityDeadline,
  terminationEffective,
  type CustomerClass,
  type MeterKind,
} from '../../rules/index.js';

describe('grid window (RULES 4): a cut-off on a Monday, Thursday and Friday, each meter kind and class', () => {
  // [cutoff, meter, class, deadline, disconnection days from cut-off to deadline, hand count]
  const rows: Array<[string, MeterKind, CustomerClass, string, string[], string]> = [
    // physical: d6
    ['2026-11-09', 'physical', 'household', '2026-11-16', ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-16'], 'Mon: d1…d6 = 9, 10, 11, 12, 13, 16 → Mon 16 (Friday 13 not a household day)'],
    ['2026-11-09', 'physical', 'business', '2026-11-16', ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-16'], 'Mon → next Mon'],
    ['2026-11-12', 'physical', 'household', '2026-11-19', ['2026-11-12', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'], 'Thu: 12, 13, 16, 17, 18, 19 → Thu 19'],
    ['2026-11-12', 'physical', 'business', '2026-11-19', ['2026-11-12', '2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'], 'Thu: 12 … 19'],
    ['2026-11-13', 'physical', 'household', '2026-11-20', ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'], 'Fri: 13, 16, 17, 18, 19, 20 → Fri 20, itself no household day; not all blocked'],
    ['2026-11-13', 'physical', 'business', '2026-11-20', ['2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'], 'Fri: 13 … 20'],
    // remote: d3
    ['2026-11-09', 'remote', 'household', '2026-11-11', ['2026-11-09', '2026-11-10', '2026-11-11'], 'Mon → Wed (SV 2.3.1)'],
    ['2026-11-09', 'remote', 'business', '2026-11-11', ['2026-11-09', '2026-11-10', '2026-11-11'], 'Mon → Wed'],
    ['2026-11-12', 'remote', 'household', '2026-11-16', ['2026-11-12', '2026-11-16'], 'Thu: 12, 13, 16 → Mon 16'],
    ['2026-11-12', 'remote', 'business', '2026-11-16', ['2026-11-12', '2026-11-13', '2026-11-16'], 'Thu: 12, 13, 16'],
    ['2026-11-13', 'remote', 'household', '2026-11-17', ['2026-11-16', '2026-11-17'], 'Fri: 13, 16, 17 → Tue 17'],
    ['2026-11-13', 'remote', 'business', '2026-11-17', ['2026-11-13', '2026-11-16', '2026-11-17'], 'Fri: 13, 16, 17'],
    // hourly: d2, postponed past blocked d1/d2, never before d2
    ['2026-11-09', 'hourly', 'household', '2026-11-10', ['2026-11-09', '2026-11-10'], 'Mon → Tue (SV 2.3.1)'],
    ['2026-11-09', 'hourly', 'business', '2026-11-10', ['2026-11-09', '2026-11-10'], 'Mon → Tue'],
    ['2026-11-09', 'hourly', 'business-large', '2026-11-10', ['2026-11-09', '2026-11-10'], 'Mon → Tue'],
    ['2026-11-12', 'hourly', 'household', '2026-11-16', ['2026-11-12', '2026-11-16'], 'Thu: d1 12, d2 Fri 13 blocked → first household day after 13 = Mon 16'],
    ['2026-11-12', 'hourly', 'business', '2026-11-13', ['2026-11-12', '2026-11-13'], 'Thu: d1 12, d2 13, both business days → Fri 13'],
    ['2026-11-12', 'hourly', 'business-large', '2026-11-13', ['2026-11-12', '2026-11-13'], 'Thu → Fri'],
    ['2026-11-13', 'hourly', 'household', '2026-11-16', ['2026-11-16'], 'Fri: d1 13 blocked, d2 Mon 16 → Mon 16 (= d2)'],
    ['2026-11-13', 'hourly', 'business', '2026-11-16', ['2026-11-13', '2026-11-16'], 'Fri: d1 13, d2 Mon 16'],
    ['2026-11-13', 'hourly', 'business-large', '2026-11-16', ['2026-11-13', '2026-11-16'], 'Fri → Mon'],
  ];
  it.each(rows)('%s %s %s → %s', (cutoff, meter, cls, deadline, days) => {
    const w = gridWindow(cutoff, meter, cls);
    expect(w.cutoff).toBe(cutoff);
    expect(w.deadline).toBe(deadline);
    expect(w.days).toEqual(days);
    expect(w.basis).toMatch(/SV 2\.2\.[123] c, 2\.3\.1/);
  });

  // Windows that hit holidays.
  const holidayRows: Array<[string, MeterKind, CustomerClass, string, string[], string]> = [
    ['2026-12-21', 'physical', 'household', '2026-12-30', ['2026-12-21', '2026-12-22'], 'd1…d6 = 21, 22, 23, 28, 29, 30 Dec: deadline 30 Dec, a day the grid does not disconnect households'],
    ['2026-12-23', 'remote', 'household', '2027-01-04', ['2027-01-04'], 'd1…d3 = 23, 28, 29 Dec: all blocked → first household day after 29 Dec: 30 no, 31 no, 1 Jan, 2–3 → Mon 4 Jan'],
    ['2026-12-23', 'physical', 'household', '2027-01-05', ['2027-01-04', '2027-01-05'], 'd1…d6 = 23, 28, 29, 30 Dec, 4, 5 Jan → Tue 5 Jan'],
    ['2026-12-28', 'hourly', 'business', '2027-01-04', ['2027-01-04'], 'd1 28, d2 29 Dec both blocked → first business day after 29: 30 no, 31 no, 1 Jan no → Mon 4 Jan'],
    ['2026-12-28', 'hourly', 'business-large', '2026-12-29', ['2026-12-28', '2026-12-29'], 'business-large is disconnected between Christmas and New Year: d2 = Tue 29 Dec'],
    ['2026-05-13', 'hourly', 'household', '2026-05-18', ['2026-05-18'], 'd1 Wed 13 May (day before Ascension, blocked), d2 Mon 18 (14 holiday, 15 Friday after Ascension) → 18'],
    ['2026-04-04', 'remote', 'household', '2026-04-09', ['2026-04-07', '2026-04-08', '2026-04-09'], 'Easter Saturday: d1 = Tue 7 Apr (5, 6 holidays), d2 8, d3 Thu 9'],
    ['2026-11-14', 'hourly', 'household', '2026-11-17', ['2026-11-16', '2026-11-17'], 'Sat: d1 Mon 16, d2 Tue 17 (RULES 4 default d2)'],
  ];
  it.each(holidayRows)('%s %s %s → %s', (cutoff, meter, cls, deadline, days) => {
    const w = gridWindow(cutoff, meter, cls);
    expect(w.deadline).toBe(deadline);
    expect(w.days).toEqual(days);
  });

  it('reads SV 2.3.1 literally for hourly-settled points when told to', () => {
    const literal = resolveRulesSettings({ hourlyWindowReading: 'literal' });
    // Sat 14 Nov: "senest arbejdsdagen efter" the cut-off = Mon 16 (d1), not d2 = Tue 17.
    expect(gridWindow('2026-11-14', 'hourly', 'household', literal).deadline).toBe('2026-11-16');
    // Mon 9 Nov: the working day after = Tue 10; neither 9 nor 10 blocked.
    expect(gridWindow('2026-11-09', 'hourly', 'household', literal).deadline).toBe('2026-11-10');
    // Thu 12 Nov, household: the day after (Fri 13) is blocked → first household day after 13 = Mon 16.
    expect(gridWindow('2026-11-12', 'hourly', 'household', literal).deadline).toBe('2026-11-16');
    // Thu 12 Nov, business: Fri 13 is a business day → Fri 13.
    expect(gridWindow('2026-11-12', 'hourly', 'business', literal).deadline).toBe('2026-11-13');
  });

  it('refuses business-large without an hourly-settled meter', () => {
    expect(() => gridWindow('2026-11-09', 'physical', 'business-large')).toThrow(RulesError);
    expect(() => gridWindow('2026-11-09', 'remote', 'business-large')).toThrow(/needs meter "hourly"/);
  });
});

describe('earliest cut-off of a DataHub request (SV 2.2.1 b, RULES 1)', () => {
  // [request, class, cut-off, hand count]
  const rows: Array<[string, CustomerClass, string, string]> = [
    ['2026-11-21', 'household', '2026-11-26', 'RULES 1 example: Sat 21 Nov → from Mon 23: 24, 25, 26 → Thu 26 Nov'],
    ['2026-11-21', 'business', '2026-11-26', 'idem'],
    ['2026-11-21', 'business-large', '2026-11-26', 'idem'],
    ['2026-12-16', 'household', '2026-12-21', 'Wed 16 Dec: 17, 18, 21 → Mon 21 Dec'],
    ['2026-11-05', 'household', '2026-11-10', 'RULES 2 example: Thu 5 Nov: 6, 9, 10 → Tue 10'],
    ['2026-11-09', 'household', '2026-11-12', 'Mon 9 Nov: 10, 11, 12 → Thu 12 (Fri 13 no holiday)'],
    ['2026-11-10', 'household', '2026-11-16', 'Tue 10 Nov: 11, 12, 13 → Fri 13: household no → Mon 16'],
    ['2026-11-10', 'business', '2026-11-13', 'Tue 10 Nov: 11, 12, 13 → Fri 13'],
    ['2026-04-03', 'household', '2026-04-13', 'Good Friday: from Tue 7 Apr (4–6 no): 8, 9, 10 → Fri 10: household no → Mon 13'],
    ['2026-04-03', 'business', '2026-04-10', 'Good Friday: → Fri 10 Apr'],
    ['2026-05-14', 'household', '2026-05-21', 'Ascension Day: from Mon 18 (15 Friday after, 16–17): 19, 20, 21 → Thu 21 May (Fri 22 no holiday)'],
    ['2026-05-15', 'business', '2026-05-21', 'Friday after Ascension: from Mon 18: 19, 20, 21'],
    ['2026-12-19', 'household', '2027-01-04', 'Sat 19 Dec: from Mon 21: 22, 23, 28 → 28 Dec: between Christmas and New Year … → Mon 4 Jan'],
    ['2026-12-19', 'business', '2027-01-04', 'idem for business'],
    ['2026-12-19', 'business-large', '2026-12-28', 'business-large is disconnected on Mon 28 Dec'],
    ['2026-12-24', 'household', '2027-01-04', 'Christmas Eve: from Mon 28: 29, 30, 4 Jan'],
    ['2026-12-25', 'business-large', '2027-01-04', 'Christmas Day: from Mon 28: 29, 30, 4 Jan'],
    ['2026-06-01', 'household', '2026-06-08', 'Mon 1 Jun: 2, 3, 4 → Thu 4 Jun: household no (4 June); 5 June no → Mon 8'],
    ['2026-06-01', 'business', '2026-06-04', 'Mon 1 Jun → Thu 4 Jun, a business day'],
    ['2026-06-03', 'business', '2026-06-08', 'Wed 3 Jun: 4, 5 (a working day), 8 → Mon 8'],
  ];
  it.each(rows)('%s %s → %s', (request, cls, cutoff) => {
    const c = earliestCutoff({ request, customerClass: cls });
    expect(c.date).toBe(cutoff);
    expect(c.basis).toMatch(/^SV 2\.2\.1 b/);
  });

  it('does not count 5 June when the settings say it is no working day', () => {
    const s = resolveRulesSettings({ constitutionDayIsWorkingDay: false });
    // Wed 3 Jun 2026: 4, 8, 9 → Tue 9 Jun.
    expect(earliestCutoff({ request: '2026-06-03', customerClass: 'business' }, s).date).toBe('2026-06-09');
  });

  it('waits for the letter sent with the request (RULES 2.5)', () => {
    // RULES 2 second example: request Thu 19 Nov 2026, letter received Thu 26 Nov; the next hverdag
    // is Fri 27 Nov; after it: Sat 28 → first household day Mon 30 Nov.
    const c = earliestCutoff({ request: '2026-11-19', customerClass: 'household', letterReceipt: '2026-11-26' });
    expect(c.date).toBe('2026-11-30');
    expect(c.basis).toContain('RULES 2.5');
    // A business: after Fri 27 → Sat 28 → Mon 30 Nov too.
    expect(earliestCutoff({ request: '2026-11-19', customerClass: 'business', letterReceipt: '2026-11-26' }).date).toBe('2026-11-30');
    // 'after-receipt': after Thu 26 → Fri 27, a business day.
    const afterReceipt = resolveRulesSettings({ cutoffReceiptCondition: 'after-receipt' });
    expect(earliestCutoff({ request: '2026-11-19', customerClass: 'business', letterReceipt: '2026-11-26' }, afterReceipt).date).toBe('2026-11-27');
    // 'none': 3 working days only: 20, 23, 24 → Tue 24 Nov.
    const none = resolveRulesSettings({ cutoffReceiptCondition: 'none' });
    expect(earliestCutoff({ request: '2026-11-19', customerClass: 'household', letterReceipt: '2026-11-26' }, none).date).toBe('2026-11-24');
  });
});

describe('receipt of a letter (RULES 1)', () => {
  it.each([
    ['2026-10-09', 'digital', '2026-10-09', 'digital post: the same day'],
    ['2026-10-31', 'digital', '2026-10-31', 'digital post on a Saturday: the same day'],
    ['2026-10-09', 'letter', '2026-10-16', 'Fri 9 Oct + 5 hverdage: 12, 13, 14, 15, 16'],
    ['2026-11-07', 'letter', '2026-11-13', 'Sat 7 Nov + 5 hverdage: 9, 10, 11, 12, 13'],
    ['2026-12-21', 'letter', '2026-12-30', 'Mon 21 Dec + 5 hverdage: 22, 23, 28, 29, 30 (24–27 no)'],
    ['2026-05-13', 'letter', '2026-05-22', 'Wed 13 May + 5: 18, 19, 20, 21, 22 (14 Ascension, 15 the Friday after)'],
    ['2026-06-01', 'letter', '2026-06-09', 'Mon 1 Jun + 5: 2, 3, 4, 8, 9 (5 June no hverdag)'],
  ] as const)('%s by %s → %s', (sent, channel, receipt, _why) => {
    expect(receiptDate(sent, channel).date).toBe(receipt);
  });
});

describe('security and termination deadlines (BEK §27–§28)', () => {
  it('gives 15 hverdage from receipt', () => {
    // RULES 2: 9 Oct → 12–16, 19–23, 26–30 Oct.
    expect(securityDeadline('2026-10-09')).toEqual({ date: '2026-10-30', basis: 'BEK §27 stk. 2: 15 hverdage from receipt' });
    // RULES 2 second example: received 16 Oct → 19–23, 26–30 Oct, 2–6 Nov.
    expect(securityDeadline('2026-10-16').date).toBe('2026-11-06');
    // Fri 29 May 2026: Jun 1–4 (4), 5 June no, 8–12 (9), 15–19 (14), 22 (15) → Mon 22 Jun.
    expect(securityDeadline('2026-05-29').date).toBe('2026-06-22');
    // With 5 June a hverdag: 1–5 (5), 8–12 (10), 15–19 (15) → Fri 19 Jun.
    expect(securityDeadline('2026-05-29', {}, resolveRulesSettings({ constitutionDayIsHverdag: true })).date).toBe('2026-06-19');
  });

  it('gives 2 months without arrears (BEK §27 stk. 1)', () => {
    expect(securityDeadline('2026-10-09', { withoutArrears: true }).date).toBe('2026-12-09');
    // 31 Dec + 2 months: 28 Feb 2027 (no 31 Feb).
    expect(securityDeadline('2026-12-31', { withoutArrears: true }).date).toBe('2027-02-28');
  });

  it('makes a termination effective 3 hverdage from receipt', () => {
    // RULES 2: Sat 31 Oct → 2, 3, 4 Nov.
    expect(terminationEffective('2026-10-31')).toEqual({ date: '2026-11-04', basis: 'BEK §28 stk. 1: 3 hverdage from receipt' });
    // RULES 2 second example: Fri 13 Nov → 16, 17, 18.
    expect(terminationEffective('2026-11-13').date).toBe('2026-11-18');
    // Thu 4 Jun 2026: 5 June no hverdag → 8, 9, 10.
    expect(terminationEffective('2026-06-04').date).toBe('2026-06-10');
    // Sat 19 Dec 2026: 21, 22, 23.
    expect(terminationEffective('2026-12-19').date).toBe('2026-12-23');
  });
});

describe('the last day for a new agreement (SV 2.2.1 a 5, RULES 1 broad reading)', () => {
  it.each([
    ['2026-11-10', '2026-11-09', '2026-11-09', 'Tue 10 Nov → Mon 9 Nov either way'],
    ['2026-05-18', '2026-05-15', '2026-05-13', 'Mon 18 May: broad = Fri 15 (the Friday after Ascension is Mon–Fri, no holiday); narrow = Wed 13'],
    ['2026-06-08', '2026-06-05', '2026-06-04', 'Mon 8 Jun: broad = Fri 5 June; narrow = Thu 4 Jun'],
    ['2027-01-04', '2026-12-31', '2026-12-30', 'Mon 4 Jan 2027: broad = Thu 31 Dec; narrow = Wed 30 Dec'],
  ])('cut-off %s → broad %s, narrow %s', (cutoff, broad, narrow) => {
    expect(newAgreementDeadline(cutoff).date).toBe(broad);
    expect(newAgreementDeadline(cutoff, resolveRulesSettings({ customerDeadlineReading: 'narrow' })).date).toBe(narrow);
  });
});

describe('reopening (SV 3.2.1 c, 3.2.2 c, RULES 7)', () => {
  it.each([
    ['2026-11-10T10:30', 'physical', '2026-11-10', true, '10:30', '16:00', 'Tue before 11:00 → same day until 16:00'],
    ['2026-11-10T11:00', 'physical', '2026-11-10', true, '11:00', '16:00', 'exactly 11:00 still counts'],
    ['2026-11-10T11:01', 'physical', '2026-11-11', false, '08:00', '16:00', 'after 11:00 → next working day'],
    ['2026-11-10T07:15', 'physical', '2026-11-10', true, '08:00', '16:00', 'before normal hours → same day from 08:00'],
    ['2026-11-13T13:59', 'remote', '2026-11-13', true, '13:59', '15:00', 'Friday before 14:00 → same day until 15:00'],
    ['2026-11-13T14:30', 'remote', '2026-11-16', false, '08:00', '16:00', 'Friday after 14:00 → Mon 16 Nov'],
    ['2026-11-14T09:00', 'physical', '2026-11-16', false, '08:00', '16:00', 'Saturday → Mon 16 Nov'],
    ['2026-05-13T15:00', 'remote', '2026-05-18', false, '08:00', '16:00', 'Wed 13 May after 14:00 → 14 Ascension, 15 Friday after → Mon 18'],
    ['2026-11-10T12:00', 'hourly', '2026-11-11', false, '08:00', '16:00', 'hourly reopens as physical by default: 12:00 > 11:00'],
  ] as const)('%s %s → %s', (at, meter, date, sameDay, from, to, _why) => {
    const r = expectedReopening({ at, meter });
    expect({ date: r.date, sameDay: r.sameDay, from: r.from, to: r.to }).toEqual({ date, sameDay, from, to });
  });

  it('respects the grid company’s closed days and the hourly setting', () => {
    // Thu 30 Apr 2026 12:00 physical → Fri 1 May 08:00–15:00; closed on 1 May → Mon 4 May.
    expect(expectedReopening({ at: '2026-04-30T12:00', meter: 'physical' }).date).toBe('2026-05-01');
    expect(expectedReopening({ at: '2026-04-30T12:00', meter: 'physical' }).to).toBe('15:00');
    const closed = resolveRulesSettings({ gridClosedDays: ['05-01'] });
    expect(expectedReopening({ at: '2026-04-30T12:00', meter: 'physical' }, closed).date).toBe('2026-05-04');
    const remoteHourly = resolveRulesSettings({ hourlyReopeningMethod: 'remote' });
    expect(expectedReopening({ at: '2026-11-10T12:00', meter: 'hourly' }, remoteHourly).sameDay).toBe(true);
  });

  it('refuses a malformed time', () => {
    expect(() => expectedReopening({ at: '2026-11-10 10:30', meter: 'physical' })).toThrow(RangeError);
    expect(() => expectedReopening({ at: '2026-11-10T25:00', meter: 'physical' })).toThrow(RangeError);
  });
});

describe('Danish local time from UTC (EU summer time rule)', () => {
  it.each([
    // Summer time 2026: last Sunday of March = 29 Mar (31 Mar is a Tuesday); ends last Sunday of October = 25 Oct (31 Oct is a Saturday).
    ['2026-03-29T00:59:59Z', '2026-03-29T01:59:59', 60],
    ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00', 120],
    ['2026-10-25T00:59:59Z', '2026-10-25T02:59:59', 120],
    ['2026-10-25T01:00:00Z', '2026-10-25T02:00:00', 60],
    ['2026-12-31T23:30:00Z', '2027-01-01T00:30:00', 60],
    ['2026-07-01T10:00:00+02:00', '2026-07-01T10:00:00', 120],
    ['2026-11-10T09:45:00.500Z', '2026-11-10T10:45:00', 60],
  ] as const)('%s → %s', (instant, local, offset) => {
    const t = copenhagenLocalTime(instant);
    expect(t.local).toBe(local);
    expect(t.offsetMinutes).toBe(offset);
  });

  it('takes epoch milliseconds too', () => {
    // 2026-03-29T01:00:00Z = Date.UTC(2026, 2, 29, 1).
    expect(copenhagenLocalTime(Date.UTC(2026, 2, 29, 1)).local).toBe('2026-03-29T03:00:00');
    expect(() => copenhagenLocalTime('2026-03-29 01:00')).toThrow(RangeError);
  });
});

/**
 * Owner liability (BEK §25, RULES 9) and requested disconnections (RULES 10): every expected date is
 * worked out by hand from RULES 1 (working day, hverdag, disconnection days) and RULES 4 (the window),
 * with a plain calendar. Holidays used:
 * - Easter 2027: Maundy Thursday 25 Mar, Good Friday 26 Mar, Easter Sunday 28 Mar, Easter Monday 29 Mar;
 *   Ascension Thu 6 May 2027, the Friday after (7 May) is no working day.
 * - Christmas 2027: Fri 24 Dec (not a working day), Sat 25, Sun 26; 27–30 Dec "between Christmas and
 *   New Year"; Fri 31 Dec (not a working day); Sat 1 Jan 2028.
 * - 5 June: a Saturday in 2027; Whit Monday in 2028 (Mon 5 Jun 2028); a Tuesday in 2029 (a working
 *   day, but no hverdag and no disconnection day).
 */
import { describe, expect, it } from 'vitest';
import { resolveOwnerSettings } from '../../config/owner.js';
import {
  DEFAULT_OWNER_SETTINGS,
  checkRequester,
  cutoffAfterAgreement,
  earliestDisconnection,
  requestSendDay,
  ownerBoundAfterDisconnection,
  ownerBoundFrom,
  ownerDeadline,
  ownerLetterDate,
  ownerNoticeEnd,
  ownerSettingsProblem,
  ownerUnreachable,
  requestedCutoff,
  type ContactAttempt,
  type CustomerClass,
  type MeterKind,
} from '../../rules/index.js';

const NEXT_DAY = { ...DEFAULT_OWNER_SETTINGS, ownerLetterTiming: 'next-working-day' as const };

describe("the owner's letter goes out without undue delay (BEK §25 stk. 2)", () => {
  // [case started, timing, letter date, hand count]
  const rows: Array<[string, 'same' | 'next', string, string]> = [
    ['2027-03-01', 'same', '2027-03-01', 'Mon 1 Mar 2027, a working day: the same day'],
    ['2027-03-24', 'same', '2027-03-24', 'Wed 24 Mar, the day before Maundy Thursday: a working day'],
    ['2027-03-25', 'same', '2027-03-30', 'Maundy Thursday → 26 Good Friday, 27–28 weekend, 29 Easter Monday → Tue 30 Mar'],
    ['2027-03-27', 'same', '2027-03-30', 'Sat before Easter → Sun 28, Mon 29 Easter Monday → Tue 30 Mar'],
    ['2027-05-07', 'same', '2027-05-10', 'the Friday after Ascension is no working day → Mon 10 May'],
    ['2027-06-05', 'same', '2027-06-07', 'Sat 5 Jun 2027 → Mon 7 Jun'],
    ['2029-06-05', 'same', '2029-06-05', 'Tue 5 Jun 2029: a working day (RULES 1, DataHub calendar)'],
    ['2027-12-24', 'same', '2027-12-27', 'Fri 24 Dec: no working day; 25–26 weekend → Mon 27 Dec (a working day)'],
    ['2027-03-01', 'next', '2027-03-02', 'next working day after Mon 1 Mar → Tue 2 Mar'],
    ['2027-03-24', 'next', '2027-03-30', 'after Wed 24 Mar: 25, 26 holidays, 27–28 weekend, 29 Easter Monday → Tue 30 Mar'],
    ['2027-12-23', 'next', '2027-12-27', 'after Thu 23 Dec: 24 Dec no working day, 25–26 weekend → Mon 27 Dec'],
  ];
  it.each(rows)('started %s, %s working day → %s (%s)', (known, timing, date) => {
    const letter = ownerLetterDate(known, timing === 'same' ? DEFAULT_OWNER_SETTINGS : NEXT_DAY);
    expect(letter.date).toBe(date);
    expect(letter.basis).toMatch(/^BEK §25 stk\. 2: without undue delay/);
  });
  it('defaults to the same working day', () => {
    expect(DEFAULT_OWNER_SETTINGS.ownerLetterTiming).toBe('same-working-day');
  });
});

describe("the owner's deadline: ≥ 5 hverdage from receipt (BEK §25 stk. 3)", () => {
  const rows: Array<[string, string, string]> = [
    ['2027-03-01', '2027-03-08', '2, 3, 4, 5, 8 Mar'],
    ['2027-03-22', '2027-04-01', '23, 24, (25–29 Easter and weekend) 30, 31 Mar, 1 Apr'],
    ['2027-05-04', '2027-05-13', '5, (6 Ascension, 7 Friday after, 8–9 weekend) 10, 11, 12, 13 May'],
    ['2027-06-01', '2027-06-08', '2, 3, 4, (5–6 weekend) 7, 8 Jun'],
    ['2028-06-01', '2028-06-09', '2, (3–4 weekend, 5 Whit Monday) 6, 7, 8, 9 Jun 2028'],
    ['2029-06-01', '2029-06-11', '4, (5 June is no hverdag) 6, 7, 8, 11 Jun 2029'],
    ['2027-12-22', '2027-12-30', '23, (24 no working day, 25–26 weekend) 27, 28, 29, 30 Dec'],
  ];
  it.each(rows)('received %s → %s (%s)', (receipt, deadline) => {
    const d = ownerDeadline(receipt);
    expect(d.date).toBe(deadline);
    expect(d.basis).toBe(`BEK §25 stk. 3: 5 hverdage from receipt (${receipt})`);
  });
  it('a longer deadline is a setting: 10 hverdage from Mon 1 Mar 2027 → 2, 3, 4, 5, 8, 9, 10, 11, 12, 15 → Mon 15 Mar', () => {
    expect(ownerDeadline('2027-03-01', { ...DEFAULT_OWNER_SETTINGS, ownerDeadlineHverdage: 10 }).date).toBe('2027-03-15');
  });
  it('refuses fewer than 5 hverdage', () => {
    expect(ownerSettingsProblem({ ...DEFAULT_OWNER_SETTINGS, ownerDeadlineHverdage: 4 })).toMatch(/BEK §25 stk\. 3/);
    expect(() => resolveOwnerSettings({ ownerDeadlineHverdage: 4 })).toThrow(/AFBRYD_OWNER_RULES\.ownerDeadlineHverdage.*BEK §25 stk\. 3/);
  });
});

describe('the owner is bound from the later of the deadline and the end of the terminated agreement (BEK §25 stk. 3, 6)', () => {
  const rows: Array<[string, string, string, 'deadline' | 'agreement', string]> = [
    ['2027-04-01', '2027-03-31', '2027-04-02', 'deadline', 'deadline Thu 1 Apr → Fri 2 Apr; agreement to Wed 31 Mar → Thu 1 Apr; later: Fri 2 Apr'],
    ['2027-10-18', '2027-10-31', '2027-11-01', 'agreement', 'deadline Mon 18 Oct → Tue 19 Oct; agreement to Sun 31 Oct → Mon 1 Nov; later: Mon 1 Nov'],
    ['2027-03-08', '2027-03-31', '2027-04-01', 'agreement', 'Tue 9 Mar vs Thu 1 Apr'],
    ['2027-03-31', '2027-03-31', '2027-04-01', 'deadline', 'both give Thu 1 Apr: the deadline (stk. 6)'],
    ['2027-12-30', '2027-12-31', '2028-01-01', 'agreement', 'Fri 31 Dec vs Sat 1 Jan 2028'],
  ];
  it.each(rows)('deadline %s, agreement to %s → bound from %s (%s)', (deadline, agreementEnd, from, which) => {
    const bound = ownerBoundFrom({ deadline, agreementEnd });
    expect(bound.date).toBe(from);
    expect(bound.basis).toMatch(which === 'deadline' ? /stk\. 6: at the earliest when the deadline/ : /from the end of the terminated agreement/);
  });

  it("is not bound when disconnected at the owner's request before then (stk. 4)", () => {
    // bound from Wed 9 Jun 2027, deadline Tue 8 Jun 2027
    const at = (disconnected: string) => ownerBoundAfterDisconnection({ disconnected, boundFrom: '2027-06-09', deadline: '2027-06-08' });
    expect(at('2027-06-07').bound).toBe(false);
    expect(at('2027-06-08').bound).toBe(false); // on the deadline's last day: before it ran out
    expect(at('2027-06-08').basis).toMatch(/BEK §25 stk\. 4.*not bound.*stk\. 7/);
    expect(at('2027-06-09').bound).toBe(true);
    expect(at('2027-06-10').basis).toMatch(/bound from 2027-06-09 until the disconnection/);
  });
});

describe('the earliest disconnection the owner is told of (BEK §25 stk. 4, 7; SV 2.2.1 b; RULES 4)', () => {
  // [asked on, class, meter, cut-off, window deadline, hand count]
  const rows: Array<[string, CustomerClass, MeterKind, string, string, string]> = [
    ['2027-03-01', 'household', 'physical', '2027-03-04', '2027-03-11', 'Mon 1 Mar: 2, 3, 4 → Thu 4 Mar; d1…d6 = 4, 5, 8, 9, 10, 11 Mar'],
    ['2027-03-22', 'household', 'physical', '2027-03-30', '2027-04-06', 'Mon 22 Mar: 23, 24, 30 → Tue 30 Mar; d1…d6 = 30, 31 Mar, 1, 2, 5, 6 Apr'],
    ['2027-06-01', 'household', 'remote', '2027-06-07', '2027-06-09', 'Tue 1 Jun: 2, 3, 4 → Fri 4 Jun (Friday, 4 June: no household day) → Mon 7 Jun; d3 = 9 Jun'],
    ['2027-03-27', 'business', 'hourly', '2027-04-02', '2027-04-05', 'Sat 27 Mar counts from Tue 30 Mar: 31 Mar, 1, 2 Apr → Fri 2 Apr (a business day); d2 = Mon 5 Apr'],
    ['2027-12-20', 'household', 'physical', '2028-01-03', '2028-01-10', 'Mon 20 Dec: 21, 22, 23 → 23 Dec no household day, 24 no working day, 27–30 between Christmas and New Year, 31 Dec, 1–2 Jan → Mon 3 Jan 2028; d6 = 3, 4, 5, 6, 7, 10 Jan'],
  ];
  it.each(rows)('asked %s (%s, %s) → cut-off %s, window to %s (%s)', (askedOn, customerClass, meter, cutoff, deadline) => {
    const e = earliestDisconnection({ askedOn, customerClass, meter });
    expect(e.request).toBe(askedOn);
    expect(e.cutoff.date).toBe(cutoff);
    expect(e.cutoff.basis).toMatch(/^BEK §25 stk\. 4: forwarded at once.*SV 2\.2\.1 b/);
    expect(e.windowDeadline.date).toBe(deadline);
    expect(e.windowDeadline.basis).toMatch(/SV 2\.2\.[123] c, 2\.3\.1/);
  });
});

describe('never before the day after the terminated agreement ends (BEK §25 stk. 6–7; RULES 9, 11)', () => {
  it('asked Mon 4 Oct 2027, agreement to Sun 31 Oct 2027: not Thu 7 Oct but Mon 1 Nov 2027', () => {
    // By the request alone: 3 working days after Mon 4 Oct = 5, 6, 7 Oct → Thu 7 Oct (a household day).
    expect(earliestDisconnection({ askedOn: '2027-10-04', customerClass: 'household', meter: 'physical' }).cutoff.date).toBe('2027-10-07');
    const e = earliestDisconnection({ askedOn: '2027-10-04', customerClass: 'household', meter: 'physical', agreementEnd: '2027-10-31' });
    // The day after the agreement: Mon 1 Nov 2027, a household disconnection day.
    expect(e.cutoff.date).toBe('2027-11-01');
    expect(e.cutoff.basis).toMatch(/^BEK §25 stk\. 6–7 \(RULES 9, 11\): not before the day after the terminated agreement ends \(last day 2027-10-31\)/);
    expect(e.heldToAgreementEnd).toBe(true);
    // 1 Nov − 4 Oct = 28 days ≤ 60: the request goes at once.
    expect(e.request).toBe('2027-10-04');
    // Physical meter, d6: 1, 2, 3, 4, 5, 8 Nov → Mon 8 Nov 2027.
    expect(e.windowDeadline.date).toBe('2027-11-08');
  });

  it('agreement to Fri 31 Dec 2027: Sat 1 Jan 2028 is a holiday, Sun 2 Jan too → Mon 3 Jan 2028; the request waits until 60 days before it, Thu 4 Nov 2027', () => {
    const e = earliestDisconnection({ askedOn: '2027-10-04', customerClass: 'household', meter: 'physical', agreementEnd: '2027-12-31' });
    expect(e.cutoff.date).toBe('2028-01-03');
    expect(e.cutoff.basis).toMatch(/SV 2\.3\.2: the first household disconnection day on or after 2028-01-01/);
    // 3 Jan − 31 days = 3 Dec; − 29 more = 4 Nov.
    expect(e.request).toBe('2027-11-04');
    expect(requestSendDay('2027-10-04', '2028-01-03').basis).toBe('regulation H1: the request goes in at most 60 days before the cut-off 2028-01-03');
    // d6 from Mon 3 Jan 2028: 3, 4, 5, 6, 7, 10 Jan.
    expect(e.windowDeadline.date).toBe('2028-01-10');
  });

  it('an agreement that ended before the earliest cut-off changes nothing', () => {
    const e = earliestDisconnection({ askedOn: '2027-10-04', customerClass: 'household', meter: 'physical', agreementEnd: '2027-10-01' });
    expect(e).toMatchObject({ cutoff: { date: '2027-10-07' }, heldToAgreementEnd: false, request: '2027-10-04' });
    expect(cutoffAfterAgreement({ date: '2027-10-07', basis: 'b' }, '2027-10-06', 'household')).toEqual({ cutoff: { date: '2027-10-07', basis: 'b' }, held: false });
  });
});

describe("the owner's notice: at most 1 month to the end of a month (BEK §25 stk. 5)", () => {
  const rows: Array<[string, string]> = [
    ['2027-03-15', '2027-04-30'],
    ['2027-03-31', '2027-04-30'],
    ['2028-01-31', '2028-02-29'], // a leap year
    ['2028-12-15', '2029-01-31'],
  ];
  it.each(rows)('notice given %s → ends at the latest %s', (given, end) => {
    const e = ownerNoticeEnd(given);
    expect(e.date).toBe(end);
    expect(e.basis).toMatch(/BEK §25 stk\. 5: .* at most 1 month's notice to the end of a month/);
  });
  it('with ownerNoticeMonths 0: to the end of the same month', () => {
    expect(ownerNoticeEnd('2027-03-15', { ...DEFAULT_OWNER_SETTINGS, ownerNoticeMonths: 0 }).date).toBe('2027-03-31');
  });
  it('refuses more than 1 month', () => {
    expect(ownerSettingsProblem({ ...DEFAULT_OWNER_SETTINGS, ownerNoticeMonths: 2 })).toMatch(/BEK §25 stk\. 5/);
  });
});

describe('the owner could not be reached (BEK §25 stk. 8) [interpretation]: 2 attempts, 2 channels, over 5 hverdage', () => {
  const a = (date: string, channel: ContactAttempt['channel']): ContactAttempt => ({ date, channel });
  const rows: Array<[string, ContactAttempt[], boolean, number]> = [
    ['none', [], false, 0],
    ['one phone call', [a('2027-10-05', 'phone')], false, 0],
    ['phone Tue 5 Oct, e-mail Tue 12 Oct 2027: 6, 7, 8, 11, 12 Oct', [a('2027-10-05', 'phone'), a('2027-10-12', 'email')], true, 5],
    ['two phone calls a week apart: one channel', [a('2027-10-05', 'phone'), a('2027-10-12', 'phone')], false, 5],
    ['phone Tue 5 Oct, e-mail Mon 11 Oct: 6, 7, 8, 11', [a('2027-10-05', 'phone'), a('2027-10-11', 'email')], false, 4],
    ['letter Mon 22 Mar, phone Tue 30 Mar 2027: 23, 24, 30 (Easter)', [a('2027-03-22', 'letter'), a('2027-03-30', 'phone')], false, 3],
    ['letter Mon 22 Mar, phone Thu 1 Apr 2027: 23, 24, 30, 31, 1', [a('2027-03-22', 'letter'), a('2027-04-01', 'phone')], true, 5],
    ['phone Fri 1 Jun, sms Fri 8 Jun 2029: 4, 6, 7, 8 (5 June no hverdag)', [a('2029-06-01', 'phone'), a('2029-06-08', 'sms')], false, 4],
    ['phone Fri 1 Jun, sms Mon 11 Jun 2029: 4, 6, 7, 8, 11', [a('2029-06-11', 'sms'), a('2029-06-01', 'phone')], true, 5],
  ];
  it.each(rows)('%s → met %s', (_what, attempts, met, hverdage) => {
    const d = ownerUnreachable(attempts);
    expect(d.met).toBe(met);
    expect(d.hverdage).toBe(hverdage);
    expect(d.basis).toMatch(/^BEK §25 stk\. 8/);
    if (!met) expect(d.missing.length).toBeGreaterThan(0);
  });
  it('names what is missing', () => {
    const d = ownerUnreachable([a('2027-10-05', 'phone')]);
    expect(d.missing).toEqual([
      '1 more attempt(s) (at least 2)',
      '1 more channel(s) (at least 2 different)',
      'the attempts must span at least 5 hverdage (now 0, from 2027-10-05)',
    ]);
  });
  it('the minimum is a setting: 3 attempts on 3 channels', () => {
    const strict = { ...DEFAULT_OWNER_SETTINGS, unreachableMinAttempts: 3, unreachableMinChannels: 3 };
    expect(ownerUnreachable([a('2027-10-05', 'phone'), a('2027-10-12', 'email')], strict).met).toBe(false);
    expect(ownerUnreachable([a('2027-10-05', 'phone'), a('2027-10-08', 'sms'), a('2027-10-12', 'email')], strict).met).toBe(true);
  });
});

describe('who may ask for a disconnection (RULES 9, 10)', () => {
  it('the owner, or a customer with the owner’s recorded consent', () => {
    expect(checkRequester({ role: 'owner' })).toMatchObject({ allowed: true });
    expect(checkRequester({ role: 'customer', ownerConsentId: 'CONSENT-7' })).toMatchObject({ allowed: true, basis: expect.stringContaining('CONSENT-7') });
  });
  it('refuses a customer without consent, and a tenant moving out with "use owner liability"', () => {
    expect(checkRequester({ role: 'customer' })).toMatchObject({ allowed: false, basis: expect.stringMatching(/BEK §25 stk\. 8/) });
    const tenant = checkRequester({ role: 'tenant-moving-out' });
    expect(tenant).toMatchObject({ allowed: false, reason: expect.stringMatching(/^use owner liability/), basis: expect.stringMatching(/BEK §25 stk\. 2/) });
  });
});

describe('the cut-off of a requested disconnection (RULES 10; SV 2.2.1 b, 2.3.2): a no-disconnection day is moved, not refused', () => {
  // [asked on, wanted, class, cut-off, moved, send on, hand count]
  const rows: Array<[string, string, CustomerClass, string, boolean, string, string]> = [
    ['2027-09-01', '2027-09-10', 'household', '2027-09-13', true, '2027-09-01', 'Fri 10 Sep: no household day → Sat, Sun → Mon 13 Sep'],
    ['2027-09-01', '2027-09-10', 'business', '2027-09-10', false, '2027-09-01', 'Fri 10 Sep is a business day; earliest 2, 3, 6 → Mon 6 Sep ≤ 10 Sep'],
    ['2027-09-01', '2027-09-02', 'household', '2027-09-06', true, '2027-09-01', 'too early: 2, 3, 6 → Mon 6 Sep'],
    ['2027-12-13', '2027-12-27', 'business', '2028-01-03', true, '2027-12-13', 'Mon 27 Dec: between Christmas and New Year; 28–30 too; 31 Dec, 1–2 Jan → Mon 3 Jan 2028'],
    ['2027-12-13', '2027-12-27', 'business-large', '2027-12-27', false, '2027-12-13', 'business-large is disconnected between Christmas and New Year'],
    ['2027-03-15', '2027-03-24', 'household', '2027-03-30', true, '2027-03-15', 'Wed 24 Mar: the day before Maundy Thursday; 25, 26, 29 holidays → Tue 30 Mar'],
    ['2029-05-28', '2029-06-05', 'household', '2029-06-06', true, '2029-05-28', 'Tue 5 Jun 2029: Constitution Day → Wed 6 Jun'],
    ['2027-03-01', '2027-06-02', 'household', '2027-06-02', false, '2027-04-03', 'Wed 2 Jun is 93 days ahead: the request waits until 60 days before, Sat 3 Apr'],
  ];
  it.each(rows)('asked %s for %s (%s) → cut-off %s', (requestedOn, wanted, customerClass, cutoff, moved, sendOn) => {
    const r = requestedCutoff({ requestedOn, wanted, customerClass });
    expect(r.cutoff.date).toBe(cutoff);
    expect(r.moved).toBe(moved);
    expect(r.sendOn.date).toBe(sendOn);
    if (moved) expect(r.reason).toMatch(new RegExp(`^${wanted} is (earlier than|not a ${customerClass} disconnection day)`));
    else expect(r.reason).toBeUndefined();
  });
  it('says why a Friday is moved for a household', () => {
    const r = requestedCutoff({ requestedOn: '2027-09-01', wanted: '2027-09-10', customerClass: 'household' });
    expect(r.reason).toBe('2027-09-10 is not a household disconnection day (fredag); moved to the next one, 2027-09-13');
    expect(r.cutoff.basis).toMatch(/^SV 2\.3\.2/);
  });
});

describe('AFBRYD_OWNER_RULES (config/owner.ts)', () => {
  it('defaults, overrides, and one-line errors naming the field', async () => {
    const { loadOwnerSettings } = await import('../../config/owner.js');
    expect(loadOwnerSettings({})).toEqual(DEFAULT_OWNER_SETTINGS);
    // A product carries its own contract (BEK §3 stk. 3: test/config/owner-contract.test.ts).
    const product = { productId: 'P-2', name: 'Fast pris', contract: { ...DEFAULT_OWNER_SETTINGS.ownerProduct.contract, priceType: 'fixed', priceMethod: 'Fast pris 2,00 kr. pr. kWh.', spotSurchargeOrePerKwh: undefined } };
    const custom = loadOwnerSettings({ AFBRYD_OWNER_RULES: JSON.stringify({ ownerLetterTiming: 'next-working-day', ownerProduct: product }) });
    expect(custom).toMatchObject({ ownerLetterTiming: 'next-working-day', ownerDeadlineHverdage: 5, ownerProduct: { productId: 'P-2' } });
    expect(() => loadOwnerSettings({ AFBRYD_OWNER_RULES: '{' })).toThrow('invalid configuration: AFBRYD_OWNER_RULES is not valid JSON');
    expect(() => loadOwnerSettings({ AFBRYD_OWNER_RULES: '{"ownerNoticeMonths":2}' })).toThrow(/AFBRYD_OWNER_RULES\.ownerNoticeMonths.*BEK §25 stk\. 5/);
    expect(() => loadOwnerSettings({ AFBRYD_OWNER_RULES: '{"unreachableMinAttempts":1,"unreachableMinChannels":2}' })).toThrow(/unreachableMinChannels must not be more than unreachableMinAttempts/);
    expect(() => loadOwnerSettings({ AFBRYD_OWNER_RULES: '{"ownerName":"x"}' })).toThrow(/AFBRYD_OWNER_RULES/);
  });
});

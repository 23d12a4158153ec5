/** Deposit interest and repayment dates (BEK §29), worked out by hand. */
import { describe, expect, it } from 'vitest';
import { depositInterest, depositRepaymentDate, type RateChange } from '../../rules/index.js';

const RATES: RateChange[] = [
  { from: '2020-01-01', ratePct: 2 },
  { from: '2027-07-01', ratePct: 1 },
  { from: '2027-10-01', ratePct: -0.1 },
];

describe('depositInterest', () => {
  it('counts each rate period, and no interest while the rate is not positive', () => {
    // 3,000 kr from Fri 15 Jan 2027 to Sat 15 Jan 2028 (365 days):
    //   15 Jan – 1 Jul: 17 + 28 + 31 + 30 + 31 + 30 = 167 days at 2 % → 300,000 × 0.02 × 167 / 365 = 2,745.205 øre
    //   1 Jul – 1 Oct: 31 + 31 + 30 = 92 days at 1 % → 300,000 × 0.01 × 92 / 365 = 756.164 øre
    //   1 Oct – 15 Jan: 31 + 30 + 31 + 14 = 106 days at −0.1 % → 0
    //   total 3,501.369 → rounded down 3,501 øre
    const interest = depositInterest(300_000, '2027-01-15', '2028-01-15', RATES);
    expect(interest.periods.map((p) => [p.from, p.to, p.days, p.appliedPct])).toEqual([
      ['2027-01-15', '2027-07-01', 167, 2],
      ['2027-07-01', '2027-10-01', 92, 1],
      ['2027-10-01', '2028-01-15', 106, 0],
    ]);
    expect(interest.interestOre).toBe(3_501);
    expect(interest.basis).toContain('BEK §29');
  });

  it('gives a whole year at one rate exactly', () => {
    // 3,000 kr for 365 days at 2 % = 60 kr
    expect(depositInterest(300_000, '2021-03-01', '2022-03-01', RATES).interestOre).toBe(6_000);
  });

  it('is zero for a deposit repaid the day it was received', () => {
    expect(depositInterest(300_000, '2027-02-01', '2027-02-01', RATES)).toMatchObject({ interestOre: 0, periods: [] });
  });

  it.each([
    ['a repayment before the deposit', () => depositInterest(1, '2027-02-01', '2027-01-31', RATES)],
    ['an empty table', () => depositInterest(1, '2027-02-01', '2027-03-01', [])],
    ['a table that starts too late', () => depositInterest(1, '2019-02-01', '2027-03-01', RATES)],
    ['an unsorted table', () => depositInterest(1, '2027-02-01', '2027-03-01', [RATES[1]!, RATES[0]!])],
    ['a fractional amount', () => depositInterest(1.5, '2027-02-01', '2027-03-01', RATES)],
  ])('refuses %s', (_name, compute) => {
    expect(compute).toThrow(RangeError);
  });
});

describe('depositRepaymentDate', () => {
  it.each([
    // a year after the start of timely payment
    ['2027-03-15', '2028-03-15'],
    // 29 Feb 2028 + 12 months: 28 Feb 2029 (no 29 Feb in 2029)
    ['2028-02-29', '2029-02-28'],
  ])('%s → %s', (since, expected) => {
    expect(depositRepaymentDate(since)).toEqual({ date: expected, basis: 'BEK §29: repaid after 1 year of timely payment' });
  });
});

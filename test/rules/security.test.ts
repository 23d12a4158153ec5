/**
 * The security demanded (BEK §26 stk. 1; RULES 2.3, 11) and the minimum arrears for a demand (RULES 11,
 * setting securityMinArrearsOre), worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { arrearsAllowDemand, securityAmount } from '../../rules/index.js';

describe('securityAmount: min(months × expected monthly payment, the risk cap)', () => {
  it('850 kr a month × 3 = 2,550 kr; no risk cap: the months bound, and the basis says no cap was given', () => {
    expect(securityAmount({ monthlyOre: 85_000, months: 3 })).toEqual({
      amountOre: 255_000,
      bound: 'months',
      basis: 'BEK §26 stk. 1: 3 × the expected monthly payment 85000 øre = 255000 øre; no risk cap given, so only the months bound applies',
    });
  });

  it('a risk cap of 2,000 kr is below 2,550 kr: 2,000 kr', () => {
    expect(securityAmount({ monthlyOre: 85_000, months: 3, riskCapOre: 200_000 })).toMatchObject({ amountOre: 200_000, bound: 'risk-cap' });
  });

  it('a risk cap of 3,000 kr is above 2,550 kr: 2,550 kr; equal to it: 2,550 kr by the months', () => {
    expect(securityAmount({ monthlyOre: 85_000, months: 3, riskCapOre: 300_000 })).toMatchObject({ amountOre: 255_000, bound: 'months' });
    expect(securityAmount({ monthlyOre: 85_000, months: 3, riskCapOre: 255_000 })).toMatchObject({ amountOre: 255_000, bound: 'months' });
  });
});

describe('arrearsAllowDemand (minimum 100 kr by default)', () => {
  it('99.99 kr is below 100 kr; 100 kr is enough; a snapshot without the setting has no minimum', () => {
    expect(arrearsAllowDemand(9_999, 10_000).allowed).toBe(false);
    expect(arrearsAllowDemand(9_999, 10_000).basis).toBe('RULES 11: no security demand for arrears of 9999 øre, below the minimum 10000 øre (securityMinArrearsOre)');
    expect(arrearsAllowDemand(10_000, 10_000).allowed).toBe(true);
    expect(arrearsAllowDemand(1, undefined).allowed).toBe(true);
  });
});

/**
 * The security a household is asked for (BEK §26 stk. 1; RULES 2.3, 11): at most 5 months' expected
 * payment and at most the supplier's actual risk in the case — min(months × expected monthly payment,
 * the risk cap the billing system gives). Without a risk cap only the months bound applies, and the
 * basis says so. And whether a demand is started at all: not for arrears below a minimum (RULES 11
 * **[interpretation]**, setting `securityMinArrearsOre`).
 */
/** The amount to demand, with the bound that set it. */
export interface SecurityAmount {
  amountOre: number;
  basis: string;
  /** Which bound set it. */
  bound: 'months' | 'risk-cap';
}

/**
 * Example: 850 kr a month × 3 = 2,550 kr; with a risk cap of 2,000 kr → 2,000 kr (the risk cap).
 * @param input.monthlyOre the expected monthly payment
 * @param input.months `securityMonths` (1–5)
 * @param input.riskCapOre the supplier's risk in the case, from the billing system; unset: none given
 */
export function securityAmount(input: { monthlyOre: number; months: number; riskCapOre?: number }): SecurityAmount {
  const byMonths = input.monthlyOre * input.months;
  const months = `${input.months} × the expected monthly payment ${input.monthlyOre} øre = ${byMonths} øre`;
  if (input.riskCapOre === undefined) {
    return { amountOre: byMonths, bound: 'months', basis: `BEK §26 stk. 1: ${months}; no risk cap given, so only the months bound applies` };
  }
  if (input.riskCapOre < byMonths) {
    return { amountOre: input.riskCapOre, bound: 'risk-cap', basis: `BEK §26 stk. 1: the supplier's risk in the case, ${input.riskCapOre} øre, is below ${months}` };
  }
  return { amountOre: byMonths, bound: 'months', basis: `BEK §26 stk. 1: ${months}, within the supplier's risk of ${input.riskCapOre} øre` };
}

/**
 * Whether the arrears are enough for a security demand (RULES 11): at least `minimumOre`. A case below
 * it stays at the reminders.
 */
export function arrearsAllowDemand(arrearsOre: number, minimumOre: number | undefined): { allowed: boolean; basis: string } {
  if (minimumOre === undefined || arrearsOre >= minimumOre) {
    return { allowed: true, basis: minimumOre === undefined ? 'no minimum arrears in the settings snapshot' : `arrears ${arrearsOre} øre ≥ the minimum ${minimumOre} øre (securityMinArrearsOre)` };
  }
  return { allowed: false, basis: `RULES 11: no security demand for arrears of ${arrearsOre} øre, below the minimum ${minimumOre} øre (securityMinArrearsOre)` };
}

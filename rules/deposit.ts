/**
 * The deposit (depositum) a household provides as security (BEK §29, RULES 8): when it is repaid and
 * with how much interest. Pure: the rate table and the dates come in, amounts in øre come out.
 *
 * BEK §29: the deposit is kept apart from the supplier's funds, earns interest at Danmarks
 * Nationalbank's lending rate (udlånsrente) when that is positive, and is repaid with interest without
 * undue delay after 1 year of timely payment, or when the agreement ends.
 */
import { addMonths, daysBetween, toDayNumber } from './dates.js';
import type { Dated, IsoDate } from './types.js';

/** One change of the National Bank's lending rate: the rate in percent a year, from a date on. */
export interface RateChange {
  from: IsoDate;
  /** Percent a year, e.g. 1.6 for 1.6 %. May be zero or negative (then no interest accrues). */
  ratePct: number;
}

/** How interest is counted: the interpretations, each a setting. */
export interface DepositInterestSettings {
  /**
   * Day count: actual days over 365 (simple interest, credited at repayment).
   * @default 'act/365'
   */
  dayCount: 'act/365' | 'act/360';
  /**
   * Rounding of the interest to whole øre.
   * @default 'down' (never more than accrued)
   */
  rounding: 'down' | 'nearest';
}

export const DEFAULT_DEPOSIT_INTEREST_SETTINGS: Readonly<DepositInterestSettings> = Object.freeze({
  dayCount: 'act/365',
  rounding: 'down',
});

/** One period of a constant rate inside an interest computation. */
export interface InterestPeriod {
  from: IsoDate;
  /** Exclusive: the period covers the days from `from` up to the day before `to`. */
  to: IsoDate;
  days: number;
  ratePct: number;
  /** The rate applied: 0 when the bank's rate was not positive. */
  appliedPct: number;
  /** Unrounded interest of the period, in øre. */
  interestOre: number;
}

/** The interest of a deposit, and how it was counted. */
export interface DepositInterest {
  interestOre: number;
  periods: InterestPeriod[];
  basis: string;
}

/**
 * The interest on `amountOre` from `from` (the day the deposit was received) to `to` (the day it is
 * repaid, not counted), at the National Bank's lending rate when positive (BEK §29).
 *
 * Example: 300,000 øre from 1 Jan 2027 to 1 Jan 2028 (365 days) at 2 % all year → 6,000 øre.
 * @throws RangeError when `to` is before `from`, when the table is empty or does not cover `from`,
 *   or when it is not sorted by date.
 */
export function depositInterest(
  amountOre: number,
  from: IsoDate,
  to: IsoDate,
  rates: readonly RateChange[],
  settings: Readonly<DepositInterestSettings> = DEFAULT_DEPOSIT_INTEREST_SETTINGS,
): DepositInterest {
  if (!Number.isInteger(amountOre) || amountOre < 0) throw new RangeError('a deposit is a whole, non-negative number of øre');
  if (toDayNumber(to) < toDayNumber(from)) throw new RangeError(`the repayment day ${to} is before the deposit day ${from}`);
  if (rates.length === 0) throw new RangeError('the National Bank rate table is empty');
  for (let i = 1; i < rates.length; i++) {
    if (toDayNumber(rates[i]!.from) <= toDayNumber(rates[i - 1]!.from)) {
      throw new RangeError('the National Bank rate table must be sorted by date, one change a day');
    }
  }
  if (toDayNumber(rates[0]!.from) > toDayNumber(from)) {
    throw new RangeError(`the National Bank rate table starts ${rates[0]!.from}, after the deposit day ${from}`);
  }
  const yearDays = settings.dayCount === 'act/360' ? 360 : 365;
  const periods: InterestPeriod[] = [];
  let total = 0;
  for (let i = 0; i < rates.length; i++) {
    const rate = rates[i]!;
    const next = rates[i + 1];
    const start = toDayNumber(rate.from) > toDayNumber(from) ? rate.from : from;
    const end = next && toDayNumber(next.from) < toDayNumber(to) ? next.from : to;
    const days = daysBetween(start, end);
    if (days <= 0) continue;
    const appliedPct = rate.ratePct > 0 ? rate.ratePct : 0;
    const interestOre = (amountOre * appliedPct * days) / (100 * yearDays);
    total += interestOre;
    periods.push({ from: start, to: end, days, ratePct: rate.ratePct, appliedPct, interestOre });
  }
  const interestOre = settings.rounding === 'down' ? Math.floor(total + 1e-9) : Math.round(total);
  return {
    interestOre,
    periods,
    basis: `BEK §29: Danmarks Nationalbank's lending rate when positive, simple interest ${settings.dayCount}, rounded ${settings.rounding}`,
  };
}

/**
 * The day a deposit falls due for repayment after a year of timely payment, counted from the start
 * of the current run of timely payments (the day the deposit was received, or the day after a
 * missed payment's due date). Example: received 15 Mar 2027 → 15 Mar 2028.
 */
export function depositRepaymentDate(timelySince: IsoDate): Dated {
  return { date: addMonths(timelySince, 12), basis: 'BEK §29: repaid after 1 year of timely payment' };
}

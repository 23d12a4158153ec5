/**
 * Danmarks Nationalbank's lending rate (udlånsrente), as a dated table from configuration
 * (`AFBRYD_NATIONALBANK_RATES`, see config/deposit.ts). An activity, so that the table a repayment
 * used is recorded in the deposit's history.
 */
import type { RateChange } from '../rules/index.js';

/** Builds the rate-table activity. */
export function createNationalBankActivities(deps: { rates: readonly RateChange[] }) {
  return {
    /** The lending rate table in force now, oldest change first. */
    async nationalBankRates(): Promise<RateChange[]> {
      return deps.rates.map((r) => ({ ...r }));
    },
  };
}

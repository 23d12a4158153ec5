/**
 * Settings of the deposit (BEK §29): Danmarks Nationalbank's lending rate table, from
 * `AFBRYD_NATIONALBANK_RATES` (JSON array of `{ "from": "YYYY-MM-DD", "ratePct": number }`, oldest
 * first), validated with zod.
 *
 * @default {@link ILLUSTRATIVE_NATIONALBANK_RATES} — an ILLUSTRATIVE table for the embedded default and
 * tests only. Production must set the real table from nationalbanken.dk and keep it current: the
 * interest a customer is owed depends on it.
 */
import { z } from 'zod';
import { isIsoDate, type RateChange } from '../rules/index.js';
import { ConfigError, formatIssues } from './env.js';

/** Illustrative only (see the module doc): not an authoritative record of the bank's rates. */
export const ILLUSTRATIVE_NATIONALBANK_RATES: readonly RateChange[] = Object.freeze([
  { from: '2015-01-20', ratePct: 0.05 },
  { from: '2022-09-09', ratePct: 1.25 },
  { from: '2023-09-15', ratePct: 3.75 },
  { from: '2024-06-07', ratePct: 3.5 },
  { from: '2025-06-13', ratePct: 1.85 },
]);

export const rateTableSchema = z
  .array(
    z
      .object({
        from: z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD'),
        ratePct: z.number().min(-10).max(50),
      })
      .strict(),
  )
  .min(1, 'needs at least one rate')
  .refine((rates) => rates.every((r, i) => i === 0 || r.from > rates[i - 1]!.from), 'must be sorted by date, one change a day');

/** Reads the rate table from the environment. @throws ConfigError in one line. */
export function loadNationalBankRates(env: NodeJS.ProcessEnv = process.env): RateChange[] {
  const text = env.AFBRYD_NATIONALBANK_RATES;
  if (text === undefined || text.trim() === '') return ILLUSTRATIVE_NATIONALBANK_RATES.map((r) => ({ ...r }));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError('invalid configuration: AFBRYD_NATIONALBANK_RATES is not valid JSON');
  }
  const parsed = rateTableSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error).replace(': ', ': AFBRYD_NATIONALBANK_RATES'));
  return parsed.data;
}

/**
 * Fee settings (RULES 8), from `AFBRYD_FEES` (a JSON object of {@link FeeSettings} overrides),
 * validated with zod. Each field's meaning and default is documented on `FeeSettings`
 * (rules/fees.ts); in short:
 *
 * | field | default |
 * |---|---|
 * | `businessLateCharge` | `'compensation'`: 310 kr once (Interest Act §9a stk. 3) instead of reminder fees |
 * | `gridTariffs` | `{ default: ILLUSTRATIVE_GRID_TARIFF }` — by grid company GLN, `default` for the rest |
 * | `products` | `standard` (after seed 003), `business-flex` (after seed 002) |
 * | `defaultProduct` | `'standard'` |
 * | `courtFeeOre` | `30000` (300 kr, illustrative) |
 * | `feesOnRedoneSteps` | `false`: a reminder redone after a hold carries no new fee (RULES 11) |
 * | `onlyAnnouncedFees` | `true`: no disconnection or reopening fee beyond what the disconnection letter stated (RULES 11) |
 * | `hourlyMeterFeeMethod` | `'remote'` |
 *
 * The grid tariff default is ILLUSTRATIVE: the seeds give no grid-fee amounts. Production must set
 * each grid company's approved tariff. A given `gridTariffs` or `products` map replaces the default
 * map as a whole (it must contain `default` and the `defaultProduct`). The reminder fee itself is a
 * case rule (`AFBRYD_CASE_RULES.reminderFeeOre`, ≤ 100 kr).
 */
import { z } from 'zod';
import { DEFAULT_FEE_SETTINGS, feeSettingsProblem, type FeeSettings } from '../rules/index.js';
import { ConfigError, formatIssues } from './env.js';

const ore = z.number().int('expected whole øre').min(0).max(10_000_000);

export const gridTariffSchema = z
  .object({
    disconnectionPhysicalOre: ore,
    disconnectionRemoteOre: ore,
    futileVisitOre: ore,
    reopeningPhysicalOre: ore,
    reopeningRemoteOre: ore,
    reopeningOutsideHoursOre: ore,
    futileReopeningOre: ore,
  })
  .strict();

export const productTariffSchema = z
  .object({
    disconnectionVisitOre: ore,
    reopeningOre: ore,
    reopeningOutsideHoursOre: ore,
    bailiffCaseOre: ore,
    passOnGridFees: z.boolean(),
    passOnCourtFee: z.boolean(),
  })
  .strict();

/** Overrides of {@link FeeSettings}; every field optional. */
export const feeSettingsSchema = z
  .object({
    businessLateCharge: z.enum(['compensation', 'reminder-fees', 'none']),
    gridTariffs: z.record(z.string().regex(/^(default|\d{13})$/, 'a grid company GLN (13 digits) or "default"'), gridTariffSchema),
    products: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a product id (lower-case letters, digits, -)'), productTariffSchema),
    defaultProduct: z.string().min(1),
    courtFeeOre: ore,
    feesOnRedoneSteps: z.boolean(),
    onlyAnnouncedFees: z.boolean(),
    hourlyMeterFeeMethod: z.enum(['physical', 'remote']),
  })
  .partial()
  .strict();

/**
 * Merges overrides onto {@link DEFAULT_FEE_SETTINGS} and validates them.
 * @throws ConfigError naming the bad field (`AFBRYD_FEES.<field>`).
 */
export function resolveFeeSettings(overrides: unknown = {}): FeeSettings {
  const parsed = feeSettingsSchema.safeParse(overrides ?? {});
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error).replace(': ', ': AFBRYD_FEES.'));
  const merged: FeeSettings = {
    ...DEFAULT_FEE_SETTINGS,
    gridTariffs: { ...DEFAULT_FEE_SETTINGS.gridTariffs },
    products: { ...DEFAULT_FEE_SETTINGS.products },
    ...(parsed.data as Partial<FeeSettings>),
  };
  const problem = feeSettingsProblem(merged);
  if (problem) throw new ConfigError(`invalid configuration: AFBRYD_FEES: ${problem}`);
  // Plain JSON (the snapshot travels in workflow history).
  return JSON.parse(JSON.stringify(merged)) as FeeSettings;
}

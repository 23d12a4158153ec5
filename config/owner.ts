/**
 * Settings of owner liability (BEK §25) and requested disconnections, from `AFBRYD_OWNER_RULES` (a JSON
 * object of {@link OwnerSettings} overrides), validated with zod. Each field's meaning and legal basis is
 * documented on `OwnerSettings` (rules/owner.ts):
 *
 * | field | default |
 * |---|---|
 * | `ownerLetterTiming` | `'same-working-day'` (BEK §25 stk. 2, without undue delay) |
 * | `ownerDeadlineHverdage` | `5` (BEK §25 stk. 3: at least 5) |
 * | `ownerNoticeMonths` | `1` (BEK §25 stk. 5: at most 1) |
 * | `unreachableMinAttempts`, `unreachableMinChannels`, `unreachableMinHverdage` | `2`, `2`, `5` (BEK §25 stk. 8 **[interpretation]**) |
 * | `ownerProduct` | an ILLUSTRATIVE product `EL-VARIABEL-1`, "Variabel elpris (eksempel)" (BEK §25 stk. 5) |
 * | `ownerProduct.contract` | the ILLUSTRATIVE contents of BEK §3 stk. 3 (`DEFAULT_OWNER_CONTRACT`, rules/owner-contract.ts): spot price + 4,00 øre/kWh, grid and system charges passed on unchanged, subscription 29,00 kr./month, reminder fee 100,00 kr., no termination fee, monthly in arrears, Betalingsservice or bank transfer, 8 days, no move to another address |
 * | `ownerProduct.terms` | unset (an optional extra note, "Øvrige vilkår") |
 *
 * `ownerProduct` replaces the default product as a whole, so a configured product carries its own
 * `contract` in full (only `spotSurchargeOrePerKwh` with a spot price, and the texts `paymentTerms`,
 * `priceInformation`, `claimsAgainst` are optional): a product's prices never mix with the example's.
 *
 * The owner-liability and requested-disconnection workflows snapshot them when they start
 * (`activities/owner-settings.ts`), so a change affects new cases only.
 */
import { z } from 'zod';
import { DEFAULT_OWNER_SETTINGS, OWNER_CONTRACT_LIMITS as L, isHundredthsOfOre, ownerSettingsProblem, type OwnerSettings } from '../rules/index.js';
import { ConfigError } from './env.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const ore = z.number().int('must be a whole number of øre').min(0, 'must not be negative').max(L.amountOre);

/** The contents of BEK §3 stk. 3 (rules/owner-contract.ts, `OwnerContract`). */
export const ownerContractSchema = z
  .object(
    {
      priceType: z.enum(['spot', 'variable', 'fixed']),
      priceMethod: text(L.text),
      spotSurchargeOrePerKwh: z
        .number()
        .min(0)
        .max(L.surchargeOre)
        .refine(isHundredthsOfOre, 'must have at most two decimals (øre per kWh)')
        .optional(),
      pricesIncludeVat: z.boolean(),
      gridChargesPassedOnUnchanged: z.boolean(),
      subscriptionOrePerMonth: ore,
      fees: z.array(z.object({ name: text(L.feeName), amountOre: ore, per: text(L.feePer).optional() }).strict()).max(L.fees),
      terminationFeeOre: ore,
      settlement: z.enum(['in-arrears', 'aconto']),
      billingPeriod: z.enum(['monthly', 'quarterly']),
      paymentMethods: z.array(text(L.paymentMethod)).min(1).max(L.paymentMethods),
      paymentDays: z.number().int().min(1).max(L.paymentDays),
      paymentTerms: text(L.text).optional(),
      priceInformation: text(L.where).optional(),
      continuesAtNewAddress: z.boolean(),
      claimsAgainst: text(L.where).optional(),
      services: text(L.text),
    },
    { required_error: 'is required: the contents of BEK §3 stk. 3 (docs/DEPLOYMENT.md, "The owner\'s contract")' },
  )
  .strict();

export const ownerSettingsSchema = z
  .object({
    ownerLetterTiming: z.enum(['same-working-day', 'next-working-day']),
    ownerDeadlineHverdage: z.number().int().min(5, 'must be at least 5 (BEK §25 stk. 3)').max(30),
    ownerNoticeMonths: z.number().int().min(0).max(1, 'must be at most 1 (BEK §25 stk. 5)'),
    unreachableMinAttempts: z.number().int().min(1).max(10),
    unreachableMinChannels: z.number().int().min(1).max(6),
    unreachableMinHverdage: z.number().int().min(0).max(60),
    ownerProduct: z
      .object({
        productId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an id'),
        name: z.string().min(1).max(200),
        terms: text(2000).optional(),
        contract: ownerContractSchema,
      })
      .strict(),
  })
  .partial()
  .strict();

/**
 * Merges overrides onto {@link DEFAULT_OWNER_SETTINGS} and validates them.
 * @throws ConfigError naming the bad field (`AFBRYD_OWNER_RULES.<field>`).
 */
export function resolveOwnerSettings(overrides: unknown = {}): OwnerSettings {
  const parsed = ownerSettingsSchema.safeParse(overrides ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `AFBRYD_OWNER_RULES${issue.path.length ? `.${issue.path.join('.')}` : ''} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${issues.join('; ')}`);
  }
  const merged: OwnerSettings = {
    ...DEFAULT_OWNER_SETTINGS,
    ...parsed.data,
    ownerProduct: copyProduct(parsed.data.ownerProduct ?? DEFAULT_OWNER_SETTINGS.ownerProduct),
  };
  const problem = ownerSettingsProblem(merged);
  if (problem) throw new ConfigError(`invalid configuration: AFBRYD_OWNER_RULES: ${problem}`);
  return merged;
}

/** A deep copy of a product (the defaults are frozen; a snapshot must not share arrays with them). */
function copyProduct(p: OwnerSettings['ownerProduct']): OwnerSettings['ownerProduct'] {
  return { ...p, contract: { ...p.contract, fees: p.contract.fees.map((f) => ({ ...f })), paymentMethods: [...p.contract.paymentMethods] } };
}

/**
 * Reads `AFBRYD_OWNER_RULES` from the environment.
 * @default {} (the defaults of rules/owner.ts)
 * @throws ConfigError in one line for invalid JSON or a bad field.
 */
export function loadOwnerSettings(env: NodeJS.ProcessEnv = process.env): OwnerSettings {
  const text = env.AFBRYD_OWNER_RULES;
  if (text === undefined || text.trim() === '') return resolveOwnerSettings({});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError('invalid configuration: AFBRYD_OWNER_RULES is not valid JSON');
  }
  return resolveOwnerSettings(json);
}

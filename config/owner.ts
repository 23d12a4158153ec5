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
 * | `ownerProduct` | an ILLUSTRATIVE product `EL-VARIABEL-1` with its terms as text (BEK §25 stk. 5) |
 *
 * The owner-liability and requested-disconnection workflows snapshot them when they start
 * (`activities/owner-settings.ts`), so a change affects new cases only.
 */
import { z } from 'zod';
import { DEFAULT_OWNER_SETTINGS, ownerSettingsProblem, type OwnerSettings } from '../rules/index.js';
import { ConfigError, formatIssues } from './env.js';

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
        terms: z.string().min(1).max(2000),
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
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error).replace(': ', ': AFBRYD_OWNER_RULES.'));
  const merged: OwnerSettings = {
    ...DEFAULT_OWNER_SETTINGS,
    ...parsed.data,
    ownerProduct: { ...(parsed.data.ownerProduct ?? DEFAULT_OWNER_SETTINGS.ownerProduct) },
  };
  const problem = ownerSettingsProblem(merged);
  if (problem) throw new ConfigError(`invalid configuration: AFBRYD_OWNER_RULES: ${problem}`);
  return merged;
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

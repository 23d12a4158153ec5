/**
 * The settings that govern a case: the legal calendar's `RulesSettings` (every [interpretation] of
 * RULES.md) and the case's own `CaseRules`, from environment variables holding JSON overrides,
 * validated with zod. The worker snapshots the result into each case when it starts.
 *
 * - `AFBRYD_RULES_SETTINGS`: JSON object of `RulesSettings` overrides (rules/settings.ts documents
 *   each field and its default). @default {} (RULES.md defaults)
 * - `AFBRYD_CASE_RULES`: JSON object of `CaseRules` overrides (rules/case-settings.ts).
 *   @default {} ({@link DEFAULT_CASE_RULES})
 * - `AFBRYD_FEES`: JSON object of `FeeSettings` overrides (config/fees.ts: tariffs per grid company and
 *   per product, the business compensation). @default {} (rules/fees.ts defaults)
 * - `AFBRYD_EXCEPTIONS`: JSON object of `ExceptionSettings` overrides (config/exceptions.ts: the grid's
 *   SLA, chasing, cancellation timing). @default {} (rules/exceptions.ts defaults)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_STEP_WINDOW, resolveRulesSettings, type CaseRules, type CaseSettings } from '../rules/index.js';
import { rulesSettingsSchema } from '../rules/settings-schema.js';
import { ConfigError, formatIssues } from './env.js';
import { resolveExceptionSettings } from './exceptions.js';
import { resolveFeeSettings } from './fees.js';

/** The case's own defaults. */
export const DEFAULT_CASE_RULES: Readonly<CaseRules> = Object.freeze({
  securityMonths: 3,
  securityMinArrearsOre: 10_000,
  hourlyMethodByGrid: Object.freeze({ default: 'remote' as const }),
  reminderFeeOre: 10_000,
  businessRequestKind: 'end-of-supply',
  stepTimeLocal: '09:00',
  stepWindowLocal: DEFAULT_STEP_WINDOW,
  stepSpread: 'second',
  historyHorizonDays: 30,
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const caseRulesSchema = z
  .object({
    securityMonths: z.number().int().min(1).max(5, 'must be at most 5 (BEK §26 stk. 1)'),
    securityMinArrearsOre: z.number().int().min(0).max(10_000_000),
    hourlyMethodByGrid: z.record(z.string().regex(/^(default|\d{13})$/, 'a grid company GLN (13 digits) or "default"'), z.enum(['physical', 'remote'])),
    reminderFeeOre: z.number().int().min(0).max(10_000, 'must be at most 10000 øre = 100 kr (Interest Act §9b)'),
    businessRequestKind: z.enum(['end-of-supply', 'disconnect-service']),
    stepTimeLocal: hhmm,
    stepWindowLocal: z
      .object({ from: hhmm, to: hhmm })
      .strict()
      .refine((w) => w.from < w.to, 'from must be before to')
      .nullable(),
    stepSpread: z.enum(['minute', 'second']),
    historyHorizonDays: z.number().int().min(1).max(366),
  })
  .partial()
  .strict();

function parseJsonVariable(name: string, text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`invalid configuration: ${name} is not valid JSON`);
  }
}

/**
 * Builds a settings snapshot with its version id (a hash of its content).
 * @throws ConfigError naming the bad field.
 */
export function resolveCaseSettings(
  overrides: { rules?: unknown; case?: unknown; fees?: unknown; exceptions?: unknown } = {},
): CaseSettings {
  const rulesParsed = rulesSettingsSchema.safeParse(overrides.rules ?? {});
  if (!rulesParsed.success) throw new ConfigError(formatIssues(rulesParsed.error).replace(': ', ': AFBRYD_RULES_SETTINGS.'));
  const caseParsed = caseRulesSchema.safeParse(overrides.case ?? {});
  if (!caseParsed.success) throw new ConfigError(formatIssues(caseParsed.error).replace(': ', ': AFBRYD_CASE_RULES.'));
  let rules;
  try {
    rules = { ...resolveRulesSettings(rulesParsed.data) };
  } catch (err) {
    throw new ConfigError(`invalid configuration: AFBRYD_RULES_SETTINGS: ${(err as Error).message}`);
  }
  const caseRules: CaseRules = { ...DEFAULT_CASE_RULES, ...caseParsed.data };
  const fees = resolveFeeSettings(overrides.fees ?? {});
  const exceptions = resolveExceptionSettings(overrides.exceptions ?? {});
  const content = JSON.stringify({ rules, case: caseRules, fees, exceptions });
  const versionId = `cfg-${createHash('sha256').update(content).digest('hex').slice(0, 12)}`;
  return { versionId, rules: { ...rules, gridClosedDays: [...rules.gridClosedDays] }, case: caseRules, fees, exceptions };
}

/** Reads the settings from the environment. */
export function loadCaseSettings(env: NodeJS.ProcessEnv = process.env): CaseSettings {
  return resolveCaseSettings({
    rules: parseJsonVariable('AFBRYD_RULES_SETTINGS', env.AFBRYD_RULES_SETTINGS),
    case: parseJsonVariable('AFBRYD_CASE_RULES', env.AFBRYD_CASE_RULES),
    fees: parseJsonVariable('AFBRYD_FEES', env.AFBRYD_FEES),
    exceptions: parseJsonVariable('AFBRYD_EXCEPTIONS', env.AFBRYD_EXCEPTIONS),
  });
}

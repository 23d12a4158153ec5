/**
 * The zod schema of the rules settings, for the edges that parse untrusted input (CLI, HTTP API).
 *
 * Kept apart from `settings.ts` and not re-exported from `rules/index.ts`, so that a workflow importing
 * the rules does not bundle zod (about 0.43 MB). It is built from {@link RULES_SETTINGS_SPEC}, the same
 * table {@link resolveRulesSettings} checks against, so the two cannot drift; the fields, their
 * meaning and their `@default` are documented on {@link RulesSettings}.
 */
import { z } from 'zod';
import {
  CLOSED_DAY,
  DEFAULT_RULES_SETTINGS,
  RULES_SETTINGS_SPEC,
  TIME_OF_DAY,
  crossSettingProblem,
  type RulesSettings,
  type SettingSpec,
} from './settings.js';

function fieldSchema(spec: SettingSpec, fallback: unknown): z.ZodTypeAny {
  let schema: z.ZodTypeAny;
  switch (spec.type) {
    case 'int': {
      const law = spec.law ? ` (${spec.law})` : '';
      schema = z
        .number()
        .int('expected a whole number')
        .min(spec.min, `must be at least ${spec.min}${law}`)
        .max(spec.max, `must be at most ${spec.max}${law}`);
      break;
    }
    case 'boolean':
      schema = z.boolean();
      break;
    case 'enum':
      schema = z.enum(spec.values as [string, ...string[]]);
      break;
    case 'time':
      schema = z.string().regex(TIME_OF_DAY, 'expected HH:MM');
      break;
    case 'closedDays':
      schema = z.array(z.string().regex(CLOSED_DAY, 'expected MM-DD or YYYY-MM-DD'));
      break;
    case 'tableVersion':
      schema = z.string().min(1, 'expected a holiday table version');
      break;
  }
  return schema.default(fallback).describe(`${spec.description}. Default: ${JSON.stringify(fallback)}`);
}

const shape = Object.fromEntries(
  (Object.entries(RULES_SETTINGS_SPEC) as Array<[keyof RulesSettings, SettingSpec]>).map(([key, spec]) => [
    key,
    fieldSchema(spec, DEFAULT_RULES_SETTINGS[key]),
  ]),
) as Record<keyof RulesSettings, z.ZodTypeAny>;

/**
 * Validates overrides of {@link RulesSettings} and fills in every missing field with its default
 * (`@default` of each field: {@link DEFAULT_RULES_SETTINGS}). Unknown fields are refused, and so are
 * values below the legal minimums (BEK §27 stk. 1–2, §28 stk. 1, SV 2.2.1 b, regulation H1).
 *
 * Example: `rulesSettingsSchema.parse({ hourlyWindowReading: 'literal' })` gives the defaults with the
 * literal hourly window. Equivalent to {@link resolveRulesSettings}, which needs no zod.
 */
export const rulesSettingsSchema: z.ZodType<RulesSettings, z.ZodTypeDef, Partial<RulesSettings>> = z
  .object(shape)
  .strict()
  .superRefine((s, ctx) => {
    const problem = crossSettingProblem(s as unknown as RulesSettings);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem[0]], message: problem[1] });
  }) as unknown as z.ZodType<RulesSettings, z.ZodTypeDef, Partial<RulesSettings>>;

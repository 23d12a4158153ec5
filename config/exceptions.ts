/**
 * Settings of the exceptions (RULES 4, 5, 2.6): the grid's SLA, chasing outside parties, cancellation
 * timing — from `AFBRYD_EXCEPTIONS` (a JSON object of {@link ExceptionSettings} overrides), validated
 * with zod. Each field's meaning is documented on `ExceptionSettings` (rules/exceptions.ts):
 *
 * | field | default |
 * |---|---|
 * | `gridReportGraceWorkingDays` | `1`: overdue when no outcome by the window deadline + 1 working day |
 * | `chaseAfterWorkingDays` | `5`: an outside party that has not answered is chased |
 * | `operatorTaskAfterWorkingDays` | `10`: … and then becomes an operator task |
 * | `gridCancellationCheckTime` | `'08:00'` (SV 2.2.1 e) |
 * | `lateFeeChargeWaitDays` | `45`: how long a possible late fee waits for the grid's charge |
 * | `maxFollowUpRequests` | `3`: new requests after refusals before an operator decides |
 */
import { z } from 'zod';
import { DEFAULT_EXCEPTION_SETTINGS, exceptionSettingsProblem, type ExceptionSettings } from '../rules/index.js';
import { ConfigError, formatIssues } from './env.js';

export const exceptionSettingsSchema = z
  .object({
    gridReportGraceWorkingDays: z.number().int().min(1, 'must be at least 1 (SV 2.2.1 h: the grid reports by the day after)').max(10),
    chaseAfterWorkingDays: z.number().int().min(1).max(30),
    operatorTaskAfterWorkingDays: z.number().int().min(1).max(60),
    gridCancellationCheckTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
    lateFeeChargeWaitDays: z.number().int().min(1).max(180),
    maxFollowUpRequests: z.number().int().min(1).max(20),
  })
  .partial()
  .strict();

/**
 * Merges overrides onto {@link DEFAULT_EXCEPTION_SETTINGS} and validates them.
 * @throws ConfigError naming the bad field (`AFBRYD_EXCEPTIONS.<field>`).
 */
export function resolveExceptionSettings(overrides: unknown = {}): ExceptionSettings {
  const parsed = exceptionSettingsSchema.safeParse(overrides ?? {});
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error).replace(': ', ': AFBRYD_EXCEPTIONS.'));
  const merged: ExceptionSettings = { ...DEFAULT_EXCEPTION_SETTINGS, ...parsed.data };
  const problem = exceptionSettingsProblem(merged);
  if (problem) throw new ConfigError(`invalid configuration: AFBRYD_EXCEPTIONS: ${problem}`);
  return merged;
}

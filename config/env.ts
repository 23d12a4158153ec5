/** Helpers shared by the zod schemas that read settings from environment variables. */
import { z } from 'zod';

/** A bad setting. Bootstraps print its message as one line and exit non-zero. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** "true"/"false"/"1"/"0"/"yes"/"no" (any case) as a boolean. */
export const booleanFromEnv = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }))
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

/** A TCP port number given as a string. */
export const portFromEnv = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(1).max(65535, 'must be a port number (1-65535)'));

/** One line naming every invalid variable: `invalid configuration: TEMPORAL_ADDRESS must be host:port …; …`. */
export function formatIssues(error: z.ZodError): string {
  const parts = error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
  return `invalid configuration: ${parts.join('; ')}`;
}

/**
 * Test-only hooks of the worker, for the chaos run (`npm run chaos`, `scripts/chaos/`) and its negative
 * control. Off by default; **refused in production configuration**: any of them set makes the worker
 * stop at start-up with one line, unless afbryd runs on its embedded dev server (TEMPORAL_ADDRESS
 * unset, no API key) with DataHub on this machine (a loopback `AFBRYD_DATAHUB_URL`) — a cluster or a
 * real DataHub never sees a broken idempotency key.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `AFBRYD_TEST_BREAK_IDEMPOTENCY` | `false` | the negative control: every call to digital post, print post and DataHub gets a fresh idempotency key / `mRID` (a random suffix, a random UUID) — what an activity that made up its ids per attempt would do. A retried send is then delivered twice, and the chaos run's checks must find it. |
 * | `AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY` | unset | every n-th letter the simulated digital post / print post delivers loses its answer (delivered, logged, then the call fails), so the activity retries: retries without killing anything. |
 *
 * Not a hook, and allowed anywhere: `AFBRYD_SIM_MAIL_LOG` (`worker/parties.ts`), the simulated mail
 * parties' durable delivery log.
 */
import { z } from 'zod';
import { ConfigError, booleanFromEnv, formatIssues } from './env.js';

export const testHooksSchema = z.object({
  /** @default false */
  AFBRYD_TEST_BREAK_IDEMPOTENCY: booleanFromEnv.optional(),
  /** @default unset (no lost answers) */
  AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional(),
});

/** The test-only hooks in force. */
export interface TestHooks {
  breakIdempotency: boolean;
  /** Every n-th simulated letter loses its answer; 0: none. */
  mailLostAnswerEvery: number;
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * Whether the environment is the embedded development set-up, where test hooks may run: afbryd's
 * own dev server (no TEMPORAL_ADDRESS, no API key) and a DataHub on a loopback address.
 */
export function isDevelopmentSetup(env: NodeJS.ProcessEnv = process.env): boolean {
  const datahubUrl = env.AFBRYD_DATAHUB_URL ?? 'http://127.0.0.1:7300';
  const b2b = (env.AFBRYD_DATAHUB ?? 'b2b') === 'b2b';
  return !env.TEMPORAL_ADDRESS && !env.TEMPORAL_API_KEY && (!b2b || LOOPBACK.test(datahubUrl));
}

/**
 * Reads the test-only hooks.
 * @throws ConfigError for a bad value, or for any hook set outside the development set-up.
 */
export function loadTestHooks(env: NodeJS.ProcessEnv = process.env): TestHooks {
  const parsed = testHooksSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const hooks: TestHooks = {
    breakIdempotency: parsed.data.AFBRYD_TEST_BREAK_IDEMPOTENCY ?? false,
    mailLostAnswerEvery: parsed.data.AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY ?? 0,
  };
  const set = [
    ...(hooks.breakIdempotency ? ['AFBRYD_TEST_BREAK_IDEMPOTENCY'] : []),
    ...(hooks.mailLostAnswerEvery > 0 ? ['AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY'] : []),
  ];
  if (set.length > 0 && !isDevelopmentSetup(env)) {
    throw new ConfigError(
      `invalid configuration: ${set.join(', ')} ${set.length > 1 ? 'are test-only hooks' : 'is a test-only hook'}, refused outside the embedded ` +
        'dev server with a loopback DataHub (TEMPORAL_ADDRESS or TEMPORAL_API_KEY is set, or AFBRYD_DATAHUB_URL is not on this machine)',
    );
  }
  return hooks;
}

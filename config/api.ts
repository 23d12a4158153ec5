/**
 * Settings of the billing API (`client/api/main.ts`), read from the environment and validated with
 * zod, so that a bad value gives one clear line instead of a stack trace.
 *
 * Bearer tokens: `AFBRYD_API_TOKENS` is a JSON object from token to actor, e.g.
 * `{"3f9c…e1":"billing","77ab…02":"operator:jens"}`. The actor of the token a request carries is
 * written into every event it delivers (and so into the case's timeline); a caller cannot choose it.
 * The actor's prefix is its role ({@link ROLES}), which decides the routes and event types it may use.
 *
 * Default: none. Without tokens the API refuses to start — except for the embedded dev server
 * (`npm start` with TEMPORAL_ADDRESS unset) listening on a loopback address, where the
 * {@link DEV_API_TOKENS} are used and a warning says so.
 */
import { z } from 'zod';
import { ConfigError, formatIssues, portFromEnv } from './env.js';

/**
 * The development tokens, used only when AFBRYD_API_TOKENS is unset, afbryd runs its embedded dev
 * server and the API listens on a loopback address. Publicly known: never for real data.
 */
export const DEV_API_TOKENS: Readonly<Record<string, string>> = Object.freeze({
  'afbryd-dev-billing-token': 'billing',
  'afbryd-dev-operator-token': 'operator:dev',
  'afbryd-dev-customer-service-token': 'customer-service:dev',
  'afbryd-dev-auditor-token': 'auditor:dev',
});

/**
 * The roles a token may have. The role is the actor's prefix, the part before a colon (`billing`,
 * `operator:jens`, `customer-service:anne`, `auditor:revisor-1`, `datahub`), so the token format of
 * AFBRYD_API_TOKENS is unchanged. What each role may do: `client/api/roles.ts`.
 *
 * - `billing`: the billing system: starts cases, registers payments and agreements; never lifts a hold.
 * - `operator`: the operators: everything, holds, attention, retries and DataHub's facts included.
 * - `customer-service`: reads cases, registers a complaint and what a customer says on the phone.
 * - `auditor`: reads only.
 * - `datahub`: a DataHub adapter delivering DataHub's facts (the poller signals cases itself).
 */
export const ROLES = ['billing', 'operator', 'customer-service', 'auditor', 'datahub'] as const;
export type Role = (typeof ROLES)[number];

/** The role of an actor (its prefix before a colon), or undefined if the prefix names no role. */
export function roleOfActor(actor: string): Role | undefined {
  const prefix = actor.split(':', 1)[0] ?? '';
  return (ROLES as readonly string[]).includes(prefix) ? (prefix as Role) : undefined;
}

/** The shortest token accepted (a guessable token is no authentication). */
export const MIN_TOKEN_LENGTH = 16;

/**
 * An actor: a lower-case system name, optionally with an id after a colon (`billing`,
 * `operator:jens`, `customer-service:cs-17`). Ids only, never a name or an e-mail address, and never
 * a CPR number (`operator:010190-1234`, six and four digits standing alone): the actor is written
 * into the case's timeline.
 */
export const ACTOR_PATTERN = /^(?!.*(?<![0-9A-Za-z])\d{6}-?\d{4}(?![0-9A-Za-z]))[a-z][a-z0-9-]{0,31}(:[A-Za-z0-9._-]{1,64})?$/;

const tokensSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Never echo the text: it holds secrets.
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a JSON object from token to actor, e.g. {"<token>":"billing"}' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.unknown(), { invalid_type_error: 'must be a JSON object from token to actor, e.g. {"<token>":"billing"}' })
      .superRefine((tokens, ctx) => {
        const entries = Object.entries(tokens);
        if (entries.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'names no token' });
        entries.forEach(([token, actor], i) => {
          // Tokens are named by position, never by value: they are secrets.
          const which = `token ${i + 1}`;
          if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${which} must be at least ${MIN_TOKEN_LENGTH} characters without spaces` });
          }
          if (typeof actor !== 'string' || !ACTOR_PATTERN.test(actor)) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              message: `${which}: the actor must be an id like "billing" or "operator:jens" (no names or e-mail addresses)`,
            });
          } else if (!roleOfActor(actor)) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              message: `${which}: the actor must start with a role (${ROLES.join(', ')}), e.g. "customer-service:anne"`,
            });
          }
        });
      })
      .transform((tokens) => tokens as Record<string, string>),
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const apiConfigSchema = z.object({
  /** Bearer tokens, token → actor (see the file comment). @default undefined (see DEV_API_TOKENS) */
  AFBRYD_API_TOKENS: tokensSchema.optional(),
  /** The port the API listens on. @default 3000 */
  AFBRYD_API_PORT: portFromEnv.default('3000'),
  /** The address the API listens on. @default "127.0.0.1" (this machine only) */
  AFBRYD_API_HOST: z.string().min(1).max(255).default('127.0.0.1'),
  /** The log level (fatal, error, warn, info, debug, trace, silent). @default "info" */
  AFBRYD_API_LOG_LEVEL: z
    .enum(LOG_LEVELS, { errorMap: () => ({ message: `must be one of ${LOG_LEVELS.join(', ')}` }) })
    .default('info'),
});

/** The validated API settings. */
export interface ApiConfig {
  port: number;
  host: string;
  /** token → actor. */
  tokens: Record<string, string>;
  /** True when the {@link DEV_API_TOKENS} are in use. */
  devTokens: boolean;
  logLevel: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Reads the API settings from the environment.
 * @param context.embedded afbryd runs (and connects to) its own dev server (`loadTemporalConfig().embedded`)
 * @throws ConfigError naming every bad variable, in one line (never a token's value).
 */
export function loadApiConfig(env: NodeJS.ProcessEnv, context: { embedded: boolean }): ApiConfig {
  const parsed = apiConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const e = parsed.data;
  let tokens = e.AFBRYD_API_TOKENS;
  let devTokens = false;
  if (!tokens) {
    if (!context.embedded || !LOOPBACK.has(e.AFBRYD_API_HOST)) {
      throw new ConfigError(
        'AFBRYD_API_TOKENS is not set: the API needs bearer tokens, a JSON object from token to actor, e.g. ' +
          `AFBRYD_API_TOKENS='{"<${MIN_TOKEN_LENGTH}+ random characters>":"billing","<another>":"operator:jens"}' ` +
          '(development tokens are used only with the embedded dev server on a loopback address)',
      );
    }
    tokens = { ...DEV_API_TOKENS };
    devTokens = true;
  }
  return { port: e.AFBRYD_API_PORT, host: e.AFBRYD_API_HOST, tokens, devTokens, logLevel: e.AFBRYD_API_LOG_LEVEL };
}

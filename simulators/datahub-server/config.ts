/**
 * The simulator process's settings, from the environment (validated with zod, each with its default).
 * Everything about the grid's behaviour can also be changed at run time with `POST /sim/behaviour`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { entraOptionsSchema, type SimEntraOptions } from './entra.js';
import { ConfigError, formatIssues, portFromEnv } from '../../config/env.js';
import { DEFAULT_SUPPLIER } from './fixtures.js';
import { behaviourSchema, type ClockSetting, type GridBehaviour } from './model.js';
import type { DataHubSimulatorOptions } from './server.js';

const rate = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1')
  .transform(Number);

export const simulatorEnvSchema = z.object({
  /** @default 7300 */
  AFBRYD_DATAHUB_SIM_PORT: portFromEnv.default('7300'),
  /** @default "127.0.0.1" (the admin endpoints have no authentication) */
  AFBRYD_DATAHUB_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  /** Seed of the PRNG behind refusals, chosen days, meter readings and ids. @default 1 */
  AFBRYD_DATAHUB_SIM_SEED: z.string().regex(/^\d{1,10}$/, 'must be a whole number').transform(Number).default('1'),
  /** "system", or an ISO instant to start a manual clock at. @default "system" */
  AFBRYD_DATAHUB_SIM_CLOCK: z
    .string()
    .refine((s) => s === 'system' || Number.isFinite(Date.parse(s)), 'must be "system" or an ISO instant')
    .default('system'),
  /**
   * Static bearer tokens and the GLN each stands for: `token=gln,token2=gln2` (the embedded stack);
   * empty: none, only Entra ID tokens. @default "afbryd-dev-token=5799999911118"
   */
  AFBRYD_DATAHUB_SIM_TOKENS: z
    .string()
    .regex(/^([^=,\s]+=\d{13}(,[^=,\s]+=\d{13})*)?$/, 'must be token=GLN[,token=GLN…] or empty')
    .default(`${DEFAULT_SUPPLIER.token}=${DEFAULT_SUPPLIER.gln}`),
  /** Probability the grid refuses to disconnect. @default 0.1 */
  AFBRYD_DATAHUB_SIM_REFUSAL_RATE: rate.optional(),
  /** Minutes until DataHub's answers are in the queue. @default 1 */
  AFBRYD_DATAHUB_SIM_ANSWER_DELAY_MINUTES: z.string().regex(/^\d+(\.\d+)?$/).transform(Number).optional(),
  /** Any other behaviour, as JSON (see `behaviourSchema`). @default "{}" */
  AFBRYD_DATAHUB_SIM_BEHAVIOUR: z.string().default('{}'),
  /**
   * The Entra ID stand-in, as JSON (`entraOptionsSchema` in entra.ts): `authorityPath` ("/entra"),
   * `tenant`, `audience` ("datahub-b2b-sim"), `publicUrl`, `issuer`, `tokenLifetimeSeconds` (3600),
   * `clients` ([{clientId, gln, role, secret | certificateFile}]). @default "{}" (one client:
   * afbryd-dev-client / afbryd-dev-secret → 5799999911118)
   */
  AFBRYD_DATAHUB_SIM_ENTRA: z.string().default('{}'),
  /**
   * Queue an RSM-022 AccountingPointCharacteristics for a metering point's supplier whenever one is
   * added or changed (the seeded ones at start), so the poller fills afbryd's master-data store.
   * @default "true"
   */
  AFBRYD_DATAHUB_SIM_RSM022: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true').transform((v) => v === 'true'),
  /** How often due grid actions run on the system clock, ms. @default 1000 */
  AFBRYD_DATAHUB_SIM_TICK_MS: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(10)).default('1000'),
});

/**
 * Reads the simulator's options from the environment.
 * @throws ConfigError naming every bad variable.
 */
export function loadSimulatorOptions(env: NodeJS.ProcessEnv = process.env): DataHubSimulatorOptions {
  const parsed = simulatorEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const e = parsed.data;
  let extra: unknown;
  try {
    extra = JSON.parse(e.AFBRYD_DATAHUB_SIM_BEHAVIOUR);
  } catch {
    throw new ConfigError('invalid configuration: AFBRYD_DATAHUB_SIM_BEHAVIOUR must be JSON');
  }
  const behaviour = behaviourSchema.partial().safeParse({
    ...(extra as object),
    ...(e.AFBRYD_DATAHUB_SIM_REFUSAL_RATE !== undefined ? { refusalRate: e.AFBRYD_DATAHUB_SIM_REFUSAL_RATE } : {}),
    ...(e.AFBRYD_DATAHUB_SIM_ANSWER_DELAY_MINUTES !== undefined ? { answerDelayMinutes: e.AFBRYD_DATAHUB_SIM_ANSWER_DELAY_MINUTES } : {}),
  });
  if (!behaviour.success) throw new ConfigError(formatIssues(behaviour.error).replace('configuration: ', 'configuration: AFBRYD_DATAHUB_SIM_BEHAVIOUR '));
  let entra: SimEntraOptions;
  try {
    const raw = JSON.parse(e.AFBRYD_DATAHUB_SIM_ENTRA) as { clients?: { certificateFile?: string; certificatePem?: string }[] };
    if (Array.isArray(raw.clients)) {
      raw.clients = raw.clients.map(({ certificateFile, ...c }) => (certificateFile ? { ...c, certificatePem: readFileSync(certificateFile, 'utf8') } : c));
    }
    const checked = entraOptionsSchema.safeParse(raw);
    if (!checked.success) throw new ConfigError(formatIssues(checked.error).replace('configuration: ', 'configuration: AFBRYD_DATAHUB_SIM_ENTRA '));
    entra = raw as SimEntraOptions;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`invalid configuration: AFBRYD_DATAHUB_SIM_ENTRA must be JSON with readable certificate files (${(err as Error).message})`);
  }
  const clock: ClockSetting = e.AFBRYD_DATAHUB_SIM_CLOCK === 'system' ? { mode: 'system' } : { mode: 'manual', now: e.AFBRYD_DATAHUB_SIM_CLOCK };
  const parties = Object.fromEntries(
    e.AFBRYD_DATAHUB_SIM_TOKENS.split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
  return {
    port: e.AFBRYD_DATAHUB_SIM_PORT,
    host: e.AFBRYD_DATAHUB_SIM_HOST,
    seed: e.AFBRYD_DATAHUB_SIM_SEED,
    clock,
    parties,
    behaviour: behaviour.data as Partial<GridBehaviour>,
    tickMs: e.AFBRYD_DATAHUB_SIM_TICK_MS,
    masterDataNotices: e.AFBRYD_DATAHUB_SIM_RSM022,
    entra,
  };
}

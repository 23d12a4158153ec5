/**
 * How afbryd reaches DataHub 3's B2B interface (RULES 10) — the real one, or the simulator
 * (`simulators/datahub-server/`) — and how the inbound poller runs. By configuration alone: the same
 * adapter and poller talk to either. Validated with zod; every setting has a documented default, which
 * fits the simulator on this machine.
 */
import { z } from 'zod';
import { ConfigError, formatIssues } from './env.js';

/** A GLN: 13 digits, the last a GS1 check digit. */
export function isGln(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(value[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(value[12]);
}

const positiveInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number (${name})`)
    .transform(Number)
    .pipe(z.number().int().min(1));

export const dataHubConfigSchema = z.object({
  /**
   * Base URL of the B2B interface; requests go to `{url}/api/incomingMessages/{DocumentType}`.
   * @default "http://127.0.0.1:7300" (the simulator)
   */
  AFBRYD_DATAHUB_URL: z
    .string()
    .url('must be a URL, e.g. http://127.0.0.1:7300')
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .default('http://127.0.0.1:7300'),
  /**
   * The bearer token sent with every call. A real DataHub issues short-lived OAuth tokens; this is a
   * static one. Never logged.
   * @default "afbryd-dev-token" (the simulator's default token)
   */
  AFBRYD_DATAHUB_TOKEN: z.string().min(1).default('afbryd-dev-token'),
  /**
   * The supplier's GLN (sender of every request, role DDQ).
   * @default "5799999911118" (fictional; the simulator's default supplier)
   */
  AFBRYD_SUPPLIER_GLN: z.string().refine(isGln, 'must be a GLN (13 digits with a valid check digit)').default('5799999911118'),
  /** Timeout of one HTTP call to DataHub, in ms; a timeout is retried by Temporal with the same ids. @default 30000 */
  AFBRYD_DATAHUB_TIMEOUT_MS: positiveInt('milliseconds').default('30000'),
  /** How long the poller waits after an empty peek, in ms. @default 5000 */
  AFBRYD_DATAHUB_POLL_INTERVAL_MS: positiveInt('milliseconds').default('5000'),
  /** The peek categories the poller drains, comma-separated. @default "MasterData" */
  AFBRYD_DATAHUB_PEEK_CATEGORIES: z
    .string()
    .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/, 'must be a comma-separated list, e.g. MasterData')
    .default('MasterData'),
  /** The data folder; messages matching no case are kept in `<dir>/datahub-unmatched.jsonl`. @default ".data" */
  AFBRYD_DATA_DIR: z.string().min(1).default('.data'),
});

/** What the outbound adapter needs. */
export interface DataHubConfig {
  url: string;
  token: string;
  supplierGln: string;
  timeoutMs: number;
}

/** What the inbound poller needs. */
export interface DataHubPollerConfig extends DataHubConfig {
  pollIntervalMs: number;
  categories: string[];
  /** The JSON-lines file of messages kept for an operator. */
  unmatchedFile: string;
}

function parse(env: NodeJS.ProcessEnv) {
  const parsed = dataHubConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  return parsed.data;
}

/**
 * The adapter's settings from the environment.
 * @throws ConfigError naming every bad variable, in one line.
 */
export function loadDataHubConfig(env: NodeJS.ProcessEnv = process.env): DataHubConfig {
  const e = parse(env);
  return {
    url: e.AFBRYD_DATAHUB_URL.replace(/\/+$/, ''),
    token: e.AFBRYD_DATAHUB_TOKEN,
    supplierGln: e.AFBRYD_SUPPLIER_GLN,
    timeoutMs: e.AFBRYD_DATAHUB_TIMEOUT_MS,
  };
}

/**
 * The poller's settings from the environment.
 * @throws ConfigError naming every bad variable, in one line.
 */
export function loadDataHubPollerConfig(env: NodeJS.ProcessEnv = process.env): DataHubPollerConfig {
  const e = parse(env);
  return {
    ...loadDataHubConfig(env),
    pollIntervalMs: e.AFBRYD_DATAHUB_POLL_INTERVAL_MS,
    categories: e.AFBRYD_DATAHUB_PEEK_CATEGORIES.split(','),
    unmatchedFile: `${e.AFBRYD_DATA_DIR.replace(/\/+$/, '')}/datahub-unmatched.jsonl`,
  };
}

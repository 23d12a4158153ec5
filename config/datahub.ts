/**
 * How afbryd reaches DataHub 3's B2B interface (RULES 10) — the real one, or the simulator
 * (`simulators/datahub-server/`) — and how the inbound poller runs. By configuration alone: the same
 * adapter and poller talk to either. Validated with zod; every setting has a documented default, which
 * fits the simulator on this machine.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DATAHUB_DIALECT_DEFAULTS } from '../activities/datahub-profile.js';
import { ConfigError, formatIssues } from './env.js';

/** The unconfirmed dialect facts' defaults live in the DataHub profile (activities/datahub-profile.ts). */
export { DATAHUB_DIALECT_DEFAULTS };

/** A GLN: 13 digits, the last a GS1 check digit. */
export function isGln(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(value[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(value[12]);
}


/** The process types a cancellation may carry (ProcessTypeList in `urn-entsoe-eu-wgedi-codelists.xsd`). */
export const CANCELLATION_PROCESS_TYPES = ['E20', 'D37', 'E05'] as const;

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
   * How afbryd gets its bearer token: `static` sends {@link AFBRYD_DATAHUB_TOKEN} (the embedded stack
   * and its simulator); `entra` acquires one from Microsoft Entra ID with OAuth 2.0 client credentials,
   * as DataHub 3 expects (`opengeh-edi` `B2BApi/Configuration/TokenConfiguration.cs`; the request as
   * its `SubsystemTests/Drivers/B2BTokenReceiver.cs` makes it). @default "static"
   */
  AFBRYD_DATAHUB_AUTH: z.enum(['static', 'entra'], { message: 'must be static or entra' }).default('static'),
  /**
   * Entra ID's authority; the token request goes to `{authority}/{tenant}/oauth2/v2.0/token`.
   * @default "https://login.microsoftonline.com"
   */
  AFBRYD_DATAHUB_ENTRA_AUTHORITY: z
    .string()
    .url('must be a URL, e.g. https://login.microsoftonline.com')
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .default('https://login.microsoftonline.com'),
  /** The Entra ID tenant that issues DataHub's tokens (a GUID or a domain; Energinet gives it). Required with `entra`. */
  AFBRYD_DATAHUB_ENTRA_TENANT: z.string().regex(/^[A-Za-z0-9.-]{1,100}$/, 'must be a tenant id (GUID) or domain').optional(),
  /** The supplier's app registration (client id) in that tenant; DataHub maps it (`azp`) to the GLN. Required with `entra`. */
  AFBRYD_DATAHUB_ENTRA_CLIENT_ID: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a client (application) id').optional(),
  /**
   * The scope asked for: DataHub's backend app id followed by `/.default` (client credentials take
   * only `.default` scopes). Required with `entra`.
   */
  AFBRYD_DATAHUB_ENTRA_SCOPE: z.string().regex(/^\S+\/\.default$/, 'must end in /.default, e.g. <DataHub backend app id>/.default').optional(),
  /** The client secret (never logged). Give this, or a certificate and its key. */
  AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  /** A PEM file with the client's X.509 certificate (registered on the app); with {@link AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE}. */
  AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE: z.string().min(1).refine(existsSync, 'no such file').optional(),
  /** A PEM file with the certificate's private key (PKCS#8, RSA); signs the client assertion. */
  AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE: z.string().min(1).refine(existsSync, 'no such file').optional(),
  /** A token is renewed this many seconds before it expires. @default 300 */
  AFBRYD_DATAHUB_TOKEN_REFRESH_MARGIN_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number (seconds)')
    .transform(Number)
    .default('300'),
  /**
   * The supplier's GLN (sender of every request, role DDQ).
   * @default "5799999911118" (fictional; the simulator's default supplier)
   */
  AFBRYD_SUPPLIER_GLN: z.string().refine(isGln, 'must be a GLN (13 digits with a valid check digit)').default('5799999911118'),
  /** Timeout of one HTTP call to DataHub, in ms; a timeout is retried by Temporal with the same ids. @default 30000 */
  AFBRYD_DATAHUB_TIMEOUT_MS: positiveInt('milliseconds').default('30000'),
  /** How long the poller waits after an empty peek, in ms. @default 5000 */
  AFBRYD_DATAHUB_POLL_INTERVAL_MS: positiveInt('milliseconds').default('5000'),
  /**
   * The peek categories the poller drains, comma-separated. `MeasureData` carries RSM-009
   * acknowledgements in Energinet's snapshot; `MasterData` is unconfirmed (see
   * {@link DATAHUB_DIALECT_DEFAULTS}). A category DataHub does not know answers 500: the poller reports
   * it as a configuration fault. @default "MasterData,MeasureData"
   */
  AFBRYD_DATAHUB_PEEK_CATEGORIES: z
    .string()
    .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/, 'must be a comma-separated list, e.g. MasterData,MeasureData')
    .default(DATAHUB_DIALECT_DEFAULTS.peekCategories.join(',')),
  /**
   * DataHub's market role as the receiver of the supplier's requests (`receiver_MarketParticipant.marketRole.type`).
   * Unconfirmed for BRS-002: a setting (see {@link DATAHUB_DIALECT_DEFAULTS}). @default "DDZ"
   */
  AFBRYD_DATAHUB_RECEIVER_ROLE: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/, 'must be a market role code, e.g. DDZ')
    .default(DATAHUB_DIALECT_DEFAULTS.receiverRole),
  /**
   * The process type of a cancellation (RSM-024, message type E67): E20, D37 or E05. Unconfirmed (see
   * {@link DATAHUB_DIALECT_DEFAULTS}). @default "E20"
   */
  AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE: z
    .enum(CANCELLATION_PROCESS_TYPES, { message: 'must be E20, D37 or E05' })
    .default(DATAHUB_DIALECT_DEFAULTS.cancellationProcessType),
  /**
   * How many times one call is sent when DataHub answers 500 before the adapter calls it a
   * configuration fault (an unknown document type answers 500 in DataHub 3, so a 500 that persists is
   * not an outage). Each attempt carries the same ids. @default 3
   */
  AFBRYD_DATAHUB_SERVER_ERROR_ATTEMPTS: positiveInt('attempts').default('3'),
  /** The wait before the first repeat of a call that answered 500, in ms; it doubles each time. @default 2000 */
  AFBRYD_DATAHUB_SERVER_ERROR_DELAY_MS: positiveInt('milliseconds').default('2000'),
  /** The data folder; messages matching no case are kept in `<dir>/datahub-unmatched.jsonl`. @default ".data" */
  AFBRYD_DATA_DIR: z.string().min(1).default('.data'),
}).superRefine((e, ctx) => {
  if (e.AFBRYD_DATAHUB_AUTH !== 'entra') return;
  for (const key of ['AFBRYD_DATAHUB_ENTRA_TENANT', 'AFBRYD_DATAHUB_ENTRA_CLIENT_ID', 'AFBRYD_DATAHUB_ENTRA_SCOPE'] as const) {
    if (!e[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'required when AFBRYD_DATAHUB_AUTH=entra' });
  }
  const secret = e.AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET !== undefined;
  const cert = e.AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE !== undefined;
  const key = e.AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE !== undefined;
  if (cert !== key) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [cert ? 'AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE' : 'AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE'], message: 'a certificate needs its private key, and a key its certificate' });
  }
  if (secret === cert) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET'],
      message: secret ? 'give a client secret or a certificate, not both' : 'give a client secret, or a certificate and key (AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE, _PRIVATE_KEY_FILE)',
    });
  }
});

/** How afbryd authenticates to DataHub: a static token, or Entra ID client credentials. */
export type DataHubAuthConfig =
  | { mode: 'static'; token: string }
  | {
      mode: 'entra';
      /** e.g. `https://login.microsoftonline.com` (no trailing slash). */
      authority: string;
      tenant: string;
      clientId: string;
      /** `<DataHub backend app id>/.default`. */
      scope: string;
      credential: { kind: 'secret'; secret: string } | { kind: 'certificate'; certificateFile: string; privateKeyFile: string };
      /** Renew this long before expiry, ms. */
      refreshMarginMs: number;
    };

/** What the outbound adapter needs. */
export interface DataHubConfig {
  url: string;
  /** The static token (`AFBRYD_DATAHUB_TOKEN`); used when {@link auth} is `static`. */
  token: string;
  /** How the bearer token is obtained (the static token, or Entra ID). */
  auth: DataHubAuthConfig;
  /** The sender GLN: the GLN DataHub maps the token's `azp` to must be this one. */
  supplierGln: string;
  timeoutMs: number;
  /** DataHub's receiver role on the supplier's requests (unconfirmed: a setting). */
  receiverRole: string;
  /** The process type of a cancellation (unconfirmed: a setting). */
  cancellationProcessType: (typeof CANCELLATION_PROCESS_TYPES)[number];
  /** A 500 is sent again this many times in all (doubling delay) before it is a configuration fault. */
  serverErrorRetry: { attempts: number; delayMs: number };
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
    auth:
      e.AFBRYD_DATAHUB_AUTH === 'static'
        ? { mode: 'static', token: e.AFBRYD_DATAHUB_TOKEN }
        : {
            mode: 'entra',
            authority: e.AFBRYD_DATAHUB_ENTRA_AUTHORITY.replace(/\/+$/, ''),
            tenant: e.AFBRYD_DATAHUB_ENTRA_TENANT!,
            clientId: e.AFBRYD_DATAHUB_ENTRA_CLIENT_ID!,
            scope: e.AFBRYD_DATAHUB_ENTRA_SCOPE!,
            credential:
              e.AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET !== undefined
                ? { kind: 'secret', secret: e.AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET }
                : { kind: 'certificate', certificateFile: e.AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE!, privateKeyFile: e.AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE! },
            refreshMarginMs: e.AFBRYD_DATAHUB_TOKEN_REFRESH_MARGIN_SECONDS * 1000,
          },
    supplierGln: e.AFBRYD_SUPPLIER_GLN,
    timeoutMs: e.AFBRYD_DATAHUB_TIMEOUT_MS,
    receiverRole: e.AFBRYD_DATAHUB_RECEIVER_ROLE,
    cancellationProcessType: e.AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE,
    serverErrorRetry: { attempts: e.AFBRYD_DATAHUB_SERVER_ERROR_ATTEMPTS, delayMs: e.AFBRYD_DATAHUB_SERVER_ERROR_DELAY_MS },
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

/**
 * How afbryd reaches Temporal: the embedded dev server by default, or an existing cluster named by
 * environment variables (the names Temporal's own tools use). Validated with zod, so that a bad
 * value gives one clear line instead of a stack trace.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, booleanFromEnv, formatIssues, portFromEnv } from './env.js';

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'must be host:port, e.g. localhost:7233');

export const temporalConfigSchema = z
  .object({
    /**
     * The frontend address of an existing Temporal cluster. Unset: `npm start` runs the embedded
     * dev server and connects to it.
     * @default undefined (embedded dev server on localhost:AFBRYD_TEMPORAL_PORT)
     */
    TEMPORAL_ADDRESS: hostPort.optional(),
    /** @default "default" */
    TEMPORAL_NAMESPACE: z.string().min(1).max(255).default('default'),
    /** An API key (e.g. Temporal Cloud). Implies TLS. @default undefined */
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** Use TLS without client certificates. @default false (true when an API key or cert is set) */
    TEMPORAL_TLS: booleanFromEnv.optional(),
    /** mTLS client certificate (PEM file). @default undefined */
    TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
    /** mTLS client key (PEM file). @default undefined */
    TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
    /** CA certificate to trust instead of the system roots (PEM file). @default undefined */
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
    /** Server name for TLS verification (SNI). @default the address's host */
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    /** The task queue afbryd's workers poll. @default "afbryd" */
    AFBRYD_TASK_QUEUE: z.string().min(1).max(200).default('afbryd'),
    /**
     * A pre-built workflow bundle for the worker to load instead of bundling at start-up (saves a few
     * seconds a start; tests use it). @default undefined (bundle at start-up)
     */
    AFBRYD_WORKFLOW_BUNDLE: z.string().min(1).optional(),
    /** Port of the embedded dev server's frontend. @default 7233 */
    AFBRYD_TEMPORAL_PORT: portFromEnv.default('7233'),
    /** Port of the embedded dev server's Web UI. @default 8233 */
    AFBRYD_UI_PORT: portFromEnv.default('8233'),
    /** Folder of the embedded dev server's SQLite file (git-ignored). @default ".data" */
    AFBRYD_DATA_DIR: z.string().min(1).default('.data'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['TEMPORAL_TLS_CLIENT_CERT_PATH'],
        message: 'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together',
      });
    }
    if (env.TEMPORAL_TLS === false && (env.TEMPORAL_API_KEY || env.TEMPORAL_TLS_CLIENT_CERT_PATH)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['TEMPORAL_TLS'],
        message: 'TEMPORAL_TLS=false contradicts an API key or client certificate, which need TLS',
      });
    }
  });

/** TLS settings in the shape `Connection.connect` and `NativeConnection.connect` take. */
export interface TlsSettings {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** The validated connection settings. */
export interface TemporalConfig {
  /** True when afbryd runs (and connects to) its own dev server. */
  embedded: boolean;
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls?: TlsSettings;
  devServer: { port: number; uiPort: number; dataDir: string };
  /** See AFBRYD_WORKFLOW_BUNDLE. */
  workflowBundlePath?: string;
}

function readPem(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Reads the Temporal connection settings from the environment.
 * @throws ConfigError naming every bad variable, in one line.
 */
export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = temporalConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const e = parsed.data;
  const embedded = !e.TEMPORAL_ADDRESS;
  const useTls =
    e.TEMPORAL_TLS ?? Boolean(e.TEMPORAL_API_KEY || e.TEMPORAL_TLS_CLIENT_CERT_PATH || e.TEMPORAL_TLS_SERVER_CA_CERT_PATH);
  let tls: TlsSettings | undefined;
  if (useTls) {
    tls = {};
    if (e.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = e.TEMPORAL_TLS_SERVER_NAME;
    if (e.TEMPORAL_TLS_SERVER_CA_CERT_PATH) {
      tls.serverRootCACertificate = readPem(e.TEMPORAL_TLS_SERVER_CA_CERT_PATH, 'TEMPORAL_TLS_SERVER_CA_CERT_PATH');
    }
    if (e.TEMPORAL_TLS_CLIENT_CERT_PATH && e.TEMPORAL_TLS_CLIENT_KEY_PATH) {
      tls.clientCertPair = {
        crt: readPem(e.TEMPORAL_TLS_CLIENT_CERT_PATH, 'TEMPORAL_TLS_CLIENT_CERT_PATH'),
        key: readPem(e.TEMPORAL_TLS_CLIENT_KEY_PATH, 'TEMPORAL_TLS_CLIENT_KEY_PATH'),
      };
    }
  }
  return {
    embedded,
    address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.AFBRYD_TEMPORAL_PORT}`,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.AFBRYD_TASK_QUEUE,
    ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
    ...(tls ? { tls } : {}),
    devServer: { port: e.AFBRYD_TEMPORAL_PORT, uiPort: e.AFBRYD_UI_PORT, dataDir: e.AFBRYD_DATA_DIR },
    ...(e.AFBRYD_WORKFLOW_BUNDLE ? { workflowBundlePath: e.AFBRYD_WORKFLOW_BUNDLE } : {}),
  };
}

/** The options both `Connection.connect` (client) and `NativeConnection.connect` (worker) take. */
export function connectionOptions(config: TemporalConfig) {
  return {
    address: config.address,
    ...(config.tls ? { tls: config.tls } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
}

/**
 * Where the worker and the DataHub poller serve `/healthz` and `/metrics` (ops/metrics.ts), read from
 * the environment and validated with zod; a bad value stops the process with one line. The API
 * serves both on its own port (`AFBRYD_API_PORT`).
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `AFBRYD_OPS_HOST` | `127.0.0.1` | the address the worker's and the poller's ops servers listen on |
 * | `AFBRYD_WORKER_OPS_PORT` | `9464` | the worker's `/healthz` and `/metrics` |
 * | `AFBRYD_WORKER_TEMPORAL_METRICS_PORT` | `9465` | where the SDK's Runtime exports its own Prometheus metrics (appended to the worker's `/metrics`) |
 * | `AFBRYD_POLLER_OPS_PORT` | `9466` | the poller's `/healthz` and `/metrics` |
 */
import { z } from 'zod';
import { ConfigError, formatIssues, portFromEnv } from './env.js';

export const opsConfigSchema = z.object({
  /** @default "127.0.0.1" (this machine only: the endpoints need no token) */
  AFBRYD_OPS_HOST: z.string().min(1).max(255).default('127.0.0.1'),
  /** @default 9464 */
  AFBRYD_WORKER_OPS_PORT: portFromEnv.default('9464'),
  /** @default 9465 */
  AFBRYD_WORKER_TEMPORAL_METRICS_PORT: portFromEnv.default('9465'),
  /** @default 9466 */
  AFBRYD_POLLER_OPS_PORT: portFromEnv.default('9466'),
});

/** The validated ops settings. */
export interface OpsConfig {
  host: string;
  workerPort: number;
  workerTemporalMetricsPort: number;
  pollerPort: number;
}

/** @throws ConfigError naming every bad variable, in one line. */
export function loadOpsConfig(env: NodeJS.ProcessEnv = process.env): OpsConfig {
  const parsed = opsConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const e = parsed.data;
  return { host: e.AFBRYD_OPS_HOST, workerPort: e.AFBRYD_WORKER_OPS_PORT, workerTemporalMetricsPort: e.AFBRYD_WORKER_TEMPORAL_METRICS_PORT, pollerPort: e.AFBRYD_POLLER_OPS_PORT };
}

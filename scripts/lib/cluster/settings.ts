/**
 * The cluster's settings, from the one place they live: `deploy/cluster.env` (docker-compose.yml is
 * held to the same values by test/deploy/cluster-settings.test.ts), and the folders `npm run cluster`
 * keeps outside the clone.
 *
 * | folder | what | default |
 * |---|---|---|
 * | cache | the built Temporal binaries, per release (`temporal/v<version>/bin`), and the Web UI server's (`temporal-ui/v<version>/bin`) | `$AFBRYD_CACHE_DIR`, else `$XDG_CACHE_HOME/afbryd`, else `~/.cache/afbryd` |
 * | state | PostgreSQL's data folder, the generated configs, logs, the run record | `$AFBRYD_CLUSTER_DIR`; as root `/var/lib/afbryd-cluster` (PostgreSQL's own user must reach it, and `/root` is closed to it), else `<cache>/cluster` |
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const SETTINGS_FILE = join(ROOT, 'deploy', 'cluster.env');

export interface ClusterSettings {
  temporalVersion: string;
  numHistoryShards: number;
  temporalDb: string;
  visibilityDb: string;
  temporalDbUser: string;
  postgresMajor: number;
  namespace: string;
  taskQueue: string;
  namespaceRetention: string;
  evidenceDb: string;
  evidenceDbUser: string;
  /** The standalone Web UI server's version (docker-compose: the `temporalio/ui` image's tag). */
  uiVersion: string;
  /** The Web UI's port (docker-compose: TEMPORAL_UI_PORT and the published port). */
  uiPort: number;
}

/** `KEY=VALUE` lines of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`deploy/cluster.env: not KEY=VALUE: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function loadClusterSettings(file = SETTINGS_FILE): ClusterSettings {
  const env = parseEnvFile(readFileSync(file, 'utf8'));
  const need = (key: string): string => {
    const v = env[key];
    if (!v) throw new Error(`deploy/cluster.env: ${key} is missing`);
    return v;
  };
  const version = need('TEMPORAL_VERSION');
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`deploy/cluster.env: TEMPORAL_VERSION must be x.y.z, not ${version}`);
  const uiVersion = need('TEMPORAL_UI_VERSION');
  if (!/^\d+\.\d+\.\d+$/.test(uiVersion)) throw new Error(`deploy/cluster.env: TEMPORAL_UI_VERSION must be x.y.z, not ${uiVersion}`);
  const uiPort = Number(need('TEMPORAL_UI_PORT'));
  if (!Number.isInteger(uiPort) || uiPort < 1 || uiPort > 65_535) throw new Error(`deploy/cluster.env: TEMPORAL_UI_PORT must be a port, not ${env.TEMPORAL_UI_PORT}`);
  return {
    temporalVersion: version,
    numHistoryShards: Number(need('NUM_HISTORY_SHARDS')),
    temporalDb: need('TEMPORAL_DB'),
    visibilityDb: need('TEMPORAL_VISIBILITY_DB'),
    temporalDbUser: need('TEMPORAL_DB_USER'),
    postgresMajor: Number(need('POSTGRES_MAJOR')),
    namespace: need('TEMPORAL_NAMESPACE'),
    taskQueue: need('AFBRYD_TASK_QUEUE'),
    namespaceRetention: need('AFBRYD_NAMESPACE_RETENTION'),
    evidenceDb: need('EVIDENCE_DB'),
    evidenceDbUser: need('EVIDENCE_DB_USER'),
    uiVersion,
    uiPort,
  };
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AFBRYD_CACHE_DIR) return env.AFBRYD_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'afbryd');
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AFBRYD_CLUSTER_DIR) return env.AFBRYD_CLUSTER_DIR;
  return process.getuid?.() === 0 ? '/var/lib/afbryd-cluster' : join(cacheDir(env), 'cluster');
}

/** Where the Temporal binaries of a release are cached. */
export function temporalBinDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'temporal', `v${version}`, 'bin');
}

/** Where the Web UI server of a version is cached. */
export function uiBinDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'temporal-ui', `v${version}`, 'bin');
}

/** Passwords of the loopback-only roles (docker-compose's defaults; compose reads them from .env). */
export const TEMPORAL_DB_PASSWORD = 'temporal';
export const EVIDENCE_DB_PASSWORD = 'afbryd';

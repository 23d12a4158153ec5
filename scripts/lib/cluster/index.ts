/**
 * The whole cluster, for `npm run cluster` (scripts/cluster.ts) and the cluster tests
 * (test/cluster/): PostgreSQL, Temporal's services, afbryd's namespace and search attributes, and
 * the standalone Web UI server, afbryd's processes (the DataHub simulator unless a DataHub is
 * configured, worker ×2, API, poller), with the evidence archive on the same PostgreSQL. Started in
 * that order, stopped in the reverse one.
 * What it started is recorded in `afbryd-run.json` in the state folder, so that a run that died is
 * cleaned up by the next one (scripts/lib/run-record.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { registerSearchAttributes } from '../../../client/temporal.js';
import { allocatePort, isPortClash, retryOnPortClash } from '../ports.js';
import { commandLine, isAlive, readRunRecord, removeRunRecord, stillRecorded, writeRunRecord, type RunRecord } from '../run-record.js';
import { binariesFor, ensureTemporalBinaries, ensureUiBinary, type TemporalBinaries } from './build.js';
import { ClusterError } from './errors.js';
import { ensureDatabases, ensurePostgresInstalled, evidenceUrl, startPostgres, stopPostgres, type PostgresHandle } from './postgres.js';
import { startProcess, stopProcess, waitFor, type ClusterProcess } from './process.js';
import { loadClusterSettings, ROOT, stateDir as defaultStateDir, type ClusterSettings } from './settings.js';
import { setupSchemas, startService, startTemporal, stopTemporal, type ServiceName, type TemporalHandle } from './temporal.js';
import { startUi, stopUi, type UiHandle } from './ui.js';

const PARENT_WATCH = new URL('../parent-watch.mjs', import.meta.url).href;

export type AfbrydName = 'datahub-simulator' | 'worker-1' | 'worker-2' | 'api' | 'datahub-poller';
const ENTRIES: Record<AfbrydName, string> = {
  'datahub-simulator': 'simulators/datahub-server/main.ts',
  'worker-1': 'worker/main.ts',
  'worker-2': 'worker/main.ts',
  api: 'client/api/main.ts',
  'datahub-poller': 'client/datahub-poller-main.ts',
};

export interface ClusterOptions {
  stateDir?: string;
  /** Extra environment for afbryd's processes (e.g. AFBRYD_WORKFLOW_BUNDLE, AFBRYD_SIM_MAIL_LOG). */
  afbrydEnv?: Record<string, string>;
  /** Which of afbryd's processes to start. @default all */
  afbryd?: AfbrydName[];
  /** The Web UI's port; 0 for any free one. @default TEMPORAL_UI_PORT of deploy/cluster.env (a free one when that is taken) */
  uiPort?: number;
  /** Temporal's log level. @default warn */
  logLevel?: string;
  log?: (line: string) => void;
}

export interface Cluster {
  settings: ClusterSettings;
  stateDir: string;
  binaries: TemporalBinaries;
  pg: PostgresHandle;
  temporal: TemporalHandle;
  /** The frontend's address (TEMPORAL_ADDRESS). */
  address: string;
  /** The standalone Web UI server, on the frontend. */
  ui: UiHandle;
  evidenceUrl: string;
  apiUrl: string;
  apiToken: string;
  datahubUrl: string;
  /** The environment afbryd's processes run with. */
  afbrydEnv: Record<string, string>;
  afbryd: Map<AfbrydName, ClusterProcess>;
  /** Seconds from the start to a running cluster. */
  startSeconds: number;
  startAfbryd(name: AfbrydName): Promise<ClusterProcess>;
  /** SIGKILLs one Temporal service process and starts it again with the same config. */
  restartService(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Stops PostgreSQL (fast shutdown) and starts it again on the same port. */
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
}

/** The API's bearer token for this state folder: made once, kept in `api-token` (mode 0600). */
function apiToken(dir: string): string {
  const file = join(dir, 'api-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Refuses to start beside a live run on the same state folder; stops what a dead one left behind. */
async function settleEarlierRun(dir: string, log: (line: string) => void): Promise<void> {
  const earlier = readRunRecord(dir);
  if (!earlier) return;
  if (earlier.pid !== process.pid && isAlive(earlier.pid) && (commandLine(earlier.pid) ?? '').includes('cluster')) {
    throw new ClusterError(`a cluster is already running on ${dir} (pid ${earlier.pid}, started ${earlier.startedAt}); stop it with Ctrl-C (kill -INT ${earlier.pid}), or give this one its own AFBRYD_CLUSTER_DIR`);
  }
  const left = earlier.processes.filter(stillRecorded);
  // afbryd's processes and the Web UI first, then Temporal's services, PostgreSQL last.
  const order = (n: string) => (n === 'postgresql' ? 2 : n.startsWith('temporal-') ? 1 : 0);
  for (const rank of [0, 1, 2]) {
    const batch = left.filter((p) => order(p.name) === rank);
    for (const p of batch) log(`stopping ${p.name} (pid ${p.pid}), left running by an earlier run (started ${earlier.startedAt})`);
    await Promise.all(
      batch.map(async (p) => {
        try {
          process.kill(p.pid, rank === 2 ? 'SIGINT' : 'SIGTERM');
        } catch {
          return;
        }
        const deadline = Date.now() + 20_000;
        while (isAlive(p.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (isAlive(p.pid) && stillRecorded(p)) process.kill(p.pid, 'SIGKILL');
        while (isAlive(p.pid)) await new Promise((r) => setTimeout(r, 50));
      }),
    );
  }
  removeRunRecord(dir);
}

async function withConnection<T>(address: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: 5000 });
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/** Creates the namespace (idempotent) and registers afbryd's search attributes on it. */
async function setupNamespace(address: string, s: ClusterSettings, log: (line: string) => void): Promise<void> {
  const days = /^(\d+)d$/.exec(s.namespaceRetention);
  if (!days) throw new ClusterError(`deploy/cluster.env: AFBRYD_NAMESPACE_RETENTION must be whole days like 30d, not ${s.namespaceRetention}`);
  await withConnection(address, async (c) => {
    try {
      await c.workflowService.describeNamespace({ namespace: s.namespace });
    } catch {
      await c.workflowService.registerNamespace({ namespace: s.namespace, workflowExecutionRetentionPeriod: msToTs(`${days[1]} days`) });
      log(`created namespace ${s.namespace} (retention ${s.namespaceRetention})`);
    }
    // Right after creation the services' namespace caches may not have it yet (refreshed every 10 s).
    let added: string[] = [];
    await waitFor(`namespace ${s.namespace} takes afbryd's search attributes`, async () => {
      added = await registerSearchAttributes(c, s.namespace);
      return true;
    }, 60_000);
    log(added.length ? `registered search attributes: ${added.join(', ')}` : 'search attributes already registered');
  });
}

/** Waits until a worker process polls the task queue (its identity is `<pid>@<host>`). */
async function waitForPoller(address: string, s: ClusterSettings, p: ClusterProcess): Promise<void> {
  await withConnection(address, (c) =>
    waitFor(`${p.name} polls task queue ${s.taskQueue}`, async () => {
      const res = await c.workflowService.describeTaskQueue({ namespace: s.namespace, taskQueue: { name: s.taskQueue }, taskQueueType: 1 });
      return (res.pollers ?? []).some((poller) => (poller.identity ?? '').startsWith(`${p.child.pid}@`));
    }, 120_000, p),
  );
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(`cluster: ${line}`));
  const s = loadClusterSettings();
  const dir = options.stateDir ?? defaultStateDir();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'afbryd'), { recursive: true });
  // PostgreSQL runs as its own user, which must reach its data folder inside this one.
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  await settleEarlierRun(dir, log);
  const record: RunRecord = { pid: process.pid, startedAt: new Date().toISOString(), dataDir: dir, ports: {}, processes: [] };
  writeRunRecord(record);
  const remember = (p: ClusterProcess, marker: string, name = p.name) => {
    record.processes.push({ name, pid: p.child.pid!, marker });
    writeRunRecord(record);
  };

  let pgh: PostgresHandle | undefined;
  let temporal: TemporalHandle | undefined;
  let ui: UiHandle | undefined;
  const afbryd = new Map<AfbrydName, ClusterProcess>();
  const stopAll = async () => {
    await Promise.all([...afbryd.values()].filter((p) => p.name !== 'datahub-simulator').map((p) => stopProcess(p, 'SIGTERM', 20_000)));
    const sim = afbryd.get('datahub-simulator');
    if (sim) await stopProcess(sim, 'SIGTERM', 10_000);
    if (ui) await stopUi(ui);
    if (temporal) await stopTemporal(temporal);
    if (pgh) await stopPostgres(pgh);
    if (readRunRecord(dir)?.pid === process.pid) removeRunRecord(dir);
  };

  try {
    const binaries = await ensureTemporalBinaries(s.temporalVersion, log);
    const uiBinary = await ensureUiBinary(s.uiVersion, log);
    const pgBin = ensurePostgresInstalled(s.postgresMajor, log);
    pgh = await startPostgres({ bin: pgBin, stateDir: dir, log });
    remember(pgh.process, join(dir, 'pgdata'));
    record.ports.postgresql = pgh.port;
    log(`PostgreSQL ${s.postgresMajor} on 127.0.0.1:${pgh.port} (data: ${join(dir, 'pgdata')})`);
    await ensureDatabases(pgh, s);
    await setupSchemas(binaries, pgh, s);
    const t = await retryOnPortClash(() => startTemporal({ bin: binaries, pg: pgh!, s, stateDir: dir, log, logLevel: options.logLevel }), {
      onRetry: (err) => log(`${(err as Error).message}; trying new ports`),
    });
    temporal = t;
    for (const p of t.processes.values()) remember(p, join(t.configDir, `${p.name}.yaml`), `temporal-${p.name}`);
    record.ports.frontend = t.ports.frontend.grpc;
    writeRunRecord(record);
    await setupNamespace(t.address, s, log);
    ui = await startUi({ binary: uiBinary, stateDir: dir, address: t.address, s, log, port: options.uiPort });
    remember(ui.process, ui.marker);
    record.ports['web-ui'] = ui.port;
    writeRunRecord(record);

    const token = apiToken(dir);
    const apiPort = await allocatePort();
    const env: Record<string, string> = {
      TEMPORAL_ADDRESS: t.address,
      TEMPORAL_NAMESPACE: s.namespace,
      AFBRYD_TASK_QUEUE: s.taskQueue,
      AFBRYD_EVIDENCE_URL: evidenceUrl(pgh, s),
      AFBRYD_API_PORT: String(apiPort),
      AFBRYD_API_TOKENS: JSON.stringify({ [token]: 'billing' }),
      AFBRYD_DATA_DIR: join(dir, 'afbryd'),
      ...options.afbrydEnv,
    };
    const wanted = options.afbryd ?? (['datahub-simulator', 'worker-1', 'worker-2', 'api', 'datahub-poller'] as AfbrydName[]);
    const simulated = !env.AFBRYD_DATAHUB_URL && wanted.includes('datahub-simulator');

    const startAfbryd = async (name: AfbrydName): Promise<ClusterProcess> => {
      const entry = ENTRIES[name];
      const p = startProcess(name, process.execPath, ['--import', 'tsx', '--import', PARENT_WATCH, join(ROOT, entry)], join(dir, 'logs', `afbryd-${name}.log`), {
        cwd: ROOT,
        env: { ...process.env, ...env },
        ipc: true,
      });
      afbryd.set(name, p);
      remember(p, entry);
      if (name.startsWith('worker')) await waitForPoller(t.address, s, p);
      else if (name === 'api') await waitFor(`the API answers on ${apiPort}`, async () => (await fetch(`http://127.0.0.1:${apiPort}/openapi.json`)).ok, 60_000, p);
      return p;
    };

    if (simulated) {
      await retryOnPortClash(async () => {
        const simPort = await allocatePort();
        env.AFBRYD_DATAHUB_SIM_PORT = String(simPort);
        env.AFBRYD_DATAHUB_URL = `http://127.0.0.1:${simPort}`;
        const p = await startAfbryd('datahub-simulator');
        try {
          await waitFor('the DataHub simulator answers', async () => (await fetch(`${env.AFBRYD_DATAHUB_URL}/health`)).ok, 60_000, p);
        } catch (err) {
          if (isPortClash(p.output())) throw Object.assign(new Error('simulator port taken'), { code: 'EADDRINUSE' });
          throw err;
        }
      });
    }
    log(`starting afbryd: ${wanted.filter((n) => n !== 'datahub-simulator').join(', ')}`);
    await Promise.all(wanted.filter((n) => n !== 'datahub-simulator').map(startAfbryd));

    const cluster: Cluster = {
      settings: s,
      stateDir: dir,
      binaries: binariesFor(s.temporalVersion),
      pg: pgh,
      temporal: t,
      address: t.address,
      ui,
      evidenceUrl: env.AFBRYD_EVIDENCE_URL!,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      apiToken: token,
      datahubUrl: env.AFBRYD_DATAHUB_URL ?? '',
      afbrydEnv: env,
      afbryd,
      startSeconds: (Date.now() - started) / 1000,
      startAfbryd,
      async restartService(name, signal = 'SIGKILL') {
        const p = t.processes.get(name);
        if (p) await stopProcess(p, signal, 20_000);
        const q = await startService(name, t, { bin: binaries, pg: pgh!, s, stateDir: dir, log, logLevel: options.logLevel });
        remember(q, join(t.configDir, `${name}.yaml`), `temporal-${name}`);
      },
      async restartPostgres() {
        await stopPostgres(pgh!);
        const again = await startPostgres({ bin: pgBin, stateDir: dir, port: pgh!.port, log });
        pgh!.process = again.process;
        remember(again.process, join(dir, 'pgdata'));
      },
      stop: stopAll,
    };
    return cluster;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

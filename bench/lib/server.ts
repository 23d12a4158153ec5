/**
 * The benchmark's Temporal server: by default a dev server of its own — `temporal server start-dev`
 * (the CLI `npm run setup` provided, .temporal/servers.json) with its SQLite file in a fresh temporary
 * folder, on free ports, headless, with afbryd's search attributes registered by the same code
 * `npm start` uses; or, with `--server ADDRESS` (billing run, timer burst), an existing Temporal
 * cluster (`npm run cluster`), whose namespace must exist, whose processes on this machine are found
 * for CPU by process (./cluster-processes.ts), and which is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../../client/temporal.js';
import { loadClusterSettings } from '../../scripts/lib/cluster/settings.js';
import { allocatePorts } from '../../scripts/lib/ports.js';
import { providedServers } from '../../test/support/servers.js';
import { clusterCpu, clusterPids, describeClusterProcesses, findClusterProcesses, temporalCpu, type ClusterProcesses } from './cluster-processes.js';

export interface BenchServer {
  address: string;
  /** The namespace the benchmark runs in: `default` on its dev server. */
  namespace: string;
  /** The dev server's process (a static Go binary: its RSS and CPU are the server's own); on an existing cluster the frontend's, or 0 when not found. */
  pid: number;
  /** An existing cluster (`--server`): its processes on this machine. Undefined for the dev server. */
  cluster?: ClusterProcesses;
  /** CPU seconds the server has used so far: the dev server; on a cluster Temporal's services together (PostgreSQL apart). */
  cpuSeconds(): number;
  /** CPU seconds so far by process group (frontend, history, …, postgresql); only on an existing cluster. */
  cpuByProcess?(): Record<string, number>;
  /** Resident memory of the server's processes (Temporal's services on a cluster), bytes. */
  rssBytes(): number;
  dbFile: string;
  /** The temporary folder (SQLite file, workflow bundle, logs); removed by `stop` unless kept. */
  dir: string;
  /** What the server is: version, persistence, shards. */
  describe(): Record<string, string | number>;
  /** Bytes of the SQLite file (and its WAL) now; NaN on an existing cluster. */
  dbBytes(): number;
  /** Stops the dev server (an existing cluster is left running) and removes the temporary folder unless kept. */
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** Keep the temporary folder (SQLite file, logs). @default false */
  keep?: boolean;
  /** `--dynamic-config-value` pairs. @default none */
  dynamicConfig?: Record<string, unknown>;
  /** `--sqlite-pragma` statements, e.g. `synchronous=NORMAL`. @default none (the server's own) */
  sqlitePragmas?: string[];
  /** No SQLite file: the server's in-memory store. @default false */
  inMemory?: boolean;
}

/** parseArgs options for the server. */
export const SERVER_OPTIONS = {
  keep: { type: 'boolean' },
  'sqlite-pragma': { type: 'string', multiple: true },
  'in-memory': { type: 'boolean' },
} as const;

/** The server options from parsed command-line values. */
export function serverOptionsFrom(values: { keep?: boolean; 'sqlite-pragma'?: string[]; 'in-memory'?: boolean }): BenchServerOptions {
  return { keep: values.keep ?? false, sqlitePragmas: values['sqlite-pragma'] ?? [], inMemory: values['in-memory'] ?? false };
}

/**
 * parseArgs options for an existing cluster (billing run, timer burst): `--server ADDRESS` (host:port
 * of its frontend) and `--namespace NS` (default: the cluster's, TEMPORAL_NAMESPACE of
 * deploy/cluster.env — `afbryd`).
 */
export const EXISTING_SERVER_OPTIONS = {
  server: { type: 'string' },
  namespace: { type: 'string' },
} as const;

/** A setup problem said in one line (no stack trace): a bad option, an unreachable server, a missing namespace. */
export class BenchSetupError extends Error {}

/**
 * The benchmark's server from its command line: the existing cluster at `--server`, or a dev server
 * of its own (as before `--server` existed). A {@link BenchSetupError} is printed as one line and
 * exits 2.
 */
export async function openBenchServer(
  bench: string,
  values: { keep?: boolean; 'sqlite-pragma'?: string[]; 'in-memory'?: boolean; server?: string; namespace?: string },
): Promise<BenchServer> {
  try {
    if (values.server === undefined) {
      if (values.namespace !== undefined) throw new BenchSetupError('--namespace needs --server (the dev server runs in namespace "default")');
      return await startBenchServer(serverOptionsFrom(values));
    }
    if (values['in-memory'] || values['sqlite-pragma']?.length) throw new BenchSetupError('--in-memory and --sqlite-pragma are the dev server\'s; they do not go with --server');
    return await connectBenchServer(values.server, values.namespace ?? clusterNamespace(), { keep: values.keep ?? false });
  } catch (err) {
    if (!(err instanceof BenchSetupError)) throw err;
    console.error(`${bench}: ${err.message}`);
    process.exit(2);
  }
}

/** The cluster's namespace: TEMPORAL_NAMESPACE of deploy/cluster.env. */
function clusterNamespace(): string {
  try {
    return loadClusterSettings().namespace;
  } catch {
    return 'afbryd';
  }
}

/** A gRPC status code of an error, if it has one. */
function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * An existing Temporal cluster at `address`: reachable, `namespace` on it (else one clear error),
 * afbryd's search attributes registered in the namespace (idempotent: `npm run cluster` has done it),
 * and its processes on this machine found for CPU by process.
 */
export async function connectBenchServer(address: string, namespace: string, options: { keep?: boolean } = {}): Promise<BenchServer> {
  if (!/^[^\s:]+:\d+$/.test(address)) throw new BenchSetupError(`--server must be HOST:PORT of a Temporal frontend, not "${address}"`);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
  } catch (err) {
    throw new BenchSetupError(`cannot reach a Temporal frontend at ${address} (${(err as Error).message.split('\n')[0]}); is \`npm run cluster\` running? It prints "Temporal frontend: <address>"`);
  }
  let info: Record<string, string | number> = {};
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      if (grpcCode(err) === grpcStatus.NOT_FOUND) {
        throw new BenchSetupError(
          `namespace "${namespace}" does not exist on ${address}; \`npm run cluster\` registers "${clusterNamespace()}" (deploy/cluster.env): pass --namespace with an existing one, or create it (temporal operator namespace create --address ${address} ${namespace})`,
        );
      }
      throw new BenchSetupError(`cannot describe namespace "${namespace}" on ${address}: ${(err as Error).message.split('\n')[0]}`);
    }
    const cluster = await connection.workflowService.getClusterInfo({}).catch(() => undefined);
    info = {
      server: `existing cluster at ${address}${cluster?.serverVersion ? ` (Temporal Server ${cluster.serverVersion})` : ''}`,
      namespace,
      ...(cluster?.persistenceStore ? { persistence: cluster.persistenceStore } : {}),
      ...(cluster?.visibilityStore ? { visibility: cluster.visibilityStore } : {}),
      ...(cluster?.historyShardCount ? { historyShards: cluster.historyShardCount } : {}),
    };
    await registerSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
  const processes = findClusterProcesses(address);
  const dir = mkdtempSync(join(tmpdir(), 'afbryd-bench-'));
  return {
    address,
    namespace,
    pid: processes.frontend ?? 0,
    cluster: processes,
    dbFile: '',
    dir,
    cpuSeconds: () => temporalCpu(clusterCpu(processes)),
    cpuByProcess: () => clusterCpu(processes),
    rssBytes: () => clusterPids(processes).reduce((sum, pid) => sum + (rssBytes(pid) ?? Number.NaN), 0),
    describe: () => ({ ...info, processes: describeClusterProcesses(processes), ...(processes.missing.length ? { notFound: processes.missing.join('; ') } : {}) }),
    dbBytes: () => Number.NaN,
    async stop() {
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const servers = providedServers();
  const cli = servers.cli.path;
  if (!cli) throw new Error('no Temporal CLI was provided: run `npm run setup`');
  const dir = mkdtempSync(join(tmpdir(), 'afbryd-bench-'));
  const dbFile = join(dir, 'temporal.sqlite');
  const [port, httpPort, metricsPort] = (await allocatePorts(3)) as [number, number, number];
  const dynamic = Object.entries(options.dynamicConfig ?? {}).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${JSON.stringify(v)}`]);
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--http-port', String(httpPort),
    '--metrics-port', String(metricsPort),
    '--headless',
    ...(options.inMemory ? [] : ['--db-filename', dbFile]),
    ...(options.sqlitePragmas ?? []).flatMap((p) => ['--sqlite-pragma', p]),
    '--log-level', 'error',
    ...dynamic,
  ];
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dev server exited at start:\n${output.trim()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await registerSearchAttributes(connection, 'default');
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the dev server did not answer within 60 s (${(err as Error).message}):\n${output.trim()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  return {
    address,
    namespace: 'default',
    pid: child.pid!,
    cpuSeconds: () => cpuSeconds(child.pid!) ?? Number.NaN,
    rssBytes: () => rssBytes(child.pid!) ?? Number.NaN,
    dbFile,
    dir,
    describe: () => ({
      server: servers.cli.version ?? servers.cli.source,
      persistence: options.inMemory ? 'SQLite in memory' : 'SQLite file (temporary folder)',
      ...(options.sqlitePragmas?.length ? { sqlitePragmas: options.sqlitePragmas.join(' ') } : {}),
      historyShards: 1,
      ...(Object.keys(options.dynamicConfig ?? {}).length ? { dynamicConfig: JSON.stringify(options.dynamicConfig) } : {}),
    }),
    dbBytes: () => size(dbFile) + size(`${dbFile}-wal`),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5)), in clock ticks (100 Hz).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * On an existing cluster, deletes the run's workflows (running ones are terminated first, by the
 * server), so that the namespace does not collect parked benchmark cases from run to run — they
 * would show in afbryd's stage lists and load later runs with their timers. Skipped with `--keep`
 * and on the dev server (its folder is removed). Deletion goes on inside the server after the call.
 */
export async function deleteBenchWorkflows(server: BenchServer, connection: Connection, ids: readonly string[], keep: boolean, log: (line: string) => void): Promise<void> {
  if (!server.cluster || keep || ids.length === 0) return;
  const t0 = Date.now();
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < ids.length) {
        const workflowId = ids[next++]!;
        try {
          await connection.workflowService.deleteWorkflowExecution({ namespace: server.namespace, workflowExecution: { workflowId } });
        } catch (err) {
          if (grpcCode(err) !== grpcStatus.NOT_FOUND) failed++;
        }
      }
    }),
  );
  log(`deleted the run's ${ids.length - failed} workflows from namespace ${server.namespace} in ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? ` (${failed} could not be deleted)` : ''} (--keep keeps them)`);
}

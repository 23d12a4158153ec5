/**
 * A dev server of the benchmark's own: `temporal server start-dev` (the CLI `npm run setup` provided,
 * .temporal/servers.json) with its SQLite file in a fresh temporary folder, on free ports, headless,
 * with afbryd's search attributes registered by the same code `npm start` uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../../client/temporal.js';
import { allocatePorts } from '../../scripts/lib/ports.js';
import { providedServers } from '../../test/support/servers.js';

export interface BenchServer {
  address: string;
  /** The server process (a static Go binary: its RSS and CPU are the server's own). */
  pid: number;
  dbFile: string;
  /** The temporary folder (SQLite file, workflow bundle, logs); removed by `stop` unless kept. */
  dir: string;
  /** What the server is: version, persistence, shards. */
  describe(): Record<string, string | number>;
  /** Bytes of the SQLite file (and its WAL) now. */
  dbBytes(): number;
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
    pid: child.pid!,
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

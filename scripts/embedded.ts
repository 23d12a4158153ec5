/**
 * The embedded default behind `npm start`: the Temporal dev server (SQLite file under the data
 * folder, Web UI), afbryd's search attributes, and afbryd's processes (the DataHub/grid simulator, the worker, the
 * billing API, the DataHub poller), each a child process. Ctrl-C (SIGINT) or SIGTERM stops
 * afbryd's processes first, letting them finish the tasks in hand, then the dev server, so its
 * SQLite file is closed cleanly and cases survive the next start.
 *
 * With TEMPORAL_ADDRESS set it runs no dev server and connects to that cluster instead.
 *
 * Stopping is robust (scripts/start.mjs starts this script in a process group of its own and passes
 * it the terminal's Ctrl-C):
 * - what it started is recorded in `afbryd-run.json` in the data folder (scripts/lib/run-record.ts);
 *   a clean stop removes the record;
 * - a second start while this one runs is refused with its pid; a start after a run that died
 *   (its dev server or processes left behind) stops what that record names, and nothing else;
 * - a port in use is named with the variable that changes it, and with its holder when that looks
 *   like an earlier afbryd run;
 * - a closed stdout (npm gone first, a pipe closed) never interrupts the stop, and the children stop
 *   by themselves if this process disappears (scripts/lib/parent-watch.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../client/temporal.js';
import { ConfigError } from '../config/env.js';
import { connectionOptions, loadTemporalConfig, type TemporalConfig } from '../config/temporal.js';
import { portIsFree } from './lib/ports.js';
import {
  describeAfbrydProcess,
  isAlive,
  listeningPid,
  readRunRecord,
  removeRunRecord,
  stillRecorded,
  writeRunRecord,
  type RecordedProcess,
  type RunRecord,
} from './lib/run-record.js';

const ROOT = new URL('..', import.meta.url).pathname;
const PARENT_WATCH = new URL('./lib/parent-watch.mjs', import.meta.url).href;

interface Managed {
  name: string;
  child: ChildProcess;
}

const managed: Managed[] = [];
let devServer: ChildProcess | undefined;
let stopping = false;
let record: RunRecord | undefined;

// A stdout or stderr whose reader has gone (npm exited first, a closed pipe) must not turn the next
// log line into an uncaught EPIPE that kills this process half-way through stopping its children.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

function log(message: string): void {
  console.log(`afbryd: ${message}`);
}

/** Adds a started process to the run record (written at once, so a crash right after still leaves it). */
function remember(name: string, pid: number | undefined, marker: string): void {
  if (!record || pid === undefined) return;
  record.processes.push({ name, pid, marker });
  writeRunRecord(record);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Stops afbryd's processes, then the dev server. Safe to call more than once. */
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    const anything = managed.length > 0 || devServer !== undefined;
    if (anything) log('stopping ...');
    await Promise.all(managed.map(({ child }) => stopChild(child, 'SIGTERM', 20_000)));
    if (devServer) await stopChild(devServer, 'SIGTERM', 15_000);
    if (record && record.pid === process.pid) removeRunRecord(record.dataDir);
    if (anything) log('stopped');
  }
  process.exit(code);
}

/** The environment variable that sets each port, for the message when one is taken. */
interface NamedPort {
  variable: string;
  port: number;
  what: string;
}

/** Stops a recorded process of an earlier run (SIGTERM, then SIGKILL after the grace period). */
async function stopLeftOver(p: RecordedProcess, graceMs: number): Promise<void> {
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(p.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(p.pid) && stillRecorded(p)) process.kill(p.pid, 'SIGKILL');
  while (isAlive(p.pid)) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Looks at the run record in the data folder: refuses to start beside a run that is still going,
 * and stops what an earlier run left behind (its processes first, the dev server last), recognised
 * by the record and by their command lines.
 */
async function settleEarlierRun(dataDir: string): Promise<void> {
  const earlier = readRunRecord(dataDir);
  if (!earlier) return;
  if (earlier.pid !== process.pid && isAlive(earlier.pid) && describeAfbrydProcess(earlier.pid) === 'the embedded default (npm start)') {
    throw new ConfigError(
      `afbryd is already running with the data folder ${dataDir} (pid ${earlier.pid}, started ${earlier.startedAt}). ` +
        `Stop it with Ctrl-C in its terminal (or \`kill -INT ${earlier.pid}\`), or start a second one with its own ` +
        'AFBRYD_DATA_DIR, AFBRYD_TEMPORAL_PORT, AFBRYD_UI_PORT, AFBRYD_API_PORT and AFBRYD_DATAHUB_SIM_PORT',
    );
  }
  const left = earlier.processes.filter(stillRecorded);
  const servers = left.filter((p) => p.name === 'temporal-dev-server');
  const others = left.filter((p) => p.name !== 'temporal-dev-server');
  for (const p of [...others, ...servers]) {
    log(`stopping ${p.name} (pid ${p.pid}), left running by an earlier afbryd run (started ${earlier.startedAt})`);
  }
  await Promise.all(others.map((p) => stopLeftOver(p, 20_000)));
  await Promise.all(servers.map((p) => stopLeftOver(p, 15_000)));
  removeRunRecord(dataDir);
}

/** One line saying who holds a port, when that can be told. */
function holderOf(port: number): string {
  const pid = listeningPid(port);
  if (pid === undefined) return 'by a process afbryd cannot see';
  const afbryd = describeAfbrydProcess(pid);
  return afbryd ? `by ${afbryd}, pid ${pid}: it looks like an earlier afbryd run that is still going` : `by another program (pid ${pid})`;
}

function portMessage({ variable, port, what }: NamedPort): string {
  return (
    `port ${port} (${what}) is already in use ${holderOf(port)}. ` +
    `Stop that process, or choose another port with ${variable}, e.g. ${variable}=${port + 1} npm start`
  );
}

/** Refuses to start when a port afbryd will bind is taken, naming its variable and its holder. */
async function checkPorts(ports: NamedPort[]): Promise<void> {
  const taken: NamedPort[] = [];
  for (const p of ports) if (!(await portIsFree(p.port))) taken.push(p);
  if (taken.length > 0) throw new ConfigError(taken.map(portMessage).join('\n'));
}

/** The port named in a bind failure's text (`listen tcp 127.0.0.1:7233: bind: address already in use`). */
function clashedPort(output: string): number | undefined {
  const m = /(?:listen tcp|bind)[^\n]*?:(\d{1,5})[^\n]*address already in use/i.exec(output);
  return m ? Number(m[1]) : undefined;
}

function resolveCliPath(): string {
  const servers = JSON.parse(readFileSync(join(ROOT, '.temporal', 'servers.json'), 'utf8')) as {
    cli: { path: string | null };
  };
  if (!servers.cli.path) {
    throw new ConfigError('no Temporal CLI was provided (run `npm run setup`); the embedded default needs it');
  }
  return servers.cli.path;
}

/** Starts `temporal server start-dev` with its SQLite file under the data folder. */
async function startDevServer(config: TemporalConfig, ports: NamedPort[]): Promise<ChildProcess> {
  const dataDir = isAbsolute(config.devServer.dataDir) ? config.devServer.dataDir : join(ROOT, config.devServer.dataDir);
  const dbFile = join(dataDir, 'temporal.sqlite');
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(config.devServer.port),
    '--ui-port', String(config.devServer.uiPort),
    '--db-filename', dbFile,
    '--namespace', config.namespace,
    '--log-level', 'warn',
  ];
  // Its own process group: the terminal's Ctrl-C reaches afbryd's processes, and this script stops
  // the server only after they have finished.
  // Its output goes to a log file in the data folder, not to a pipe: a pipe would close with this
  // process, and the server would die of SIGPIPE at its next log line — at some moment, not a
  // predictable one. With a file it outlives a crash of this process for certain, and the next start
  // stops it (the run record).
  const logFile = join(dataDir, 'temporal.log');
  const logFd = openSync(logFile, 'a');
  const logStart = statSync(logFile).size;
  const child = spawn(resolveCliPath(), args, { cwd: ROOT, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  remember('temporal-dev-server', child.pid, dbFile);
  /** What the server wrote in this run (the last 4,000 characters). */
  const output = (): string => {
    try {
      const text = readFileSync(logFile, 'utf8');
      return text.slice(Math.max(logStart, text.length - 4000));
    } catch {
      return '';
    }
  };
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`afbryd: the Temporal dev server stopped unexpectedly (${signal ?? code}):\n${output().trim()}`);
      void shutdown(1);
    }
  });
  log(`starting the Temporal dev server on 127.0.0.1:${config.devServer.port} (data: ${dbFile})`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      const port = clashedPort(output());
      if (port !== undefined) {
        const named = ports.find((p) => p.port === port);
        throw new ConfigError(
          named
            ? portMessage(named)
            : `the Temporal dev server could not bind port ${port}, one it picks itself (${output().trim().split('\n').pop()}); start again`,
        );
      }
      throw new Error(`the Temporal dev server exited at start:\n${output().trim()}`);
    }
    try {
      const connection = await Connection.connect({ address: config.address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer within 60 s:\n${output().trim()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Waits until a URL answers 2xx. */
async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts one of afbryd's TypeScript entry points as a child process with the same environment. */
function startProcess(name: string, entry: string): ChildProcess {
  // The IPC channel is how the child learns that this process is gone (parent-watch.mjs), so that it
  // stops by itself instead of living on as an orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', PARENT_WATCH, join(ROOT, entry)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  managed.push({ name, child });
  remember(name, child.pid, entry);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`afbryd: ${name} stopped unexpectedly (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  return child;
}

async function main(): Promise<void> {
  const config = loadTemporalConfig();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  // Started by scripts/start.mjs with an IPC channel: if it disappears (killed, or its terminal
  // closed), stop everything as if Ctrl-C had been pressed.
  if (process.send) {
    process.on('disconnect', () => void shutdown(0));
    process.channel?.unref();
  }

  const dataDir = isAbsolute(config.devServer.dataDir) ? config.devServer.dataDir : join(ROOT, config.devServer.dataDir);
  mkdirSync(dataDir, { recursive: true });
  await settleEarlierRun(dataDir);
  const simulatedDataHub = !process.env.AFBRYD_DATAHUB_URL;
  const ports: NamedPort[] = [
    ...(config.embedded
      ? [
          { variable: 'AFBRYD_TEMPORAL_PORT', port: config.devServer.port, what: 'the Temporal dev server' },
          { variable: 'AFBRYD_UI_PORT', port: config.devServer.uiPort, what: 'the Temporal Web UI' },
        ]
      : []),
    { variable: 'AFBRYD_API_PORT', port: Number(process.env.AFBRYD_API_PORT ?? '3000'), what: 'the billing API' },
    ...(simulatedDataHub
      ? [{ variable: 'AFBRYD_DATAHUB_SIM_PORT', port: Number(process.env.AFBRYD_DATAHUB_SIM_PORT ?? '7300'), what: 'the DataHub simulator' }]
      : []),
  ];
  await checkPorts(ports);
  record = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    dataDir,
    ports: Object.fromEntries(ports.map((p) => [p.variable, p.port])),
    processes: [],
  };
  writeRunRecord(record);

  if (config.embedded) devServer = await startDevServer(config, ports);
  else log(`using the Temporal cluster at ${config.address}, namespace "${config.namespace}"`);

  const connection = await Connection.connect(connectionOptions(config));
  try {
    const added = await registerSearchAttributes(connection, config.namespace);
    log(added.length ? `registered search attributes: ${added.join(', ')}` : 'search attributes already registered');
  } finally {
    await connection.close();
  }

  // The DataHub/grid simulator, unless a DataHub is configured.
  if (simulatedDataHub) {
    const port = process.env.AFBRYD_DATAHUB_SIM_PORT ?? '7300';
    process.env.AFBRYD_DATAHUB_URL = `http://127.0.0.1:${port}`;
    startProcess('datahub-simulator', 'simulators/datahub-server/main.ts');
    await waitForHttp(`${process.env.AFBRYD_DATAHUB_URL}/health`, 30_000);
  }
  // The evidence archive beside Temporal's data (the worker writes it, the API and the poller read and
  // write it), unless configured.
  process.env.AFBRYD_EVIDENCE_URL ??= `file:${join(dataDir, 'evidence.sqlite')}`;
  startProcess('worker', 'worker/main.ts');
  startProcess('api', 'client/api/main.ts');
  startProcess('datahub-poller', 'client/datahub-poller-main.ts');

  const ui = config.embedded
    ? `http://localhost:${config.devServer.uiPort}/namespaces/${encodeURIComponent(config.namespace)}/workflows`
    : 'your cluster\'s own Web UI';
  log(`running. Web UI: ${ui}`);
  log(`billing API: http://127.0.0.1:${process.env.AFBRYD_API_PORT ?? '3000'} (OpenAPI: /openapi.json)`);
  log(`DataHub: ${process.env.AFBRYD_DATAHUB_URL}${simulatedDataHub ? ' (the simulator; its log: /sim/log)' : ''}`);
  log('press Ctrl-C to stop');
}

main().catch(async (err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  const text = err instanceof ConfigError ? message : `could not start: ${message}`;
  for (const line of text.split('\n')) console.error(`afbryd: ${line}`);
  await shutdown(1);
});

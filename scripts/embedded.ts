/**
 * The embedded default behind `npm start`: the Temporal dev server (SQLite file under the data
 * folder, Web UI), afbryd's search attributes, and afbryd's processes (the DataHub/grid simulator, the worker, the
 * billing API, the DataHub poller), each a child process. Ctrl-C (SIGINT) or SIGTERM stops
 * afbryd's processes first, letting them finish the tasks in hand, then the dev server, so its
 * SQLite file is closed cleanly and cases survive the next start.
 *
 * With TEMPORAL_ADDRESS set it runs no dev server and connects to that cluster instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../client/temporal.js';
import { ConfigError } from '../config/env.js';
import { connectionOptions, loadTemporalConfig, type TemporalConfig } from '../config/temporal.js';

const ROOT = new URL('..', import.meta.url).pathname;

interface Managed {
  name: string;
  child: ChildProcess;
}

const managed: Managed[] = [];
let devServer: ChildProcess | undefined;
let stopping = false;

function log(message: string): void {
  console.log(`afbryd: ${message}`);
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
    if (anything) log('stopped');
  }
  process.exit(code);
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
async function startDevServer(config: TemporalConfig): Promise<ChildProcess> {
  const dataDir = isAbsolute(config.devServer.dataDir) ? config.devServer.dataDir : join(ROOT, config.devServer.dataDir);
  mkdirSync(dataDir, { recursive: true });
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
  const child = spawn(resolveCliPath(), args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`afbryd: the Temporal dev server stopped unexpectedly (${signal ?? code}):\n${output.trim()}`);
      void shutdown(1);
    }
  });
  log(`starting the Temporal dev server on 127.0.0.1:${config.devServer.port} (data: ${dbFile})`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited at start:\n${output.trim()}`);
    try {
      const connection = await Connection.connect({ address: config.address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer within 60 s:\n${output.trim()}`);
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
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  managed.push({ name, child });
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(0));

  if (config.embedded) devServer = await startDevServer(config);
  else log(`using the Temporal cluster at ${config.address}, namespace "${config.namespace}"`);

  const connection = await Connection.connect(connectionOptions(config));
  try {
    const added = await registerSearchAttributes(connection, config.namespace);
    log(added.length ? `registered search attributes: ${added.join(', ')}` : 'search attributes already registered');
  } finally {
    await connection.close();
  }

  // The DataHub/grid simulator, unless a DataHub is configured.
  const simulatedDataHub = !process.env.AFBRYD_DATAHUB_URL;
  if (simulatedDataHub) {
    const port = process.env.AFBRYD_DATAHUB_SIM_PORT ?? '7300';
    process.env.AFBRYD_DATAHUB_URL = `http://127.0.0.1:${port}`;
    startProcess('datahub-simulator', 'simulators/datahub-server/main.ts');
    await waitForHttp(`${process.env.AFBRYD_DATAHUB_URL}/health`, 30_000);
  }
  // The evidence archive beside Temporal's data (the worker writes it, the API and the poller read and
  // write it), unless configured.
  const dataDir = isAbsolute(config.devServer.dataDir) ? config.devServer.dataDir : join(ROOT, config.devServer.dataDir);
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
  console.error(`afbryd: ${err instanceof ConfigError ? message : `could not start: ${message}`}`);
  await shutdown(1);
});

/**
 * Where the Temporal servers are: `.temporal/servers.json`, written by scripts/setup-temporal.mjs
 * (which `npm test` runs first). The options below start them with the SDK's own
 * TestWorkflowEnvironment, from the binaries the project provided.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allocatePort, allocatePorts, isServerStartFailure, retryOnPortClash } from '../../scripts/lib/ports.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVERS_FILE = `${ROOT}.temporal/servers.json`;

interface ServersFile {
  cli: { path: string | null; source: string; version?: string };
  testServer: { path: string | null; source: string };
}

/** Reads the servers file, running the setup script if it is missing. */
export function providedServers(): ServersFile {
  if (!existsSync(SERVERS_FILE)) {
    execFileSync(process.execPath, [`${ROOT}scripts/setup-temporal.mjs`, '--quiet'], { stdio: 'inherit' });
  }
  return JSON.parse(readFileSync(SERVERS_FILE, 'utf8')) as ServersFile;
}

type Executable =
  | { type: 'existing-path'; path: string }
  | { type: 'cached-download' };

function executable(path: string | null): Executable {
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

/** The dev server (Temporal CLI) executable option for `TestWorkflowEnvironment.createLocal`. */
export function devServerExecutable(): Executable {
  return executable(providedServers().cli.path);
}

/** The time-skipping server executable option for `TestWorkflowEnvironment.createTimeSkipping`. */
export function testServerExecutable(): Executable {
  return executable(providedServers().testServer.path);
}

/**
 * The time-skipping server on a port of afbryd's choosing, started again with a new port if the
 * first one clashes or the server does not come up within the SDK's 5 s (see scripts/lib/ports.ts).
 * Use this, never `TestWorkflowEnvironment.createTimeSkipping` directly (a test greps for it).
 */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return retryOnPortClash(
    async () => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable(), port: await allocatePort() } }),
    { retryable: isServerStartFailure, onRetry: (err, n) => console.warn(`time-skipping server did not start (try ${n}): ${String(err)}; trying new ports`) },
  );
}

/**
 * The dev server (no UI) on ports of afbryd's choosing — frontend, HTTP API and metrics — started
 * again with new ports if one clashes or the server does not come up in time.
 * Use this, never `TestWorkflowEnvironment.createLocal` directly (a test greps for it).
 */
export async function startDevServerEnv(options: { logLevel?: 'warn' | 'error' } = {}): Promise<TestWorkflowEnvironment> {
  return retryOnPortClash(
    async () => {
      const [port, httpPort, metricsPort] = await allocatePorts(3);
      return TestWorkflowEnvironment.createLocal({
        server: {
          executable: devServerExecutable(),
          ip: '127.0.0.1',
          port,
          ui: false,
          log: { format: 'pretty', level: options.logLevel ?? 'warn' },
          extraArgs: ['--http-port', String(httpPort), '--metrics-port', String(metricsPort)],
        },
      });
    },
    { retryable: isServerStartFailure, onRetry: (err, n) => console.warn(`dev server did not start (try ${n}): ${String(err)}; trying new ports`) },
  );
}

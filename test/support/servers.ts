/**
 * Where the Temporal servers are: `.temporal/servers.json`, written by scripts/setup-temporal.mjs
 * (which `npm test` runs first). The options below start them with the SDK's own
 * TestWorkflowEnvironment, from the binaries the project provided.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

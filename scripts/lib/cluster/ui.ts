/**
 * The standalone Temporal Web UI server (github.com/temporalio/ui-server/v2, built into the cache by
 * build.ts), as one more service of the cluster: started after the frontend, stopped before it.
 *
 * Its config is generated into the state folder (`<state>/config/ui/afbryd.yaml`, read with
 * `--root <state> --config config/ui --env afbryd`): the frontend's address, the port from
 * deploy/cluster.env (TEMPORAL_UI_PORT; a free one when that is taken), loopback only, afbryd's
 * namespace as the default, no login and a CSRF cookie without `Secure` (plain HTTP on this machine),
 * no news fetched from the internet. The same settings docker-compose gives the `temporalio/ui`
 * image through its variables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocatePort, isPortClash, portIsFree, retryOnPortClash } from '../ports.js';
import { listeningPid, commandLine } from '../run-record.js';
import { ClusterError } from './errors.js';
import { startProcess, stopProcess, waitFor, type ClusterProcess } from './process.js';
import type { ClusterSettings } from './settings.js';

export interface UiHandle {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  process: ClusterProcess;
  /** The config file it was started with. */
  configFile: string;
  /** A string of its command line that marks it as this cluster's (for the run record). */
  marker: string;
}

const ENV = 'afbryd';
const CONFIG_DIR = join('config', 'ui');

/** The UI server's config (YAML), for the frontend at `address`, serving on 127.0.0.1:`port`. */
export function uiConfig(address: string, port: number, namespace: string): string {
  const origin = `http://127.0.0.1:${port}`;
  return [
    '# Written by `npm run cluster` (scripts/lib/cluster/ui.ts) at every start; edits are lost.',
    `temporalGrpcAddress: ${address}`,
    'host: 127.0.0.1',
    `port: ${port}`,
    'publicPath: ""',
    'enableUi: true',
    `defaultNamespace: ${namespace}`,
    'showTemporalSystemNamespace: false',
    // No internet here: the UI would fetch Temporal's news feed from a browser otherwise.
    'disableNewsFetch: true',
    'refreshInterval: 0s',
    'cors:',
    // Plain HTTP on loopback: a `Secure` CSRF cookie would not be sent back over http://127.0.0.1.
    '  cookieInsecure: true',
    '  unsafeAllowAllOrigins: false',
    '  allowOrigins:',
    `    - "${origin}"`,
    `    - "http://localhost:${port}"`,
    'auth:',
    '  enabled: false',
    '  providers: []',
    '',
  ].join('\n');
}

async function tryStart(binary: string, stateDir: string, address: string, port: number, s: ClusterSettings): Promise<UiHandle> {
  const configFile = join(stateDir, CONFIG_DIR, `${ENV}.yaml`);
  mkdirSync(join(stateDir, CONFIG_DIR), { recursive: true });
  writeFileSync(configFile, uiConfig(address, port, s.namespace));
  const args = ['--root', stateDir, '--config', CONFIG_DIR, '--env', ENV, 'start'];
  const p = startProcess('web-ui', binary, args, join(stateDir, 'logs', 'web-ui.log'), { cwd: stateDir });
  const url = `http://127.0.0.1:${port}`;
  try {
    // The UI's own page (the app's HTML from the embedded assets, not a 404), then its API through
    // to the frontend: afbryd's namespace described.
    await waitFor(`the Web UI serves its page on ${url}/`, async () => {
      const res = await fetch(`${url}/`);
      return res.ok && (res.headers.get('content-type') ?? '').includes('text/html') && (await res.text()).includes('_app/immutable');
    }, 30_000, p);
    await waitFor(`the Web UI reaches the frontend (${url}/api/v1/namespaces/${s.namespace})`, async () => (await fetch(`${url}/api/v1/namespaces/${s.namespace}`)).ok, 30_000, p);
  } catch (err) {
    await stopProcess(p, 'SIGTERM', 5_000);
    if (isPortClash(p.output())) throw Object.assign(new Error(`Web UI port ${port} taken`), { code: 'EADDRINUSE' });
    throw err;
  }
  return { url, port, process: p, configFile, marker: `--root ${stateDir} --config ${CONFIG_DIR}` };
}

/** Who holds a port, for the message when the settings' port is taken. */
function holder(port: number): string {
  const pid = listeningPid(port);
  if (!pid) return '';
  const cmd = commandLine(pid);
  return ` (pid ${pid}${cmd ? `: ${cmd.slice(0, 80)}` : ''})`;
}

/**
 * Starts the Web UI server for the frontend at `address`, on the settings' port when it is free,
 * otherwise on a free one (said in the log). A failure names the binary, the config and the log.
 */
export async function startUi(opts: { binary: string; stateDir: string; address: string; s: ClusterSettings; log: (line: string) => void; port?: number }): Promise<UiHandle> {
  const { binary, stateDir, address, s, log } = opts;
  const wanted = opts.port ?? s.uiPort;
  let first = wanted;
  if (wanted === 0 || !(await portIsFree(wanted))) {
    first = await allocatePort();
    if (wanted !== 0) log(`Web UI: port ${wanted} (TEMPORAL_UI_PORT in deploy/cluster.env) is taken${holder(wanted)}; using ${first}`);
  }
  try {
    return await retryOnPortClash(async (attempt) => tryStart(binary, stateDir, address, attempt === 1 ? first : await allocatePort(), s), {
      onRetry: (err) => log(`${(err as Error).message}; trying another port`),
    });
  } catch (err) {
    throw new ClusterError(
      `the Web UI server ${s.uiVersion} did not come up (\`${binary} --root ${stateDir} --config ${CONFIG_DIR} --env ${ENV} start\`, config ${join(stateDir, CONFIG_DIR, `${ENV}.yaml`)}, log ${join(stateDir, 'logs', 'web-ui.log')}): ${(err as Error).message}`,
    );
  }
}

export async function stopUi(ui: UiHandle): Promise<void> {
  await stopProcess(ui.process, 'SIGTERM', 10_000);
}

/**
 * `npm run cluster`: a real Temporal cluster on this machine, with afbryd on it (issue 18) — the
 * deployment docker-compose.yml describes, without Docker:
 * - Temporal Server and temporal-sql-tool at the release pinned in deploy/cluster.env, built once from
 *   the Go module into ~/.cache/afbryd (about 7 minutes on 2 cores; later runs reuse them);
 * - PostgreSQL from Debian (installed when missing), its data folder owned by the `postgres` user,
 *   with Temporal's two databases (schemas by temporal-sql-tool) and the evidence archive's;
 * - Temporal as separate services: frontend, history ×2 (sharing the shards), matching, worker;
 * - namespace "afbryd" with afbryd's search attributes;
 * - the standalone Temporal Web UI at the version pinned in deploy/cluster.env (TEMPORAL_UI_VERSION),
 *   built once from its Go module (github.com/temporalio/ui-server/v2) into the same cache, on the
 *   port pinned there (TEMPORAL_UI_PORT; a free one when that is taken);
 * - afbryd: the DataHub simulator (unless AFBRYD_DATAHUB_URL is set), worker ×2, the API, the poller.
 * Every other port comes from allocatePort (scripts/lib/ports.ts); all are printed. Ctrl-C stops afbryd,
 * then the Web UI, then Temporal, then PostgreSQL; a second run reuses the binaries, the data folder and the databases.
 * `npm run cluster -- --build-only` builds the release and the Web UI into the cache and starts nothing (CI).
 * State: AFBRYD_CLUSTER_DIR (as root /var/lib/afbryd-cluster, else ~/.cache/afbryd/cluster).
 */
import { readFileSync } from 'node:fs';
import { ClusterError } from './lib/cluster/errors.js';
import { startCluster, type Cluster } from './lib/cluster/index.js';
import { stateDir } from './lib/cluster/settings.js';

/** The Temporal CLI the project provides (npm run setup), for the hint printed at start. */
function temporalCli(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../.temporal/servers.json', import.meta.url), 'utf8')) as { cli: { path: string | null } }).cli.path ?? 'temporal';
  } catch {
    return 'temporal';
  }
}

const log = (line: string) => console.log(`cluster: ${line}`);
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

let cluster: Cluster | undefined;
let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (cluster) {
      log('stopping afbryd, then the Web UI, then Temporal, then PostgreSQL ...');
      await cluster.stop();
      log('stopped');
    }
  }
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));

if (process.argv.includes('--build-only')) {
  // CI's cluster phase (.ci/run): build the pinned release into the cache, start nothing.
  const { ensureTemporalBinaries, ensureUiBinary } = await import('./lib/cluster/build.js');
  const { loadClusterSettings } = await import('./lib/cluster/settings.js');
  try {
    const s = loadClusterSettings();
    const b = await ensureTemporalBinaries(s.temporalVersion, log);
    log(`Temporal binaries: ${b.server}, ${b.sqlTool}`);
    log(`Web UI server: ${await ensureUiBinary(s.uiVersion, log)}`);
    process.exit(0);
  } catch (err) {
    console.error(`cluster: ${(err as Error).message}`);
    process.exit(1);
  }
}

try {
  cluster = await startCluster({ log });
  const c = cluster;
  if (stopping) await new Promise(() => undefined);
  for (const p of [...c.temporal.processes.values(), c.ui.process, ...c.afbryd.values()]) {
    p.child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`cluster: ${p.name} stopped unexpectedly (${signal ?? code}); its log: ${p.logFile}`);
        void stop(1);
      }
    });
  }
  log(`running (started in ${c.startSeconds.toFixed(0)} s). State and logs: ${c.stateDir}`);
  log(`Temporal frontend: ${c.address}, namespace "${c.settings.namespace}"`);
  log(`Temporal Web UI ${c.settings.uiVersion}: ${c.ui.url}/namespaces/${c.settings.namespace}/workflows (no login; loopback only)`);
  log('or the CLI:');
  log(`  ${temporalCli()} workflow list --address ${c.address} --namespace ${c.settings.namespace} --query "AfbrydStage='reminder-1'"`);
  log(`billing API: ${c.apiUrl} (OpenAPI: /openapi.json), bearer token in ${c.stateDir}/api-token`);
  log(`DataHub: ${c.datahubUrl}`);
  log('to load the sample cases against it:');
  log(`  TEMPORAL_ADDRESS=${c.address} TEMPORAL_NAMESPACE=${c.settings.namespace} npm run sample`);
  log('press Ctrl-C to stop');
  // Every child is unref'd (own process group, output to files), so nothing else keeps this process
  // alive: without this it returned here, and afbryd's processes (parent-watch) died with it while
  // Temporal, the Web UI and PostgreSQL ran on, orphaned until the next run cleaned them up.
  setInterval(() => undefined, 1 << 30);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`cluster: could not start the cluster (state: ${stateDir()}): ${err instanceof ClusterError ? '' : 'while starting it, '}${message}`);
  await stop(1);
}

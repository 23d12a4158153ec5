/**
 * The DataHub poller as a process: `tsx client/datahub-poller-main.ts`. Settings: Temporal from
 * `config/temporal.ts` (TEMPORAL_ADDRESS …), DataHub from `config/datahub.ts` (AFBRYD_DATAHUB_URL,
 * AFBRYD_DATAHUB_TOKEN, AFBRYD_SUPPLIER_GLN, AFBRYD_DATAHUB_POLL_INTERVAL_MS,
 * AFBRYD_DATAHUB_PEEK_CATEGORIES, AFBRYD_DATA_DIR), the evidence archive from `config/evidence.ts`
 * (AFBRYD_EVIDENCE_URL, AFBRYD_EVIDENCE_RETENTION_YEARS): every handled message is recorded there.
 * SIGINT / SIGTERM stop it after the message in hand.
 */
import { ConfigError } from '../config/env.js';
import { loadDataHubPollerConfig } from '../config/datahub.js';
import { tokenSourceFromConfig } from '../activities/datahub-auth.js';
import { describeEvidenceUrl, loadEvidenceConfig } from '../config/evidence.js';
import { openEvidenceStore } from '../evidence/open.js';
import { loadTemporalConfig } from '../config/temporal.js';
import { loadOpsConfig } from '../config/ops.js';
import { createMetrics, serveOps } from '../ops/metrics.js';
import { DataHubPoller, registerPollerMetrics } from './datahub-poller.js';
import { connectClient } from './temporal.js';

async function main(): Promise<void> {
  const temporal = loadTemporalConfig();
  const config = loadDataHubPollerConfig();
  const evidenceConfig = loadEvidenceConfig();
  const evidence = await openEvidenceStore(evidenceConfig).catch((err: unknown) => {
    throw new Error(`the evidence archive (${describeEvidenceUrl(evidenceConfig.url)}) could not be opened: ${(err as Error).message}`);
  });
  const client = await connectClient(temporal);
  const poller = new DataHubPoller({
    client,
    baseUrl: config.url,
    tokenSource: tokenSourceFromConfig(config.auth),
    supplierGln: config.supplierGln,
    categories: config.categories,
    pollIntervalMs: config.pollIntervalMs,
    timeoutMs: config.timeoutMs,
    unmatchedFile: config.unmatchedFile,
    evidence,
  });
  poller.start();
  const ops = loadOpsConfig();
  const metrics = createMetrics('poller');
  registerPollerMetrics(metrics.registry, poller);
  const opsServer = await serveOps({ port: ops.pollerPort, host: ops.host, registry: metrics.registry }).catch((err: unknown) => {
    console.error(JSON.stringify({ at: new Date().toISOString(), component: 'datahub-poller', level: 'error', msg: `/healthz and /metrics cannot listen (AFBRYD_POLLER_OPS_PORT): ${(err as Error).message}` }));
    return undefined;
  });
  console.log(
    JSON.stringify({ at: new Date().toISOString(), component: 'datahub-poller', level: 'info', msg: 'datahub poller started', categories: config.categories, intervalMs: config.pollIntervalMs }),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    opsServer?.close();
    poller
      .stop()
      .then(() => client.connection.close())
      .then(() => evidence.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `datahub poller failed to start: ${(err as Error).message}`);
  process.exit(1);
});

/**
 * The worker process: reads the configuration, connects, and polls afbryd's task queue until
 * SIGINT/SIGTERM, then finishes the tasks in hand and exits.
 *
 * It opens the evidence archive (`AFBRYD_EVIDENCE_URL`, `config/evidence.ts`) before it polls, and runs
 * the archive's retention purge at start and every 24 hours (`scheduleEvidenceRetention`).
 *
 * Run: `npm run worker` (connects to the embedded dev server unless TEMPORAL_ADDRESS is set).
 */
import { readFileSync } from 'node:fs';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { scheduleEvidenceRetention } from '../activities/evidence.js';
import { ConfigError } from '../config/env.js';
import { describeEvidenceUrl, loadEvidenceConfig } from '../config/evidence.js';
import { openEvidenceStore } from '../evidence/open.js';
import { connectionOptions, loadTemporalConfig } from '../config/temporal.js';
import { loadCaseSettings } from '../config/case-settings.js';
import { loadNationalBankRates } from '../config/deposit.js';
import { loadOwnerSettings } from '../config/owner.js';
import { describeWorkerTuning, loadWorkerTuning, workerOptionsOfTuning } from '../config/worker.js';
import { loadOpsConfig } from '../config/ops.js';
import { jsonLogger, sdkLogger } from '../ops/log.js';
import { createMetrics, runtimeMetrics, serveOps } from '../ops/metrics.js';
import { createConfiguredDeps } from './parties.js';
import { createAfbrydWorker } from './worker.js';

const log = jsonLogger('worker');

async function main(): Promise<void> {
  const config = loadTemporalConfig();
  const settings = loadCaseSettings();
  const owner = loadOwnerSettings();
  const rates = loadNationalBankRates();
  const evidenceConfig = loadEvidenceConfig();
  const tuning = loadWorkerTuning();
  const ops = loadOpsConfig();
  const metrics = createMetrics('worker');
  // The SDK's own metrics on their port, appended to /metrics; a port in use costs those metrics only.
  const temporalMetrics = `${ops.host}:${ops.workerTemporalMetricsPort}`;
  const shutdownSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'];
  let sdkMetrics = true;
  try {
    Runtime.install({ shutdownSignals, logger: sdkLogger(), telemetryOptions: { metrics: { prometheus: { bindAddress: temporalMetrics } } } });
  } catch (err) {
    sdkMetrics = false;
    log.error(`the SDK's metrics cannot be served on ${temporalMetrics} (AFBRYD_WORKER_TEMPORAL_METRICS_PORT): ${(err as Error).message.split('\n')[0]}`);
    Runtime.install({ shutdownSignals, logger: sdkLogger() });
  }
  const opsServer = await serveOps({ port: ops.workerPort, host: ops.host, registry: metrics.registry, ...(sdkMetrics ? { extra: runtimeMetrics(temporalMetrics) } : {}) }).then(
    (server) => {
      log.info(`/healthz and /metrics on http://${ops.host}:${ops.workerPort}`);
      return server;
    },
    (err: unknown) => {
      log.error(`/healthz and /metrics cannot listen on ${ops.host}:${ops.workerPort} (AFBRYD_WORKER_OPS_PORT): ${(err as Error).message}`);
      return undefined;
    },
  );
  const evidence = await openEvidenceStore(evidenceConfig).catch((err: unknown) => {
    throw new Error(`the evidence archive (${describeEvidenceUrl(evidenceConfig.url)}) could not be opened: ${(err as Error).message}`);
  });
  const retention = scheduleEvidenceRetention({
    evidence,
    log: (line) => (line.level === 'warn' ? log.warn : log.info)(`evidence ${line.msg}`, line.error ? { error: line.error } : {}),
  });
  let connection: NativeConnection | undefined;
  try {
    connection = await NativeConnection.connect(connectionOptions(config));
    const worker = await createAfbrydWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      activityDeps: await createConfiguredDeps({ settings, owner, rates, evidence }),
      metrics,
      tuning: workerOptionsOfTuning(tuning),
      ...(config.workflowBundlePath ? { workflowBundle: { code: readFileSync(config.workflowBundlePath, 'utf8') } } : {}),
    });
    log.info(`polling task queue "${config.taskQueue}" in namespace "${config.namespace}" at ${config.address}`);
    log.info(describeWorkerTuning(tuning));
    log.info(`evidence archive: ${describeEvidenceUrl(evidenceConfig.url)}, kept ${evidenceConfig.retentionYears} years`);
    await worker.run();
    log.info('stopped');
  } finally {
    retention.stop();
    await retention.idle();
    opsServer?.close();
    await connection?.close();
    await evidence.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  // A configuration error stays one plain line a person reads at start-up; a failure is logged in the format too.
  if (err instanceof ConfigError) console.error(`afbryd worker: ${message}`);
  else log.error(`failed: ${message.split('\n')[0]}`);
  process.exit(1);
});

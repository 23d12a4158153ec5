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
import { createConfiguredDeps } from './parties.js';
import { createAfbrydWorker } from './worker.js';

async function main(): Promise<void> {
  const config = loadTemporalConfig();
  const settings = loadCaseSettings();
  const owner = loadOwnerSettings();
  const rates = loadNationalBankRates();
  const evidenceConfig = loadEvidenceConfig();
  const tuning = loadWorkerTuning();
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] });
  const evidence = await openEvidenceStore(evidenceConfig).catch((err: unknown) => {
    throw new Error(`the evidence archive (${describeEvidenceUrl(evidenceConfig.url)}) could not be opened: ${(err as Error).message}`);
  });
  const retention = scheduleEvidenceRetention({
    evidence,
    log: (line) => (line.level === 'warn' ? console.warn : console.log)(`afbryd worker: evidence ${line.msg}${line.error ? `: ${line.error}` : ''}`),
  });
  let connection: NativeConnection | undefined;
  try {
    connection = await NativeConnection.connect(connectionOptions(config));
    const worker = await createAfbrydWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      activityDeps: await createConfiguredDeps({ settings, owner, rates, evidence }),
      tuning: workerOptionsOfTuning(tuning),
      ...(config.workflowBundlePath ? { workflowBundle: { code: readFileSync(config.workflowBundlePath, 'utf8') } } : {}),
    });
    console.log(`afbryd worker: polling task queue "${config.taskQueue}" in namespace "${config.namespace}" at ${config.address}`);
    console.log(`afbryd worker: ${describeWorkerTuning(tuning)}`);
    console.log(`afbryd worker: evidence archive: ${describeEvidenceUrl(evidenceConfig.url)}, kept ${evidenceConfig.retentionYears} years`);
    await worker.run();
    console.log('afbryd worker: stopped');
  } finally {
    retention.stop();
    await retention.idle();
    await connection?.close();
    await evidence.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof ConfigError ? `afbryd worker: ${message}` : `afbryd worker: failed: ${message.split('\n')[0]}`);
  process.exit(1);
});

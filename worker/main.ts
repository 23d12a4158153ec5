/**
 * The worker process: reads the configuration, connects, and polls afbryd's task queue until
 * SIGINT/SIGTERM, then finishes the tasks in hand and exits.
 *
 * Run: `npm run worker` (connects to the embedded dev server unless TEMPORAL_ADDRESS is set).
 */
import { readFileSync } from 'node:fs';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { ConfigError } from '../config/env.js';
import { connectionOptions, loadTemporalConfig } from '../config/temporal.js';
import { loadCaseSettings } from '../config/case-settings.js';
import { loadNationalBankRates } from '../config/deposit.js';
import { createConfiguredDeps } from './parties.js';
import { createAfbrydWorker } from './worker.js';

async function main(): Promise<void> {
  const config = loadTemporalConfig();
  const settings = loadCaseSettings();
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] });
  const connection = await NativeConnection.connect(connectionOptions(config));
  try {
    const worker = await createAfbrydWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      activityDeps: createConfiguredDeps({ settings, rates: loadNationalBankRates() }),
      ...(config.workflowBundlePath ? { workflowBundle: { code: readFileSync(config.workflowBundlePath, 'utf8') } } : {}),
    });
    console.log(`afbryd worker: polling task queue "${config.taskQueue}" in namespace "${config.namespace}" at ${config.address}`);
    await worker.run();
    console.log('afbryd worker: stopped');
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof ConfigError ? `afbryd worker: ${message}` : `afbryd worker: failed: ${message.split('\n')[0]}`);
  process.exit(1);
});

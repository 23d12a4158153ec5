/**
 * The billing API process: reads the configuration (config/temporal.ts, config/api.ts), connects to
 * Temporal and listens on AFBRYD_API_HOST:AFBRYD_API_PORT (default 127.0.0.1:3000) until
 * SIGINT/SIGTERM.
 *
 * A closed case whose history Temporal has dropped is read from the evidence archive
 * (config/evidence.ts: AFBRYD_EVIDENCE_URL).
 *
 * The case page (/sag) and the worklist (/arbejdsliste) are served here too (client/api/pages.ts).
 *
 * Run: `tsx client/api/main.ts`. Without AFBRYD_API_TOKENS it starts only against the embedded dev
 * server on a loopback address, with the development tokens of config/api.ts (and says so).
 */
import { ConfigError } from '../../config/env.js';
import { DEV_API_TOKENS, loadApiConfig } from '../../config/api.js';
import { describeEvidenceUrl, loadEvidenceConfig } from '../../config/evidence.js';
import { openEvidenceStore } from '../../evidence/open.js';
import { loadTemporalConfig } from '../../config/temporal.js';
import { connectClient } from '../temporal.js';
import { jsonLogger } from '../../ops/log.js';
import { buildApi } from './app.js';
import { CustomerRegistrySimulator } from '../../simulators/customers.js';

const log = jsonLogger('api');

async function main(): Promise<void> {
  const temporal = loadTemporalConfig();
  const config = loadApiConfig(process.env, { embedded: temporal.embedded });
  const evidenceConfig = loadEvidenceConfig();
  let evidence;
  try {
    evidence = await openEvidenceStore(evidenceConfig);
  } catch (err) {
    throw new ConfigError(`cannot open the evidence archive (${describeEvidenceUrl(evidenceConfig.url)}): ${(err as Error).message.split('\n')[0]}`);
  }
  let client;
  try {
    client = await connectClient(temporal);
  } catch (err) {
    const local = temporal.embedded || /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(temporal.address);
    throw new ConfigError(
      `cannot reach Temporal at ${temporal.address}; ${local ? 'is `npm start` running?' : 'check TEMPORAL_ADDRESS and the network'} (${(err as Error).message.split('\n')[0]})`,
    );
  }
  // The customer registry the case page reads the customer's name from (client/api/pages.ts): the
  // simulator, as for the worker (worker/parties.ts: the only choice so far).
  const customers = new CustomerRegistrySimulator();
  const app = buildApi({ client, taskQueue: temporal.taskQueue, tokens: config.tokens, logger: { level: config.logLevel }, evidence, masterData: evidence, customers });
  if (config.devTokens) {
    log.warn(
      'AFBRYD_API_TOKENS is not set: using the development tokens (embedded dev server only): ' +
        Object.entries(DEV_API_TOKENS).map(([token, actor]) => `"${token}" (${actor})`).join(', '),
    );
  }
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await client.connection.close();
    await evidence.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen({ port: config.port, host: config.host });
  log.info(`listening on http://${config.host}:${config.port} (OpenAPI: /openapi.json, /healthz, /readyz, /metrics), Temporal ${temporal.address}, task queue "${temporal.taskQueue}"`);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof ConfigError ? `afbryd api: ${message}` : `afbryd api: failed: ${message.split('\n')[0]}`);
  process.exit(1);
});

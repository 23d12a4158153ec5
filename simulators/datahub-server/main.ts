/**
 * The DataHub and grid simulator as a process: `tsx simulators/datahub-server/main.ts`. Settings from
 * the environment (`config.ts`: port 7300 on 127.0.0.1, seed, clock, tokens, behaviour); endpoints in
 * `server.ts`. It shares nothing with the adapter in `activities/` (its own schemas and fixtures from
 * RULES 10), so that it can catch the adapter's mistakes. Ctrl-C / SIGTERM stop it.
 */
import { ConfigError } from '../../config/env.js';
import { loadSimulatorOptions } from './config.js';
import { startDataHubSimulator } from './server.js';

async function main(): Promise<void> {
  const options = loadSimulatorOptions();
  const sim = await startDataHubSimulator(options);
  console.log(`datahub simulator listening on ${sim.url} (clock: ${options.clock?.mode ?? 'system'}, seed ${options.seed ?? 1})`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `datahub simulator failed to start: ${(err as Error).message}`);
  process.exit(1);
});

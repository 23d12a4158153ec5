/**
 * The outside parties the activities talk to, chosen by configuration without touching workflows or
 * activities. DataHub: the B2B adapter (`AFBRYD_DATAHUB=b2b`, the default: the real DataHub 3 or the
 * DataHub simulator process at AFBRYD_DATAHUB_URL) or the in-memory stand-in (`memory`). Digital
 * post, print post, the customer registry and billing: the simulators (the only choice so far).
 */
import { z } from 'zod';
import { B2BDataHubPort } from '../activities/datahub-b2b.js';
import type { ActivityDeps } from '../activities/index.js';
import { loadDataHubConfig } from '../config/datahub.js';
import { ConfigError } from '../config/env.js';
import { AuthoritiesSimulator } from '../simulators/authorities.js';
import { BillingSimulator } from '../simulators/billing.js';
import { InMemoryDataHub } from '../simulators/datahub-memory.js';
import { GridCompanySimulator } from '../simulators/grid-company.js';
import { createSimulatedParties } from '../simulators/index.js';
import type { CaseSettings } from '../workflows/case/definitions.js';
import { ILLUSTRATIVE_NATIONALBANK_RATES } from '../config/deposit.js';
import type { RateChange } from '../rules/index.js';

/** The simulated parties, with handles for tests to look inside and steer them. */
export interface SimulatedDeps extends ActivityDeps {
  datahub: InMemoryDataHub;
  billing: BillingSimulator;
  authorities: AuthoritiesSimulator;
  gridCompany: GridCompanySimulator;
  digitalPost: ReturnType<typeof createSimulatedParties>['digitalPost'];
  printPost: ReturnType<typeof createSimulatedParties>['printPost'];
  customers: ReturnType<typeof createSimulatedParties>['customers'];
}

/** Metering points the simulated DataHub knows from the start (fictional GSRNs). */
export const SIMULATED_METERING_POINTS = [
  { meteringPointId: '571313100000000017', meterKind: 'physical', gridCompanyGln: '5790000000005' },
  { meteringPointId: '571313100000000024', meterKind: 'remote', gridCompanyGln: '5790000000005' },
  { meteringPointId: '571313100000000031', meterKind: 'hourly', gridCompanyGln: '5790000000012' },
] as const;

/**
 * Builds the simulated parties.
 * @param options.now the clock of digital post and print post (tests pass the test server's clock)
 */
export function createSimulatedDeps(options: {
  settings: CaseSettings;
  now?: () => Date;
  /** @default the illustrative table of config/deposit.ts */
  rates?: readonly RateChange[];
}): SimulatedDeps {
  const parties = createSimulatedParties(options.now ? { now: options.now } : {});
  const datahub = new InMemoryDataHub();
  for (const point of SIMULATED_METERING_POINTS) datahub.addMeteringPoint({ ...point });
  return {
    ...parties,
    datahub,
    billing: new BillingSimulator(),
    authorities: new AuthoritiesSimulator(),
    gridCompany: new GridCompanySimulator(),
    settings: options.settings,
    rates: options.rates ?? ILLUSTRATIVE_NATIONALBANK_RATES,
  };
}

const partiesSchema = z.object({
  /** Which DataHub to talk to. @default 'b2b' */
  AFBRYD_DATAHUB: z.enum(['b2b', 'memory'], { message: 'must be b2b or memory' }).default('b2b'),
});

/**
 * The worker's parties from the environment: the simulators, with DataHub as configured.
 * @throws ConfigError in one line.
 */
export function createConfiguredDeps(options: {
  settings: CaseSettings;
  rates: readonly RateChange[];
  env?: NodeJS.ProcessEnv;
}): ActivityDeps {
  const env = options.env ?? process.env;
  const parsed = partiesSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: AFBRYD_DATAHUB ${parsed.error.issues[0]?.message}`);
  const deps: ActivityDeps = createSimulatedDeps({ settings: options.settings, rates: options.rates });
  if (parsed.data.AFBRYD_DATAHUB === 'b2b') deps.datahub = B2BDataHubPort.fromConfig(loadDataHubConfig(env));
  return deps;
}

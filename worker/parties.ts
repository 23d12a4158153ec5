/**
 * The outside parties the activities talk to. Today one choice: the simulators (the embedded default
 * and the tests). A real adapter replaces a simulator here, chosen by configuration, without touching
 * workflows or activities.
 */
import type { ActivityDeps } from '../activities/index.js';
import { BillingSimulator } from '../simulators/billing.js';
import { InMemoryDataHub } from '../simulators/datahub-memory.js';
import { createSimulatedParties } from '../simulators/index.js';
import type { CaseSettings } from '../workflows/case/definitions.js';
import { ILLUSTRATIVE_NATIONALBANK_RATES } from '../config/deposit.js';
import type { RateChange } from '../rules/index.js';

/** The simulated parties, with handles for tests to look inside and steer them. */
export interface SimulatedDeps extends ActivityDeps {
  datahub: InMemoryDataHub;
  billing: BillingSimulator;
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
    settings: options.settings,
    rates: options.rates ?? ILLUSTRATIVE_NATIONALBANK_RATES,
  };
}

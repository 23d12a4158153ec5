/**
 * The outside parties the activities talk to, chosen by configuration without touching workflows or
 * activities. DataHub: the B2B adapter (`AFBRYD_DATAHUB=b2b`, the default: the real DataHub 3 or the
 * DataHub simulator process at AFBRYD_DATAHUB_URL) or the in-memory stand-in (`memory`). The SMS/e-mail
 * gateway: `AFBRYD_SHORT_MESSAGES` (`config/short-message.ts`; `simulator`, the only choice so far, with
 * the senders `AFBRYD_SMS_SENDER` and `AFBRYD_SHORT_MESSAGE_EMAIL_FROM`). Digital
 * post, print post, the customer registry and billing: the simulators (the only choice so far). The
 * evidence archive: the configured database (`config/evidence.ts`); an in-memory SQLite store for the
 * simulated parties.
 *
 * `AFBRYD_SIM_MAIL_LOG` (default unset: none) names a JSON-lines file to which the simulated digital post
 * and print post append every call, duplicates included, ids only (`worker/chaos-hooks.ts`): their
 * delivery log that outlives the worker, read by the chaos run. The test-only hooks of
 * `config/test-hooks.ts` (refused in production configuration) are applied here too.
 */
import { z } from 'zod';
import { B2BDataHubPort } from '../activities/datahub-b2b.js';
import type { ActivityDeps } from '../activities/index.js';
import { loadDataHubConfig } from '../config/datahub.js';
import { ConfigError } from '../config/env.js';
import { loadEvidenceConfig } from '../config/evidence.js';
import { loadShortMessageConfig } from '../config/short-message.js';
import { loadSupplierConfig } from '../config/supplier.js';
import { loadTestHooks } from '../config/test-hooks.js';
import { openEvidenceStore } from '../evidence/open.js';
import { createMemoryEvidenceStore } from '../evidence/sqlite.js';
import type { EvidenceStore } from '../evidence/store.js';
import { AuthoritiesSimulator } from '../simulators/authorities.js';
import { BillingSimulator } from '../simulators/billing.js';
import { InMemoryDataHub } from '../simulators/datahub-memory.js';
import { GridCompanySimulator } from '../simulators/grid-company.js';
import { createSimulatedParties } from '../simulators/index.js';
import { ILLUSTRATIVE_NATIONALBANK_RATES } from '../config/deposit.js';
import { DEFAULT_OWNER_SETTINGS, type CaseSettings, type OwnerSettings, type RateChange } from '../rules/index.js';
import { appendMailLog, breakIdempotency } from './chaos-hooks.js';

/** The simulated parties, with handles for tests to look inside and steer them. */
export interface SimulatedDeps extends ActivityDeps {
  datahub: InMemoryDataHub;
  billing: BillingSimulator;
  authorities: AuthoritiesSimulator;
  gridCompany: GridCompanySimulator;
  digitalPost: ReturnType<typeof createSimulatedParties>['digitalPost'];
  printPost: ReturnType<typeof createSimulatedParties>['printPost'];
  shortMessages: ReturnType<typeof createSimulatedParties>['shortMessages'];
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
 * @param options.now the clock of digital post and print post, and of the in-memory evidence store
 *   (tests pass the test server's clock)
 */
export function createSimulatedDeps(options: {
  settings: CaseSettings;
  /** The owner settings (owner liability, requested disconnections). @default DEFAULT_OWNER_SETTINGS (rules/owner.ts) */
  owner?: OwnerSettings;
  now?: () => Date;
  /** @default the illustrative table of config/deposit.ts */
  rates?: readonly RateChange[];
  /**
   * The evidence archive. @default a new in-memory SQLite store (`createMemoryEvidenceStore`), whose
   * contents go with the process; tests read it back through `deps.evidence`.
   */
  evidence?: EvidenceStore;
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
    owner: options.owner ?? DEFAULT_OWNER_SETTINGS,
    rates: options.rates ?? ILLUSTRATIVE_NATIONALBANK_RATES,
    evidence: options.evidence ?? createMemoryEvidenceStore(options.now ? { now: options.now } : {}),
  };
}

const partiesSchema = z.object({
  /** Which DataHub to talk to. @default 'b2b' */
  AFBRYD_DATAHUB: z.enum(['b2b', 'memory'], { message: 'must be b2b or memory' }).default('b2b'),
});

/**
 * The worker's parties from the environment: the simulators, with DataHub as configured, and the
 * configured evidence archive (`AFBRYD_EVIDENCE_URL`, opened here: the caller closes
 * `deps.evidence` when it stops).
 * @throws ConfigError in one line; the database's error when the evidence archive cannot be opened.
 */
export async function createConfiguredDeps(options: {
  settings: CaseSettings;
  /** The owner settings (`AFBRYD_OWNER_RULES`, config/owner.ts), read by the caller at start-up. */
  owner: OwnerSettings;
  rates: readonly RateChange[];
  env?: NodeJS.ProcessEnv;
  /** An evidence archive opened already. @default the one `AFBRYD_EVIDENCE_URL` names */
  evidence?: EvidenceStore;
}): Promise<ActivityDeps> {
  const env = options.env ?? process.env;
  const parsed = partiesSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: AFBRYD_DATAHUB ${parsed.error.issues[0]?.message}`);
  const datahub = parsed.data.AFBRYD_DATAHUB === 'b2b' ? B2BDataHubPort.fromConfig(loadDataHubConfig(env)) : undefined;
  const hooks = loadTestHooks(env);
  const shortMessages = loadShortMessageConfig(env);
  // The supplier every letter and text presents (AFBRYD_SUPPLIER; unset: the fictional one).
  const { supplier } = loadSupplierConfig(env);
  const evidence = options.evidence ?? (await openEvidenceStore(loadEvidenceConfig(env)));
  const simulated = createSimulatedDeps({ settings: options.settings, owner: options.owner, rates: options.rates, evidence });
  if (env.AFBRYD_SIM_MAIL_LOG) appendMailLog(simulated, env.AFBRYD_SIM_MAIL_LOG);
  if (hooks.mailLostAnswerEvery > 0) {
    simulated.digitalPost.loseEveryNthAnswer(hooks.mailLostAnswerEvery);
    simulated.printPost.loseEveryNthAnswer(hooks.mailLostAnswerEvery);
  }
  // The gateway: the simulator (`simulated.shortMessages`) is the only one so far; a real adapter is chosen here by `shortMessages.gateway`.
  const deps: ActivityDeps = { ...simulated, shortMessageSender: shortMessages.sender, supplier };
  if (datahub) deps.datahub = datahub;
  if (hooks.breakIdempotency) breakIdempotency(deps);
  return deps;
}

/**
 * Every activity the worker registers, built from its dependencies: the ports to the outside parties
 * (digital post, print post, the SMS/e-mail gateway, customer registry, DataHub, billing, the
 * authorities, the grid company's desk), the evidence archive and the configured settings.
 * Workflows import the per-party files as types only.
 */
import { createAuthoritiesActivities, type AuthoritiesPort } from './authorities.js';
import { createBillingActivities, type BillingPort } from './billing.js';
import type { EvidenceStore } from '../evidence/store.js';
import { createDataHubActivities, type DataHubPort } from './datahub.js';
import { createEvidenceActivities } from './evidence.js';
import { createGridCompanyActivities, type GridCompanyPort } from './grid-company.js';
import { createMailActivities, type MailDeps } from './mail.js';
import { createNationalBankActivities } from './nationalbank.js';
import type { CaseSettings, OwnerSettings, RateChange } from '../rules/index.js';
import { createSettingsActivities } from './settings.js';
import { createOwnerSettingsActivities } from './owner-settings.js';
import { createShortMessageActivities, type ShortMessagePort, type ShortMessageSender } from './short-message.js';
import { createSmokeActivities } from './smoke.js';

/** What the activities need from outside: real adapters, or the simulators (embedded default, tests). */
export interface ActivityDeps extends MailDeps {
  datahub: DataHubPort;
  billing: BillingPort;
  /** The municipality, the police and the bailiff court (RULES 5). */
  authorities: AuthoritiesPort;
  /** The grid company's disconnection desk, outside DataHub (e-mail). */
  gridCompany: GridCompanyPort;
  /** The SMS/e-mail gateway: same-day information to the customer (issue 15 item 3). */
  shortMessages: ShortMessagePort;
  /** Who short messages are from (`config/short-message.ts`). @default DEFAULT_SHORT_MESSAGE_SENDER */
  shortMessageSender?: ShortMessageSender;
  /** The settings snapshotted into each new case. */
  settings: CaseSettings;
  /**
   * The owner settings snapshotted, with `settings`, into each new owner-liability or requested-disconnection
   * case; the mail adapter also gives their product's contract to an owner's letter whose snapshot predates it.
   */
  owner: OwnerSettings;
  /** Danmarks Nationalbank's lending rate table (deposits, BEK §29). */
  rates: readonly RateChange[];
  /**
   * The evidence archive (`evidence/`): letters and DataHub messages are recorded in it as they are
   * sent, closed cases by `archiveClosedCase`.
   */
  evidence: EvidenceStore;
}

/** Builds the activity functions the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(),
    ...createSettingsActivities({ settings: deps.settings }),
    ...createOwnerSettingsActivities({ settings: deps.settings, owner: deps.owner }),
    ...createMailActivities(deps),
    ...createShortMessageActivities(deps),
    ...createDataHubActivities({ datahub: deps.datahub, evidence: deps.evidence }),
    ...createBillingActivities({ billing: deps.billing }),
    ...createAuthoritiesActivities({ authorities: deps.authorities }),
    ...createGridCompanyActivities({ gridCompany: deps.gridCompany }),
    ...createNationalBankActivities({ rates: deps.rates }),
    ...createEvidenceActivities({ evidence: deps.evidence }),
  };
}

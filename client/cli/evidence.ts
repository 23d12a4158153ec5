/**
 * Opening the evidence archive's database for a command (the case read from the archive, the
 * master-data store): its configuration and its opening, each failure as one CLI line.
 */
import { ConfigError } from '../../config/env.js';
import { describeEvidenceUrl, loadEvidenceConfig } from '../../config/evidence.js';
import { openEvidenceStore } from '../../evidence/open.js';
import type { EvidenceStore } from '../../evidence/store.js';
import { CliError } from './errors.js';

/**
 * Opens the evidence archive from `AFBRYD_EVIDENCE_*`.
 * @param what names the store in the error, given its described URL: e.g. `the master-data store (sqlite:…)`
 * @throws CliError `<cmd>: <config problem>` (exit 2), or `<cmd>: <what> cannot be opened: <first line>` (exit 1)
 */
export async function openEvidenceForCli(cmd: string, what: (where: string) => string): Promise<EvidenceStore> {
  let config;
  try {
    config = loadEvidenceConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`${cmd}: ${err.message}`);
    throw err;
  }
  try {
    return await openEvidenceStore(config);
  } catch (err) {
    throw new CliError(`${cmd}: ${what(describeEvidenceUrl(config.url))} cannot be opened: ${(err as Error).message.split('\n')[0]}`, 1);
  }
}

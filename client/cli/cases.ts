/**
 * `afbryd cases …`: the subcommands over many cases — `list` and `retry` (client/cli/case.ts), `worklist`
 * (client/cli/worklist.ts, the operator worklist), `failed` (client/cli/masterdata.ts: cases whose
 * workflow failed) and `import`
 * (client/cli/import.ts, the go-live import and the billing run).
 */
import { CASES_USAGE, list, retry } from './case.js';
import { subcommands } from './commands.js';
import { IMPORT_USAGE, runImport } from './import.js';
import { FAILED_USAGE, failed } from './masterdata.js';
import { runWorklist } from './worklist.js';

/** Runs `afbryd cases <subcommand> …`. */
export const run = subcommands('cases', `${CASES_USAGE}\n${FAILED_USAGE}\n${IMPORT_USAGE.replace(/^usage:\n/, '')}`, { list, retry, failed, import: runImport, worklist: runWorklist });

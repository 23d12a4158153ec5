/**
 * `npm run sample`: loads `samples/golive.csv` into the running afbryd (`npm start`, or any cluster
 * TEMPORAL_ADDRESS names) through the go-live import, so that cases in several stages show in the
 * Web UI within a minute: two billing-run rows (new cases), six cases carried over half-way (reminder 2,
 * security demand, termination notice and disconnection request next; households and businesses), and
 * two deliberately bad rows that the import rejects with their reasons.
 *
 * The sample's dates are written relative to the day it is loaded — `{today-30}` is 30 days before
 * today (Copenhagen) — so that it makes sense whenever it is run. The dated copy and its rejects file
 * are written to `<AFBRYD_DATA_DIR>/samples/` (git-ignored). Loading it again the same day starts
 * nothing new (the invoices are already in their cases).
 *
 * Exit code 0 when exactly the deliberately bad rows (invoice ids `SAMPLE-BAD-…`) were rejected.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseSettings } from '../config/case-settings.js';
import { loadTemporalConfig } from '../config/temporal.js';
import { progressReporter } from '../client/cli/import.js';
import { processIo } from '../client/cli/io.js';
import { readImportTable } from '../client/import/rows.js';
import { copenhagenToday, importCases, rejectsCsv, summaryLine } from '../client/import/runner.js';
import { connectClient } from '../client/temporal.js';
import { addDays } from '../rules/index.js';
import { CASE_WORKFLOW_TYPES_CLAUSE } from '../workflows/case/definitions.js';

const TEMPLATE = fileURLToPath(new URL('../samples/golive.csv', import.meta.url));

/** The template with its `{today±N}` placeholders replaced by dates relative to `today`. */
export function datedSample(template: string, today: string): string {
  return template.replace(/\{today(?:([+-])(\d{1,4}))?\}/g, (_m, sign: string | undefined, n: string | undefined) =>
    addDays(today, sign === '-' ? -Number(n) : Number(n ?? 0)),
  );
}

async function main(): Promise<number> {
  const config = loadTemporalConfig();
  const today = copenhagenToday();
  const dir = join(config.devServer.dataDir, 'samples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `golive-${today}.csv`);
  writeFileSync(file, datedSample(readFileSync(TEMPLATE, 'utf8'), today));
  const table = readImportTable(readFileSync(file, 'utf8'));

  let client;
  try {
    client = await connectClient(config, { connectTimeoutMs: 5_000 });
  } catch {
    console.error(`npm run sample: cannot reach Temporal at ${config.address}; is \`npm start\` running?`);
    return 1;
  }
  const progress = progressReporter(processIo, process.stderr.isTTY === true);
  let report;
  try {
    report = await importCases(client, table, {
      taskQueue: config.taskQueue,
      settings: loadCaseSettings().rules,
      source: 'samples/golive.csv',
      importDay: today,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.end();
    await client.connection.close();
  }
  const rejectsFile = join(dir, `golive-${today}.rejects.csv`);
  writeFileSync(rejectsFile, rejectsCsv(table, report));

  console.log(`npm run sample: ${file}: ${summaryLine(report.summary)}`);
  const badColumn = table.columns.indexOf('invoice_id');
  let unexpected = 0;
  for (const r of report.rejected) {
    const deliberate = (r.fields[badColumn] ?? '').startsWith('SAMPLE-BAD-');
    if (!deliberate) unexpected++;
    console.log(`  row ${r.row}${deliberate ? ' (deliberately bad)' : ''}: ${r.problems.join(' | ')}`);
  }
  console.log(`  rejects file: ${rejectsFile}`);
  if (config.embedded) {
    console.log(`Web UI: http://localhost:${config.devServer.uiPort}/namespaces/${config.namespace}/workflows?query=${encodeURIComponent(CASE_WORKFLOW_TYPES_CLAUSE)}`);
  }
  if (unexpected > 0) {
    console.error(`npm run sample: ${unexpected} row(s) of the sample were not imported that should have been`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`npm run sample: failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      process.exit(1);
    },
  );
}

/**
 * `afbryd cases import FILE.csv`: the go-live import of cases in flight, and the billing run (issue 7).
 *
 *   afbryd cases import FILE.csv [--rejects FILE] [--json] [--dry-run] [--concurrency N] [--actor ACTOR]
 *
 * Reads the CSV (format: client/import/rows.ts and README), validates every row (the row schema,
 * then the history against the rules with the configured AFBRYD_RULES_SETTINGS), starts the valid
 * ones through `startCase` (idempotent: importing the same file again starts nothing new), and writes
 * the rejects file: a `problem` column, then each rejected row as it was read (default: next to the
 * input, `<name>.rejects.csv`; written on every run, with the header only when nothing was rejected).
 *
 * Progress goes to stderr: a bar when stderr is a terminal, otherwise a plain line every few seconds.
 * The summary goes to stdout (`--json`: one JSON document).
 *
 * Exit codes: 0 every row imported (started or already running); 3 some rows rejected or failed
 * (the others were imported; the rejects file names each problem); 2 bad usage, or a file that cannot
 * be imported at all (not CSV, unknown or missing columns: nothing started); 1 Temporal unreachable or
 * another failure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadCaseSettings } from '../../config/case-settings.js';
import { ConfigError } from '../../config/env.js';
import { ImportFileError, readImportTable } from '../import/rows.js';
import { importCases, rejectsCsv, summaryLine, type ImportProgress } from '../import/runner.js';
import { classifyTemporalError } from '../temporal-errors.js';
import { connect } from './connect.js';
import { CliError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { actorOption, parseOptions, wholeNumberOption } from './options.js';

export const IMPORT_USAGE = `usage:
  afbryd cases import <file.csv> [--rejects <file>] [--json] [--dry-run] [--concurrency <n>] [--actor <actor>]

Starts a case for each row: the billing run (rows without letters: new cases from reminder 1), or
cases carried over half-way from a previous system (rows with their letters, checked against the
rules, continued from their next step). Importing the same file again starts nothing new.

Columns (ids and facts only; an unknown column rejects the file):
  customer_id, metering_point_id (18-digit GSRN), customer_class (household|business|business-large),
  invoice_id, amount_ore (whole øre > 0), due_date (YYYY-MM-DD)           required
  meter_kind (physical|remote|hourly), preferred_channel (digital|letter)  optional
  next_step (reminder1|reminder2|security_demand|termination_notice|disconnection_request;
             default: the step after the last letter given)
  <letter>_sent, <letter>_channel (digital|letter), <letter>_received (default: the presumed receipt)
    for <letter> = reminder1, reminder2, security_demand, termination_notice
  security_amount_ore (with a security demand)

  --rejects <file>    where the rejects file goes (default: <file>.rejects.csv next to the input)
  --dry-run           validate only; start nothing
  --concurrency <n>   rows started at once (default 8, at most 64)
  --actor <actor>     recorded for invoices that join an open case (default import)

Exit codes: 0 all rows imported; 3 some rows rejected or failed (see the rejects file);
2 bad usage or a file that cannot be imported (nothing started); 1 Temporal unreachable.`;

/** At most this many rejected rows are listed in the text summary. */
const LISTED_REJECTS = 20;

/** The default rejects file: `<dir>/<name>.rejects.csv` beside the input. */
export function defaultRejectsPath(file: string): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.rejects.csv`);
}

/** Shows progress on stderr: a bar on a terminal, otherwise a line every few seconds. */
export function progressReporter(io: CliIo, tty: boolean, now: () => number = Date.now): { update(p: ImportProgress): void; end(): void } {
  const started = now();
  let last = started;
  let shown = false;
  const counts = (p: ImportProgress) => `${p.started} started · ${p.existing + p.joined} already running · ${p.rejected} rejected${p.failed ? ` · ${p.failed} failed` : ''}`;
  if (tty) {
    const width = 24;
    return {
      update(p) {
        const t = now();
        if (t - last < 80 && p.done < p.rows) return;
        last = t;
        const filled = p.rows === 0 ? width : Math.round((p.done / p.rows) * width);
        process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.rows}  ${counts(p)}`);
        shown = true;
      },
      end() {
        if (shown) process.stderr.write('\r\x1b[K');
      },
    };
  }
  return {
    update(p) {
      const t = now();
      if (t - last < 5_000) return;
      last = t;
      io.err(`afbryd cases import: ${p.done}/${p.rows} rows (${counts(p)})`);
    },
    end() {},
  };
}

/** Runs `afbryd cases import …` (client/cli/cases.ts has the `cases` subcommands). */
export async function runImport(args: string[], io: CliIo): Promise<void> {
  const cmd = 'cases import';
  const { values, positionals } = parseOptions(
    cmd,
    args,
    {
      rejects: { type: 'string' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      concurrency: { type: 'string' },
      actor: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) return io.out(IMPORT_USAGE);
  if (positionals.length !== 1) throw new CliError(`${cmd}: give one CSV file (see afbryd cases import --help)`);
  const file = positionals[0]!;
  const concurrency = wholeNumberOption(cmd, '--concurrency', values.concurrency, 1, 64, 8);
  const actor = actorOption(cmd, values.actor, 'import', 'import');
  const rejectsPath = values.rejects ?? defaultRejectsPath(file);
  const dryRun = values['dry-run'] ?? false;

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${cmd}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let table;
  try {
    table = readImportTable(text);
  } catch (err) {
    if (err instanceof ImportFileError) throw new CliError(`${cmd}: ${file}: ${err.message}; nothing was started`);
    throw err;
  }
  let settings;
  try {
    settings = loadCaseSettings().rules;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`${cmd}: ${err.message}`);
    throw err;
  }

  const progress = progressReporter(io, io === processIo && process.stderr.isTTY === true);
  const connection = dryRun ? undefined : await connect(cmd);
  let report;
  try {
    report = await importCases(connection?.client as Client, table, {
      taskQueue: connection?.config.taskQueue ?? 'unused-dry-run',
      concurrency,
      settings,
      source: basename(file),
      actor,
      dryRun,
      onProgress: (p) => progress.update(p),
    });
  } catch (err) {
    const problem = classifyTemporalError(err);
    if (problem) throw new CliError(`${cmd}: ${problem.message}`, 1);
    throw err;
  } finally {
    progress.end();
    await connection?.client.connection.close();
  }

  let rejectsWritten = true;
  try {
    writeFileSync(rejectsPath, rejectsCsv(table, report));
  } catch (err) {
    rejectsWritten = false;
    io.err(`afbryd: ${cmd}: cannot write the rejects file ${rejectsPath} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }

  if (values.json) {
    io.out(JSON.stringify({ file, rejectsFile: rejectsWritten ? rejectsPath : null, dryRun, summary: report.summary, results: report.results }));
  } else {
    const lines = [`${cmd} ${file}: ${summaryLine(report.summary, { dryRun })}`];
    if (report.rejected.length > 0) {
      lines.push('rejected:');
      for (const r of report.rejected.slice(0, LISTED_REJECTS)) lines.push(`  row ${r.row} (line ${r.line}): ${r.problems.join(' | ')}`);
      if (report.rejected.length > LISTED_REJECTS) lines.push(`  … and ${report.rejected.length - LISTED_REJECTS} more`);
    }
    if (rejectsWritten) lines.push(`rejects file: ${rejectsPath}${report.rejected.length === 0 ? ' (no rows rejected)' : ''}`);
    io.out(lines.join('\n'));
  }
  if (!rejectsWritten) throw new CliError(`${cmd}: the import ran, but the rejects file could not be written`, 1);
  const bad = report.summary.rejected + report.summary.failed;
  if (bad > 0) {
    throw new CliError(`${cmd}: ${bad} of ${report.summary.rows} rows not imported; each problem is in ${rejectsPath}`, 3);
  }
}

/**
 * `afbryd masterdata …` (issue 16 item 8): metering points' master data in the master-data store
 * (the evidence archive's database, `AFBRYD_EVIDENCE_URL`) —
 * - `import <file.csv>`: the go-live master-data CSV (existing customers' RSM-022 arrived before
 *   afbryd), columns `metering_point_id, grid_company_gln, hourly_settled, disconnection_method,
 *   valid_from`;
 * - `set <GSRN> --grid-company <GLN> (--hourly | --disconnection remote|physical)`: an operator's;
 * - `show <GSRN>`: what the store holds.
 * Storing nudges the open case of the point (Temporal reached when it can; a waiting case also looks
 * again by itself). And `afbryd cases failed` (client/cli/cases.ts) lists the cases of every kind whose
 * workflow failed, with what to do next.
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { EvidenceStore } from '../../evidence/store.js';
import { MASTER_DATA_CSV_COLUMNS, importMasterDataCsv, listFailedCases, masterDataBodySchema, supplyMasterData } from '../master-data.js';
import { subcommands } from './commands.js';
import { connect } from './connect.js';
import { CliError } from './errors.js';
import { openEvidenceForCli } from './evidence.js';
import { table, type CliIo } from './io.js';
import { CLI_ACTOR, actorOption, noPositionals, parseOptions, validate } from './options.js';

export const MASTERDATA_USAGE = `usage:
  afbryd masterdata import <file.csv> [--no-nudge] [--json]
      The go-live master-data CSV, one row per metering point, header: ${MASTER_DATA_CSV_COLUMNS.join(', ')}
      (hourly_settled true/false; disconnection_method remote|physical, required unless hourly-settled;
      valid_from a date or ISO instant, empty = now). Every row is checked first; a row with a later
      validity in the store (a newer RSM-022) is kept. Importing the file again is safe.
  afbryd masterdata set <GSRN> --grid-company <GLN> (--hourly | --disconnection remote|physical) [--valid-from <date>] [--actor <actor>]
  afbryd masterdata show <GSRN> [--json]
  The store is the evidence archive's database (AFBRYD_EVIDENCE_URL); the open case of the point is told.`;

export const FAILED_USAGE = `  afbryd cases failed [--failure-type <type>] [--limit <n>] [--json]
      Cases whose workflow FAILED, newest first — unpaid-invoice cases, owner-liability cases and
      requested disconnections — each with its workflow type, metering point and what to do next.
      --failure-type UnknownMeteringPoint lists those that failed for want of master data (version 1
      cases; owner-liability cases and requested disconnections started before release 0.6.9): supply
      it (afbryd masterdata set), then reset the run to its first workflow task (the command is
      printed); starting the case again answers existing-failed.`;

async function openStore(cmd: string): Promise<EvidenceStore> {
  return openEvidenceForCli(cmd, (where) => `the master-data store (${where})`);
}

/** Temporal, for the nudge: unreachable is no error (the case looks again by itself). */
async function maybeClient(): Promise<{ client: Client; close(): Promise<void> } | undefined> {
  try {
    const { client } = await connect('masterdata');
    return { client, close: () => client.connection.close() };
  } catch {
    return undefined;
  }
}

async function importCsv(args: string[], io: CliIo): Promise<void> {
  const cmd = 'masterdata import';
  const { values, positionals } = parseOptions(cmd, args, { 'no-nudge': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(MASTERDATA_USAGE);
  if (positionals.length !== 1) throw new CliError(`${cmd}: give one CSV file`);
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${cmd}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const store = await openStore(cmd);
  const temporal = values['no-nudge'] ? undefined : await maybeClient();
  try {
    const result = await importMasterDataCsv(store, temporal?.client, text, { file: file.split('/').pop() ?? 'csv' }).catch((err: unknown) => {
      throw new CliError(`${cmd}: ${(err as Error).message}`);
    });
    if (values.json) return io.out(JSON.stringify(result));
    for (const row of result.rows.filter((r) => r.status === 'rejected')) io.out(`line ${row.line}: rejected: ${(row.problems ?? []).join('; ')}`);
    io.out(`${result.rows.length} rows: ${result.stored} stored, ${result.keptNewer} kept (newer facts in the store), ${result.rejected} rejected`);
    if (result.rejected > 0) throw new CliError(`${cmd}: ${result.rejected} row(s) rejected (the others were stored); fix them and import the file again`, 2);
  } finally {
    await temporal?.close();
    await store.close();
  }
}

async function set(args: string[], io: CliIo): Promise<void> {
  const cmd = 'masterdata set';
  const { values, positionals } = parseOptions(
    cmd,
    args,
    {
      'grid-company': { type: 'string' },
      hourly: { type: 'boolean' },
      disconnection: { type: 'string' },
      'valid-from': { type: 'string' },
      actor: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) return io.out(MASTERDATA_USAGE);
  if (positionals.length !== 1) throw new CliError(`${cmd}: give one metering point (18-digit GSRN)`);
  const body = validate(cmd, masterDataBodySchema, {
    meteringPointId: positionals[0],
    facts: {
      gridCompanyGln: values['grid-company'],
      hourlySettled: values.hourly === true,
      ...(values.disconnection !== undefined ? { disconnectionMethod: values.disconnection } : {}),
    },
    ...(values['valid-from'] ? { validFrom: values['valid-from'] } : {}),
  });
  const actor = actorOption(cmd, values.actor, CLI_ACTOR);
  const store = await openStore(cmd);
  const temporal = await maybeClient();
  try {
    const result = await supplyMasterData(store, temporal?.client, { ...body, source: 'operator', sourceRef: actor } as Parameters<typeof supplyMasterData>[2]);
    io.out(
      `${result.meteringPointId}: ${result.stored ? 'stored' : 'kept the newer facts already in the store'}` +
        (result.nudged.length > 0 ? `; told ${result.nudged.join(', ')}` : temporal ? '' : ' (Temporal not reached: a waiting case looks again by itself)'),
    );
  } finally {
    await temporal?.close();
    await store.close();
  }
}

async function show(args: string[], io: CliIo): Promise<void> {
  const cmd = 'masterdata show';
  const { values, positionals } = parseOptions(cmd, args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(MASTERDATA_USAGE);
  const gsrn = positionals[0];
  if (positionals.length !== 1 || !/^\d{18}$/.test(gsrn!)) throw new CliError(`${cmd}: give one metering point (18-digit GSRN)`);
  const store = await openStore(cmd);
  try {
    const record = await store.readMasterData(gsrn!);
    if (!record) throw new CliError(`${cmd}: no master data for ${gsrn}`, 1);
    if (values.json) return io.out(JSON.stringify(record));
    io.out(
      table([
        ['grid company', record.gridCompanyGln],
        ['hourly-settled', record.hourlySettled ? 'yes' : 'no'],
        ['disconnection', record.disconnectionMethod ?? '(unknown)'],
        ['valid from', record.validFrom],
        ['source', `${record.source}${record.sourceRef ? ` (${record.sourceRef})` : ''}`],
        ['updated', record.updatedAt],
      ]),
    );
  } finally {
    await store.close();
  }
}

/** `afbryd cases failed`. */
export async function failed(args: string[], io: CliIo): Promise<void> {
  const cmd = 'cases failed';
  const { values, positionals } = parseOptions(cmd, args, {
    'failure-type': { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(`usage:\n${FAILED_USAGE}`);
  noPositionals(cmd, positionals);
  const type = values['failure-type'];
  if (type !== undefined && !/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/.test(type)) throw new CliError(`${cmd}: --failure-type must be a failure type, e.g. UnknownMeteringPoint`);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError(`${cmd}: --limit must be a whole number from 1 to 1000`);
  const { client } = await connect(cmd);
  try {
    const result = await listFailedCases(client, { ...(type ? { failureType: type } : {}), limit });
    if (values.json) return io.out(JSON.stringify(result));
    if (result.cases.length === 0) return io.out(type ? `no case failed with ${type}` : 'no case has failed');
    io.out(table([['case id', 'workflow', 'metering point', 'failure', 'closed'], ...result.cases.map((c) => [c.workflowId, c.workflowType, c.meteringPointId ?? '', c.failureType ?? '', c.closedAt ?? ''])]));
    io.out(`${result.cases.length}${result.truncated ? '+' : ''} failed case(s); what to do next:`);
    for (const c of result.cases) io.out(`${c.workflowId}: ${c.next}`);
  } finally {
    await client.connection.close();
  }
}

/** Runs `afbryd masterdata <subcommand> …`. */
export const run = subcommands('masterdata', MASTERDATA_USAGE, { import: importCsv, set, show });

/**
 * `afbryd cases worklist <list>`: the operator worklist on the command line (issue 17 item 5) — the
 * same lists as the page `/arbejdsliste` and `GET /worklist/:list` (client/worklist.ts), as a table,
 * JSON or CSV.
 *
 *   afbryd cases worklist attention [--reason <code>] [--customer <id>] [--csv | --json]
 *   afbryd cases worklist failed [--csv | --json]
 *   afbryd cases worklist overdue [--customer <id>] [--csv | --json]
 *   afbryd cases worklist cutoffs [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--customer <id>] [--csv | --json]
 *   afbryd cases worklist due [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--customer <id>] [--csv | --json]
 *
 * `cutoffs` and `due` cover --from..--to, Danish days (default today; `--to` defaults to `--from`).
 * Only the cases of the deployment's task queue (`AFBRYD_TASK_QUEUE`).
 */
import { copenhagenLocalTime } from '../../rules/index.js';
import { WORKLISTS, worklist, worklistCsv, type WorklistName } from '../worklist.js';
import { CASES_USAGE } from './case.js';
import { withClient } from './connect.js';
import { CliError } from './errors.js';
import { table, type CliIo } from './io.js';
import { listFiltersSchema, parseOptions, validate } from './options.js';

/** Runs `afbryd cases worklist …`. */
export async function runWorklist(args: string[], io: CliIo): Promise<void> {
  const cmd = 'cases worklist';
  const { values, positionals } = parseOptions(cmd, args, {
    from: { type: 'string' },
    to: { type: 'string' },
    reason: { type: 'string' },
    customer: { type: 'string' },
    csv: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) return io.out(CASES_USAGE);
  if (positionals.length !== 1 || !(WORKLISTS as readonly string[]).includes(positionals[0]!)) {
    throw new CliError(`${cmd}: name one list: ${WORKLISTS.join(', ')}`);
  }
  const list = positionals[0] as WorklistName;
  if (values.csv && values.json) throw new CliError(`${cmd}: --csv and --json exclude each other`);
  // The same checks as `cases list` (a customer number, dates, a reason from the catalogue), named by this command's flags.
  const f = validate(cmd, listFiltersSchema, { customer: values.customer, cutoffFrom: values.from, cutoffTo: values.to, attentionReason: values.reason });
  if ((f.cutoffFrom || f.cutoffTo) && list !== 'cutoffs' && list !== 'due') throw new CliError(`${cmd}: --from/--to are for the lists cutoffs and due`);
  if (f.attentionReason && list !== 'attention') throw new CliError(`${cmd}: --reason is for the list attention`);
  await withClient(cmd, async (client, config) => {
    const result = await worklist(client, list, {
      today: copenhagenLocalTime(Date.now()).date,
      taskQueue: config.taskQueue,
      ...(f.cutoffFrom ? { from: f.cutoffFrom } : {}),
      ...(f.cutoffTo ? { to: f.cutoffTo } : {}),
      ...(f.attentionReason ? { reason: f.attentionReason } : {}),
      ...(f.customer ? { customerId: f.customer } : {}),
    });
    if (values.csv) return io.out(worklistCsv(result).replace(/\r\n$/, ''));
    if (values.json) return io.out(JSON.stringify(result));
    const span = result.from ? ` ${result.from}${result.to !== result.from ? `..${result.to}` : ''}` : '';
    if (result.rows.length === 0) return io.out(`${list}${span}: no cases`);
    let rows: string[][];
    if (list === 'attention') {
      rows = [['case id', 'customer', 'stage', 'reason', 'cleared by', 'since'], ...result.rows.flatMap((r) => (r.reasons ?? []).map((x) => [r.id, r.customerId ?? '', r.stage ?? '', x.code, x.clearedBy, x.since.slice(0, 16)]))];
    } else if (list === 'failed') {
      rows = [['workflow id', 'workflow', 'run id', 'status', 'failure', 'closed (UTC)'], ...result.rows.map((r) => [r.id, r.workflowType ?? '', r.runId, r.status.toLowerCase(), r.failureType ?? '', (r.closeTime ?? '').slice(0, 16)])];
    } else {
      rows = [['case id', 'customer', 'stage', 'amount', 'cut-off', 'window deadline', 'next step', 'due'], ...result.rows.map((r) => [r.id, r.customerId ?? '', r.stage ?? '', r.amountDueOre === undefined ? '' : (r.amountDueOre / 100).toFixed(2), r.cutoffDay ?? '', r.windowDeadline ?? '', r.nextStep ?? '', r.nextStepDay ?? ''])];
    }
    io.out(`${list}${span}: ${result.rows.length} case(s)${result.truncated ? ' (more exist)' : ''}`);
    io.out(table(rows));
    if (list === 'failed') for (const r of result.rows) io.out(`${r.id}: ${r.recovery}`);
  });
}

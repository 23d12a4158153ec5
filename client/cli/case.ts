/**
 * `afbryd case …` and `afbryd cases …`: cases on Temporal, for operators.
 *
 *   afbryd case start --customer <id> --metering-point <GSRN> --class <class> --invoice <id>:<øre>:<due date> … [--meter <kind>] [--channel <channel>] [--circumstance <c> …] [--without-arrears <ground>] [--actor <actor>]
 *   afbryd case start --json <file.json | ->                 (the body of POST /cases)
 *   afbryd case show <case id | case number> [--json]
 *   afbryd case explain <case id | case number> [--json]
 *   afbryd case event <case id> --type <type> --message-id <id> [event fields] [--source billing|operator|datahub] [--actor <actor>] [--json]
 *   afbryd cases list [--stage <stage>] [--needs-attention] [--open] [--customer <id>] [--cutoff-from <date>] [--cutoff-to <date>] [--attention-reason <code>] [--limit <n>] [--json]
 *
 * They connect as config/temporal.ts says (the embedded dev server unless TEMPORAL_ADDRESS is set).
 * A case id is the workflow id `case-<GSRN>-<customerId>`; `show` and `explain` also take the short case
 * number printed on the letters (`XXXX-XXXX`, case-insensitive, its check character verified; found
 * in the evidence archive's `case_numbers`), and `show` prints it as "Sagsnr.". Billing and operator events go through
 * the case's update (the answer is applied / duplicate / rejected); DataHub events through its signal,
 * like the DataHub poller (the outcome is read back from the case).
 */
import type { Client } from '@temporalio/client';
import type { TemporalConfig } from '../../config/temporal.js';
import { caseDocument, caseNumberOf, deliverEvent, listCases, readCase, retryByAttentionReason, startCase, type ArchivedCaseReader, type CaseRead, type StartCaseRequest } from '../cases.js';
import { CASE_NUMBER_TYPO, parseCaseNumber } from '../../evidence/case-number.js';
import { openEvidenceStore } from '../../evidence/open.js';
import { describeEvidenceUrl, loadEvidenceConfig } from '../../config/evidence.js';
import { openEvidenceForCli } from './evidence.js';
import type { EvidenceStore } from '../../evidence/store.js';
import {
  DATAHUB_EVENT_TYPES,
  OPERATOR_EVENT_TYPES,
  anyEventSchema,
  billingEventSchemas,
  dataHubEventSchemas,
  fieldIssues,
  operatorEventSchemas,
  isCaseId,
  safeErrorMap,
  startCaseBodySchema,
} from '../api/schemas.js';
import { ATTENTION } from '../../workflows/shared/attention.js';
import { STAGES, caseEventSignal, eventOutcomeQuery, type CaseEvent, type CaseView, type EventOutcome, type TimelineEntry } from '../../workflows/case/definitions.js';
import { subcommands } from './commands.js';
import { CliError, EXIT, EXIT_CODES_HELP } from './errors.js';
import { describeServer, noOpenCase, withClient } from './connect.js';
import { shortDate, table, utcMinute as at, type CliIo } from './io.js';
import {
  CLI_ACTOR,
  actorOption,
  eventFlagOf,
  issuesLine,
  noPositionals,
  numberArg,
  parseOptions,
  readJsonFile,
  wholeNumberOption,
  listFiltersSchema,
  validate,
} from './options.js';

function typesOf(schemas: readonly { shape: { type: { value: string } } }[]): string {
  return schemas.map((s) => s.shape.type.value).join(', ');
}

/** The reasons an operator may hold a case, from the event's own schema. */
const HOLD_REASONS: readonly string[] = (operatorEventSchemas.find((s) => s.shape.type.value === 'hold')!.shape as unknown as { reason: { options: string[] } }).reason.options;

const CASE_USAGE = `usage:
  afbryd case start --customer <id> --metering-point <GSRN> --class <household|business|business-large>
                    --invoice <invoiceId>:<amount in øre>:<due YYYY-MM-DD> [--invoice …]
                    [--meter <physical|remote|hourly>] [--channel <digital|letter>] [--circumstance <c> …]
                    [--without-arrears <ground>] [--actor <actor>]
  afbryd case start --json <file.json | ->        (the body of POST /cases)
  afbryd case show <case id | case number> [--json]
  afbryd case explain <case id | case number> [--json]
  afbryd case event <case id> --type <type> --message-id <id> [fields] [--source billing|operator|datahub] [--actor <actor>] [--json]

A case id is case-<GSRN>-<customerId>; a case number is the short one on the letters (Sagsnr., XXXX-XXXX,
any case, with or without the hyphen). Event fields (as the type needs):
  --amount-ore <n>  --registered-at <ISO instant, e.g. 2027-01-25T07:00:00+01:00: when billing registered a payment>
  --arrangement <instalments|municipality-guarantee|other>  --validated-with <mitid|signature|other>
  --effective-from <date>  --complaint-id <id>  --appeal-id <id>  --upheld <true|false>  --move-out-date <date>
  --invoice <id>:<øre>:<due>  --reason <r>  --note <text>  --hold-id <id>
  DataHub: --process-id <id>  --code <code>  --text <text>  --date <date>  --meter-reading-kwh <n>  --effective-date <date>  --expected-at <time>
Billing and operator events are answered applied / duplicate / rejected; DataHub events go by signal,
as from the DataHub poller. The actor defaults to operator:cli (datahub for DataHub events).

Event types (--type):
  billing:  ${typesOf(billingEventSchemas)}
  operator: ${typesOf(operatorEventSchemas)}
  DataHub:  ${typesOf(dataHubEventSchemas)}
Hold reasons (--type hold --reason): ${HOLD_REASONS.join(', ')}
Operator actions on attention reasons: --type retryStep; --type taskDone --task-id <id> [--note];
  --type acknowledgeAttention --code <code> [--ref <id>] --note <how it was dealt with>;
  --type proceedBelowMinimum --note <why>  (arrears-below-minimum: the case waits at the reminders below
  the minimum arrears, RULES 11; the security demand goes at once — version 2 cases from release 0.6.10)

${EXIT_CODES_HELP}`;

export const CASES_USAGE = `usage:
  afbryd cases list [--stage <${STAGES.join('|')}>] [--needs-attention] [--open] [--customer <customer id>]
                    [--cutoff-from <YYYY-MM-DD>] [--cutoff-to <YYYY-MM-DD>] [--attention-reason <code>] [--limit <n>] [--json]
      --customer: the customer's cases; --cutoff-from/--cutoff-to: cut-offs in that range of Danish days;
      --attention-reason: cases with that reason open (codes: workflows/shared/attention.ts).
  afbryd cases worklist <attention|failed|overdue|cutoffs|due> [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>]
                    [--reason <code>] [--customer <customer id>] [--csv | --json]
      The operator worklist (the same lists as /arbejdsliste and GET /worklist/:list): cutoffs and due
      cover --from..--to (default today); --csv writes the list as CSV.
  afbryd cases retry --reason <attention reason> [--dry-run] [--actor <actor>] [--json]
      Retries the stopped step of every open case with that reason open (e.g. datahub-configuration-fault,
      once the configuration is fixed). Reasons a retry clears: ${Object.entries(ATTENTION)
        .filter(([, k]) => k.clearedBy === 'retryStep')
        .map(([c]) => c)
        .join(', ')}.`;

function caseIdArg(cmd: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new CliError(`${cmd}: give one case id (case-<GSRN>-<customerId>)`);
  const id = positionals[0]!;
  if (!isCaseId(id)) throw new CliError(`${cmd}: "${id}" is not a case id (expected case-<18-digit GSRN>-<customerId>)`);
  return id;
}

/** What `case show` and `case explain` take: a case id, or the short case number on the letters. */
type CaseRef = { id: string } | { caseNumber: string };

function caseRefArg(cmd: string, positionals: string[]): CaseRef {
  if (positionals.length !== 1) throw new CliError(`${cmd}: give one case id (case-<GSRN>-<customerId>) or case number (XXXX-XXXX)`);
  const arg = positionals[0]!;
  if (isCaseId(arg)) return { id: arg };
  const read = parseCaseNumber(arg);
  if (read.ok) return { caseNumber: read.caseNumber };
  if (read.problem === 'check') throw new CliError(`${cmd}: "${arg}": ${CASE_NUMBER_TYPO.en} — ${CASE_NUMBER_TYPO.da}`);
  throw new CliError(`${cmd}: "${arg}" is not a case id (expected case-<18-digit GSRN>-<customerId>) or a case number (XXXX-XXXX, as on the letters)`);
}

/**
 * Runs `work` with the case's workflow id: the id given, or the one the evidence archive's
 * `case_numbers` names for the case number given; and with the archive, when it can be opened
 * (always for a case number, which cannot be found without it; otherwise best effort: it names the
 * case number `show` prints). The archive is closed afterwards.
 */
async function withCaseRef<T>(cmd: string, ref: CaseRef, work: (workflowId: string, evidence: EvidenceStore | undefined) => Promise<T>): Promise<T> {
  let evidence: EvidenceStore | undefined;
  try {
    let workflowId: string;
    if ('caseNumber' in ref) {
      evidence = await openEvidenceForCli(cmd, (where) => `the evidence archive (${where}), which keeps the case numbers,`);
      const found = await evidence.findCaseNumber(ref.caseNumber);
      if (!found) throw new CliError(`${cmd}: no case has the case number ${ref.caseNumber} (evidence archive ${describeEvidenceUrl(loadEvidenceConfig().url)})`, 1);
      workflowId = found.workflowId;
    } else {
      workflowId = ref.id;
      try {
        evidence = await openEvidenceStore(loadEvidenceConfig());
      } catch {
        evidence = undefined; // shown without its case number
      }
    }
    return await work(workflowId, evidence);
  } finally {
    await evidence?.close();
  }
}

/**
 * Reads a case from Temporal, or — once Temporal has dropped a closed case's history — from the
 * evidence archive (config/evidence.ts): the one given, else opened only then.
 */
async function readOrExplain(cmd: string, client: Client, id: string, server: TemporalConfig, opened?: EvidenceStore): Promise<CaseRead> {
  let evidence: EvidenceStore | undefined;
  const archive: ArchivedCaseReader = {
    async readCase(workflowId) {
      if (opened) return opened.readCase(workflowId);
      evidence = await openEvidenceForCli(cmd, (where) => `Temporal has no case ${id}, and the evidence archive (${where})`);
      return evidence.readCase(workflowId);
    },
  };
  try {
    return await readCase(client, id, { evidence: archive });
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') {
      let archive = 'the evidence archive';
      try {
        archive = `the evidence archive (${describeEvidenceUrl(loadEvidenceConfig().url)})`;
      } catch {
        // named above if it cannot be read
      }
      throw new CliError(`${cmd}: no case ${id} (neither on ${describeServer(server)} nor in ${archive})`, 1);
    }
    throw err;
  } finally {
    await evidence?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

function kr(ore: number): string {
  return `${(ore / 100).toFixed(2)} kr`;
}

function dateText(date: string | undefined): string {
  if (!date) return '';
  try {
    return shortDate(date);
  } catch {
    return date;
  }
}

function causeText(cause: TimelineEntry['cause']): string {
  switch (cause.type) {
    case 'start':
      return 'start';
    case 'timer':
      return `timer (${cause.date})`;
    case 'event':
      return `${cause.eventType} ${cause.messageId}${cause.actor ? ` by ${cause.actor}` : ''}`;
    default:
      return JSON.stringify(cause);
  }
}

function causeExplained(cause: TimelineEntry['cause']): string {
  switch (cause.type) {
    case 'start':
      return 'the case started';
    case 'timer':
      return `its day came: ${dateText(cause.date)}`;
    case 'event':
      return `message ${cause.messageId} (${cause.eventType})${cause.actor ? ` from ${cause.actor}` : ''}`;
    default:
      return JSON.stringify(cause);
  }
}

function nextText(view: CaseView): string {
  if (!view.next) return view.closed ? '(closed)' : '(none)';
  const parts: string[] = [view.next.step];
  if (view.next.date) parts.push(`on ${dateText(view.next.date)}`);
  if (view.next.waitingFor) parts.push(`waiting for ${view.next.waitingFor}`);
  return parts.join(' ');
}

function showText(read: CaseRead, caseNumber: string | undefined): string {
  const v = read.view;
  const lines: string[] = [];
  lines.push(
    read.source === 'evidence-archive'
      ? `${read.workflowId}  (case id ${v.caseId}; from the evidence archive: Temporal no longer keeps this closed case; ${read.evidence?.letters ?? 0} letters and ${read.evidence?.dataHubMessages ?? 0} DataHub messages archived)`
      : `${read.workflowId}  (case id ${v.caseId}; workflow ${read.status.toLowerCase()})`,
  );
  const head: string[][] = [
    // The case number on the letters (issue 15 item 13), what the customer reads out.
    ['Sagsnr.', caseNumber ?? '(none yet: given with the first letter)'],
    ['stage', `${v.stage}${v.needsAttention ? '   ** needs attention **' : ''}`],
    ['customer', `${v.customerId}, ${v.customerClass}${v.meterKind ? `, ${v.meterKind} meter` : ''}, metering point ${v.meteringPointId}`],
    ['amount due', `${kr(v.amountDueOre)} (${v.invoices.map((i) => `${i.invoiceId} ${kr(i.amountOre)} due ${i.dueDate}`).join('; ')})`],
    ['next', nextText(v)],
  ];
  if (v.next?.basis) head.push(['  basis', v.next.basis]);
  if (v.securityDeadline) head.push(['security deadline', `${dateText(v.securityDeadline.date)} (${kr(v.securityDeadline.securityAmountOre)}) — ${v.securityDeadline.basis}`]);
  if (v.terminationEffective) head.push(['termination effective', `${dateText(v.terminationEffective.date)} — ${v.terminationEffective.basis}`]);
  if (v.request) {
    head.push(['DataHub request', `${v.request.kind}, ${v.request.status}, sent ${v.request.sentDate}, message ${v.request.messageId}`]);
    head.push(['  cut-off', `${dateText(v.request.cutoff)} — ${v.request.cutoffBasis}`]);
    head.push(['  window deadline', `${dateText(v.request.windowDeadline)} — ${v.request.windowDeadlineBasis}`]);
  }
  if (v.disconnected) head.push(['disconnected', dateText(v.disconnected.date)]);
  if (v.closed) head.push(['closed', `${v.closed.reason} at ${at(v.closed.at)}`]);
  head.push(['settings', v.settings?.versionId ?? '(not yet snapshotted)']);
  lines.push(table(head, '  '));

  lines.push('', 'timeline (UTC)');
  const rows: string[][] = [['  when', 'what', 'cause', 'legal basis']];
  for (const t of v.timeline) rows.push([`  ${at(t.at)}`, t.what, causeText(t.cause), t.basis ?? '']);
  lines.push(table(rows));

  if (v.letters.length > 0) {
    lines.push('', 'letters');
    const letterRows: string[][] = [['  kind', 'cycle', 'channel', 'sent', 'received', 'letter id', 'content hash']];
    for (const l of v.letters) {
      letterRows.push([`  ${l.kind}`, String(l.cycle), l.channel, l.sentDate, l.receivedDate, l.letterId, l.contentHash.slice(0, 16)]);
    }
    lines.push(table(letterRows));
  }
  if (v.holds.length > 0) {
    lines.push('', 'holds');
    lines.push(table(v.holds.map((h) => [`  ${h.holdId}`, h.kind, h.reason, `since ${at(h.since)}`, ...(h.note ? [`note: ${h.note}`] : [])])));
  }
  // The open attention reasons (version 2), with the action that clears each (workflows/shared/attention.ts).
  if ((v.attention ?? []).length > 0) {
    lines.push('', 'attention');
    lines.push(table((v.attention ?? []).map((r) => [`  ${r.code}`, r.ref ?? '', `since ${at(r.since)}`, `cleared by ${ATTENTION[r.code]?.clearedBy ?? 'acknowledge'}`, r.detail])));
  }
  return lines.join('\n');
}

function factsText(facts: TimelineEntry['facts']): string {
  return Object.entries(facts ?? {})
    .map(([k, val]) => `${k}=${String(val)}`)
    .join(', ');
}

/** Flattens a settings object into `key: value` lines, for the settings snapshot. */
function settingsLines(value: unknown, prefix = ''): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[`  ${prefix}`, JSON.stringify(value)]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => settingsLines(v, prefix ? `${prefix}.${k}` : k));
}

function explainJson(read: CaseRead): Record<string, unknown> {
  const v = read.view;
  return {
    id: read.workflowId,
    caseId: v.caseId,
    stage: v.stage,
    steps: v.timeline.map((t) => ({ at: t.at, what: t.what, because: causeExplained(t.cause), cause: t.cause, basis: t.basis ?? null, facts: t.facts ?? {} })),
    next: v.next ?? null,
    dates: {
      ...(v.securityDeadline ? { securityDeadline: v.securityDeadline } : {}),
      ...(v.terminationEffective ? { terminationEffective: v.terminationEffective } : {}),
      ...(v.request
        ? {
            cutoff: { date: v.request.cutoff, basis: v.request.cutoffBasis },
            windowDeadline: { date: v.request.windowDeadline, basis: v.request.windowDeadlineBasis },
          }
        : {}),
    },
    settings: v.settings ?? null,
  };
}

function explainText(read: CaseRead): string {
  const v = read.view;
  const out: string[] = [`${read.workflowId}: why each date is what it is`, ''];
  for (const t of v.timeline) {
    out.push(`${at(t.at)}  ${t.what}`);
    const rows: string[][] = [['    because', causeExplained(t.cause)]];
    if (t.basis) rows.push(['    basis', t.basis]);
    if (t.facts && Object.keys(t.facts).length > 0) rows.push(['    facts', factsText(t.facts)]);
    out.push(table(rows));
  }
  out.push('', 'what comes next');
  const next: string[][] = [['  next step', nextText(v)]];
  if (v.next?.basis) next.push(['    basis', v.next.basis]);
  if (v.securityDeadline) next.push(['  security deadline', `${dateText(v.securityDeadline.date)} — ${v.securityDeadline.basis}`]);
  if (v.terminationEffective) next.push(['  termination effective', `${dateText(v.terminationEffective.date)} — ${v.terminationEffective.basis}`]);
  if (v.request) {
    next.push(['  cut-off', `${dateText(v.request.cutoff)} — ${v.request.cutoffBasis}`]);
    next.push(['  window deadline', `${dateText(v.request.windowDeadline)} — ${v.request.windowDeadlineBasis}`]);
  }
  out.push(table(next));
  out.push('');
  if (v.settings) {
    out.push(`settings snapshot ${v.settings.versionId} (taken when the case started; later configuration changes do not alter it)`);
    out.push(table([...settingsLines(v.settings.rules, 'rules'), ...settingsLines(v.settings.case, 'case')]));
  } else {
    out.push('settings snapshot: not yet taken (the worker has not started the case)');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// case start

const START_FLAGS: Record<string, string> = {
  customerId: '--customer',
  meteringPointId: '--metering-point',
  customerClass: '--class',
  meterKind: '--meter',
  preferredChannel: '--channel',
  circumstances: '--circumstance',
  withoutArrears: '--without-arrears',
  'withoutArrears.ground': '--without-arrears',
  invoices: '--invoice',
};

function startFlagOf(path: string): string {
  const invoice = /^invoices\.(\d+)\.?(.*)$/.exec(path);
  if (invoice) return `--invoice #${Number(invoice[1]) + 1}${invoice[2] ? ` ${invoice[2]}` : ''}`;
  return START_FLAGS[path] ?? path;
}

/** `INV-1:150000:2027-06-14` → an invoice (validated by the schema afterwards). An invoice id may contain ':'. */
function invoiceArg(text: string): Record<string, unknown> {
  const parts = text.split(':');
  if (parts.length < 3) return { invoiceId: text };
  return { invoiceId: parts.slice(0, -2).join(':'), amountOre: numberArg(parts.at(-2)!), dueDate: parts.at(-1) };
}

async function start(args: string[], io: CliIo): Promise<void> {
  const cmd = 'case start';
  const { values, positionals } = parseOptions(cmd, args, {
    customer: { type: 'string' },
    'metering-point': { type: 'string' },
    class: { type: 'string' },
    meter: { type: 'string' },
    channel: { type: 'string' },
    invoice: { type: 'string', multiple: true },
    circumstance: { type: 'string', multiple: true },
    'without-arrears': { type: 'string' },
    json: { type: 'string' },
    actor: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(CASE_USAGE);
  noPositionals(cmd, positionals);
  let input: unknown;
  let flagOf = startFlagOf;
  if (values.json !== undefined) {
    const fieldFlags = ['customer', 'metering-point', 'class', 'meter', 'channel', 'invoice', 'circumstance', 'without-arrears'] as const;
    const mixed = fieldFlags.filter((f) => values[f] !== undefined);
    if (mixed.length > 0) throw new CliError(`${cmd}: --json takes the whole request; drop ${mixed.map((f) => `--${f}`).join(', ')}`);
    input = readJsonFile(cmd, values.json);
    flagOf = (path) => path;
  } else {
    input = {
      ...(values.customer !== undefined ? { customerId: values.customer } : {}),
      ...(values['metering-point'] !== undefined ? { meteringPointId: values['metering-point'] } : {}),
      ...(values.class !== undefined ? { customerClass: values.class } : {}),
      ...(values.meter !== undefined ? { meterKind: values.meter } : {}),
      ...(values.channel !== undefined ? { preferredChannel: values.channel } : {}),
      invoices: (values.invoice ?? []).map(invoiceArg),
      ...(values.circumstance ? { circumstances: values.circumstance } : {}),
      ...(values['without-arrears'] !== undefined ? { withoutArrears: { ground: values['without-arrears'] } } : {}),
    };
  }
  const parsed = startCaseBodySchema.safeParse(input, { errorMap: safeErrorMap });
  if (!parsed.success) throw issuesLine(cmd, fieldIssues('body', parsed.error), flagOf);
  const actor = actorOption(cmd, values.actor, CLI_ACTOR);
  await withClient(cmd, async (client, config) => {
    const result = await startCase(client, parsed.data as StartCaseRequest, { taskQueue: config.taskQueue, actor });
    const what = {
      started: 'started',
      'existing-open': 'already in the open case',
      'existing-closed': 'already in the closed case',
      'existing-failed': `already in a case whose workflow ${result.ended?.status === 'FAILED' ? `failed${result.ended.failureType ? ` (${result.ended.failureType})` : ''}` : `ended ${result.ended?.status ?? 'without completing'}`}: nothing started; see afbryd cases failed`,
      joined: 'joined the open case',
    }[result.status];
    io.out(`${result.status}: ${result.workflowId} (case id ${result.caseId}) — ${what}`);
  });
}

// ---------------------------------------------------------------------------------------------
// case show / explain

async function show(args: string[], io: CliIo): Promise<void> {
  const cmd = 'case show';
  const { values, positionals } = parseOptions(cmd, args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(CASE_USAGE);
  const ref = caseRefArg(cmd, positionals);
  await withClient(cmd, async (client, config) =>
    withCaseRef(cmd, ref, async (id, evidence) => {
      const read = await readOrExplain(cmd, client, id, config, evidence);
      const caseNumber = await caseNumberOf(read.view.caseId, evidence);
      io.out(values.json ? JSON.stringify({ ...caseDocument(read), ...(caseNumber ? { caseNumber } : {}) }) : showText(read, caseNumber));
    }),
  );
}

async function explain(args: string[], io: CliIo): Promise<void> {
  const cmd = 'case explain';
  const { values, positionals } = parseOptions(cmd, args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(CASE_USAGE);
  const ref = caseRefArg(cmd, positionals);
  await withClient(cmd, async (client, config) =>
    withCaseRef(cmd, ref, async (id, evidence) => {
      const read = await readOrExplain(cmd, client, id, config, evidence);
      io.out(values.json ? JSON.stringify(explainJson(read)) : explainText(read));
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// case event

/** Event flags and the fields they fill. */
const EVENT_FIELDS = {
  'amount-ore': 'amountOre',
  'registered-at': 'registeredAt',
  arrangement: 'arrangement',
  'validated-with': 'validatedWith',
  'effective-from': 'effectiveFrom',
  'complaint-id': 'complaintId',
  'appeal-id': 'appealId',
  upheld: 'upheld',
  'move-out-date': 'moveOutDate',
  invoice: 'invoice',
  reason: 'reason',
  note: 'note',
  'hold-id': 'holdId',
  'process-id': 'processId',
  code: 'code',
  text: 'text',
  date: 'date',
  'meter-reading-kwh': 'meterReading',
  'effective-date': 'effectiveDate',
  'expected-at': 'expectedAt',
  'task-id': 'taskId',
  authority: 'authority',
  reference: 'reference',
  'agreed-date': 'agreedDate',
  'agreed-time': 'agreedTime',
  'court-case-id': 'courtCaseId',
  meeting: 'meeting',
  time: 'time',
  'charge-kind': 'chargeKind',
  'charge-id': 'chargeId',
} as const;
type EventFlag = keyof typeof EVENT_FIELDS;
const flagOfEventPath = eventFlagOf(EVENT_FIELDS);

function sourceOf(type: string): 'billing' | 'operator' | 'datahub' {
  if (DATAHUB_EVENT_TYPES.includes(type)) return 'datahub';
  if (OPERATOR_EVENT_TYPES.includes(type)) return 'operator';
  return 'billing';
}

function outcomeLine(outcome: EventOutcome): string {
  return `${outcome.outcome}: ${outcome.reason ?? ''} (stage ${outcome.stage})`.replace(': (', ' (');
}

async function event(args: string[], io: CliIo): Promise<void> {
  const cmd = 'case event';
  const options = {
    type: { type: 'string' },
    'message-id': { type: 'string' },
    source: { type: 'string' },
    actor: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(Object.keys(EVENT_FIELDS).map((flag) => [flag, { type: 'string' }])),
  } as const;
  const { values, positionals } = parseOptions(cmd, args, options as Record<string, { type: 'string' | 'boolean'; short?: string }>, true);
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) return io.out(CASE_USAGE);
  const id = caseIdArg(cmd, positionals);
  const input: Record<string, unknown> = {};
  if (typeof v.type === 'string') input.type = v.type;
  if (typeof v['message-id'] === 'string') input.messageId = v['message-id'];
  for (const [flag, field] of Object.entries(EVENT_FIELDS) as [EventFlag, string][]) {
    const raw = v[flag];
    if (typeof raw !== 'string') continue;
    switch (flag) {
      case 'amount-ore':
        input[field] = numberArg(raw);
        break;
      case 'upheld':
        input[field] = raw === 'true' ? true : raw === 'false' ? false : raw;
        break;
      case 'invoice':
        input[field] = invoiceArg(raw);
        break;
      case 'meter-reading-kwh':
        input[field] = { value: numberArg(raw), unit: 'kWh' };
        break;
      default:
        input[field] = raw;
    }
  }
  if (input.type === undefined) throw new CliError(`${cmd}: --type is required (e.g. paymentReceived, hold, release, disconnected)`);
  const parsed = anyEventSchema.safeParse(input, { errorMap: safeErrorMap });
  if (!parsed.success) throw issuesLine(cmd, fieldIssues('body', parsed.error), flagOfEventPath);
  const source = sourceOf(parsed.data.type);
  if (v.source !== undefined && v.source !== source) {
    if (!['billing', 'operator', 'datahub'].includes(String(v.source))) throw new CliError(`${cmd}: --source must be billing, operator or datahub`);
    throw new CliError(`${cmd}: ${parsed.data.type} is a ${source} event, not a ${String(v.source)} event`);
  }
  const actor = actorOption(cmd, typeof v.actor === 'string' ? v.actor : undefined, source === 'datahub' ? 'datahub' : CLI_ACTOR);
  const caseEvent = { ...parsed.data, actor } as CaseEvent;
  await withClient(cmd, async (client, config) => {
    const handle = client.workflow.getHandle(id);
    let outcome: EventOutcome | null;
    try {
      if (source === 'datahub') {
        await handle.signal(caseEventSignal, caseEvent);
        outcome = await readOutcome(client, id, caseEvent.messageId);
      } else {
        outcome = await deliverEvent(handle, caseEvent);
      }
    } catch (err) {
      if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
      throw await noOpenCase(cmd, handle, id, config);
    }
    if (values.json) io.out(JSON.stringify(outcome ?? { messageId: caseEvent.messageId, outcome: 'signalled' }));
    else if (outcome) io.out(outcomeLine(outcome));
    else io.out(`signalled: ${caseEvent.messageId} was sent; the case has not processed it yet (see afbryd case show ${id})`);
    if (outcome?.outcome === 'rejected') throw new CliError(`${cmd}: refused by the case: ${outcome.reason ?? 'it does not fit the case now'}`, EXIT.refused);
  });
}

/** After a signal: the case's outcome of the message, once it has processed it (a few seconds at most). */
async function readOutcome(client: Client, id: string, messageId: string): Promise<EventOutcome | null> {
  const handle = client.workflow.getHandle(id);
  const until = Date.now() + 5_000;
  for (;;) {
    const outcome = await handle.query(eventOutcomeQuery, messageId);
    if (outcome || Date.now() > until) return outcome;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------------------------------------
// cases list

/** Runs `afbryd cases list …` (client/cli/cases.ts has the `cases` subcommands). */
export async function list(args: string[], io: CliIo): Promise<void> {
  const cmd = 'cases list';
  const { values, positionals } = parseOptions(cmd, args, {
    stage: { type: 'string' },
    'needs-attention': { type: 'boolean' },
    customer: { type: 'string' },
    'cutoff-from': { type: 'string' },
    'cutoff-to': { type: 'string' },
    'attention-reason': { type: 'string' },
    open: { type: 'boolean' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(CASES_USAGE);
  noPositionals(cmd, positionals);
  const stage = values.stage;
  if (stage !== undefined && !(STAGES as readonly string[]).includes(stage)) {
    throw new CliError(`${cmd}: --stage: unknown stage "${stage}" (expected ${STAGES.join(', ')})`);
  }
  const filters = validate(cmd, listFiltersSchema, {
    customer: values.customer,
    cutoffFrom: values['cutoff-from'],
    cutoffTo: values['cutoff-to'],
    attentionReason: values['attention-reason'],
  });
  const limit = wholeNumberOption(cmd, '--limit', values.limit, 1, 1000, 100);
  await withClient(cmd, async (client, config) => {
    const result = await listCases(client, {
      ...(stage ? { stage: stage as (typeof STAGES)[number] } : {}),
      ...(values['needs-attention'] ? { needsAttention: true } : {}),
      ...(values.open ? { open: true } : {}),
      ...(filters.customer ? { customerId: filters.customer } : {}),
      ...(filters.cutoffFrom ? { cutoffFrom: filters.cutoffFrom } : {}),
      ...(filters.cutoffTo ? { cutoffTo: filters.cutoffTo } : {}),
      ...(filters.attentionReason ? { attentionReason: filters.attentionReason } : {}),
      limit,
    });
    if (values.json) return io.out(JSON.stringify(result));
    if (result.cases.length === 0) {
      return io.out(`no cases${stage ? ` in stage ${stage}` : ''}${values['needs-attention'] ? ' needing attention' : ''}${filters.customer || filters.cutoffFrom || filters.cutoffTo || filters.attentionReason ? ' matching the filters' : ''} on ${describeServer(config)}`);
    }
    const rows: string[][] = [['case id', 'customer', 'stage', 'class', 'meter', 'attention', 'cut-off', 'workflow', 'started (UTC)']];
    for (const c of result.cases) {
      rows.push([
        c.id,
        c.customerId ?? '',
        c.stage ?? '',
        c.customerClass ?? '',
        c.meterKind ?? '',
        c.attentionReasons?.join(' ') || (c.needsAttention ? 'yes' : ''),
        c.cutoffDay ?? '',
        c.status.toLowerCase(),
        at(c.startTime),
      ]);
    }
    io.out(table(rows));
    if (result.truncated) io.out(`(more than ${limit}; use --limit)`);
  });
}

// ---------------------------------------------------------------------------------------------

/** Runs `afbryd case <subcommand> …`. */
export const run = subcommands('case', CASE_USAGE, { start, show, explain, event });

/** `afbryd cases retry --reason <code> [--dry-run] [--actor] [--json]` (client/cases.ts retryByAttentionReason). */
export async function retry(args: string[], io: CliIo): Promise<void> {
  const cmd = 'cases retry';
  const { values, positionals } = parseOptions(cmd, args, {
    reason: { type: 'string' },
    'dry-run': { type: 'boolean' },
    actor: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(CASES_USAGE);
  noPositionals(cmd, positionals);
  const code = values.reason;
  if (code === undefined) throw new CliError(`${cmd}: --reason is required`);
  const retryable = Object.entries(ATTENTION).filter(([, kind]) => kind.clearedBy === 'retryStep').map(([c]) => c);
  if (!retryable.includes(code)) {
    throw new CliError(
      `${cmd}: --reason: "${code}" is ${Object.prototype.hasOwnProperty.call(ATTENTION, code) ? 'not cleared by a retry' : 'not an attention reason'} (a retry clears ${retryable.join(', ')})`,
    );
  }
  const actor = actorOption(cmd, values.actor, CLI_ACTOR);
  // Over many cases: each call has its own 30 s deadline, the command none of its own.
  await withClient(cmd, async (client, config) => {
    const result = await retryByAttentionReason(client, code, { actor, dryRun: values['dry-run'] === true, taskQueue: config.taskQueue });
    if (values.json) return io.out(JSON.stringify(result));
    if (result.cases.length === 0) return io.out(`no open case has the attention reason ${code}`);
    const rows: string[][] = [['case id', 'step', 'outcome']];
    for (const c of result.cases) rows.push([c.id, c.step ?? '', `${c.outcome}${c.reason ? `: ${c.reason}` : ''}`]);
    io.out(table(rows));
    const applied = result.cases.filter((c) => c.outcome === 'applied').length;
    io.out(values['dry-run'] ? `${result.cases.length} case(s) would be retried` : `${applied} of ${result.cases.length} case(s) retried`);
  }, { deadlineMs: 24 * 60 * 60 * 1000 });
}


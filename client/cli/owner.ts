/**
 * `afbryd owner …` and `afbryd disconnection …`: owner-liability cases (BEK §25) and requested
 * disconnections (D12), for operators.
 *
 *   afbryd owner start --metering-point <GSRN> --owner <id> --agreement <id> --agreement-end <date> [--owner-class <class>] [--meter <kind>] [--channel <channel>]
 *   afbryd owner start --json <file.json | ->             (the body of POST /owner-liability-cases)
 *   afbryd owner show <owner-<GSRN>-<ownerId>> [--json]
 *   afbryd owner event <id> --type <type> --message-id <id> [fields] [--actor <actor>] [--json]
 *   afbryd disconnection start --request <id> --metering-point <GSRN> --customer <id> --role <owner|customer|tenant-moving-out>
 *                              [--owner <id>] [--consent <id>] --class <class> [--meter <kind>] --date <date>
 *   afbryd disconnection start --json <file.json | ->     (the body of POST /disconnection-requests)
 *   afbryd disconnection show <disconnect-<GSRN>-<requestId>> [--json]
 *   afbryd disconnection event <id> --type <type> --message-id <id> [fields] [--actor <actor>] [--json]
 *
 * They connect as config/temporal.ts says (the embedded dev server unless TEMPORAL_ADDRESS is set).
 * Events go through the case's update, so the answer is applied / duplicate / rejected with the reason.
 */
import type { Client } from '@temporalio/client';
import type { OwnerLiabilityEvent, OwnerLiabilityView } from '../../workflows/owner-liability/definitions.js';
import type { RequestedDisconnectionEvent, RequestedDisconnectionView } from '../../workflows/requested-disconnection/definitions.js';
import type { TimelineEntry } from '../../workflows/shared/records.js';
import { fieldIssues, safeErrorMap } from '../api/schemas.js';
import {
  DISCONNECT_CASE_ID_PATTERN,
  OWNER_CASE_ID_PATTERN,
  checkOwnerCasesAgainstAgreementEnd,
  deliverOwnerLiabilityEvent,
  deliverRequestedDisconnectionEvent,
  otherCaseDocument,
  ownerLiabilityEventSchema,
  readOtherCase,
  requestedDisconnectionEventSchema,
  startOwnerLiability,
  startOwnerLiabilityBodySchema,
  startRequestedDisconnection,
  startRequestedDisconnectionBodySchema,
  type OtherCaseKind,
  type OtherCaseRead,
  type StartOtherCaseResult,
} from '../owner-cases.js';
import { subcommands } from './commands.js';
import { CliError, EXIT, EXIT_CODES_HELP } from './errors.js';
import { noOpenCase, withClient as withConnection } from './connect.js';
import type { TemporalConfig } from '../../config/temporal.js';
import { table, utcMinute as at, type CliIo } from './io.js';
import { CLI_ACTOR, actorOption, eventFlagOf, issuesLine, noPositionals, parseOptions, readJsonFile } from './options.js';

const OWNER_USAGE = `usage:
  afbryd owner start --metering-point <GSRN> --owner <ownerId> --agreement <terminated agreement id> --agreement-end <YYYY-MM-DD>
                     [--owner-class <household|business|business-large>] [--meter <physical|remote|hourly>] [--channel <digital|letter>]
  afbryd owner start --json <file.json | ->        (the body of POST /owner-liability-cases)
  afbryd owner show <owner-<GSRN>-<ownerId>> [--json]
  afbryd owner event <id> --type <type> --message-id <id> [fields] [--actor <actor>] [--json]
  afbryd owner check-agreement-end [--apply] [--json]
      The one-off check of release 0.6.1: lists the open cases that planned a disconnection before the day
      after the terminated agreement ends (BEK §25 stk. 6–7); --apply opens an attention reason on each.

Event types: agreementSigned (--signed-by owner|new-customer|other --agreement-id <id> --effective-from <date>),
  ownerAskedForDisconnection, contactAttemptRecorded (--date <date> --channel letter|digital-post|email|phone|sms|visit [--note <text>]),
  ownerUnreachableDisconnection [--note], retryStep, acknowledgeAttention (--code <code> [--ref <id>] --note <text>),
  agreementEndConflict (--planned-cutoff <date> [--note]), caseCancelled (--reason termination-withdrawn|opened-in-error|other [--note]),
  DataHub: requestConfirmed [--process-id], requestRejected --code [--text], disconnected --date [--meter-reading-kwh],
  notDisconnected --reason D41|D42|D43|D44|D58 [--text], supplierSwitched --effective-date, endOfSupplyCancelled.
The actor defaults to operator:cli (datahub for DataHub events).

${EXIT_CODES_HELP}`;

const DISCONNECTION_USAGE = `usage:
  afbryd disconnection start --request <request id> --metering-point <GSRN> --customer <id> --role <owner|customer|tenant-moving-out>
                             [--owner <ownerId>] [--consent <owner's consent id>] --class <household|business|business-large>
                             [--meter <physical|remote|hourly>] --date <wanted YYYY-MM-DD>
  afbryd disconnection start --json <file.json | ->   (the body of POST /disconnection-requests)
  afbryd disconnection show <disconnect-<GSRN>-<requestId>> [--json]
  afbryd disconnection event <id> --type <type> --message-id <id> [fields] [--actor <actor>] [--json]

Event types: cancellationRequested, reopeningRequested, caseClosed [--note], acknowledgeAttention (--code <code> [--ref <id>] --note <text>), and DataHub's requestConfirmed, requestRejected,
  disconnected, notDisconnected, reopened (--date), notReopened [--expected-at --text], endOfSupplyCancelled, supplierSwitched.
A tenant moving out is refused ("use owner liability"); a date the grid does not disconnect on is moved to the next one.

${EXIT_CODES_HELP}`;

const DATAHUB_TYPES = ['requestConfirmed', 'requestRejected', 'disconnected', 'notDisconnected', 'supplierSwitched', 'endOfSupplyCancelled', 'reopened', 'notReopened'];

/** Connects, runs `fn`; an owner case's conflict is one line too. */
function withClient<T>(cmd: string, fn: (client: Client, config: TemporalConfig) => Promise<T>): Promise<T> {
  return withConnection(cmd, fn, {
    translate: (err) => ((err as Error).name === 'OwnerCaseConflictError' ? new CliError(`${cmd}: ${(err as Error).message}`, 1) : undefined),
  });
}

function startLine(result: StartOtherCaseResult): string {
  if (result.status === 'refused') return `refused: ${result.reason} (${result.basis}); nothing was started`;
  const what = {
    started: 'started',
    'existing-open': 'exists already (open)',
    'existing-closed': 'exists already (closed)',
    'existing-failed': `exists already, but its workflow ${result.ended?.status === 'FAILED' ? `failed${result.ended.failureType ? ` (${result.ended.failureType})` : ''}` : `ended ${result.ended?.status ?? 'without completing'}`}; nothing started`,
  }[result.status];
  return `${result.status}: ${result.workflowId} (case id ${result.caseId}) — ${what}`;
}

// ---------------------------------------------------------------------------------------------
// start

const OWNER_START_FLAGS: Record<string, string> = {
  meteringPointId: '--metering-point',
  ownerId: '--owner',
  terminatedAgreementId: '--agreement',
  agreementEnd: '--agreement-end',
  ownerClass: '--owner-class',
  meterKind: '--meter',
  preferredChannel: '--channel',
};

async function ownerStart(args: string[], io: CliIo): Promise<void> {
  const cmd = 'owner start';
  const { values, positionals } = parseOptions(cmd, args, {
    'metering-point': { type: 'string' },
    owner: { type: 'string' },
    agreement: { type: 'string' },
    'agreement-end': { type: 'string' },
    'owner-class': { type: 'string' },
    meter: { type: 'string' },
    channel: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(OWNER_USAGE);
  noPositionals(cmd, positionals);
  const input =
    values.json !== undefined
      ? readJsonFile(cmd, values.json)
      : {
          ...(values['metering-point'] !== undefined ? { meteringPointId: values['metering-point'] } : {}),
          ...(values.owner !== undefined ? { ownerId: values.owner } : {}),
          ...(values.agreement !== undefined ? { terminatedAgreementId: values.agreement } : {}),
          ...(values['agreement-end'] !== undefined ? { agreementEnd: values['agreement-end'] } : {}),
          ...(values['owner-class'] !== undefined ? { ownerClass: values['owner-class'] } : {}),
          ...(values.meter !== undefined ? { meterKind: values.meter } : {}),
          ...(values.channel !== undefined ? { preferredChannel: values.channel } : {}),
        };
  const parsed = startOwnerLiabilityBodySchema.safeParse(input, { errorMap: safeErrorMap });
  if (!parsed.success) throw issuesLine(cmd, fieldIssues('body', parsed.error), values.json !== undefined ? (p) => p : (p) => OWNER_START_FLAGS[p] ?? p);
  await withClient(cmd, async (client, config) => io.out(startLine(await startOwnerLiability(client, parsed.data, { taskQueue: config.taskQueue }))));
}

const DISCONNECTION_START_FLAGS: Record<string, string> = {
  requestId: '--request',
  meteringPointId: '--metering-point',
  customerId: '--customer',
  requesterRole: '--role',
  ownerId: '--owner',
  ownerConsentId: '--consent',
  customerClass: '--class',
  meterKind: '--meter',
  wantedDate: '--date',
};

async function disconnectionStart(args: string[], io: CliIo): Promise<void> {
  const cmd = 'disconnection start';
  const { values, positionals } = parseOptions(cmd, args, {
    request: { type: 'string' },
    'metering-point': { type: 'string' },
    customer: { type: 'string' },
    role: { type: 'string' },
    owner: { type: 'string' },
    consent: { type: 'string' },
    class: { type: 'string' },
    meter: { type: 'string' },
    date: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(DISCONNECTION_USAGE);
  noPositionals(cmd, positionals);
  const flags: Array<[keyof typeof values, string]> = [
    ['request', 'requestId'],
    ['metering-point', 'meteringPointId'],
    ['customer', 'customerId'],
    ['role', 'requesterRole'],
    ['owner', 'ownerId'],
    ['consent', 'ownerConsentId'],
    ['class', 'customerClass'],
    ['meter', 'meterKind'],
    ['date', 'wantedDate'],
  ];
  const input = values.json !== undefined ? readJsonFile(cmd, values.json) : Object.fromEntries(flags.filter(([f]) => values[f] !== undefined).map(([f, field]) => [field, values[f]]));
  const parsed = startRequestedDisconnectionBodySchema.safeParse(input, { errorMap: safeErrorMap });
  if (!parsed.success) throw issuesLine(cmd, fieldIssues('body', parsed.error), values.json !== undefined ? (p) => p : (p) => DISCONNECTION_START_FLAGS[p] ?? p);
  await withClient(cmd, async (client, config) => {
    const result = await startRequestedDisconnection(client, parsed.data, { taskQueue: config.taskQueue });
    io.out(startLine(result));
    if (result.status === 'refused') throw new CliError(`${cmd}: refused: ${result.reason}`, 1);
  });
}

// ---------------------------------------------------------------------------------------------
// show

function causeText(cause: TimelineEntry['cause']): string {
  if (cause.type === 'start') return 'start';
  if (cause.type === 'timer') return `timer (${cause.date})`;
  return `${cause.eventType} ${cause.messageId}${cause.actor ? ` by ${cause.actor}` : ''}`;
}

function nextText(next: { step: string; date?: string; waitingFor?: string } | undefined, closed: boolean): string {
  if (!next) return closed ? '(closed)' : '(none)';
  return [next.step, next.date ? `on ${next.date}` : '', next.waitingFor ? `waiting for ${next.waitingFor}` : ''].filter(Boolean).join(' ');
}

/** The case as text: its head, then the timeline with cause and legal basis. */
export function showText(read: OtherCaseRead): string {
  const head: string[][] = [];
  const v = read.view as OwnerLiabilityView | RequestedDisconnectionView;
  head.push(['stage', `${v.stage}${v.needsAttention ? '   ** needs attention **' : ''}`]);
  if (read.kind === 'owner-liability') {
    const o = read.view;
    head.push(['owner', `${o.ownerId} (${o.ownerClass}), metering point ${o.meteringPointId}${o.meterKind ? `, ${o.meterKind} meter` : ''}`]);
    head.push(['terminated agreement', `${o.terminatedAgreementId}, last day ${o.agreementEnd}`]);
    if (o.deadline) head.push(["owner's deadline", `${o.deadline.date} — ${o.deadline.basis}`]);
    if (o.boundFrom) head.push(['bound from', `${o.boundFrom.date} — ${o.boundFrom.basis}`]);
    if (o.earliestDisconnection) {
      head.push(['earliest disconnection', `if asked by ${o.earliestDisconnection.askBy}: cut-off ${o.earliestDisconnection.cutoff.date}, the grid by ${o.earliestDisconnection.windowDeadline.date}`]);
      head.push(['  payment', o.earliestDisconnection.payment]);
    }
    if (o.contactAttempts.length > 0) head.push(['contact attempts', o.contactAttempts.map((a) => `${a.date} ${a.channel}`).join('; ')]);
    if (o.unreachable) head.push(['  unreachable', `${o.unreachable.met ? 'yes' : 'not yet'} — ${o.unreachable.basis}`]);
    if (o.binding) head.push(['bound', `${o.binding.bound ? `yes, from ${o.binding.from}` : 'no'} — ${o.binding.basis}`]);
  } else {
    const r = read.view;
    head.push(['requester', `${r.requesterRole} (customer ${r.customerId}${r.ownerId ? `, owner ${r.ownerId}` : ''}${r.ownerConsentId ? `, consent ${r.ownerConsentId}` : ''}), ${r.customerClass}, metering point ${r.meteringPointId}`]);
    head.push(['wanted', r.wantedDate]);
    if (r.cutoff) head.push(['cut-off', `${r.cutoff.date} — ${r.cutoff.moved ?? r.cutoff.basis}`]);
    if (r.sendOn) head.push(['request sent', `${r.sendOn.date} — ${r.sendOn.basis}`]);
    if (r.reopening) head.push(['reopening', `${r.reopening.status}, expected ${r.reopening.expected.date} ${r.reopening.expected.from}–${r.reopening.expected.to}`]);
  }
  if (v.request) {
    head.push(['DataHub request', `end of supply flagged ${v.request.flag}, ${v.request.status}, sent ${v.request.sentDate}, message ${v.request.messageId}`]);
    head.push(['  cut-off', `${v.request.cutoff} — ${v.request.cutoffBasis}`]);
    head.push(['  window deadline', `${v.request.windowDeadline} — ${v.request.windowDeadlineBasis}`]);
    // Release 0.6.9: the D12/D13 as RSM-020 in the end-of-supply process, once DataHub confirms it.
    if (v.request.circumstancesPending?.length) head.push(['  RSM-020', `${v.request.flag} to follow once DataHub confirms the end of supply`]);
    for (const c of v.request.circumstancesSent ?? []) head.push(['  RSM-020', `${c.serviceType} ${c.status}${c.code ? ` (${c.code})` : ''}, message ${c.messageId}`]);
  }
  if (v.disconnected) head.push(['disconnected', v.disconnected.date]);
  head.push(['next', nextText(v.next, Boolean(v.closed))]);
  if (v.closed) head.push(['closed', `${v.closed.reason} at ${at(v.closed.at)}`]);
  head.push(['settings', v.settings?.versionId ?? '(not yet snapshotted)']);
  const rows: string[][] = [['  when', 'what', 'cause', 'legal basis']];
  for (const t of v.timeline) rows.push([`  ${at(t.at)}`, t.what, causeText(t.cause), t.basis ?? '']);
  return [`${read.workflowId}  (${read.kind}, case id ${v.caseId}; workflow ${read.status.toLowerCase()})`, table(head, '  '), '', 'timeline (UTC)', table(rows)].join('\n');
}

async function show(kind: OtherCaseKind, args: string[], io: CliIo): Promise<void> {
  const cmd = `${kind === 'owner-liability' ? 'owner' : 'disconnection'} show`;
  const { values, positionals } = parseOptions(cmd, args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(kind === 'owner-liability' ? OWNER_USAGE : DISCONNECTION_USAGE);
  const id = idArg(cmd, kind, positionals);
  await withClient(cmd, async (client) => {
    let read: OtherCaseRead;
    try {
      read = await readOtherCase(client, id, kind);
    } catch (err) {
      if ((err as Error).name === 'WorkflowNotFoundError') throw new CliError(`${cmd}: no case ${id}`, 1);
      throw err;
    }
    io.out(values.json ? JSON.stringify(otherCaseDocument(read)) : showText(read));
  });
}

function idArg(cmd: string, kind: OtherCaseKind, positionals: string[]): string {
  const shape = kind === 'owner-liability' ? 'owner-<GSRN>-<ownerId>' : 'disconnect-<GSRN>-<requestId>';
  if (positionals.length !== 1) throw new CliError(`${cmd}: give one case id (${shape})`);
  const id = positionals[0]!;
  if (!(kind === 'owner-liability' ? OWNER_CASE_ID_PATTERN : DISCONNECT_CASE_ID_PATTERN).test(id)) throw new CliError(`${cmd}: not a case id (expected ${shape})`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// event

const EVENT_FIELDS = {
  'signed-by': 'signedBy',
  'agreement-id': 'agreementId',
  'effective-from': 'effectiveFrom',
  date: 'date',
  channel: 'channel',
  note: 'note',
  reason: 'reason',
  'process-id': 'processId',
  code: 'code',
  text: 'text',
  'meter-reading-kwh': 'meterReading',
  'effective-date': 'effectiveDate',
  'expected-at': 'expectedAt',
  ref: 'ref',
  'planned-cutoff': 'plannedCutoff',
} as const;
const flagOfEventPath = eventFlagOf(EVENT_FIELDS);

async function event(kind: OtherCaseKind, args: string[], io: CliIo): Promise<void> {
  const cmd = `${kind === 'owner-liability' ? 'owner' : 'disconnection'} event`;
  const options = {
    type: { type: 'string' },
    'message-id': { type: 'string' },
    actor: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(Object.keys(EVENT_FIELDS).map((flag) => [flag, { type: 'string' }])),
  } as const;
  const { values, positionals } = parseOptions(cmd, args, options as Record<string, { type: 'string' | 'boolean'; short?: string }>, true);
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) return io.out(kind === 'owner-liability' ? OWNER_USAGE : DISCONNECTION_USAGE);
  const id = idArg(cmd, kind, positionals);
  const input: Record<string, unknown> = {};
  if (typeof v.type === 'string') input.type = v.type;
  if (typeof v['message-id'] === 'string') input.messageId = v['message-id'];
  for (const [flag, field] of Object.entries(EVENT_FIELDS)) {
    const raw = v[flag];
    if (typeof raw !== 'string') continue;
    input[field] = flag === 'meter-reading-kwh' ? { value: /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw, unit: 'kWh' } : raw;
  }
  if (input.type === undefined) throw new CliError(`${cmd}: --type is required`);
  const schema = kind === 'owner-liability' ? ownerLiabilityEventSchema : requestedDisconnectionEventSchema;
  const parsed = schema.safeParse(input, { errorMap: safeErrorMap });
  if (!parsed.success) throw issuesLine(cmd, fieldIssues('body', parsed.error), flagOfEventPath);
  const type = String(parsed.data.type);
  const actor = actorOption(cmd, typeof v.actor === 'string' ? v.actor : undefined, DATAHUB_TYPES.includes(type) ? 'datahub' : CLI_ACTOR);
  await withClient(cmd, async (client) => {
    const handle = client.workflow.getHandle(id);
    let outcome;
    try {
      outcome =
        kind === 'owner-liability'
          ? await deliverOwnerLiabilityEvent(handle, { ...(parsed.data as object), actor } as OwnerLiabilityEvent)
          : await deliverRequestedDisconnectionEvent(handle, { ...(parsed.data as object), actor } as RequestedDisconnectionEvent);
    } catch (err) {
      if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
      throw await noOpenCase(cmd, handle, id);
    }
    io.out(values.json ? JSON.stringify(outcome) : `${outcome.outcome}: ${outcome.reason ?? ''} (stage ${outcome.stage})`);
    if (outcome.outcome === 'rejected') throw new CliError(`${cmd}: refused by the case: ${outcome.reason ?? 'it does not fit the case now'}`, EXIT.refused);
  });
}

// ---------------------------------------------------------------------------------------------

/** `afbryd owner check-agreement-end [--apply] [--json]` (client/owner-cases.ts). */
async function checkAgreementEnd(args: string[], io: CliIo): Promise<void> {
  const cmd = 'owner check-agreement-end';
  const { values } = parseOptions(cmd, args, { apply: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) return io.out(OWNER_USAGE);
  await withClient(cmd, async (client) => {
    const found = await checkOwnerCasesAgainstAgreementEnd(client, { apply: values.apply === true, actor: CLI_ACTOR });
    if (values.json) return io.out(JSON.stringify(found));
    if (found.length === 0) return io.out('no open owner-liability case plans a disconnection before the day after its agreement ends');
    for (const f of found) {
      io.out(`${f.workflowId}: ${f.plannedIn === 'request' ? 'request' : 'letter'} cut-off ${f.plannedCutoff}, agreement's last day ${f.agreementEnd}${f.outcome ? ` — ${f.outcome}` : ''}`);
    }
    io.out(`${found.length} case(s)${values.apply ? ' flagged (owner-cutoff-before-agreement-end)' : '; run again with --apply to flag them'}`);
  });
}

function dispatcher(
  kind: OtherCaseKind,
  usage: string,
  start: (args: string[], io: CliIo) => Promise<void>,
  extra: Record<string, (args: string[], io: CliIo) => Promise<void>> = {},
) {
  return subcommands(kind === 'owner-liability' ? 'owner' : 'disconnection', usage, {
    start,
    show: (args, io) => show(kind, args, io),
    event: (args, io) => event(kind, args, io),
    ...extra,
  });
}

/** Runs `afbryd owner <subcommand> …` (owner liability, BEK §25). */
export const runOwner = dispatcher('owner-liability', OWNER_USAGE, ownerStart, { 'check-agreement-end': checkAgreementEnd });
/** Runs `afbryd disconnection <subcommand> …` (a requested disconnection, D12). */
export const runDisconnection = dispatcher('requested-disconnection', DISCONNECTION_USAGE, disconnectionStart);

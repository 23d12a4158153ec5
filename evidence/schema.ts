/**
 * The evidence archive's schema, shared by the SQLite and PostgreSQL stores: table and column names,
 * the values a record is written as, and how a row reads back into a record. Each store writes the
 * same three tables with the same columns in its own dialect (`sqlite.ts`, `postgres.ts`):
 *
 * | table | one row per | unique key |
 * |---|---|---|
 * | `evidence_letters` | letter sent, with its PDF document (`pdf`, `pdf_sha256`) | `(workflow_id, letter_id)` |
 * | `evidence_datahub_messages` | DataHub message, outbound or inbound (per case it reached) | `(direction, message_id, workflow_id)`, `workflow_id` `''` when no case |
 * | `evidence_closed_cases` | closing of a case, with its final view | `(workflow_id, closed_at)` |
 * | `evidence_short_messages` | SMS or e-mail sent (issue 15 item 3), the recipient masked | `(workflow_id, message_key)` |
 *
 * Every table has `recorded_at` and `expires_at`; the append-only triggers test `expires_at`.
 * Outbound DataHub messages are also indexed by `transaction_id` ({@link TRANSACTION_INDEX}): the poller
 * finds the case a DataHub answer refers to by it.
 *
 * Beside the evidence, two tables that are not evidence (no retention, no `expires_at`): the master
 * data of metering points ({@link MASTER_DATA_TABLE}, updated in place) and the short case numbers
 * ({@link CASE_NUMBER_TABLE}: `case_number` and `case_id` each unique; never updated).
 */
import { createHash, randomInt } from 'node:crypto';
import { isCaseNumber, newCaseNumber } from './case-number.js';
import {
  isoInstant,
  type ArchivedCase,
  type ClosedCaseEvidence,
  type DataHubEvidence,
  type DataHubOutcome,
  type LetterEvidence,
  type CaseNumberRecord,
  type MasterDataInput,
  type MasterDataRecord,
  type NewClosedCaseEvidence,
  type NewDataHubEvidence,
  type NewLetterEvidence,
  type NewShortMessageEvidence,
  type RecordTimes,
  type ShortMessageEvidence,
  type TransactionSender,
} from './store.js';

/** The four tables, in the order `readCase` and the purge visit them. */
export const TABLES = ['evidence_letters', 'evidence_datahub_messages', 'evidence_closed_cases', 'evidence_short_messages'] as const;
export type EvidenceTable = (typeof TABLES)[number];

/** A column value as bound to a statement: JSON columns as their JSON text, times as ISO instants, a document as bytes. */
export type Cell = string | Uint8Array | null;

/**
 * Columns of `evidence_letters`, in insert order. `pdf` (the document's bytes) and `pdf_sha256` came
 * with release 0.6.1 (#15 item 14): both stores add them to an older table when they open it, and
 * rows from before have neither.
 */
export const LETTER_COLUMNS = [
  'workflow_id', 'run_id', 'case_id', 'letter_id', 'idempotency_key', 'kind', 'channel', 'subject', 'body', 'content_hash',
  'sent_at', 'sent_date', 'received_date', 'receipt_basis', 'delivery_id', 'fallback', 'occurred_at', 'recorded_at', 'expires_at',
  'pdf', 'pdf_sha256',
] as const;

/** What `readCase` selects of `evidence_letters`: every column but the document's bytes (`readLetterPdf` reads those). */
export const LETTER_LIST_COLUMNS = ['id', ...LETTER_COLUMNS.filter((c) => c !== 'pdf')].join(', ');

/** Columns of `evidence_datahub_messages`, in insert order. */
export const DATAHUB_COLUMNS = [
  'direction', 'workflow_id', 'run_id', 'case_id', 'idempotency_key', 'message_id', 'transaction_id', 'document_type', 'document',
  'status', 'code', 'message', 'process_id', 'reasons', 'occurred_at', 'recorded_at', 'expires_at',
] as const;

/** Columns of `evidence_closed_cases`, in insert order. */
export const CLOSED_CASE_COLUMNS = ['workflow_id', 'run_id', 'case_id', 'reason', 'closed_at', 'view', 'recorded_at', 'expires_at'] as const;

/** Columns of `evidence_short_messages` (issue 15 item 3), in insert order. */
export const SHORT_MESSAGE_COLUMNS = [
  'workflow_id', 'run_id', 'case_id', 'message_key', 'kind', 'channel', 'recipient_masked', 'subject', 'text', 'content_hash',
  'sent_at', 'sent_date', 'delivery_id', 'occurred_at', 'recorded_at', 'expires_at',
] as const;

/** The JSON columns (PostgreSQL type `json`, which keeps the text as written; SQLite `TEXT`). */
export const JSON_COLUMNS = new Set(['fallback', 'document', 'reasons', 'view']);
/** The instant columns (PostgreSQL `timestamptz`; SQLite `TEXT`, ISO instants in UTC with milliseconds). */
export const TIME_COLUMNS = new Set(['occurred_at', 'recorded_at', 'expires_at', 'closed_at']);

const json = (value: unknown): Cell => (value === undefined ? null : JSON.stringify(value));
const opt = (value: string | undefined): Cell => (value === undefined ? null : value);

/** A letter record as column values. */
export function letterRow(e: NewLetterEvidence, times: RecordTimes): Cell[] {
  return [
    e.workflowId, opt(e.runId), e.caseId, e.letterId, e.idempotencyKey, e.kind, e.channel, e.subject, e.body, e.contentHash,
    e.sentAt, e.sentDate, e.receivedDate, e.receiptBasis, e.deliveryId, json(e.fallback), isoInstant(e.sentAt, 'sentAt'),
    times.recordedAt, times.expiresAt,
    e.pdf ?? null, e.pdf ? createHash('sha256').update(e.pdf).digest('hex') : null,
  ];
}

/** A DataHub record as column values (`workflow_id` `''` for an inbound message that reached no case). */
export function dataHubRow(e: NewDataHubEvidence, times: RecordTimes): Cell[] {
  const o = e.outcome as { status: string; code?: string; message?: string; processId?: string; reasons?: string[] };
  return [
    e.direction, e.workflowId ?? '', opt(e.runId), opt(e.caseId), opt(e.idempotencyKey), e.messageId, opt(e.transactionId), e.documentType,
    JSON.stringify(e.document), o.status, opt(o.code), opt(o.message), opt(o.processId), json(o.reasons),
    isoInstant(e.occurredAt, 'occurredAt'), times.recordedAt, times.expiresAt,
  ];
}

/** A short-message record as column values. */
export function shortMessageRow(e: NewShortMessageEvidence, times: RecordTimes): Cell[] {
  return [
    e.workflowId, opt(e.runId), e.caseId, e.messageKey, e.kind, e.channel, e.recipientMasked, e.subject, e.text, e.contentHash,
    e.sentAt, e.sentDate, e.deliveryId, isoInstant(e.sentAt, 'sentAt'), times.recordedAt, times.expiresAt,
  ];
}

/** A closed-case record as column values. */
export function closedCaseRow(e: NewClosedCaseEvidence, times: RecordTimes): Cell[] {
  return [e.workflowId, opt(e.runId), e.caseId, e.reason, isoInstant(e.closedAt, 'closedAt'), JSON.stringify(e.view), times.recordedAt, times.expiresAt];
}

/** The index `findTransactionSenders` reads by (both databases). */
export const TRANSACTION_INDEX = 'evidence_datahub_messages_transaction';

/**
 * `findTransactionSenders`'s query: the distinct workflow runs that sent an outbound message with the
 * transaction id (bound to `param`: `?` in SQLite, `$1` in PostgreSQL), the first sender first.
 */
export function transactionSendersSql(param: string): string {
  return `SELECT workflow_id, run_id, case_id, MIN(occurred_at) AS first_at, MIN(id) AS first_id
            FROM evidence_datahub_messages
           WHERE transaction_id = ${param} AND direction = 'outbound'
           GROUP BY workflow_id, run_id, case_id
           ORDER BY first_at, first_id`;
}

/**
 * `findMessageSenders`'s query: the distinct workflow runs that sent an outbound message with the
 * message id (an RSM-009 acknowledgement refers to the received message's `mRID`), the first first.
 * Served by the unique index `(direction, message_id, workflow_id)`.
 */
export function messageSendersSql(param: string): string {
  return `SELECT workflow_id, run_id, case_id, MIN(occurred_at) AS first_at, MIN(id) AS first_id
            FROM evidence_datahub_messages
           WHERE direction = 'outbound' AND message_id = ${param}
           GROUP BY workflow_id, run_id, case_id
           ORDER BY first_at, first_id`;
}

/** `listInboundWithoutCase`'s query: inbound messages that reached no case (kept for an operator), newest first. */
export function inboundWithoutCaseSql(limitParam: string): string {
  return `SELECT * FROM evidence_datahub_messages
           WHERE direction = 'inbound' AND workflow_id = ''
           ORDER BY occurred_at DESC, id DESC
           LIMIT ${limitParam}`;
}

/** A row of {@link transactionSendersSql} as a sender. */
export function transactionSenderFromRow(row: Record<string, unknown>): TransactionSender {
  const runId = optStr(row.run_id);
  const caseId = optStr(row.case_id);
  return { workflowId: str(row.workflow_id), ...(runId !== undefined ? { runId } : {}), ...(caseId !== undefined ? { caseId } : {}) };
}

/** How a dialect hands back JSON and time columns. */
export interface RowDecoder {
  json(value: unknown): unknown;
  time(value: unknown): string;
}

type Row = Record<string, unknown>;
const str = (value: unknown): string => String(value);
const optStr = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));

/** A row of `evidence_letters` as a record. */
export function letterFromRow(row: Row, d: RowDecoder): LetterEvidence {
  const fallback = row.fallback === null || row.fallback === undefined ? undefined : (d.json(row.fallback) as LetterEvidence['fallback']);
  const runId = optStr(row.run_id);
  return {
    workflowId: str(row.workflow_id),
    ...(runId !== undefined ? { runId } : {}),
    caseId: str(row.case_id),
    letterId: str(row.letter_id),
    idempotencyKey: str(row.idempotency_key),
    kind: str(row.kind),
    channel: str(row.channel) as LetterEvidence['channel'],
    subject: str(row.subject),
    body: str(row.body),
    contentHash: str(row.content_hash),
    sentAt: str(row.sent_at),
    sentDate: str(row.sent_date),
    receivedDate: str(row.received_date),
    receiptBasis: str(row.receipt_basis),
    deliveryId: str(row.delivery_id),
    ...(fallback ? { fallback } : {}),
    ...(optStr(row.pdf_sha256) !== undefined ? { pdfSha256: str(row.pdf_sha256) } : {}),
    recordedAt: d.time(row.recorded_at),
    expiresAt: d.time(row.expires_at),
  };
}

/** A row of `evidence_datahub_messages` as a record. */
export function dataHubFromRow(row: Row, d: RowDecoder): DataHubEvidence {
  const status = str(row.status);
  let outcome: DataHubOutcome;
  if (status === 'rejected') outcome = { status, code: str(row.code), message: str(row.message) };
  else if (status === 'accepted' || status === 'duplicate') {
    const processId = optStr(row.process_id);
    outcome = { status, ...(processId !== undefined ? { processId } : {}) };
  } else {
    const reasons = row.reasons === null || row.reasons === undefined ? undefined : (d.json(row.reasons) as string[]);
    outcome = { status: status as 'delivered' | 'already-delivered' | 'kept' | 'partly-kept', ...(reasons ? { reasons } : {}) };
  }
  const optional = {
    workflowId: str(row.workflow_id) || undefined,
    runId: optStr(row.run_id),
    caseId: optStr(row.case_id),
    idempotencyKey: optStr(row.idempotency_key),
    transactionId: optStr(row.transaction_id),
  };
  return {
    direction: str(row.direction) as DataHubEvidence['direction'],
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<typeof optional>),
    messageId: str(row.message_id),
    documentType: str(row.document_type),
    document: d.json(row.document),
    outcome,
    occurredAt: d.time(row.occurred_at),
    recordedAt: d.time(row.recorded_at),
    expiresAt: d.time(row.expires_at),
  };
}

/** A row of `evidence_closed_cases` as a record. */
export function closedCaseFromRow(row: Row, d: RowDecoder): ClosedCaseEvidence {
  const runId = optStr(row.run_id);
  return {
    workflowId: str(row.workflow_id),
    ...(runId !== undefined ? { runId } : {}),
    caseId: str(row.case_id),
    reason: str(row.reason),
    closedAt: d.time(row.closed_at),
    view: d.json(row.view),
    recordedAt: d.time(row.recorded_at),
    expiresAt: d.time(row.expires_at),
  };
}

/** A row of `evidence_short_messages` as a record. */
export function shortMessageFromRow(row: Row, d: RowDecoder): ShortMessageEvidence {
  const runId = optStr(row.run_id);
  return {
    workflowId: str(row.workflow_id),
    ...(runId !== undefined ? { runId } : {}),
    caseId: str(row.case_id),
    messageKey: str(row.message_key),
    kind: str(row.kind),
    channel: str(row.channel) as ShortMessageEvidence['channel'],
    recipientMasked: str(row.recipient_masked),
    subject: str(row.subject),
    text: str(row.text),
    contentHash: str(row.content_hash),
    sentAt: str(row.sent_at),
    sentDate: str(row.sent_date),
    deliveryId: str(row.delivery_id),
    recordedAt: d.time(row.recorded_at),
    expiresAt: d.time(row.expires_at),
  };
}

/**
 * Assembles {@link ArchivedCase} from the rows of one workflow id (each list oldest first), or
 * `undefined` when there are none.
 */
export function assembleCase(
  workflowId: string,
  letters: LetterEvidence[],
  messages: DataHubEvidence[],
  closings: ClosedCaseEvidence[],
  shortMessages: ShortMessageEvidence[] = [],
): ArchivedCase | undefined {
  if (letters.length === 0 && messages.length === 0 && closings.length === 0 && shortMessages.length === 0) return undefined;
  const last = closings[closings.length - 1];
  const caseId = last?.caseId ?? letters[0]?.caseId ?? messages.find((m) => m.caseId)?.caseId ?? '';
  return {
    workflowId,
    caseId,
    ...(last
      ? {
          closed: {
            at: last.closedAt,
            reason: last.reason,
            view: last.view,
            ...(last.runId !== undefined ? { runId: last.runId } : {}),
            recordedAt: last.recordedAt,
            expiresAt: last.expiresAt,
          },
        }
      : {}),
    letters,
    messages,
    ...(shortMessages.length > 0 ? { shortMessages } : {}),
  };
}

/**
 * The master-data table (issue 16 item 8): one row per metering point, **updated** (not evidence: no
 * append-only triggers, no retention). A newer `valid_from` wins; the same one replaces.
 */
export const MASTER_DATA_TABLE = 'master_data_metering_points';

/** Columns of {@link MASTER_DATA_TABLE}, in insert order. */
export const MASTER_DATA_COLUMNS = [
  'metering_point_id', 'grid_company_gln', 'hourly_settled', 'disconnection_method', 'grid_area', 'valid_from', 'source', 'source_ref', 'updated_at',
] as const;

/**
 * The upsert (both dialects): `param(i)` gives the i-th placeholder (1-based, with its cast), so SQLite
 * uses `?` and PostgreSQL `$i::type`.
 */
export function masterDataUpsertSql(param: (i: number, column: string) => string): string {
  const cols = MASTER_DATA_COLUMNS;
  const values = cols.map((c, i) => param(i + 1, c)).join(', ');
  const set = cols.filter((c) => c !== 'metering_point_id').map((c) => `${c} = excluded.${c}`).join(', ');
  return `INSERT INTO ${MASTER_DATA_TABLE} (${cols.join(', ')}) VALUES (${values})
          ON CONFLICT (metering_point_id) DO UPDATE SET ${set}
          WHERE ${MASTER_DATA_TABLE}.valid_from <= excluded.valid_from`;
}

/** A master-data record as column values (`hourly_settled` as 0/1 text-free integer in both: bound as a number). */
export function masterDataRow(m: MasterDataInput, updatedAt: string): (string | number | null)[] {
  return [
    m.meteringPointId, m.gridCompanyGln, m.hourlySettled ? 1 : 0, m.disconnectionMethod ?? null, m.gridArea ?? null,
    isoInstant(m.validFrom, 'validFrom'), m.source, m.sourceRef ?? null, updatedAt,
  ];
}

/** A row of {@link MASTER_DATA_TABLE} as a record. */
export function masterDataFromRow(row: Row, d: RowDecoder): MasterDataRecord {
  const method = optStr(row.disconnection_method);
  const area = optStr(row.grid_area);
  const ref = optStr(row.source_ref);
  return {
    meteringPointId: str(row.metering_point_id),
    gridCompanyGln: str(row.grid_company_gln),
    hourlySettled: Number(row.hourly_settled) === 1,
    ...(method === 'remote' || method === 'physical' ? { disconnectionMethod: method } : {}),
    ...(area !== undefined ? { gridArea: area } : {}),
    validFrom: d.time(row.valid_from),
    source: str(row.source) as MasterDataRecord['source'],
    ...(ref !== undefined ? { sourceRef: ref } : {}),
    updatedAt: d.time(row.updated_at),
  };
}

/**
 * The case numbers (issue 15 item 13): one row per case id, never updated (a trigger refuses it) and
 * never purged by retention. Both columns are unique: a case has one number, a number one case.
 */
export const CASE_NUMBER_TABLE = 'case_numbers';

/** Columns of {@link CASE_NUMBER_TABLE}, in insert order. */
export const CASE_NUMBER_COLUMNS = ['case_number', 'case_id', 'workflow_id', 'allocated_at'] as const;

/** A row of {@link CASE_NUMBER_TABLE} as a record. */
export function caseNumberFromRow(row: Row, d: RowDecoder): CaseNumberRecord {
  return { caseNumber: str(row.case_number), caseId: str(row.case_id), workflowId: str(row.workflow_id), allocatedAt: d.time(row.allocated_at) };
}

/** The default draw: seven random characters and the check character (`node:crypto`). */
export const drawCaseNumber = (): string => newCaseNumber((max) => randomInt(max));

/** How many numbers an allocation draws before it gives up (each taken one is drawn again; at 1 % taken, 20 fail once in 10^40). */
export const CASE_NUMBER_ATTEMPTS = 20;

/**
 * Allocates a case id's number, the same way on both databases: read it; else insert a drawn number
 * with `ON CONFLICT DO NOTHING` (on either unique column) and read again — the row read is ours, or
 * that of a process that allocated for the same case id at the same moment (the race is settled by
 * the unique `case_id`); no row means the number was another case's, so draw again.
 */
export async function allocateCaseNumberWith(
  db: { read(caseId: string): Promise<string | undefined>; insert(caseNumber: string): Promise<void> },
  caseId: string,
  draw: () => string,
): Promise<string> {
  const known = await db.read(caseId);
  if (known !== undefined) return known;
  for (let attempt = 0; attempt < CASE_NUMBER_ATTEMPTS; attempt++) {
    const candidate = draw();
    if (!isCaseNumber(candidate)) throw new Error(`the case-number draw gave a malformed number (${candidate.length} characters)`);
    await db.insert(candidate);
    const stored = await db.read(caseId);
    if (stored !== undefined) return stored;
  }
  throw new Error(`no free case number after ${CASE_NUMBER_ATTEMPTS} draws`);
}

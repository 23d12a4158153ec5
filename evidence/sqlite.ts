/**
 * The evidence archive on SQLite (`@libsql/client`): the embedded default, one file
 * (`file:.afbryd/evidence.sqlite`), `:memory:` for tests and the simulated parties, or a libSQL server
 * (`libsql://…`).
 *
 * The schema is created on open (`CREATE … IF NOT EXISTS`, in one write transaction, so several
 * processes may open the same file at once; WAL and a 5 s busy timeout let the worker, the poller and
 * the API share it). Append-only is enforced by triggers in the database itself:
 * - `BEFORE UPDATE`: always `RAISE(ABORT)`;
 * - `BEFORE DELETE … WHEN OLD.expires_at > now` (SQLite's own clock, UTC): `RAISE(ABORT)`;
 * - `BEFORE INSERT … WHEN` a row with the same unique key exists: `RAISE(IGNORE)` — the idempotent
 *   duplicate, and it closes the one way around the DELETE trigger, `INSERT OR REPLACE` (whose
 *   implicit delete fires no trigger).
 * Times are stored as ISO instants in UTC with milliseconds, which order lexically.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client, type InStatement } from '@libsql/client';
import {
  CLOSED_CASE_COLUMNS,
  DATAHUB_COLUMNS,
  LETTER_COLUMNS,
  LETTER_LIST_COLUMNS,
  SHORT_MESSAGE_COLUMNS,
  TABLES,
  TRANSACTION_INDEX,
  assembleCase,
  closedCaseFromRow,
  closedCaseRow,
  dataHubFromRow,
  dataHubRow,
  letterFromRow,
  letterRow,
  shortMessageFromRow,
  shortMessageRow,
  transactionSenderFromRow,
  transactionSendersSql,
  messageSendersSql,
  inboundWithoutCaseSql,
  MASTER_DATA_TABLE,
  masterDataFromRow,
  masterDataRow,
  masterDataUpsertSql,
  CASE_NUMBER_COLUMNS,
  CASE_NUMBER_TABLE,
  allocateCaseNumberWith,
  caseNumberFromRow,
  drawCaseNumber,
  type Cell,
  type RowDecoder,
} from './schema.js';
import {
  DEFAULT_RETENTION_YEARS,
  checkClosedCase,
  checkDataHubMessage,
  checkLetter,
  checkCaseNumberRequest,
  checkMasterData,
  checkRetentionYears,
  checkShortMessage,
  recordTimes,
  type ArchivedCase,
  type CaseNumberRecord,
  type EvidenceStore,
  type EvidenceStoreOptions,
  type NewClosedCaseEvidence,
  type NewDataHubEvidence,
  type DataHubEvidence,
  type NewLetterEvidence,
  type NewShortMessageEvidence,
  type MasterDataInput,
  type MasterDataRecord,
  type RecordResult,
  type TransactionSender,
} from './store.js';

/** SQLite's clock as the ISO instant the rows carry. */
const SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/** Unique key of each table (also the condition of its insert-once trigger). */
const UNIQUE: Record<(typeof TABLES)[number], readonly string[]> = {
  evidence_letters: ['workflow_id', 'letter_id'],
  evidence_datahub_messages: ['direction', 'message_id', 'workflow_id'],
  evidence_closed_cases: ['workflow_id', 'closed_at'],
  evidence_short_messages: ['workflow_id', 'message_key'],
};

function triggers(table: (typeof TABLES)[number]): string[] {
  const same = UNIQUE[table].map((c) => `${c} = NEW.${c}`).join(' AND ');
  return [
    `CREATE TRIGGER IF NOT EXISTS ${table}_no_update BEFORE UPDATE ON ${table}
       BEGIN SELECT RAISE(ABORT, 'evidence is append-only: UPDATE of ${table} refused'); END`,
    `CREATE TRIGGER IF NOT EXISTS ${table}_no_early_delete BEFORE DELETE ON ${table}
       WHEN OLD.expires_at > ${SQLITE_NOW}
       BEGIN SELECT RAISE(ABORT, 'evidence is append-only: DELETE of ${table} before its expires_at refused'); END`,
    `CREATE TRIGGER IF NOT EXISTS ${table}_insert_once BEFORE INSERT ON ${table}
       WHEN EXISTS (SELECT 1 FROM ${table} WHERE ${same})
       BEGIN SELECT RAISE(IGNORE); END`,
  ];
}

/** The schema: four tables, their indexes and triggers (and the master data). Idempotent. */
export const SQLITE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS evidence_letters (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workflow_id TEXT NOT NULL CHECK (workflow_id <> ''),
     run_id TEXT,
     case_id TEXT NOT NULL,
     letter_id TEXT NOT NULL,
     idempotency_key TEXT NOT NULL,
     kind TEXT NOT NULL,
     channel TEXT NOT NULL CHECK (channel IN ('digital', 'letter')),
     subject TEXT NOT NULL,
     body TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     sent_at TEXT NOT NULL,
     sent_date TEXT NOT NULL,
     received_date TEXT NOT NULL,
     receipt_basis TEXT NOT NULL,
     delivery_id TEXT NOT NULL,
     fallback TEXT,
     occurred_at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     expires_at TEXT NOT NULL CHECK (expires_at > recorded_at),
     pdf BLOB,
     pdf_sha256 TEXT,
     UNIQUE (workflow_id, letter_id)
   )`,
  `CREATE TABLE IF NOT EXISTS evidence_datahub_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
     workflow_id TEXT NOT NULL DEFAULT '' CHECK (direction = 'inbound' OR workflow_id <> ''),
     run_id TEXT,
     case_id TEXT,
     idempotency_key TEXT,
     message_id TEXT NOT NULL,
     transaction_id TEXT,
     document_type TEXT NOT NULL,
     document TEXT NOT NULL,
     status TEXT NOT NULL,
     code TEXT,
     message TEXT,
     process_id TEXT,
     reasons TEXT,
     occurred_at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     expires_at TEXT NOT NULL CHECK (expires_at > recorded_at),
     UNIQUE (direction, message_id, workflow_id)
   )`,
  `CREATE TABLE IF NOT EXISTS evidence_closed_cases (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workflow_id TEXT NOT NULL CHECK (workflow_id <> ''),
     run_id TEXT,
     case_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     closed_at TEXT NOT NULL,
     view TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     expires_at TEXT NOT NULL CHECK (expires_at > recorded_at),
     UNIQUE (workflow_id, closed_at)
   )`,
  `CREATE TABLE IF NOT EXISTS evidence_short_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workflow_id TEXT NOT NULL CHECK (workflow_id <> ''),
     run_id TEXT,
     case_id TEXT NOT NULL,
     message_key TEXT NOT NULL,
     kind TEXT NOT NULL,
     channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
     recipient_masked TEXT NOT NULL,
     subject TEXT NOT NULL,
     text TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     sent_at TEXT NOT NULL,
     sent_date TEXT NOT NULL,
     delivery_id TEXT NOT NULL,
     occurred_at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     expires_at TEXT NOT NULL CHECK (expires_at > recorded_at),
     UNIQUE (workflow_id, message_key)
   )`,
  'CREATE INDEX IF NOT EXISTS evidence_datahub_messages_workflow ON evidence_datahub_messages (workflow_id, occurred_at)',
  `CREATE INDEX IF NOT EXISTS ${TRANSACTION_INDEX} ON evidence_datahub_messages (transaction_id) WHERE transaction_id IS NOT NULL`,
  ...TABLES.map((t) => `CREATE INDEX IF NOT EXISTS ${t}_expires ON ${t} (expires_at)`),
  ...TABLES.flatMap(triggers),
  // Master data (issue 16 item 8): updated in place, so no append-only triggers and no retention.
  `CREATE TABLE IF NOT EXISTS ${MASTER_DATA_TABLE} (
     metering_point_id TEXT PRIMARY KEY,
     grid_company_gln TEXT NOT NULL,
     hourly_settled INTEGER NOT NULL CHECK (hourly_settled IN (0, 1)),
     disconnection_method TEXT CHECK (disconnection_method IN ('remote', 'physical')),
     grid_area TEXT,
     valid_from TEXT NOT NULL,
     source TEXT NOT NULL,
     source_ref TEXT,
     updated_at TEXT NOT NULL
   )`,
  // Case numbers (issue 15 item 13): one per case id, one case id per number, never rewritten.
  `CREATE TABLE IF NOT EXISTS ${CASE_NUMBER_TABLE} (
     case_number TEXT PRIMARY KEY CHECK (length(case_number) = 9),
     case_id TEXT NOT NULL UNIQUE CHECK (case_id <> ''),
     workflow_id TEXT NOT NULL CHECK (workflow_id <> ''),
     allocated_at TEXT NOT NULL
   )`,
  `CREATE TRIGGER IF NOT EXISTS ${CASE_NUMBER_TABLE}_no_update BEFORE UPDATE ON ${CASE_NUMBER_TABLE}
     BEGIN SELECT RAISE(ABORT, 'a case number is never changed: UPDATE of ${CASE_NUMBER_TABLE} refused'); END`,
];

const decoder: RowDecoder = {
  json: (value) => JSON.parse(String(value)),
  time: (value) => String(value),
};

/** The columns release 0.6.1 added to `evidence_letters`, with their types (added to an older table on open). */
const LETTER_PDF_COLUMNS = { pdf: 'BLOB', pdf_sha256: 'TEXT' } as const;

function insert(table: string, columns: readonly string[], args: Cell[]): InStatement {
  return { sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`, args };
}

/**
 * The path of a `file:` URL (`file:rel/path`, `file:/abs`, `file:///abs`), or `undefined` for
 * `:memory:` and remote URLs.
 */
export function sqliteFilePath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  let rest = url.slice('file:'.length).replace(/[?#].*$/, '');
  if (rest.startsWith('//')) rest = rest.slice(2).replace(/^[^/]*/, '');
  const path = decodeURIComponent(rest);
  return path === '' || path === ':memory:' ? undefined : path;
}

/** Options of {@link SqliteEvidenceStore}. */
export interface SqliteEvidenceStoreOptions extends EvidenceStoreOptions {
  /** `file:path/to/evidence.sqlite` (its folder is created), `:memory:`, or `libsql://host?authToken=…`. */
  url: string;
}

/**
 * The SQLite evidence store. The constructor returns at once and creates the schema in the
 * background (every call waits for it), so the synchronous `createSimulatedDeps` can build one;
 * {@link SqliteEvidenceStore.open} waits for it and fails fast.
 */
export class SqliteEvidenceStore implements EvidenceStore {
  readonly retentionYears: number;
  private readonly client: Client;
  private readonly now: () => Date;
  private readonly draw: () => string;
  private readonly ready: Promise<void>;
  private closed = false;

  constructor(options: SqliteEvidenceStoreOptions) {
    this.retentionYears = checkRetentionYears(options.retentionYears ?? DEFAULT_RETENTION_YEARS);
    this.now = options.now ?? (() => new Date());
    this.draw = options.drawCaseNumber ?? drawCaseNumber;
    const path = sqliteFilePath(options.url);
    if (path) mkdirSync(dirname(path), { recursive: true });
    // One connection: the native driver is synchronous, so more would not run anything in parallel.
    this.client = createClient({ url: options.url, concurrency: 1, timeout: 5000 });
    this.ready = this.migrate(path !== undefined);
    this.ready.catch(() => undefined); // reported by the first call (or by open()), not as unhandled
  }

  /** Opens a store and creates its schema. @throws when the database cannot be opened or migrated. */
  static async open(options: SqliteEvidenceStoreOptions): Promise<SqliteEvidenceStore> {
    const store = new SqliteEvidenceStore(options);
    try {
      await store.ready;
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async migrate(file: boolean): Promise<void> {
    if (file) await this.client.execute('PRAGMA journal_mode = WAL');
    await this.client.batch([...SQLITE_SCHEMA], 'write');
    // A table from before release 0.6.1 lacks the PDF columns. SQLite has no ADD COLUMN IF NOT EXISTS:
    // look, and add what is missing; each ALTER is atomic, and another process that added the column
    // first (both opening the file at once) makes ours fail with "duplicate column name", which is fine.
    const info = await this.client.execute('PRAGMA table_info(evidence_letters)');
    const have = new Set(info.rows.map((r) => String(r.name)));
    for (const [column, type] of Object.entries(LETTER_PDF_COLUMNS)) {
      if (have.has(column)) continue;
      try {
        await this.client.execute(`ALTER TABLE evidence_letters ADD COLUMN ${column} ${type}`);
      } catch (err) {
        if (!/duplicate column name/i.test(String((err as Error).message))) throw err;
      }
    }
  }

  async readLetterPdf(workflowId: string, letterId: string): Promise<Uint8Array | undefined> {
    await this.ready;
    if (typeof workflowId !== 'string' || !workflowId || typeof letterId !== 'string' || !letterId) return undefined;
    const result = await this.client.execute({ sql: 'SELECT pdf FROM evidence_letters WHERE workflow_id = ? AND letter_id = ?', args: [workflowId, letterId] });
    const pdf = result.rows[0]?.pdf;
    if (pdf === null || pdf === undefined) return undefined;
    return new Uint8Array(pdf as ArrayBuffer);
  }

  async recordLetter(e: NewLetterEvidence): Promise<RecordResult> {
    checkLetter(e);
    return this.write(insert('evidence_letters', LETTER_COLUMNS, letterRow(e, this.times())));
  }

  async recordDataHubMessage(e: NewDataHubEvidence): Promise<RecordResult> {
    checkDataHubMessage(e);
    return this.write(insert('evidence_datahub_messages', DATAHUB_COLUMNS, dataHubRow(e, this.times())));
  }

  async recordShortMessage(e: NewShortMessageEvidence): Promise<RecordResult> {
    checkShortMessage(e);
    return this.write(insert('evidence_short_messages', SHORT_MESSAGE_COLUMNS, shortMessageRow(e, this.times())));
  }

  async recordClosedCase(e: NewClosedCaseEvidence): Promise<RecordResult> {
    checkClosedCase(e);
    return this.write(insert('evidence_closed_cases', CLOSED_CASE_COLUMNS, closedCaseRow(e, this.times())));
  }

  async readCase(workflowId: string): Promise<ArchivedCase | undefined> {
    await this.ready;
    if (typeof workflowId !== 'string' || workflowId.length === 0) return undefined;
    const [letters, messages, closings, shortMessages] = await this.client.batch(
      [
        { sql: `SELECT ${LETTER_LIST_COLUMNS} FROM evidence_letters WHERE workflow_id = ? ORDER BY occurred_at, id`, args: [workflowId] },
        { sql: 'SELECT * FROM evidence_datahub_messages WHERE workflow_id = ? ORDER BY occurred_at, id', args: [workflowId] },
        { sql: 'SELECT * FROM evidence_closed_cases WHERE workflow_id = ? ORDER BY closed_at, id', args: [workflowId] },
        { sql: 'SELECT * FROM evidence_short_messages WHERE workflow_id = ? ORDER BY occurred_at, id', args: [workflowId] },
      ],
      'read',
    );
    return assembleCase(
      workflowId,
      letters!.rows.map((r) => letterFromRow(r as Record<string, unknown>, decoder)),
      messages!.rows.map((r) => dataHubFromRow(r as Record<string, unknown>, decoder)),
      closings!.rows.map((r) => closedCaseFromRow(r as Record<string, unknown>, decoder)),
      shortMessages!.rows.map((r) => shortMessageFromRow(r as Record<string, unknown>, decoder)),
    );
  }

  async findTransactionSenders(transactionId: string): Promise<TransactionSender[]> {
    await this.ready;
    if (typeof transactionId !== 'string' || transactionId.length === 0) return [];
    const result = await this.client.execute({ sql: transactionSendersSql('?'), args: [transactionId] });
    return result.rows.map((r) => transactionSenderFromRow(r as Record<string, unknown>));
  }

  async findMessageSenders(messageId: string): Promise<TransactionSender[]> {
    await this.ready;
    if (typeof messageId !== 'string' || messageId.length === 0) return [];
    const result = await this.client.execute({ sql: messageSendersSql('?'), args: [messageId] });
    return result.rows.map((r) => transactionSenderFromRow(r as Record<string, unknown>));
  }

  async listInboundWithoutCase(limit = 100): Promise<DataHubEvidence[]> {
    await this.ready;
    const n = Math.max(1, Math.min(10_000, Math.floor(limit)));
    const result = await this.client.execute({ sql: inboundWithoutCaseSql('?'), args: [n] });
    return result.rows.map((r) => dataHubFromRow(r as Record<string, unknown>, decoder));
  }

  async purgeExpired(now: Date): Promise<{ deleted: number }> {
    await this.ready;
    const cutoff = now.toISOString();
    const results = await this.client.batch(
      // Never past the database's own clock, which the DELETE trigger goes by (clocks may differ).
      TABLES.map((t) => ({ sql: `DELETE FROM ${t} WHERE expires_at <= min(?, ${SQLITE_NOW})`, args: [cutoff] })),
      'write',
    );
    return { deleted: results.reduce((sum, r) => sum + r.rowsAffected, 0) };
  }

  async upsertMasterData(m: MasterDataInput): Promise<RecordResult> {
    checkMasterData(m);
    return this.write({ sql: masterDataUpsertSql(() => '?'), args: masterDataRow(m, this.now().toISOString()) });
  }

  async readMasterData(meteringPointId: string): Promise<MasterDataRecord | undefined> {
    await this.ready;
    if (typeof meteringPointId !== 'string' || meteringPointId.length === 0) return undefined;
    const result = await this.client.execute({ sql: `SELECT * FROM ${MASTER_DATA_TABLE} WHERE metering_point_id = ?`, args: [meteringPointId] });
    const row = result.rows[0];
    return row ? masterDataFromRow(row as Record<string, unknown>, decoder) : undefined;
  }

  async allocateCaseNumber(caseId: string, workflowId: string): Promise<string> {
    checkCaseNumberRequest(caseId, workflowId);
    await this.ready;
    return allocateCaseNumberWith(
      {
        read: async (id) => (await this.readCaseNumber(id))?.caseNumber,
        insert: async (caseNumber) => {
          await this.client.execute({
            sql: `INSERT INTO ${CASE_NUMBER_TABLE} (${CASE_NUMBER_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            args: [caseNumber, caseId, workflowId, this.now().toISOString()],
          });
        },
      },
      caseId,
      this.draw,
    );
  }

  async readCaseNumber(caseId: string): Promise<CaseNumberRecord | undefined> {
    return this.caseNumberWhere('case_id', caseId);
  }

  async findCaseNumber(caseNumber: string): Promise<CaseNumberRecord | undefined> {
    return this.caseNumberWhere('case_number', caseNumber);
  }

  private async caseNumberWhere(column: 'case_id' | 'case_number', value: string): Promise<CaseNumberRecord | undefined> {
    await this.ready;
    if (typeof value !== 'string' || value.length === 0) return undefined;
    const result = await this.client.execute({ sql: `SELECT * FROM ${CASE_NUMBER_TABLE} WHERE ${column} = ?`, args: [value] });
    const row = result.rows[0];
    return row ? caseNumberFromRow(row as Record<string, unknown>, decoder) : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    this.client.close();
  }

  private times() {
    return recordTimes(this.now(), this.retentionYears);
  }

  private async write(statement: InStatement): Promise<RecordResult> {
    await this.ready;
    const result = await this.client.execute(statement);
    return { stored: result.rowsAffected > 0 };
  }
}

/**
 * An in-memory store (`:memory:`): for tests and the simulated parties. Its contents go with the
 * process.
 */
export function createMemoryEvidenceStore(options: EvidenceStoreOptions = {}): SqliteEvidenceStore {
  return new SqliteEvidenceStore({ ...options, url: ':memory:' });
}

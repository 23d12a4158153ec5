/**
 * The evidence archive on PostgreSQL (`pg` Pool; PostgreSQL ≥ 14 for `CREATE OR REPLACE TRIGGER`),
 * chosen by a `postgres://` or `postgresql://` URL — the production set-up (docker-compose's
 * `evidence-db`).
 *
 * The schema (the same tables and columns as SQLite's: `schema.ts`; times as `timestamptz`, documents
 * as `json`, which keeps the text as written) is created on open, in one transaction under an
 * advisory lock so several processes may open it at once. When every table and trigger exists already
 * the DDL is skipped, so afbryd may run as a role with only SELECT, INSERT and DELETE on the tables
 * (the hardening: then it cannot drop the triggers either).
 *
 * Append-only is enforced by triggers in the database itself: `BEFORE UPDATE` and `BEFORE TRUNCATE`
 * always raise; `BEFORE DELETE` raises for a row whose `expires_at` is after `now()` (the database's
 * clock). Recording is `INSERT … ON CONFLICT DO NOTHING` on each table's unique key.
 */
import pg from 'pg';
import {
  CLOSED_CASE_COLUMNS,
  DATAHUB_COLUMNS,
  JSON_COLUMNS,
  LETTER_COLUMNS,
  LETTER_LIST_COLUMNS,
  SHORT_MESSAGE_COLUMNS,
  TABLES,
  TIME_COLUMNS,
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

/** Key of the advisory lock that serialises migrations across processes ("afbryd evidence"). */
const MIGRATION_LOCK = 47_110_507;

/** PostgreSQL's SQLSTATE for a statement the role may not run (e.g. DDL by a role with only SELECT, INSERT and DELETE). */
const INSUFFICIENT_PRIVILEGE = '42501';

const TRIGGER_NAMES = TABLES.flatMap((t) => [`${t}_no_update`, `${t}_no_truncate`, `${t}_no_early_delete`]);

/** The schema: functions, four tables, their indexes and triggers (and the master data). Idempotent. */
export const POSTGRES_SCHEMA: readonly string[] = [
  `CREATE OR REPLACE FUNCTION afbryd_evidence_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'evidence is append-only: % of % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
   END $$`,
  `CREATE OR REPLACE FUNCTION afbryd_evidence_refuse_early_delete() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF OLD.expires_at > now() THEN
       RAISE EXCEPTION 'evidence is append-only: DELETE of % before its expires_at refused', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
     END IF;
     RETURN OLD;
   END $$`,
  `CREATE TABLE IF NOT EXISTS evidence_letters (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
     fallback JSON,
     occurred_at TIMESTAMPTZ NOT NULL,
     recorded_at TIMESTAMPTZ NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL CHECK (expires_at > recorded_at),
     pdf BYTEA,
     pdf_sha256 TEXT,
     UNIQUE (workflow_id, letter_id)
   )`,
  // Release 0.6.1 (#15 item 14): the PDF document of each letter, added to a table from before.
  'ALTER TABLE evidence_letters ADD COLUMN IF NOT EXISTS pdf BYTEA',
  'ALTER TABLE evidence_letters ADD COLUMN IF NOT EXISTS pdf_sha256 TEXT',
  `CREATE TABLE IF NOT EXISTS evidence_datahub_messages (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
     workflow_id TEXT NOT NULL DEFAULT '' CHECK (direction = 'inbound' OR workflow_id <> ''),
     run_id TEXT,
     case_id TEXT,
     idempotency_key TEXT,
     message_id TEXT NOT NULL,
     transaction_id TEXT,
     document_type TEXT NOT NULL,
     document JSON NOT NULL,
     status TEXT NOT NULL,
     code TEXT,
     message TEXT,
     process_id TEXT,
     reasons JSON,
     occurred_at TIMESTAMPTZ NOT NULL,
     recorded_at TIMESTAMPTZ NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL CHECK (expires_at > recorded_at),
     UNIQUE (direction, message_id, workflow_id)
   )`,
  `CREATE TABLE IF NOT EXISTS evidence_closed_cases (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     workflow_id TEXT NOT NULL CHECK (workflow_id <> ''),
     run_id TEXT,
     case_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     closed_at TIMESTAMPTZ NOT NULL,
     view JSON NOT NULL,
     recorded_at TIMESTAMPTZ NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL CHECK (expires_at > recorded_at),
     UNIQUE (workflow_id, closed_at)
   )`,
  // Issue 15 item 3 (release 0.6.9): short messages (SMS, e-mail), a table of its own.
  `CREATE TABLE IF NOT EXISTS evidence_short_messages (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
     occurred_at TIMESTAMPTZ NOT NULL,
     recorded_at TIMESTAMPTZ NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL CHECK (expires_at > recorded_at),
     UNIQUE (workflow_id, message_key)
   )`,
  'CREATE INDEX IF NOT EXISTS evidence_datahub_messages_workflow ON evidence_datahub_messages (workflow_id, occurred_at)',
  `CREATE INDEX IF NOT EXISTS ${TRANSACTION_INDEX} ON evidence_datahub_messages (transaction_id) WHERE transaction_id IS NOT NULL`,
  ...TABLES.map((t) => `CREATE INDEX IF NOT EXISTS ${t}_expires ON ${t} (expires_at)`),
  ...TABLES.flatMap((t) => [
    `CREATE OR REPLACE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION afbryd_evidence_refuse()`,
    `CREATE OR REPLACE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION afbryd_evidence_refuse()`,
    `CREATE OR REPLACE TRIGGER ${t}_no_early_delete BEFORE DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION afbryd_evidence_refuse_early_delete()`,
  ]),
  // Master data (issue 16 item 8): updated in place, so no append-only triggers and no retention.
  `CREATE TABLE IF NOT EXISTS ${MASTER_DATA_TABLE} (
     metering_point_id TEXT PRIMARY KEY,
     grid_company_gln TEXT NOT NULL,
     hourly_settled SMALLINT NOT NULL CHECK (hourly_settled IN (0, 1)),
     disconnection_method TEXT CHECK (disconnection_method IN ('remote', 'physical')),
     grid_area TEXT,
     valid_from TIMESTAMPTZ NOT NULL,
     source TEXT NOT NULL,
     source_ref TEXT,
     updated_at TIMESTAMPTZ NOT NULL
   )`,
  // Case numbers (issue 15 item 13): one per case id, one case id per number, never rewritten.
  `CREATE TABLE IF NOT EXISTS ${CASE_NUMBER_TABLE} (
     case_number TEXT PRIMARY KEY CHECK (length(case_number) = 9),
     case_id TEXT NOT NULL UNIQUE CHECK (case_id <> ''),
     workflow_id TEXT NOT NULL CHECK (workflow_id <> ''),
     allocated_at TIMESTAMPTZ NOT NULL
   )`,
  `CREATE OR REPLACE TRIGGER ${CASE_NUMBER_TABLE}_no_update BEFORE UPDATE ON ${CASE_NUMBER_TABLE} FOR EACH ROW EXECUTE FUNCTION afbryd_evidence_refuse()`,
];

/** The PostgreSQL type of a master-data column's placeholder. */
const MASTER_DATA_CASTS: Record<string, string> = { hourly_settled: '::smallint', valid_from: '::timestamptz', updated_at: '::timestamptz' };

const decoder: RowDecoder = {
  // The driver parses `json` columns itself.
  json: (value) => value,
  time: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
};

function insert(table: string, columns: readonly string[], values: Cell[]): { text: string; values: Cell[] } {
  const placeholders = columns.map((c, i) => `$${i + 1}${JSON_COLUMNS.has(c) ? '::json' : TIME_COLUMNS.has(c) ? '::timestamptz' : ''}`);
  // pg sends a Buffer as bytea.
  const bound = values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v));
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT DO NOTHING`, values: bound };
}

/** Options of {@link PostgresEvidenceStore}. */
export interface PostgresEvidenceStoreOptions extends EvidenceStoreOptions {
  /** `postgres://user:password@host:5432/database` (never logged). */
  url: string;
  /** Extra pool settings (e.g. `max`), passed to `pg.Pool`. @default { max: 5 } */
  pool?: Omit<pg.PoolConfig, 'connectionString'>;
}

/** The PostgreSQL evidence store. Open it with {@link PostgresEvidenceStore.open}. */
export class PostgresEvidenceStore implements EvidenceStore {
  readonly retentionYears: number;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    retentionYears: number,
    private readonly now: () => Date,
    private readonly draw: () => string,
  ) {
    this.retentionYears = retentionYears;
  }

  /** Connects, creates the schema where missing, and returns the store. @throws when the database cannot be reached or migrated. */
  static async open(options: PostgresEvidenceStoreOptions): Promise<PostgresEvidenceStore> {
    const retentionYears = checkRetentionYears(options.retentionYears ?? DEFAULT_RETENTION_YEARS);
    const pool = new pg.Pool({ max: 5, ...options.pool, connectionString: options.url });
    // An idle client's error (the server restarted) must not crash the process: the next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresEvidenceStore(pool, retentionYears, options.now ?? (() => new Date()), options.drawCaseNumber ?? drawCaseNumber);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const existing = await this.pool.query<{ tgname: string }>(
      `SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relname = ANY($1) AND pg_table_is_visible(c.oid) AND NOT t.tgisinternal`,
      [[...TABLES]],
    );
    const have = new Set(existing.rows.map((r) => r.tgname));
    const triggers = TRIGGER_NAMES.every((name) => have.has(name));
    const index = await this.pool.query(`SELECT 1 FROM pg_class WHERE relkind = 'i' AND relname = $1 AND pg_table_is_visible(oid)`, [TRANSACTION_INDEX]);
    const pdf = await this.pool.query(
      `SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('evidence_letters') AND attname = 'pdf_sha256' AND NOT attisdropped`,
    );
    const masterData = await this.pool.query(`SELECT 1 FROM pg_class WHERE relkind = 'r' AND relname = $1 AND pg_table_is_visible(oid)`, [MASTER_DATA_TABLE]);
    const caseNumbers = await this.pool.query(
      `SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = $1 AND pg_table_is_visible(c.oid) AND t.tgname = $2`,
      [CASE_NUMBER_TABLE, `${CASE_NUMBER_TABLE}_no_update`],
    );
    if (triggers && index.rowCount && pdf.rowCount && masterData.rowCount && caseNumbers.rowCount) return;
    try {
      await this.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        for (const statement of POSTGRES_SCHEMA) await client.query(statement);
      });
    } catch (err) {
      // Without the case-number table (issue 15 item 13) no letter can be rendered: say what to do.
      if (!caseNumbers.rowCount && (err as { code?: string }).code === INSUFFICIENT_PRIVILEGE) {
        throw new Error(`the evidence database lacks the table ${CASE_NUMBER_TABLE} (case numbers, issue 15 item 13) and this role may not create it: open the store once as the database owner, or run its CREATE TABLE and CREATE TRIGGER statements of POSTGRES_SCHEMA`);
      }
      // A database from before the transaction index, opened by a role without DDL rights (the
      // hardening above): it works without the index (a lookup by transaction scans); the owner
      // adds it by opening the store once, or with the CREATE INDEX of POSTGRES_SCHEMA.
      if (triggers && pdf.rowCount && (err as { code?: string }).code === INSUFFICIENT_PRIVILEGE) return;
      if (!triggers && (err as { code?: string }).code === INSUFFICIENT_PRIVILEGE && TRIGGER_NAMES.filter((n) => !have.has(n)).every((n) => n.startsWith('evidence_short_messages_'))) {
        // Without the table of release 0.6.9 no short message can be recorded: say what to do.
        throw new Error('evidence_short_messages (release 0.6.9) is missing and this role may not create it: open the store once as the table owner, or run the CREATE TABLE, CREATE INDEX and CREATE TRIGGER statements of POSTGRES_SCHEMA for it');
      }
      if (triggers && (err as { code?: string }).code === INSUFFICIENT_PRIVILEGE) {
        // Without the PDF columns no letter can be recorded: say what to do rather than fail each letter.
        throw new Error('evidence_letters lacks the PDF columns of release 0.6.1 and this role may not add them: open the store once as the table owner, or run the ALTER TABLE statements of POSTGRES_SCHEMA');
      }
      throw err;
    }
  }

  async recordLetter(e: NewLetterEvidence): Promise<RecordResult> {
    checkLetter(e);
    return this.write(insert('evidence_letters', LETTER_COLUMNS, letterRow(e, this.times())));
  }

  async readLetterPdf(workflowId: string, letterId: string): Promise<Uint8Array | undefined> {
    if (typeof workflowId !== 'string' || !workflowId || typeof letterId !== 'string' || !letterId) return undefined;
    const result = await this.pool.query<{ pdf: Buffer | null }>('SELECT pdf FROM evidence_letters WHERE workflow_id = $1 AND letter_id = $2', [workflowId, letterId]);
    const pdf = result.rows[0]?.pdf;
    return pdf ? new Uint8Array(pdf) : undefined;
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
    if (typeof workflowId !== 'string' || workflowId.length === 0) return undefined;
    // One snapshot for the three reads, so a purge in between cannot tear the case.
    return this.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const letters = await client.query(`SELECT ${LETTER_LIST_COLUMNS} FROM evidence_letters WHERE workflow_id = $1 ORDER BY occurred_at, id`, [workflowId]);
      const messages = await client.query('SELECT * FROM evidence_datahub_messages WHERE workflow_id = $1 ORDER BY occurred_at, id', [workflowId]);
      const closings = await client.query('SELECT * FROM evidence_closed_cases WHERE workflow_id = $1 ORDER BY closed_at, id', [workflowId]);
      const shortMessages = await client.query('SELECT * FROM evidence_short_messages WHERE workflow_id = $1 ORDER BY occurred_at, id', [workflowId]);
      return assembleCase(
        workflowId,
        letters.rows.map((r: Record<string, unknown>) => letterFromRow(r, decoder)),
        messages.rows.map((r: Record<string, unknown>) => dataHubFromRow(r, decoder)),
        closings.rows.map((r: Record<string, unknown>) => closedCaseFromRow(r, decoder)),
        shortMessages.rows.map((r: Record<string, unknown>) => shortMessageFromRow(r, decoder)),
      );
    });
  }

  async findTransactionSenders(transactionId: string): Promise<TransactionSender[]> {
    if (typeof transactionId !== 'string' || transactionId.length === 0) return [];
    const result = await this.pool.query(transactionSendersSql('$1'), [transactionId]);
    return result.rows.map((r: Record<string, unknown>) => transactionSenderFromRow(r));
  }

  async findMessageSenders(messageId: string): Promise<TransactionSender[]> {
    if (typeof messageId !== 'string' || messageId.length === 0) return [];
    const result = await this.pool.query(messageSendersSql('$1'), [messageId]);
    return result.rows.map((r: Record<string, unknown>) => transactionSenderFromRow(r));
  }

  async listInboundWithoutCase(limit = 100): Promise<DataHubEvidence[]> {
    const n = Math.max(1, Math.min(10_000, Math.floor(limit)));
    const result = await this.pool.query(inboundWithoutCaseSql('$1'), [n]);
    return result.rows.map((r: Record<string, unknown>) => dataHubFromRow(r, decoder));
  }

  async purgeExpired(now: Date): Promise<{ deleted: number }> {
    const cutoff = now.toISOString();
    return this.transaction(async (client) => {
      let deleted = 0;
      for (const table of TABLES) {
        // Never past the database's own clock, which the DELETE trigger goes by (clocks may differ).
        const result = await client.query(`DELETE FROM ${table} WHERE expires_at <= LEAST($1::timestamptz, now())`, [cutoff]);
        deleted += result.rowCount ?? 0;
      }
      return { deleted };
    });
  }

  async upsertMasterData(m: MasterDataInput): Promise<RecordResult> {
    checkMasterData(m);
    return this.write({ text: masterDataUpsertSql((i, c) => `$${i}${MASTER_DATA_CASTS[c] ?? ''}`), values: masterDataRow(m, this.now().toISOString()) as Cell[] });
  }

  async readMasterData(meteringPointId: string): Promise<MasterDataRecord | undefined> {
    if (typeof meteringPointId !== 'string' || meteringPointId.length === 0) return undefined;
    const result = await this.pool.query(`SELECT * FROM ${MASTER_DATA_TABLE} WHERE metering_point_id = $1`, [meteringPointId]);
    const row = result.rows[0] as Record<string, unknown> | undefined;
    return row ? masterDataFromRow(row, decoder) : undefined;
  }

  async allocateCaseNumber(caseId: string, workflowId: string): Promise<string> {
    checkCaseNumberRequest(caseId, workflowId);
    return allocateCaseNumberWith(
      {
        read: async (id) => (await this.readCaseNumber(id))?.caseNumber,
        insert: async (caseNumber) => {
          await this.pool.query(
            `INSERT INTO ${CASE_NUMBER_TABLE} (${CASE_NUMBER_COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING`,
            [caseNumber, caseId, workflowId, this.now().toISOString()],
          );
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
    if (typeof value !== 'string' || value.length === 0) return undefined;
    const result = await this.pool.query(`SELECT * FROM ${CASE_NUMBER_TABLE} WHERE ${column} = $1`, [value]);
    const row = result.rows[0] as Record<string, unknown> | undefined;
    return row ? caseNumberFromRow(row, decoder) : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private times() {
    return recordTimes(this.now(), this.retentionYears);
  }

  private async write(statement: { text: string; values: Cell[] }): Promise<RecordResult> {
    const result = await this.pool.query(statement.text, statement.values);
    return { stored: (result.rowCount ?? 0) > 0 };
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

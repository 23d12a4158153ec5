/**
 * The evidence archive on PostgreSQL: a real PostgreSQL (PGlite, PostgreSQL in WASM) reached over TCP
 * through pglite-socket by the real `pg` driver, checked by the shared contract (`contract.ts`) with
 * a `pg.Client` of its own for the raw UPDATE / DELETE attempts; plus TRUNCATE refused and
 * `ON CONFLICT DO UPDATE` refused.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidenceStore } from '../../evidence/open.js';
import { evidenceStoreContract, letter, wf } from './contract.js';

let db: PGlite;
let server: PGLiteSocketServer;
let url: string;
let raw: pg.Client;

beforeAll(async () => {
  db = await PGlite.create();
  server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  url = `postgres://postgres@${server.getServerConn()}/postgres`;
  // Create the schema first, then a connection of the test's own.
  await (await openEvidenceStore({ url })).close();
  raw = new pg.Client({ connectionString: url });
  await raw.connect();
});

afterAll(async () => {
  await raw?.end().catch(() => undefined);
  await server?.stop();
  await db?.close();
});

evidenceStoreContract('PostgreSQL (PGlite over TCP, pg driver)', () => ({
  open: (options = {}) => openEvidenceStore({ url, ...options }),
  raw: async (sql) => {
    await raw.query(sql);
  },
  count: async (table, workflowId) => Number((await raw.query(`SELECT count(*) AS n FROM ${table} WHERE workflow_id = $1`, [workflowId])).rows[0].n),
  letterBodies: async (workflowId) => (await raw.query('SELECT body FROM evidence_letters WHERE workflow_id = $1 ORDER BY id', [workflowId])).rows.map((r) => String(r.body)),
}));

describe('PostgreSQL specifics', () => {
  it('refuses TRUNCATE and an upsert that would rewrite a row', async () => {
    const store = await openEvidenceStore({ url });
    const id = wf('truncate');
    await store.recordLetter(letter(id, 1));
    for (const table of ['evidence_letters', 'evidence_datahub_messages', 'evidence_closed_cases']) {
      await expect(raw.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only: TRUNCATE/);
    }
    await expect(
      raw.query(
        `INSERT INTO evidence_letters (workflow_id, case_id, letter_id, idempotency_key, kind, channel, subject, body, content_hash, sent_at, sent_date, received_date, receipt_basis, delivery_id, occurred_at, recorded_at, expires_at)
         SELECT workflow_id, case_id, letter_id, idempotency_key, kind, channel, subject, 'forged', content_hash, sent_at, sent_date, received_date, receipt_basis, delivery_id, occurred_at, recorded_at, expires_at
           FROM evidence_letters WHERE workflow_id = $1
         ON CONFLICT (workflow_id, letter_id) DO UPDATE SET body = EXCLUDED.body`,
        [id],
      ),
    ).rejects.toThrow(/append-only: UPDATE/);
    expect((await store.readCase(id))!.letters[0]!.body).toBe(letter(id, 1).body);
    await store.close();
  });

  it('keeps times as timestamptz and documents as json (queryable in SQL)', async () => {
    const columns = await raw.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'evidence_datahub_messages' AND column_name IN ('document', 'occurred_at', 'expires_at') ORDER BY column_name`,
    );
    expect(columns.rows).toEqual([
      { column_name: 'document', data_type: 'json' },
      { column_name: 'expires_at', data_type: 'timestamp with time zone' },
      { column_name: 'occurred_at', data_type: 'timestamp with time zone' },
    ]);
  });

  it('a database from before the transaction index gets it when opened', async () => {
    const index = async () => (await raw.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'evidence_datahub_messages_transaction'`)).rows;
    expect(await index()).toEqual([{ indexdef: expect.stringContaining('(transaction_id) WHERE (transaction_id IS NOT NULL)') }]);
    await raw.query('DROP INDEX evidence_datahub_messages_transaction');
    expect(await index()).toEqual([]);
    await (await openEvidenceStore({ url })).close();
    expect(await index()).toHaveLength(1);
  });

  it('a database from before release 0.6.1 gets the PDF columns when opened, and keeps its letters', async () => {
    const columns = async () =>
      (await raw.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'evidence_letters' AND column_name LIKE 'pdf%' ORDER BY 1`)).rows.map((r) => r.column_name);
    const id = wf('old');
    const store = await openEvidenceStore({ url });
    await store.recordLetter(letter(id, 1));
    await store.close();
    // As release 0.6.0 left the table (its rows keep their other columns).
    await raw.query('ALTER TABLE evidence_letters DROP COLUMN pdf, DROP COLUMN pdf_sha256');
    expect(await columns()).toEqual([]);
    const reopened = await openEvidenceStore({ url });
    expect(await columns()).toEqual(['pdf', 'pdf_sha256']);
    const pdf = new Uint8Array(Buffer.from('%PDF-1.3 letter 2 \u00ff'));
    expect(await reopened.recordLetter({ ...letter(id, 2), pdf })).toEqual({ stored: true });
    expect((await reopened.readCase(id))!.letters.map((l) => l.pdfSha256 !== undefined)).toEqual([false, true]);
    expect(Buffer.from((await reopened.readLetterPdf(id, letter(id, 2).letterId))!).equals(Buffer.from(pdf))).toBe(true);
    await reopened.close();
  });

  it('an unreachable database fails the open with the driver\'s error, without the password', async () => {
    const err = await openEvidenceStore({ url: 'postgres://afbryd:s3cret@127.0.0.1:1/none', retentionYears: 5 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain('s3cret');
  });
});

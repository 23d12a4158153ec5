/**
 * The evidence archive on SQLite: a file in a temporary folder, checked by the shared contract
 * (`contract.ts`) with a second libSQL connection of its own for the raw UPDATE / DELETE attempts;
 * plus what is SQLite's own: the folder created on open, `INSERT OR REPLACE` unable to get around
 * the DELETE trigger, and the in-memory store of the simulated parties.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidenceStore } from '../../evidence/open.js';
import { SqliteEvidenceStore, createMemoryEvidenceStore, sqliteFilePath } from '../../evidence/sqlite.js';
import { evidenceStoreContract, letter, wf } from './contract.js';

let dir: string;
let url: string;
let raw: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'afbryd-evidence-'));
  url = `file:${join(dir, 'nested', 'folder', 'evidence.sqlite')}`;
  // Create the schema first, so the raw connection opens an existing file.
  await (await SqliteEvidenceStore.open({ url })).close();
  raw = createClient({ url, timeout: 5000 });
});

afterAll(() => {
  raw?.close();
  rmSync(dir, { recursive: true, force: true });
});

evidenceStoreContract('SQLite (file)', () => ({
  open: (options = {}) => openEvidenceStore({ url, ...options }),
  raw: async (sql) => {
    await raw.execute(sql);
  },
  count: async (table, workflowId) => Number((await raw.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE workflow_id = ?`, args: [workflowId] })).rows[0]!.n),
  letterBodies: async (workflowId) =>
    (await raw.execute({ sql: 'SELECT body FROM evidence_letters WHERE workflow_id = ? ORDER BY id', args: [workflowId] })).rows.map((r) => String(r.body)),
}));

describe('SQLite specifics', () => {
  it('a database from before release 0.6.1 gets the PDF columns when opened, and keeps its letters', async () => {
    const old = join(dir, 'old.sqlite');
    const client = createClient({ url: `file:${old}` });
    // evidence_letters as release 0.6.0 created it: no pdf, no pdf_sha256.
    await client.execute(`CREATE TABLE evidence_letters (
      id INTEGER PRIMARY KEY AUTOINCREMENT, workflow_id TEXT NOT NULL, run_id TEXT, case_id TEXT NOT NULL, letter_id TEXT NOT NULL,
      idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, channel TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
      content_hash TEXT NOT NULL, sent_at TEXT NOT NULL, sent_date TEXT NOT NULL, received_date TEXT NOT NULL, receipt_basis TEXT NOT NULL,
      delivery_id TEXT NOT NULL, fallback TEXT, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, expires_at TEXT NOT NULL,
      UNIQUE (workflow_id, letter_id))`);
    const id = wf('old');
    const before = letter(id, 1);
    await client.execute({
      sql: `INSERT INTO evidence_letters (workflow_id, case_id, letter_id, idempotency_key, kind, channel, subject, body, content_hash, sent_at, sent_date,
              received_date, receipt_basis, delivery_id, occurred_at, recorded_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [id, before.caseId, before.letterId, before.idempotencyKey, before.kind, before.channel, before.subject, before.body, before.contentHash,
        before.sentAt, before.sentDate, before.receivedDate, before.receiptBasis, before.deliveryId, before.sentAt, '2026-10-01T09:00:00.000Z', '2031-10-01T09:00:00.000Z'],
    });
    // Two processes opening it at once: both migrate, neither fails.
    const [a, b] = await Promise.all([SqliteEvidenceStore.open({ url: `file:${old}` }), SqliteEvidenceStore.open({ url: `file:${old}` })]);
    const columns = (await client.execute('PRAGMA table_info(evidence_letters)')).rows.map((r) => String(r.name));
    expect(columns).toEqual(expect.arrayContaining(['pdf', 'pdf_sha256']));
    const pdf = new Uint8Array(Buffer.from('%PDF-1.3 letter 2'));
    expect(await a.recordLetter({ ...letter(id, 2), pdf })).toEqual({ stored: true });
    const archived = await b.readCase(id);
    expect(archived!.letters.map((l) => [l.letterId, l.pdfSha256 !== undefined])).toEqual([[before.letterId, false], [letter(id, 2).letterId, true]]);
    expect(await b.readLetterPdf(id, before.letterId)).toBeUndefined();
    await a.close();
    await b.close();
    await (await SqliteEvidenceStore.open({ url: `file:${old}` })).close(); // opening again changes nothing
    client.close();
  });

  it('creates the folder of a file: URL and the schema with its triggers', async () => {
    expect(existsSync(join(dir, 'nested', 'folder', 'evidence.sqlite'))).toBe(true);
    const triggers = (await raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).rows.map((r) => String(r.name));
    expect(triggers).toEqual(
      expect.arrayContaining(['evidence_letters_no_update', 'evidence_letters_no_early_delete', 'evidence_letters_insert_once', 'evidence_closed_cases_no_early_delete']),
    );
    // The poller's lookup of the case that sent a transaction is indexed.
    const plan = await raw.execute({
      sql: "EXPLAIN QUERY PLAN SELECT workflow_id FROM evidence_datahub_messages WHERE transaction_id = ? AND direction = 'outbound'",
      args: ['tx-1'],
    });
    expect(plan.rows.map((r) => String(r.detail)).join('\n')).toContain('evidence_datahub_messages_transaction');
  });

  it('INSERT OR REPLACE cannot replace (and so silently delete) a row', async () => {
    const store = await openEvidenceStore({ url });
    const id = wf('replace');
    await store.recordLetter(letter(id, 1));
    await raw.execute({
      sql: `INSERT OR REPLACE INTO evidence_letters (workflow_id, case_id, letter_id, idempotency_key, kind, channel, subject, body, content_hash, sent_at, sent_date, received_date, receipt_basis, delivery_id, occurred_at, recorded_at, expires_at)
            SELECT workflow_id, case_id, letter_id, idempotency_key, kind, channel, subject, 'forged', content_hash, sent_at, sent_date, received_date, receipt_basis, delivery_id, occurred_at, recorded_at, expires_at
              FROM evidence_letters WHERE workflow_id = ?`,
      args: [id],
    });
    const rows = (await raw.execute({ sql: 'SELECT body FROM evidence_letters WHERE workflow_id = ?', args: [id] })).rows;
    expect(rows.map((r) => r.body)).toEqual([letter(id, 1).body]);
    await store.close();
  });

  it('the in-memory store (the simulated parties) keeps the same contract in the process', async () => {
    const store = createMemoryEvidenceStore();
    const id = wf('memory');
    expect(await store.recordLetter(letter(id, 1))).toEqual({ stored: true });
    expect(await store.recordLetter(letter(id, 1))).toEqual({ stored: false });
    expect((await store.readCase(id))!.letters).toHaveLength(1);
    expect(await store.purgeExpired(new Date())).toEqual({ deleted: 0 });
    await store.close();
    await expect(store.readCase(id)).rejects.toThrow();
  });

  it('reads the path of a file: URL', () => {
    expect(sqliteFilePath('file:.afbryd/evidence.sqlite')).toBe('.afbryd/evidence.sqlite');
    expect(sqliteFilePath('file:/var/lib/afbryd/evidence.sqlite?mode=rwc')).toBe('/var/lib/afbryd/evidence.sqlite');
    expect(sqliteFilePath('file:///var/lib/a%20b/e.sqlite')).toBe('/var/lib/a b/e.sqlite');
    expect(sqliteFilePath(':memory:')).toBeUndefined();
    expect(sqliteFilePath('libsql://db.example.com')).toBeUndefined();
  });

  it('refuses an unsupported URL without echoing it', async () => {
    await expect(openEvidenceStore({ url: 'mysql://user:secret@host/db' })).rejects.toThrow('not mysql:');
    await expect(openEvidenceStore({ url: 'mysql://user:secret@host/db' })).rejects.not.toThrow('secret');
  });
});

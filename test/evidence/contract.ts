/**
 * The evidence store's contract, run against each database (`sqlite.test.ts`, `postgres.test.ts`):
 * append and read back in order, idempotent duplicates, UPDATE and early DELETE refused by the
 * database itself (through a connection of its own, not the store), the retention purge deleting
 * exactly the expired rows, closed cases archived and read back.
 *
 * Each test uses workflow ids of its own, so the tests of a file share one database.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCaseNumber, withCheckCharacter } from '../../evidence/case-number.js';
import {
  EvidenceInputError,
  type EvidenceStore,
  type NewClosedCaseEvidence,
  type NewDataHubEvidence,
  type NewLetterEvidence,
  type NewShortMessageEvidence,
} from '../../evidence/store.js';

/** What a database gives the contract. */
export interface ContractHarness {
  /** Opens a store on the shared database (a new one each call: several may be open at once). */
  open(options?: { now?: () => Date; retentionYears?: number; drawCaseNumber?: () => string }): Promise<EvidenceStore>;
  /** Runs SQL on a connection of its own, bypassing the store. */
  raw(sql: string): Promise<void>;
  /** Rows of a table for a workflow id, counted on a connection of its own. */
  count(table: string, workflowId: string): Promise<number>;
  /** The `body` column of a workflow's letters, read on a connection of its own (proof nothing was rewritten). */
  letterBodies(workflowId: string): Promise<string[]>;
}

let seq = 0;
/** A fresh pair of case numbers per collision test (the file's stores share one database). */
let collisions = 0;
/** A workflow id of its own for a test. */
export const wf = (what: string) => `case-5713131000000${String(++seq).padStart(5, '0')}-${what}`;

export function letter(workflowId: string, n: number, overrides: Partial<NewLetterEvidence> = {}): NewLetterEvidence {
  return {
    workflowId,
    runId: 'run-1',
    caseId: `K-${workflowId}`,
    letterId: `K-${workflowId}:reminder${n}:0`,
    idempotencyKey: `K-${workflowId}:reminder${n}:0`,
    kind: `reminder${n}`,
    channel: 'digital',
    subject: `Rykker ${n}`,
    body: `Kære Kanarie Fuglesang\nKanarievej 7, 1. tv.\n9999 Eksempelby\n\nRykker ${n}: æøå ÆØÅ «»\n`,
    contentHash: 'a'.repeat(64),
    sentAt: `2026-10-0${n}T08:30:00.000Z`,
    sentDate: `2026-10-0${n}`,
    receivedDate: `2026-10-0${n}`,
    receiptBasis: 'RULES 1 receipt: digital post',
    deliveryId: `DP-00000${n}`,
    ...overrides,
  };
}

export function outbound(workflowId: string, n: number, overrides: Partial<NewDataHubEvidence> = {}): NewDataHubEvidence {
  return {
    direction: 'outbound',
    workflowId,
    runId: 'run-1',
    caseId: `K-${workflowId}`,
    idempotencyKey: `K-${workflowId}:disconnect:${n}`,
    messageId: `0000000${n}-aaaa-5aaa-aaaa-${workflowId.slice(-12).padStart(12, '0')}`,
    transactionId: `1000000${n}-aaaa-5aaa-aaaa-000000000000`,
    documentType: 'RequestEndOfSupply',
    document: { RequestEndOfSupply_MarketDocument: { mRID: `m${n}`, MktActivityRecord: [{ mRID: `t${n}`, 'start_DateAndOrTime.dateTime': '2026-11-29T23:00:00Z' }] } },
    outcome: { status: 'accepted', processId: `P-${n}` },
    occurredAt: `2026-11-0${n}T09:00:00.000Z`,
    ...overrides,
  };
}

export function closing(workflowId: string, overrides: Partial<NewClosedCaseEvidence> = {}): NewClosedCaseEvidence {
  return {
    workflowId,
    runId: 'run-1',
    caseId: `K-${workflowId}`,
    reason: 'paid',
    closedAt: '2026-12-01T10:00:00.000Z',
    view: { caseId: `K-${workflowId}`, stage: 'closed', amountDueOre: 0, timeline: [{ what: 'case closed: paid', basis: 'RULES 2' }], closed: { reason: 'paid', at: '2026-12-01T10:00:00.000Z' } },
    ...overrides,
  };
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export function shortMessage(workflowId: string, n: number, overrides: Partial<NewShortMessageEvidence> = {}): NewShortMessageEvidence {
  return {
    workflowId,
    runId: 'run-1',
    caseId: 'case-1',
    messageKey: `case-1:reopening-information:${n}`,
    kind: 'reopeningInformation',
    channel: 'sms',
    recipientMasked: '*********05',
    subject: '',
    text: `Din strøm genåbnes fredag den 17. december 2027 mellem kl. 8.00 og kl. 15.00. (${n})`,
    contentHash: createHash('sha256').update(`short ${n}`).digest('hex'),
    sentAt: `2027-12-16T12:00:0${n}.000Z`,
    sentDate: '2027-12-16',
    deliveryId: `SMS-00000${n}`,
    ...overrides,
  };
}

export function evidenceStoreContract(name: string, harness: () => ContractHarness): void {
  describe(`evidence store contract: ${name}`, () => {
    it('appends letters, DataHub messages and a closing, and reads them back in time order with every field', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('order');
      // Recorded out of order: read back by sentAt / occurredAt.
      expect(await store.recordLetter(letter(id, 2))).toEqual({ stored: true });
      expect(await store.recordLetter(letter(id, 1, { channel: 'letter', fallback: { from: 'digital', reason: 'bounced', detail: 'digital post: MAILBOX_FULL' } }))).toEqual({ stored: true });
      await store.recordDataHubMessage(outbound(id, 3, { outcome: { status: 'rejected', code: 'E10', message: 'metering point not identifiable' } }));
      await store.recordDataHubMessage(outbound(id, 1));
      await store.recordDataHubMessage({
        direction: 'inbound',
        workflowId: id,
        messageId: 'dh-inbound-1',
        documentType: 'NotifyDisconnection',
        document: 'not JSON: kept as text',
        outcome: { status: 'delivered' },
        occurredAt: '2026-11-02T12:00:00Z',
      });
      const before = Date.now();
      const archived = await store.readCase(id);
      expect(archived).toBeDefined();
      expect(archived!.workflowId).toBe(id);
      expect(archived!.caseId).toBe(`K-${id}`);
      expect(archived!.closed).toBeUndefined();
      expect(archived!.letters.map((l) => l.letterId)).toEqual([`K-${id}:reminder1:0`, `K-${id}:reminder2:0`]);
      const { recordedAt, expiresAt, ...first } = archived!.letters[0]!;
      expect(first).toEqual(letter(id, 1, { channel: 'letter', fallback: { from: 'digital', reason: 'bounced', detail: 'digital post: MAILBOX_FULL' } }));
      expect(Date.parse(recordedAt)).toBeLessThanOrEqual(before);
      expect(Date.parse(recordedAt)).toBeGreaterThan(before - 60_000);
      expect(new Date(expiresAt).getUTCFullYear()).toBe(new Date(recordedAt).getUTCFullYear() + 5);
      expect(archived!.letters[1]!.fallback).toBeUndefined();

      expect(archived!.messages.map((m) => [m.direction, m.outcome.status])).toEqual([
        ['outbound', 'accepted'],
        ['inbound', 'delivered'],
        ['outbound', 'rejected'],
      ]);
      const { recordedAt: _r, expiresAt: _e, ...sent } = archived!.messages[0]!;
      expect(sent).toEqual(outbound(id, 1));
      expect(archived!.messages[1]).toMatchObject({ document: 'not JSON: kept as text', occurredAt: '2026-11-02T12:00:00.000Z' });
      expect(archived!.messages[1]!.caseId).toBeUndefined();
      expect(archived!.messages[2]!.outcome).toEqual({ status: 'rejected', code: 'E10', message: 'metering point not identifiable' });
      await store.close();
    });

    it('is idempotent: the same record twice (a retried activity) is one row, and the first one stays', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('dup');
      expect(await store.recordLetter(letter(id, 1))).toEqual({ stored: true });
      expect(await store.recordLetter(letter(id, 1))).toEqual({ stored: false });
      expect(await store.recordLetter(letter(id, 1, { body: 'a different body' }))).toEqual({ stored: false });
      expect(await store.recordDataHubMessage(outbound(id, 1))).toEqual({ stored: true });
      expect(await store.recordDataHubMessage(outbound(id, 1, { outcome: { status: 'duplicate' } }))).toEqual({ stored: false });
      // The same inbound message reaching no case, twice (peeked again after a crash): one row.
      const unmatched: NewDataHubEvidence = { direction: 'inbound', messageId: `in-${id}`, documentType: 'NotifyDisconnection', document: {}, outcome: { status: 'kept', reasons: ['no open case'] }, occurredAt: new Date().toISOString() };
      expect(await store.recordDataHubMessage(unmatched)).toEqual({ stored: true });
      expect(await store.recordDataHubMessage(unmatched)).toEqual({ stored: false });
      expect(await store.recordClosedCase(closing(id))).toEqual({ stored: true });
      expect(await store.recordClosedCase(closing(id, { reason: 'other' }))).toEqual({ stored: false });

      expect(await h.count('evidence_letters', id)).toBe(1);
      expect(await h.count('evidence_datahub_messages', id)).toBe(1);
      expect(await h.count('evidence_datahub_messages', '')).toBeGreaterThanOrEqual(1);
      expect(await h.count('evidence_closed_cases', id)).toBe(1);
      const archived = await store.readCase(id);
      expect(archived!.letters[0]!.body).toContain('Rykker 1');
      expect(archived!.messages[0]!.outcome.status).toBe('accepted');
      expect(archived!.closed!.reason).toBe('paid');
      await store.close();
    });

    it('keeps the PDF document of a letter byte for byte, with its SHA-256; a retry keeps the first; readCase lists letters without the bytes', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('pdf');
      const pdf = new Uint8Array(Buffer.from('%PDF-1.3\n% æøå\n\u0000\u00ff binary\n%%EOF\n', 'latin1'));
      expect(await store.recordLetter({ ...letter(id, 1), pdf })).toEqual({ stored: true });
      expect(await store.recordLetter({ ...letter(id, 1), pdf: new Uint8Array(Buffer.from('%PDF-1.3 other')) })).toEqual({ stored: false });
      expect(await store.recordLetter(letter(id, 2))).toEqual({ stored: true });
      const archived = await store.readCase(id);
      expect(archived!.letters[0]!.pdfSha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      expect(archived!.letters[1]!.pdfSha256).toBeUndefined();
      expect(Object.keys(archived!.letters[0]!)).not.toContain('pdf');
      const back = await store.readLetterPdf(id, letter(id, 1).letterId);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(back!).equals(Buffer.from(pdf))).toBe(true);
      expect(await store.readLetterPdf(id, letter(id, 2).letterId)).toBeUndefined();
      expect(await store.readLetterPdf(id, 'no such letter')).toBeUndefined();
      await expect(store.recordLetter({ ...letter(id, 3), pdf: new Uint8Array([1, 2, 3, 4, 5, 6]) })).rejects.toThrow(EvidenceInputError);
      await store.close();
    });

    it('short messages (issue 15 item 3): appended once per key, read back in time order, UPDATE and early DELETE refused', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('short');
      expect(await store.readCase(id)).toBeUndefined();
      expect(await store.recordShortMessage(shortMessage(id, 2, { channel: 'email', subject: 'Genåbning', recipientMasked: 'k***@kunde.invalid' }))).toEqual({ stored: true });
      expect(await store.recordShortMessage(shortMessage(id, 1))).toEqual({ stored: true });
      expect(await store.recordShortMessage(shortMessage(id, 1, { text: 'another text' }))).toEqual({ stored: false });
      const archived = await store.readCase(id);
      expect(archived?.letters).toEqual([]);
      expect(archived?.shortMessages?.map(({ recordedAt: _r, expiresAt: _e, ...rest }) => rest)).toEqual([
        shortMessage(id, 1),
        shortMessage(id, 2, { channel: 'email', subject: 'Genåbning', recipientMasked: 'k***@kunde.invalid' }),
      ]);
      await expect(h.raw(`UPDATE evidence_short_messages SET text = 'forged' WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
      await expect(h.raw(`DELETE FROM evidence_short_messages WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
      expect(await h.count('evidence_short_messages', id)).toBe(2);
      await expect(store.recordShortMessage(shortMessage(id, 3, { channel: 'letter' as never }))).rejects.toBeInstanceOf(EvidenceInputError);
      await expect(store.recordShortMessage(shortMessage(id, 3, { text: '' }))).rejects.toBeInstanceOf(EvidenceInputError);
      // A case with letters and no short message reads as before (no `shortMessages` key).
      const other = wf('short-none');
      await store.recordLetter(letter(other, 1));
      expect(Object.keys((await store.readCase(other))!)).not.toContain('shortMessages');
      await store.close();
    });

    it('the database refuses UPDATE of any row, through any connection', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('update');
      await store.recordLetter(letter(id, 1));
      await store.recordDataHubMessage(outbound(id, 1));
      await store.recordClosedCase(closing(id));
      await expect(h.raw(`UPDATE evidence_letters SET body = 'forged' WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
      await expect(h.raw(`UPDATE evidence_datahub_messages SET status = 'rejected' WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
      await expect(h.raw(`UPDATE evidence_closed_cases SET reason = 'forged' WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
      // Even an UPDATE that would make the row deletable at once.
      await expect(h.raw(`UPDATE evidence_letters SET expires_at = recorded_at WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
      expect(await h.letterBodies(id)).toEqual([letter(id, 1).body]);
      const archived = await store.readCase(id);
      expect(archived!.messages[0]!.outcome.status).toBe('accepted');
      expect(archived!.closed!.reason).toBe('paid');
      await store.close();
    });

    it('the database refuses DELETE of a row whose expiresAt has not passed', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('delete');
      await store.recordLetter(letter(id, 1));
      await store.recordDataHubMessage(outbound(id, 1));
      await store.recordClosedCase(closing(id));
      for (const table of ['evidence_letters', 'evidence_datahub_messages', 'evidence_closed_cases']) {
        await expect(h.raw(`DELETE FROM ${table} WHERE workflow_id = '${id}'`)).rejects.toThrow(/append-only/);
        expect(await h.count(table, id)).toBe(1);
      }
      // The purge, asked for a moment before expiry, deletes none of them.
      expect(await store.purgeExpired(new Date())).toEqual({ deleted: 0 });
      expect(await h.count('evidence_letters', id)).toBe(1);
      await store.close();
    });

    it('the retention purge deletes exactly the expired rows, and never past the database\'s own clock', async () => {
      const h = harness();
      let clock = new Date('2015-03-01T10:00:00.000Z');
      const store = await h.open({ now: () => clock, retentionYears: 5 });
      const old = wf('purge-old');
      const middle = wf('purge-middle');
      const fresh = wf('purge-fresh');
      // Recorded 2015: expires 2020-03-01.
      await store.recordLetter(letter(old, 1));
      await store.recordDataHubMessage(outbound(old, 1));
      await store.recordClosedCase(closing(old));
      // Recorded 2019: expires 2024-06-01.
      clock = new Date('2019-06-01T10:00:00.000Z');
      await store.recordLetter(letter(middle, 1));
      await store.recordLetter(letter(old, 2)); // a later letter of the old case
      // Recorded now: expires in 5 years.
      clock = new Date();
      await store.recordLetter(letter(fresh, 1));
      await store.recordClosedCase(closing(fresh));

      expect((await store.readCase(old))!.letters.map((l) => l.expiresAt)).toEqual(['2020-03-01T10:00:00.000Z', '2024-06-01T10:00:00.000Z']);

      // Just before the first expiry: nothing.
      expect(await store.purgeExpired(new Date('2020-03-01T09:59:59.999Z'))).toEqual({ deleted: 0 });
      // At it: the three 2015 rows, nothing else.
      expect(await store.purgeExpired(new Date('2020-03-01T10:00:00.000Z'))).toEqual({ deleted: 3 });
      const afterFirst = await store.readCase(old);
      expect(afterFirst!.letters.map((l) => l.letterId)).toEqual([`K-${old}:reminder2:0`]);
      expect(afterFirst!.messages).toEqual([]);
      expect(afterFirst!.closed).toBeUndefined();
      // Today: the 2019 rows.
      expect(await store.purgeExpired(new Date())).toEqual({ deleted: 2 });
      expect(await store.readCase(old)).toBeUndefined();
      expect(await store.readCase(middle)).toBeUndefined();
      expect((await store.readCase(fresh))!.letters).toHaveLength(1);

      // A purge dated 6 years ahead (a skewed clock) deletes nothing the database's clock says is not expired.
      expect(await store.purgeExpired(new Date(Date.now() + 6 * YEAR_MS))).toEqual({ deleted: 0 });
      expect(await h.count('evidence_letters', fresh)).toBe(1);
      expect(await h.count('evidence_closed_cases', fresh)).toBe(1);
      // An expired row may be deleted by hand too: the trigger guards the retention, not the purge function.
      clock = new Date('2010-01-01T00:00:00.000Z');
      await store.recordLetter(letter(fresh, 2));
      await h.raw(`DELETE FROM evidence_letters WHERE workflow_id = '${fresh}' AND letter_id = 'K-${fresh}:reminder2:0'`);
      expect(await h.count('evidence_letters', fresh)).toBe(1);
      await store.close();
    });

    it('archives a closed case and reads its final view back; the last closing wins', async () => {
      const h = harness();
      const store = await h.open({ retentionYears: 7 });
      const id = wf('closed');
      const view = closing(id).view;
      await store.recordLetter(letter(id, 1));
      await store.recordClosedCase(closing(id, { closedAt: '2026-12-01T10:00:00Z' }));
      const archived = await store.readCase(id);
      expect(archived!.closed).toMatchObject({ at: '2026-12-01T10:00:00.000Z', reason: 'paid', view, runId: 'run-1' });
      expect(new Date(archived!.closed!.expiresAt).getUTCFullYear()).toBe(new Date(archived!.closed!.recordedAt).getUTCFullYear() + 7);
      expect(archived!.letters).toHaveLength(1);
      // The same workflow id closed again later (a new run): readCase shows the last closing.
      await store.recordClosedCase(closing(id, { runId: 'run-2', closedAt: '2027-03-01T10:00:00.000Z', reason: 'supplier-switched', view: { stage: 'closed', n: 2 } }));
      expect((await store.readCase(id))!.closed).toMatchObject({ at: '2027-03-01T10:00:00.000Z', reason: 'supplier-switched', view: { stage: 'closed', n: 2 }, runId: 'run-2' });
      expect(await store.readCase(wf('never'))).toBeUndefined();
      expect(await store.readCase('')).toBeUndefined();
      await store.close();
    });

    it('refuses malformed records before writing', async () => {
      const h = harness();
      const store = await h.open();
      const id = wf('bad');
      await expect(store.recordLetter(letter(id, 1, { workflowId: '' }))).rejects.toBeInstanceOf(EvidenceInputError);
      await expect(store.recordLetter(letter(id, 1, { sentAt: 'yesterday' }))).rejects.toBeInstanceOf(EvidenceInputError);
      await expect(store.recordDataHubMessage(outbound(id, 1, { workflowId: undefined }))).rejects.toThrow('workflowId is required');
      await expect(store.recordClosedCase(closing(id, { view: undefined }))).rejects.toThrow('view is required');
      expect(await store.readCase(id)).toBeUndefined();
      await expect(h.open({ retentionYears: 0 })).rejects.toBeInstanceOf(EvidenceInputError);
      await store.close();
      await store.close(); // idempotent
    });

    it('finds the case that sent a DataHub message by its mRID (what an RSM-009 refers to), and lists inbound messages that reached no case', async () => {
      const h = harness();
      const store = await h.open();
      const a = wf('msg-a');
      const sent = outbound(a, 1, { messageId: `m-${a.slice(-20)}` });
      await store.recordDataHubMessage(sent);
      await store.recordDataHubMessage({ ...sent, outcome: { status: 'duplicate' } });
      expect(await store.findMessageSenders(sent.messageId)).toEqual([{ workflowId: a, runId: 'run-1', caseId: `K-${a}` }]);
      expect(await store.findMessageSenders('never-sent')).toEqual([]);
      expect(await store.findMessageSenders('')).toEqual([]);

      const kept = (n: number) => ({
        direction: 'inbound' as const,
        messageId: `kept-${n}-${a.slice(-12)}`,
        documentType: '(not understood)',
        document: { Unknown_MarketDocument: { mRID: `x${n}` } },
        outcome: { status: 'kept' as const, reasons: ['not understood'] },
        occurredAt: `2026-11-2${n}T09:00:00.000Z`,
      });
      await store.recordDataHubMessage(kept(1));
      await store.recordDataHubMessage(kept(2));
      await store.recordDataHubMessage({ ...kept(3), workflowId: a, outcome: { status: 'delivered' } });
      const listed = (await store.listInboundWithoutCase(1000)).filter((e) => e.messageId.endsWith(a.slice(-12)));
      expect(listed.map((e) => [e.messageId, e.outcome.status])).toEqual([
        [kept(2).messageId, 'kept'],
        [kept(1).messageId, 'kept'],
      ]);
      expect(listed[0]).toMatchObject({ direction: 'inbound', documentType: '(not understood)', outcome: { reasons: ['not understood'] } });
      await store.close();
    });

    it('finds the case that sent a DataHub transaction (what an answer refers to): outbound messages only, once per run', async () => {
      const h = harness();
      const store = await h.open();
      const a = wf('tx-a');
      const b = wf('tx-b');
      const c = wf('tx-c');
      const tx = (what: string) => `tx-${a.slice(-12)}-${what}`;
      await store.recordDataHubMessage(outbound(a, 1, { transactionId: tx('request') }));
      // The same message again (a retried activity whose answer was lost): still one sender.
      await store.recordDataHubMessage(outbound(a, 1, { transactionId: tx('request'), outcome: { status: 'duplicate' } }));
      // Recorded without a run (outside an activity).
      await store.recordDataHubMessage(outbound(a, 2, { transactionId: tx('cancel'), runId: undefined }));
      await store.recordDataHubMessage(outbound(b, 1, { transactionId: tx('other'), runId: 'run-7', occurredAt: '2026-11-05T09:00:00.000Z' }));
      // Not a sender: an inbound message (an answer names the transaction; it did not send it), a message without a transaction.
      await store.recordDataHubMessage({ direction: 'inbound', workflowId: c, messageId: `in-${c}`, transactionId: tx('request'), documentType: 'ConfirmRequestEndOfSupply', document: {}, outcome: { status: 'delivered' }, occurredAt: '2026-11-06T09:00:00.000Z' });
      await store.recordDataHubMessage(outbound(c, 3, { transactionId: undefined }));

      expect(await store.findTransactionSenders(tx('request'))).toEqual([{ workflowId: a, runId: 'run-1', caseId: `K-${a}` }]);
      expect(await store.findTransactionSenders(tx('cancel'))).toEqual([{ workflowId: a, caseId: `K-${a}` }]);
      expect(await store.findTransactionSenders(tx('other'))).toEqual([{ workflowId: b, runId: 'run-7', caseId: `K-${b}` }]);
      expect(await store.findTransactionSenders(tx('never-sent'))).toEqual([]);
      expect(await store.findTransactionSenders('')).toEqual([]);
      // Two senders of one transaction (never by afbryd's derived ids, but told apart if it happens): the first first.
      await store.recordDataHubMessage(outbound(c, 4, { transactionId: tx('other'), occurredAt: '2026-11-01T09:00:00.000Z' }));
      expect(await store.findTransactionSenders(tx('other'))).toEqual([
        { workflowId: c, runId: 'run-1', caseId: `K-${c}` },
        { workflowId: b, runId: 'run-7', caseId: `K-${b}` },
      ]);
      // Another store on the database (the poller beside the worker) finds them too.
      const other = await h.open();
      expect(await other.findTransactionSenders(tx('request'))).toEqual([{ workflowId: a, runId: 'run-1', caseId: `K-${a}` }]);
      await other.close();
      await store.close();

      // Purged with the rest of the archive: then unknown.
      const old = await h.open({ now: () => new Date('2010-01-01T00:00:00.000Z') });
      const d = wf('tx-old');
      await old.recordDataHubMessage(outbound(d, 1, { transactionId: tx('old') }));
      expect(await old.findTransactionSenders(tx('old'))).toEqual([{ workflowId: d, runId: 'run-1', caseId: `K-${d}` }]);
      await old.purgeExpired(new Date());
      expect(await old.findTransactionSenders(tx('old'))).toEqual([]);
      await old.close();
    });

    it('a second store on the same database (another process, a restart) sees the same records; opening again migrates nothing twice', async () => {
      const h = harness();
      const a = await h.open();
      const b = await h.open();
      const id = wf('shared');
      await a.recordLetter(letter(id, 1));
      expect(await b.recordLetter(letter(id, 1))).toEqual({ stored: false });
      expect((await b.readCase(id))!.letters).toHaveLength(1);
      await a.close();
      await b.close();
      const c = await h.open();
      expect((await c.readCase(id))!.letters).toHaveLength(1);
      await c.close();
    });

    it('master data (issue 16 item 8): upserts by metering point, a newer validity wins, the same one replaces, an older one is kept out; survives a reopen', async () => {
      const h = harness();
      const a = await h.open({ now: () => new Date('2026-12-01T10:00:00.000Z') });
      const gsrn = `5713139${String(++seq).padStart(11, '0')}`;
      expect(await a.readMasterData(gsrn)).toBeUndefined();
      const first = { meteringPointId: gsrn, gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'physical' as const, gridArea: '543', validFrom: '2026-01-01T00:00:00Z', source: 'csv-import' as const, sourceRef: 'golive.csv:2' };
      expect(await a.upsertMasterData(first)).toEqual({ stored: true });
      expect(await a.readMasterData(gsrn)).toEqual({ ...first, validFrom: '2026-01-01T00:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z' });
      // A newer RSM-022 wins.
      const newer = { meteringPointId: gsrn, gridCompanyGln: '5790000000012', hourlySettled: true, validFrom: '2026-06-01T00:00:00Z', source: 'rsm-022' as const, sourceRef: 'msg-1' };
      expect(await a.upsertMasterData(newer)).toEqual({ stored: true });
      // An older one (a late CSV row) is kept out.
      expect(await a.upsertMasterData(first)).toEqual({ stored: false });
      const read = await a.readMasterData(gsrn);
      expect(read).toMatchObject({ gridCompanyGln: '5790000000012', hourlySettled: true, source: 'rsm-022', sourceRef: 'msg-1' });
      expect(read!.disconnectionMethod).toBeUndefined();
      expect(read!.gridArea).toBeUndefined();
      // The same validity again (a repeated message, an operator's correction) replaces.
      expect(await a.upsertMasterData({ ...newer, hourlySettled: false, disconnectionMethod: 'remote', source: 'operator', sourceRef: 'operator:ops-1' })).toEqual({ stored: true });
      await a.close();
      const b = await h.open();
      expect(await b.readMasterData(gsrn)).toMatchObject({ hourlySettled: false, disconnectionMethod: 'remote', source: 'operator' });
      await expect(b.upsertMasterData({ ...first, meteringPointId: 'x' })).rejects.toBeInstanceOf(EvidenceInputError);
      await expect(b.upsertMasterData({ ...first, gridCompanyGln: '12' })).rejects.toBeInstanceOf(EvidenceInputError);
      await expect(b.upsertMasterData({ ...first, validFrom: 'yesterday' })).rejects.toBeInstanceOf(EvidenceInputError);
      await b.close();
    });
    it('case numbers (issue 15 item 13): one per case id, the same on every ask, from any process, after a reopen; found by the number', async () => {
      const h = harness();
      const a = await h.open({ now: () => new Date('2026-12-06T09:00:00.000Z') });
      const id = wf('casenr');
      const caseId = `${id.slice('case-'.length)}-INV-1`;
      expect(await a.readCaseNumber(caseId)).toBeUndefined();
      const n = await a.allocateCaseNumber(caseId, id);
      expect(isCaseNumber(n)).toBe(true);
      // A retry, a re-render, a continued run, a version 2 workflow: the same case id gets the same number.
      expect(await a.allocateCaseNumber(caseId, id)).toBe(n);
      expect(await a.allocateCaseNumber(caseId, 'another-workflow-asking-later')).toBe(n);
      const b = await h.open();
      expect(await b.allocateCaseNumber(caseId, id)).toBe(n);
      await a.close();
      const c = await h.open();
      expect(await c.readCaseNumber(caseId)).toEqual({ caseNumber: n, caseId, workflowId: id, allocatedAt: '2026-12-06T09:00:00.000Z' });
      expect(await c.findCaseNumber(n)).toEqual({ caseNumber: n, caseId, workflowId: id, allocatedAt: '2026-12-06T09:00:00.000Z' });
      expect(await c.findCaseNumber('ZZZZ-ZZZZ')).toBeUndefined();
      // It carries neither the metering point nor the customer id.
      expect(n.replace('-', '')).not.toMatch(/\d{6}/);
      await expect(c.allocateCaseNumber('', id)).rejects.toBeInstanceOf(EvidenceInputError);
      await expect(c.allocateCaseNumber(caseId, '')).rejects.toBeInstanceOf(EvidenceInputError);
      // Never changed: the database refuses an UPDATE.
      await expect(h.raw(`UPDATE case_numbers SET case_number = 'A000-000W' WHERE case_id = '${caseId}'`)).rejects.toThrow(/never changed|refused/);
      // Not evidence: the retention purge leaves it.
      await c.purgeExpired(new Date());
      expect((await c.readCaseNumber(caseId))?.caseNumber).toBe(n);
      await b.close();
      await c.close();
    });

    it('case numbers: 1,000 case ids get 1,000 different numbers', async () => {
      const h = harness();
      const store = await h.open();
      const base = wf('thousand');
      const numbers = new Set<string>();
      for (let i = 0; i < 1000; i++) numbers.add(await store.allocateCaseNumber(`${base}-INV-${i}`, base));
      expect(numbers.size).toBe(1000);
      expect([...numbers].every(isCaseNumber)).toBe(true);
      await store.close();
    });

    it('case numbers: a number another case has is drawn again; two processes allocating for one case id at once agree', async () => {
      const h = harness();
      const taken = withCheckCharacter(`X${String(++collisions).padStart(6, '0')}`);
      const second = withCheckCharacter(`Y${String(collisions).padStart(6, '0')}`);
      const first = await h.open({ drawCaseNumber: () => taken });
      const id = wf('collide');
      expect(await first.allocateCaseNumber(`${id}-INV-1`, id)).toBe(taken);
      const draws = [taken, taken, second];
      const other = await h.open({ drawCaseNumber: () => draws.shift()! });
      expect(await other.allocateCaseNumber(`${id}-INV-2`, id)).toBe(second);
      expect(draws).toEqual([]);
      expect((await other.findCaseNumber(taken))?.caseId).toBe(`${id}-INV-1`);
      // The race: two stores (two worker processes) allocate for the same new case id at once.
      const p1 = await h.open();
      const p2 = await h.open();
      for (let i = 3; i < 13; i++) {
        const raced = `${id}-INV-${i}`;
        const [x, y] = await Promise.all([p1.allocateCaseNumber(raced, id), p2.allocateCaseNumber(raced, id)]);
        expect(x, raced).toBe(y);
      }
      await p1.close();
      await p2.close();
      // A draw that never finds a free number gives up with an error, not a shared number.
      const stuck = await h.open({ drawCaseNumber: () => taken });
      await expect(stuck.allocateCaseNumber(`${id}-INV-99`, id)).rejects.toThrow(/no free case number/);
      await first.close();
      await other.close();
      await stuck.close();
    });
  });
}

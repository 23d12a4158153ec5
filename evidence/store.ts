/**
 * The evidence archive's contract: what afbryd keeps as proof of what it sent and received, and the
 * {@link EvidenceStore} interface its databases implement (`sqlite.ts`, the embedded default;
 * `postgres.ts`, by configuration; `open.ts` chooses by URL).
 *
 * What is kept: every letter as it was sent (rendered subject and body — personal data: the
 * customer's name and address —, content hash, the PDF document that was sent and its SHA-256,
 * channel, sent and receipt dates), every DataHub
 * message (ids, document type, the document, DataHub's answer or what the poller did with an
 * inbound message), every short message (SMS or e-mail: the text, its hash, the recipient masked)
 * and, when a case closes, its final view. The proof must outlive Temporal's
 * retention of closed workflows, so it lives in a database of its own.
 *
 * The store is **append-only, enforced by the database** (triggers refuse every UPDATE, and every
 * DELETE of a row whose `expiresAt` has not passed by the database's own clock), and recording is
 * **idempotent** (a unique key per record + `INSERT … ON CONFLICT DO NOTHING`), so a retried
 * activity stores one row. Each row is kept `retentionYears` (default 5: the Danish bookkeeping
 * period) from when it was recorded, then {@link EvidenceStore.purgeExpired} deletes it.
 *
 * This file has no I/O: types, the retention arithmetic and input checks shared by both databases.
 */

/** The default retention: 5 years, the Danish bookkeeping period (bogføringsloven). */
export const DEFAULT_RETENTION_YEARS = 5;

/** Set by the store on every record: when it was written and when the retention purge may delete it. */
export interface RecordTimes {
  /** When the store wrote the row (ISO instant, UTC, from the store's clock). */
  recordedAt: string;
  /** `recordedAt` + the retention in whole calendar years (ISO instant): until then no one may delete the row. */
  expiresAt: string;
}

/** Where a record belongs: the Temporal workflow (and run) and afbryd's case id. */
export interface CaseRef {
  /** The case workflow's id (`case-<GSRN>-<customerId>`): what `readCase` is asked with. */
  workflowId: string;
  /** The workflow run, when known (an activity knows it; a unit test outside an activity does not). */
  runId?: string;
  /** The case id (`CaseInput.caseId`, used in idempotency keys; the letters print its short case number instead). */
  caseId: string;
}

/**
 * A letter as it was sent: the lawful proof of its content and of the day it counts as received.
 * `subject` and `body` are the rendered letter, with the customer's name and address: personal data,
 * which belongs in this database and never in logs or workflow history.
 */
export interface LetterEvidence extends CaseRef, RecordTimes {
  /** The letter's id (the activity's idempotency key): one row per workflow and letter id. */
  letterId: string;
  /** The activity's idempotency key (`<caseId>:<step>:<cycle>`). */
  idempotencyKey: string;
  /** The letter kind (`reminder1`, `securityDemand`, …). */
  kind: string;
  /** The channel it went on. */
  channel: 'digital' | 'letter';
  /** The rendered subject. */
  subject: string;
  /** The rendered body (includes the customer's name and address). */
  body: string;
  /** SHA-256 hex of subject and body, as sent to the channel. */
  contentHash: string;
  /** When it was sent, as the channel said (ISO instant; digital: delivered to the mailbox, letter: dispatched). */
  sentAt: string;
  /** The Danish date of `sentAt`. */
  sentDate: string;
  /** The day it counts as received (RULES 1): legal periods count from it. */
  receivedDate: string;
  /** Why `receivedDate` is that day. */
  receiptBasis: string;
  /** The channel's own id of the delivery. */
  deliveryId: string;
  /** Set when a letter meant for digital post went as a physical letter. */
  fallback?: { from: 'digital'; reason: string; detail?: string };
  /**
   * SHA-256 hex of the PDF document that was sent (#15 item 14), whose bytes
   * {@link EvidenceStore.readLetterPdf} returns. Unset for a letter recorded without one (before 0.6.1).
   */
  pdfSha256?: string;
}

/**
 * A short message (SMS or e-mail) as it was sent (issue 15 item 3, `activities/short-message.ts`): the
 * proof that same-day information reached the customer. The recipient is kept masked (the last two
 * digits, the first letter and the domain): the customer registry holds the number and the address.
 * `text` may name no one, but it is what the customer read, so it belongs here, like a letter.
 */
export interface ShortMessageEvidence extends CaseRef, RecordTimes {
  /** The activity's idempotency key: one row per workflow and key. */
  messageKey: string;
  /** The kind of message (`reopeningInformation`). */
  kind: string;
  channel: 'sms' | 'email';
  /** The recipient, masked (`maskRecipient`). */
  recipientMasked: string;
  /** The e-mail's subject; `''` for an SMS. */
  subject: string;
  /** The text as sent: the SMS, or the e-mail's body. */
  text: string;
  /** SHA-256 hex of subject and text (`shortMessageHash`), as in the receipt the case keeps. */
  contentHash: string;
  /** When the gateway accepted it (ISO instant). */
  sentAt: string;
  /** The Danish date of `sentAt`. */
  sentDate: string;
  /** The gateway's message id. */
  deliveryId: string;
}

/**
 * What became of a DataHub message.
 * - outbound, DataHub's answer: `accepted`, `duplicate` (a retry of a delivered message: 00101 /
 *   00102) or `rejected` with DataHub's code and message;
 * - inbound, what the poller did with it (`PollOutcome.result`): `delivered` to a case,
 *   `already-delivered` (a closed case had recorded it), `kept` for an operator, `partly-kept`, with
 *   the reasons anything was kept.
 */
export type DataHubOutcome =
  | { status: 'accepted' | 'duplicate'; processId?: string }
  | { status: 'rejected'; code: string; message: string }
  | { status: 'delivered' | 'already-delivered' | 'kept' | 'partly-kept' | 'master-data'; reasons?: string[] };

/** A DataHub message, sent or received, with its answer or outcome. */
export interface DataHubEvidence extends RecordTimes {
  direction: 'outbound' | 'inbound';
  /**
   * The case workflow. Always set for outbound messages; for an inbound message the case it was
   * delivered to (one record per case), unset when it matched none (kept for an operator).
   */
  workflowId?: string;
  runId?: string;
  /** afbryd's case id; unset for inbound messages (the poller knows only the workflow). */
  caseId?: string;
  /** The activity's idempotency key (outbound). */
  idempotencyKey?: string;
  /** The message id: `mRID` of an outbound document, DataHub's `MessageId` of an inbound one. */
  messageId: string;
  /** The transaction id (`MktActivityRecord.mRID`) of an outbound message. */
  transactionId?: string;
  /** The document type (`RequestEndOfSupply`, `NotifyDisconnection`, …; the domain request's kind where no CIM document was built). */
  documentType: string;
  /**
   * The document: the CIM JSON the B2B adapter POSTed or the poller peeked; where no CIM document was
   * built (the in-memory DataHub), the domain request. Ids and dates, no names or addresses.
   */
  document: unknown;
  outcome: DataHubOutcome;
  /** When it was sent (the answer arrived) or peeked (ISO instant). Records are ordered by it. */
  occurredAt: string;
}

/** A closed case's final view, so it can be shown after Temporal has dropped its history. */
export interface ClosedCaseEvidence extends CaseRef, RecordTimes {
  /** When the case closed (ISO instant, from the workflow). One record per workflow and `closedAt`. */
  closedAt: string;
  /** Why it closed (the view's `closed.reason`). */
  reason: string;
  /** The `CaseView` the workflow returned, as JSON. */
  view: unknown;
}

/**
 * What {@link EvidenceStore.recordLetter} takes: a record without the times the store sets, with the
 * PDF document as sent (its bytes; the store computes `pdfSha256`).
 */
export type NewLetterEvidence = Omit<LetterEvidence, keyof RecordTimes | 'pdfSha256'> & {
  /** The PDF document as sent to the channel (`%PDF-…`). Optional: letters from before release 0.6.1 had none. */
  pdf?: Uint8Array;
};
/** What {@link EvidenceStore.recordDataHubMessage} takes. */
export type NewDataHubEvidence = Omit<DataHubEvidence, keyof RecordTimes>;
/** What {@link EvidenceStore.recordShortMessage} takes. */
export type NewShortMessageEvidence = Omit<ShortMessageEvidence, keyof RecordTimes>;
/** What {@link EvidenceStore.recordClosedCase} takes. */
export type NewClosedCaseEvidence = Omit<ClosedCaseEvidence, keyof RecordTimes>;

/** The answer of a record method: `stored` false when the same record was there already (a retry). */
export interface RecordResult {
  stored: boolean;
}

/** Everything the archive holds for one case workflow, oldest first. */
export interface ArchivedCase {
  workflowId: string;
  /** The case id (from the closing record, else the first record that has one; `''` if none does). */
  caseId: string;
  /** The last closing of the workflow id, with the final view. */
  closed?: { at: string; reason: string; view: unknown; runId?: string; recordedAt: string; expiresAt: string };
  /** Letters by `sentAt`. */
  letters: LetterEvidence[];
  /** DataHub messages, outbound and inbound, by `occurredAt`. */
  messages: DataHubEvidence[];
  /** Short messages (SMS, e-mail) by `sentAt`; absent when there are none (issue 15 item 3). */
  shortMessages?: ShortMessageEvidence[];
}

/**
 * A case that sent a DataHub transaction (an outbound message with that `MktActivityRecord.mRID`): what
 * DataHub's answers refer to (`originalTransactionIDReference_MktActivityRecord.mRID`), so the poller
 * routes an answer to the case that asked.
 */
export interface TransactionSender {
  /** The case workflow that sent it. */
  workflowId: string;
  /** Its run, when recorded (an activity always records it). */
  runId?: string;
  /** afbryd's case id. */
  caseId?: string;
}

/**
 * The evidence archive. Implementations: `SqliteEvidenceStore` (`evidence/sqlite.ts`) and
 * `PostgresEvidenceStore` (`evidence/postgres.ts`); open one with `openEvidenceStore(config)`
 * (`evidence/open.ts`).
 * Safe to share between concurrent activities.
 */
export interface EvidenceStore {
  /** The retention applied to new records, in whole years. */
  readonly retentionYears: number;
  /**
   * Records a sent letter. Idempotent: the same workflow id + letter id a second time stores nothing
   * and answers `{ stored: false }`.
   * @throws EvidenceInputError when a required field is missing; the database's error when it cannot write.
   */
  recordLetter(e: NewLetterEvidence): Promise<RecordResult>;
  /**
   * The PDF document of a recorded letter, byte for byte as sent, or `undefined` when the letter is
   * not there (never recorded, or purged) or was recorded without one. Not part of `readCase`, which
   * lists letters without their documents.
   */
  readLetterPdf(workflowId: string, letterId: string): Promise<Uint8Array | undefined>;
  /**
   * Records a short message as sent. Idempotent: the same workflow id + message key a second time
   * stores nothing and answers `{ stored: false }`.
   */
  recordShortMessage(e: NewShortMessageEvidence): Promise<RecordResult>;
  /** Records a DataHub message. Idempotent by direction + message id + workflow id. */
  recordDataHubMessage(e: NewDataHubEvidence): Promise<RecordResult>;
  /** Records a closed case's final view. Idempotent by workflow id + `closedAt`. */
  recordClosedCase(e: NewClosedCaseEvidence): Promise<RecordResult>;
  /** Everything kept for a workflow id, or `undefined` when nothing is (never recorded, or purged). */
  readCase(workflowId: string): Promise<ArchivedCase | undefined>;
  /**
   * The cases that sent an outbound DataHub message with this transaction id, one per workflow run,
   * the first sender first (a transaction id is derived from its case's idempotency key, so there is
   * one); `[]` when none is known (never sent by afbryd, not yet recorded, or purged). Indexed.
   */
  findTransactionSenders(transactionId: string): Promise<TransactionSender[]>;
  /**
   * The cases that sent an outbound DataHub message with this message id (`mRID`), one per workflow
   * run, the first first: what an RSM-009 acknowledgement refers to (`received_MarketDocument.mRID`).
   * `[]` when none is known.
   */
  findMessageSenders(messageId: string): Promise<TransactionSender[]>;
  /**
   * Inbound DataHub messages that reached no case — kept for an operator: ones no case matched, and
   * documents the poller does not understand (stored without personal fields) —, newest first.
   * @param limit at most this many @default 100
   */
  listInboundWithoutCase(limit?: number): Promise<DataHubEvidence[]>;
  /**
   * The retention purge: deletes every record with `expiresAt <= now`, in one transaction — but never
   * one not yet expired by **the database's own clock**, which its DELETE trigger goes by: a `now`
   * ahead of the database's clock (a skewed host, a test) is capped at it.
   */
  purgeExpired(now: Date): Promise<{ deleted: number }>;
  /**
   * The master data of a metering point (issue 16 item 8): stores it unless the store holds facts
   * valid from a later instant (a newer `validFrom` wins; the same `validFrom` again replaces, so a
   * correction by an operator or a repeated import applies). Not evidence: a table that is updated,
   * never purged by retention (`master_data_metering_points`).
   * @returns `stored: false` when newer facts were kept
   * @throws EvidenceInputError on a malformed record
   */
  upsertMasterData(m: MasterDataInput): Promise<RecordResult>;
  /** The stored master data of a metering point, or `undefined`. */
  readMasterData(meteringPointId: string): Promise<MasterDataRecord | undefined>;
  /**
   * The case's short case number (issue 15 item 13; format: `evidence/case-number.ts`), allocated the
   * first time it is asked for and the same ever after: for a retry, a re-render, a continued run or
   * another version of the workflow alike, since the case id is the key. Two cases never share one
   * (unique constraints on both columns; a number already taken is drawn again, and an allocation
   * that lost a race to another process for the same case id reads the winner's). Not evidence:
   * `case_numbers`, never purged by retention, its rows never updated.
   * @param workflowId the workflow the case runs in, kept so a door finds the case by its number
   * @throws EvidenceInputError on an empty case id or workflow id
   */
  allocateCaseNumber(caseId: string, workflowId: string): Promise<string>;
  /** A case id's case number, if one was allocated (never allocates). */
  readCaseNumber(caseId: string): Promise<CaseNumberRecord | undefined>;
  /** The case a case number (as printed, `XXXX-XXXX`) was allocated to, or `undefined`. */
  findCaseNumber(caseNumber: string): Promise<CaseNumberRecord | undefined>;
  /** Closes the connections. Idempotent. */
  close(): Promise<void>;
}

/** A case's short case number (`case_numbers`, issue 15 item 13). */
export interface CaseNumberRecord {
  /** As printed: `XXXX-XXXX` (`evidence/case-number.ts`). */
  caseNumber: string;
  /** The case id (`CaseInput.caseId`). */
  caseId: string;
  /** The workflow that asked first (the case's workflow id). */
  workflowId: string;
  /** When it was allocated (ISO instant). */
  allocatedAt: string;
}

/** Checks the ids a case number is allocated for. @throws EvidenceInputError */
export function checkCaseNumberRequest(caseId: string, workflowId: string): void {
  if (typeof caseId !== 'string' || caseId.length === 0 || caseId.length > 300) throw new EvidenceInputError('case number: caseId is required (at most 300 characters)');
  if (typeof workflowId !== 'string' || workflowId.length === 0 || workflowId.length > 300) throw new EvidenceInputError('case number: workflowId is required (at most 300 characters)');
}

/** Where a metering point's master data came from. */
export type MasterDataSource = 'rsm-022' | 'billing' | 'csv-import' | 'operator';
export const MASTER_DATA_SOURCES: readonly MasterDataSource[] = ['rsm-022', 'billing', 'csv-import', 'operator'];

/**
 * What afbryd keeps of a metering point (RULES 4, 10): its grid company, whether it is hourly-settled,
 * and how the grid disconnects it. No personal data: RSM-022's customer fields never reach it.
 */
export interface MasterDataInput {
  /** 18-digit GSRN. */
  meteringPointId: string;
  /** The grid company's GLN (13 digits). */
  gridCompanyGln: string;
  hourlySettled: boolean;
  /** How the grid disconnects (RSM-022 `disconnectionMethod`); may be unknown for an hourly-settled point. */
  disconnectionMethod?: 'remote' | 'physical';
  /** Grid area (3 digits), when known. */
  gridArea?: string;
  /** From when the facts hold (ISO instant): RSM-022's `validityStart`, else when they were given. */
  validFrom: string;
  source: MasterDataSource;
  /** The source's reference: the RSM-022 message id, the import file's row, the actor. */
  sourceRef?: string;
}

/** A stored master-data row. */
export interface MasterDataRecord extends MasterDataInput {
  /** When the store last wrote the row (ISO instant). */
  updatedAt: string;
}

/** Checks a master-data record (a malformed one is refused, not stored). */
export function checkMasterData(m: MasterDataInput): void {
  const bad = (what: string) => {
    throw new EvidenceInputError(`master data: ${what}`);
  };
  if (!m || typeof m !== 'object') bad('not an object');
  if (typeof m.meteringPointId !== 'string' || !/^\d{18}$/.test(m.meteringPointId)) bad('meteringPointId must be an 18-digit GSRN');
  if (typeof m.gridCompanyGln !== 'string' || !/^\d{13}$/.test(m.gridCompanyGln)) bad('gridCompanyGln must be a 13-digit GLN');
  if (typeof m.hourlySettled !== 'boolean') bad('hourlySettled must be true or false');
  if (m.disconnectionMethod !== undefined && m.disconnectionMethod !== 'remote' && m.disconnectionMethod !== 'physical') bad('disconnectionMethod must be remote or physical');
  if (m.gridArea !== undefined && !/^\d{3}$/.test(m.gridArea)) bad('gridArea must be 3 digits');
  if (!MASTER_DATA_SOURCES.includes(m.source)) bad(`source must be one of ${MASTER_DATA_SOURCES.join(', ')}`);
  if (m.sourceRef !== undefined && (typeof m.sourceRef !== 'string' || m.sourceRef.length > 200)) bad('sourceRef must be at most 200 characters');
  isoInstant(m.validFrom, 'validFrom');
}

/** A record was missing a required field or had a malformed one. Not retryable: a retry sends the same. */
export class EvidenceInputError extends Error {
  override readonly name = 'EvidenceInputError';
}

/** Options both stores take. */
export interface EvidenceStoreOptions {
  /**
   * Years each record is kept (whole years, ≥ 1).
   * @default 5 ({@link DEFAULT_RETENTION_YEARS})
   */
  retentionYears?: number;
  /**
   * The clock that stamps `recordedAt` (tests set it to the past to make expired records).
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Draws a new case number, `XXXX-XXXX` with its check character (tests pass a fixed sequence to make
   * two cases draw the same number).
   * @default `newCaseNumber` of `evidence/case-number.ts` with `node:crypto`'s `randomInt`
   */
  drawCaseNumber?: () => string;
}

/** Checks a retention setting. @throws EvidenceInputError */
export function checkRetentionYears(years: number): number {
  if (!Number.isInteger(years) || years < 1 || years > 100) throw new EvidenceInputError(`retentionYears must be a whole number of years (1-100), not ${years}`);
  return years;
}

/** `recordedAt` and `expiresAt` (= `recordedAt` + `years` calendar years; 29 February → 1 March) of a record written at `now`. */
export function recordTimes(now: Date, years: number): RecordTimes {
  if (Number.isNaN(now.getTime())) throw new EvidenceInputError('the store clock gave an invalid date');
  const expires = new Date(now.getTime());
  expires.setUTCFullYear(expires.getUTCFullYear() + years);
  return { recordedAt: now.toISOString(), expiresAt: expires.toISOString() };
}

/** A timestamp as the UTC ISO instant with milliseconds the databases store (lexically ordered in SQLite). @throws EvidenceInputError */
export function isoInstant(value: string, field: string): string {
  const t = Date.parse(value);
  if (typeof value !== 'string' || Number.isNaN(t)) throw new EvidenceInputError(`${field} must be an ISO timestamp`);
  return new Date(t).toISOString();
}

function required(record: object, fields: readonly string[], what: string): void {
  for (const field of fields) {
    const value = (record as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value.length === 0) throw new EvidenceInputError(`${what}: ${field} is required`);
  }
}

/** Checks a letter record. @throws EvidenceInputError */
export function checkLetter(e: NewLetterEvidence): void {
  required(
    e,
    ['workflowId', 'caseId', 'letterId', 'idempotencyKey', 'kind', 'subject', 'body', 'contentHash', 'sentAt', 'sentDate', 'receivedDate', 'receiptBasis', 'deliveryId'],
    'letter evidence',
  );
  if (e.channel !== 'digital' && e.channel !== 'letter') throw new EvidenceInputError('letter evidence: channel must be digital or letter');
  if (e.pdf !== undefined && !(e.pdf instanceof Uint8Array && e.pdf.length > 5 && Buffer.from(e.pdf.subarray(0, 5)).toString('latin1') === '%PDF-')) {
    throw new EvidenceInputError('letter evidence: pdf must be the bytes of a PDF document');
  }
}

/** Checks a short-message record. @throws EvidenceInputError */
export function checkShortMessage(e: NewShortMessageEvidence): void {
  required(e, ['workflowId', 'caseId', 'messageKey', 'kind', 'recipientMasked', 'text', 'contentHash', 'sentAt', 'sentDate', 'deliveryId'], 'short-message evidence');
  if (e.channel !== 'sms' && e.channel !== 'email') throw new EvidenceInputError('short-message evidence: channel must be sms or email');
  if (typeof e.subject !== 'string') throw new EvidenceInputError('short-message evidence: subject must be a string');
  isoInstant(e.sentAt, 'sentAt');
}

/** Checks a DataHub record. @throws EvidenceInputError */
export function checkDataHubMessage(e: NewDataHubEvidence): void {
  required(e, ['messageId', 'documentType', 'occurredAt'], 'DataHub evidence');
  if (e.direction !== 'outbound' && e.direction !== 'inbound') throw new EvidenceInputError('DataHub evidence: direction must be outbound or inbound');
  if (e.direction === 'outbound') required(e, ['workflowId', 'caseId'], 'DataHub evidence (outbound)');
  if (e.workflowId !== undefined && e.workflowId.length === 0) throw new EvidenceInputError('DataHub evidence: workflowId must not be empty');
  if (e.document === undefined) throw new EvidenceInputError('DataHub evidence: document is required');
  if (!e.outcome || typeof e.outcome.status !== 'string') throw new EvidenceInputError('DataHub evidence: outcome is required');
}

/** Checks a closed-case record. @throws EvidenceInputError */
export function checkClosedCase(e: NewClosedCaseEvidence): void {
  required(e, ['workflowId', 'caseId', 'closedAt', 'reason'], 'closed-case evidence');
  if (e.view === undefined) throw new EvidenceInputError('closed-case evidence: view is required');
}

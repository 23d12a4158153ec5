/**
 * The DataHub inbound poller (RULES 10: inbound messages are pulled, not pushed). For each message:
 *
 * 1. peek (`GET {url}/api/peek/{category}`, with `Content-Type: application/json` as DataHub 3 needs) —
 *    200 with a `MessageId` header, or 204 when empty; a 415, 500 (a category DataHub does not know),
 *    401, 403 or 404 is a {@link DataHubConfigurationFault}: logged at level error with
 *    `alert: 'datahub-configuration-fault'`, counted ({@link DataHubPoller.metrics}), the other
 *    categories still drained;
 * 2. validate the document (zod, `datahub-inbound.ts`) and work out what it means for a case;
 * 3. find the case: an answer names the transaction it answers
 *    (`originalTransactionIDReference_MktActivityRecord.mRID`), and the evidence archive
 *    (`options.evidence`) knows which case run sent it (`EvidenceStore.findTransactionSenders`): that
 *    case — in the run it went on in, if it continued as new —, open or closed, with no visibility
 *    query. Only a message without a reference, or with one the archive does not know (another
 *    party's, one whose request is still being recorded, one purged), falls back to the metering
 *    point: its open case in Temporal visibility
 *    (`AfbrydMeteringPointId = '…' AND ExecutionStatus = 'Running'`; visibility is eventually
 *    consistent, so an empty answer is asked again a few times with backoff; several open cases are
 *    told apart by the transaction the document refers to);
 * 4. deliver the event with the case's `caseEvent` signal — a signal because the poller needs no
 *    answer and the case dedupes by message id (DataHub's `MessageId`);
 * 5. with an evidence archive (`options.evidence`), record the message — the peeked document and what
 *    became of it, one record per case it reached (or one without a case);
 * 6. only then dequeue (`DELETE {url}/api/dequeue/{messageId}`); a 400 (DataHub does not know the id)
 *    is logged and taken as done, and if DataHub still hands that message out the category is left
 *    for the round (`alert: 'datahub-queue-stuck'`) instead of looping.
 *
 * So a crash between 4 and 6 loses nothing: the message is peeked again, delivered again, and the case
 * records it once (a duplicate the second time). If the case closed in between, the poller finds the
 * closed case that already recorded the message (its `eventOutcome` query) and just dequeues. An
 * answer for a closed case that had not recorded it is kept for an operator at once (the case that
 * asked has closed; no other case is told).
 *
 * Messages that match no case — the grid's own disconnections (SV 2.2.4), informational answers,
 * messages for a metering point without an open case — and invalid documents are kept for an
 * operator: appended (and fsynced) to a JSON-lines file before they are dequeued. The log names ids
 * only (message id, document type, workflow id), never a document's content.
 */
import type { Registry } from 'prom-client';
import { counterFrom } from '../ops/metrics.js';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import type { EvidenceStore, TransactionSender } from '../evidence/store.js';
import { METERING_POINT_ID } from '../workflows/search-attributes.js';
import { CASE_WORKFLOW_TYPES, caseEventSignal, caseViewQuery, eventOutcomeQuery, masterDataSuppliedSignal } from '../workflows/case/definitions.js';
import { OWNER_LIABILITY_WORKFLOW_TYPE } from '../workflows/owner-liability/definitions.js';
import { REQUESTED_DISCONNECTION_WORKFLOW_TYPE } from '../workflows/requested-disconnection/definitions.js';

/**
 * The cases a DataHub message may belong to: the unpaid-invoice case (every version), owner liability
 * and requested disconnections all end in the same DataHub requests and take DataHub's answers by the
 * same `caseEvent` signal (and answer `caseView` / `eventOutcome` alike).
 */
const CASE_TYPES_FILTER = `WorkflowType IN (${[...CASE_WORKFLOW_TYPES, OWNER_LIABILITY_WORKFLOW_TYPE, REQUESTED_DISCONNECTION_WORKFLOW_TYPE].map((t) => `'${t}'`).join(', ')})`;
import { CONTENT_TYPE_JSON, DEFAULT_DIALECT_SETTINGS } from '../activities/datahub-profile.js';
import { DataHubAuthError, StaticTokenSource, sendWithTokenRetry, type BearerTokenSource } from '../activities/datahub-auth.js';
import { dropPersonalFields } from './personal-data.js';
import { MASTER_DATA_WAITING_TYPES_CLAUSE } from './master-data.js';
import { INBOUND_DOCUMENT_TYPES, interpretInbound, parseInboundDocument, type Interpretation } from './datahub-inbound.js';

/** Options of {@link DataHubPoller}. */
export interface DataHubPollerOptions {
  client: Client;
  /** DataHub's (or the simulator's) base URL. */
  baseUrl: string;
  /** The static bearer token (never logged); ignored when {@link tokenSource} is given. */
  token?: string;
  /**
   * Where the bearer token comes from (an Entra ID provider, `activities/datahub-auth.ts`): after a
   * 401 a renewable source's token is dropped and the peek or dequeue sent once more with a fresh
   * one; a second 401 is a configuration fault. @default a static source of {@link token}
   */
  tokenSource?: BearerTokenSource;
  /** Our GLN: documents addressed to another party are invalid. */
  supplierGln: string;
  /** The JSON-lines file of messages kept for an operator. */
  unmatchedFile: string;
  /** The peek categories (a setting, `AFBRYD_DATAHUB_PEEK_CATEGORIES`). @default the profile's: MasterData, MeasureData */
  categories?: readonly string[];
  /** Wait after an empty peek (or a failure), ms. @default 5000 */
  pollIntervalMs?: number;
  /** Timeout of one HTTP call, ms. @default 30000 */
  timeoutMs?: number;
  /** How often an empty visibility answer is asked again, and the first wait (doubling). @default { attempts: 5, delayMs: 250 } */
  visibility?: { attempts?: number; delayMs?: number };
  /**
   * Finds the open case of a metering point instead of Temporal visibility — for a server without
   * visibility (the time-skipping test server). @default the visibility query
   */
  locateCase?: (meteringPointId: string, transactionId?: string) => Promise<{ workflowId: string; runId?: string } | undefined>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** One structured log line (ids only). @default JSON on stdout */
  log?: (line: Record<string, unknown>) => void;
  /**
   * The evidence archive: each handled message is recorded in it (document and outcome) before it is
   * dequeued; a failed write leaves the message in the queue, to be handled again (the case dedupes).
   * It also tells which case sent the transaction an answer refers to (the DataHub activity records
   * every request it sends there), so answers are routed without visibility. Unset: nothing is
   * recorded, and every message is routed by its metering point. @default undefined
   */
  evidence?: EvidenceStore;
}

/** What became of one peeked message. */
export interface PollOutcome {
  messageId: string;
  documentType: string;
  /**
   * - `delivered`: every record went to a case;
   * - `already-delivered`: a closed case had recorded it (a redelivery after a crash);
   * - `kept`: written to the operator file (nothing matched, or invalid);
   * - `partly-kept`: some records delivered, the rest kept;
   * - `master-data`: an RSM-022 whose facts went into the master-data store (no case event).
   */
  result: 'delivered' | 'already-delivered' | 'kept' | 'partly-kept' | 'master-data';
  workflowIds: string[];
  kept: string[];
}

/** A kept message, one line of the operator file. */
export interface KeptMessage {
  keptAt: string;
  messageId: string;
  category: string;
  documentType: string;
  reasons: string[];
  error?: string;
  document: unknown;
}

/** The document type recorded for a document afbryd does not understand. */
export const NOT_UNDERSTOOD = '(not understood)';

/**
 * The inbound DataHub messages that reached no case, newest first — for an operator: documents afbryd
 * does not understand (stored without personal fields), invalid ones, answers whose case had closed,
 * messages for a metering point without an open case. From the evidence archive, where the poller
 * recorded each before dequeuing it.
 */
export async function listKeptDataHubMessages(
  evidence: EvidenceStore,
  options: { limit?: number; notUnderstoodOnly?: boolean } = {},
): Promise<{ messageId: string; documentType: string; receivedAt: string; reasons: string[]; document: unknown }[]> {
  const rows = await evidence.listInboundWithoutCase(options.limit ?? 100);
  return rows
    .filter((r) => !options.notUnderstoodOnly || r.documentType === NOT_UNDERSTOOD)
    .map((r) => ({
      messageId: r.messageId,
      documentType: r.documentType,
      receivedAt: r.occurredAt,
      reasons: 'reasons' in r.outcome ? (r.outcome.reasons ?? []) : [],
      document: r.document,
    }));
}

/** Why an answer is kept when the case that asked has closed. */
const CLOSED_SENDER = 'the case that sent the transaction it refers to has closed';

/** What became of one event: delivered to a case (or recorded by it already), or no case for it. */
type Delivery = { result: 'delivered' | 'already-delivered'; workflowId: string } | { result: 'no-case'; reason: string };

class PollerHttpError extends Error {
  override readonly name = 'PollerHttpError';
}

/**
 * DataHub refused the poller's peek or dequeue in a way no retry mends: 401/403 (token, role), 415
 * (Content-Type), 404 (URL), or a 500 (an unknown peek category throws in DataHub 3's
 * `PeekRequestListener.cs`). The poller logs it at level `error` with `alert:
 * 'datahub-configuration-fault'`, counts it ({@link PollerMetrics}), and keeps polling the other
 * categories; it is not an outage.
 */
export class DataHubConfigurationFault extends Error {
  override readonly name = 'DataHubConfigurationFault';
  constructor(
    message: string,
    readonly status: number,
    readonly category?: string,
  ) {
    super(message);
  }
}

/** The poller's counters since it started (for a metrics endpoint or a health check). */
export interface PollerMetrics {
  /** Messages peeked (a message handed out; a redelivery counts again). */
  peeked: number;
  /** Messages dequeued (DataHub took them off its queue, or no longer knew them). */
  dequeued: number;
  /** Messages kept for an operator, wholly or partly. */
  kept: number;
  /** Messages handled (delivered, kept, or both) and dequeued. */
  handled: number;
  /** Peeks or dequeues DataHub refused as a configuration fault (415, 500, 401, 403, 404). */
  configurationFaults: number;
  /** Dequeues DataHub answered 400: it did not know the message id. */
  dequeueUnknown: number;
  /** Times a category was left for this round because its head message could not be dequeued. */
  stuckQueue: number;
}

const PEEK_FAULT: Record<number, string> = {
  401: 'the bearer token was refused',
  403: 'the actor may not peek this',
  404: 'no such endpoint (AFBRYD_DATAHUB_URL)',
  415: 'the Content-Type was refused (DataHub 3 needs one on peek)',
  500: 'DataHub does not know the category (AFBRYD_DATAHUB_PEEK_CATEGORIES)',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DataHubPoller {
  private readonly baseUrl: string;
  private readonly categories: readonly string[];
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly delayMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly log: (line: Record<string, unknown>) => void;
  private keptIds: Set<string> | undefined;
  private readonly counters: PollerMetrics = { peeked: 0, dequeued: 0, kept: 0, handled: 0, configurationFaults: 0, dequeueUnknown: 0, stuckQueue: 0 };
  /** Message ids whose dequeue DataHub answered 400: peeked again, they are not handled again in a loop. */
  private readonly unknownToDequeue = new Set<string>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  private readonly tokens: BearerTokenSource;

  constructor(private readonly options: DataHubPollerOptions) {
    if (!options.tokenSource && !options.token) throw new Error('DataHubPoller needs a token or a tokenSource');
    this.tokens = options.tokenSource ?? new StaticTokenSource(options.token!);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.categories = options.categories ?? DEFAULT_DIALECT_SETTINGS.peekCategories;
    this.intervalMs = options.pollIntervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = Math.max(1, options.visibility?.attempts ?? 5);
    this.delayMs = options.visibility?.delayMs ?? 250;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.log = options.log ?? ((line) => console.log(JSON.stringify({ at: new Date().toISOString(), component: 'datahub-poller', ...line })));
  }

  /** Polls until stopped: drains every category, then waits the poll interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.pollOnce();
        } catch (err) {
          this.log({ level: 'warn', msg: 'poll failed; the message stays in the queue', error: (err as Error).message });
        }
        for (const fault of this.faults.splice(0)) {
          this.log({ level: 'error', alert: 'datahub-configuration-fault', msg: 'DataHub configuration fault: fix the configuration, the poller keeps trying', status: fault.status, category: fault.category, error: fault.message });
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.intervalMs);
        });
      }
    })();
  }

  /** Stops after the message in hand (if any) is handled. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Drains every category once: peeks, handles and dequeues until each answers 204.
   * @throws when DataHub or Temporal cannot be reached; the message in hand stays in the queue.
   */
  async pollOnce(): Promise<PollOutcome[]> {
    const outcomes: PollOutcome[] = [];
    let fault: DataHubConfigurationFault | undefined;
    for (const category of this.categories) {
      try {
        for (;;) {
          if (this.loop && !this.running) return outcomes;
          const outcome = await this.handleNext(category);
          if (!outcome) break;
          outcomes.push(outcome);
        }
      } catch (err) {
        // A configuration fault of one category (e.g. one DataHub does not know) does not stop the others.
        if (!(err instanceof DataHubConfigurationFault)) throw err;
        this.counters.configurationFaults++;
        fault ??= err;
        if (!this.loop) this.log({ level: 'error', alert: 'datahub-configuration-fault', msg: 'DataHub configuration fault', status: err.status, category, error: err.message });
        else this.faults.push(err);
      }
    }
    if (fault && !this.loop) throw fault;
    return outcomes;
  }

  /** The poller's counters since it started. */
  metrics(): PollerMetrics {
    return { ...this.counters };
  }

  /** Configuration faults of the running loop's last round, logged by the loop. */
  private readonly faults: DataHubConfigurationFault[] = [];

  private async handleNext(category: string): Promise<PollOutcome | undefined> {
    const response = await this.http(`/api/peek/${encodeURIComponent(category)}`, { method: 'GET' });
    if (response.status === 204) {
      await response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      const why = PEEK_FAULT[response.status];
      if (why) throw new DataHubConfigurationFault(`peek ${category} answered ${response.status}: ${why}`, response.status, category);
      throw new PollerHttpError(`peek ${category} answered ${response.status}`);
    }
    const messageId = response.headers.get('MessageId');
    const text = await response.text();
    if (!messageId || messageId.length > 100) throw new PollerHttpError(`peek ${category} answered without a usable MessageId header`);
    this.counters.peeked++;
    if (this.unknownToDequeue.has(messageId)) {
      // Handled already, but DataHub answered 400 to its dequeue and still hands it out: leave the
      // category for this round instead of handling it again in a loop (the case deduped it anyway).
      this.counters.stuckQueue++;
      this.log({ level: 'error', alert: 'datahub-queue-stuck', msg: 'DataHub hands out a message it refused to dequeue (400); the category is left until the next round', messageId, category });
      return undefined;
    }
    const { outcome, document } = await this.handle(category, messageId, text);
    await this.recordEvidence(outcome, document);
    await this.dequeue(messageId);
    this.counters.dequeued++;
    this.counters.handled++;
    if (outcome.result === 'kept' || outcome.result === 'partly-kept') this.counters.kept++;
    this.log({ level: 'info', msg: 'message handled', messageId, documentType: outcome.documentType, result: outcome.result, workflowIds: outcome.workflowIds });
    return outcome;
  }

  /** Records a handled message in the evidence archive: one record per case it reached, or one without a case. */
  private async recordEvidence(outcome: PollOutcome, document: unknown): Promise<void> {
    const evidence = this.options.evidence;
    if (!evidence) return;
    const occurredAt = new Date().toISOString();
    const common = {
      direction: 'inbound' as const,
      messageId: outcome.messageId,
      documentType: outcome.documentType,
      document,
      outcome: { status: outcome.result, ...(outcome.kept.length > 0 ? { reasons: outcome.kept } : {}) },
      occurredAt,
    };
    const workflowIds = [...new Set(outcome.workflowIds)];
    if (workflowIds.length === 0) await evidence.recordDataHubMessage(common);
    for (const workflowId of workflowIds) await evidence.recordDataHubMessage({ ...common, workflowId });
  }

  private async handle(category: string, messageId: string, text: string): Promise<{ outcome: PollOutcome; document: unknown }> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const document = text.slice(0, 100_000);
      await this.keep({ messageId, category, documentType: '(not JSON)', reasons: ['invalid document'], error: 'the body is not JSON', document });
      return { outcome: { messageId, documentType: '(not JSON)', result: 'kept', workflowIds: [], kept: ['invalid document'] }, document };
    }
    const rootName = body && typeof body === 'object' && !Array.isArray(body) ? (Object.keys(body)[0] ?? '') : '';
    const parsed = parseInboundDocument(body, this.options.supplierGln);
    if (!parsed.ok) {
      // Kept for an operator and in the evidence archive, without personal fields (an RSM-022 carries
      // the customer's name and CPR/CVR), then dequeued: the queue never stalls on it.
      const stored = dropPersonalFields(body);
      const name = rootName.replace(/_MarketDocument$/, '');
      if (!(INBOUND_DOCUMENT_TYPES as readonly string[]).includes(name)) {
        // A document afbryd does not understand. Its root's name is input: repeated (and logged) only
        // when it has the shape of a document name.
        const shaped = /^[A-Za-z]{1,60}_MarketDocument$/.test(rootName) ? rootName : '(an unsupported root element)';
        const reason = `not understood: ${shaped}`;
        await this.keep({ messageId, category, documentType: NOT_UNDERSTOOD, reasons: [reason], error: parsed.error, document: stored });
        return { outcome: { messageId, documentType: NOT_UNDERSTOOD, result: 'kept', workflowIds: [], kept: [reason] }, document: stored };
      }
      await this.keep({ messageId, category, documentType: name, reasons: ['invalid document'], error: parsed.error, document: stored });
      return { outcome: { messageId, documentType: name, result: 'kept', workflowIds: [], kept: ['invalid document'] }, document: stored };
    }
    const documentType = parsed.doc.documentType;
    const kept: string[] = [];
    const workflowIds: string[] = [];
    let alreadyDelivered = 0;
    let masterData = 0;
    for (const item of interpretInbound(parsed.doc, messageId)) {
      if (item.kind === 'keep') {
        kept.push(item.reason);
        continue;
      }
      if (item.kind === 'master-data') {
        // RSM-022: the facts into the master-data store (the evidence archive's database), then a
        // nudge to a case that waits for them. Only the facts: the customer's fields are never read.
        const store = this.options.evidence;
        if (!store) {
          kept.push('master data (RSM-022), but no master-data store is configured (the evidence archive)');
          continue;
        }
        const { meteringPointId, gridCompanyGln, hourlySettled, disconnectionMethod, gridArea, validFrom } = item.facts;
        await store.upsertMasterData({
          meteringPointId,
          gridCompanyGln,
          hourlySettled,
          ...(disconnectionMethod ? { disconnectionMethod } : {}),
          ...(gridArea ? { gridArea } : {}),
          validFrom,
          source: 'rsm-022',
          sourceRef: messageId,
        });
        masterData++;
        await this.nudgeWaitingCases(meteringPointId);
        continue;
      }
      const delivered = await this.deliver(item);
      if (delivered.result === 'no-case') kept.push(delivered.reason);
      else {
        workflowIds.push(delivered.workflowId);
        if (delivered.result === 'already-delivered') alreadyDelivered++;
      }
    }
    const stored = dropPersonalFields(body);
    if (kept.length > 0) await this.keep({ messageId, category, documentType, reasons: kept, document: stored });
    const result: PollOutcome['result'] =
      kept.length === 0
        ? masterData > 0 && workflowIds.length === 0
          ? 'master-data'
          : alreadyDelivered > 0 && alreadyDelivered === workflowIds.length
            ? 'already-delivered'
            : 'delivered'
        : workflowIds.length > 0 || masterData > 0
          ? 'partly-kept'
          : 'kept';
    return { outcome: { messageId, documentType, result, workflowIds, kept }, document: stored };
  }

  /** Finds the case of an event and signals it: the case that sent the transaction it answers, else by metering point. */
  private async deliver(item: Extract<Interpretation, { kind: 'event' }>): Promise<Delivery> {
    const sender = (await this.senderOf(item.originalTransactionId)) ?? (await this.senderOfMessage(item.originalMessageId));
    if (sender) return this.deliverToSender(item, sender);
    const meteringPointId = item.meteringPointId;
    if (!meteringPointId) {
      // A rejection without a metering point, or an RSM-009: only the sender could have it.
      return { result: 'no-case', reason: 'no metering point, and the transaction or message it refers to is not one the archive knows' };
    }
    const closedMeanwhile: { workflowId: string; runId?: string }[] = [];
    for (let round = 0; round < 2; round++) {
      const found = this.options.locateCase
        ? await this.options.locateCase(meteringPointId, item.originalTransactionId)
        : await this.findOpenCase(meteringPointId, item.originalTransactionId);
      if (found === 'ambiguous') {
        return { result: 'no-case', reason: 'several open cases for the metering point, none of them sent the transaction it refers to' };
      }
      if (!found) break;
      try {
        await this.options.client.workflow.getHandle(found.workflowId, found.runId).signal(caseEventSignal, item.event);
        return { result: 'delivered', workflowId: found.workflowId };
      } catch (err) {
        // The run closed between the lookup and the signal (or visibility lags behind): look again.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        closedMeanwhile.push(found);
      }
    }
    const recordedBy = await this.closedCaseThatRecorded(meteringPointId, item.event.messageId, closedMeanwhile);
    if (recordedBy) return { result: 'already-delivered', workflowId: recordedBy };
    return { result: 'no-case', reason: 'no open case for the metering point' };
  }

  /**
   * Tells the open case(s) of a metering point that master data arrived (`masterDataSupplied`): a case
   * waiting for it — version 2, owner liability or requested disconnection ({@link MASTER_DATA_WAITING_TYPES_CLAUSE}) —
   * looks again at once. Best effort — the case also looks again by
   * itself — so a failure is logged, never thrown.
   */
  private async nudgeWaitingCases(meteringPointId: string): Promise<void> {
    try {
      const runs: { workflowId: string; runId?: string }[] = [];
      if (this.options.locateCase) {
        const found = await this.options.locateCase(meteringPointId);
        if (found) runs.push(found);
      } else {
        const query = `${METERING_POINT_ID.name} = '${meteringPointId}' AND ${MASTER_DATA_WAITING_TYPES_CLAUSE} AND ExecutionStatus = 'Running'`;
        for await (const wf of this.options.client.workflow.list({ query, pageSize: 20 })) {
          runs.push({ workflowId: wf.workflowId, runId: wf.runId });
          if (runs.length >= 20) break;
        }
      }
      for (const run of runs) await this.options.client.workflow.getHandle(run.workflowId, run.runId).signal(masterDataSuppliedSignal).catch(() => undefined);
    } catch (err) {
      this.log({ level: 'warn', msg: 'could not tell the open cases of a metering point that master data arrived (they look again by themselves)', error: (err as Error).message });
    }
  }

  /** The case run that sent the message an RSM-009 acknowledges, from the evidence archive (as {@link senderOf}). */
  private async senderOfMessage(messageId: string | undefined): Promise<TransactionSender | undefined> {
    const evidence = this.options.evidence;
    if (!evidence || !messageId) return undefined;
    const senders = await evidence.findMessageSenders(messageId);
    return senders.length === 1 ? senders[0] : undefined;
  }

  /**
   * The case run that sent the transaction an answer refers to, from the evidence archive; undefined
   * when there is no reference, no archive, or the archive knows no single sender.
   * @throws when the archive cannot be read: the message stays in the queue (it could not be recorded either)
   */
  private async senderOf(transactionId: string | undefined): Promise<TransactionSender | undefined> {
    const evidence = this.options.evidence;
    if (!evidence || !transactionId) return undefined;
    const senders = await evidence.findTransactionSenders(transactionId);
    // Several (never with afbryd's derived ids): the metering point decides, as without the archive.
    return senders.length === 1 ? senders[0] : undefined;
  }

  /**
   * Signals the case that sent the transaction: the run that sent it, or — that run continued as new
   * — the run the same case goes on in. A case that has closed is not signalled and no other case is
   * told: if it recorded the message before it closed (delivered, then the poller crashed before its
   * dequeue), it was delivered; otherwise the answer came after the case closed and is kept.
   */
  private async deliverToSender(item: Extract<Interpretation, { kind: 'event' }>, sender: TransactionSender): Promise<Delivery> {
    const { messageId } = item.event;
    let run: { workflowId: string; runId?: string } = sender;
    for (let hop = 0; hop < 10; hop++) {
      try {
        await this.options.client.workflow.getHandle(run.workflowId, run.runId).signal(caseEventSignal, item.event);
        return { result: 'delivered', workflowId: run.workflowId };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      const next = await this.continuation(run);
      if (next === 'closed') break;
      if (next === 'lost') {
        // The case went on in runs a newer case has since followed (rare): the closed runs of the
        // metering point that may have recorded it, as for a message without a known transaction.
        const recordedBy = await this.closedCaseThatRecorded(item.meteringPointId ?? '', messageId, [run]);
        if (recordedBy) return { result: 'already-delivered', workflowId: recordedBy };
        return { result: 'no-case', reason: CLOSED_SENDER };
      }
      run = next;
    }
    if (await this.recorded(run, messageId)) return { result: 'already-delivered', workflowId: run.workflowId };
    return { result: 'no-case', reason: CLOSED_SENDER };
  }

  /**
   * Where a run that refused a signal went: `closed` (it ended, or no run id is known: the latest run
   * refused), the run the same case continued in (continue-as-new: the workflow id's latest run, of
   * the same chain — `firstRunId`), or `lost` (it continued, but the latest run is another case's).
   */
  private async continuation(run: { workflowId: string; runId?: string }): Promise<{ workflowId: string; runId: string } | 'closed' | 'lost'> {
    if (!run.runId) return 'closed';
    const chainOf = (d: WorkflowExecutionDescription) => d.raw.workflowExecutionInfo?.firstRunId || undefined;
    let ended: WorkflowExecutionDescription;
    try {
      ended = await this.options.client.workflow.getHandle(run.workflowId, run.runId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'closed'; // Temporal no longer keeps it
      throw err;
    }
    if (ended.status.name !== 'CONTINUED_AS_NEW') return 'closed';
    const latest = await this.options.client.workflow
      .getHandle(run.workflowId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
    if (!latest || latest.runId === run.runId || !chainOf(ended) || chainOf(latest) !== chainOf(ended)) return 'lost';
    return { workflowId: run.workflowId, runId: latest.runId };
  }

  /** Whether a case run (open or closed) recorded a message: its `eventOutcome` query, asked for at most 5 s. */
  private async recorded(c: { workflowId: string; runId?: string }, messageId: string): Promise<boolean> {
    const handle = this.options.client.workflow.getHandle(c.workflowId, c.runId);
    const outcome = await this.options.client.withDeadline(Date.now() + 5000, () => handle.query(eventOutcomeQuery, messageId)).catch(() => null);
    return Boolean(outcome);
  }

  /** The running case of a metering point, asked again with backoff while visibility catches up. */
  private async findOpenCase(meteringPointId: string, transactionId?: string): Promise<{ workflowId: string; runId: string } | 'ambiguous' | undefined> {
    if (!/^\d{18}$/.test(meteringPointId)) return undefined;
    const query = `${METERING_POINT_ID.name} = '${meteringPointId}' AND ${CASE_TYPES_FILTER} AND ExecutionStatus = 'Running'`;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const found: { workflowId: string; runId: string }[] = [];
      for await (const wf of this.options.client.workflow.list({ query, pageSize: 20 })) {
        found.push({ workflowId: wf.workflowId, runId: wf.runId });
        if (found.length >= 20) break;
      }
      if (found.length === 1) return found[0];
      if (found.length > 1) {
        if (!transactionId) return 'ambiguous';
        const matching: { workflowId: string; runId: string }[] = [];
        for (const f of found) {
          const view = await this.options.client.workflow.getHandle(f.workflowId, f.runId).query(caseViewQuery).catch(() => undefined);
          if (view?.request?.transactionId === transactionId) matching.push(f);
        }
        return matching.length === 1 ? matching[0] : 'ambiguous';
      }
      if (attempt < this.attempts - 1) await sleep(this.delayMs * 2 ** attempt);
    }
    return undefined;
  }

  /**
   * A recent closed case of the metering point that already recorded the message (a redelivery after
   * a crash): the runs that just refused a signal first, then the last few closed cases in visibility.
   */
  private async closedCaseThatRecorded(
    meteringPointId: string,
    messageId: string,
    candidates: { workflowId: string; runId?: string }[],
  ): Promise<string | undefined> {
    const recorded = (c: { workflowId: string; runId?: string }) => this.recorded(c, messageId);
    for (const c of candidates) if (await recorded(c)) return c.workflowId;
    if (this.options.locateCase || !/^\d{18}$/.test(meteringPointId)) return undefined;
    const query = `${METERING_POINT_ID.name} = '${meteringPointId}' AND ${CASE_TYPES_FILTER} AND ExecutionStatus != 'Running'`;
    let looked = 0;
    try {
      for await (const wf of this.options.client.workflow.list({ query, pageSize: 5 })) {
        if (looked++ >= 5) break;
        if (await recorded(wf)) return wf.workflowId;
      }
    } catch {
      // No visibility (or it failed): keep the message for an operator rather than guess.
    }
    return undefined;
  }

  /** Appends a kept message to the operator file (once per message id) and fsyncs it. */
  private async keep(message: Omit<KeptMessage, 'keptAt'>): Promise<void> {
    const file = this.options.unmatchedFile;
    if (!this.keptIds) {
      this.keptIds = new Set();
      const existing = await readFile(file, 'utf8').catch(() => '');
      for (const line of existing.split('\n')) {
        try {
          const id = (JSON.parse(line) as { messageId?: unknown }).messageId;
          if (typeof id === 'string') this.keptIds.add(id);
        } catch {
          // a torn last line: ignore
        }
      }
    }
    if (this.keptIds.has(message.messageId)) return;
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(file, 'a');
    try {
      await handle.appendFile(`${JSON.stringify({ keptAt: new Date().toISOString(), ...message } satisfies KeptMessage)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.keptIds.add(message.messageId);
    this.log({ level: 'info', msg: 'message kept for an operator', messageId: message.messageId, documentType: message.documentType, file });
  }

  private async dequeue(messageId: string): Promise<void> {
    const response = await this.http(`/api/dequeue/${encodeURIComponent(messageId)}`, { method: 'DELETE' });
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 200 || response.status === 204) return;
    if (response.status === 400 || response.status === 404) {
      // DataHub 3 answers 400 to an id it does not know (DequeueRequestListener.cs): dequeued already
      // (an answer lost on the way back). The message is recorded; remember it, so that a DataHub that
      // still hands it out does not make the poller handle it again and again.
      this.counters.dequeueUnknown++;
      this.unknownToDequeue.add(messageId);
      if (this.unknownToDequeue.size > 1000) this.unknownToDequeue.delete(this.unknownToDequeue.values().next().value!);
      this.log({ level: 'warn', msg: 'dequeue answered that DataHub does not know the message id; taken as dequeued', messageId, status: response.status });
      return;
    }
    const why = PEEK_FAULT[response.status];
    if (why && response.status !== 500) throw new DataHubConfigurationFault(`dequeue ${messageId} answered ${response.status}: ${why}`, response.status);
    throw new PollerHttpError(`dequeue ${messageId} answered ${response.status}`);
  }

  /** One call; a 401 with a renewable token is sent once more with a fresh token (see {@link DataHubPollerOptions.tokenSource}). */
  private async http(path: string, init: RequestInit): Promise<Response> {
    return sendWithTokenRetry(this.tokens, () => this.bearer(init.method, path), (token) => this.httpOnce(path, init, token));
  }

  private async bearer(method: string | undefined, path: string): Promise<string> {
    try {
      return await this.tokens.token();
    } catch (err) {
      if (err instanceof DataHubAuthError && err.configuration) {
        throw new DataHubConfigurationFault(`${method} ${path}: no token: ${err.message} (the AFBRYD_DATAHUB_ENTRA_* settings)`, 401);
      }
      throw new PollerHttpError(`DataHub not reachable (${method} ${path}): ${(err as Error).message}`);
    }
  }

  private async httpOnce(path: string, init: RequestInit, token: string): Promise<Response> {
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, {
        ...init,
        // DataHub 3 picks the document format from Content-Type, on a GET too, and answers 415 without it.
        headers: { authorization: `Bearer ${token}`, accept: CONTENT_TYPE_JSON, 'content-type': CONTENT_TYPE_JSON },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new PollerHttpError(`DataHub not reachable (${init.method} ${path}): ${(err as Error).message}`);
    }
  }
}

/** The poller's counters as Prometheus counters of `registry` (its `/metrics`, ops/metrics.ts), read at each scrape. */
export function registerPollerMetrics(registry: Registry, poller: { metrics(): PollerMetrics }): void {
  const read = (pick: (m: PollerMetrics) => number) => () => pick(poller.metrics());
  counterFrom(registry, 'afbryd_datahub_messages_peeked_total', 'Messages peeked from DataHub since the poller started', read((m) => m.peeked));
  counterFrom(registry, 'afbryd_datahub_messages_dequeued_total', 'Messages handled and dequeued since the poller started', read((m) => m.dequeued));
  counterFrom(registry, 'afbryd_datahub_messages_kept_total', 'Messages kept for an operator (no case matched)', read((m) => m.kept));
  counterFrom(registry, 'afbryd_datahub_configuration_faults_total', 'Peeks or dequeues DataHub refused as a configuration fault', read((m) => m.configurationFaults));
}

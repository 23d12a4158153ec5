/**
 * The chaos run's verdict, from the parties' own delivery logs — not from afbryd's view of itself:
 *
 * - **letters** (the simulated digital post's and print post's durable log, `AFBRYD_SIM_MAIL_LOG`):
 *   per (case, letter kind, cycle) exactly one distinct delivery, counted by idempotency key — the
 *   simulators' dedupe table lives in the worker's memory and dies with it, so a letter retried after a
 *   kill is delivered again under the same key (a real service dedupes by key durably): such repeats
 *   and the dedupe's own answers are *duplicates seen*, a second key is a *duplicate found*; and exactly
 *   the letters the case's script sends;
 * - **DataHub requests** (the DataHub simulator's log, `GET /sim/log`): per (metering point, process,
 *   cut-off) exactly one distinct message, counted by `mRID` over the messages DataHub processed; and
 *   exactly the processes the script needs, one message each;
 * - **DataHub's messages to afbryd** (`GET /sim/queues`, `GET /sim/dequeued`, the poller's file of kept
 *   messages, the cases' timelines): every message DataHub queued was dequeued; each reached exactly
 *   one case — whose timeline shows it applied once — or was kept for an operator, never both (an
 *   RSM-022 goes into the master-data store instead: neither);
 * - **the cases** (their final view, from Temporal): each closed with the reason its script expects.
 *
 * Pure: the run (`run.ts`) gathers the evidence, this file judges it.
 */
import type { CaseView } from '../../workflows/case/definitions.js';
import type { MailLogLine } from '../../worker/chaos-hooks.js';
import { EXPECTED, type PlannedCase } from './plan.js';

/** One entry of the DataHub simulator's delivery log (`GET /sim/log`), as far as the checks read it. */
export interface SimLogEntry {
  seq: number;
  at: string;
  documentType: string;
  messageId?: string;
  meteringPointIds: string[];
  outcome: 'accepted' | 'duplicate' | 'rejected' | 'unauthorised' | 'failed' | 'lost-answer';
  code?: string;
  document: unknown;
}

/** A message DataHub's queue handed over (`GET /sim/dequeued`). */
export interface DequeuedMessage {
  messageId: string;
  documentType: string;
  peeks: number;
  dequeueAttempts: number;
}

/** A case at the end: its workflow status and final view (unset when it could not be read). */
export interface CaseEnd {
  status: string;
  view?: Pick<CaseView, 'stage' | 'closed' | 'timeline'>;
  error?: string;
}

export interface ChaosEvidence {
  cases: readonly PlannedCase[];
  ends: ReadonlyMap<string, CaseEnd>;
  mailLog: readonly MailLogLine[];
  simLog: readonly SimLogEntry[];
  dequeued: readonly DequeuedMessage[];
  /** Messages still in DataHub's queues at the end. */
  queued: readonly { messageId: string; documentType: string }[];
  /** Message ids in the poller's file of kept messages. */
  kept: readonly string[];
  /** Message ids of the RSM-022s the poller stored as master data (no case; issue 16 item 8). @default [] */
  masterData?: readonly string[];
}

export interface ChaosCounts {
  cases: number;
  /** Cases that ended as their script expects. */
  casesAsExpected: number;
  /** Distinct letters delivered (by idempotency key). */
  letters: number;
  /** Calls to the mail parties (every attempt, duplicates and failures included). */
  mailCalls: number;
  /** Retried letters the dedupe answered (nothing delivered). */
  mailRetriesDeduped: number;
  /** Letters delivered again under a key already delivered (the worker that knew it was killed). */
  mailRedeliveredSameKey: number;
  /** Letters whose answer the simulator lost on purpose (test-only fault). */
  mailLostAnswers: number;
  /** Distinct DataHub requests processed (by mRID). */
  requests: number;
  /** Messages DataHub received (every attempt). */
  datahubCalls: number;
  /** Retried requests DataHub answered "duplicate" (00101/00102). */
  datahubDuplicatesAnswered: number;
  /** Requests DataHub processed and whose answer was lost (simulated fault): retried. */
  datahubLostAnswers: number;
  /** Requests DataHub failed before processing (simulated fault): retried. */
  datahubFailures: number;
  /** Messages DataHub queued for afbryd and afbryd dequeued. */
  inbound: number;
  /** Inbound messages peeked more than once (a poller killed between peek and dequeue, or a failed dequeue). */
  inboundRedelivered: number;
  /** Inbound messages kept for an operator (matching no open case: informational answers, late confirmations). */
  inboundKept: number;
  /**
   * Inbound messages their case recorded as rejected (e.g. DataHub's confirmation arriving before the
   * case had recorded its own request, which a killed worker delays): recorded once, so no violation,
   * but the case is flagged for attention. Listed in `rejectedInbound`.
   */
  inboundRejectedByCase: number;
  /** Duplicate deliveries seen (retries, expected > 0 under kills): mail dedupe + same-key redeliveries + DataHub duplicates + inbound redeliveries. */
  duplicatesSeen: number;
  /** Violations found (must be 0). */
  violations: number;
}

export interface ChaosVerdict {
  counts: ChaosCounts;
  violations: string[];
  /** `<workflowId>: <the case's line>` for each inbound message its case rejected. */
  rejectedInbound: string[];
}

const DELIVERED = new Set(['delivered', 'dispatched']);
const PROCESSED = new Set(['accepted', 'lost-answer']);

/** The document's first record, if the document has the CIM shape. */
function firstRecord(entry: SimLogEntry): Record<string, unknown> | undefined {
  const root = (entry.document as Record<string, unknown> | undefined)?.[`${entry.documentType}_MarketDocument`];
  const records = (root as { MktActivityRecord?: unknown } | undefined)?.MktActivityRecord;
  return Array.isArray(records) ? (records[0] as Record<string, unknown> | undefined) : undefined;
}

/** The process of a request: its document type, with the service type of an RSM-020. */
export function processOf(entry: SimLogEntry): string {
  const service = (firstRecord(entry)?.serviceType as { value?: unknown } | undefined)?.value;
  return entry.documentType === 'RequestService' && typeof service === 'string' ? `RequestService:${service}` : entry.documentType;
}

/** The cut-off (or service / start date) of a request; a cancellation's is the transaction it cancels. */
export function cutoffOf(entry: SimLogEntry): string {
  const r = firstRecord(entry);
  const date = r?.['start_DateAndOrTime.dateTime'];
  if (typeof date === 'string') return date;
  const ref = r?.['originalTransactionIDReference_MktActivityRecord.mRID'];
  return typeof ref === 'string' ? `ref:${ref}` : '-';
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key) ?? new Set<V>();
  set.add(value);
  map.set(key, set);
}

/** Judges a run. */
export function judge(e: ChaosEvidence): ChaosVerdict {
  const violations: string[] = [];
  const byCaseId = new Map(e.cases.map((c) => [c.caseId, c]));
  const byPoint = new Map(e.cases.map((c) => [c.meteringPointId, c]));

  // ----- the cases' end
  let casesAsExpected = 0;
  for (const c of e.cases) {
    const end = e.ends.get(c.workflowId);
    const want = EXPECTED[c.script].closedReason;
    if (!end?.view) {
      violations.push(`case ${c.workflowId} (${c.script}): could not be read (${end?.status ?? 'unknown'}${end?.error ? `: ${end.error}` : ''})`);
    } else if (end.status !== 'COMPLETED' || end.view.closed?.reason !== want) {
      violations.push(
        `case ${c.workflowId} (${c.script}): expected closed (${want}), found ${end.status} at stage ${end.view.stage}${end.view.closed ? ` closed (${end.view.closed.reason})` : ''}`,
      );
    } else casesAsExpected++;
  }

  // ----- letters, from the mail parties' log
  const keysByLetter = new Map<string, Set<string>>();
  const deliveredKeys = new Map<string, number>();
  let mailCalls = 0;
  let mailRetriesDeduped = 0;
  let mailLostAnswers = 0;
  for (const line of e.mailLog) {
    const c = line.caseId ? byCaseId.get(line.caseId) : undefined;
    if (!c) continue; // not a case of this run
    mailCalls++;
    if (line.answerLost) mailLostAnswers++;
    if (line.duplicate) mailRetriesDeduped++;
    if (line.conflict) violations.push(`letter ${line.idempotencyKey}: one key, two contents (${line.channel})`);
    if (line.duplicate || !DELIVERED.has(line.outcome)) continue;
    add(keysByLetter, `${c.caseId}\u0000${line.letterKind}\u0000${line.cycle}`, line.idempotencyKey);
    deliveredKeys.set(line.idempotencyKey, (deliveredKeys.get(line.idempotencyKey) ?? 0) + 1);
  }
  const mailRedeliveredSameKey = [...deliveredKeys.values()].reduce((n, times) => n + times - 1, 0);
  const lettersOf = new Map<string, string[]>();
  for (const [group, keys] of keysByLetter) {
    const [caseId, kind, cycle] = group.split('\u0000') as [string, string, string];
    const c = byCaseId.get(caseId)!;
    if (keys.size !== 1) {
      violations.push(`case ${c.workflowId}: ${keys.size} distinct deliveries of letter ${kind} (cycle ${cycle}): ${[...keys].join(', ')}`);
    }
    lettersOf.set(caseId, [...(lettersOf.get(caseId) ?? []), cycle === '0' ? kind : `${kind}@${cycle}`]);
  }
  for (const c of e.cases) {
    const got = [...(lettersOf.get(c.caseId) ?? [])].sort();
    const want = [...EXPECTED[c.script].letters].sort();
    if (got.join() !== want.join()) {
      violations.push(`case ${c.workflowId} (${c.script}): letters delivered [${got.join(', ')}], expected [${want.join(', ')}]`);
    }
  }

  // ----- DataHub requests, from DataHub's log
  const mridsByCutoff = new Map<string, Set<string>>();
  const mridsByProcess = new Map<string, Set<string>>();
  const requestIds = new Set<string>();
  let datahubCalls = 0;
  let datahubDuplicatesAnswered = 0;
  let datahubLostAnswers = 0;
  let datahubFailures = 0;
  for (const entry of e.simLog) {
    const point = entry.meteringPointIds.find((p) => byPoint.has(p));
    if (!point) continue;
    datahubCalls++;
    if (entry.outcome === 'duplicate') datahubDuplicatesAnswered++;
    if (entry.outcome === 'failed') datahubFailures++;
    if (entry.outcome === 'lost-answer') datahubLostAnswers++;
    if (entry.outcome === 'rejected' || entry.outcome === 'unauthorised') {
      violations.push(`DataHub refused ${entry.documentType} ${entry.messageId ?? '(no mRID)'} for ${point}: ${entry.outcome}${entry.code ? ` ${entry.code}` : ''}`);
    }
    if (!PROCESSED.has(entry.outcome) || !entry.messageId) continue;
    const process = processOf(entry);
    add(mridsByCutoff, `${point}\u0000${process}\u0000${cutoffOf(entry)}`, entry.messageId);
    add(mridsByProcess, `${point}\u0000${process}`, entry.messageId);
    requestIds.add(entry.messageId);
  }
  for (const [group, ids] of mridsByCutoff) {
    if (ids.size === 1) continue;
    const [point, process, cutoff] = group.split('\u0000') as [string, string, string];
    violations.push(`metering point ${point}: ${ids.size} distinct ${process} messages for cut-off ${cutoff}: ${[...ids].join(', ')}`);
  }
  for (const c of e.cases) {
    const got: string[] = [];
    for (const [group, ids] of mridsByProcess) {
      const [point, process] = group.split('\u0000') as [string, string];
      if (point !== c.meteringPointId) continue;
      got.push(...Array.from({ length: ids.size }, () => process));
    }
    got.sort();
    const want = [...EXPECTED[c.script].datahub].sort();
    if (got.join() !== want.join()) {
      violations.push(`case ${c.workflowId} (${c.script}): DataHub received [${got.join(', ')}], expected [${want.join(', ')}]`);
    }
  }

  // ----- DataHub's messages to afbryd: none lost, none applied twice
  for (const m of e.queued) violations.push(`DataHub message ${m.messageId} (${m.documentType}) was never dequeued`);
  const kept = new Set(e.kept);
  const masterData = new Set(e.masterData ?? []);
  const linesByMessage = new Map<string, { workflowId: string; what: string[] }[]>();
  for (const c of e.cases) {
    const timeline = e.ends.get(c.workflowId)?.view?.timeline ?? [];
    const mine = new Map<string, string[]>();
    for (const t of timeline) {
      if (t.cause.type !== 'event') continue;
      mine.set(t.cause.messageId, [...(mine.get(t.cause.messageId) ?? []), t.what]);
    }
    for (const [id, what] of mine) linesByMessage.set(id, [...(linesByMessage.get(id) ?? []), { workflowId: c.workflowId, what }]);
  }
  let inboundRedelivered = 0;
  let inboundKept = 0;
  const rejectedInbound: string[] = [];
  const seen = new Set<string>();
  for (const m of e.dequeued) {
    if (seen.has(m.messageId)) violations.push(`DataHub message ${m.messageId} was dequeued twice`);
    seen.add(m.messageId);
    if (m.peeks > 1) inboundRedelivered++;
    const hits = linesByMessage.get(m.messageId) ?? [];
    const isKept = kept.has(m.messageId);
    if (isKept) inboundKept++;
    if (masterData.has(m.messageId)) {
      if (hits.length > 0 || isKept) violations.push(`DataHub message ${m.messageId} (${m.documentType}) was stored as master data and also reached a case or was kept`);
      continue;
    }
    if (hits.length === 0 && !isKept) violations.push(`DataHub message ${m.messageId} (${m.documentType}) was dequeued but neither reached a case nor was kept: lost`);
    if (hits.length > 1) violations.push(`DataHub message ${m.messageId} (${m.documentType}) reached ${hits.length} cases: ${hits.map((h) => h.workflowId).join(', ')}`);
    if (hits.length > 0 && isKept) violations.push(`DataHub message ${m.messageId} (${m.documentType}) reached ${hits[0]!.workflowId} and was also kept for an operator`);
    for (const h of hits) {
      const rejected = h.what.find((w) => w.startsWith('message rejected: '));
      if (rejected) rejectedInbound.push(`${h.workflowId}: ${m.documentType} ${m.messageId}: ${rejected}`);
      const twice = h.what.filter((w, i) => h.what.indexOf(w) !== i);
      if (twice.length > 0) violations.push(`DataHub message ${m.messageId} (${m.documentType}) applied more than once by ${h.workflowId}: ${twice.join('; ')}`);
    }
  }

  const duplicatesSeen = mailRetriesDeduped + mailRedeliveredSameKey + datahubDuplicatesAnswered + inboundRedelivered;
  return {
    violations,
    rejectedInbound,
    counts: {
      cases: e.cases.length,
      casesAsExpected,
      letters: deliveredKeys.size,
      mailCalls,
      mailRetriesDeduped,
      mailRedeliveredSameKey,
      mailLostAnswers,
      requests: requestIds.size,
      datahubCalls,
      datahubDuplicatesAnswered,
      datahubLostAnswers,
      datahubFailures,
      inbound: e.dequeued.length,
      inboundRedelivered,
      inboundKept,
      inboundRejectedByCase: rejectedInbound.length,
      duplicatesSeen,
      violations: violations.length,
    },
  };
}

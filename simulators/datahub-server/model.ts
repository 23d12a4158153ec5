/**
 * DataHub 3 and the grid companies behind it, in memory, on a controllable clock: the B2B interface's
 * validation (RULES 10), the supplier's peek/dequeue queue, and the grid company that carries out an
 * end of supply (RULES 4, 2.6, 5, 7). Everything that happens is driven by {@link DataHubModel.runDue}
 * — by a timer on the system clock, or by `POST /sim/advance` on a manual clock — so tests are
 * deterministic; random choices come from a seeded PRNG.
 *
 * The grid's behaviour, by RULES section:
 * - 10: an end of supply (RSM-005, E20) is accepted ≥ 3 working days (counted from the first working
 *   day on or after the day it is received) and ≤ 60 calendar days before its cut-off; otherwise
 *   E17. Unknown metering point E10, another supplier's point E16, a disconnected point D16.
 * - 4: the grid disconnects on a disconnection day of the customer class inside the window from the
 *   cut-off to the window deadline (`disconnectOn`: random, first or last of those days).
 * - 2.6: at 08:00 on that day it checks for a cancellation; a cancellation after 08:00 is honoured,
 *   but the fee of a physical disconnection applies, and if the grid has already disconnected it
 *   reopens without undue delay (and reports no disconnection).
 * - 5: with probability `refusalRate` (`refusalRateFlagged` for requests with special
 *   circumstances D09–D13) it does not disconnect and reports one of `refusalCodes` (RSM-020
 *   RejectRequestService). A further RSM-020 D09–D13 in the process re-plans from its date.
 * - 4: it reports the disconnection (RSM-021-like NotifyConnectionStatus, E23, with a meter reading)
 *   the same day or the next working day (`reportOn`), at `reportTime`.
 * - 7: a reopening (RSM-020 D03) is carried out the same day if it arrives by 11:00 (physical) /
 *   14:00 (remote) on a working day, else the next working day, within normal hours (the rules'
 *   calendar), plus `reopenDelayMinutes`; after a completed end of supply only for the supplier that
 *   registered a start of supply (BRS-009) since.
 */
import { z } from 'zod';
import {
  addDays,
  addWorkingDays,
  copenhagenInstant,
  copenhagenLocalTime,
  expectedReopening,
  firstWorkingDayOnOrAfter,
  gridWindow,
  isIsoDate,
  nextWorkingDay,
} from '../../rules/index.js';
import {
  ERROR,
  CATEGORIES,
  categoryOf,
  CIRCUMSTANCE_SERVICE_TYPES,
  CONNECTION_STATE,
  DATAHUB_GLN,
  DEFAULT_METERING_POINTS,
  DEFAULT_SUPPLIER,
  INCOMING_DOCUMENT_TYPES,
  PROCESS,
  REFUSAL_CODES,
  REFUSAL_TEXT,
  REJECTION,
  ROLE,
  ANSWER,
  OUTGOING_TYPE,
  type Category,
  type IncomingDocumentType,
  type MeteringPointFixture,
  type OutgoingDocumentType,
  type RefusalCode,
} from './fixtures.js';
import {
  acknowledgementDocument,
  accountingPointCharacteristicsDocument,
  errorBody,
  outgoingDocument,
  parseIncoming,
  type CancellationRecord,
  type ChangeOfSupplierRecord,
  type EndOfSupplyRecord,
  type ErrorBody,
  type ErrorLine,
  unauthorisedBody,
  type OutgoingRecord,
  type ParsedIncoming,
  type ServiceRecord,
} from './documents.js';

const MINUTE = 60_000;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

/** How the simulated DataHub and grid behave. Every field can be changed at run time (`POST /sim/behaviour`). */
export const behaviourSchema = z
  .object({
    /** Probability that the grid does not disconnect (RULES 5). @default 0.1 */
    refusalRate: z.number().min(0).max(1),
    /** The same for a request carrying special circumstances (D09–D13). @default 0 */
    refusalRateFlagged: z.number().min(0).max(1),
    /** The reasons the grid picks from when it refuses. @default D41, D42, D43, D44, D58 */
    refusalCodes: z.array(z.enum(REFUSAL_CODES)).min(1),
    /** Minutes until DataHub's answer (confirm / reject) is in the queue. @default 1 */
    answerDelayMinutes: z.number().min(0).max(24 * 60),
    /** Which disconnection day of the window the grid picks. @default 'random' */
    disconnectOn: z.enum(['random', 'first', 'last']),
    /** Local time the grid disconnects (after its 08:00 check). @default '10:00' */
    disconnectTime: hhmm.refine((t) => t > '08:00', 'must be after the 08:00 cancellation check'),
    /** When the grid reports a disconnection, refusal or reopening. @default 'next-working-day' */
    reportOn: z.enum(['same-day', 'next-working-day']),
    /** Local time of those reports. @default '09:00' */
    reportTime: hhmm,
    /** Minutes the grid needs to reopen once it starts. @default 30 */
    reopenDelayMinutes: z.number().min(0).max(8 * 60),
    /**
     * What the grid charges, in øre, for a cancellation after 08:00 on the day (the fee of a physical
     * disconnection, SV 2.4), forwarded as a NotifyGridCharge. Illustrative. @default 85000
     */
    lateCancellationFeeOre: z.number().int().min(0).max(10_000_000),
    /** What the grid charges, in øre, for a futile visit (a physical meter it could not disconnect). Illustrative. @default 85000 */
    futileVisitFeeOre: z.number().int().min(0).max(10_000_000),
    /**
     * Business rejections (E10, E16, E17, D16) as DataHub 3 sends them — asynchronously, as a Reject
     * document in the queue — or synchronously as a 400 (handy in tests). @default 'async'
     */
    businessValidation: z.enum(['async', 'sync']),
    /** Probability of a 503 on an incoming message before it is processed. @default 0 */
    failureRate: z.number().min(0).max(1),
    /** Probability of a 503 after an incoming message was processed (the answer is lost). @default 0 */
    lostAnswerRate: z.number().min(0).max(1),
    /** Delay before answering an incoming message, in ms. @default 0 */
    latencyMs: z.number().int().min(0).max(600_000),
    /**
     * Dequeue: normally, with a 503 (nothing dequeued), hanging until the server closes, or `unknown`:
     * a 400 as for an id DataHub does not know, while the message stays at the head of the queue (a
     * DataHub that lost track of it). @default 'normal'
     */
    dequeue: z.enum(['normal', 'fail', 'hang', 'unknown']),
    /**
     * The peek categories served; any other answers 500 as DataHub 3 does. `['aggregations',
     * 'measuredata']` is Energinet's snapshot, where master data had no category.
     * @default ['masterdata', 'aggregations', 'measuredata']
     */
    peekCategories: z.array(z.enum(CATEGORIES)).min(1),
  })
  .strict();
export type GridBehaviour = z.infer<typeof behaviourSchema>;

export const DEFAULT_BEHAVIOUR: GridBehaviour = {
  refusalRate: 0.1,
  refusalRateFlagged: 0,
  refusalCodes: [...REFUSAL_CODES],
  answerDelayMinutes: 1,
  disconnectOn: 'random',
  disconnectTime: '10:00',
  reportOn: 'next-working-day',
  reportTime: '09:00',
  reopenDelayMinutes: 30,
  lateCancellationFeeOre: 85_000,
  futileVisitFeeOre: 85_000,
  businessValidation: 'async',
  failureRate: 0,
  lostAnswerRate: 0,
  latencyMs: 0,
  dequeue: 'normal',
  peekCategories: [...CATEGORIES],
};

/** The clock: the system's, or a manual one moved by `POST /sim/clock` and `POST /sim/advance`. */
export type ClockSetting = { mode: 'system' } | { mode: 'manual'; now: string };

/** One fault to inject into the next incoming message (`POST /sim/faults`). */
export const faultSchema = z
  .object({
    /** `before`: answer without processing; `after`: process, then answer with the status (a lost answer). */
    when: z.enum(['before', 'after']),
    /** 5xx; or, `before` only, a 401, 403 or 415 (a refused token, role or Content-Type). */
    status: z.number().int().min(401).max(599).default(503),
  })
  .strict();
export type Fault = z.infer<typeof faultSchema>;

/** Options of {@link DataHubModel}. */
export interface DataHubModelOptions {
  /** @default 1 */
  seed?: number;
  /** @default { mode: 'system' } */
  clock?: ClockSetting;
  /** @default {@link DEFAULT_BEHAVIOUR} */
  behaviour?: Partial<GridBehaviour>;
  /** Static bearer token → the party's GLN (the embedded stack); Entra ID JWTs are checked by `entra.ts`. @default { 'afbryd-dev-token': '5799999911118' } */
  parties?: Record<string, string>;
  /** @default {@link DEFAULT_METERING_POINTS} */
  meteringPoints?: readonly MeteringPointFixture[];
  /**
   * Send an RSM-022 AccountingPointCharacteristics to a point's supplier whenever a metering point is
   * added or changed (the seeded ones at start and reset), as DataHub does when a supplier takes a
   * point over. Off in the model (tests that count queued messages); the process turns it on
   * (`AFBRYD_DATAHUB_SIM_RSM022`). `POST /sim/metering-points/{gsrn}/rsm022` sends one at any time.
   * @default false
   */
  masterDataNotices?: boolean;
}

/** One incoming message as DataHub received it: the delivery log (`GET /sim/log`), duplicates included. */
export interface LogEntry {
  seq: number;
  /** Simulated time of receipt, ISO. */
  at: string;
  documentType: string;
  messageId?: string;
  transactionIds: string[];
  meteringPointIds: string[];
  senderGln?: string;
  httpStatus: number;
  outcome: 'accepted' | 'duplicate' | 'rejected' | 'unauthorised' | 'failed' | 'lost-answer';
  /** The error code(s) of a 400, `+`-joined (e.g. `00101+00102`); `HTTP-500` for an unknown document type. */
  code?: string;
  /** True when every error was 00101 / 00102: a retry of a delivered message. */
  duplicate: boolean;
  /** The document used afbryd's legacy `specialCircumstance` on RSM-005 (not CIM; accepted until afbryd sends RSM-020). */
  legacy?: boolean;
  document: unknown;
}

/** A message waiting in a party's queue. */
export interface QueuedMessage {
  messageId: string;
  category: Category;
  documentType: string;
  enqueuedAt: string;
  peeks: number;
  dequeueAttempts: number;
  document: Record<string, unknown>;
}

interface Point extends Omit<MeteringPointFixture, 'supplierGln'> {
  supplierGln: string | null;
  connectionState: 'E22' | 'E23';
  /** The actual stop date of a completed end of supply. */
  stopDate?: string;
  /** After a completed end of supply: reopening needs a start of supply (BRS-009) first. */
  awaitingStartOfSupply: boolean;
  history: { at: string; state: 'E22' | 'E23'; cause: string }[];
}

type ProcessKind = 'end-of-supply' | 'disconnect-service' | 'reopen' | 'meter-check' | 'start-of-supply';
type ProcessStatus =
  | 'planned'
  | 'committed'
  | 'disconnected'
  | 'reported'
  | 'refused'
  | 'cancelled'
  | 'reopen-planned'
  | 'reopened'
  | 'done'
  | 'ended';

/** A process DataHub runs for a request, and what the grid did in it. */
export interface SimProcess {
  processId: string;
  kind: ProcessKind;
  transactionId: string;
  messageId: string;
  supplierGln: string;
  meteringPointId: string;
  /** The cut-off date (or the service date). */
  cutoff?: string;
  windowDeadline?: string;
  plannedDay?: string;
  /** +1 each time the process is re-planned; stale grid actions are skipped. */
  plan: number;
  flagged: boolean;
  status: ProcessStatus;
  cancellation?: { at: string; late: boolean };
  refusal?: RefusalCode;
  meterReadingKwh?: number;
  fees: string[];
  events: { at: string; what: string }[];
}

type Action =
  | { type: 'deliver'; receiverGln: string; documentType: OutgoingDocumentType; document: Record<string, unknown>; messageId: string }
  | { type: 'check-cancellation' | 'disconnect' | 'report' | 'reopen' | 'report-reopening'; processId: string; plan: number };
type Scheduled = Action & { at: number; seq: number };

/** What the HTTP layer answers to an incoming message. */
export interface IncomingResult {
  status: number;
  body?: unknown;
  delayMs: number;
}

/** mulberry32: a small seeded PRNG, enough for a simulator. */
function prngOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function localDate(ms: number): string {
  return copenhagenLocalTime(ms).date;
}

function localMidnightIso(date: string): string {
  return new Date(copenhagenInstant(date, '00:00')).toISOString();
}

export class DataHubModel {
  private readonly options: DataHubModelOptions;
  private prng!: () => number;
  private clock!: { mode: 'system' | 'manual' };
  private manualMs = 0;
  private behaviour!: GridBehaviour;
  private parties!: Map<string, string>;
  private points!: Map<string, Point>;
  private processes!: Map<string, SimProcess>;
  private seenMessages!: Set<string>;
  private seenTransactions!: Set<string>;
  private actions!: Scheduled[];
  private seq = 0;
  private queues!: Map<string, QueuedMessage[]>;
  private dequeuedMessages!: (Omit<QueuedMessage, 'document'> & { party: string; dequeuedAt: string })[];
  private readonly deliveryLog: LogEntry[] = [];
  private faults: Fault[] = [];

  constructor(options: DataHubModelOptions = {}) {
    this.options = options;
    this.reset();
  }

  /** Back to the start: fixtures, empty queues, log and processes; optionally a new seed. */
  reset(seed?: number): void {
    this.prng = prngOf(seed ?? this.options.seed ?? 1);
    this.setClock(this.options.clock ?? { mode: 'system' }, false);
    this.behaviour = behaviourSchema.parse({ ...DEFAULT_BEHAVIOUR, ...this.options.behaviour });
    this.parties = new Map(Object.entries(this.options.parties ?? { [DEFAULT_SUPPLIER.token]: DEFAULT_SUPPLIER.gln }));
    this.points = new Map();
    this.processes = new Map();
    this.seenMessages = new Set();
    this.seenTransactions = new Set();
    this.actions = [];
    this.queues = new Map();
    this.dequeuedMessages = [];
    this.deliveryLog.length = 0;
    this.faults = [];
    // Last: with master-data notices on, each seeded point queues its RSM-022.
    for (const p of this.options.meteringPoints ?? DEFAULT_METERING_POINTS) this.upsertMeteringPoint(p);
  }

  // ---------------------------------------------------------------------------------------------
  // Clock

  /** The simulated time, ms since the epoch. */
  now(): number {
    return this.clock.mode === 'system' ? Date.now() : this.manualMs;
  }

  clockState(): { mode: 'system' | 'manual'; now: string; local: string } {
    const now = this.now();
    return { mode: this.clock.mode, now: new Date(now).toISOString(), local: copenhagenLocalTime(now).local };
  }

  /**
   * Sets the clock. A manual clock moved forward runs the grid's actions due on the way (each at its
   * own time); moved back, nothing runs.
   */
  setClock(setting: ClockSetting, run = true): void {
    const from = this.clock ? this.now() : Date.now();
    if (setting.mode === 'system') {
      this.clock = { mode: 'system' };
      if (run) this.runDue(Date.now());
      return;
    }
    const target = Date.parse(setting.now);
    if (!Number.isFinite(target)) throw new RangeError(`"${setting.now}" is not an instant`);
    this.clock = { mode: 'manual' };
    this.manualMs = from;
    if (run && target > from) this.runDue(target);
    this.manualMs = target;
  }

  /** Moves a manual clock forward to `to`, running every grid action due on the way. */
  advance(to: number): void {
    if (this.clock.mode === 'system') throw new RangeError('the clock is the system clock: set a manual clock first (POST /sim/clock)');
    if (to < this.manualMs) throw new RangeError('the clock only moves forward');
    this.runDue(to);
    this.manualMs = to;
  }

  /** Runs the grid's actions due up to `to` (inclusive), each at its own time. */
  runDue(to: number): number {
    let ran = 0;
    for (;;) {
      const next = this.actions[0];
      if (!next || next.at > to) break;
      this.actions.shift();
      if (this.clock.mode === 'manual') this.manualMs = Math.max(this.manualMs, next.at);
      this.execute(next);
      ran++;
    }
    return ran;
  }

  private schedule(at: number, action: Action): void {
    const entry = { ...action, at, seq: this.seq++ } as Scheduled;
    let i = this.actions.length;
    while (i > 0 && (this.actions[i - 1]!.at > at)) i--;
    this.actions.splice(i, 0, entry);
  }

  // ---------------------------------------------------------------------------------------------
  // Settings and fixtures

  getBehaviour(): GridBehaviour {
    return { ...this.behaviour, refusalCodes: [...this.behaviour.refusalCodes], peekCategories: [...this.behaviour.peekCategories] };
  }

  /** Changes some of the behaviour. @throws ZodError for a bad value (nothing changes). */
  setBehaviour(patch: Partial<GridBehaviour>): GridBehaviour {
    this.behaviour = behaviourSchema.parse({ ...this.behaviour, ...patch });
    return this.getBehaviour();
  }

  addFaults(faults: Fault[]): void {
    this.faults.push(...faults);
  }

  upsertMeteringPoint(p: MeteringPointFixture): void {
    const existing = this.points.get(p.meteringPointId);
    const changed = !existing || existing.meterKind !== p.meterKind || existing.gridCompanyGln !== p.gridCompanyGln;
    this.points.set(p.meteringPointId, {
      ...p,
      supplierGln: p.supplierGln ?? DEFAULT_SUPPLIER.gln,
      connectionState: existing?.connectionState ?? CONNECTION_STATE.connected,
      awaitingStartOfSupply: existing?.awaitingStartOfSupply ?? false,
      history: existing?.history ?? [],
      ...(existing?.stopDate ? { stopDate: existing.stopDate } : {}),
    });
    if (changed && this.options.masterDataNotices) this.sendMasterData(p.meteringPointId);
  }

  /**
   * Queues an RSM-022 AccountingPointCharacteristics of a metering point for its supplier (MasterData
   * category), valid from now. @returns its message id, or undefined for an unknown point
   */
  sendMasterData(meteringPointId: string): { messageId: string } | undefined {
    const p = this.points.get(meteringPointId);
    if (!p || !p.supplierGln) return undefined;
    const messageId = this.uuid();
    const now = this.now();
    const at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const document = accountingPointCharacteristicsDocument({
      messageId,
      transactionId: this.uuid(),
      receiverGln: p.supplierGln,
      createdDateTime: at,
      validityStart: at,
      point: p,
    });
    this.enqueue(p.supplierGln, 'AccountingPointCharacteristics', document, messageId, now);
    return { messageId };
  }

  /** Master data of a metering point (simulator-only endpoint). */
  meteringPoint(id: string):
    | (Omit<MeteringPointFixture, 'supplierGln'> & { connectionState: string; supplierGln: string | null; stopDate?: string })
    | undefined {
    const p = this.points.get(id);
    if (!p) return undefined;
    return {
      meteringPointId: p.meteringPointId,
      meterKind: p.meterKind,
      customerClass: p.customerClass,
      gridCompanyGln: p.gridCompanyGln,
      supplierGln: p.supplierGln,
      connectionState: p.connectionState,
      ...(p.stopDate ? { stopDate: p.stopDate } : {}),
    };
  }

  /** The GLN a static bearer token stands for, if any (a JWT is checked by the server with `entra.ts`). */
  partyOf(authorization: string | undefined): string | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    return m ? this.parties.get(m[1]!) : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Incoming messages

  /** `POST /api/incomingMessages/{documentType}`, from `sender` (the GLN its bearer token stands for; undefined: refused). */
  incoming(documentType: string, body: unknown, sender: string | undefined): IncomingResult {
    const at = new Date(this.now()).toISOString();
    const delayMs = this.behaviour.latencyMs;
    const log = (entry: Omit<LogEntry, 'seq' | 'at' | 'documentType' | 'document' | 'transactionIds' | 'meteringPointIds' | 'duplicate'> & Partial<LogEntry>) => {
      const full: LogEntry = {
        seq: this.deliveryLog.length + 1,
        at,
        documentType,
        transactionIds: [],
        meteringPointIds: [],
        duplicate: false,
        document: body,
        ...entry,
      };
      this.deliveryLog.push(full);
      return full;
    };
    const ids = peekIds(documentType, body);

    if (!sender) {
      log({ ...ids, httpStatus: 401, outcome: 'unauthorised' });
      return { status: 401, body: unauthorisedBody(), delayMs };
    }
    const fault = this.faults.shift() ?? this.rollFault();
    if (fault?.when === 'before') {
      log({ ...ids, httpStatus: fault.status, outcome: 'failed' });
      return { status: fault.status, body: { error: 'simulated failure (nothing was processed)' }, delayMs };
    }
    const result = this.process(documentType, body, sender);
    const entry = log({
      ...ids,
      senderGln: sender,
      httpStatus: result.status,
      outcome: result.outcome,
      duplicate: result.outcome === 'duplicate',
      ...(result.code ? { code: result.code } : {}),
      ...(result.legacy ? { legacy: true } : {}),
    });
    if (fault?.when === 'after') {
      entry.httpStatus = fault.status;
      entry.outcome = 'lost-answer';
      return { status: fault.status, body: { error: 'simulated failure after processing (the answer was lost)' }, delayMs };
    }
    return { status: result.status, ...(result.body ? { body: result.body } : {}), delayMs };
  }

  private rollFault(): Fault | undefined {
    const { failureRate, lostAnswerRate } = this.behaviour;
    if (failureRate === 0 && lostAnswerRate === 0) return undefined;
    const r = this.prng();
    if (r < failureRate) return { when: 'before', status: 503 };
    if (r < failureRate + lostAnswerRate) return { when: 'after', status: 503 };
    return undefined;
  }

  private process(
    documentType: string,
    body: unknown,
    sender: string,
  ): { status: number; body?: ErrorBody; outcome: LogEntry['outcome']; code?: string; legacy?: boolean } {
    const reject = (errors: ErrorLine[]) => {
      const codes = errors.map((e) => e.Code);
      return {
        status: 400,
        body: errorBody(errors),
        // A retry of a delivered message: every error says "seen before" (00101 / 00102).
        outcome: (codes.every((c) => c === ERROR.duplicateMessageId || c === ERROR.duplicateTransactionId) ? 'duplicate' : 'rejected') as LogEntry['outcome'],
        code: codes.join('+'),
      };
    };
    const type = (Object.keys(INCOMING_DOCUMENT_TYPES) as IncomingDocumentType[]).find((t) => t.toLowerCase() === documentType.toLowerCase());
    if (!type) {
      // IncomingDocumentType.FromName throws for a name it does not know: an unhandled 500, no body.
      return { status: 500, outcome: 'failed', code: 'HTTP-500' };
    }
    const parsed = parseIncoming(type, body);
    if (!parsed.ok) return reject(parsed.errors);
    const doc = parsed.doc;
    const h = doc.header;
    const expected = INCOMING_DOCUMENT_TYPES[type];

    // DataHub's checks (ValidationErrors/*.cs), all of them reported at once (JsonResponseFactory.cs).
    const errors: ErrorLine[] = [];
    const error = (Code: string, Message: string, Target: string) => errors.push({ Code, Message, Target });
    if (h.mRID.length === 0) error(ERROR.emptyMessageId, 'The id of the message cannot be empty', 'MessageId');
    else if (h.mRID.length > 36) error(ERROR.messageIdTooLong, `Message id ${h.mRID} is invalid. Must contain at most 36 characters.`, 'MessageId');
    else if (this.seenMessages.has(`${h.senderGln}:${h.mRID}`)) error(ERROR.duplicateMessageId, `Message id '${h.mRID}' is not unique`, 'MessageId');
    const txIds = doc.records.map((r) => r.mRID);
    for (const tx of new Set(txIds)) {
      if (tx.length === 0) error(ERROR.emptyTransactionId, 'Transaction id cannot be empty', 'TransactionId');
      else if (tx.length > 36) error(ERROR.transactionIdTooLong, `Transaction id ${tx} is invalid. Must contain at most 36 characters.`, 'transactionId');
      else if (this.seenTransactions.has(`${h.senderGln}:${tx}`) || txIds.indexOf(tx) !== txIds.lastIndexOf(tx)) {
        error(ERROR.duplicateTransactionId, `Transaction id '${tx}' is not unique and will not be processed.`, 'TransactionId');
      }
    }
    if (h.receiverGln !== DATAHUB_GLN) error(ERROR.invalidReceiverId, `Receiver id ${h.receiverGln} is not a valid receiver`, 'ReceiverId');
    if (h.receiverRole !== ROLE.dataHub) error(ERROR.invalidReceiverRole, 'Invalid receiver role', 'marketRole.type');
    if (h.senderRole !== ROLE.supplier) error(ERROR.senderRoleNotAuthorised, 'Sender role type is not authorized to use this type of message', 'SenderRole');
    if (h.senderGln !== sender) error(ERROR.senderNotAuthenticatedActor, 'Sender id does not match id of current authenticated user', 'SenderId');
    if (h.type !== expected.messageType) error(ERROR.messageTypeNotSupported, `The type ${h.type} is not supported`, 'Type');
    if (!(expected.processTypes as readonly string[]).includes(h.processType)) {
      error(ERROR.processTypeNotSupported, `The process type ${h.processType} is not support`, 'ProcessType');
    }
    if (errors.length > 0) return reject(errors);
    const legacy = doc.records.some((r) => 'specialCircumstance' in r && r.specialCircumstance !== undefined);

    // Business rules, per transaction.
    const decisions = doc.records.map((record) => this.decide(doc, record));
    const firstRejection = decisions.find((d): d is Rejected => d.kind === 'reject');
    if (this.behaviour.businessValidation === 'sync' && firstRejection) {
      return reject([{ Code: firstRejection.code, Message: firstRejection.text, Target: 'MktActivityRecord' }]);
    }
    // Only accepted messages are remembered: a message refused with a 400 and sent again is checked
    // again, never answered "duplicate" (which the sender would take for a delivered message).
    this.seenMessages.add(`${h.senderGln}:${h.mRID}`);
    for (const tx of txIds) this.seenTransactions.add(`${h.senderGln}:${tx}`);
    for (const [i, decision] of decisions.entries()) this.apply(doc, doc.records[i]!, decision);
    return { status: 202, outcome: 'accepted', ...(legacy ? { legacy: true } : {}) };
  }

  // ---------------------------------------------------------------------------------------------
  // Business rules

  private decide(doc: ParsedIncoming, record: ParsedIncoming['records'][number]): Decision {
    const sender = doc.header.senderGln;
    const gsrn = record['marketEvaluationPoint.mRID'].value;
    const point = /^\d{18}$/.test(gsrn) ? this.points.get(gsrn) : undefined;
    if (!point) return rejected(REJECTION.unknownMeteringPoint, `metering point ${gsrn} is not identifiable`);
    const today = localDate(this.now());

    switch (doc.documentType) {
      case 'RequestEndOfSupply': {
        const r = record as EndOfSupplyRecord;
        if (point.supplierGln !== sender) return rejected(REJECTION.unauthorisedSupplier, 'the sender is not the supplier of the metering point');
        if (point.connectionState !== CONNECTION_STATE.connected) return rejected(REJECTION.incorrectConnectionStatus, 'the metering point is not connected');
        const cutoff = this.localDateOf(r['start_DateAndOrTime.dateTime']);
        const limits = this.cutoffLimits(today);
        if (!cutoff || !limits || cutoff < limits.earliest || cutoff > limits.latest) {
          return rejected(
            REJECTION.dateOutsideLimits,
            `the cut-off date ${cutoff ?? '(invalid)'} is outside the time limits${limits ? ` (${limits.earliest} … ${limits.latest})` : ''}`,
          );
        }
        return { kind: 'end-of-supply', point, cutoff, flagged: (r.specialCircumstance ?? []).length > 0 };
      }
      case 'RequestService': {
        const r = record as ServiceRecord;
        const service = r.serviceType.value;
        const date = this.localDateOf(r['start_DateAndOrTime.dateTime']);
        const inRange = date !== undefined && date >= today && date <= addDays(today, 60);
        if (CIRCUMSTANCE_SERVICE_TYPES.includes(service)) {
          const ref = r['businessProcessReference_MktActivityRecord.mRID'] ?? r['originalTransactionIDReference_MktActivityRecord.mRID'];
          const process = ref ? this.findProcess(ref, sender, gsrn) : undefined;
          if (!process || (process.kind !== 'end-of-supply' && process.kind !== 'disconnect-service')) {
            return rejected(REJECTION.unknownReference, 'no end-of-supply process to add special circumstances to', 'RejectRequestService');
          }
          if (!['planned', 'committed', 'refused'].includes(process.status)) {
            return rejected(REJECTION.serviceRequestRejected, `the process is ${process.status}`, 'RejectRequestService');
          }
          if (!inRange) return rejected(REJECTION.dateOutsideLimits, `the date ${date ?? '(invalid)'} is outside today … 60 days`, 'RejectRequestService');
          return { kind: 'flag', process, date: date!, service };
        }
        if (service === 'D01') {
          if (point.supplierGln !== sender) return rejected(REJECTION.unauthorisedSupplier, 'the sender is not the supplier of the metering point', 'RejectRequestService');
          if (point.connectionState !== CONNECTION_STATE.connected) return rejected(REJECTION.incorrectConnectionStatus, 'the metering point is not connected', 'RejectRequestService');
          if (!inRange) return rejected(REJECTION.dateOutsideLimits, `the date ${date ?? '(invalid)'} is outside today … 60 days`, 'RejectRequestService');
          return { kind: 'disconnect-service', point, cutoff: date! };
        }
        if (service === 'D03') {
          if (point.connectionState !== CONNECTION_STATE.disconnected) {
            return rejected(REJECTION.incorrectConnectionStatus, 'the metering point is not disconnected', 'RejectRequestService');
          }
          if (point.supplierGln !== sender) {
            return rejected(
              REJECTION.unauthorisedSupplier,
              point.awaitingStartOfSupply ? 'register the start of supply (BRS-009) before the reopening' : 'the sender is not the supplier of the metering point',
              'RejectRequestService',
            );
          }
          return { kind: 'reopen', point };
        }
        return { kind: 'meter-check', point };
      }
      case 'RequestCancellation': {
        const r = record as CancellationRecord;
        const process = this.findProcess(r['originalTransactionIDReference_MktActivityRecord.mRID'], sender, gsrn);
        if (!process) return rejected(REJECTION.unknownReference, 'no process with that transaction id', 'RejectRequestCancellation');
        if (process.status === 'reported' || process.status === 'reopened' || process.status === 'done' || process.status === 'ended') {
          return rejected(REJECTION.incorrectConnectionStatus, `the process is completed (${process.status}); it cannot be cancelled`, 'RejectRequestCancellation');
        }
        return { kind: 'cancel', process };
      }
      case 'RequestChangeOfSupplier': {
        const r = record as ChangeOfSupplierRecord;
        const date = this.localDateOf(r['start_DateAndOrTime.dateTime']);
        if (!date) return rejected(REJECTION.dateOutsideLimits, 'invalid start date', 'RejectRequestChangeOfSupplier');
        if (point.stopDate && date < point.stopDate) {
          return rejected(REJECTION.dateOutsideLimits, `the start date ${date} is before the actual stop date ${point.stopDate}`, 'RejectRequestChangeOfSupplier');
        }
        return { kind: 'start-of-supply', point, date, moveIn: doc.header.processType === PROCESS.moveIn };
      }
    }
  }

  private apply(doc: ParsedIncoming, record: ParsedIncoming['records'][number], decision: Decision): void {
    const h = doc.header;
    const now = this.now();
    const answerAt = now + this.behaviour.answerDelayMinutes * MINUTE;
    const gsrn = record['marketEvaluationPoint.mRID'].value;
    const base = { meteringPointId: gsrn, originalTransactionId: record.mRID };

    if (decision.kind === 'reject') {
      const rejectType = decision.documentType ?? (`Reject${doc.documentType}` as OutgoingDocumentType);
      this.answer(answerAt, rejectType, h.processType, h.senderGln, ANSWER.rejected, {
        ...base,
        ...(doc.documentType === 'RequestService' ? { serviceType: (record as ServiceRecord).serviceType.value } : {}),
        reasons: [{ code: decision.code, text: decision.text }],
      });
      return;
    }
    const newProcess = (kind: ProcessKind, extra: Partial<SimProcess> = {}): SimProcess => {
      const p: SimProcess = {
        processId: this.uuid(),
        kind,
        transactionId: record.mRID,
        messageId: h.mRID,
        supplierGln: h.senderGln,
        meteringPointId: gsrn,
        plan: 0,
        flagged: false,
        status: 'planned',
        fees: [],
        events: [{ at: new Date(now).toISOString(), what: `received ${doc.documentType} (${h.processType})` }],
        ...extra,
      };
      this.processes.set(p.processId, p);
      return p;
    };

    switch (decision.kind) {
      case 'end-of-supply':
      case 'disconnect-service': {
        const p = newProcess(decision.kind, { cutoff: decision.cutoff, flagged: decision.kind === 'end-of-supply' && decision.flagged });
        const isEos = decision.kind === 'end-of-supply';
        this.answer(answerAt, isEos ? 'ConfirmRequestEndOfSupply' : 'ConfirmRequestService', h.processType, h.senderGln, ANSWER.accepted, {
          ...base,
          processId: p.processId,
          ...(isEos ? {} : { serviceType: 'D01' }),
        });
        this.planDisconnection(p, decision.cutoff, decision.point);
        return;
      }
      case 'flag': {
        const p = decision.process;
        p.flagged = true;
        p.status = 'planned';
        p.events.push({ at: new Date(now).toISOString(), what: `further request ${decision.service} with date ${decision.date}` });
        this.answer(answerAt, 'ConfirmRequestService', h.processType, h.senderGln, ANSWER.accepted, {
          ...base,
          processId: p.processId,
          serviceType: decision.service,
        });
        this.planDisconnection(p, decision.date, this.points.get(p.meteringPointId)!);
        return;
      }
      case 'reopen': {
        const p = newProcess('reopen', { status: 'reopen-planned' });
        this.answer(answerAt, 'ConfirmRequestService', h.processType, h.senderGln, ANSWER.accepted, {
          ...base,
          processId: p.processId,
          serviceType: 'D03',
        });
        const local = copenhagenLocalTime(now);
        const expected = expectedReopening({ at: local.local, meter: decision.point.meterKind });
        const start = Math.max(now, copenhagenInstant(expected.date, expected.from));
        const at = Math.min(start + this.behaviour.reopenDelayMinutes * MINUTE, copenhagenInstant(expected.date, expected.to));
        p.plannedDay = expected.date;
        p.events.push({ at: new Date(now).toISOString(), what: `reopening planned ${expected.date} (${expected.basis})` });
        this.schedule(Math.max(at, now), { type: 'reopen', processId: p.processId, plan: p.plan });
        return;
      }
      case 'meter-check': {
        const p = newProcess('meter-check', { status: 'done' });
        this.answer(answerAt, 'ConfirmRequestService', h.processType, h.senderGln, ANSWER.accepted, {
          ...base,
          processId: p.processId,
          serviceType: (record as ServiceRecord).serviceType.value,
        });
        return;
      }
      case 'cancel': {
        const p = decision.process;
        const nowIso = new Date(now).toISOString();
        let text = 'cancelled';
        if (p.status === 'planned' || p.status === 'refused' || p.status === 'reopen-planned') {
          p.cancellation = { at: nowIso, late: false };
          p.status = 'cancelled';
          p.plan++;
        } else if (p.status === 'committed' || p.status === 'disconnected') {
          // After the 08:00 check (RULES 2.6): honoured, but the fee of a physical disconnection applies.
          p.cancellation = { at: nowIso, late: true };
          p.fees.push('late cancellation after 08:00: the fee of a physical disconnection (SV 2.4)');
          text = 'cancelled after 08:00 on the day of disconnection: the fee of a physical disconnection applies (SV 2.4)';
          if (p.status === 'disconnected') {
            // Disconnected but not yet reported: the grid reopens without undue delay.
            this.schedule(now + this.behaviour.reopenDelayMinutes * MINUTE, { type: 'reopen', processId: p.processId, plan: p.plan });
            p.plan++;
            p.status = 'cancelled';
          }
        }
        p.events.push({ at: nowIso, what: text });
        this.answer(answerAt, 'ConfirmRequestCancellation', h.processType, h.senderGln, ANSWER.accepted, {
          ...base,
          processId: p.processId,
          reasons: [{ code: ANSWER.accepted, text }],
        });
        if (p.cancellation?.late) {
          // The grid charges its fee; DataHub forwards it to the supplier (SV 2.4).
          this.answer(answerAt, 'NotifyGridCharge', h.processType, p.supplierGln, undefined, {
            meteringPointId: p.meteringPointId,
            originalTransactionId: p.transactionId,
            processId: p.processId,
            dateTime: localMidnightIso(p.plannedDay ?? copenhagenLocalTime(now).date),
            charge: { id: this.uuid(), kind: 'late-cancellation', amountOre: this.behaviour.lateCancellationFeeOre },
          });
        }
        return;
      }
      case 'start-of-supply': {
        const point = decision.point;
        const old = point.supplierGln;
        point.supplierGln = h.senderGln;
        point.awaitingStartOfSupply = false;
        const p = newProcess('start-of-supply', { status: 'done', cutoff: decision.date });
        this.answer(answerAt, 'ConfirmRequestChangeOfSupplier', h.processType, h.senderGln, ANSWER.accepted, {
          ...base,
          processId: p.processId,
        });
        if (old && old !== h.senderGln) {
          // The old supplier is told its supply ends; a pending end of supply ends with it (RULES 10).
          for (const other of this.processes.values()) {
            if (other.meteringPointId === gsrn && other.supplierGln === old && ['planned', 'committed', 'refused'].includes(other.status)) {
              other.status = 'ended';
              other.plan++;
            }
          }
          // RSM-004 GenericNotification tells the old supplier (RULES 10).
          this.answer(answerAt, 'GenericNotification', decision.moveIn ? PROCESS.moveIn : PROCESS.changeOfSupplier, old, undefined, {
            mRID: this.uuid(),
            meteringPointId: gsrn,
            dateTime: localMidnightIso(decision.date),
          });
        }
        return;
      }
    }
  }

  private planDisconnection(p: SimProcess, cutoff: string, point: Point): void {
    let days: string[];
    try {
      const window = gridWindow(cutoff, point.meterKind, point.customerClass);
      p.windowDeadline = window.deadline;
      days = window.days.length > 0 ? window.days : [window.deadline];
    } catch {
      days = [cutoff];
    }
    const pick = this.behaviour.disconnectOn;
    const day = pick === 'first' ? days[0]! : pick === 'last' ? days[days.length - 1]! : days[Math.floor(this.prng() * days.length)]!;
    p.cutoff = cutoff;
    p.plannedDay = day;
    p.plan++;
    p.events.push({ at: new Date(this.now()).toISOString(), what: `disconnection planned on ${day} (window ${cutoff} … ${p.windowDeadline ?? cutoff})` });
    this.schedule(copenhagenInstant(day, '08:00'), { type: 'check-cancellation', processId: p.processId, plan: p.plan });
    this.schedule(copenhagenInstant(day, this.behaviour.disconnectTime), { type: 'disconnect', processId: p.processId, plan: p.plan });
  }

  private reportAt(day: string, after: number): number {
    const { reportOn, reportTime } = this.behaviour;
    const when = reportOn === 'same-day' ? copenhagenInstant(day, reportTime) : copenhagenInstant(nextWorkingDay(day), reportTime);
    return Math.max(when, after + MINUTE);
  }

  // ---------------------------------------------------------------------------------------------
  // The grid's actions

  private execute(action: Scheduled): void {
    if (action.type === 'deliver') {
      this.enqueue(action.receiverGln, action.documentType, action.document, action.messageId, action.at);
      return;
    }
    const p = this.processes.get(action.processId);
    if (!p) return;
    const at = new Date(action.at).toISOString();
    const point = this.points.get(p.meteringPointId)!;
    if (action.plan !== p.plan && !(action.type === 'reopen' && p.cancellation?.late)) return;

    switch (action.type) {
      case 'check-cancellation':
        // RULES 2.6: the grid checks for a cancellation until 08:00 on the day; after that it goes out.
        if (p.status === 'planned') {
          p.status = 'committed';
          p.events.push({ at, what: 'checked for cancellation at 08:00: none; the grid goes out' });
        }
        return;
      case 'disconnect': {
        if (p.status !== 'committed') return;
        const rate = p.flagged ? this.behaviour.refusalRateFlagged : this.behaviour.refusalRate;
        if (!p.cancellation && this.prng() < rate) {
          const codes = this.behaviour.refusalCodes;
          p.refusal = codes[Math.floor(this.prng() * codes.length)]!;
          p.status = 'refused';
          p.events.push({ at, what: `not disconnected: ${p.refusal} ${REFUSAL_TEXT[p.refusal]}` });
          this.schedule(this.reportAt(p.plannedDay!, action.at), { type: 'report', processId: p.processId, plan: p.plan });
          return;
        }
        point.connectionState = CONNECTION_STATE.disconnected;
        point.history.push({ at, state: 'E23', cause: `disconnected (${p.kind})` });
        p.meterReadingKwh = Math.round((1000 + this.prng() * 89_000) * 10) / 10;
        p.events.push({ at, what: `disconnected, meter reading ${p.meterReadingKwh} kWh` });
        if (p.cancellation?.late) {
          // A cancellation that came after the 08:00 check: the grid reopens without undue delay.
          p.status = 'cancelled';
          this.schedule(action.at + this.behaviour.reopenDelayMinutes * MINUTE, { type: 'reopen', processId: p.processId, plan: p.plan });
          return;
        }
        p.status = 'disconnected';
        this.schedule(this.reportAt(p.plannedDay!, action.at), { type: 'report', processId: p.processId, plan: p.plan });
        return;
      }
      case 'report': {
        if (p.status === 'refused' && p.refusal) {
          this.answer(action.at, 'RejectRequestService', processTypeOf(p), p.supplierGln, ANSWER.rejected, {
            mRID: this.uuid(),
            meteringPointId: p.meteringPointId,
            originalTransactionId: p.transactionId,
            processId: p.processId,
            serviceType: p.kind === 'end-of-supply' ? 'D08' : 'D01',
            dateTime: localMidnightIso(p.plannedDay!),
            reasons: [{ code: p.refusal, text: REFUSAL_TEXT[p.refusal] }],
          });
          if (point.meterKind === 'physical') {
            // A visit that could not disconnect: the grid charges its futile visit (SV 2.4).
            this.answer(action.at, 'NotifyGridCharge', processTypeOf(p), p.supplierGln, undefined, {
              meteringPointId: p.meteringPointId,
              originalTransactionId: p.transactionId,
              processId: p.processId,
              dateTime: localMidnightIso(p.plannedDay!),
              charge: { id: this.uuid(), kind: 'futile-visit', amountOre: this.behaviour.futileVisitFeeOre },
            });
          }
          return;
        }
        if (p.status !== 'disconnected') return;
        p.status = 'reported';
        if (p.kind === 'end-of-supply') {
          point.stopDate = p.plannedDay!;
          point.awaitingStartOfSupply = true;
          point.supplierGln = null;
        }
        this.answer(action.at, 'NotifyConnectionStatus', PROCESS.changeConnectionStatus, p.supplierGln, undefined, {
          mRID: this.uuid(),
          meteringPointId: p.meteringPointId,
          originalTransactionId: p.transactionId,
          processId: p.processId,
          dateTime: localMidnightIso(p.plannedDay!),
          connectionState: CONNECTION_STATE.disconnected,
          meterReadingKwh: p.meterReadingKwh!,
        });
        return;
      }
      case 'reopen': {
        if (point.connectionState !== CONNECTION_STATE.disconnected) return;
        point.connectionState = CONNECTION_STATE.connected;
        point.history.push({ at, state: 'E22', cause: p.kind === 'reopen' ? 'reopened (D03)' : 'reopened after a late cancellation' });
        p.events.push({ at, what: 'reopened' });
        if (p.kind !== 'reopen') return; // a late cancellation: nothing was reported, nothing to report
        p.status = 'reopened';
        this.schedule(this.reportAt(localDate(action.at), action.at), { type: 'report-reopening', processId: p.processId, plan: p.plan });
        return;
      }
      case 'report-reopening':
        p.status = 'done';
        this.answer(action.at, 'NotifyConnectionStatus', PROCESS.changeConnectionStatus, p.supplierGln, undefined, {
          mRID: this.uuid(),
          meteringPointId: p.meteringPointId,
          originalTransactionId: p.transactionId,
          processId: p.processId,
          dateTime: localMidnightIso(p.plannedDay!),
          connectionState: CONNECTION_STATE.connected,
        });
        return;
    }
  }

  /**
   * A disconnection the grid company makes on its own (SV 2.2.4): it reaches the supplier only as a
   * DataHub message, with no request of the supplier's to refer to.
   */
  gridInitiatedDisconnection(meteringPointId: string, date?: string): { messageId: string } | undefined {
    const point = this.points.get(meteringPointId);
    if (!point || !point.supplierGln) return undefined;
    const now = this.now();
    const day = date ?? localDate(now);
    point.connectionState = CONNECTION_STATE.disconnected;
    point.history.push({ at: new Date(now).toISOString(), state: 'E23', cause: 'disconnected by the grid company (SV 2.2.4)' });
    const messageId = this.uuid();
    const document = outgoingDocument({
      documentType: 'NotifyConnectionStatus',
      messageId,
      processType: PROCESS.changeConnectionStatus,
      receiverGln: point.supplierGln,
      createdDateTime: new Date(now).toISOString(),
      records: [
        {
          mRID: this.uuid(),
          meteringPointId,
          dateTime: localMidnightIso(day),
          connectionState: CONNECTION_STATE.disconnected,
          meterReadingKwh: Math.round((1000 + this.prng() * 89_000) * 10) / 10,
        },
      ],
    });
    this.enqueue(point.supplierGln, 'NotifyConnectionStatus', document, messageId, now);
    return { messageId };
  }

  // ---------------------------------------------------------------------------------------------
  // Queues

  private answer(
    at: number,
    documentType: OutgoingDocumentType,
    processType: string,
    receiverGln: string,
    reasonCode: string | undefined,
    record: Omit<OutgoingRecord, 'mRID'> & { mRID?: string },
  ): void {
    const messageId = this.uuid();
    const document = outgoingDocument({
      documentType,
      messageId,
      processType,
      receiverGln,
      createdDateTime: new Date(at).toISOString(),
      ...(reasonCode ? { reasonCode } : {}),
      records: [{ ...record, mRID: record.mRID ?? this.uuid() }],
    });
    if (at <= this.now()) this.enqueue(receiverGln, documentType, document, messageId, at);
    else this.schedule(at, { type: 'deliver', receiverGln, documentType, document, messageId });
  }

  /**
   * Puts a document into a party's queue. Its category: RSM-009 Acknowledgement in MeasureData
   * (`DocumentType.cs`), everything else in MasterData (the simulator's assumption: master data had no
   * category in Energinet's snapshot).
   */
  private enqueue(receiverGln: string, documentType: string, document: Record<string, unknown>, messageId: string, at: number, category?: Category): void {
    category ??= documentType === 'Acknowledgement' ? 'measuredata' : 'masterdata';
    const queue = this.queues.get(receiverGln) ?? [];
    queue.push({ messageId, category, documentType, enqueuedAt: new Date(at).toISOString(), peeks: 0, dequeueAttempts: 0, document });
    this.queues.set(receiverGln, queue);
  }

  /**
   * Puts a document straight into a party's queue (`POST /sim/outbound`): a raw document (its `mRID`
   * becomes the message id, or one is set), or one built from a document type and records.
   */
  enqueueOutbound(input: OutboundInput): { messageId: string } {
    const receiverGln = input.receiverGln ?? DEFAULT_SUPPLIER.gln;
    const now = this.now();
    if ('document' in input) {
      const root = Object.keys(input.document)[0] ?? 'Unknown_MarketDocument';
      const inner = input.document[root];
      let messageId = this.uuid();
      if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
        const mRID = (inner as Record<string, unknown>).mRID;
        if (typeof mRID === 'string' && mRID.length > 0) messageId = mRID;
        else (inner as Record<string, unknown>).mRID = messageId;
      }
      this.enqueue(receiverGln, root.replace(/_MarketDocument$/, ''), input.document, messageId, now, input.category);
      return { messageId };
    }
    if ('acknowledgement' in input) {
      const messageId = this.uuid();
      const a = input.acknowledgement;
      const document = acknowledgementDocument({
        messageId,
        receiverGln,
        createdDateTime: new Date(now).toISOString(),
        ...(a.receivedMessageId ? { receivedMessageId: a.receivedMessageId } : {}),
        ...(a.processType ? { processType: a.processType } : {}),
        series: a.series.map((x) => ({ mRID: x.mRID, reasons: [x.reason] })),
      });
      this.enqueue(receiverGln, 'Acknowledgement', document, messageId, now, input.category);
      return { messageId };
    }
    const messageId = input.messageId ?? this.uuid();
    const document = outgoingDocument({
      documentType: input.documentType,
      messageId,
      processType: input.processType ?? defaultProcessType(input.documentType),
      receiverGln,
      createdDateTime: new Date(now).toISOString(),
      ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
      records: input.records.map((r) => ({
        mRID: r.mRID ?? this.uuid(),
        ...(r.meteringPointId ? { meteringPointId: r.meteringPointId } : {}),
        ...(r.originalTransactionId ? { originalTransactionId: r.originalTransactionId } : {}),
        ...(r.processId ? { processId: r.processId } : {}),
        ...(r.serviceType ? { serviceType: r.serviceType } : {}),
        ...(r.date ? { dateTime: localMidnightIso(r.date) } : {}),
        ...(r.connectionState ? { connectionState: r.connectionState } : {}),
        ...(r.meterReadingKwh !== undefined ? { meterReadingKwh: r.meterReadingKwh } : {}),
        ...(r.reason ? { reasons: [r.reason] } : {}),
      })),
    });
    this.enqueue(receiverGln, input.documentType, document, messageId, now, input.category);
    return { messageId };
  }

  /** `GET /api/peek/{category}`: the oldest message of the party's queue in that category. */
  peek(party: string, category: Category): QueuedMessage | undefined {
    const message = (this.queues.get(party) ?? []).find((m) => m.category === category);
    if (message) message.peeks++;
    return message;
  }

  /**
   * `DELETE /api/dequeue/{messageId}`.
   * @returns 'dequeued', 'unknown' (not in the party's queue), or the behaviour's 'fail' / 'hang' / 'unknown'.
   */
  dequeue(party: string, messageId: string): 'dequeued' | 'unknown' | 'fail' | 'hang' {
    const queue = this.queues.get(party) ?? [];
    const index = queue.findIndex((m) => m.messageId === messageId);
    if (index < 0) return 'unknown';
    queue[index]!.dequeueAttempts++;
    if (this.behaviour.dequeue !== 'normal') return this.behaviour.dequeue;
    const [{ document: _d, ...done }] = queue.splice(index, 1) as [QueuedMessage];
    this.dequeuedMessages.push({ ...done, party, dequeuedAt: new Date(this.now()).toISOString() });
    return 'dequeued';
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  log(since = 0): LogEntry[] {
    return this.deliveryLog.filter((e) => e.seq > since);
  }

  /** Messages dequeued so far, with how often each was peeked before. */
  dequeued(): (Omit<QueuedMessage, 'document'> & { party: string; dequeuedAt: string })[] {
    return [...this.dequeuedMessages];
  }

  queueView(): Record<string, Omit<QueuedMessage, 'document'>[]> {
    const out: Record<string, Omit<QueuedMessage, 'document'>[]> = {};
    for (const [gln, queue] of this.queues) out[gln] = queue.map(({ document: _d, ...rest }) => rest);
    return out;
  }

  queuedDocument(messageId: string): QueuedMessage | undefined {
    for (const queue of this.queues.values()) {
      const m = queue.find((x) => x.messageId === messageId);
      if (m) return m;
    }
    return undefined;
  }

  state() {
    return {
      clock: this.clockState(),
      meteringPoints: [...this.points.values()].map((p) => ({ ...p, history: [...p.history] })),
      processes: [...this.processes.values()],
      pendingActions: this.actions.map((a) => ({
        at: new Date(a.at).toISOString(),
        type: a.type,
        ...('processId' in a ? { processId: a.processId } : { documentType: a.documentType }),
      })),
    };
  }

  // ---------------------------------------------------------------------------------------------

  private findProcess(ref: string, sender: string, gsrn: string): SimProcess | undefined {
    for (const p of this.processes.values()) {
      if (p.supplierGln === sender && p.meteringPointId === gsrn && (p.transactionId === ref || p.processId === ref)) return p;
    }
    return undefined;
  }

  private localDateOf(iso: string): string | undefined {
    try {
      const date = copenhagenLocalTime(iso).date;
      return isIsoDate(date) ? date : undefined;
    } catch {
      return undefined;
    }
  }

  /** RULES 10 / RULES 1: ≥ 3 working days (from the first working day on or after today), ≤ 60 days. */
  private cutoffLimits(today: string): { earliest: string; latest: string } | undefined {
    try {
      return { earliest: addWorkingDays(firstWorkingDayOnOrAfter(today), 3), latest: addDays(today, 60) };
    } catch {
      return undefined;
    }
  }

  /** A UUID-shaped id from the seeded PRNG (36 characters). */
  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.prng() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
  }
}

type Rejected = { kind: 'reject'; code: string; text: string; documentType?: OutgoingDocumentType };
type Decision =
  | Rejected
  | { kind: 'end-of-supply'; point: Point; cutoff: string; flagged: boolean }
  | { kind: 'disconnect-service'; point: Point; cutoff: string }
  | { kind: 'flag'; process: SimProcess; date: string; service: string }
  | { kind: 'reopen'; point: Point }
  | { kind: 'meter-check'; point: Point }
  | { kind: 'cancel'; process: SimProcess }
  | { kind: 'start-of-supply'; point: Point; date: string; moveIn: boolean };

function rejected(code: string, text: string, documentType?: OutgoingDocumentType): Rejected {
  return { kind: 'reject', code, text, ...(documentType ? { documentType } : {}) };
}

function processTypeOf(p: SimProcess): string {
  return p.kind === 'end-of-supply' ? PROCESS.endOfSupply : PROCESS.serviceRequest;
}

function defaultProcessType(documentType: OutgoingDocumentType): string {
  switch (documentType) {
    case 'NotifyConnectionStatus':
      return PROCESS.changeConnectionStatus;
    case 'NotifyEndOfSupply':
      return PROCESS.changeOfSupplier;
    case 'ConfirmRequestService':
    case 'RejectRequestService':
      return PROCESS.serviceRequest;
    case 'ConfirmRequestChangeOfSupplier':
    case 'RejectRequestChangeOfSupplier':
      return PROCESS.moveIn;
    default:
      return PROCESS.endOfSupply;
  }
}

/** The message and transaction ids of a document, best effort, for the log (before validation). */
function peekIds(documentType: string, body: unknown): { messageId?: string; transactionIds: string[]; meteringPointIds: string[] } {
  const root = body && typeof body === 'object' ? (body as Record<string, unknown>)[`${documentType}_MarketDocument`] : undefined;
  if (!root || typeof root !== 'object') return { transactionIds: [], meteringPointIds: [] };
  const r = root as Record<string, unknown>;
  const records = Array.isArray(r.MktActivityRecord) ? (r.MktActivityRecord as Record<string, unknown>[]) : [];
  return {
    ...(typeof r.mRID === 'string' ? { messageId: r.mRID } : {}),
    transactionIds: records.map((x) => x?.mRID).filter((x): x is string => typeof x === 'string'),
    meteringPointIds: records
      .map((x) => (x?.['marketEvaluationPoint.mRID'] as { value?: unknown } | undefined)?.value)
      .filter((x): x is string => typeof x === 'string'),
  };
}

/** A category as a test names it: any case, `timeseries` for MeasureData. */
const categoryInput = z.preprocess((v) => (typeof v === 'string' ? (categoryOf(v) ?? v) : v), z.enum(CATEGORIES));

/** The body of `POST /sim/outbound`. */
export const outboundSchema = z.union([
  z
    .object({
      receiverGln: z.string().regex(/^\d{13}$/).optional(),
      category: categoryInput.optional(),
      document: z.record(z.unknown()).refine((d) => Object.keys(d).length === 1, 'one root element, e.g. NotifyConnectionStatus_MarketDocument'),
    })
    .strict(),
  z
    .object({
      receiverGln: z.string().regex(/^\d{13}$/).optional(),
      category: categoryInput.optional(),
      documentType: z.enum(Object.keys(OUTGOING_TYPE) as [OutgoingDocumentType, ...OutgoingDocumentType[]]),
      messageId: z.string().min(1).max(36).optional(),
      processType: z.string().min(1).optional(),
      reasonCode: z.string().min(1).optional(),
      records: z
        .array(
          z
            .object({
              mRID: z.string().min(1).max(36).optional(),
              /** Omitted: a rejection without a metering point. */
              meteringPointId: z.string().min(1).optional(),
              originalTransactionId: z.string().min(1).optional(),
              processId: z.string().min(1).optional(),
              serviceType: z.string().min(1).optional(),
              date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
              connectionState: z.enum(['E22', 'E23']).optional(),
              meterReadingKwh: z.number().optional(),
              reason: z.object({ code: z.string().min(1), text: z.string().optional() }).strict().optional(),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  z
    .object({
      receiverGln: z.string().regex(/^\d{13}$/).optional(),
      category: categoryInput.optional(),
      /** An RSM-009 (queued in MeasureData): the message it acknowledges and, per transaction, the reason (A01 positive, any other negative). */
      acknowledgement: z
        .object({
          receivedMessageId: z.string().min(1).max(36).optional(),
          processType: z.string().min(1).optional(),
          series: z.array(z.object({ mRID: z.string().min(1).max(36), reason: z.object({ code: z.string().min(1), text: z.string().optional() }).strict() }).strict()),
        })
        .strict(),
    })
    .strict(),
]);
export type OutboundInput = z.infer<typeof outboundSchema>;

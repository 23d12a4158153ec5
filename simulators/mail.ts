/**
 * Simulated outside parties for letters, in memory: a digital-post service (e-Boks/MitPost) and a
 * print-and-post service. They play the outside party: they implement the ports `activities/mail.ts`
 * defines (type-only imports) and behave as the real services are expected to:
 *
 * - **Dedupe by idempotency key.** The first call with a key is processed; every later call with the
 *   same key returns the first result unchanged, delivers nothing, and is logged as a duplicate (and as
 *   a conflict if it carries other content than the first).
 * - **A log of every call**, duplicates and simulated outages included, with ids and content hashes
 *   only; the letters themselves (which carry name and address), each with the PDF document it came
 *   as, are kept apart, for `contentOf`, `documentOf` and `lettersFor`.
 * - **An injected clock** (`now`), so tests get fixed delivery and dispatch timestamps.
 * - **A listener of the call log** (`onCall`), told of each call as it is logged — `worker/parties.ts`
 *   appends it to a durable file (`AFBRYD_SIM_MAIL_LOG`) that outlives a killed worker, for the chaos run.
 * - **Lost answers** (`loseEveryNthAnswer`, test-only): a letter delivered, then the answer lost on the
 *   way back — the activity retries and the dedupe answers it.
 */
import type {
  DigitalPostPort,
  DigitalPostSendRequest,
  DigitalPostSendResult,
  PrintPostDispatchRequest,
  PrintPostDispatchResult,
  PrintPostPort,
} from '../activities/mail.js';

/** How digital post treats a recipient. */
export type DigitalPostBehaviour =
  | { type: 'deliver' }
  /** The recipient has no mailbox (not signed up, exempt, or closed). */
  | { type: 'no-mailbox' }
  /** The service refuses the message with a reason code. */
  | { type: 'bounce'; reason: string };

/** What happened to one call. */
export type CallOutcome = 'delivered' | 'no-mailbox' | 'bounced' | 'dispatched' | 'failed';

/** One entry of a simulator's call log: ids and hashes only, no name, address or body. */
export interface SimulatedCall {
  /** 1, 2, 3, … in call order. */
  seq: number;
  /** The simulator's clock at the call, ISO instant. */
  at: string;
  idempotencyKey: string;
  /** Digital post: the recipient's digital-post id; print post: undefined (the address is personal data). */
  recipientId?: string;
  contentHash: string;
  /** A repeat of a key already processed: nothing was delivered, the first result was returned. */
  duplicate: boolean;
  /** A duplicate whose content hash differs from the first call's (a caller bug: one key, two letters). */
  conflict: boolean;
  outcome: CallOutcome;
  /** Delivered, but the answer was lost on the way back (`loseEveryNthAnswer`): the call threw. */
  answerLost?: true;
}

/** A letter a simulator delivered or dispatched (once per idempotency key). */
export interface SimulatedLetter {
  idempotencyKey: string;
  channel: 'digital' | 'letter';
  /** The customer the recipient belongs to, when the simulator can tell (see `resolveCustomer`). */
  customerId?: string;
  /** Digital post: the recipient's digital-post id. */
  recipientId?: string;
  /** Print post: the name and address printed on the envelope. */
  name?: string;
  address?: readonly string[];
  subject: string;
  body: string;
  contentHash: string;
  /** The PDF document delivered or printed, as the service received it. */
  pdf: Uint8Array;
  /** SHA-256 hex of `pdf`, as the caller stated it. */
  pdfSha256: string;
  /** Digital post's message id, or the print service's dispatch id. */
  deliveryId: string;
  /** Delivered to the mailbox, or handed to the postal service: ISO instant. */
  at: string;
}

/** Options both simulators take. */
interface CommonOptions {
  /**
   * The simulator's clock.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** Options of {@link DigitalPostSimulator}. */
export interface DigitalPostSimulatorOptions extends CommonOptions {
  /** How to treat recipients; any other recipient has a mailbox and gets the letter. */
  behaviours?: Record<string, DigitalPostBehaviour>;
  /** Maps a digital-post id to the customer id, for {@link DigitalPostSimulator.lettersFor}. */
  resolveCustomer?: (recipientId: string) => string | undefined;
}

/** Options of {@link PrintPostSimulator}. */
export interface PrintPostSimulatorOptions extends CommonOptions {
  /** Maps a name and address to the customer id, for {@link PrintPostSimulator.lettersFor}. */
  resolveCustomer?: (name: string, address: readonly string[]) => string | undefined;
}

/** The error a simulated outage throws: a transient failure, which the activity's retry policy retries. */
export class SimulatedOutageError extends Error {
  override readonly name = 'SimulatedOutageError';
}

/** The bookkeeping both simulators share: the call log, the dedupe table, the letters, outages. */
class Ledger<R> {
  readonly calls: SimulatedCall[] = [];
  readonly first = new Map<string, { contentHash: string; result: R }>();
  readonly letters: SimulatedLetter[] = [];
  outages = 0;
  outageMessage = '';
  listener: ((call: SimulatedCall) => void) | undefined;
  /** Every n-th delivery loses its answer (0: none). */
  loseEvery = 0;
  private delivered = 0;

  constructor(private readonly now: () => Date) {}

  stamp(): string {
    return this.now().toISOString();
  }

  record(call: Omit<SimulatedCall, 'seq'>): void {
    const logged: SimulatedCall = { seq: this.calls.length + 1, ...call };
    this.calls.push(logged);
    this.listener?.({ ...logged });
  }

  /** Whether the answer of the delivery being made now is lost (counts deliveries). */
  loseThisAnswer(): boolean {
    if (this.loseEvery <= 0) return false;
    this.delivered++;
    return this.delivered % this.loseEvery === 0;
  }

  /** A repeat of a known key: log it as a duplicate and answer the first result. */
  repeat(key: string, contentHash: string, recipientId: string | undefined, outcome: (r: R) => CallOutcome): R | undefined {
    const seen = this.first.get(key);
    if (!seen) return undefined;
    this.record({
      at: this.stamp(),
      idempotencyKey: key,
      ...(recipientId !== undefined ? { recipientId } : {}),
      contentHash,
      duplicate: true,
      conflict: seen.contentHash !== contentHash,
      outcome: outcome(seen.result),
    });
    return structuredClone(seen.result);
  }

  /** Throws a simulated outage if one is pending (logged as a failed call). */
  outage(key: string, contentHash: string, recipientId: string | undefined): void {
    if (this.outages <= 0) return;
    this.outages--;
    this.record({
      at: this.stamp(),
      idempotencyKey: key,
      ...(recipientId !== undefined ? { recipientId } : {}),
      contentHash,
      duplicate: false,
      conflict: false,
      outcome: 'failed',
    });
    throw new SimulatedOutageError(this.outageMessage);
  }

  lettersFor(customerId?: string): SimulatedLetter[] {
    const all = customerId === undefined ? this.letters : this.letters.filter((l) => l.customerId === customerId);
    return all.map((l) => structuredClone(l));
  }

  contentOf(key: string): { subject: string; body: string; contentHash: string } | undefined {
    const l = this.letters.find((x) => x.idempotencyKey === key);
    return l ? { subject: l.subject, body: l.body, contentHash: l.contentHash } : undefined;
  }

  documentOf(key: string): { pdf: Uint8Array; pdfSha256: string } | undefined {
    const l = this.letters.find((x) => x.idempotencyKey === key);
    return l ? { pdf: new Uint8Array(l.pdf), pdfSha256: l.pdfSha256 } : undefined;
  }
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}

/**
 * What a test can read from a simulated post service: every call (duplicates flagged), and the
 * letters it delivered once per key.
 */
abstract class SimulatedPostService<R> {
  protected abstract readonly ledger: Ledger<R>;

  /** Every call, in order: deliveries or dispatches, refusals, duplicates (flagged) and simulated outages. */
  calls(): SimulatedCall[] {
    return this.ledger.calls.map((c) => ({ ...c }));
  }

  /** The calls that repeated a known key. */
  duplicates(): SimulatedCall[] {
    return this.calls().filter((c) => c.duplicate);
  }

  /** The letters delivered (digital post) or dispatched (print post), once per key, in order. */
  deliveries(): SimulatedLetter[] {
    return this.ledger.lettersFor();
  }

  /** The letters that reached a customer (all letters without an argument). */
  lettersFor(customerId?: string): SimulatedLetter[] {
    return this.ledger.lettersFor(customerId);
  }

  /** What was sent under a key, or undefined if nothing was. */
  contentOf(idempotencyKey: string): { subject: string; body: string; contentHash: string } | undefined {
    return this.ledger.contentOf(idempotencyKey);
  }

  /** The PDF document sent under a key, as received, or undefined if nothing was. */
  documentOf(idempotencyKey: string): { pdf: Uint8Array; pdfSha256: string } | undefined {
    return this.ledger.documentOf(idempotencyKey);
  }

  /**
   * Tells `listener` of every call as it is logged (synchronously, ids and hashes only: the
   * {@link SimulatedCall}), e.g. to append it to a durable file. One listener; a later one replaces it.
   */
  onCall(listener: ((call: SimulatedCall) => void) | undefined): this {
    this.ledger.listener = listener;
    return this;
  }

  /**
   * Test-only fault: every `n`-th delivery (digital) or dispatch (print) is made and logged with
   * `answerLost`, then the call throws a {@link SimulatedOutageError}, as if the answer were lost on the
   * way back; the activity's retry gets the first result from the dedupe. 0 turns it off.
   */
  loseEveryNthAnswer(n: number): this {
    this.ledger.loseEvery = Math.max(0, Math.floor(n));
    return this;
  }
}

const LOST_ANSWER = 'the answer was lost on the way back (simulated)';

/** A simulated digital-post service (e-Boks/MitPost). */
export class DigitalPostSimulator extends SimulatedPostService<DigitalPostSendResult> implements DigitalPostPort {
  protected readonly ledger: Ledger<DigitalPostSendResult>;
  private readonly behaviours = new Map<string, DigitalPostBehaviour>();
  private readonly resolveCustomer: (recipientId: string) => string | undefined;
  private messages = 0;

  constructor(options: DigitalPostSimulatorOptions = {}) {
    super();
    this.ledger = new Ledger(options.now ?? (() => new Date()));
    for (const [id, b] of Object.entries(options.behaviours ?? {})) this.behaviours.set(id, b);
    this.resolveCustomer = options.resolveCustomer ?? (() => undefined);
  }

  /** Sets how a recipient is treated from now on (keys already processed keep their first result). */
  setBehaviour(recipientId: string, behaviour: DigitalPostBehaviour): this {
    this.behaviours.set(recipientId, behaviour);
    return this;
  }

  /** The next `count` calls fail with a {@link SimulatedOutageError} before anything is delivered. */
  failNext(count = 1, message = 'digital post is unavailable (simulated outage)'): this {
    this.ledger.outages = count;
    this.ledger.outageMessage = message;
    return this;
  }

  async send(request: DigitalPostSendRequest): Promise<DigitalPostSendResult> {
    const { idempotencyKey: key, recipientId, contentHash } = request;
    const outcomeOf = (r: DigitalPostSendResult): CallOutcome => (r.status === 'bounced' ? 'bounced' : r.status);
    const repeated = this.ledger.repeat(key, contentHash, recipientId, outcomeOf);
    if (repeated) return repeated;
    this.ledger.outage(key, contentHash, recipientId);

    const at = this.ledger.stamp();
    const behaviour = this.behaviours.get(recipientId) ?? { type: 'deliver' };
    let result: DigitalPostSendResult;
    if (behaviour.type === 'no-mailbox') result = { status: 'no-mailbox' };
    else if (behaviour.type === 'bounce') result = { status: 'bounced', reason: behaviour.reason };
    else {
      const messageId = `DP-${pad(++this.messages)}`;
      result = { status: 'delivered', messageId, deliveredAt: at };
      const customerId = this.resolveCustomer(recipientId);
      this.ledger.letters.push({
        idempotencyKey: key,
        channel: 'digital',
        ...(customerId !== undefined ? { customerId } : {}),
        recipientId,
        subject: request.subject,
        body: request.body,
        contentHash,
        pdf: new Uint8Array(request.pdf),
        pdfSha256: request.pdfSha256,
        deliveryId: messageId,
        at,
      });
    }
    this.ledger.first.set(key, { contentHash, result: structuredClone(result) });
    const lost = result.status === 'delivered' && this.ledger.loseThisAnswer();
    this.ledger.record({
      at,
      idempotencyKey: key,
      recipientId,
      contentHash,
      duplicate: false,
      conflict: false,
      outcome: outcomeOf(result),
      ...(lost ? { answerLost: true as const } : {}),
    });
    if (lost) throw new SimulatedOutageError(`digital post: ${LOST_ANSWER}`);
    return result;
  }

}

/** A simulated print-and-post service: prints the letter and hands it to the postal service. */
export class PrintPostSimulator extends SimulatedPostService<PrintPostDispatchResult> implements PrintPostPort {
  protected readonly ledger: Ledger<PrintPostDispatchResult>;
  private readonly resolveCustomer: (name: string, address: readonly string[]) => string | undefined;
  private dispatches = 0;

  constructor(options: PrintPostSimulatorOptions = {}) {
    super();
    this.ledger = new Ledger(options.now ?? (() => new Date()));
    this.resolveCustomer = options.resolveCustomer ?? (() => undefined);
  }

  /** The next `count` calls fail with a {@link SimulatedOutageError} before anything is dispatched. */
  failNext(count = 1, message = 'print post is unavailable (simulated outage)'): this {
    this.ledger.outages = count;
    this.ledger.outageMessage = message;
    return this;
  }

  async dispatch(request: PrintPostDispatchRequest): Promise<PrintPostDispatchResult> {
    const { idempotencyKey: key, contentHash } = request;
    const repeated = this.ledger.repeat(key, contentHash, undefined, () => 'dispatched');
    if (repeated) return repeated;
    this.ledger.outage(key, contentHash, undefined);

    const at = this.ledger.stamp();
    const dispatchId = `PP-${pad(++this.dispatches)}`;
    const result: PrintPostDispatchResult = { dispatchId, dispatchedAt: at };
    const customerId = this.resolveCustomer(request.name, request.address);
    this.ledger.letters.push({
      idempotencyKey: key,
      channel: 'letter',
      ...(customerId !== undefined ? { customerId } : {}),
      name: request.name,
      address: [...request.address],
      subject: request.subject,
      body: request.body,
      contentHash,
      pdf: new Uint8Array(request.pdf),
      pdfSha256: request.pdfSha256,
      deliveryId: dispatchId,
      at,
    });
    this.ledger.first.set(key, { contentHash, result: { ...result } });
    const lost = this.ledger.loseThisAnswer();
    this.ledger.record({ at, idempotencyKey: key, contentHash, duplicate: false, conflict: false, outcome: 'dispatched', ...(lost ? { answerLost: true as const } : {}) });
    if (lost) throw new SimulatedOutageError(`print post: ${LOST_ANSWER}`);
    return result;
  }

}

/**
 * A simulated SMS/e-mail gateway, in memory (issue 15 item 3). It plays the outside party: it
 * implements the port `activities/short-message.ts` defines (type-only import) and behaves as a real
 * gateway is expected to:
 *
 * - **Dedupe by idempotency key**: the first call with a key is processed; a later call with the same
 *   key returns the first result, sends nothing, and is logged as a duplicate.
 * - **Refuses** what a gateway refuses: an SMS to a number that is not E.164 (`+` and 8–15 digits), an
 *   e-mail to an address without `@`, and any recipient a test marks with `refuse(to)`.
 * - **A log of every call** (`calls()`): keys, channels, content hashes and outcomes, no recipient;
 *   the messages sent (with the recipient and the text) are kept apart, for `messagesTo` and `sent`.
 * - **An injected clock** (`now`) and **outages** (`failNext`; `failFor` a recipient until `restore`), like the mail simulators.
 */
import type { ShortMessagePort, ShortMessageRequest, ShortMessageResult } from '../activities/short-message.js';
import { SimulatedOutageError } from './mail.js';

/** One entry of the gateway's call log: no recipient, no text. */
export interface SimulatedShortMessageCall {
  seq: number;
  at: string;
  idempotencyKey: string;
  channel: 'sms' | 'email';
  contentHash: string;
  duplicate: boolean;
  outcome: 'sent' | 'rejected' | 'failed';
}

/** A message the gateway sent (once per key). */
export interface SimulatedShortMessage {
  idempotencyKey: string;
  channel: 'sms' | 'email';
  to: string;
  from: string;
  subject?: string;
  text: string;
  contentHash: string;
  messageId: string;
  sentAt: string;
}

/** Options of {@link ShortMessageGatewaySimulator}. */
export interface ShortMessageGatewaySimulatorOptions {
  /** The gateway's clock. @default () => new Date() */
  now?: () => Date;
}

const E164 = /^\+[1-9]\d{7,14}$/;

/** The simulated SMS/e-mail gateway. */
export class ShortMessageGatewaySimulator implements ShortMessagePort {
  private readonly now: () => Date;
  private readonly log: SimulatedShortMessageCall[] = [];
  private readonly first = new Map<string, ShortMessageResult>();
  private readonly messages: SimulatedShortMessage[] = [];
  private readonly refused = new Set<string>();
  private readonly down = new Set<string>();
  private outages = 0;
  private sentCount = 0;

  constructor(options: ShortMessageGatewaySimulatorOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** From now on, every message to `to` (a number or an address) is refused. */
  refuse(to: string): this {
    this.refused.add(to);
    return this;
  }

  /** From now on, every call for `to` fails with a {@link SimulatedOutageError} (a gateway that is down for it), until {@link ShortMessageGatewaySimulator.restore}. */
  failFor(to: string): this {
    this.down.add(to);
    return this;
  }

  /** Ends {@link ShortMessageGatewaySimulator.failFor}. */
  restore(to: string): this {
    this.down.delete(to);
    return this;
  }

  /** The next `count` calls fail with a {@link SimulatedOutageError} before anything is sent. */
  failNext(count = 1): this {
    this.outages = count;
    return this;
  }

  async send(request: ShortMessageRequest): Promise<ShortMessageResult> {
    const at = this.now().toISOString();
    const entry = { at, idempotencyKey: request.idempotencyKey, channel: request.channel, contentHash: request.contentHash };
    const seen = this.first.get(request.idempotencyKey);
    if (seen) {
      this.log.push({ seq: this.log.length + 1, ...entry, duplicate: true, outcome: seen.status });
      return structuredClone(seen);
    }
    if (this.outages > 0 || this.down.has(request.to)) {
      if (!this.down.has(request.to)) this.outages--;
      this.log.push({ seq: this.log.length + 1, ...entry, duplicate: false, outcome: 'failed' });
      throw new SimulatedOutageError('the SMS/e-mail gateway is unavailable (simulated outage)');
    }
    const valid = request.channel === 'sms' ? E164.test(request.to) : /^[^@\s]+@[^@\s]+$/.test(request.to);
    let result: ShortMessageResult;
    if (!valid || this.refused.has(request.to)) {
      result = { status: 'rejected', reason: request.channel === 'sms' ? 'INVALID_NUMBER (simulated)' : 'INVALID_ADDRESS (simulated)' };
    } else {
      const messageId = `${request.channel === 'sms' ? 'SMS' : 'EM'}-${String(++this.sentCount).padStart(6, '0')}`;
      result = { status: 'sent', messageId, sentAt: at };
      this.messages.push({
        idempotencyKey: request.idempotencyKey,
        channel: request.channel,
        to: request.to,
        from: request.from,
        ...(request.subject !== undefined ? { subject: request.subject } : {}),
        text: request.text,
        contentHash: request.contentHash,
        messageId,
        sentAt: at,
      });
    }
    this.first.set(request.idempotencyKey, structuredClone(result));
    this.log.push({ seq: this.log.length + 1, ...entry, duplicate: false, outcome: result.status });
    return result;
  }

  /** Every call, in order (duplicates and outages included). */
  calls(): SimulatedShortMessageCall[] {
    return this.log.map((c) => ({ ...c }));
  }

  /** The messages sent, once per key, in order. */
  sent(): SimulatedShortMessage[] {
    return this.messages.map((m) => structuredClone(m));
  }

  /** The messages sent to a number or an address. */
  messagesTo(to: string): SimulatedShortMessage[] {
    return this.sent().filter((m) => m.to === to);
  }
}

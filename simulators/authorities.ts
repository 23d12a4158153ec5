/**
 * Simulated authorities (municipality, police, bailiff court), in memory, for the tests and the
 * embedded default. They implement the port of `activities/authorities.ts` (type-only imports) and
 * behave as expected of the real parties: every call is logged (duplicates and simulated outages
 * included), a repeated idempotency key returns the first answer and does nothing more, and
 * `failNext` simulates an outage that the activity's retry policy rides out. The authorities' answers
 * (agreed timing, court meetings) are not given here: they reach the case as events.
 */
import type { AuthoritiesPort, AuthorityChase, AuthorityNotice, EnforcementRequest } from '../activities/authorities.js';

/** The error a simulated outage throws: transient, so it is retried. */
export class AuthorityOutageError extends Error {
  override readonly name = 'AuthorityOutageError';
}

/** One logged call. */
export interface AuthorityCall {
  seq: number;
  kind: 'notify' | 'enforcement' | 'chase' | 'withdraw';
  idempotencyKey: string;
  caseId: string;
  duplicate: boolean;
  failed: boolean;
  /** The notice, request, chase or withdrawal as received. */
  request: AuthorityNotice | EnforcementRequest | AuthorityChase | { idempotencyKey: string; caseId: string; courtCaseId: string; reason: string };
}

export class AuthoritiesSimulator implements AuthoritiesPort {
  private readonly log: AuthorityCall[] = [];
  private readonly answers = new Map<string, unknown>();
  private outages = 0;
  private counter = 0;

  /** The next `count` calls fail with an {@link AuthorityOutageError} before anything happens. */
  failNext(count = 1): this {
    this.outages = count;
    return this;
  }

  private call<T>(kind: AuthorityCall['kind'], request: AuthorityCall['request'], answer: () => T): T {
    const seq = this.log.length + 1;
    const base = { seq, kind, idempotencyKey: request.idempotencyKey, caseId: request.caseId, request };
    if (this.outages > 0) {
      this.outages--;
      this.log.push({ ...base, duplicate: false, failed: true });
      throw new AuthorityOutageError(`${kind}: the authority's system is unavailable (simulated outage)`);
    }
    const key = `${kind}:${request.idempotencyKey}`;
    if (this.answers.has(key)) {
      this.log.push({ ...base, duplicate: true, failed: false });
      return this.answers.get(key) as T;
    }
    const result = answer();
    this.answers.set(key, result);
    this.log.push({ ...base, duplicate: false, failed: false });
    return result;
  }

  async notify(notice: AuthorityNotice): Promise<{ reference: string }> {
    return this.call('notify', notice, () => ({ reference: `${notice.authority === 'municipality' ? 'KOM' : 'POL'}-${++this.counter}` }));
  }

  async requestEnforcement(request: EnforcementRequest): Promise<{ courtCaseId: string; feePaymentId: string }> {
    return this.call('enforcement', request, () => {
      const n = ++this.counter;
      return { courtCaseId: `FOG-${n}`, feePaymentId: `retsafgift-${n}` };
    });
  }

  async chase(chase: AuthorityChase): Promise<void> {
    this.call('chase', chase, () => undefined);
  }

  async withdrawEnforcement(request: { idempotencyKey: string; caseId: string; courtCaseId: string; reason: string }): Promise<void> {
    this.call('withdraw', request, () => undefined);
  }

  /** Every call, in order. */
  calls(): AuthorityCall[] {
    return [...this.log];
  }

  /** The calls of one case that did something (no duplicates, no failures), in order. */
  callsOf(caseId: string): AuthorityCall[] {
    return this.log.filter((c) => c.caseId === caseId && !c.duplicate && !c.failed);
  }
}

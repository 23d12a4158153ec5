/**
 * The authorities adapter (RULES 5, SV 2.3.3–2.3.6): the municipality (kommunen) and the police
 * (politiet) are notified when the grid cannot disconnect without them, or when the supplier knows
 * beforehand that they must be involved (SV 2.3.4); the bailiff court (fogedretten) gets a request for
 * an immediate enforcement (umiddelbar fogedforretning, retsplejeloven §596), with the court fee the
 * supplier pays; silent authorities are chased; a court case is withdrawn when its grounds go
 * (SV 2.3.6 e).
 *
 * The workflow passes ids and facts only; the port is the wire (secure e-mail, the courts' portal, or a
 * simulator). Every call carries the workflow's idempotency key, which the parties dedupe by. Answers
 * (agreed timing, court meetings) come back to the case as events, not as return values: an authority
 * answers days later, by letter or phone, and an operator or its system records the answer.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Authority, IsoDate, RefusalCode } from '../rules/index.js';

/** A notice to the municipality or the police that they must be involved. */
export interface AuthorityNotice {
  idempotencyKey: string;
  caseId: string;
  authority: 'municipality' | 'police';
  meteringPointId: string;
  /** The grid's refusal that made it necessary, or `known` (SV 2.3.4: known before the first request). */
  why: RefusalCode | 'known';
  /** What the supplier asks: the municipality to act (SV 2.3.3.4, 2.3.3.6), the police to agree timing (2.3.3.5). */
  request: string;
}

/** A request to the bailiff court for an immediate enforcement (umiddelbar fogedforretning). */
export interface EnforcementRequest {
  idempotencyKey: string;
  caseId: string;
  meteringPointId: string;
  /** The grid company whose ownership, access right and duty to disconnect the court is told of (SV 2.3.6 b). */
  gridCompanyGln: string;
  why: RefusalCode | 'known';
  /** The court fee (retsafgift) the supplier pays with the request, in øre. */
  courtFeeOre: number;
}

/** A reminder to an authority that has not answered. */
export interface AuthorityChase {
  idempotencyKey: string;
  caseId: string;
  authority: Authority;
  /** The authority's reference (the court's case id). */
  reference: string;
  /** The day it was first asked. */
  askedOn: IsoDate;
}

/** The authorities, or a simulator of them. Each call must dedupe by `idempotencyKey`. */
export interface AuthoritiesPort {
  /** Notifies the municipality or the police; answers with their reference. */
  notify(notice: AuthorityNotice): Promise<{ reference: string }>;
  /** Requests the enforcement and pays the court fee; answers with the court's case id and the fee's payment id. */
  requestEnforcement(request: EnforcementRequest): Promise<{ courtCaseId: string; feePaymentId: string }>;
  chase(chase: AuthorityChase): Promise<void>;
  /** Withdraws an enforcement request (SV 2.3.6 e). */
  withdrawEnforcement(request: { idempotencyKey: string; caseId: string; courtCaseId: string; reason: string }): Promise<void>;
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ nonRetryable: true, type: 'InvalidAuthorityRequest', message });
}

/** Builds the authorities activities over a port. */
export function createAuthoritiesActivities(deps: { authorities: AuthoritiesPort }) {
  return {
    /** Notifies the municipality or the police (RULES 5). Transport failures are retried with the same key. */
    async notifyAuthority(input: AuthorityNotice): Promise<{ reference: string }> {
      if (!input.idempotencyKey) throw invalid('notifyAuthority needs an idempotency key');
      return deps.authorities.notify(input);
    },

    /**
     * Requests an immediate enforcement (umiddelbar fogedforretning, retsplejeloven §596) as the
     * requesting party and pays the court fee (SV 2.3.6 b).
     */
    async requestEnforcement(input: EnforcementRequest): Promise<{ courtCaseId: string; feePaymentId: string }> {
      if (!input.idempotencyKey) throw invalid('requestEnforcement needs an idempotency key');
      if (!/^\d{13}$/.test(input.gridCompanyGln)) throw invalid(`requestEnforcement: "${input.gridCompanyGln}" is not a grid company GLN`);
      return deps.authorities.requestEnforcement(input);
    },

    /** Chases an authority that has not answered. */
    async chaseAuthority(input: AuthorityChase): Promise<void> {
      await deps.authorities.chase(input);
    },

    /** Withdraws an enforcement request whose grounds went (SV 2.3.6 e). */
    async withdrawEnforcement(input: { idempotencyKey: string; caseId: string; courtCaseId: string; reason: string }): Promise<void> {
      await deps.authorities.withdrawEnforcement(input);
    },
  };
}

/** The authorities activities, typed as the factory's return value. */
export type AuthoritiesActivities = ReturnType<typeof createAuthoritiesActivities>;

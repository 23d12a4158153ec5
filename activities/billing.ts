/**
 * The billing adapter: what the case asks the supplier's billing system. Contact data is never
 * returned here; amounts are øre.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FeeKind } from '../rules/index.js';

/** The billing system, or a simulator of it. */
export interface BillingPort {
  /** The customer's expected monthly payment for the metering point, in øre (BEK §26 stk. 1). */
  expectedMonthlyPayment(customerId: string, meteringPointId: string): Promise<number | undefined>;
  /**
   * Pays a deposit back with its interest (BEK §29). Idempotent by key: a repeated key returns the
   * first payment and pays nothing more.
   */
  repayDeposit(request: DepositRepaymentRequest): Promise<{ paymentId: string }>;
  /**
   * Books a fee on the customer's account (RULES 8). Idempotent by key: a repeated key returns the
   * first booking (`duplicate: true`) and books nothing more.
   */
  chargeFee(request: FeeChargeRequest): Promise<{ chargeId: string; duplicate: boolean }>;
  /**
   * Credits a fee already booked (`chargeId`), in full or in part (release 0.6.10: a reminder fee the
   * customer does not owe, RULES 11). Idempotent by key: a repeated key returns the first credit
   * (`duplicate: true`) and credits nothing more. A credit billing will not make — an unknown charge,
   * more than was charged, a charge of another customer — is answered `{ refused }`, not thrown: a
   * retry would not change it.
   */
  creditFee(request: FeeCreditRequest): Promise<{ creditId: string; duplicate: boolean } | { refused: string }>;
}

/** A fee to book on the customer's account, with its legal or contractual basis. Ids and amounts only. */
export interface FeeChargeRequest {
  /** Decided by the workflow: case id + fee + cycle (or the grid's charge id). The same on every retry. */
  idempotencyKey: string;
  caseId: string;
  customerId: string;
  meteringPointId: string;
  /** What it is for (rules/fees.ts `FeeKind`). */
  kind: FeeKind;
  /** In øre, > 0. */
  amountOre: number;
  /** The legal or contractual basis, printed with the fee. */
  basis: string;
  /** The day it is booked (Danish local date). */
  date: string;
}

/** A credit of a fee already booked, with its basis. Ids and amounts only. */
export interface FeeCreditRequest {
  /** Decided by the workflow: the charge's own key + `:credit`. The same on every retry. */
  idempotencyKey: string;
  caseId: string;
  customerId: string;
  /** Billing's id of the booking credited (`chargeFee`'s answer). */
  chargeId: string;
  /** In øre, > 0, at most what was charged. */
  amountOre: number;
  /** Why the customer does not owe it (legal basis), printed with the credit. */
  basis: string;
  /** The day it is credited (Danish local date). */
  date: string;
}

/** A deposit repayment, by ids and amounts. */
export interface DepositRepaymentRequest {
  idempotencyKey: string;
  depositId: string;
  customerId: string;
  amountOre: number;
  interestOre: number;
  /** The repayment day (Danish local date). */
  date: string;
}

/** Builds the billing activities over a port. */
export function createBillingActivities(deps: { billing: BillingPort }) {
  return {
    /** The expected monthly payment, which caps the security (≤ 5 months, BEK §26 stk. 1). */
    async expectedMonthlyPayment(input: { customerId: string; meteringPointId: string }): Promise<{ amountOre: number }> {
      const amount = await deps.billing.expectedMonthlyPayment(input.customerId, input.meteringPointId);
      if (amount === undefined || !Number.isInteger(amount) || amount < 0) {
        throw ApplicationFailure.create({
          nonRetryable: true,
          type: 'NoExpectedPayment',
          message: `billing has no expected monthly payment for customer ${input.customerId}`,
        });
      }
      return { amountOre: amount };
    },

    /**
     * Passes a fee to billing, exactly once per idempotency key: a retry after a lost answer gets the
     * first booking back. An invalid fee (not a positive whole amount, no basis) is refused for good.
     */
    async chargeFee(input: FeeChargeRequest): Promise<{ chargeId: string; duplicate: boolean }> {
      if (!Number.isInteger(input.amountOre) || input.amountOre <= 0 || !input.basis || !input.idempotencyKey) {
        throw ApplicationFailure.create({
          nonRetryable: true,
          type: 'InvalidFee',
          message: `fee ${input.idempotencyKey}: needs a positive whole amount in øre, a basis and an idempotency key`,
        });
      }
      return deps.billing.chargeFee(input);
    },

    /**
     * Credits a fee already booked, exactly once per idempotency key: a retry after a lost answer gets the
     * first credit back. An invalid credit (not a positive whole amount, no basis, no charge id or key) is
     * refused for good (`InvalidFeeCredit`), and so is one billing refuses (`FeeCreditRefused`).
     */
    async creditFee(input: FeeCreditRequest): Promise<{ creditId: string; duplicate: boolean }> {
      if (!Number.isInteger(input.amountOre) || input.amountOre <= 0 || !input.basis || !input.idempotencyKey || !input.chargeId) {
        throw ApplicationFailure.create({
          nonRetryable: true,
          type: 'InvalidFeeCredit',
          message: `credit ${input.idempotencyKey}: needs a positive whole amount in øre, a basis, the charge id and an idempotency key`,
        });
      }
      const answer = await deps.billing.creditFee(input);
      if ('refused' in answer) {
        throw ApplicationFailure.create({ nonRetryable: true, type: 'FeeCreditRefused', message: `credit ${input.idempotencyKey}: ${answer.refused}` });
      }
      return answer;
    },

    /** Repays a deposit with interest, exactly once per key. */
    async repayDeposit(input: DepositRepaymentRequest): Promise<{ paymentId: string }> {
      return deps.billing.repayDeposit(input);
    },
  };
}

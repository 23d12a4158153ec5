/**
 * The billing adapter: what the case asks the supplier's billing system. Contact data is never
 * returned here; amounts are øre.
 */
import { ApplicationFailure } from '@temporalio/common';

/** The billing system, or a simulator of it. */
export interface BillingPort {
  /** The customer's expected monthly payment for the metering point, in øre (BEK §26 stk. 1). */
  expectedMonthlyPayment(customerId: string, meteringPointId: string): Promise<number | undefined>;
  /**
   * Pays a deposit back with its interest (BEK §29). Idempotent by key: a repeated key returns the
   * first payment and pays nothing more.
   */
  repayDeposit(request: DepositRepaymentRequest): Promise<{ paymentId: string }>;
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

    /** Repays a deposit with interest, exactly once per key. */
    async repayDeposit(input: DepositRepaymentRequest): Promise<{ paymentId: string }> {
      return deps.billing.repayDeposit(input);
    },
  };
}

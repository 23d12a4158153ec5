/**
 * The billing adapter: what the case asks the supplier's billing system. Contact data is never
 * returned here; amounts are øre.
 */
import { ApplicationFailure } from '@temporalio/common';

/** The billing system, or a simulator of it. */
export interface BillingPort {
  /** The customer's expected monthly payment for the metering point, in øre (BEK §26 stk. 1). */
  expectedMonthlyPayment(customerId: string, meteringPointId: string): Promise<number | undefined>;
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
  };
}

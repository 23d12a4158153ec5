/**
 * A simulator of the supplier's billing system, for the embedded default and the tests: expected
 * monthly payments per customer and metering point.
 */
import type { BillingPort, DepositRepaymentRequest } from '../activities/billing.js';

export class BillingSimulator implements BillingPort {
  private readonly monthly = new Map<string, number>();
  private readonly repayments = new Map<string, { request: DepositRepaymentRequest; paymentId: string }>();
  /** Every repayment call, duplicates included. */
  readonly repaymentCalls: { request: DepositRepaymentRequest; duplicate: boolean }[] = [];

  /**
   * @param defaultMonthlyOre the expected monthly payment of a customer not set explicitly
   * @default 85000 (850 kr, a typical Danish household)
   */
  constructor(private readonly defaultMonthlyOre: number = 85_000) {}

  setExpectedMonthlyPayment(customerId: string, meteringPointId: string, amountOre: number): void {
    this.monthly.set(`${customerId}/${meteringPointId}`, amountOre);
  }

  async repayDeposit(request: DepositRepaymentRequest): Promise<{ paymentId: string }> {
    const seen = this.repayments.get(request.idempotencyKey);
    this.repaymentCalls.push({ request, duplicate: Boolean(seen) });
    if (seen) return { paymentId: seen.paymentId };
    const paymentId = `pay-${this.repayments.size + 1}`;
    this.repayments.set(request.idempotencyKey, { request, paymentId });
    return { paymentId };
  }

  /** The repayments actually paid, one per key. */
  paidRepayments(): DepositRepaymentRequest[] {
    return [...this.repayments.values()].map((r) => r.request);
  }

  async expectedMonthlyPayment(customerId: string, meteringPointId: string): Promise<number | undefined> {
    return this.monthly.get(`${customerId}/${meteringPointId}`) ?? this.defaultMonthlyOre;
  }
}

/**
 * A simulator of the supplier's billing system, for the embedded default and the tests: expected
 * monthly payments per customer and metering point.
 */
import type { BillingPort, DepositRepaymentRequest, FeeChargeRequest, FeeCreditRequest } from '../activities/billing.js';

/** The error a simulated billing outage throws: transient, so the activity's retry policy retries it. */
export class BillingOutageError extends Error {
  override readonly name = 'BillingOutageError';
}

export class BillingSimulator implements BillingPort {
  private readonly monthly = new Map<string, number>();
  private readonly repayments = new Map<string, { request: DepositRepaymentRequest; paymentId: string }>();
  /** Every repayment call, duplicates included. */
  readonly repaymentCalls: { request: DepositRepaymentRequest; duplicate: boolean }[] = [];
  private readonly charges = new Map<string, { request: FeeChargeRequest; chargeId: string }>();
  /** Every fee call, duplicates and simulated outages included. */
  readonly feeCalls: { request: FeeChargeRequest; outcome: 'booked' | 'duplicate' | 'failed-before-booking' | 'failed-after-booking' }[] = [];
  private readonly credits = new Map<string, { request: FeeCreditRequest; creditId: string }>();
  /** Every credit call, duplicates, refusals and simulated outages included. */
  readonly creditCalls: { request: FeeCreditRequest; outcome: 'credited' | 'duplicate' | 'refused' | 'failed-before-booking' | 'failed-after-booking' }[] = [];
  private outages: { count: number; when: 'before-booking' | 'after-booking' } = { count: 0, when: 'before-booking' };

  /**
   * @param defaultMonthlyOre the expected monthly payment of a customer not set explicitly
   * @default 85000 (850 kr, a typical Danish household)
   */
  constructor(private readonly defaultMonthlyOre: number = 85_000) {}

  setExpectedMonthlyPayment(customerId: string, meteringPointId: string, amountOre: number): void {
    this.monthly.set(`${customerId}/${meteringPointId}`, amountOre);
  }

  /**
   * The next `count` fee calls — charges and credits — fail with a {@link BillingOutageError}:
   * `before-booking` (nothing is booked) or `after-booking` (the fee or the credit is booked, then the
   * answer is lost — the case a retry with the same key must not book twice).
   */
  failNextCharges(count = 1, when: 'before-booking' | 'after-booking' = 'before-booking'): this {
    this.outages = { count, when };
    return this;
  }

  async chargeFee(request: FeeChargeRequest): Promise<{ chargeId: string; duplicate: boolean }> {
    const outage = this.outages.count > 0 ? this.outages.when : undefined;
    if (outage) this.outages.count--;
    if (outage === 'before-booking') {
      this.feeCalls.push({ request, outcome: 'failed-before-booking' });
      throw new BillingOutageError('billing is unavailable (simulated outage)');
    }
    const seen = this.charges.get(request.idempotencyKey);
    if (seen) {
      this.feeCalls.push({ request, outcome: outage ? 'failed-after-booking' : 'duplicate' });
      if (outage) throw new BillingOutageError('billing answered too late (simulated lost answer)');
      return { chargeId: seen.chargeId, duplicate: true };
    }
    const chargeId = `fee-${this.charges.size + 1}`;
    this.charges.set(request.idempotencyKey, { request, chargeId });
    this.feeCalls.push({ request, outcome: outage ? 'failed-after-booking' : 'booked' });
    if (outage) throw new BillingOutageError('billing answered too late (simulated lost answer)');
    return { chargeId, duplicate: false };
  }

  /**
   * Credits a fee it booked (release 0.6.10). Refused — as an answer, not an outage — when the charge is
   * unknown, belongs to another case or customer, or the credits on it would exceed what was charged.
   */
  async creditFee(request: FeeCreditRequest): Promise<{ creditId: string; duplicate: boolean } | { refused: string }> {
    const outage = this.outages.count > 0 ? this.outages.when : undefined;
    if (outage) this.outages.count--;
    if (outage === 'before-booking') {
      this.creditCalls.push({ request, outcome: 'failed-before-booking' });
      throw new BillingOutageError('billing is unavailable (simulated outage)');
    }
    const seen = this.credits.get(request.idempotencyKey);
    if (seen) {
      this.creditCalls.push({ request, outcome: outage ? 'failed-after-booking' : 'duplicate' });
      if (outage) throw new BillingOutageError('billing answered too late (simulated lost answer)');
      return { creditId: seen.creditId, duplicate: true };
    }
    const charge = [...this.charges.values()].find((c) => c.chargeId === request.chargeId);
    const creditedBefore = [...this.credits.values()].filter((c) => c.request.chargeId === request.chargeId).reduce((sum, c) => sum + c.request.amountOre, 0);
    const refused = !charge
      ? `no fee ${request.chargeId} was booked`
      : charge.request.caseId !== request.caseId || charge.request.customerId !== request.customerId
        ? `fee ${request.chargeId} was booked for another case or customer`
        : creditedBefore + request.amountOre > charge.request.amountOre
          ? `fee ${request.chargeId} was ${charge.request.amountOre} øre; ${creditedBefore} øre credited already`
          : undefined;
    if (refused) {
      this.creditCalls.push({ request, outcome: 'refused' });
      return { refused };
    }
    const creditId = `credit-${this.credits.size + 1}`;
    this.credits.set(request.idempotencyKey, { request, creditId });
    this.creditCalls.push({ request, outcome: outage ? 'failed-after-booking' : 'credited' });
    if (outage) throw new BillingOutageError('billing answered too late (simulated lost answer)');
    return { creditId, duplicate: false };
  }

  /** The credits actually booked, one per key, in order. */
  bookedCredits(): (FeeCreditRequest & { creditId: string })[] {
    return [...this.credits.values()].map((c) => ({ ...c.request, creditId: c.creditId }));
  }

  /** The fees actually booked, one per key, in order. */
  bookedFees(): (FeeChargeRequest & { chargeId: string })[] {
    return [...this.charges.values()].map((c) => ({ ...c.request, chargeId: c.chargeId }));
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

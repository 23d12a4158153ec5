/**
 * A simulator of the supplier's billing system, for the embedded default and the tests: expected
 * monthly payments per customer and metering point.
 */
import type { BillingPort } from '../activities/billing.js';

export class BillingSimulator implements BillingPort {
  private readonly monthly = new Map<string, number>();

  /**
   * @param defaultMonthlyOre the expected monthly payment of a customer not set explicitly
   * @default 85000 (850 kr, a typical Danish household)
   */
  constructor(private readonly defaultMonthlyOre: number = 85_000) {}

  setExpectedMonthlyPayment(customerId: string, meteringPointId: string, amountOre: number): void {
    this.monthly.set(`${customerId}/${meteringPointId}`, amountOre);
  }

  async expectedMonthlyPayment(customerId: string, meteringPointId: string): Promise<number | undefined> {
    return this.monthly.get(`${customerId}/${meteringPointId}`) ?? this.defaultMonthlyOre;
  }
}

/**
 * The billing port's fee calls over the simulator (release 0.6.10 adds `creditFee`): a fee booked once per
 * key, a credit of a booked fee once per key, and what billing refuses — invalid input for good at the
 * activity (as `chargeFee`), a credit the books do not allow answered as a refusal by the port.
 */
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createBillingActivities, type FeeChargeRequest, type FeeCreditRequest } from '../../activities/billing.js';
import { BillingOutageError, BillingSimulator } from '../../simulators/billing.js';

const fee = (over: Partial<FeeChargeRequest> = {}): FeeChargeRequest => ({
  idempotencyKey: 'case-1:fee:reminder-fee:reminder2:0',
  caseId: 'case-1',
  customerId: 'C-1001',
  meteringPointId: '571313100000000017',
  kind: 'reminder-fee',
  amountOre: 10_000,
  basis: 'Interest Act (renteloven) §9b stk. 1',
  date: '2027-01-25',
  ...over,
});

const credit = (chargeId: string, over: Partial<FeeCreditRequest> = {}): FeeCreditRequest => ({
  idempotencyKey: 'case-1:fee:reminder-fee:reminder2:0:credit',
  caseId: 'case-1',
  customerId: 'C-1001',
  chargeId,
  amountOre: 10_000,
  basis: 'RULES 11; Interest Act (renteloven) §9b: the payment was registered before the reminder was sent',
  date: '2027-01-25',
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('creditFee', () => {
  it('credits a booked fee once per key: a repeat returns the first credit and credits nothing more', async () => {
    const billing = new BillingSimulator();
    const activities = createBillingActivities({ billing });
    const { chargeId } = await activities.chargeFee(fee());
    const first = await activities.creditFee(credit(chargeId));
    const again = await activities.creditFee(credit(chargeId));
    expect(first).toEqual({ creditId: 'credit-1', duplicate: false });
    expect(again).toEqual({ creditId: 'credit-1', duplicate: true });
    expect(billing.bookedCredits()).toEqual([{ ...credit(chargeId), creditId: 'credit-1' }]);
    expect(billing.creditCalls.map((c) => c.outcome)).toEqual(['credited', 'duplicate']);
  });

  it('a lost answer is retried with the same key and credits once', async () => {
    const billing = new BillingSimulator();
    const activities = createBillingActivities({ billing });
    const { chargeId } = await activities.chargeFee(fee());
    billing.failNextCharges(1, 'after-booking');
    await expect(activities.creditFee(credit(chargeId))).rejects.toBeInstanceOf(BillingOutageError);
    expect(await activities.creditFee(credit(chargeId))).toEqual({ creditId: 'credit-1', duplicate: true });
    billing.failNextCharges(1, 'before-booking');
    await expect(activities.creditFee(credit(chargeId, { idempotencyKey: 'k2', amountOre: 1 }))).rejects.toBeInstanceOf(BillingOutageError);
    expect(billing.bookedCredits()).toHaveLength(1);
    expect(billing.creditCalls.map((c) => c.outcome)).toEqual(['failed-after-booking', 'duplicate', 'failed-before-booking']);
  });

  it.each([
    ['a zero amount', { amountOre: 0 }],
    ['a negative amount', { amountOre: -100 }],
    ['a fraction of an øre', { amountOre: 10.5 }],
    ['no basis', { basis: '' }],
    ['no idempotency key', { idempotencyKey: '' }],
    ['no charge id', { chargeId: '' }],
  ])('refuses %s for good (InvalidFeeCredit), before billing is asked', async (_what, over) => {
    const billing = new BillingSimulator();
    const activities = createBillingActivities({ billing });
    const { chargeId } = await activities.chargeFee(fee());
    const err = await refusal(activities.creditFee(credit(chargeId, over)));
    expect(err).toMatchObject({ type: 'InvalidFeeCredit', nonRetryable: true });
    expect(billing.creditCalls).toEqual([]);
  });

  it('refuses for good (FeeCreditRefused) what billing will not credit: an unknown charge, another case or customer, more than was charged', async () => {
    const billing = new BillingSimulator();
    const activities = createBillingActivities({ billing });
    const { chargeId } = await activities.chargeFee(fee());
    const cases: [Partial<FeeCreditRequest>, RegExp][] = [
      [{ idempotencyKey: 'r1', chargeId: 'fee-99' }, /no fee fee-99 was booked/],
      [{ idempotencyKey: 'r2', caseId: 'case-2' }, /booked for another case or customer/],
      [{ idempotencyKey: 'r3', customerId: 'C-9999' }, /booked for another case or customer/],
      [{ idempotencyKey: 'r4', amountOre: 10_001 }, /was 10000 øre; 0 øre credited already/],
    ];
    for (const [over, message] of cases) {
      const err = await refusal(activities.creditFee(credit(chargeId, over)));
      expect(err).toMatchObject({ type: 'FeeCreditRefused', nonRetryable: true });
      expect(err.message).toMatch(message);
    }
    // In part, then the rest, then nothing more.
    expect(await activities.creditFee(credit(chargeId, { idempotencyKey: 'p1', amountOre: 4_000 }))).toMatchObject({ duplicate: false });
    expect(await activities.creditFee(credit(chargeId, { idempotencyKey: 'p2', amountOre: 6_000 }))).toMatchObject({ duplicate: false });
    const over = await refusal(activities.creditFee(credit(chargeId, { idempotencyKey: 'p3', amountOre: 1 })));
    expect(over.message).toMatch(/10000 øre credited already/);
    expect(billing.bookedCredits().map((c) => c.amountOre)).toEqual([4_000, 6_000]);
  });
});

describe('chargeFee', () => {
  it('books once per key and refuses an invalid fee for good (InvalidFee)', async () => {
    const billing = new BillingSimulator();
    const activities = createBillingActivities({ billing });
    expect(await activities.chargeFee(fee())).toEqual({ chargeId: 'fee-1', duplicate: false });
    expect(await activities.chargeFee(fee())).toEqual({ chargeId: 'fee-1', duplicate: true });
    const err = await refusal(activities.chargeFee(fee({ idempotencyKey: 'x', amountOre: 0 })));
    expect(err).toMatchObject({ type: 'InvalidFee', nonRetryable: true });
    expect(billing.bookedFees()).toHaveLength(1);
  });
});

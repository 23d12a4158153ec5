/**
 * `paymentReceived`'s optional `registeredAt` at the doors (release 0.6.10, RULES 11): when billing
 * registered the payment, an ISO 8601 instant with its time zone. The API and the CLI share the schema;
 * a bad value is refused naming the field, never echoing it.
 */
import { describe, expect, it } from 'vitest';
import { anyEventSchema, apiEventSchema, fieldIssues, safeErrorMap } from '../../client/api/schemas.js';

const payment = (registeredAt?: unknown) => ({ type: 'paymentReceived', messageId: 'pay-1', amountOre: 150_000, ...(registeredAt !== undefined ? { registeredAt } : {}) });

describe('paymentReceived.registeredAt', () => {
  it.each([
    ['without it (as before)', undefined],
    ['in UTC', '2027-01-25T06:00:00Z'],
    ['with an offset', '2027-01-25T07:00:00+01:00'],
    ['with fractions of a second', '2027-01-25T07:00:00.123+01:00'],
    ['without seconds', '2027-01-25T07:00+01:00'],
  ])('is accepted %s', (_what, registeredAt) => {
    const parsed = apiEventSchema.safeParse(payment(registeredAt), { errorMap: safeErrorMap });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(payment(registeredAt));
    expect(anyEventSchema.safeParse(payment(registeredAt)).success).toBe(true);
  });

  it.each([
    ['a date alone', '2027-01-25'],
    ['a local time without a time zone', '2027-01-25T07:00:00'],
    ['a day that does not exist', '2027-02-30T07:00:00+01:00'],
    ['not a time at all', 'this morning'],
    ['a number', 1_800_000_000_000],
  ])('refuses %s, naming the field and not the value', (_what, registeredAt) => {
    const parsed = apiEventSchema.safeParse(payment(registeredAt), { errorMap: safeErrorMap });
    expect(parsed.success).toBe(false);
    const issues = fieldIssues('body', parsed.error!);
    expect(issues.map((i) => i.path)).toEqual(['registeredAt']);
    expect(issues[0]!.message).not.toContain(String(registeredAt));
  });

  it('belongs to paymentReceived only', () => {
    const parsed = apiEventSchema.safeParse({ type: 'securityProvided', messageId: 's-1', amountOre: 1, registeredAt: '2027-01-25T06:00:00Z' }, { errorMap: safeErrorMap });
    expect(parsed.success).toBe(false);
    expect(fieldIssues('body', parsed.error!)).toEqual([{ in: 'body', path: 'registeredAt', message: 'is not a known field' }]);
  });
});

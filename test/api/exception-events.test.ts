/**
 * The exceptions' events (issue 6) reach a case through the doors too: the API accepts the operator's
 * and the authorities' events, and the CLI parses the grid's charge, with every field validated.
 */
import { describe, expect, it } from 'vitest';
import { anyEventSchema, apiEventSchema } from '../../client/api/schemas.js';

describe('exception events at the doors', () => {
  it.each([
    [{ type: 'dataHubOutageMarked', messageId: 'm1', note: 'DataHub down since 06:00' }],
    [{ type: 'dataHubOutageCleared', messageId: 'm2' }],
    [{ type: 'taskDone', messageId: 'm3', taskId: 'court-meeting-1' }],
    [{ type: 'authorityAnswered', messageId: 'm4', authority: 'police', agreedDate: '2027-06-21', agreedTime: '10:00' }],
    [{ type: 'courtScheduled', messageId: 'm5', courtCaseId: 'BS-1-2027', meeting: 'enforcement', date: '2027-06-22', time: '09:30' }],
  ])('the API accepts %j', (event) => {
    expect(apiEventSchema.safeParse(event).success).toBe(true);
  });

  it('the CLI (any source) accepts the grid charge, the API does not (it comes from DataHub)', () => {
    const charge = { type: 'gridCharged', messageId: 'm6', chargeKind: 'late-cancellation', amountOre: 85_000, date: '2027-06-21', chargeId: 'G-1' };
    expect(anyEventSchema.safeParse(charge).success).toBe(true);
    expect(apiEventSchema.safeParse(charge).success).toBe(false);
  });

  it.each([
    [{ type: 'authorityAnswered', messageId: 'x', authority: 'court' }, 'authority'],
    [{ type: 'authorityAnswered', messageId: 'x', authority: 'police', agreedTime: '25:00' }, 'agreedTime'],
    [{ type: 'courtScheduled', messageId: 'x', courtCaseId: 'B', meeting: 'enforcement', date: '2027-02-30', time: '09:00' }, 'date'],
    [{ type: 'taskDone', messageId: 'x' }, 'taskId'],
  ])('refuses %j naming the field', (event, field) => {
    const parsed = apiEventSchema.safeParse(event);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});

describe('proceedBelowMinimum at the doors (release 0.6.10; RULES 11)', () => {
  it('the API takes an operator’s move with a note', () => {
    const parsed = apiEventSchema.safeParse({ type: 'proceedBelowMinimum', messageId: 'm7', note: 'aftalt med teamleder' });
    expect(parsed.success).toBe(true);
  });

  it.each([
    [{ type: 'proceedBelowMinimum', messageId: 'x' }, 'note', 'Required'],
    [{ type: 'proceedBelowMinimum', messageId: 'x', note: '' }, 'note', 'String must contain at least 1 character(s)'],
    [{ type: 'proceedBelowMinimum', messageId: 'x', note: 'x'.repeat(501) }, 'note', 'String must contain at most 500 character(s)'],
    [{ type: 'proceedBelowMinimum', messageId: 'x', note: 'kunden 010190-1234 har ringet' }, 'note', 'must not contain personal data (a CPR number, an e-mail address or a phone number)'],
    [{ type: 'proceedBelowMinimum', messageId: 'x', note: 'skriv til jens.hansen@example.dk' }, 'note', 'must not contain personal data (a CPR number, an e-mail address or a phone number)'],
    [{ type: 'proceedBelowMinimum', messageId: 'x', note: 'ok', amountOre: 100 }, '', "Unrecognized key(s) in object: 'amountOre'"],
  ])('refuses %j naming the field', (event, field, message) => {
    const parsed = apiEventSchema.safeParse(event);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([field, message]);
  });
});

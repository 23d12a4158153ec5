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

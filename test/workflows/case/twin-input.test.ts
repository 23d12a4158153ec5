/**
 * The physical twin as version 2 passes it to `sendLetter` (issue 14 item 8, `twinInput` in
 * workflows/case/v2/context.ts): only the fields that differ, unless those cannot give back exactly the
 * twin — then the whole twin, as before.
 */
import { describe, expect, it } from 'vitest';
import type { LetterContent } from '../../../activities/letters/types.js';
import { twinInput } from '../../../workflows/case/v2/context.js';

const reminder = {
  kind: 'reminder1',
  caseId: 'K-1',
  meteringPointId: '571313100000000017',
  customerClass: 'household',
  amountDueOre: 200_000,
  invoiceIds: ['INV-1'],
  paymentDeadline: '2027-09-26',
  reminderFeeOre: 10_000,
  letterDate: '2027-09-16',
} as unknown as LetterContent;

describe('twinInput', () => {
  it('passes the changed date alone', () => {
    expect(twinInput(reminder, { ...reminder, paymentDeadline: '2027-10-03' } as LetterContent)).toEqual({ letterByPostChanges: { paymentDeadline: '2027-10-03' } });
  });

  it('passes the whole twin when it lacks a field of the letter, or leaves one undefined (a spread cannot remove it)', () => {
    const { reminderFeeOre: _dropped, ...without } = reminder as unknown as Record<string, unknown>;
    expect(twinInput(reminder, without as unknown as LetterContent)).toEqual({ letterByPost: without });
    const unset = { ...reminder, reminderFeeOre: undefined } as unknown as LetterContent;
    expect(twinInput(reminder, unset)).toEqual({ letterByPost: unset });
  });

  it('passes a field the twin adds, and a changed list whole', () => {
    const twin = { ...reminder, invoiceIds: ['INV-1', 'INV-2'], correctsEarlierLetter: true } as unknown as LetterContent;
    expect(twinInput(reminder, twin)).toEqual({ letterByPostChanges: { invoiceIds: ['INV-1', 'INV-2'], correctsEarlierLetter: true } });
  });
});

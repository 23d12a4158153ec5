/**
 * `samples/golive.csv` (loaded by `npm run sample`) makes sense whenever it is run: on every day of
 * three years — Christmas, Easter, Ascension, Constitution Day included — exactly its two deliberately
 * bad rows are rejected, for the reason they are there, and the other eight are valid.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImportTable, validateRows } from '../../client/import/rows.js';
import { addDays, DEFAULT_RULES_SETTINGS } from '../../rules/index.js';
import { datedSample } from '../../scripts/load-sample.js';

const TEMPLATE = readFileSync(new URL('../../samples/golive.csv', import.meta.url), 'utf8');

describe('samples/golive.csv', () => {
  it('replaces {today±N} with dates relative to the day it is loaded', () => {
    expect(datedSample('a,{today-30},{today},{today+2}', '2027-03-01')).toBe('a,2027-01-30,2027-03-01,2027-03-03');
  });

  it('is valid but for its two deliberately bad rows, on every day of 2026-2028', () => {
    for (let day = '2026-01-01'; day <= '2028-12-31'; day = addDays(day, 1)) {
      const table = readImportTable(datedSample(TEMPLATE, day));
      expect(table.rows).toHaveLength(10);
      const verdicts = validateRows(table, { importDay: day, settings: DEFAULT_RULES_SETTINGS, source: 'golive.csv' });
      const bad = verdicts.flatMap((v, i) => (v.ok ? [] : [{ row: i + 1, problems: v.problems }]));
      expect(bad, day).toEqual([
        { row: 9, problems: [expect.stringContaining('BEK §27 stk. 2 / Interest Act §9b: at least 10 days after reminder 1'), expect.stringContaining("reminder 1's payment deadline")] },
        { row: 10, problems: [expect.stringContaining('the next step is the security demand, a household step')] },
      ]);
    }
  });

  it('has cases at several stages: two billing-run rows, and every importable next step', () => {
    const table = readImportTable(datedSample(TEMPLATE, '2027-03-01'));
    const verdicts = validateRows(table, { importDay: '2027-03-01', settings: DEFAULT_RULES_SETTINGS, source: 'golive.csv' });
    const next = verdicts.flatMap((v) => (v.ok ? [v.request.imported?.nextStep ?? 'billing run'] : []));
    expect(next.sort()).toEqual(['billing run', 'billing run', 'billing run', 'disconnectionRequest', 'disconnectionRequest', 'reminder2', 'securityDemand', 'terminationNotice']);
    const classes = verdicts.flatMap((v) => (v.ok ? [v.request.customerClass] : []));
    expect(new Set(classes)).toEqual(new Set(['household', 'business']));
  });
});

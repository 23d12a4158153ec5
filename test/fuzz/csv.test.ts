/**
 * The go-live import's CSV under bad input (properties: test/fuzz/csv.ts): no Temporal needed (the
 * rejects file comes from a dry run). `npm run fuzz` runs the same properties with thousands of inputs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FORMULAS, csvProperties, formulaCellsInRejects } from './csv.js';
import { FuzzStats, fuzzSeed, runProperty } from './properties.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = fuzzSeed(20_260_905);
const stats = new FuzzStats();

afterAll(() => {
  console.log(`fuzz (seed ${SEED}, ${RUNS} runs a property):\n${stats.table()}`);
});

describe('the CSV import under bad input', () => {
  const properties = csvProperties({ stats });
  for (const p of properties) {
    it(p.name, async () => {
      await runProperty(p, { numRuns: RUNS, seed: SEED });
    });
  }

  it('counted no crash and no canary', () => {
    const t = stats.totals();
    expect(t.crashes).toBe(0);
    expect(t.canaryHits).toBe(0);
  });

  // CSV injection: a cell such as =cmd|' /C calc'!A0 in the import file must not be a formula again
  // when an operator opens the rejects file in a spreadsheet (runner.ts prefixes it with ').
  it('the rejects file neutralises cells a spreadsheet would run as formulas (=, +, -, @, tab, CR)', async () => {
    const rows = FORMULAS.map((f) => [f, '571313100000000017', 'household', `INV-${FORMULAS.indexOf(f)}`, '1000', '2027-01-04']);
    expect(await formulaCellsInRejects(rows)).toBe(0);
  });
});

/**
 * The billing API under bad input (properties: test/fuzz/api.ts), on the shared dev server with no
 * worker on its task queue: a case is started there first (its input written to history, nothing
 * run), and every event is aimed at it (the newer routes' events at ids that do not exist). Afterwards
 * the task queue holds that one case, with the history it had before: nothing was started, signalled
 * or updated. `npm run fuzz` runs the same properties with thousands of inputs.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/case/definitions.js';
import { apiProperties } from './api.js';
import { FUZZ_GSRN, FUZZ_TOKENS, createFuzzContext } from './context.js';
import { FuzzStats, canaryHits, fuzzSeed, runProperty } from './properties.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = fuzzSeed(20_260_901);
const stats = new FuzzStats();
const customerId = `C-fuzz-api-${process.pid}-${Date.now().toString(36)}`;
const caseId = caseWorkflowId(FUZZ_GSRN, customerId);

// Built before the tests are collected: which routes the app has decides which properties run.
const ctx = await createFuzzContext({ address: inject('devServerAddress'), prefix: 'fuzz-api', temporalTimeoutMs: 3_000 });
const started = ctx.startCase(customerId).then(async (id) => ({ id, events: (await ctx.evidenceOf(id)).events }));
const properties = apiProperties({ app: ctx.app, logLines: ctx.logLines, stats, tokens: FUZZ_TOKENS, caseId, gsrn: FUZZ_GSRN });

afterAll(async () => {
  console.log(`fuzz (seed ${SEED}, ${RUNS} runs a property):\n${stats.table()}`);
  await ctx.close();
});

describe('the billing API under bad input', () => {
  it('has its target case', async () => {
    expect((await started).id).toBe(caseId);
  });

  for (const p of properties) {
    it(p.name, async () => {
      await started;
      await runProperty(p, { numRuns: RUNS, seed: SEED });
    });
  }

  it('started, signalled and updated nothing: the task queue holds the one case, with its history unchanged', async () => {
    // Visibility lags a little behind: give a wrongly started case the time to show.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await ctx.workflowIds()).toEqual([caseId]);
    const after = await ctx.evidenceOf(caseId);
    expect(after.events).toBe((await started).events);
    expect(canaryHits(after.history + after.description)).toEqual([]);
    const t = stats.totals();
    expect(t.server5xx).toBe(0);
    expect(t.crashes).toBe(0);
    expect(t.canaryHits).toBe(0);
    // Every property ran (the canary properties skip a name in free text, and the type field).
    expect(t.inputs).toBeGreaterThanOrEqual(RUNS * (properties.length - 2));
  });
});

/**
 * The canary personal data against a running case: afbryd's worker on the shared dev server, a case
 * started as billing starts it, then the canary (a CPR number, an e-mail address, a name, a phone
 * number) put into every field of every event the API takes (test/fuzz/api.ts), and into DataHub
 * documents delivered to the case by the poller (test/fuzz/sweep.ts). Then every workflow on the task
 * queue is read back — its whole history with payloads decoded, its search attributes, memo and user
 * metadata — with the API's log, the poller's log and what the poller wrote for an operator: the
 * canary is nowhere.
 *
 * A positive control proves the sweep would find it: a second case is given a name in an operator's
 * note (free text, where a name cannot be recognised: the documented limit), and the sweep finds it
 * in that case only.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MASK } from '../../client/personal-data.js';
import { caseWorkflowId } from '../../workflows/case/definitions.js';
import { workflowBundle } from '../support/worker.js';
import { apiProperties } from './api.js';
import { FUZZ_GSRN, FUZZ_TOKENS, createFuzzContext, type FuzzContext } from './context.js';
import { CANARY, FuzzStats, canaryHits, fuzzSeed, runProperty } from './properties.js';
import { controlCase, deliverDataHubCanaries, sweepWorkflows, type PollerTrace } from './sweep.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = fuzzSeed(20_260_904);
const stats = new FuzzStats();
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const targetId = caseWorkflowId(FUZZ_GSRN, `C-canary-${suffix}`);
const controlId = caseWorkflowId(FUZZ_GSRN, `C-control-${suffix}`);
let ctx: FuzzContext;
let trace: PollerTrace;

beforeAll(async () => {
  ctx = await createFuzzContext({ address: inject('devServerAddress'), prefix: 'fuzz-canary', workflowBundle: workflowBundle(), temporalTimeoutMs: 10_000 });
  expect(await ctx.startCase(`C-canary-${suffix}`)).toBe(targetId);
});

afterAll(async () => {
  console.log(`fuzz (seed ${SEED}, ${RUNS} runs):\n${stats.table()}`);
  await ctx?.close();
});

describe('canary personal data never reaches a case', () => {
  it('the API refuses the canary in every field of every event to a running case', async () => {
    const property = apiProperties({ app: ctx.app, logLines: ctx.logLines, stats, tokens: FUZZ_TOKENS, caseId: targetId, gsrn: FUZZ_GSRN }).find((p) =>
      p.name.startsWith('api: the canary'),
    )!;
    await runProperty(property, { numRuns: RUNS, seed: SEED });
  });

  it('DataHub reason texts reach the case with the CPR number, e-mail address and phone number masked', async () => {
    const delivered = await deliverDataHubCanaries(ctx, targetId, suffix);
    trace = delivered.trace;
    expect(delivered.outcomes.map((o) => o.result)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect((await ctx.evidenceOf(targetId)).history).toContain(MASK);
  });

  it('the control: a name in an operator note (free text) is found in that case history', async () => {
    const control = await controlCase(ctx, `C-control-${suffix}`);
    expect(control).toEqual({ workflowId: controlId, status: 200 });
    expect(canaryHits((await ctx.evidenceOf(controlId)).history)).toContain(CANARY.name);
  });

  it('no history, search attribute, memo, log line or operator note carries the canary', async () => {
    const hits = await sweepWorkflows(ctx, [targetId, controlId]);
    expect(hits.get(controlId)).toContain(CANARY.name);
    hits.delete(controlId);
    expect([...hits.keys()]).toContain(targetId);
    for (const [id, found] of hits) expect({ id, found }).toEqual({ id, found: [] });
    expect(canaryHits(ctx.logLines.join('\n'))).toEqual([]);
    expect(canaryHits(trace.log.join('\n'))).toEqual([]);
    expect(canaryHits(trace.kept())).toEqual([]);
    const t = stats.totals();
    expect(t.server5xx).toBe(0);
    expect(t.crashes).toBe(0);
    expect(t.canaryHits).toBe(0);
  });
});

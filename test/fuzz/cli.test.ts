/**
 * The afbryd command under bad input (properties: test/fuzz/cli.ts), pointed at the shared dev server
 * and a task queue of its own: afterwards no workflow runs there (nothing was started). `npm run fuzz`
 * runs the same properties with thousands of inputs.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliProperties } from './cli.js';
import { FUZZ_GSRN } from './context.js';
import { FuzzStats, fuzzSeed, runProperty } from './properties.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = fuzzSeed(20_260_903);
const stats = new FuzzStats();
const taskQueue = `fuzz-cli-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
const ENV = ['TEMPORAL_ADDRESS', 'AFBRYD_TASK_QUEUE', 'AFBRYD_DEBUG'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

beforeAll(() => {
  process.env.TEMPORAL_ADDRESS = inject('devServerAddress');
  process.env.AFBRYD_TASK_QUEUE = taskQueue;
  delete process.env.AFBRYD_DEBUG;
});

afterAll(() => {
  console.log(`fuzz (seed ${SEED}, ${RUNS} runs a property):\n${stats.table()}`);
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('the afbryd command under bad input', () => {
  const properties = cliProperties({ stats, gsrn: FUZZ_GSRN });
  for (const p of properties) {
    it(p.name, async () => {
      await runProperty(p, { numRuns: RUNS, seed: SEED });
    });
  }

  it('started nothing: no workflow on its task queue', async () => {
    await new Promise((r) => setTimeout(r, 1_000));
    const connection = await Connection.connect({ address: inject('devServerAddress') });
    try {
      const ids: string[] = [];
      for await (const wf of new Client({ connection }).workflow.list({ query: `TaskQueue = '${taskQueue}'` })) ids.push(wf.workflowId);
      expect(ids).toEqual([]);
    } finally {
      await connection.close();
    }
    const t = stats.totals();
    expect(t.crashes).toBe(0);
    expect(t.canaryHits).toBe(0);
  });
});

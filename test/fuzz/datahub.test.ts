/**
 * DataHub's inbound documents under bad input (properties: test/fuzz/datahub.ts): the validator, the
 * interpretation, and the poller fed by a stand-in DataHub. `npm run fuzz` runs the same properties
 * with thousands of inputs.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataHubProperties } from './datahub.js';
import { FuzzStats, fuzzSeed, runProperty } from './properties.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = fuzzSeed(20_260_902);
const stats = new FuzzStats();
// The poller never reaches Temporal for these messages: a client that cannot connect proves it.
let client: Client;

beforeAll(() => {
  client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
});

afterAll(async () => {
  console.log(`fuzz (seed ${SEED}, ${RUNS} runs a property):\n${stats.table()}`);
  await client?.connection.close();
});

describe('DataHub inbound documents under bad input', () => {
  const properties = dataHubProperties({
    stats,
    get client() {
      return client;
    },
  });
  for (const p of properties) {
    it(p.name, async () => {
      await runProperty(p, { numRuns: RUNS, seed: SEED });
    });
  }

  it('counted no crash and no canary', () => {
    const t = stats.totals();
    expect(t.crashes).toBe(0);
    expect(t.canaryHits).toBe(0);
    expect(t.inputs).toBeGreaterThanOrEqual(RUNS * properties.length);
  });
});

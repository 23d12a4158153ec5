/**
 * `npm run fuzz [-- --runs 5000] [--seed N] [--door api,datahub,cli,csv,canary]`: the bad-input
 * properties of test/fuzz/ (the same ones `npm test` runs a few hundred times each) with thousands of
 * inputs, on a Temporal dev server of its own. Prints, per door, the inputs tried, the 2xx/accepted and
 * 4xx/rejected counts, 5xx (must be 0), crashes (must be 0) and canary hits (must be 0), then checks
 * that nothing was started or changed and sweeps every workflow for the canary. The figures are also
 * written as JSON to .temporal/fuzz/fuzz-<time>.json (git-ignored). Exit code
 * 0 only when every property held.
 *
 * A failure prints its seed: replay it with `npm run fuzz -- --seed <seed>` (or, for the test's own
 * run, `FUZZ_SEED=<seed> npx vitest run test/fuzz`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { registerSearchAttributes } from '../client/temporal.js';
import { caseWorkflowId } from '../workflows/case/definitions.js';
import { WORKFLOW_BUNDLE_OPTIONS } from '../worker/worker.js';
import { apiProperties } from '../test/fuzz/api.js';
import { cliProperties } from '../test/fuzz/cli.js';
import { FUZZ_GSRN, FUZZ_TOKENS, createFuzzContext, type FuzzContext } from '../test/fuzz/context.js';
import { FORMULAS, csvProperties, formulaCellsInRejects } from '../test/fuzz/csv.js';
import { dataHubProperties } from '../test/fuzz/datahub.js';
import { CANARY, FuzzStats, canaryHits, runProperty, type NamedProperty } from '../test/fuzz/properties.js';
import { controlCase, deliverDataHubCanaries, sweepWorkflows } from '../test/fuzz/sweep.js';
import { ROOT, startDevServerEnv } from '../test/support/servers.js';

const DOORS = ['api', 'datahub', 'cli', 'csv', 'canary'] as const;
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string' }, door: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('usage: npm run fuzz -- [--runs <n per property, default 2000>] [--seed <n>] [--door api,datahub,cli,csv,canary]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('fuzz: --runs must be a whole number above 0');
  process.exit(2);
}
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2_147_483_647;
const doors = new Set(values.door ? values.door.split(',') : DOORS);
for (const d of doors) {
  if (!(DOORS as readonly string[]).includes(d)) {
    console.error(`fuzz: unknown door ${d} (known: ${DOORS.join(', ')})`);
    process.exit(2);
  }
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const stats = new FuzzStats();
const failures: string[] = [];
const notes: string[] = [];
const started = Date.now();
const say = (line: string) => console.log(`fuzz: ${line}`);

say(`seed ${seed}, ${runs} runs a property, doors ${[...doors].join(', ')}`);
const env = await startDevServerEnv();
const address = env.connection.options.address;
{
  const connection = await Connection.connect({ address });
  await registerSearchAttributes(connection, 'default');
  await connection.close();
}

async function run(properties: NamedProperty[]): Promise<void> {
  for (const p of properties) {
    const t0 = Date.now();
    try {
      await runProperty(p, { numRuns: runs, seed });
      say(`ok    ${p.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failures.push((err as Error).message);
      say(`FAIL  ${p.name}\n${(err as Error).message}`);
    }
  }
}

function expectThat(ok: boolean, what: string): void {
  if (ok) say(`ok    ${what}`);
  else {
    failures.push(what);
    say(`FAIL  ${what}`);
  }
}

const contexts: FuzzContext[] = [];
try {
  if (doors.has('api')) {
    const ctx = await createFuzzContext({ address, prefix: 'fuzz-api', temporalTimeoutMs: 3_000 });
    contexts.push(ctx);
    const customer = `C-fuzz-api-${seed}`;
    const caseId = await ctx.startCase(customer);
    const before = await ctx.evidenceOf(caseId);
    await run(apiProperties({ app: ctx.app, logLines: ctx.logLines, stats, tokens: FUZZ_TOKENS, caseId, gsrn: FUZZ_GSRN }));
    await new Promise((r) => setTimeout(r, 1_500));
    const ids = await ctx.workflowIds();
    const after = await ctx.evidenceOf(caseId);
    expectThat(ids.length === 1 && ids[0] === caseId, `api: the task queue holds only the target case (found ${ids.length})`);
    expectThat(after.events === before.events, `api: the target case's history is unchanged (${before.events} → ${after.events} events)`);
    expectThat(canaryHits(after.history + after.description + ctx.logLines.join('\n')).length === 0, 'api: no canary in the case or the API log');
  }

  if (doors.has('datahub')) {
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    await run(dataHubProperties({ stats, client }));
    await client.connection.close();
  }

  if (doors.has('cli')) {
    const taskQueue = `fuzz-cli-${seed}`;
    process.env.TEMPORAL_ADDRESS = address;
    process.env.AFBRYD_TASK_QUEUE = taskQueue;
    delete process.env.AFBRYD_DEBUG;
    await run(cliProperties({ stats, gsrn: FUZZ_GSRN }));
    await new Promise((r) => setTimeout(r, 1_500));
    const connection = await Connection.connect({ address });
    const ids: string[] = [];
    for await (const wf of new Client({ connection }).workflow.list({ query: `TaskQueue = '${taskQueue}'` })) ids.push(wf.workflowId);
    await connection.close();
    expectThat(ids.length === 0, `cli: no workflow was started (found ${ids.length})`);
  }

  if (doors.has('csv')) {
    await run(csvProperties({ stats }));
    const formulas = await formulaCellsInRejects(FORMULAS.map((f, i) => [f, FUZZ_GSRN, 'household', `INV-${i}`, '100', '2027-01-15']));
    expectThat(formulas === 0, `csv: the rejects file neutralises every formula cell (${formulas} of ${FORMULAS.length} written back as formulas)`);
  }

  if (doors.has('canary')) {
    say('bundling the workflow code for the canary run on a running case …');
    const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) } });
    const ctx = await createFuzzContext({ address, prefix: 'fuzz-canary', workflowBundle: { code }, temporalTimeoutMs: 10_000 });
    contexts.push(ctx);
    const targetId = await ctx.startCase(`C-canary-${seed}`);
    const canary = apiProperties({ app: ctx.app, logLines: ctx.logLines, stats, tokens: FUZZ_TOKENS, caseId: targetId, gsrn: FUZZ_GSRN }).filter((p) => p.name.startsWith('api: the canary'));
    await run(canary.map((p) => ({ ...p, name: `${p.name} (a running case)` })));
    const { outcomes, trace } = await deliverDataHubCanaries(ctx, targetId, String(seed));
    expectThat(outcomes.every((o) => o.result === 'delivered'), `canary: ${outcomes.length} DataHub documents with the canary in their reason text delivered`);
    const control = await controlCase(ctx, `C-control-${seed}`);
    const hits = await sweepWorkflows(ctx, [targetId, control.workflowId]);
    expectThat((hits.get(control.workflowId) ?? []).includes(CANARY.name), 'canary: the control (a name in an operator note, free text) is found by the sweep');
    hits.delete(control.workflowId);
    const found = [...hits].filter(([, h]) => h.length > 0);
    stats.door('canary sweep').inputs += hits.size;
    stats.door('canary sweep').canaryHits += found.length;
    expectThat(found.length === 0, `canary: none in the ${hits.size} other workflow(s)' histories, search attributes, memos${found.length ? `: ${JSON.stringify(found)}` : ''}`);
    expectThat(canaryHits(ctx.logLines.join('\n') + trace.log.join('\n') + trace.kept()).length === 0, 'canary: none in the API log, the poller log or the operator file');
  }
} finally {
  for (const ctx of contexts) await ctx.close();
  await env.teardown();
}

const totals = stats.totals();
console.log(`\n${stats.table()}\n`);
for (const n of notes) console.log(n);
console.log(`\nfuzz: seed ${seed}; ${totals.inputs} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s; 5xx ${totals.server5xx}, crashes ${totals.crashes}, canary hits ${totals.canaryHits}; ${failures.length} failure(s)`);
mkdirSync(`${ROOT}.temporal/fuzz`, { recursive: true });
const file = `${ROOT}.temporal/fuzz/fuzz-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ seed, runs, doors: Object.fromEntries(stats.doors), totals, failures, notes, seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`,
);
console.log(`fuzz: figures written to ${file.slice(ROOT.length)}`);
process.exit(failures.length === 0 && totals.server5xx === 0 && totals.crashes === 0 && totals.canaryHits === 0 ? 0 : 1);

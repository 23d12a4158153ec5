/**
 * Replay: N recorded full histories (default 1,000: the case histories of test/replay/histories/,
 * every release, cycled) replayed with `Worker.runReplayHistories` against today's workflow code —
 * events/s and histories/s — against replaying the floor's histories: for each recorded history, a
 * floor with the same commands run to its end on this benchmark's own dev server, cycled the same way.
 * A replay is what a worker does for every case it does not hold in its cache (a timer firing on an
 * evicted case, a query on a closed one, a restart).
 *
 * The server only records the floors; it is stopped before the replays, which run in this process.
 *
 *   npm run bench:replay [-- --histories 1000 --rounds 2]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { BUNDLE_OPTIONS, ROOT, bundleBenchWorkflows, commandLine, intArg, machine, publish, type Row } from './lib/common.js';
import { floorStepsFromHistory, loadHistory, runFloor } from './lib/history.js';
import { SERVER_OPTIONS, serverOptionsFrom, startBenchServer } from './lib/server.js';
import { startBenchWorker } from './lib/worker.js';
import { WORKER_SETTING_OPTIONS, workerSettingsFrom } from './lib/worker-settings.js';
import { CASE_WORKFLOW_TYPES } from '../workflows/case/definitions.js';

const { values } = parseArgs({
  options: { histories: { type: 'string' }, rounds: { type: 'string' }, ...WORKER_SETTING_OPTIONS, ...SERVER_OPTIONS, ...BUNDLE_OPTIONS },
});
const N = intArg(values.histories, 1_000, 'histories');
const rounds = Math.max(1, intArg(values.rounds, 2, 'rounds'));
const settings = workerSettingsFrom(values);
const DIR = `${ROOT}test/replay/histories`;

type History = ReturnType<typeof loadHistory>;
Runtime.install({ logger: new DefaultLogger('WARN') });
const startedAt = new Date();
const recorded = readdirSync(DIR)
  // Every version of the case workflow (a history's file name starts with its workflow type).
  .filter((f) => CASE_WORKFLOW_TYPES.some((type) => f.startsWith(`${type}-`) && f.endsWith('.json')))
  .sort()
  .map((file) => ({ file, history: loadHistory(`${DIR}/${file}`) }));

// ----- the floors' histories, recorded on the dev server
const server = await startBenchServer(serverOptionsFrom(values));
const bundles = await bundleBenchWorkflows(server.dir, { floorBundle: values['floor-bundle'], preload: values.preload });
const code = { afbryd: readFileSync(bundles.afbryd.path, 'utf8'), floor: readFileSync(bundles.floor.path, 'utf8') };
let floors: History[] = [];
try {
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench-replay';
  const worker = await startBenchWorker({ address: server.address, taskQueue, bundlePath: bundles.floor.path, settings, timed: [] });
  try {
    floors = await Promise.all(recorded.map(({ history }, i) => runFloor(client, taskQueue, `floor-replay-${i}`, floorStepsFromHistory(history))));
  } finally {
    await worker.stop();
    await connection.close();
  }
} finally {
  await server.stop();
}
console.log(`replay: ${recorded.length} recorded case histories and their ${floors.length} floors; replaying ${N} of each, ${rounds} round(s)`);

const cycle = (histories: History[], n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ workflowId: `${prefix}-${i}`, history: histories[i % histories.length]! }));
const eventsOf = (items: { history: History }[]) => items.reduce((s, h) => s + (h.history.events?.length ?? 0), 0);

async function replay(which: 'afbryd' | 'floor', items: { workflowId: string; history: History }[]): Promise<{ seconds: number; errors: number; firstError?: string }> {
  const t = performance.now();
  let errors = 0;
  let firstError: string | undefined;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code: code[which] }, reuseV8Context: settings.reuseV8Context }, items)) {
    if (result.error) {
      errors++;
      firstError ??= `${result.workflowId}: ${result.error.message.split('\n')[0]}`;
    }
  }
  return { seconds: (performance.now() - t) / 1000, errors, ...(firstError ? { firstError } : {}) };
}

const afbrydItems = cycle(recorded.map((r) => r.history), N, 'case');
const floorItems = cycle(floors, N, 'floor');
// Warm-up (bundle load, JIT), not counted.
await replay('afbryd', afbrydItems.slice(0, recorded.length));
await replay('floor', floorItems.slice(0, floors.length));
const runs: { afbryd: Awaited<ReturnType<typeof replay>>; floor: Awaited<ReturnType<typeof replay>> }[] = [];
for (let r = 0; r < rounds; r++) {
  const floor = await replay('floor', floorItems);
  const afbryd = await replay('afbryd', afbrydItems);
  runs.push({ afbryd, floor });
  console.log(`replay: round ${r + 1}: afbryd ${afbryd.seconds.toFixed(1)} s, floor ${floor.seconds.toFixed(1)} s`);
}
const best = (k: 'afbryd' | 'floor') => Math.min(...runs.map((r) => r[k].seconds));
const [ea, ef] = [eventsOf(afbrydItems), eventsOf(floorItems)];
const rows: Row[] = [
  { metric: `replay: events/s (best of ${rounds})`, unit: 'events/s', afbryd: ea / best('afbryd'), floor: ef / best('floor'), better: 'higher' },
  { metric: `replay: histories/s (best of ${rounds})`, unit: 'histories/s', afbryd: N / best('afbryd'), floor: N / best('floor'), better: 'higher' },
  { metric: 'replay: time per history', unit: 'ms', afbryd: (best('afbryd') / N) * 1000, floor: (best('floor') / N) * 1000, better: 'lower' },
  { metric: 'events per history (mean)', unit: 'events', afbryd: ea / N, floor: ef / N, better: 'lower' },
];
const errors = runs.flatMap((r) => [r.afbryd, r.floor]).filter((r) => r.errors > 0);
publish({
  bench: 'replay',
  title: `replay: ${N.toLocaleString('en-US')} recorded full histories`,
  command: commandLine('replay'),
  startedAt: startedAt.toISOString(),
  durationS: (Date.now() - startedAt.getTime()) / 1000,
  scale: { histories: N, distinct: recorded.length, rounds },
  machine: machine(),
  server: server.describe(),
  worker: settings,
  bundles: bundles.describe,
  rows,
  notes: [
    `Recorded histories cycled: ${recorded.map((r) => r.file.replace(/^caseWorkflow-|\.json$/g, '')).join(', ')}.`,
    'Replay runs in this process (Worker.runReplayHistories, one replay worker, the server stopped); the floors were recorded on the dev server first.',
    ...(errors.length ? [`REPLAY ERRORS: ${errors.map((e) => `${e.errors} (${e.firstError})`).join('; ')}`] : ['Every replay succeeded (no determinism violation).']),
  ],
  details: { runs, events: { afbryd: ea, floor: ef } },
});

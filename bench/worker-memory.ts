/**
 * Worker memory: the RSS (and V8 heap) of the worker process — a child process, so the figures are
 * its own — with 2,000 and 20,000 open cases parked on timers (reminder 1 due in the future), with
 * the workflow cache size stated: MB per cached case, and whether RSS stays flat once the cache is
 * full. Sampled after a full GC at every checkpoint (1 case, half the cache, the cache, and the
 * counts asked for).
 *
 * afbryd: cases started with startCase, invoices due in 10 days; each snapshots its settings, looks
 * up its metering point and parks on reminder 1's timer. Floor: the same commands (read from a probe
 * case), parked on a 30-day timer. Each phase has a fresh worker child of the same settings.
 *
 *   npm run bench:worker-memory [-- --cases 2000,20000 --max-cached 2000 --concurrency 32]
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startCase } from '../client/cases.js';
import { addDays, copenhagenLocalTime } from '../rules/index.js';
import { caseWorkflowId } from '../workflows/case/definitions.js';
import { FLOOR_WORKFLOW_TYPE, floorSignal, type FloorStep } from './floor-workflow.js';
import { BUNDLE_OPTIONS, bundleBenchWorkflows, commandLine, intArg, machine, pool, publish, sleep, waitUntil, type Row } from './lib/common.js';
import { describeSteps, parkedMarker, probeFloorSteps } from './lib/history.js';
import { benchGsrn } from './lib/ids.js';
import { SERVER_OPTIONS, rssBytes, serverOptionsFrom, startBenchServer } from './lib/server.js';
import { cpuProfileFor, startBenchWorker, type BenchWorker } from './lib/worker.js';
import { WORKER_SETTING_OPTIONS, workerSettingsFrom } from './lib/worker-settings.js';

const { values } = parseArgs({
  options: { cases: { type: 'string' }, concurrency: { type: 'string' }, ...WORKER_SETTING_OPTIONS, ...SERVER_OPTIONS, ...BUNDLE_OPTIONS },
});
const asked = (values.cases ?? '2000,20000').split(',').map((v) => intArg(v.trim(), 0, 'cases')).filter((n) => n > 0);
if (asked.length === 0) throw new Error('--cases needs at least one count, e.g. 2000,20000');
const concurrency = intArg(values.concurrency, 32, 'concurrency');
const settings = workerSettingsFrom(values);
const cache = settings.maxCachedWorkflows;
const maxCases = Math.max(...asked);
const checkpoints = [...new Set([1, Math.floor(cache / 2), cache, ...asked].filter((n) => n >= 1 && n <= maxCases))].sort((a, b) => a - b);
const CUSTOMER = 'C-1001';

interface Sample {
  cases: number;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  cachedWorkflows: number;
  serverRssMB: number;
}

const MB = 2 ** 20;
const startedAt = new Date();
const server = await startBenchServer(serverOptionsFrom(values));
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const bundles = await bundleBenchWorkflows(server.dir, { floorBundle: values['floor-bundle'], preload: values.preload });
const taskQueue = 'bench-memory';
const due = addDays(copenhagenLocalTime(Date.now()).date, 10);
const newWorker = (bundle: 'afbryd' | 'floor' = 'afbryd') =>
  startBenchWorker({ address: server.address, taskQueue, bundlePath: bundles[bundle].path, settings, timed: [] }, cpuProfileFor('worker-memory', bundle));
const request = (i: number) => ({
  customerId: CUSTOMER,
  meteringPointId: benchGsrn(i),
  customerClass: 'household' as const,
  invoices: [{ invoiceId: `INV-${i}`, amountOre: 150_000, dueDate: due }],
});

/** Starts cases up to each checkpoint, waits until they are parked, and samples the worker's memory. */
async function phase(name: string, worker: BenchWorker, parked: { label: string; perCase: number }, start: (i: number) => Promise<void>): Promise<Sample[]> {
  const samples: Sample[] = [];
  let started = 0;
  for (const target of checkpoints) {
    const from = started;
    await pool(target - from, concurrency, (k) => start(from + k));
    started = target;
    await waitUntil(async () => ((await worker.stats()).completed[parked.label] ?? 0) >= target * parked.perCase, `${target} parked cases (${name})`, Math.max(300_000, target * 200), 250);
    await sleep(2000); // the timers' workflow tasks complete after the last activity
    await worker.gc();
    await sleep(500);
    await worker.gc();
    const stats = await worker.stats();
    const sample: Sample = {
      cases: target,
      rssMB: stats.memory.rss / MB,
      heapUsedMB: stats.memory.heapUsed / MB,
      heapTotalMB: stats.memory.heapTotal / MB,
      externalMB: stats.memory.external / MB,
      cachedWorkflows: stats.cachedWorkflows,
      serverRssMB: (rssBytes(server.pid) ?? Number.NaN) / MB,
    };
    samples.push(sample);
    console.log(
      `worker-memory: ${name}: ${target} parked: RSS ${sample.rssMB.toFixed(1)} MB, heap ${sample.heapUsedMB.toFixed(1)} MB, cached ${sample.cachedWorkflows}`,
    );
  }
  return samples;
}

let floorSteps: FloorStep[] = [];
let retriedStarts = 0;
let floor: Sample[] = [];
let afbryd: Sample[] = [];
try {
  {
    const worker = await newWorker();
    try {
      await startCase(client, request(999_999), { taskQueue });
      floorSteps = await probeFloorSteps(client, caseWorkflowId(benchGsrn(999_999), CUSTOMER), { letter: false });
      console.log(`worker-memory: probe case: ${describeSteps(floorSteps)}`);
    } finally {
      await worker.stop();
    }
  }
  const marker = parkedMarker(floorSteps);
  {
    const worker = await newWorker('floor');
    try {
      floor = await phase('floor', worker, { label: marker.floor, perCase: marker.perCase }, async (i) => {
        // afbryd's start is an update-with-start (client/cases.ts): the probe shows it as a first signal
        // step, which the floor gets with its start (as in bench/timer-burst.ts); without it the floor
        // waited for a signal that never came and never parked.
        if (floorSteps[0]?.t === 'signal') {
          await client.workflow.signalWithStart(FLOOR_WORKFLOW_TYPE, { workflowId: `floor-memory-${i}`, taskQueue, args: [{ steps: floorSteps }], signal: floorSignal, signalArgs: [] });
        } else {
          await client.workflow.start(FLOOR_WORKFLOW_TYPE, { workflowId: `floor-memory-${i}`, taskQueue, args: [{ steps: floorSteps }] });
        }
      });
    } finally {
      await worker.stop();
    }
  }
  {
    const worker = await newWorker();
    try {
      afbryd = await phase('afbryd', worker, { label: marker.afbryd, perCase: marker.perCase }, async (i) => {
        // A start the client retried (a loaded machine) finds the run its first attempt started.
        const result = await startCase(client, request(i), { taskQueue });
        if (result.status === 'existing-open') retriedStarts++;
        else if (result.status !== 'started') throw new Error(`startCase: ${result.status}`);
      });
    } finally {
      await worker.stop();
    }
  }
} catch (err) {
  // Said before the connection closes: a start still retrying would then end the process with
  // "Channel has been shut down" and hide this error.
  console.error('worker-memory: failed:', err);
  throw err;
} finally {
  await connection.close();
  await server.stop();
}

const at = (samples: Sample[], n: number) => samples.find((s) => s.cases === n)!;
// Per cached case: the slope from half the cache to the full cache (both past start-up's own garbage).
const full = Math.min(cache, maxCases);
const half = Math.floor(full / 2) >= 1 && checkpoints.includes(Math.floor(full / 2)) ? Math.floor(full / 2) : 1;
const perCase = (samples: Sample[], key: 'rssMB' | 'heapUsedMB') => (at(samples, full)[key] - at(samples, half)[key]) / Math.max(1, full - half);
const rows: Row[] = [];
for (const n of asked) {
  rows.push({ metric: `RSS with ${n.toLocaleString('en-US')} parked cases`, unit: 'MB', afbryd: at(afbryd, n).rssMB, floor: at(floor, n).rssMB, better: 'lower' });
  rows.push({ metric: `V8 heap used with ${n.toLocaleString('en-US')} parked cases`, unit: 'MB', afbryd: at(afbryd, n).heapUsedMB, floor: at(floor, n).heapUsedMB, better: 'lower' });
}
rows.push({ metric: `RSS per cached case (${half.toLocaleString('en-US')} → ${full.toLocaleString('en-US')} cases)`, unit: 'KB', afbryd: perCase(afbryd, 'rssMB') * 1024, floor: perCase(floor, 'rssMB') * 1024, better: 'lower' });
rows.push({ metric: `heap per cached case (${half.toLocaleString('en-US')} → ${full.toLocaleString('en-US')} cases)`, unit: 'KB', afbryd: perCase(afbryd, 'heapUsedMB') * 1024, floor: perCase(floor, 'heapUsedMB') * 1024, better: 'lower' });
let flat = 'not measured (the cache is never full: raise --cases above --max-cached)';
if (maxCases > cache) {
  const growth = (samples: Sample[]) => at(samples, maxCases).rssMB - at(samples, cache).rssMB;
  rows.push({ metric: `RSS growth from a full cache (${cache.toLocaleString('en-US')}) to ${maxCases.toLocaleString('en-US')} cases`, unit: 'MB', afbryd: growth(afbryd), floor: growth(floor), better: 'lower' });
  const g = growth(afbryd);
  const rel = g / at(afbryd, cache).rssMB;
  flat = `${Math.abs(rel) < 0.05 ? 'flat' : g > 0 ? 'GROWS' : 'falls'}: ${g >= 0 ? '+' : ''}${g.toFixed(1)} MB (${(rel * 100).toFixed(1)} %) from ${cache.toLocaleString('en-US')} to ${maxCases.toLocaleString('en-US')} parked cases, with ${at(afbryd, maxCases).cachedWorkflows} cached`;
}
publish({
  bench: 'worker-memory',
  title: `worker memory: ${asked.map((n) => n.toLocaleString('en-US')).join(' and ')} open cases parked on timers`,
  command: commandLine('worker-memory'),
  startedAt: startedAt.toISOString(),
  durationS: (Date.now() - startedAt.getTime()) / 1000,
  scale: { cases: asked.join(','), checkpoints: checkpoints.join(','), maxCachedWorkflows: cache, concurrency },
  machine: machine(),
  server: server.describe(),
  worker: settings,
  bundles: bundles.describe,
  rows,
  notes: [
    `afbryd's RSS once the cache is full: ${flat}.`,
    `Floor per case: ${describeSteps(floorSteps)}; afbryd: the case workflow parked on reminder 1's timer (invoice due ${due}).`,
    'RSS and heap are read in the worker process after two full GCs (--expose-gc); RSS includes the Rust core, the bundle and the V8 isolate.',
    ...(retriedStarts > 0 ? [`${retriedStarts} start(s) were retried by the client and found the case their first attempt had started (existing-open).`] : []),
  ],
  details: { checkpoints, floor, afbryd },
});

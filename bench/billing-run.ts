/**
 * Billing run: N missed payments (default 10,000) started the way a billing run starts them — the
 * billing API's `POST /cases` (client/api/app.ts built with its real options, listening on a port),
 * with bounded concurrency — until every case has sent reminder 1 (the invoices are 30 days overdue,
 * so reminder 1 is due at once; counted when the simulated digital post has taken the letter).
 *
 * Floor: N floor workflows started with `client.workflow.start` at the same concurrency, each with the
 * commands of one real case up to parking on its reminder-2 timer (read from the history of a probe
 * case run first): the settings' local activity, the activities (metering point, the letter, the
 * fee) and the timer, all no-ops.
 *
 * Two more phases tell the costs apart: "floor + afbryd's commands" (`--no-attribution` leaves it
 * out) adds afbryd's patch markers and search attribute upserts to the floor, with placeholder
 * values; "afbryd via startCase" (only with `--direct`) starts afbryd's cases with `startCase`
 * (client/cases.ts) directly, without HTTP. Each phase also reads a sample of its cases' histories
 * for workflow tasks that timed out or failed (each one a retry, usually a full replay).
 *
 * Phases run one after the other on the same dev server, each with a fresh worker child process of
 * the same settings (`--workers 2`: two of them, on the phase's one task queue); the floor goes first,
 * so afbryd's phases meet a fuller database (conservative).
 *
 * `--server ADDRESS` runs every phase, the floor included, on an existing Temporal cluster instead of
 * a dev server of its own (`npm run cluster` prints its frontend's address), in `--namespace` (default
 * the cluster's, `afbryd`; it must exist). The run's task queue, workflow ids and GSRNs are its own
 * (bench/lib/ids.ts: benchRun), and its workflows are deleted at the end unless `--keep`. The
 * report adds CPU per 1,000 cases by process — Temporal's frontend, history (both processes summed,
 * and each), matching, worker service, PostgreSQL (all its processes), the worker processes and this
 * process — found from /proc (bench/lib/cluster-processes.ts); the "server CPU" row is Temporal's
 * services together, PostgreSQL apart.
 *
 *   npm run bench:billing-run [-- --cases 10000 --concurrency 32 --class household --no-attribution --direct --workers 1]
 *   npm run bench:billing-run -- --server 127.0.0.1:7233 [--namespace afbryd] [--workers 2] [--cases 2000]
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { buildApi } from '../client/api/app.js';
import { startCase } from '../client/cases.js';
import { addDays, copenhagenLocalTime, CUSTOMER_CLASSES, type CustomerClass } from '../rules/index.js';
import { caseWorkflowId } from '../workflows/case/definitions.js';
import { FLOOR_WORKFLOW_TYPE, floorSignal, type FloorStep } from './floor-workflow.js';
import { BUNDLE_OPTIONS, bundleBenchWorkflows, commandLine, intArg, machine, percentile, pool, publish, sleep, waitUntil, type Row } from './lib/common.js';
import { describeClusterProcesses } from './lib/cluster-processes.js';
import { describeSteps, eventTypeName, historyBytes, probeFloorSteps, workflowTaskProblems } from './lib/history.js';
import { costSince, cpuByProcessRows, describeIdleRates, idleCpuRates, snapshot, type PhaseCost } from './lib/phase.js';
import { deleteBenchWorkflows, EXISTING_SERVER_OPTIONS, openBenchServer, SERVER_OPTIONS } from './lib/server.js';
import { cpuProfileFor, startBenchWorkers, type BenchWorker } from './lib/worker.js';
import { benchRun } from './lib/ids.js';
import { WORKER_SETTING_OPTIONS, workerSettingsFrom } from './lib/worker-settings.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    concurrency: { type: 'string' },
    class: { type: 'string' },
    direct: { type: 'boolean' },
    'no-attribution': { type: 'boolean' },
    workers: { type: 'string' },
    ...WORKER_SETTING_OPTIONS, ...SERVER_OPTIONS, ...EXISTING_SERVER_OPTIONS, ...BUNDLE_OPTIONS,
  },
});
const N = intArg(values.cases, 10_000, 'cases');
const concurrency = intArg(values.concurrency, 32, 'concurrency');
const customerClass = (values.class ?? 'household') as CustomerClass;
if (!CUSTOMER_CLASSES.includes(customerClass)) throw new Error(`--class must be one of ${CUSTOMER_CLASSES.join(', ')}`);
const settings = workerSettingsFrom(values);
const workerCount = intArg(values.workers, 1, 'workers');
if (workerCount < 1) throw new Error('--workers must be 1 or more');
const CUSTOMER = 'C-1001'; // a seeded customer with a digital-post mailbox: one case per metering point
const TOKEN = 'bench-billing-token-0123456789';
const LETTER = 'sendLetter:reminder1';
const FLOOR_LETTER = 'floor:sendLetter';

const startedAt = new Date();
const today = copenhagenLocalTime(Date.now()).date;
const dueDate = addDays(today, -30);
const body = (gsrn: string, i: number) => ({
  customerId: CUSTOMER,
  meteringPointId: gsrn,
  customerClass,
  invoices: [{ invoiceId: `INV-${i}`, amountOre: 150_000, dueDate }],
});

const server = await openBenchServer('billing-run', values);
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: server.namespace });
const bundles = await bundleBenchWorkflows(server.dir, { floorBundle: values['floor-bundle'], preload: values.preload });
// On an existing cluster the run's own GSRNs, workflow ids and task queue (a dev server is the run's own).
const { runTag, gsrn, taskQueue, startedIds } = benchRun(server.cluster !== undefined, 'bench-billing');
// On an existing cluster: what its processes use with nothing to do, which each phase's figures include.
const idle = await idleCpuRates(server);
if (idle) console.log(`billing-run: idle cluster, CPU s per s: ${describeIdleRates(idle)}`);
const newWorker = (phase: string, bundle: 'afbryd' | 'floor' = 'afbryd') =>
  startBenchWorkers(workerCount, { address: server.address, namespace: server.namespace, taskQueue, bundlePath: bundles[bundle].path, settings, timed: [] }, cpuProfileFor('billing-run', phase));

// The billing API as client/api/main.ts builds it (its log to a file, at the default level).
const apiLog = createWriteStream(`${server.dir}/api.log`);
const app = buildApi({ client, taskQueue, tokens: { [TOKEN]: 'billing' }, logger: { level: 'info', stream: apiLog } });
await app.listen({ port: 0, host: '127.0.0.1' });
const apiUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

async function post(gsrn: string, i: number): Promise<void> {
  const res = await fetch(`${apiUrl}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body(gsrn, i)),
  });
  if (res.status === 200) {
    // A start the API's client retried (its first attempt started the case, and the server answered
    // late — a loaded machine) finds its own run: counted, as the timer burst does; anything else stops.
    const text = await res.text();
    if ((JSON.parse(text) as { status?: string }).status !== 'existing-open') throw new Error(`POST /cases answered 200: ${text}`);
    retriedStarts++;
    return;
  }
  if (res.status !== 201) throw new Error(`POST /cases answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer().catch(() => undefined);
}
let retriedStarts = 0;

/**
 * Starts a floor workflow. afbryd's start is an update-with-start (client/cases.ts), which the probe
 * shows as a signal step (the first, or after the patch marker and search attributes with afbryd's
 * commands): the floor gets that signal with its start (as the timer burst does); started without it,
 * it would wait for it for ever.
 */
async function startFloor(workflowId: string, steps: FloorStep[]): Promise<void> {
  const signals = steps.filter((s) => s.t === 'signal').length;
  if (signals > 1) throw new Error(`the probe case had ${signals} signals or updates before reminder 1; the floor gets one, with its start`);
  if (signals === 1) {
    await client.workflow.signalWithStart(FLOOR_WORKFLOW_TYPE, { workflowId, taskQueue, args: [{ steps }], signal: floorSignal, signalArgs: [] });
  } else {
    await client.workflow.start(FLOOR_WORKFLOW_TYPE, { workflowId, taskQueue, args: [{ steps }] });
  }
}

interface PhaseResult {
  name: string;
  /** The first case's history at the end of the phase (parked on its next timer). */
  history: { events: number; bytes: number; workflowTasks: number; types: string[] };
  /** Workflow tasks timed out / failed in a sample of the phase's cases. */
  wftProblems: { sampled: number; timedOut: number; failed: number; scheduleToStart: number; startToClose: number; casesAffected: number; after: Record<string, number> };
  submitS: number;
  doneS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  cost: PhaseCost;
  failures: Record<string, number>;
}

/** Submits N starts with bounded concurrency and waits until N letters of `label` completed. */
async function phase(name: string, worker: BenchWorker, label: string, idOf: (i: number) => string, submit: (i: number) => Promise<void>): Promise<PhaseResult> {
  const before = snapshot(server, worker);
  const t0 = Date.now();
  const latencies: number[] = [];
  for (let i = 0; i < N; i++) startedIds.push(idOf(i));
  await pool(N, concurrency, async (i) => {
    const t = performance.now();
    await submit(i);
    latencies.push(performance.now() - t);
  });
  const submitS = (Date.now() - t0) / 1000;
  console.log(`billing-run: ${name}: ${N} started in ${submitS.toFixed(1)} s; waiting for ${N} reminder-1 letters`);
  let last = 0;
  await waitUntil(
    async () => {
      const stats = await worker.stats();
      const done = stats.completed[label] ?? 0;
      if (done - last >= Math.max(1, N / 10) || done >= N) {
        console.log(`billing-run: ${name}: ${done}/${N} letters after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        last = done;
      }
      return done >= N;
    },
    `${N} letters (${name})`,
    Math.max(600_000, N * 500),
    100,
  );
  const doneS = (Date.now() - t0) / 1000;
  // Let the last fees and timers settle before the CPU is read.
  await sleep(1000);
  const cost = costSince(before, server, worker);
  const stats = await worker.stats();
  const history = await client.workflow.getHandle(idOf(0)).fetchHistory();
  const types = (history.events ?? []).map((e) => eventTypeName(e));
  const sample = Array.from({ length: Math.min(N, 200) }, (_, k) => Math.floor((k * N) / Math.min(N, 200)));
  const wftProblems = { sampled: sample.length, timedOut: 0, failed: 0, scheduleToStart: 0, startToClose: 0, casesAffected: 0, after: {} as Record<string, number> };
  await pool(sample.length, 8, async (k) => {
    const p = workflowTaskProblems(await client.workflow.getHandle(idOf(sample[k]!)).fetchHistory());
    wftProblems.timedOut += p.timedOut;
    wftProblems.failed += p.failed;
    wftProblems.scheduleToStart += p.scheduleToStart;
    wftProblems.startToClose += p.startToClose;
    for (const a of p.after) wftProblems.after[a] = (wftProblems.after[a] ?? 0) + 1;
    if (p.timedOut + p.failed > 0) wftProblems.casesAffected++;
  });
  return {
    name,
    history: { events: types.length, bytes: historyBytes(history), workflowTasks: types.filter((t) => t === 'WORKFLOW_TASK_COMPLETED').length, types },
    wftProblems,
    submitS,
    doneS,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    cost,
    failures: stats.failed,
  };
}

const results: PhaseResult[] = [];
let floorSteps: FloorStep[] = [];
let commandSteps: FloorStep[] = [];
try {
  // ----- probe: one real case through the API, to read the commands the floor must match
  {
    const worker = await newWorker('probe');
    try {
      const probe = gsrn(999_999);
      startedIds.push(caseWorkflowId(probe, CUSTOMER));
      await post(probe, 999_999);
      floorSteps = await probeFloorSteps(client, caseWorkflowId(probe, CUSTOMER));
      commandSteps = await probeFloorSteps(client, caseWorkflowId(probe, CUSTOMER), { commands: true });
      console.log(`billing-run: probe case: ${describeSteps(floorSteps)}`);
    } finally {
      await worker.stop();
    }
  }

  // ----- floor
  {
    const worker = await newWorker('floor', 'floor');
    try {
      results.push(
        await phase('floor', worker, FLOOR_LETTER, (i) => `floor-billing${runTag}-${i}`, async (i) => {
          await startFloor(`floor-billing${runTag}-${i}`, floorSteps);
        }),
      );
    } finally {
      await worker.stop();
    }
  }

  // ----- floor + afbryd's patch markers and search attribute upserts
  if (!values['no-attribution']) {
    const worker = await newWorker('floor-commands', 'floor');
    try {
      results.push(
        await phase('floor + afbryd\'s commands', worker, FLOOR_LETTER, (i) => `floor-commands${runTag}-${i}`, async (i) => {
          await startFloor(`floor-commands${runTag}-${i}`, commandSteps);
        }),
      );
    } finally {
      await worker.stop();
    }
  }

  // ----- afbryd through the billing API
  {
    const worker = await newWorker('afbryd-api');
    try {
      results.push(await phase('afbryd via POST /cases', worker, LETTER, (i) => caseWorkflowId(gsrn(i), CUSTOMER), (i) => post(gsrn(i), i)));
    } finally {
      await worker.stop();
    }
  }

  // ----- afbryd through startCase (no HTTP)
  if (values.direct) {
    const worker = await newWorker('afbryd-direct');
    try {
      results.push(
        await phase('afbryd via startCase', worker, LETTER, (i) => caseWorkflowId(gsrn(N + i), CUSTOMER), async (i) => {
          const result = await startCase(client, body(gsrn(N + i), N + i), { taskQueue });
          if (result.status === 'existing-open') retriedStarts++;
          else if (result.status !== 'started') throw new Error(`startCase: ${result.status}`);
        }),
      );
    } finally {
      await worker.stop();
    }
  }
} finally {
  await app.close();
  apiLog.end();
  await deleteBenchWorkflows(server, connection, startedIds, values.keep ?? false, (line) => console.log(`billing-run: ${line}`)).catch((err: unknown) => console.error(`billing-run: could not delete the run's workflows: ${(err as Error).message}`));
  await connection.close();
  await server.stop();
}

const byName = (name: string) => results.find((r) => r.name === name);
const floor = byName('floor')!;
const api = byName('afbryd via POST /cases')!;
const commands = byName("floor + afbryd's commands");
const direct = byName('afbryd via startCase');
const per1000 = (s: number) => (s / N) * 1000;
/** The dev server, or Temporal's services of an existing cluster together (PostgreSQL apart: its own row). */
const serverLabel = server.cluster ? 'Temporal services (PostgreSQL apart)' : 'server';
const rows: Row[] = [
  { metric: 'billing run: cases/s to reminder 1 sent', unit: 'cases/s', afbryd: N / api.doneS, floor: N / floor.doneS, better: 'higher' },
  { metric: 'billing run: time to reminder 1 for all', unit: 's', afbryd: api.doneS, floor: floor.doneS, better: 'lower' },
  { metric: 'starts accepted/s (POST /cases | workflow.start)', unit: 'starts/s', afbryd: N / api.submitS, floor: N / floor.submitS, better: 'higher' },
  { metric: 'start latency p50', unit: 'ms', afbryd: api.latencyP50Ms, floor: floor.latencyP50Ms, better: 'lower' },
  { metric: 'start latency p99', unit: 'ms', afbryd: api.latencyP99Ms, floor: floor.latencyP99Ms, better: 'lower' },
  { metric: 'worker CPU per 1,000 cases', unit: 'CPU s', afbryd: per1000(api.cost.workerCpuS), floor: per1000(floor.cost.workerCpuS), better: 'lower' },
  { metric: `${serverLabel} CPU per 1,000 cases`, unit: 'CPU s', afbryd: per1000(api.cost.serverCpuS), floor: per1000(floor.cost.serverCpuS), better: 'lower' },
  { metric: 'API + load generator CPU per 1,000 cases', unit: 'CPU s', afbryd: per1000(api.cost.benchCpuS), floor: per1000(floor.cost.benchCpuS), better: 'lower' },
  { metric: 'history per case, parked after reminder 1: events', unit: 'events', afbryd: api.history.events, floor: floor.history.events, better: 'lower' },
  { metric: 'history per case, parked after reminder 1: workflow tasks', unit: 'tasks', afbryd: api.history.workflowTasks, floor: floor.history.workflowTasks, better: 'lower' },
  { metric: 'history per case, parked after reminder 1: bytes', unit: 'KB', afbryd: api.history.bytes / 1024, floor: floor.history.bytes / 1024, better: 'lower' },
  // No file to measure on an existing cluster (PostgreSQL): the row goes.
  ...(server.cluster ? [] : [{ metric: 'SQLite growth per case', unit: 'KB', afbryd: api.cost.dbBytes / N / 1024, floor: floor.cost.dbBytes / N / 1024, better: 'lower' as const }]),
  {
    metric: `workflow tasks timed out or failed per 100 cases (sample of ${api.wftProblems.sampled})`,
    unit: 'tasks',
    afbryd: ((api.wftProblems.timedOut + api.wftProblems.failed) / api.wftProblems.sampled) * 100,
    floor: ((floor.wftProblems.timedOut + floor.wftProblems.failed) / floor.wftProblems.sampled) * 100,
    better: 'lower',
  },
];
// On an existing cluster: CPU per 1,000 cases by process, afbryd (POST /cases) beside the floor.
rows.push(...cpuByProcessRows(api.cost, floor.cost, N));
if (commands) {
  rows.push(
    { metric: "floor + afbryd's commands: cases/s (vs floor)", unit: 'cases/s', afbryd: N / commands.doneS, floor: N / floor.doneS, better: 'higher' },
    { metric: `floor + afbryd's commands: ${serverLabel} CPU per 1,000 (vs floor)`, unit: 'CPU s', afbryd: per1000(commands.cost.serverCpuS), floor: per1000(floor.cost.serverCpuS), better: 'lower' },
    { metric: "floor + afbryd's commands: worker CPU per 1,000 (vs floor)", unit: 'CPU s', afbryd: per1000(commands.cost.workerCpuS), floor: per1000(floor.cost.workerCpuS), better: 'lower' },
    { metric: "floor + afbryd's commands: events per case (vs floor)", unit: 'events', afbryd: commands.history.events, floor: floor.history.events, better: 'lower' },
  );
}
if (direct) {
  rows.push(
    { metric: 'without HTTP (startCase): cases/s to reminder 1', unit: 'cases/s', afbryd: N / direct.doneS, floor: N / floor.doneS, better: 'higher' },
    { metric: 'without HTTP: worker CPU per 1,000 cases', unit: 'CPU s', afbryd: per1000(direct.cost.workerCpuS), floor: per1000(floor.cost.workerCpuS), better: 'lower' },
    { metric: `without HTTP: ${serverLabel} CPU per 1,000 cases`, unit: 'CPU s', afbryd: per1000(direct.cost.serverCpuS), floor: per1000(floor.cost.serverCpuS), better: 'lower' },
  );
}
const wftNotes = results
  .filter((r) => r.wftProblems.timedOut + r.wftProblems.failed > 0)
  .map(
    (r) =>
      `${r.name}: ${r.wftProblems.startToClose} start-to-close and ${r.wftProblems.scheduleToStart} sticky schedule-to-start timeouts, ${r.wftProblems.failed} failures in ${r.wftProblems.sampled} sampled cases (the task woken by: ${Object.entries(r.wftProblems.after).map(([k, v]) => `${k} ×${v}`).join(', ')})`,
  );
const failures = results.filter((r) => Object.keys(r.failures).length > 0).map((r) => `${r.name}: ${JSON.stringify(r.failures)}`);
publish({
  bench: 'billing-run',
  title: `billing run: ${N.toLocaleString('en-US')} missed payments to reminder 1`,
  command: commandLine('billing-run'),
  startedAt: startedAt.toISOString(),
  durationS: (Date.now() - startedAt.getTime()) / 1000,
  scale: { cases: N, concurrency, customerClass, dueDate, attribution: !values['no-attribution'], direct: values.direct ?? false, workers: workerCount, ...(server.cluster ? { server: server.address, namespace: server.namespace, taskQueue } : {}) },
  machine: machine(),
  server: server.describe(),
  worker: settings,
  bundles: bundles.describe,
  rows,
  notes: [
    `Floor per case: ${describeSteps(floorSteps)} (no-op activities; read from a probe case's history).`,
    `Floor + afbryd's commands per case: ${describeSteps(commandSteps)}.`,
    `afbryd per case: POST /cases → startCase (one update-with-start: a new run with the invoice, whose update answers duplicate; refused only if a closed run exists, then describe; no search attributes at start: the workflow sets its own) → the case workflow: settings snapshot and metering point lookup (local activities), rykker 1 by simulated digital post, the reminder fee, search attribute upserts, parked on reminder 2's timer.`,
    server.cluster
      ? `CPU is user + system seconds from /proc over the phase, by process (${describeClusterProcesses(server.cluster)}); PostgreSQL counts every postgres process, the backends of connections that closed during the phase too (the postmaster's reaped children). ${workerCount} worker process(es) per phase on one task queue. Every process shares this machine's ${machine().cores} cores.${server.cluster.missing.length ? ` Not found: ${server.cluster.missing.join('; ')}.` : ''}`
      : 'CPU is user + system seconds from /proc over the phase (2 cores shared by the server, the worker and this process).',
    ...(idle ? [`The idle cluster (10 s before the first phase) used, in CPU seconds per second: ${describeIdleRates(idle)}; each phase's figures include that for its wall time (the phases' times are in details).`] : []),
    ...(wftNotes.length ? [`Workflow task problems: ${wftNotes.join('; ')}.`] : []),
    ...(retriedStarts > 0 ? [`${retriedStarts} POST /cases answered 200 existing-open: the API's start was retried by its client and found the case its first attempt had started.`] : []),
    ...(failures.length ? [`activity failures: ${failures.join('; ')}`] : []),
  ],
  details: { phases: results, ...(idle ? { idleCpuPerSecond: idle } : {}) },
});

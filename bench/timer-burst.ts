/**
 * Timer burst: N cases (default 5,000) whose next step fires at the same instant T — p50/p99/max
 * delay from each timer's due time (its TIMER_STARTED event's time + its duration, read from the
 * case's history after the burst) to the start of the activity that follows (reminder 1's
 * `sendLetter`, its start recorded by the worker's activity interceptor), and from T itself.
 * A timer set for T is due slightly after T: the workflow computes "T − now" at the start of the
 * workflow task that parks it, and the server counts from the task's completion.
 *
 * afbryd: the cases are started (startCase) with invoices due so that reminder 1 falls on T's date,
 * and the worker's case settings put `stepTimeLocal` at T's Danish wall-clock minute; each case
 * snapshots the settings, looks up its metering point and parks on the timer until T.
 * Floor: the same commands (read from a probe case) with a timer until T before the letter.
 * T is a whole minute at least `--lead-seconds` after the phase starts (default 30 s + N/15 s), so
 * that every case is parked before it; the report says how many were.
 *
 * Each phase runs with a fresh worker child of the same settings on the same dev server (`--workers
 * 2`: two of them, on one task queue); floor first.
 *
 * `--server ADDRESS` runs every phase, the floor included, on an existing Temporal cluster instead of
 * a dev server of its own (`npm run cluster` prints its frontend's address), in `--namespace` (default
 * the cluster's, `afbryd`; it must exist). The run's task queue, workflow ids and GSRNs are its own
 * (bench/lib/ids.ts: benchRun) and its workflows are deleted at the end unless `--keep`. The
 * report adds CPU per 1,000 cases by process (Temporal's frontend, history summed and each, matching,
 * worker service, PostgreSQL, the worker processes, this process; bench/lib/cluster-processes.ts).
 * The timer's delays compare the server's clock with the worker's: the same machine's here.
 *
 * A third phase, `afbryd-spread` (issue 14, item 8), starts the same N cases with spread step times:
 * the step window (`stepWindowLocal`) is set to the `--spread-minutes` (default 10) from T, so each
 * case's reminder 1 falls on its own second of it (`--spread-unit second`, the default of new cases
 * since item 8; `minute` as release 0.6–0.6.4 spread: rules/step-time.ts). Production's window is 180
 * minutes (07:00–10:00); 10 minutes is a scale model 18 times as dense. Its target: no sticky
 * schedule-to-start timeout. The `afbryd` phase sets the window to null: every case at T, as before.
 * `--phases spread` runs only the spread phase (and the probe); the default is all three.
 *
 *   npm run bench:timer-burst [-- --cases 5000 --concurrency 32 --lead-seconds 360 --spread-minutes 10 --spread-unit second --phases floor,afbryd,spread --workers 1]
 *   npm run bench:timer-burst -- --server 127.0.0.1:7233 [--namespace afbryd] [--cases 2000 --lead-seconds 180]
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startCase } from '../client/cases.js';
import { addDays, copenhagenLocalTime, DEFAULT_RULES_SETTINGS, reminder1Date } from '../rules/index.js';
import { caseWorkflowId } from '../workflows/case/definitions.js';
import { FLOOR_WORKFLOW_TYPE, floorSignal, type FloorStep } from './floor-workflow.js';
import { BUNDLE_OPTIONS, bundleBenchWorkflows, commandLine, intArg, machine, percentile, pool, publish, sleep, waitUntil, type Row } from './lib/common.js';
import { describeSteps, firstFiredTimer, parkedMarker, probeFloorSteps, workflowTaskProblems } from './lib/history.js';
import { describeClusterProcesses } from './lib/cluster-processes.js';
import { benchRun } from './lib/ids.js';
import { costSince, cpuByProcessRows, describeIdleRates, idleCpuRates, snapshot, type PhaseCost } from './lib/phase.js';
import { deleteBenchWorkflows, EXISTING_SERVER_OPTIONS, openBenchServer, SERVER_OPTIONS } from './lib/server.js';
import { cpuProfileFor, startBenchWorkers, type BenchWorker } from './lib/worker.js';
import type { WorkerProcessConfig } from './lib/worker-process.js';
import { WORKER_SETTING_OPTIONS, workerSettingsFrom } from './lib/worker-settings.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    concurrency: { type: 'string' },
    'lead-seconds': { type: 'string' },
    'spread-minutes': { type: 'string' },
    'spread-unit': { type: 'string' },
    phases: { type: 'string' },
    workers: { type: 'string' },
    ...WORKER_SETTING_OPTIONS,
    ...SERVER_OPTIONS,
    ...EXISTING_SERVER_OPTIONS,
    ...BUNDLE_OPTIONS,
  },
});
const N = intArg(values.cases, 5_000, 'cases');
const concurrency = intArg(values.concurrency, 32, 'concurrency');
const leadS = intArg(values['lead-seconds'], Math.round(30 + N / 15), 'lead-seconds');
const spreadMinutes = intArg(values['spread-minutes'], 10, 'spread-minutes');
const spreadUnit = values['spread-unit'] ?? 'second';
if (spreadUnit !== 'second' && spreadUnit !== 'minute') throw new Error('--spread-unit is second or minute');
const PHASES = ['floor', 'afbryd', 'spread'] as const;
const phases = new Set((values.phases ?? PHASES.join(',')).split(',').map((p) => p.trim()));
for (const p of phases) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--phases: unknown phase "${p}" (floor, afbryd, spread)`);
const settings = workerSettingsFrom(values);
const workerCount = intArg(values.workers, 1, 'workers');
if (workerCount < 1) throw new Error('--workers must be 1 or more');
const CUSTOMER = 'C-1001';
const SPREAD_CUSTOMER = 'C-1002';
const LETTER = 'sendLetter:reminder1';
const FLOOR_LETTER = 'floor:sendLetter';

const startedAt = new Date();
const server = await openBenchServer('timer-burst', values);
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: server.namespace });
const bundles = await bundleBenchWorkflows(server.dir, { floorBundle: values['floor-bundle'], preload: values.preload });
// On an existing cluster the run's own GSRNs, workflow ids and task queue (a dev server is the run's own).
const { runTag, gsrn, taskQueue, startedIds } = benchRun(server.cluster !== undefined, 'bench-burst');
// On an existing cluster: what its processes use with nothing to do, which each phase's figures include.
const idle = await idleCpuRates(server);
if (idle) console.log(`timer-burst: idle cluster, CPU s per s: ${describeIdleRates(idle)}`);
const newWorkers = (config: Omit<WorkerProcessConfig, 'address' | 'namespace' | 'taskQueue' | 'settings'>, profile?: string) =>
  startBenchWorkers(workerCount, { address: server.address, namespace: server.namespace, taskQueue, settings, ...config }, profile);

/** A whole minute at least `leadS` from now, with its Danish date and HH:MM. */
function chooseInstant(): { at: number; date: string; hhmm: string } {
  const at = Math.ceil((Date.now() + leadS * 1000) / 60_000) * 60_000;
  const local = copenhagenLocalTime(at);
  return { at, date: local.date, hhmm: local.time.slice(0, 5) };
}

interface PhaseResult {
  name: string;
  at: string;
  parkedBeforeT: number;
  /** Last activity start − T. */
  startedAll: number;
  /** Activity start − T. */
  fromTMs: number[];
  /** Activity start − the timer's due time. */
  delaysMs: number[];
  /** The server's fire time − the timer's due time. */
  firedMs: number[];
  /** Activity scheduled (server) − the timer's due time. */
  scheduledDelaysMs: number[];
  /** Activity start − scheduled. */
  queueMs: number[];
  /** Latest due time − earliest due time. */
  dueSpreadMs: number;
  /** Workflow tasks that timed out or failed, over all the phase's cases (each a retry, usually a replay). */
  wftTimedOut: number;
  wftFailed: number;
  wftScheduleToStart: number;
  wftStartToClose: number;
  /** What woke the workflow tasks that timed out, counted. */
  wftAfter: Record<string, number>;
  cost: PhaseCost;
  failures: Record<string, number>;
}

async function phase(
  name: string,
  worker: BenchWorker,
  instant: ReturnType<typeof chooseInstant>,
  /** `parked`: the last activity before the timer, completed `parkedPerCase` times per parked case. */
  labels: { parked: string; parkedPerCase: number; letter: string },
  idOf: (i: number) => string,
  start: (i: number) => Promise<void>,
): Promise<PhaseResult> {
  const before = snapshot(server, worker);
  const t0 = Date.now();
  for (let i = 0; i < N; i++) startedIds.push(idOf(i));
  await pool(N, concurrency, start);
  console.log(`timer-burst: ${name}: ${N} started in ${((Date.now() - t0) / 1000).toFixed(1)} s; T = ${new Date(instant.at).toISOString()}`);
  let parked = 0;
  for (;;) {
    parked = Math.floor(((await worker.stats()).completed[labels.parked] ?? 0) / labels.parkedPerCase);
    if (parked >= N || Date.now() >= instant.at - 500) break;
    await sleep(250);
  }
  console.log(`timer-burst: ${name}: ${parked}/${N} parked ${((instant.at - Date.now()) / 1000).toFixed(1)} s before T`);
  if (Date.now() < instant.at) await sleep(instant.at - Date.now());
  await waitUntil(async () => ((await worker.stats()).started[labels.letter] ?? 0) >= N, `${N} letters to start (${name})`, Math.max(300_000, N * 400), 100);
  await sleep(1000);
  const cost = costSince(before, server, worker);
  const timings = new Map(((await worker.timings())[labels.letter] ?? []).filter((t) => t.attempt === 1).map((t) => [t.workflowId, t]));
  const stats = await worker.stats();
  // Each timer's due and fire time, from the case's history.
  const joined: { dueMs: number; firedMs: number; scheduledMs: number; startMs: number }[] = [];
  let wftTimedOut = 0;
  let wftFailed = 0;
  let wftScheduleToStart = 0;
  let wftStartToClose = 0;
  const wftAfter: Record<string, number> = {};
  await pool(N, 16, async (i) => {
    const id = idOf(i);
    const history = await client.workflow.getHandle(id).fetchHistory();
    const problems = workflowTaskProblems(history);
    wftTimedOut += problems.timedOut;
    wftFailed += problems.failed;
    wftScheduleToStart += problems.scheduleToStart;
    wftStartToClose += problems.startToClose;
    for (const a of problems.after) wftAfter[a] = (wftAfter[a] ?? 0) + 1;
    const timer = firstFiredTimer(history);
    const t = timings.get(id);
    if (timer && t) joined.push({ ...timer, scheduledMs: t.scheduledMs, startMs: t.startMs });
  });
  if (joined.length < N) console.log(`timer-burst: ${name}: only ${joined.length}/${N} cases have a fired timer and a timed letter`);
  const dues = joined.map((j) => j.dueMs);
  return {
    name,
    at: new Date(instant.at).toISOString(),
    parkedBeforeT: parked,
    startedAll: Math.max(...joined.map((j) => j.startMs)) - instant.at,
    fromTMs: joined.map((j) => j.startMs - instant.at),
    delaysMs: joined.map((j) => j.startMs - j.dueMs),
    firedMs: joined.map((j) => j.firedMs - j.dueMs),
    scheduledDelaysMs: joined.map((j) => j.scheduledMs - j.dueMs),
    queueMs: joined.map((j) => j.startMs - j.scheduledMs),
    dueSpreadMs: Math.max(...dues) - Math.min(...dues),
    wftTimedOut,
    wftFailed,
    wftScheduleToStart,
    wftStartToClose,
    wftAfter,
    cost,
    failures: stats.failed,
  };
}

const request = (i: number, due: string) => ({
  customerId: CUSTOMER,
  meteringPointId: gsrn(i),
  customerClass: 'household' as const,
  invoices: [{ invoiceId: `INV-${i}`, amountOre: 150_000, dueDate: due }],
});

/**
 * A start the client retried (its first attempt started the case, and the server answered late — a
 * loaded machine) finds its own run: `existing-open`. Counted; any other answer stops the bench.
 */
let retriedStarts = 0;
function startedOrRetried(status: string): void {
  if (status === 'existing-open') retriedStarts++;
  else if (status !== 'started') throw new Error(`startCase: ${status}`);
}

const results: PhaseResult[] = [];
let floorSteps: FloorStep[] = [];
try {
  // ----- probe: one real case with reminder 1 due at once, for the floor's commands
  {
    const worker = await newWorkers({ bundlePath: bundles.afbryd.path, timed: [] });
    try {
      const due = addDays(copenhagenLocalTime(Date.now()).date, -30);
      startedIds.push(caseWorkflowId(gsrn(999_999), CUSTOMER));
      await startCase(client, request(999_999, due), { taskQueue });
      const steps = await probeFloorSteps(client, caseWorkflowId(gsrn(999_999), CUSTOMER));
      const letter = steps.findIndex((s) => s.t === 'activity' && s.tag === 'sendLetter');
      floorSteps = [...steps.slice(0, letter), { t: 'until', at: 0 }, ...steps.slice(letter)];
      console.log(`timer-burst: probe case: ${describeSteps(floorSteps)}`);
    } finally {
      await worker.stop();
    }
  }

  // ----- floor
  if (phases.has('floor')) {
    const instant = chooseInstant();
    const steps = floorSteps.map((s) => (s.t === 'until' ? { t: 'until' as const, at: instant.at } : s));
    const worker = await newWorkers({ bundlePath: bundles.floor.path, timed: [FLOOR_LETTER] }, cpuProfileFor('timer-burst', 'floor'));
    const marker = parkedMarker(steps);
    try {
      results.push(
        await phase('floor', worker, instant, { parked: marker.floor, parkedPerCase: marker.perCase, letter: FLOOR_LETTER }, (i) => `floor-burst${runTag}-${i}`, async (i) => {
          // afbryd's start is an update-with-start (client/cases.ts): the probe shows it as a first signal
          // step, which the floor gets with its start.
          if (steps[0]?.t === 'signal') {
            await client.workflow.signalWithStart(FLOOR_WORKFLOW_TYPE, { workflowId: `floor-burst${runTag}-${i}`, taskQueue, args: [{ steps }], signal: floorSignal, signalArgs: [] });
          } else {
            await client.workflow.start(FLOOR_WORKFLOW_TYPE, { workflowId: `floor-burst${runTag}-${i}`, taskQueue, args: [{ steps }] });
          }
        }),
      );
    } finally {
      await worker.stop();
    }
  }

  // ----- afbryd
  if (phases.has('afbryd')) {
    const instant = chooseInstant();
    const due = addDays(instant.date, -DEFAULT_RULES_SETTINGS.reminder1DaysAfterDue);
    if (reminder1Date(due).date !== instant.date) throw new Error('reminder 1 would not fall on T');
    const worker = await newWorkers({
      bundlePath: bundles.afbryd.path,
      caseSettings: { case: { stepTimeLocal: instant.hhmm, stepWindowLocal: null } },
      timed: [LETTER],
    }, cpuProfileFor('timer-burst', 'afbryd'));
    try {
      results.push(
        await phase('afbryd', worker, instant, { parked: parkedMarker(floorSteps).afbryd, parkedPerCase: parkedMarker(floorSteps).perCase, letter: LETTER }, (i) => caseWorkflowId(gsrn(i), CUSTOMER), async (i) => {
          startedOrRetried((await startCase(client, request(i, due), { taskQueue })).status);
        }),
      );
    } finally {
      await worker.stop();
    }
  }

  // ----- afbryd, spread step times: the window [T, T + spread-minutes)
  if (phases.has('spread')) {
    const instant = chooseInstant();
    const endMinute = Number(instant.hhmm.slice(0, 2)) * 60 + Number(instant.hhmm.slice(3)) + spreadMinutes;
    if (endMinute >= 24 * 60) throw new Error(`the spread window from ${instant.hhmm} would pass midnight: run the bench earlier in the day`);
    const to = `${String(Math.floor(endMinute / 60)).padStart(2, '0')}:${String(endMinute % 60).padStart(2, '0')}`;
    const due = addDays(instant.date, -DEFAULT_RULES_SETTINGS.reminder1DaysAfterDue);
    const worker = await newWorkers({
      bundlePath: bundles.afbryd.path,
      caseSettings: { case: { stepWindowLocal: { from: instant.hhmm, to }, stepSpread: spreadUnit } },
      timed: [LETTER],
    }, cpuProfileFor('timer-burst', 'afbryd-spread'));
    // Other case ids than the `afbryd` phase's (the customer differs): those cases are still open.
    try {
      results.push(
        await phase('afbryd-spread', worker, instant, { parked: parkedMarker(floorSteps).afbryd, parkedPerCase: parkedMarker(floorSteps).perCase, letter: LETTER }, (i) => caseWorkflowId(gsrn(i), SPREAD_CUSTOMER), async (i) => {
          startedOrRetried((await startCase(client, { ...request(i, due), customerId: SPREAD_CUSTOMER }, { taskQueue })).status);
        }),
      );
    } finally {
      await worker.stop();
    }
  }
} catch (err) {
  // Said before the connection closes: a start still retrying would then end the process with
  // "Channel has been shut down" and hide this error.
  console.error('timer-burst: failed:', err);
  throw err;
} finally {
  await deleteBenchWorkflows(server, connection, startedIds, values.keep ?? false, (line) => console.log(`timer-burst: ${line}`)).catch((err: unknown) => console.error(`timer-burst: could not delete the run's workflows: ${(err as Error).message}`));
  await connection.close();
  await server.stop();
}

const byName = (name: string) => results.find((r) => r.name === name);
const floor = byName('floor');
const afbryd = byName('afbryd');
const spread = byName('afbryd-spread');
const p = (values: number[] | undefined, q: number) => (values && values.length > 0 ? percentile(values, q) : Number.NaN);
/** A phase left out (`--phases`) shows as n/a. */
const none = { delaysMs: [], fromTMs: [], firedMs: [], scheduledDelaysMs: [], queueMs: [], startedAll: Number.NaN, dueSpreadMs: Number.NaN, wftTimedOut: Number.NaN, wftFailed: Number.NaN, wftScheduleToStart: Number.NaN, cost: { workerCpuS: Number.NaN, serverCpuS: Number.NaN } } as unknown as PhaseResult;
/** The dev server, or Temporal's services of an existing cluster together (PostgreSQL apart: its own row). */
const serverLabel = server.cluster ? 'Temporal services (PostgreSQL apart)' : 'server';
const rowsFor = (afbryd: PhaseResult, floor: PhaseResult, spread: PhaseResult): Row[] => [
  { metric: 'timer due → activity start p50', unit: 'ms', afbryd: p(afbryd.delaysMs, 50), floor: p(floor.delaysMs, 50), better: 'lower' },
  { metric: 'timer due → activity start p99', unit: 'ms', afbryd: p(afbryd.delaysMs, 99), floor: p(floor.delaysMs, 99), better: 'lower' },
  { metric: 'timer due → activity start max', unit: 'ms', afbryd: p(afbryd.delaysMs, 100), floor: p(floor.delaysMs, 100), better: 'lower' },
  { metric: 'T → activity start p50', unit: 'ms', afbryd: p(afbryd.fromTMs, 50), floor: p(floor.fromTMs, 50), better: 'lower' },
  { metric: 'T → activity start p99', unit: 'ms', afbryd: p(afbryd.fromTMs, 99), floor: p(floor.fromTMs, 99), better: 'lower' },
  { metric: 'T → last activity start', unit: 'ms', afbryd: afbryd.startedAll, floor: floor.startedAll, better: 'lower' },
  { metric: 'burst drained (N / last start after T)', unit: 'activities/s', afbryd: N / (afbryd.startedAll / 1000), floor: N / (floor.startedAll / 1000), better: 'higher' },
  { metric: 'timer due → fired by the server p50', unit: 'ms', afbryd: p(afbryd.firedMs, 50), floor: p(floor.firedMs, 50), better: 'lower' },
  { metric: 'timer due → activity scheduled p50 (server + workflow task)', unit: 'ms', afbryd: p(afbryd.scheduledDelaysMs, 50), floor: p(floor.scheduledDelaysMs, 50), better: 'lower' },
  { metric: 'activity scheduled → started p50 (queue)', unit: 'ms', afbryd: p(afbryd.queueMs, 50), floor: p(floor.queueMs, 50), better: 'lower' },
  { metric: 'spread of the timers\' due times', unit: 'ms', afbryd: afbryd.dueSpreadMs, floor: floor.dueSpreadMs, better: 'lower' },
  { metric: 'workflow tasks timed out or failed (all cases)', unit: 'tasks', afbryd: afbryd.wftTimedOut + afbryd.wftFailed, floor: floor.wftTimedOut + floor.wftFailed, better: 'lower' },
  // The spread phase beside the floor's burst: the floor column is the same-instant floor.
  { metric: `spread over ${spreadMinutes} min: timer due → activity start p50`, unit: 'ms', afbryd: p(spread.delaysMs, 50), floor: p(floor.delaysMs, 50), better: 'lower' },
  { metric: `spread over ${spreadMinutes} min: timer due → activity start p99`, unit: 'ms', afbryd: p(spread.delaysMs, 99), floor: p(floor.delaysMs, 99), better: 'lower' },
  { metric: `spread over ${spreadMinutes} min: timer due → activity start max`, unit: 'ms', afbryd: p(spread.delaysMs, 100), floor: p(floor.delaysMs, 100), better: 'lower' },
  { metric: `spread over ${spreadMinutes} min: sticky schedule-to-start timeouts (target 0)`, unit: 'tasks', afbryd: spread.wftScheduleToStart, floor: floor.wftScheduleToStart, better: 'lower' },
  { metric: `spread over ${spreadMinutes} min: workflow tasks timed out or failed`, unit: 'tasks', afbryd: spread.wftTimedOut + spread.wftFailed, floor: floor.wftTimedOut + floor.wftFailed, better: 'lower' },
  { metric: 'worker CPU per 1,000 cases (whole phase)', unit: 'CPU s', afbryd: (afbryd.cost.workerCpuS / N) * 1000, floor: (floor.cost.workerCpuS / N) * 1000, better: 'lower' },
  { metric: `${serverLabel} CPU per 1,000 cases (whole phase)`, unit: 'CPU s', afbryd: (afbryd.cost.serverCpuS / N) * 1000, floor: (floor.cost.serverCpuS / N) * 1000, better: 'lower' },
  { metric: `spread over ${spreadMinutes} min: worker CPU per 1,000 cases (whole phase)`, unit: 'CPU s', afbryd: (spread.cost.workerCpuS / N) * 1000, better: 'lower' },
  { metric: `spread over ${spreadMinutes} min: ${serverLabel} CPU per 1,000 cases (whole phase)`, unit: 'CPU s', afbryd: (spread.cost.serverCpuS / N) * 1000, better: 'lower' },
];
// A phase left out gives no figure: its rows go, and a floor left out leaves the floor column empty.
const rows = rowsFor(afbryd ?? none, floor ?? none, spread ?? none)
  .filter((r) => Number.isFinite(r.afbryd))
  .map(({ floor: f, ...r }) => (f !== undefined && Number.isFinite(f) ? { ...r, floor: f } : r));
// On an existing cluster: CPU per 1,000 cases by process, beside the floor's.
if (afbryd) rows.push(...cpuByProcessRows(afbryd.cost, floor?.cost, N));
if (spread) rows.push(...cpuByProcessRows(spread.cost, floor?.cost, N, `spread over ${spreadMinutes} min: `));
const notParked = results.filter((r) => r.parkedBeforeT < N).map((r) => `${r.name}: only ${r.parkedBeforeT}/${N} parked before T (raise --lead-seconds)`);
publish({
  bench: 'timer-burst',
  title: `timer burst: ${N.toLocaleString('en-US')} cases whose next step fires at the same instant`,
  command: commandLine('timer-burst'),
  startedAt: startedAt.toISOString(),
  durationS: (Date.now() - startedAt.getTime()) / 1000,
  scale: { cases: N, concurrency, leadSeconds: leadS, spreadMinutes, spreadUnit, phases: results.map((r) => r.name).join(','), workers: workerCount, ...(server.cluster ? { server: server.address, namespace: server.namespace, taskQueue } : {}) },
  machine: machine(),
  server: server.describe(),
  worker: settings,
  bundles: bundles.describe,
  rows,
  notes: [
    `Floor per case: ${describeSteps(floorSteps)}; afbryd: the case workflow, its reminder-1 timer at stepTimeLocal on the due day.`,
    `With maxCachedWorkflows ${settings.maxCachedWorkflows} and ${N} cases, ${Math.max(0, N - settings.maxCachedWorkflows)} of them were evicted while parked and are replayed from history when their timer fires (both afbryd and the floor).`,
    `Phases run: ${results.map((r) => r.name).join(', ')}. Parked before T: ${results.map((r) => `${r.name} ${r.parkedBeforeT}/${N}`).join(', ')}.`,
    `afbryd-spread: the step window is [T, T + ${spreadMinutes} min), each case at its ${spreadUnit} by FNV-1a of its id (rules/step-time.ts); the rows "spread over …" compare it with the floor's same-instant burst (empty when the floor was not run). Production's window is 180 min, ${Math.round(180 / spreadMinutes)}× less dense.`,
    ...results.map(
      (r) =>
        `Workflow task timeouts (${r.name}): ${r.wftStartToClose} start-to-close, ${r.wftScheduleToStart} sticky schedule-to-start; ${r.wftFailed} failed; the tasks were woken by ${Object.entries(r.wftAfter).map(([k, v]) => `${k} ×${v}`).join(', ') || '—'}.`,
    ),
    ...(server.cluster
      ? [`CPU by process, user + system seconds from /proc over each whole phase: ${describeClusterProcesses(server.cluster)}; PostgreSQL counts every postgres process, the backends of connections closed during the phase too. ${workerCount} worker process(es) per phase on one task queue.${server.cluster.missing.length ? ` Not found: ${server.cluster.missing.join('; ')}.` : ''}`]
      : []),
    ...(idle ? [`The idle cluster (10 s before the first phase) used, in CPU seconds per second: ${describeIdleRates(idle)}; each phase's figures include that for its whole wall time, the wait for T too (the phases' times are in details).`] : []),
    ...notParked,
    ...(retriedStarts > 0 ? [`${retriedStarts} start(s) were retried by the client and found the case their first attempt had started (existing-open).`] : []),
    ...results.filter((r) => Object.keys(r.failures).length).map((r) => `activity failures (${r.name}): ${JSON.stringify(r.failures)}`),
  ],
  details: {
    ...(idle ? { idleCpuPerSecond: idle } : {}),
    phases: results.map(({ delaysMs, fromTMs, firedMs, scheduledDelaysMs, queueMs, ...rest }) => {
      const pct = (v: number[]) => Object.fromEntries([50, 90, 99, 100].map((q) => [`p${q}`, percentile(v, q)]));
      return { ...rest, dueToStartMs: pct(delaysMs), tToStartMs: pct(fromTMs), dueToFiredMs: pct(firedMs), dueToScheduledMs: pct(scheduledDelaysMs), queueMs: pct(queueMs) };
    }),
  },
});

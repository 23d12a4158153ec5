/**
 * Where a phase's time went: CPU seconds of the server, the worker processes and this process, and
 * storage; on an existing cluster (`--server`) also CPU by process group (./cluster-processes.ts).
 */
import { cpuSeconds, rssBytes, type BenchServer } from './server.js';
import type { BenchWorker } from './worker.js';

export interface PhaseSnapshot {
  at: number;
  serverCpuS: number;
  workerCpuS: number;
  benchCpuS: number;
  dbBytes: number;
  /** On an existing cluster: CPU seconds so far by process group (frontend, history, …, postgresql). */
  byProcess?: Record<string, number>;
}

export interface PhaseCost {
  wallS: number;
  /** The dev server; on a cluster Temporal's services together (PostgreSQL apart). */
  serverCpuS: number;
  /** The phase's worker processes together. */
  workerCpuS: number;
  /** This process: the load generator, plus the billing API where it runs here. */
  benchCpuS: number;
  dbBytes: number;
  serverRssMB: number;
  workerRssMB: number;
  /** On an existing cluster: CPU seconds of the phase by process group (frontend, history, history-1, …, matching, worker service, postgresql). */
  byProcessCpuS?: Record<string, number>;
}

const sum = (values: (number | undefined)[]) => values.reduce<number>((s, v) => s + (v ?? Number.NaN), 0);

export function snapshot(server: BenchServer, worker: BenchWorker): PhaseSnapshot {
  const self = process.cpuUsage();
  return {
    at: Date.now(),
    serverCpuS: server.cpuSeconds(),
    workerCpuS: sum(worker.pids.map((pid) => cpuSeconds(pid))),
    benchCpuS: (self.user + self.system) / 1e6,
    dbBytes: server.dbBytes(),
    ...(server.cpuByProcess ? { byProcess: server.cpuByProcess() } : {}),
  };
}

export function costSince(before: PhaseSnapshot, server: BenchServer, worker: BenchWorker): PhaseCost {
  const now = snapshot(server, worker);
  return {
    wallS: (now.at - before.at) / 1000,
    serverCpuS: now.serverCpuS - before.serverCpuS,
    workerCpuS: now.workerCpuS - before.workerCpuS,
    benchCpuS: now.benchCpuS - before.benchCpuS,
    dbBytes: now.dbBytes - before.dbBytes,
    serverRssMB: server.rssBytes() / 2 ** 20,
    workerRssMB: sum(worker.pids.map((pid) => rssBytes(pid))) / 2 ** 20,
    ...(now.byProcess && before.byProcess
      ? { byProcessCpuS: Object.fromEntries(Object.entries(now.byProcess).map(([k, v]) => [k, v - (before.byProcess![k] ?? Number.NaN)])) }
      : {}),
  };
}

/** The process groups of the CPU-by-process rows, in the report's order, with their labels. */
const GROUPS: [key: string, label: string][] = [
  ['frontend', 'Temporal frontend'],
  ['history', 'Temporal history (all processes)'],
  ['history-1', 'Temporal history-1'],
  ['history-2', 'Temporal history-2'],
  ['matching', 'Temporal matching'],
  ['worker service', 'Temporal worker service'],
  ['postgresql', 'PostgreSQL (all postgres processes)'],
];

/**
 * Rows "CPU per 1,000 cases by process" of an existing cluster's phase (afbryd) beside the floor's:
 * Temporal's services one by one (history summed and each), PostgreSQL, the benchmark's worker
 * processes and this process. Empty on the dev server (one process: the "server CPU" row).
 */
export function cpuByProcessRows(afbryd: PhaseCost, floor: PhaseCost | undefined, cases: number, prefix = ''): { metric: string; unit: string; afbryd: number; floor?: number; better: 'lower' }[] {
  const by = afbryd.byProcessCpuS;
  if (!by) return [];
  const per1000 = (s: number | undefined) => ((s ?? Number.NaN) / cases) * 1000;
  const extra = Object.keys(by).filter((k) => !GROUPS.some(([g]) => g === k) && !/^history-\d+$/.test(k));
  const rows = [
    ...GROUPS.filter(([k]) => k in by).map(([k, label]) => ({ label, a: by[k], f: floor?.byProcessCpuS?.[k] })),
    ...Object.keys(by).filter((k) => /^history-\d+$/.test(k) && !GROUPS.some(([g]) => g === k)).map((k) => ({ label: `Temporal ${k}`, a: by[k], f: floor?.byProcessCpuS?.[k] })),
    ...extra.map((k) => ({ label: `Temporal ${k}`, a: by[k], f: floor?.byProcessCpuS?.[k] })),
    { label: 'afbryd/floor worker processes', a: afbryd.workerCpuS, f: floor?.workerCpuS },
    { label: 'the bench process (load generator, API)', a: afbryd.benchCpuS, f: floor?.benchCpuS },
  ];
  return rows.map((r) => ({
    metric: `${prefix}CPU per 1,000 cases: ${r.label}`,
    unit: 'CPU s',
    afbryd: per1000(r.a),
    ...(floor ? { floor: per1000(r.f) } : {}),
    better: 'lower' as const,
  }));
}

/**
 * On an existing cluster: CPU seconds per second each process group uses while no benchmark work
 * runs (its own timers, membership, pollers of idle workers), over `seconds` — what every phase's
 * figures include per second of its wall time; a phase of W seconds carries about W × rate of it.
 * Undefined on the dev server.
 */
export async function idleCpuRates(server: BenchServer, seconds = 10): Promise<Record<string, number> | undefined> {
  if (!server.cpuByProcess) return undefined;
  const before = server.cpuByProcess();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = server.cpuByProcess();
  const wall = (Date.now() - t0) / 1000;
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, (v - (before[k] ?? Number.NaN)) / wall]));
}

/** The idle rates as one line for the report's notes. */
export function describeIdleRates(rates: Record<string, number>): string {
  return Object.entries(rates)
    .filter(([k]) => !/^history-\d+$/.test(k))
    .map(([k, v]) => `${k} ${Number.isFinite(v) ? v.toFixed(3) : '—'}`)
    .join(', ');
}

/** Starts the benchmark worker (bench/lib/worker-process.ts) as a child process and talks to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ActivityTiming, WorkerProcessConfig, WorkerStats } from './worker-process.js';

const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface BenchWorker {
  /** The first (or only) worker process. */
  pid: number;
  /** Every worker process (one, or several: {@link startBenchWorkers}). */
  pids: number[];
  stats(): Promise<WorkerStats>;
  timings(): Promise<Record<string, ActivityTiming[]>>;
  /** A full garbage collection in the worker (it runs with --expose-gc). */
  gc(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * @param cpuProfileDir where to write V8 CPU profiles of the worker (`--cpu-prof`: one file per
 *   thread, the workflows' thread included), for finding where its time goes; set from the environment
 *   variable AFBRYD_BENCH_CPU_PROF (a folder) by the scripts.
 */
export async function startBenchWorker(config: WorkerProcessConfig, cpuProfileDir?: string): Promise<BenchWorker> {
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', ...profile, '--import', 'tsx', ENTRY], {
    env: { ...process.env, AFBRYD_BENCH_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = new Map<string, ((message: Record<string, unknown>) => void)[]>();
  child.on('message', (message: Record<string, unknown>) => {
    const queue = waiters.get(String(message.type));
    queue?.shift()?.(message);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ask = <T>(type: string, pick: (m: Record<string, unknown>) => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null) return reject(new Error('the bench worker has exited'));
      const list = waiters.get(type) ?? [];
      list.push((m) => resolve(pick(m)));
      waiters.set(type, list);
      if (type !== 'ready') child.send({ type });
    });
  const ready = ask('ready', () => undefined);
  const failedEarly = exited.then((code) => {
    throw new Error(`the bench worker exited at start (code ${code})`);
  });
  await Promise.race([ready, failedEarly]);
  failedEarly.catch(() => undefined);
  return {
    pid: child.pid!,
    pids: [child.pid!],
    stats: () => ask('stats', (m) => m.stats as WorkerStats),
    timings: () => ask('timings', (m) => m.timings as Record<string, ActivityTiming[]>),
    gc: () => ask('gc', () => undefined),
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * `count` worker processes of the same config on the same task queue, seen as one: their counts and
 * timings added up, stopped together. One process is {@link startBenchWorker} itself. With CPU
 * profiles, each process writes into its own subfolder (`worker-<n>`).
 */
export async function startBenchWorkers(count: number, config: WorkerProcessConfig, cpuProfileDir?: string): Promise<BenchWorker> {
  if (count === 1) return startBenchWorker(config, cpuProfileDir);
  const workers = await Promise.all(Array.from({ length: count }, (_, i) => startBenchWorker(config, cpuProfileDir ? `${cpuProfileDir}/worker-${i + 1}` : undefined)));
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  return {
    pid: workers[0]!.pid,
    pids: workers.map((w) => w.pid),
    async stats() {
      const all = await Promise.all(workers.map((w) => w.stats()));
      const started: Record<string, number> = {};
      const completed: Record<string, number> = {};
      const failed: Record<string, number> = {};
      for (const s of all) {
        add(started, s.started);
        add(completed, s.completed);
        add(failed, s.failed);
      }
      // memory and cpu are the first process's (as with one); the cache is every process's together.
      return { ...all[0]!, started, completed, failed, cachedWorkflows: all.reduce((n, s) => n + s.cachedWorkflows, 0) };
    },
    async timings() {
      const all = await Promise.all(workers.map((w) => w.timings()));
      const out: Record<string, ActivityTiming[]> = {};
      for (const t of all) for (const [k, v] of Object.entries(t)) (out[k] ??= []).push(...v);
      return out;
    },
    async gc() {
      await Promise.all(workers.map((w) => w.gc()));
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

/** The CPU profile folder of a phase when AFBRYD_BENCH_CPU_PROF names a folder; undefined otherwise. */
export function cpuProfileFor(bench: string, phase: string): string | undefined {
  const dir = process.env.AFBRYD_BENCH_CPU_PROF;
  return dir ? `${dir}/${bench}-${phase.replace(/[^a-z0-9-]+/gi, '-')}` : undefined;
}

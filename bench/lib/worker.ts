/** Starts the benchmark worker (bench/lib/worker-process.ts) as a child process and talks to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ActivityTiming, WorkerProcessConfig, WorkerStats } from './worker-process.js';

const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface BenchWorker {
  pid: number;
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

/** The CPU profile folder of a phase when AFBRYD_BENCH_CPU_PROF names a folder; undefined otherwise. */
export function cpuProfileFor(bench: string, phase: string): string | undefined {
  const dir = process.env.AFBRYD_BENCH_CPU_PROF;
  return dir ? `${dir}/${bench}-${phase.replace(/[^a-z0-9-]+/gi, '-')}` : undefined;
}

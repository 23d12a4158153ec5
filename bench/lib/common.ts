/** What every benchmark shares: the bundle, the machine, bounded concurrency, percentiles, the report. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PRELOADED_MODULES } from '../../worker/worker.js';
import type { BenchWorkerSettings } from './worker-settings.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = `${ROOT}bench/results`;
const BENCH_WORKFLOWS = fileURLToPath(new URL('../workflows.ts', import.meta.url));
const FLOOR_WORKFLOWS = fileURLToPath(new URL('../floor-workflows.ts', import.meta.url));

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export interface BenchBundles {
  /** afbryd's workflows + the floor (bench/workflows.ts): what the afbryd phases run. */
  afbryd: { path: string; bytes: number };
  /** What the floor phases run: the floor alone (bench/floor-workflows.ts), or the same bundle as afbryd. */
  floor: { path: string; bytes: number };
  /** How they were built, for the report. */
  describe: Record<string, string | number>;
}

/** parseArgs options for the bundles. */
export const BUNDLE_OPTIONS = {
  'floor-bundle': { type: 'string' },
  preload: { type: 'string' },
} as const;

/**
 * Bundles the benchmarks' workflows into `dir`.
 * @param options.floorBundle `own` (default): the floor alone; `shared`: the floor runs from afbryd's bundle
 * @param options.preload modules to preload into afbryd's bundle's reusable V8 context (the bundler's
 *   `preloadModules`), comma-separated paths relative to the repository, or `none`.
 *   @default the worker's own (`PRELOADED_MODULES`: `rules/index.ts`)
 */
export async function bundleBenchWorkflows(dir: string, options: { floorBundle?: string; preload?: string } = {}): Promise<BenchBundles> {
  const floorBundle = options.floorBundle ?? 'own';
  if (floorBundle !== 'own' && floorBundle !== 'shared') throw new Error('--floor-bundle must be own or shared');
  const preloadModules =
    options.preload === undefined
      ? [...PRELOADED_MODULES]
      : options.preload === 'none'
        ? []
        : options.preload.split(',').map((m) => m.trim()).filter(Boolean).map((m) => `${ROOT}${m}`);
  const build = async (entry: string, name: string, preload: string[]) => {
    const { code } = await bundleWorkflowCode({ workflowsPath: entry, logger: quiet, ...(preload.length ? { preloadModules: preload } : {}) });
    const path = `${dir}/${name}.js`;
    writeFileSync(path, code);
    return { path, bytes: Buffer.byteLength(code) };
  };
  const afbryd = await build(BENCH_WORKFLOWS, 'bench-workflows', preloadModules);
  const floor = floorBundle === 'own' ? await build(FLOOR_WORKFLOWS, 'floor-workflows', []) : afbryd;
  return {
    afbryd,
    floor,
    describe: {
      afbrydBundleKB: Math.round(afbryd.bytes / 1024),
      floorBundle: floorBundle === 'own' ? `its own (${Math.round(floor.bytes / 1024)} KB)` : 'shared with afbryd',
      preloadModules: preloadModules.length ? preloadModules.map((m) => m.replace(ROOT, '')).join(',') : 'none',
    },
  };
}

/** The machine the figures were measured on. */
export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    sdk: (JSON.parse(readFileSync(`${ROOT}node_modules/@temporalio/worker/package.json`, 'utf8')) as { version: string }).version,
  };
}

/** Runs `fn(i)` for i in [0, n) with at most `concurrency` at once; rejects on the first failure. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) {
      const i = next++;
      await fn(i);
    }
  });
  await Promise.all(lanes);
}

/** The p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `probe` is true; throws after `timeoutMs` naming `what`. */
export async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs: number, everyMs = 250): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Whether a bigger figure is better (a rate), a smaller one (a time, a size) or neither. */
export type Better = 'higher' | 'lower' | 'n/a';

export interface Row {
  metric: string;
  unit: string;
  afbryd: number;
  /** The floor's figure; absent where no floor applies. */
  floor?: number;
  better: Better;
}

export interface BenchReport {
  bench: string;
  title: string;
  /** `npm run bench:<name> -- …` as run. */
  command: string;
  startedAt: string;
  durationS: number;
  scale: Record<string, number | string | boolean>;
  machine: Record<string, string | number>;
  server?: Record<string, string | number>;
  worker?: BenchWorkerSettings;
  /** The workflow bundles (bench/lib/common.ts: bundleBenchWorkflows). */
  bundles?: Record<string, string | number>;
  rows: Row[];
  notes: string[];
  /** Anything else worth keeping (per-phase CPU, samples, …). */
  details?: Record<string, unknown>;
}

export function ratio(row: Row): number | undefined {
  if (row.floor === undefined || row.floor === 0 || !Number.isFinite(row.floor)) return undefined;
  return row.afbryd / row.floor;
}

function fmt(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The report's rows as a plain-text table (one line per figure: afbryd, floor, afbryd/floor). */
export function table(rows: readonly Row[]): string {
  const header = ['figure', 'unit', 'afbryd', 'floor', 'afbryd/floor', 'better'];
  const lines = rows.map((r) => {
    const q = ratio(r);
    return [r.metric, r.unit, fmt(r.afbryd), fmt(r.floor), q === undefined ? '—' : `${q.toFixed(2)}×`, r.better];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}

/** Prints the report and writes it as JSON to bench/results/ (`<bench>-<time>.json` and `<bench>.latest.json`). */
export function publish(report: BenchReport): string {
  console.log(`\n== ${report.title} ==`);
  console.log(`scale: ${Object.entries(report.scale).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log(`machine: ${Object.entries(report.machine).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (report.server) console.log(`server: ${Object.entries(report.server).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (report.worker) console.log(`worker: ${Object.entries(report.worker).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (report.bundles) console.log(`bundles: ${Object.entries(report.bundles).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log('');
  console.log(table(report.rows));
  for (const note of report.notes) console.log(`- ${note}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = `${RESULTS_DIR}/${report.bench}-${stamp}.json`;
  const json = JSON.stringify({ ...report, rows: report.rows.map((r) => ({ ...r, ratio: ratio(r) ?? null })) }, null, 2);
  writeFileSync(file, `${json}\n`);
  writeFileSync(`${RESULTS_DIR}/${report.bench}.latest.json`, `${json}\n`);
  console.log(`\nJSON: ${file.slice(ROOT.length)}`);
  return file;
}

/** `npm run bench:<name> -- <args>` for the report. */
export function commandLine(name: string): string {
  const args = process.argv.slice(2);
  return `npm run bench:${name}${args.length ? ` -- ${args.join(' ')}` : ''}`;
}

/** A whole number from a command-line value. */
export function intArg(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${value}`);
  return n;
}

/** GSRNs the benchmarks use: 18 digits starting with this; the bench worker's simulated DataHub answers for any of them. */
export const BENCH_GSRN_PREFIX = '5799999';

/** The i-th benchmark metering point (fictional). */
export function benchGsrn(i: number): string {
  return `${BENCH_GSRN_PREFIX}${String(i).padStart(11, '0')}`;
}

/**
 * Where this run's metering points start: 0 on a dev server of the run's own (the same GSRNs in every
 * run); on an existing cluster (`--server`) a random multiple of 10^7, so that a run meets no case of
 * an earlier one (their workflow ids come from the GSRN). Room for 10^7 cases per run.
 */
export function benchRunBase(existingServer: boolean): number {
  return existingServer ? (1 + Math.floor(Math.random() * 9_999)) * 10_000_000 : 0;
}

/** A benchmark run's own names (billing run, timer burst). */
export interface BenchRun {
  /** `-r<n>` on an existing cluster, added to workflow ids the run makes up itself; empty on a dev server of its own. */
  runTag: string;
  /** The run's i-th metering point. */
  gsrn: (i: number) => string;
  /** `<queuePrefix><runTag>`. */
  taskQueue: string;
  /** Every workflow the run starts, deleted at the end on an existing cluster (unless --keep). */
  startedIds: string[];
}

/** The run's own GSRNs, workflow-id tag and task queue ({@link benchRunBase}). */
export function benchRun(existingServer: boolean, queuePrefix: string): BenchRun {
  const runBase = benchRunBase(existingServer);
  const runTag = runBase ? `-r${runBase / 10_000_000}` : '';
  return { runTag, gsrn: (i) => benchGsrn(runBase + i), taskQueue: `${queuePrefix}${runTag}`, startedIds: [] };
}

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

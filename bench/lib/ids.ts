/** GSRNs the benchmarks use: 18 digits starting with this; the bench worker's simulated DataHub answers for any of them. */
export const BENCH_GSRN_PREFIX = '5799999';

/** The i-th benchmark metering point (fictional). */
export function benchGsrn(i: number): string {
  return `${BENCH_GSRN_PREFIX}${String(i).padStart(11, '0')}`;
}

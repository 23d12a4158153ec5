/**
 * Every benchmark in sequence, each in its own process with its own dev server, then one combined
 * report: every figure as afbryd, floor and afbryd/floor, printed and written to
 * bench/results/all-<time>.json. At full scale this takes an hour or more on 2 cores; run it on a
 * quiet machine.
 *
 *   npm run bench                 # full scale (each script's defaults)
 *   npm run bench -- --small      # a few minutes: small counts, to check that everything runs
 *   npm run bench -- --only billing-run,timer-burst
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROOT, RESULTS_DIR, machine, table, type BenchReport } from './lib/common.js';

// The billing run's third phase ("floor + afbryd's commands", an attribution of the server's cost)
// is left out of the combined run: `npm run bench:billing-run` alone runs it.
const BENCHES: { name: string; file: string; full: string[]; small: string[] }[] = [
  { name: 'history-size', file: 'history-size.ts', full: [], small: [] },
  { name: 'replay', file: 'replay.ts', full: [], small: ['--histories', '100', '--rounds', '1'] },
  { name: 'billing-run', file: 'billing-run.ts', full: ['--no-attribution'], small: ['--cases', '200'] },
  { name: 'timer-burst', file: 'timer-burst.ts', full: [], small: ['--cases', '200'] },
  { name: 'worker-memory', file: 'worker-memory.ts', full: [], small: ['--cases', '200,1000', '--max-cached', '200'] },
  { name: 'plan', file: 'plan.ts', full: [], small: ['--rounds', '1'] },
];

const { values } = parseArgs({ options: { small: { type: 'boolean' }, only: { type: 'string' } } });
const only = values.only?.split(',').map((s) => s.trim());
const chosen = BENCHES.filter((b) => !only || only.includes(b.name));
if (only && chosen.length !== only.length) throw new Error(`--only: known benchmarks are ${BENCHES.map((b) => b.name).join(', ')}`);

const startedAt = new Date();
const reports: BenchReport[] = [];
const failed: string[] = [];
for (const bench of chosen) {
  const args = values.small ? bench.small : bench.full;
  console.log(`\n##### bench: ${bench.name} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}bench/${bench.file}`, ...args], { stdio: 'inherit', cwd: ROOT });
  const latest = `${RESULTS_DIR}/${bench.name}.latest.json`;
  const report = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as BenchReport) : undefined;
  if (result.status !== 0 || !report || report.startedAt < startedAt.toISOString()) {
    failed.push(`${bench.name} (exit ${result.status ?? result.signal})`);
    continue;
  }
  reports.push(report);
}

console.log(`\n===== afbryd benchmarks: combined report (${values.small ? 'SMALL scale' : 'full scale'}) =====`);
console.log(`machine: ${Object.entries(machine()).map(([k, v]) => `${k}=${v}`).join(', ')}`);
for (const report of reports) {
  console.log(`\n-- ${report.title}  [${report.command}; ${Math.round(report.durationS)} s]`);
  if (report.worker) console.log(`   worker: ${Object.entries(report.worker).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log(table(report.rows).replace(/^/gm, '   '));
}
if (failed.length) console.log(`\nFAILED: ${failed.join(', ')}`);
const file = `${RESULTS_DIR}/all-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ startedAt: startedAt.toISOString(), small: values.small ?? false, machine: machine(), failed, reports }, null, 2)}\n`,
);
console.log(`\nJSON: ${file.slice(ROOT.length)}`);
process.exit(failed.length ? 1 : 0);

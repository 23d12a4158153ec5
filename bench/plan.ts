/**
 * The calendar planner's plans/s (bench/lib/planner.ts; scripts/bench-plan.ts prints the same in one line),
 * in the benchmarks' report format. Pure computation, no Temporal: there is no floor; the last row
 * puts one plan beside the worker CPU a case costs (bench:billing-run), for scale.
 *
 *   npm run bench:plan [-- --rounds 3]
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RESULTS_DIR, commandLine, intArg, machine, publish, type Row } from './lib/common.js';
import { measurePlanner, plansPerSecond } from './lib/planner.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Math.max(1, intArg(values.rounds, 3, 'rounds'));
const startedAt = new Date();
const result = measurePlanner(rounds);
const rows: Row[] = [
  { metric: `planner: full plans/s (best of ${rounds} warm rounds)`, unit: 'plans/s', afbryd: plansPerSecond(result.best), better: 'higher' },
  { metric: 'planner: cold first round', unit: 'plans/s', afbryd: plansPerSecond(result.cold), better: 'higher' },
  { metric: 'planner: time per plan', unit: 'µs', afbryd: (result.best.ms / result.best.plans) * 1000, better: 'lower' },
];
const notes = [
  `${result.best.plans.toLocaleString('en-US')} plans a round: ${result.dues} due dates 2024–2035 × ${result.combos} class × meter × channel.`,
  'No floor: the planner is pure computation inside the workflow (rules/), with no Temporal call.',
];
const billing = `${RESULTS_DIR}/billing-run.latest.json`;
if (existsSync(billing)) {
  const report = JSON.parse(readFileSync(billing, 'utf8')) as { rows: { metric: string; afbryd: number }[]; scale: { cases: number } };
  const cpu = report.rows.find((r) => r.metric === 'worker CPU per 1,000 cases');
  if (cpu) {
    notes.push(
      `One plan takes ${(((result.best.ms / result.best.plans) * 1000) / cpu.afbryd / 1e3 * 100).toFixed(4)} % of the worker CPU a case costs up to reminder 1 (${cpu.afbryd.toFixed(1)} ms, bench:billing-run at ${report.scale.cases} cases).`,
    );
  }
}
publish({
  bench: 'plan',
  title: 'the calendar planner',
  command: commandLine('plan'),
  startedAt: startedAt.toISOString(),
  durationS: (Date.now() - startedAt.getTime()) / 1000,
  scale: { rounds, plansPerRound: result.best.plans },
  machine: machine(),
  rows,
  notes,
  details: { result },
});

/**
 * Benchmark of the case planner: a full plan for an invoice due on every day of 2024–2035, for every
 * class × meter × channel (skipping the combinations the rules refuse: business-large without an
 * hourly-settled meter). Prints the number of plans and plans per second. The same measurement, with
 * a JSON report, is `npm run bench:plan` (bench/plan.ts), part of `npm run bench`.
 *
 *   npx tsx scripts/bench-plan.ts [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { measurePlanner, plansPerSecond } from '../bench/lib/planner.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Math.max(1, Number(values.rounds) || 3);

// The first round warms the JIT and the calendar cache; report it and the best of the rest.
const { dues, combos, best, cold } = measurePlanner(rounds);
console.log(
  `bench-plan: ${best.plans} plans (${dues} due dates 2024–2035 × ${combos} class×meter×channel), ` +
    `${plansPerSecond(best).toLocaleString('en-US')} plans/s (best of ${rounds} warm rounds, ${best.ms.toFixed(0)} ms); ` +
    `cold first round ${plansPerSecond(cold).toLocaleString('en-US')} plans/s`,
);

/**
 * Benchmark of the case planner: a full plan for an invoice due on every day of 2024–2035, for every
 * class × meter × channel (skipping the combinations the rules refuse: business-large without an
 * hourly-settled meter). Prints the number of plans and plans per second.
 *
 *   npx tsx scripts/bench-plan.ts [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { CHANNELS, CUSTOMER_CLASSES, METER_KINDS, addDays, planCase } from '../rules/index.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Math.max(1, Number(values.rounds) || 3);

const dues: string[] = [];
for (let d = '2024-01-01'; d <= '2035-12-31'; d = addDays(d, 1)) dues.push(d);
const combos = CUSTOMER_CLASSES.flatMap((cls) =>
  METER_KINDS.filter((meter) => cls !== 'business-large' || meter === 'hourly').flatMap((meter) =>
    CHANNELS.map((channel) => ({ cls, meter, channel })),
  ),
);

function once(): { plans: number; ms: number; checksum: number } {
  let plans = 0;
  let checksum = 0;
  const start = performance.now();
  for (const due of dues) {
    for (const { cls, meter, channel } of combos) {
      const plan = planCase({ due, class: cls, meter, channel });
      const last = plan.steps[plan.steps.length - 1];
      if (last?.step === 'disconnectionRequest') checksum += last.cutoff.charCodeAt(9);
      plans++;
    }
  }
  return { plans, ms: performance.now() - start, checksum };
}

// The first round warms the JIT and the calendar cache; report it and the best of the rest.
const results = Array.from({ length: rounds + 1 }, once);
const [cold, ...warm] = results;
const best = warm.reduce((a, b) => (b.ms < a.ms ? b : a));
const rate = (r: { plans: number; ms: number }) => Math.round((r.plans / r.ms) * 1000);
console.log(
  `bench-plan: ${best.plans} plans (${dues.length} due dates 2024–2035 × ${combos.length} class×meter×channel), ` +
    `${rate(best).toLocaleString('en-US')} plans/s (best of ${rounds} warm rounds, ${best.ms.toFixed(0)} ms); ` +
    `cold first round ${rate(cold as typeof best).toLocaleString('en-US')} plans/s`,
);

/**
 * The case planner's speed (the calendar issue's benchmark, shared by scripts/bench-plan.ts and
 * bench/plan.ts): a full plan for an invoice due on every day of 2024–2035, for every class × meter ×
 * channel (skipping the combinations the rules refuse: business-large without an hourly-settled meter).
 */
import { performance } from 'node:perf_hooks';
import { CHANNELS, CUSTOMER_CLASSES, METER_KINDS, addDays, planCase } from '../../rules/index.js';

export interface PlannerRound {
  plans: number;
  ms: number;
  checksum: number;
}

export interface PlannerResult {
  dues: number;
  combos: number;
  rounds: number;
  /** The first round: it warms the JIT and the calendar cache. */
  cold: PlannerRound;
  /** The best of the warm rounds. */
  best: PlannerRound;
}

export function measurePlanner(rounds: number): PlannerResult {
  const dues: string[] = [];
  for (let d = '2024-01-01'; d <= '2035-12-31'; d = addDays(d, 1)) dues.push(d);
  const combos = CUSTOMER_CLASSES.flatMap((cls) =>
    METER_KINDS.filter((meter) => cls !== 'business-large' || meter === 'hourly').flatMap((meter) =>
      CHANNELS.map((channel) => ({ cls, meter, channel })),
    ),
  );

  function once(): PlannerRound {
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

  const results = Array.from({ length: rounds + 1 }, once);
  const [cold, ...warm] = results as [PlannerRound, ...PlannerRound[]];
  const best = warm.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { dues: dues.length, combos: combos.length, rounds, cold, best };
}

/** Plans per second of a round. */
export function plansPerSecond(r: PlannerRound): number {
  return Math.round((r.plans / r.ms) * 1000);
}

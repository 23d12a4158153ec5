/**
 * `npm run chaos`: the chaos run (issue 9) — 500 cases driven through their whole path while the worker
 * is SIGKILLed at random points (≥ 20 times, seeded), the dev server is restarted once (SQLite file
 * kept) and the DataHub poller is killed between a peek and its dequeue; then the mail and DataHub
 * simulators' own delivery logs are checked (`scripts/chaos/checks.ts`). Prints the counts; exits 1 on
 * any violation (2 on bad usage).
 *
 *   npm run chaos                                   # 500 cases, seed 1, ≥ 20 worker kills
 *   npm run chaos -- --cases 30 --kills 3 --seed 7  # small
 *   npm run chaos -- --break-idempotency            # the negative control: must exit 1 with violations
 *   npm run chaos -- --cluster                      # on a Temporal cluster of its own (issue 18)
 *
 * `--cluster`: the run starts a Temporal cluster of its own through the library `npm run cluster` uses
 * (scripts/lib/cluster: PostgreSQL, frontend, history ×2, matching, worker service; namespace afbryd),
 * its state in a temporary folder (removed after a clean run, kept and named otherwise), and the dev
 * server's restart becomes a SIGKILL of one history process plus a PostgreSQL restart; worker and
 * poller kills stay. Why a cluster of its own and not `--server ADDRESS`: the history kill and the
 * PostgreSQL restart need the processes' handles and the configs to start them again (the library's
 * restartService/restartPostgres), which an address does not give; and like the dev server, a fresh
 * cluster holds no other run's cases (the seed's GSRNs are the same every run). A cluster start takes
 * about a minute when the release is in the cache (~/.cache/afbryd), 7–10 minutes to build it first.
 * The worker's test hooks are refused on a cluster (config/test-hooks.ts), so there are no lost letter
 * answers and no `--break-idempotency` with `--cluster`; the DataHub simulator's faults stay.
 *
 * Options: --cases N (500), --seed N (1), --kills N (20: at least this many worker SIGKILLs),
 * --poller-kills N (2), --no-restart (keep the dev server up), --fixed (kills at phase boundaries
 * instead of random times), --kill-gap MIN-MAX (5-25: seconds from a worker being up to the next
 * random kill), --break-idempotency, --dir PATH (.data/chaos/<time>-seed<seed>),
 * --phase-timeout S (900), --v1-cases N (30: disconnected cases started as version 1, which must drain into version 2), --json (the report as JSON on stdout),
 * --cluster (above).
 */
import { parseArgs } from 'node:util';
import { formatReport, runChaos } from './chaos/run.js';

function usage(message: string): never {
  console.error(`npm run chaos: ${message}\nusage: npm run chaos -- [--cases N] [--seed N] [--kills N] [--poller-kills N] [--no-restart] [--fixed] [--kill-gap MIN-MAX] [--break-idempotency] [--dir PATH] [--phase-timeout S] [--v1-cases N] [--json] [--cluster]`);
  process.exit(2);
}

function whole(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) usage(`--${name} must be a whole number ≥ ${min}`);
  return Number(value);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        cases: { type: 'string' },
        seed: { type: 'string' },
        kills: { type: 'string' },
        'poller-kills': { type: 'string' },
        'no-restart': { type: 'boolean' },
        fixed: { type: 'boolean' },
        'kill-gap': { type: 'string' },
        'break-idempotency': { type: 'boolean' },
        dir: { type: 'string' },
        'phase-timeout': { type: 'string' },
        'v1-cases': { type: 'string' },
        json: { type: 'boolean' },
        cluster: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  const json = args.json === true;
  if (args.cluster && args['break-idempotency']) usage('--break-idempotency is a worker test hook, refused on a cluster (config/test-hooks.ts): run the negative control on the dev server');
  const gap = args['kill-gap'] ?? '5-25';
  const gapMatch = /^(\d+)-(\d+)$/.exec(gap);
  if (!gapMatch || Number(gapMatch[1]) > Number(gapMatch[2])) usage('--kill-gap must be MIN-MAX in seconds, e.g. 5-25');
  const report = await runChaos({
    cases: whole('cases', args.cases, 500, 1),
    seed: whole('seed', args.seed, 1),
    workerKills: whole('kills', args.kills, 20),
    pollerKills: whole('poller-kills', args['poller-kills'], 2),
    devServerRestarts: args['no-restart'] ? 0 : 1,
    killPoints: args.fixed ? 'fixed' : 'random',
    killGapMs: [Number(gapMatch[1]) * 1000, Number(gapMatch[2]) * 1000],
    breakIdempotency: args['break-idempotency'] === true,
    phaseTimeoutMs: whole('phase-timeout', args['phase-timeout'], 900, 10) * 1000,
    v1Cases: whole('v1-cases', args['v1-cases'], 30, 0),
    cluster: args.cluster === true,
    ...(args.dir ? { dir: args.dir } : {}),
    log: json ? (line) => console.error(line) : (line) => console.log(line),
  });
  if (json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log('');
    console.log(formatReport(report));
    if (report.notes.length > 0) console.log(`\nnotes:\n${report.notes.map((n) => `  - ${n}`).join('\n')}`);
    if (report.rejectedInbound.length > 0) {
      console.log(`\ninbound messages their case rejected (recorded once, the case flagged for attention; no violation):`);
      for (const r of report.rejectedInbound.slice(0, 10)) console.log(`  - ${r}`);
      if (report.rejectedInbound.length > 10) console.log(`  … and ${report.rejectedInbound.length - 10} more (report.json)`);
    }
    if (report.violations.length > 0) {
      console.log(`\nVIOLATIONS (${report.violations.length}):`);
      for (const v of report.violations.slice(0, 40)) console.log(`  - ${v}`);
      if (report.violations.length > 40) console.log(`  … and ${report.violations.length - 40} more (${report.dir}/report.json)`);
    }
    console.log(`\nreport: ${report.dir}/report.json; logs: ${report.dir}/logs/`);
    console.log(report.violations.length === 0 ? 'npm run chaos: PASSED (no violations)' : `npm run chaos: FAILED (${report.violations.length} violations)`);
  }
  return report.violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`npm run chaos: failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);

/**
 * The chaos run (`npm run chaos`, scripts/chaos/) small and seeded, with fixed kill points: 12 cases
 * of every script driven through their whole path on a dev server of its own (it is restarted), the
 * worker SIGKILLed 3 times at phase boundaries, the poller killed between a peek and its dequeue, lost
 * answers from DataHub and the mail parties (retries for sure) — and no violation in the parties' own
 * logs. Beside it (concurrently, on the shared dev server: the two mostly wait) the negative control:
 * the same run with idempotency broken must be caught.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, inject, it } from 'vitest';
import { runChaos, type ChaosReport } from '../../scripts/chaos/run.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afbryd-chaos-'));
  dirs.push(dir);
  return dir;
}

/** Keeps a failing run's files (logs, report) for a look, and says where they are. */
function explain(report: ChaosReport): string {
  dirs.splice(dirs.indexOf(report.dir), 1);
  return `${report.dir}: ${JSON.stringify({ counts: report.counts, notes: report.notes, violations: report.violations.slice(0, 20) }, null, 2)}`;
}

describe.concurrent('the chaos run', () => {
  it('12 cases, 3 worker kills, a dev-server restart, a poller killed between peek and dequeue: no violations', async ({ expect }) => {
    const report = await runChaos({
      cases: 12,
      seed: 9,
      killPoints: 'fixed',
      workerKills: 3,
      pollerKills: 1,
      devServerRestarts: 1,
      // The 7th letter of the first worker (phase 1) loses its answer; the later workers deliver fewer.
      mailLostAnswerEvery: 7,
      datahubLostAnswers: 2,
      datahubLostAnswerRate: 0,
      datahubFailureRate: 0,
      dir: workDir(),
      workflowBundlePath: inject('workflowBundlePath'),
      phaseTimeoutMs: 60_000,
      // Two of the disconnected cases start as version 1 and drain into version 2 (issue 14).
      v1Cases: 2,
      log: () => undefined,
    });
    const ok = report.violations.length === 0;
    expect(report.violations, ok ? '' : explain(report)).toEqual([]);
    expect(report.counts).toMatchObject({ cases: 12, casesAsExpected: 12, workerKills: 3, devServerRestarts: 1, pollerKills: 1, violations: 0, v1Started: 2, v1Drained: 2 });
    expect(report.byScript).toEqual({ 'billing-paid': 3, 'household-reopened': 4, 'business-reopened': 2, 'cancelled-before-disconnection': 3 });
    // 3 reminders, 9 disconnection notices, 6 reopening notices; 9 end-of-supply requests, 3 cancellations, 6 × (start of supply + D03).
    expect(report.counts).toMatchObject({ letters: 18, requests: 24 });
    // Retries happened, and the parties answered them from their dedupe: seen, not found.
    expect(report.counts.mailLostAnswers).toBeGreaterThan(0);
    expect(report.counts.datahubDuplicatesAnswered).toBeGreaterThanOrEqual(2);
    expect(report.counts.inboundRedelivered).toBeGreaterThanOrEqual(1);
    expect(report.counts.duplicatesSeen).toBeGreaterThan(0);
  }, 150_000);

  it('the negative control: with idempotency broken, the same checks find the duplicates', async ({ expect }) => {
    const address = inject('devServerAddress');
    const report = await runChaos({
      cases: 4,
      seed: 3,
      killPoints: 'fixed',
      workerKills: 0,
      pollerKills: 0,
      devServerRestarts: 0,
      breakIdempotency: true,
      mailLostAnswerEvery: 2,
      datahubLostAnswers: 2,
      datahubLostAnswerRate: 0,
      datahubFailureRate: 0,
      temporalPort: Number(address.slice(address.lastIndexOf(':') + 1)),
      dir: workDir(),
      workflowBundlePath: inject('workflowBundlePath'),
      phaseTimeoutMs: 30_000,
      log: () => undefined,
    });
    expect(report.counts.violations).toBeGreaterThan(0);
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/: 2 distinct deliveries of letter \w+ \(cycle 0\)/),
        expect.stringMatching(/^metering point \d{18}: 2 distinct RequestEndOfSupply messages for cut-off /),
      ]),
    );
  }, 90_000);
});

/**
 * Replay: every recorded history under test/replay/histories/ must replay against today's workflow
 * code without a determinism violation — the proof that a deploy does not break running cases.
 * Released histories are immutable (checked against histories.lock.json and git), and a negative
 * control shows that the replay really detects a change.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/servers.js';
import { workflowBundle } from '../support/worker.js';

const DIR = `${ROOT}test/replay/histories`;
const LOCK = JSON.parse(readFileSync(`${ROOT}test/replay/histories.lock.json`, 'utf8')) as Record<string, string>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

function load(file: string): unknown {
  return JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'));
}

describe('recorded histories', () => {
  it('exist for the smoke workflow (the list is not empty)', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays against the current workflow code', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, load(file), `replay-${file}`);
  });

  it('are unchanged since release (hash lock): new behaviour gets a new file', () => {
    const actual = Object.fromEntries(
      files.map((f) => [f, createHash('sha256').update(readFileSync(`${DIR}/${f}`)).digest('hex')]),
    );
    expect(actual).toEqual(LOCK);
  });

  it('were never modified, renamed or deleted in git history', () => {
    try {
      execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      return; // not a git checkout (e.g. a source tarball): the hash lock above still holds
    }
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
    const rewrites = git('log', '--format=%h %s', '--diff-filter=MDR', '--', 'test/replay/histories').trim();
    expect(rewrites, 'released histories were rewritten in these commits').toBe('');
    const dirty = git('status', '--porcelain', '--', 'test/replay/histories')
      .split('\n')
      .filter((line) => line && !line.startsWith('??') && !line.startsWith('A '));
    expect(dirty, 'a released history is modified in the working tree').toEqual([]);
  });

  it('negative control: a deliberately changed workflow fails replay with a DeterminismViolationError', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: `${ROOT}test/replay/fixtures/changed-workflows.ts`,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    const file = files.find((f) => f.startsWith('smokeWorkflow-timer-30-days-'));
    expect(file).toBeDefined();
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code } }, load(file!), 'replay-negative-control'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});

#!/usr/bin/env node
/**
 * `npm test`: installs what is missing, runs the whole vitest suite (unit, time-skipping, dev-server,
 * replay), and ends with one plain line `N passed, N failed[, N skipped]` taken from vitest's JSON
 * result — the line CI reads. Extra arguments go to vitest (e.g. `npm test -- test/rules`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bootstrap } from './bootstrap.mjs';

await bootstrap();

const resultFile = join(ROOT, '.temporal', 'test-results.json');
mkdirSync(join(ROOT, '.temporal'), { recursive: true });
rmSync(resultFile, { force: true });
rmSync(join(ROOT, '.temporal', 'test-summary.txt'), { force: true });
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const res = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit', env: process.env.CI ? { ...process.env, NO_COLOR: '1' } : process.env },
);

let passed = 0;
/** @type {{ name: string; ms: number; status: string }[]} */
let files = [];
let failed = 0;
let skipped = 0;
if (existsSync(resultFile)) {
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = result.numFailedTests ?? 0;
  skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  // A file that fails to load has no failed test of its own: count it as one failure.
  files = (result.testResults ?? []).map((file) => ({
    name: String(file.name).replace(`${ROOT}/`, ''),
    ms: Math.max(0, (file.endTime ?? 0) - (file.startTime ?? 0)),
    status: file.status,
  }));
  for (const file of result.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) failed += 1;
  }
}
if (res.status !== 0 && failed === 0) failed = 1; // vitest failed outside any test (setup, teardown, crash)
if (files.length > 0) {
  // The slowest ten test files, so that a slow (or slowly failing) file shows in every run's log.
  console.log('slowest test files:');
  for (const f of [...files].sort((a, b) => b.ms - a.ms).slice(0, 10)) {
    console.log(`  ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${f.name}${f.status === 'passed' ? '' : `  (${f.status})`}`);
  }
}
const summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
writeFileSync(join(ROOT, '.temporal', 'test-summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(res.status === 0 && failed === 0 ? 0 : 1);

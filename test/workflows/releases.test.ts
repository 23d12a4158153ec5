/**
 * One release table for every workflow (issue 14, item 4): a feature is read only through
 * workflows/releases.ts. Any other `patched` or `deprecatePatch` call in workflows/ fails this test —
 * except in version 1 of the case workflow, frozen with its own patches until it has drained.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES, RELEASES } from '../../workflows/releases.js';
import { ROOT } from '../support/servers.js';

const ALLOWED = new Set(['workflows/shared/releases.ts', 'workflows/case/workflow.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the release table', () => {
  it('is the only place a workflow asks for a patch', () => {
    const offenders = files(join(ROOT, 'workflows'))
      .map((path) => relative(ROOT, path))
      .filter((path) => !ALLOWED.has(path))
      .filter((path) => /\b(patched|deprecatePatch)\s*\(/.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('names only features its workflows declare, newest release first, each release once', () => {
    const names = RELEASES.map((r) => r.release);
    expect(new Set(names).size).toBe(names.length);
    for (const row of RELEASES) {
      for (const [workflow, features] of Object.entries(row.features)) {
        for (const f of features ?? []) expect(FEATURES[workflow as keyof typeof FEATURES] as readonly string[]).toContain(f);
      }
    }
    const numeric = names.map((n) => n.split('.').map(Number));
    for (let i = 1; i < numeric.length; i++) {
      const [a, b] = [numeric[i - 1]!, numeric[i]!];
      // Compared part by part (0.6.1 is newer than 0.6; a missing part counts as 0).
      const first = [0, 1, 2].find((k) => (a[k] ?? 0) !== (b[k] ?? 0));
      const newer = first !== undefined && (a[first] ?? 0) > (b[first] ?? 0);
      expect(newer, `${names[i - 1]} before ${names[i]}`).toBe(true);
    }
  });
});

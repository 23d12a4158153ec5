/** The whole project type-checks under `strict` (tsc --noEmit), as part of the suite CI runs. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/servers.js';

describe('TypeScript', () => {
  it('type-checks the whole project', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '--noEmit', '-p', ROOT], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  });
});

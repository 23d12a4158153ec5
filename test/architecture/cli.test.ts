/**
 * The `afbryd` command tree (client/cli/commands.ts) loads a command only when it runs: the commands
 * that need no server (`version`, `calendar`, `plan`) load no Temporal module, directly or through
 * what they import. Read from the static imports (an `import()` is loaded only when it runs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../client/cli/commands.js';
import { ROOT } from '../support/servers.js';
import { moduleReferences } from './imports.js';

const CLI = join(ROOT, 'client', 'cli');

/** Every module loaded with `file`: files of the repository (relative to it) and packages. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  const key = relative(ROOT, file);
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const ref of moduleReferences(readFileSync(file, 'utf8'), file)) {
    if (ref.typeOnly || ref.dynamic) continue;
    if (!ref.specifier.startsWith('.')) {
      seen.add(ref.specifier);
      continue;
    }
    const target = resolve(dirname(file), ref.specifier).replace(/\.js$/, '.ts');
    if (existsSync(target)) staticClosure(target, seen);
    else seen.add(relative(ROOT, target));
  }
  return seen;
}

const temporal = (modules: Set<string>) => [...modules].filter((m) => m.startsWith('@temporalio/') || m === 'client/temporal.ts');

describe('the afbryd command tree', () => {
  it('declares every command in one map, in the order of afbryd --help', () => {
    expect(Object.keys(COMMANDS)).toEqual(['version', 'calendar', 'plan', 'case', 'cases', 'owner', 'disconnection', 'masterdata']);
  });

  it.each(['version', 'calendar', 'plan'])('afbryd %s loads no Temporal module', (name) => {
    const modules = staticClosure(join(CLI, 'main.ts'));
    staticClosure(join(CLI, `${name}.ts`), modules);
    expect(modules.has(`client/cli/${name}.ts`)).toBe(true);
    expect(temporal(modules)).toEqual([]);
  });

  it('sees the Temporal client where a command needs it (the check itself)', () => {
    expect(temporal(staticClosure(join(CLI, 'case.ts')))).toContain('@temporalio/client');
    expect(temporal(staticClosure(join(CLI, 'main.ts')))).toEqual([]);
  });
});

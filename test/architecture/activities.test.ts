/**
 * The rooms of docs/ARCHITECTURE.md, for `activities/` (issue 14, item 9): an activity is an adapter
 * to the outside, built from what the worker injects.
 * - It imports no workflow file (the types it shares with the workflows live in `rules/`), so a
 *   change inside a workflow can never reach an activity.
 * - It reads no environment: no `process.env`, and nothing from `config/` but types (the loaders
 *   there read the environment); `worker/` loads the configuration and passes it in.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/servers.js';
import { moduleReferences, sources } from './imports.js';

const ACTIVITIES = join(ROOT, 'activities');

/** Where a source reads the environment: `process.env`, `process['env']`, or the `process` module. */
function environmentReads(text: string, fileName = 'source.ts'): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `line ${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`;
  const isProcess = (e: ts.Expression): boolean =>
    (ts.isIdentifier(e) && e.text === 'process') ||
    (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'globalThis' && e.name.text === 'process');
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && isProcess(node.expression)) found.push(at(node));
    else if (ts.isElementAccessExpression(node) && isProcess(node.expression) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'env') {
      found.push(at(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  for (const r of moduleReferences(text, fileName)) if (r.specifier === 'process' || r.specifier === 'node:process') found.push(`line ${r.line}: ${r.specifier}`);
  return found;
}

/** Where a relative specifier of `fromFile` points, relative to the repository root (`workflows/…`). */
function target(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative(ROOT, resolve(dirname(fromFile), specifier));
}

const files = sources(ACTIVITIES).map((path) => [relative(ROOT, path), path] as const);

describe('activities/ stays an adapter room', () => {
  it('has source files', () => {
    expect(files.map(([name]) => name)).toEqual(expect.arrayContaining(['activities/index.ts', 'activities/owner-settings.ts', 'activities/letters/render.ts']));
  });

  it('finds every kind of reference (the checker itself)', () => {
    const refs = moduleReferences(
      [
        "import type { A } from '../workflows/a.js';",
        "import { b, type B } from '../workflows/b.js';",
        "export { c } from '../workflows/c.js';",
        "export type { D } from '../workflows/d.js';",
        "const e = await import('../workflows/e.js');",
        "type F = import('../workflows/f.js').F;",
        "// import { g } from '../workflows/g.js';",
        "const h = \"import { h } from '../workflows/h.js'\";",
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly, r.dynamic])).toEqual([
      ['../workflows/a.js', true, false],
      ['../workflows/b.js', false, false],
      ['../workflows/c.js', false, false],
      ['../workflows/d.js', true, false],
      ['../workflows/e.js', false, true],
      ['../workflows/f.js', true, false],
    ]);
  });

  it.each(files)('%s imports no workflow file (not even a type)', (_name, path) => {
    const offenders = moduleReferences(readFileSync(path, 'utf8'), path)
      .filter((r) => {
        const to = target(path, r.specifier);
        return to !== undefined && (to === 'workflows' || to.startsWith('workflows/'));
      })
      .map((r) => `line ${r.line}: ${r.specifier}`);
    expect(offenders, 'shared types belong in rules/ (e.g. rules/case-settings.ts)').toEqual([]);
  });

  it('finds every way of reading the environment (the checker itself)', () => {
    const reads = environmentReads(
      [
        'const a = process.env.AFBRYD_X;',
        "const b = process['env'];",
        'const c = globalThis.process.env;',
        "import { env } from 'node:process';",
        '// process.env in a comment',
        "const d = 'process.env in a string';",
        'const e = process.exitCode;',
      ].join('\n'),
    );
    expect(reads).toEqual(['line 1: process.env', "line 2: process['env']", 'line 3: globalThis.process.env', 'line 4: node:process']);
  });

  it.each(files)('%s reads no environment (no process.env, no config/ loader)', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const configValues = moduleReferences(text, path)
      .filter((r) => !r.typeOnly && (target(path, r.specifier) ?? '').startsWith('config/'))
      .map((r) => `line ${r.line}: ${r.specifier} (only \`import type\` from config/: the worker loads the configuration and injects it)`);
    expect([...environmentReads(text, path), ...configValues]).toEqual([]);
  });
});

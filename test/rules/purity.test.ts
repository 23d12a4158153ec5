/**
 * `rules/` is bundled into Temporal's workflow sandbox: it may import only itself and zod, and must
 * not read the clock, use Node built-ins, `Intl`, randomness, or `date-holidays` (6.5 MB).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RULES = fileURLToPath(new URL('../../rules/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The code without comments (so that a doc comment may name what the code must not use). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = sources(RULES);

describe('rules/ is safe for the workflow sandbox', () => {
  it('has source files', () => {
    expect(files.map((f) => relative(RULES, f))).toEqual(expect.arrayContaining(['index.ts', 'calendar.ts', 'data/holidays-dk.ts']));
  });

  it.each(files.map((f) => [relative(RULES, f), f]))('%s imports only rules/ (and zod in settings-schema.ts alone)', (name, path) => {
    const text = code(path);
    const specifiers = [
      ...text.matchAll(/\b(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/g),
      ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
      ...text.matchAll(/\bimport\s+['"]([^'"]+)['"]/g),
      ...text.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1] as string);
    for (const s of specifiers) {
      const allowed = name === 'settings-schema.ts' ? /^(relative|zod)$/ : /^relative$/;
      expect(s.startsWith('./') || s.startsWith('../') ? 'relative' : s, `import "${s}"`).toMatch(allowed);
      if (name !== 'settings-schema.ts') expect(s, 'only the edges import the zod schema').not.toMatch(/settings-schema/);
      if (s.startsWith('.')) expect(s, `relative import "${s}" ends in .js (NodeNext)`).toMatch(/\.js$/);
      if (s.startsWith('.')) expect(resolve(dirname(path), s).startsWith(RULES), `import "${s}" stays in rules/`).toBe(true);
    }
    expect(text).not.toMatch(/\bnode:/);
    expect(text).not.toMatch(/['"]date-holidays(\/[^'"]*)?['"]/);
    expect(text).not.toMatch(/\brequire\s*\(/);
  });

  it.each(files.map((f) => [relative(RULES, f), f]))('%s reads no clock, randomness, Intl or process', (_name, path) => {
    const text = code(path);
    expect(text).not.toMatch(/Date\.now\s*\(/);
    expect(text).not.toMatch(/new\s+Date\s*\(/);
    expect(text).not.toMatch(/\bDate\s*\(\s*\)/);
    expect(text).not.toMatch(/performance\.now/);
    expect(text).not.toMatch(/Math\.random/);
    expect(text).not.toMatch(/\bIntl\b/);
    expect(text).not.toMatch(/toLocale\w*String/);
    expect(text).not.toMatch(/\bprocess\./);
    expect(text).not.toMatch(/\b(setTimeout|setInterval)\b/);
  });
});

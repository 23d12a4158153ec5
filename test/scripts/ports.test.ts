/**
 * Ports without a check-then-bind race (scripts/lib/ports.ts): picked outside the kernel's ephemeral
 * range, never twice, and a server start that still clashes is tried again on new ports. A grep
 * keeps every server start in the project on these helpers.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocatePorts, allocationRange, ephemeralRange, isPortClash, isServerStartFailure, portIsFree, retryOnPortClash } from '../../scripts/lib/ports.js';
import { ROOT } from '../support/servers.js';

describe('allocatePort', () => {
  it('hands out ports below the ephemeral range, each once, each free', async () => {
    const [low] = ephemeralRange();
    const [from, to] = allocationRange();
    expect(to).toBeLessThan(low);
    const ports = await allocatePorts(200);
    expect(new Set(ports).size).toBe(200);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(from);
      expect(port).toBeLessThanOrEqual(to);
    }
    expect(await portIsFree(ports[0]!)).toBe(true);
  });

  it('never hands out a port something listens on', async () => {
    const held = createServer();
    const [port] = await allocatePorts(1);
    await new Promise<void>((resolve) => held.listen(port, '127.0.0.1', resolve));
    try {
      expect(await portIsFree(port!)).toBe(false);
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });
});

describe('retryOnPortClash', () => {
  it('starts again on a clash, with what each try reports', async () => {
    const tries: number[] = [];
    const result = await retryOnPortClash(async (attempt) => {
      tries.push(attempt);
      if (attempt < 3) throw new Error('listen tcp 127.0.0.1:35237: bind: address already in use');
      return 'up';
    });
    expect(result).toBe('up');
    expect(tries).toEqual([1, 2, 3]);
  });

  it('throws any other failure at once, and a clash after the last try', async () => {
    let calls = 0;
    await expect(retryOnPortClash(async () => { calls++; throw new Error('no such file'); })).rejects.toThrow('no such file');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryOnPortClash(async () => { calls++; throw Object.assign(new Error('x'), { code: 'EADDRINUSE' }); }, { attempts: 2 })).rejects.toThrow('x');
    expect(calls).toBe(2);
  });

  it('recognises the SDK’s startup timeout of an ephemeral server as worth another try', () => {
    expect(isServerStartFailure(new Error('ephemeral server at 127.0.0.1:25383 did not start within 5s. Make sure another download isn\'t stuck'))).toBe(true);
    expect(isPortClash('java.net.BindException: Address already in use')).toBe(true);
    expect(isServerStartFailure(new Error('ephemeral server executable does not exist: /x'))).toBe(false);
  });
});

describe('every server the project starts', () => {
  const grep = (pattern: string): string[] => {
    try {
      return execFileSync('git', ['grep', '-n', '-E', pattern, '--', '*.ts', '*.mjs', ':!test/scripts/ports.test.ts', ':!test/support/servers.ts'], { cwd: ROOT, encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean);
    } catch {
      return []; // git grep exits 1 when nothing matches
    }
  };

  it('gets its ports from scripts/lib/ports.ts: no SDK server started directly', () => {
    expect(grep('TestWorkflowEnvironment\\.(createTimeSkipping|createLocal)\\(')).toEqual([]);
  });

  it('has no "bind port 0, close, use the number later" helper left', () => {
    expect(grep('function freePort|freePort\\(')).toEqual([]);
  });
});

/**
 * The benchmarks' process discovery on an existing cluster (bench/lib/cluster-processes.ts): the
 * Temporal service command lines it recognises, the listener of a port found from /proc, and one
 * clear "not found" instead of a guess.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clusterCpu, findClusterProcesses, temporalServiceOf } from '../../bench/lib/cluster-processes.js';
import { listeningPid } from '../../scripts/lib/run-record.js';

describe('temporalServiceOf', () => {
  it('reads the service and config file as npm run cluster starts them', () => {
    expect(temporalServiceOf(['/c/bin/server', '--config-file', '/s/config/history-2.yaml', '--allow-no-auth', 'start', '--service', 'history'])).toEqual({
      services: ['history'],
      configFile: '/s/config/history-2.yaml',
    });
  });

  it('reads --service=x and --services a,b', () => {
    expect(temporalServiceOf(['temporal-server', 'start', '--service=frontend'])).toEqual({ services: ['frontend'] });
    expect(temporalServiceOf(['temporal-server', '-c', '/etc/t.yaml', 'start', '--services', 'history,matching'])).toEqual({ services: ['history', 'matching'], configFile: '/etc/t.yaml' });
  });

  it('is not fooled by a dev server or another program', () => {
    expect(temporalServiceOf(['temporal', 'server', 'start-dev', '--port', '7233'])).toBeUndefined();
    expect(temporalServiceOf(['node', 'worker.js', '--service', 'x'])).toBeUndefined();
  });
});

describe.skipIf(process.platform !== 'linux')('on Linux', () => {
  it('finds the process listening on a port from /proc', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(listeningPid((server.address() as { port: number }).port)).toBe(process.pid);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('says what it could not find, and reports no figure for it', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const found = findClusterProcesses(`127.0.0.1:${(server.address() as { port: number }).port}`);
      expect(found.missing.join(' ')).toMatch(/is not a Temporal server started with --service/);
      expect(Number.isNaN(clusterCpu(found).frontend)).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

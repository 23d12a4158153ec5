/** Where a phase's time went: CPU seconds of the server, the worker and this process, and storage. */
import { cpuSeconds, rssBytes, type BenchServer } from './server.js';
import type { BenchWorker } from './worker.js';

export interface PhaseSnapshot {
  at: number;
  serverCpuS: number;
  workerCpuS: number;
  benchCpuS: number;
  dbBytes: number;
}

export interface PhaseCost {
  wallS: number;
  serverCpuS: number;
  workerCpuS: number;
  /** This process: the load generator, plus the billing API where it runs here. */
  benchCpuS: number;
  dbBytes: number;
  serverRssMB: number;
  workerRssMB: number;
}

export function snapshot(server: BenchServer, worker: BenchWorker): PhaseSnapshot {
  const self = process.cpuUsage();
  return {
    at: Date.now(),
    serverCpuS: cpuSeconds(server.pid) ?? Number.NaN,
    workerCpuS: cpuSeconds(worker.pid) ?? Number.NaN,
    benchCpuS: (self.user + self.system) / 1e6,
    dbBytes: server.dbBytes(),
  };
}

export function costSince(before: PhaseSnapshot, server: BenchServer, worker: BenchWorker): PhaseCost {
  const now = snapshot(server, worker);
  return {
    wallS: (now.at - before.at) / 1000,
    serverCpuS: now.serverCpuS - before.serverCpuS,
    workerCpuS: now.workerCpuS - before.workerCpuS,
    benchCpuS: now.benchCpuS - before.benchCpuS,
    dbBytes: now.dbBytes - before.dbBytes,
    serverRssMB: (rssBytes(server.pid) ?? Number.NaN) / 2 ** 20,
    workerRssMB: (rssBytes(worker.pid) ?? Number.NaN) / 2 ** 20,
  };
}

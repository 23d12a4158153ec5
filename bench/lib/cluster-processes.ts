/**
 * The processes of an existing Temporal cluster on this machine, found from /proc, for the benchmarks'
 * CPU per case by process (`--server ADDRESS`): Temporal's services (frontend, history, matching,
 * worker) and PostgreSQL.
 *
 * How they are found (Linux only; reading another user's fds needs root or the same user):
 * 1. the frontend: the process holding the listening socket of ADDRESS's port (scripts/lib/run-record.ts
 *    `listeningPid`: /proc/net/tcp{,6} gives the socket's inode, /proc/<pid>/fd the process that has it open);
 * 2. the other services: Temporal server processes (cmdline `… start --service <name>`, also
 *    `--service=<name>` and `--services <a,b>`) whose `--config-file` lies in the frontend's config
 *    folder — how `npm run cluster` starts them (scripts/lib/cluster/temporal.ts) — or, without a
 *    config file, those with the frontend's parent. Two history processes are told apart by their
 *    config file's name (history-1.yaml, history-2.yaml), else by pid;
 * 3. PostgreSQL: the `connectAddr` port of the frontend's config file; the postmaster is the process
 *    listening on it (`listeningPid` too), and every postgres process is the postmaster or its child (the backends of each
 *    connection, the checkpointer, the WAL writer, …).
 * Whatever is not found is said in `missing`, and its figures are left out (NaN), never guessed.
 *
 * CPU: utime + stime of /proc/<pid>/stat. Backends come and go (a connection's process ends with it),
 * so PostgreSQL's figure also counts the postmaster's reaped children (cutime + cstime): a backend
 * that exits during a phase still counts, once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { listeningPid } from '../../scripts/lib/run-record.js';

/** The groups CPU is reported for: Temporal's services one by one, history each and summed, and PostgreSQL. */
export interface ClusterProcesses {
  frontend?: number;
  /** The history processes by name (`history-1`, `history-2`, …). */
  history: Record<string, number>;
  matching?: number;
  /** Temporal's worker service (system workflows), not afbryd's workers. */
  worker?: number;
  /** Processes that run more than one service (`--services a,b`), by their services joined with `+`. */
  combined: Record<string, number>;
  /** The postmaster; its children are read at each snapshot. */
  postmaster?: number;
  /** The config folder the services were found by, when there was one. */
  configDir?: string;
  /** What could not be found, in words, for the report. */
  missing: string[];
}

/** `/proc/<pid>/stat` fields after the command name: [0] = state, [1] = ppid, [11..14] = utime stime cutime cstime. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const TICKS = 100;

/** CPU seconds of the process itself (utime + stime); with `children`, plus its reaped children's. */
function cpuOf(pid: number, children = false): number | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  const own = Number(f[11]) + Number(f[12]);
  return (children ? own + Number(f[13]) + Number(f[14]) : own) / TICKS;
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function pids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

/** A Temporal server process's services and config file, from its command line; undefined if it is not one. */
export function temporalServiceOf(args: readonly string[]): { services: string[]; configFile?: string } | undefined {
  const services: string[] = [];
  let configFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (flag: string) => (a === flag ? args[i + 1] : a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : undefined);
    const service = value('--service') ?? value('--services') ?? value('-s');
    if (service !== undefined) services.push(...service.split(',').map((s) => s.trim()).filter(Boolean));
    configFile = value('--config-file') ?? value('-c') ?? configFile;
  }
  if (!args.includes('start') || services.length === 0) return undefined;
  return { services, ...(configFile ? { configFile } : {}) };
}

/** Finds the cluster's processes behind the frontend at `address` (host:port). */
export function findClusterProcesses(address: string): ClusterProcesses {
  const found: ClusterProcesses = { history: {}, combined: {}, missing: [] };
  const port = Number(address.split(':').pop());
  const frontendPid = Number.isInteger(port) ? listeningPid(port) : undefined;
  if (frontendPid === undefined) {
    found.missing.push(`no process of this machine listens on ${address} that this user may see: no CPU by process`);
    return found;
  }
  const frontendArgs = cmdline(frontendPid);
  const frontend = temporalServiceOf(frontendArgs);
  if (!frontend) {
    found.missing.push(`the process on ${address} (pid ${frontendPid}: ${frontendArgs.slice(0, 3).join(' ')}) is not a Temporal server started with --service (a dev server?): no CPU by process`);
    return found;
  }
  const configDir = frontend.configFile ? dirname(frontend.configFile) : undefined;
  if (configDir) found.configDir = configDir;
  const parent = statFields(frontendPid)?.[1];
  const histories: { pid: number; name: string }[] = [];
  for (const pid of pids()) {
    const service = temporalServiceOf(cmdline(pid));
    if (!service) continue;
    const same = configDir ? !!service.configFile && dirname(service.configFile) === configDir : statFields(pid)?.[1] === parent;
    if (!same) continue;
    if (service.services.length > 1) {
      found.combined[service.services.join('+')] = pid;
      continue;
    }
    const s = service.services[0]!;
    if (s === 'frontend') found.frontend = pid;
    else if (s === 'matching') found.matching = pid;
    else if (s === 'worker') found.worker = pid;
    else if (s === 'history') histories.push({ pid, name: service.configFile ? basename(service.configFile).replace(/\.ya?ml$/, '') : '' });
  }
  histories.sort((a, b) => a.name.localeCompare(b.name) || a.pid - b.pid);
  histories.forEach((h, i) => {
    found.history[h.name.startsWith('history') ? h.name : `history-${i + 1}`] = h.pid;
  });
  for (const [name, pid] of [['frontend', found.frontend], ['matching', found.matching], ['worker service', found.worker]] as const) {
    if (pid === undefined && !Object.keys(found.combined).some((k) => k.includes(name.split(' ')[0]!))) found.missing.push(`no Temporal ${name} process found`);
  }
  if (histories.length === 0 && !Object.keys(found.combined).some((k) => k.includes('history'))) found.missing.push('no Temporal history process found');

  // PostgreSQL, from the frontend's config file.
  let pgPort: number | undefined;
  if (frontend.configFile) {
    try {
      const m = /connectAddr:\s*"?[^":\s]*:(\d+)"?/.exec(readFileSync(frontend.configFile, 'utf8'));
      if (m) pgPort = Number(m[1]);
    } catch {
      // unreadable: said below
    }
  }
  if (pgPort === undefined) {
    found.missing.push('PostgreSQL: no connectAddr in the frontend\'s config file');
  } else {
    const postmaster = listeningPid(pgPort);
    if (postmaster === undefined) found.missing.push(`PostgreSQL: no process of this machine listens on port ${pgPort}`);
    else found.postmaster = postmaster;
  }
  return found;
}

/** The postmaster's children now (backends, background processes). */
function childrenOf(ppid: number): number[] {
  const p = String(ppid);
  return pids().filter((pid) => statFields(pid)?.[1] === p);
}

/** CPU seconds used so far, by group: `frontend`, `history`, `history-1`, …, `matching`, `worker service`, `postgresql`, combined ones. */
export function clusterCpu(p: ClusterProcesses): Record<string, number> {
  const nan = Number.NaN;
  const one = (pid: number | undefined) => (pid === undefined ? nan : (cpuOf(pid) ?? nan));
  const out: Record<string, number> = {
    frontend: one(p.frontend),
    history: Object.keys(p.history).length ? Object.values(p.history).reduce((sum, pid) => sum + one(pid), 0) : nan,
  };
  for (const [name, pid] of Object.entries(p.history)) out[name] = one(pid);
  out.matching = one(p.matching);
  out['worker service'] = one(p.worker);
  for (const [name, pid] of Object.entries(p.combined)) out[name] = one(pid);
  out.postgresql =
    p.postmaster === undefined || cpuOf(p.postmaster) === undefined
      ? nan
      : (cpuOf(p.postmaster, true) ?? nan) + childrenOf(p.postmaster).reduce((sum, pid) => sum + (cpuOf(pid) ?? 0), 0);
  return out;
}

/** Temporal's services together (not PostgreSQL): the dev server's counterpart. */
export function temporalCpu(byGroup: Record<string, number>): number {
  return Object.entries(byGroup)
    .filter(([k]) => k !== 'postgresql' && !/^history-/.test(k))
    .reduce((sum, [, v]) => sum + v, 0);
}

/** The pids of Temporal's service processes (for their resident memory). */
export function clusterPids(p: ClusterProcesses): number[] {
  return [p.frontend, ...Object.values(p.history), p.matching, p.worker, ...Object.values(p.combined)].filter((x): x is number => x !== undefined);
}

/** One line for the report: which pid is which. */
export function describeClusterProcesses(p: ClusterProcesses): string {
  const parts = [
    p.frontend !== undefined ? `frontend ${p.frontend}` : undefined,
    ...Object.entries(p.history).map(([n, pid]) => `${n} ${pid}`),
    p.matching !== undefined ? `matching ${p.matching}` : undefined,
    p.worker !== undefined ? `worker service ${p.worker}` : undefined,
    ...Object.entries(p.combined).map(([n, pid]) => `${n} ${pid}`),
    p.postmaster !== undefined ? `PostgreSQL postmaster ${p.postmaster} (+ its children)` : undefined,
  ].filter(Boolean);
  return `${parts.join(', ')}${p.configDir ? ` (config: ${p.configDir})` : ''}`;
}

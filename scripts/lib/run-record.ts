/**
 * The record `npm start` keeps of what it started (`afbryd-run.json` in the data folder), and the
 * Linux process facts it needs to clean up after an earlier run that did not stop cleanly, or to say
 * who holds a port. Only processes that the record names *and* whose command line still matches
 * (the dev server with this data folder's SQLite file; afbryd's own entry points) are ever stopped:
 * never anyone else's process, even when a pid has been reused.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One process the embedded default started. */
export interface RecordedProcess {
  name: string;
  pid: number;
  /** A string its command line contains while it is this process (an entry file, a db file). */
  marker: string;
}

/** What `afbryd-run.json` holds. */
export interface RunRecord {
  /** The embedded default's own process (scripts/embedded.ts). */
  pid: number;
  startedAt: string;
  dataDir: string;
  ports: Record<string, number>;
  processes: RecordedProcess[];
}

export const RUN_RECORD = 'afbryd-run.json';

export function recordPath(dataDir: string): string {
  return join(dataDir, RUN_RECORD);
}

export function readRunRecord(dataDir: string): RunRecord | undefined {
  const file = recordPath(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
    if (typeof parsed.pid !== 'number' || !Array.isArray(parsed.processes)) return undefined;
    return parsed;
  } catch {
    return undefined; // a torn or foreign file: treated as no record
  }
}

/** Writes the record atomically (a rename), so a reader never sees half of it. */
export function writeRunRecord(record: RunRecord): void {
  const file = recordPath(record.dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function removeRunRecord(dataDir: string): void {
  rmSync(recordPath(dataDir), { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or undefined when it is gone (or this is not Linux). */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/** True when the pid is alive and still the recorded process (its command line has the marker). */
export function stillRecorded(p: RecordedProcess): boolean {
  const cmd = commandLine(p.pid);
  return cmd !== undefined && cmd.includes(p.marker);
}

/** The pid of the process listening on a TCP port (IPv4 or IPv6), from /proc; undefined if unknown. */
export function listeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      const localPort = Number.parseInt(cols[1]!.split(':').pop() ?? '', 16);
      if (localPort === port) inodes.add(cols[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1]!)) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** afbryd's entry points, by the file their command line names. */
const AFBRYD_ENTRIES: [string, string][] = [
  ['scripts/embedded.ts', 'the embedded default (npm start)'],
  ['worker/main.ts', "afbryd's worker"],
  ['client/api/main.ts', "afbryd's billing API"],
  ['client/datahub-poller-main.ts', "afbryd's DataHub poller"],
  ['simulators/datahub-server/main.ts', "afbryd's DataHub simulator"],
];

/**
 * Says what a process is when it looks like part of an afbryd run: a Temporal dev server (with its
 * SQLite file) or one of afbryd's entry points. Undefined for anything else.
 */
export function describeAfbrydProcess(pid: number): string | undefined {
  const cmd = commandLine(pid);
  if (!cmd) return undefined;
  if (/\btemporal\b.*\bserver start-dev\b/.test(cmd)) {
    const db = /--db-filename (\S+)/.exec(cmd)?.[1];
    return db ? `a Temporal dev server (its SQLite file: ${db})` : 'a Temporal dev server (in memory)';
  }
  for (const [entry, what] of AFBRYD_ENTRIES) if (cmd.includes(entry)) return what;
  return undefined;
}

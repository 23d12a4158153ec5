/**
 * PostgreSQL for the cluster: Debian's package (installed with apt-get when missing and we are root),
 * a data folder initialised and owned by a non-root user (`postgres`, created as a system user when
 * missing; PostgreSQL refuses to run as root), started as a child on loopback with a port from
 * allocatePort. Temporal's two databases and the evidence archive's database live on it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { allocatePort, isPortClash, retryOnPortClash } from '../ports.js';
import { ClusterError } from './errors.js';
import { startProcess, stopProcess, waitFor, type ClusterProcess } from './process.js';
import { EVIDENCE_DB_PASSWORD, TEMPORAL_DB_PASSWORD, type ClusterSettings } from './settings.js';

export interface PostgresHandle {
  port: number;
  socketDir: string;
  process: ClusterProcess;
}

interface Owner {
  uid: number;
  gid: number;
  name: string;
}

/** The folder of PostgreSQL's programs (Debian's layout), installing the package when it is missing. */
export function ensurePostgresInstalled(major: number, log: (line: string) => void): string {
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (existsSync(join(bin, 'postgres'))) return bin;
  if (process.getuid?.() !== 0) {
    throw new ClusterError(`PostgreSQL ${major} is not installed (${bin} is missing); install Debian's postgresql-${major} (apt-get install postgresql-${major}) as root`);
  }
  log(`installing PostgreSQL ${major} from Debian (apt-get install postgresql-${major})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync('apt-get', ['install', '-y', '-qq', `postgresql-${major}`], { env, encoding: 'utf8' });
  if (res.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8' });
    res = spawnSync('apt-get', ['install', '-y', '-qq', `postgresql-${major}`], { env, encoding: 'utf8' });
  }
  if (res.status !== 0 || !existsSync(join(bin, 'postgres'))) {
    throw new ClusterError(`apt-get install postgresql-${major} failed (exit ${res.status}):\n${(res.stderr || res.stdout || '').trim().split('\n').slice(-5).join('\n')}`);
  }
  return bin;
}

/** The user the data folder belongs to: ourselves, or (as root) the system user `postgres`, created when missing. */
function dataOwner(log: (line: string) => void): Owner {
  if (process.getuid?.() !== 0) return { uid: process.getuid!(), gid: process.getgid!(), name: 'self' };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g'), name: 'postgres' };
  } catch {
    log('creating the system user postgres (PostgreSQL refuses to run as root)');
    const res = spawnSync('useradd', ['--system', '--user-group', '--home-dir', '/var/lib/postgresql', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (res.status !== 0) throw new ClusterError(`useradd --system postgres failed: ${res.stderr.trim()}`);
    return { uid: id('-u'), gid: id('-g'), name: 'postgres' };
  }
}

/** Initialises the data folder once (initdb as its owner); a second run finds it and keeps it. */
function ensureDataFolder(bin: string, dataDir: string, owner: Owner, log: (line: string) => void): void {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, owner.uid, owner.gid);
  log(`initialising PostgreSQL's data folder ${dataDir} (owner: ${owner.name})`);
  const res = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale'],
    { uid: owner.uid, gid: owner.gid, encoding: 'utf8', cwd: '/', env: { ...process.env, HOME: dataDir } },
  );
  if (res.status !== 0) throw new ClusterError(`initdb -D ${dataDir} failed:\n${(res.stderr || res.stdout).trim()}`);
}

/** Runs SQL as the superuser over the Unix socket (trusted: the socket folder is the owner's alone). */
export async function superuserQuery(h: Pick<PostgresHandle, 'port' | 'socketDir'>, sql: string, database = 'postgres'): Promise<pg.QueryResult> {
  const client = new pg.Client({ host: h.socketDir, port: h.port, user: 'postgres', database });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface PostgresOptions {
  bin: string;
  stateDir: string;
  /** Start on this port (a restart keeps its port); a new one from allocatePort when unset. */
  port?: number;
  log: (line: string) => void;
}

/** Starts PostgreSQL (initialising its data folder the first time) and waits until it answers. */
export async function startPostgres(o: PostgresOptions): Promise<PostgresHandle> {
  const owner = dataOwner(o.log);
  const dataDir = join(o.stateDir, 'pgdata');
  const socketDir = join(o.stateDir, 'pgsocket');
  ensureDataFolder(o.bin, dataDir, owner, o.log);
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  chownSync(socketDir, owner.uid, owner.gid);
  const start = async (port: number): Promise<PostgresHandle> => {
    const p = startProcess(
      'postgresql',
      join(o.bin, 'postgres'),
      ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
      join(o.stateDir, 'logs', 'postgresql.log'),
      { uid: owner.uid, gid: owner.gid, cwd: '/', env: { ...process.env, HOME: dataDir } },
    );
    try {
      await waitFor(`PostgreSQL answers on 127.0.0.1:${port}`, async () => (await superuserQuery({ port, socketDir }, 'SELECT 1')).rowCount === 1, 60_000, p);
    } catch (err) {
      await stopProcess(p, 'SIGKILL', 1000);
      throw isPortClash(p.output()) ? Object.assign(new Error(`port ${port}: address already in use`), { code: 'EADDRINUSE' }) : err;
    }
    return { port, socketDir, process: p };
  };
  return o.port !== undefined ? start(o.port) : retryOnPortClash(async () => start(await allocatePort()));
}

/** Fast shutdown (SIGINT: running transactions are rolled back, the data is kept), SIGKILL after 30 s. */
export async function stopPostgres(h: PostgresHandle): Promise<void> {
  await stopProcess(h.process, 'SIGINT', 30_000);
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The roles and databases (idempotent): Temporal's two, and the evidence archive's. */
export async function ensureDatabases(h: PostgresHandle, s: ClusterSettings): Promise<void> {
  const roles: [string, string][] = [
    [s.temporalDbUser, TEMPORAL_DB_PASSWORD],
    [s.evidenceDbUser, EVIDENCE_DB_PASSWORD],
  ];
  for (const [role, password] of roles) {
    const exists = await superuserQuery(h, `SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}`);
    if (exists.rowCount === 0) await superuserQuery(h, `CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
  }
  const dbs: [string, string][] = [
    [s.temporalDb, s.temporalDbUser],
    [s.visibilityDb, s.temporalDbUser],
    [s.evidenceDb, s.evidenceDbUser],
  ];
  for (const [db, role] of dbs) {
    const exists = await superuserQuery(h, `SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(db)}`);
    if (exists.rowCount === 0) await superuserQuery(h, `CREATE DATABASE ${quoteIdent(db)} OWNER ${quoteIdent(role)}`);
  }
}

/** The evidence archive's URL on this PostgreSQL. */
export function evidenceUrl(h: Pick<PostgresHandle, 'port'>, s: ClusterSettings): string {
  return `postgres://${s.evidenceDbUser}:${EVIDENCE_DB_PASSWORD}@127.0.0.1:${h.port}/${s.evidenceDb}`;
}

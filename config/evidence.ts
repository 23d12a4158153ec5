/**
 * Where the evidence archive (`evidence/`) lives and how long it keeps what it holds, read from the
 * environment and validated with zod; a bad value stops the process with one line. Read by the
 * worker (records letters and DataHub messages, archives closed cases, runs the retention purge), the
 * DataHub poller (records inbound messages) and the doors that show a closed case.
 *
 * | variable | default |
 * |---|---|
 * | `AFBRYD_EVIDENCE_URL` | `file:<AFBRYD_DATA_DIR>/evidence.sqlite`, i.e. `file:.data/evidence.sqlite` (SQLite; the folder is created) |
 * | `AFBRYD_EVIDENCE_RETENTION_YEARS` | `5` (the Danish bookkeeping period) |
 */
import { z } from 'zod';
import { ConfigError, formatIssues } from './env.js';

/**
 * The embedded default: `evidence.sqlite` in the data folder (`AFBRYD_DATA_DIR`, default `.data`, git-
 * and docker-ignored) — the folder `npm start` keeps Temporal's file in, so the CLI, the API, the worker
 * and the poller find the same archive from the same configuration.
 */
export function defaultEvidenceUrl(env: NodeJS.ProcessEnv = process.env): string {
  const dir = (env.AFBRYD_DATA_DIR?.trim() || '.data').replace(/\/+$/, '');
  return `file:${dir}/evidence.sqlite`;
}

/** The default with the default data folder. */
export const DEFAULT_EVIDENCE_URL = defaultEvidenceUrl({});

/** URL schemes of the databases the archive runs on: SQLite (`file:`, `libsql:`) and PostgreSQL. */
export const EVIDENCE_URL_PATTERN = /^(file:.+|libsql:\/\/.+|postgres(ql)?:\/\/.+)$/;

/** Unset and empty mean the default (docker-compose passes an empty value for an unset variable). */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const evidenceConfigSchema = z.object({
  /**
   * The database of the evidence archive, chosen by scheme: `file:path` (SQLite; its folder is
   * created) or `libsql://host` (a libSQL server) → SQLite; `postgres://user:password@host:5432/db` or
   * `postgresql://…` → PostgreSQL (≥ 14). The URL is never echoed or logged: it may hold a password.
   * @default "file:<AFBRYD_DATA_DIR>/evidence.sqlite" ({@link defaultEvidenceUrl})
   */
  AFBRYD_EVIDENCE_URL: z.preprocess(
    unsetIfEmpty,
    z.string().regex(EVIDENCE_URL_PATTERN, 'must be a file:, libsql://, postgres:// or postgresql:// URL, e.g. file:.data/evidence.sqlite').optional(),
  ),
  /**
   * Whole years each record (letter, DataHub message, closed case) is kept from when it was recorded;
   * then the worker's daily retention purge deletes it. 5 is the Danish bookkeeping period
   * (bogføringsloven); shorten it only with legal advice.
   * @default 5
   */
  AFBRYD_EVIDENCE_RETENTION_YEARS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number of years, e.g. 5')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be at least 1 (year)').max(100, 'must be at most 100 (years)'))
      .default('5'),
  ),
});

/** The archive's settings. */
export interface EvidenceConfig {
  /** The database URL (may hold a password: never log it; {@link describeEvidenceUrl} is safe to print). */
  url: string;
  /** Whole years each record is kept. */
  retentionYears: number;
}

/**
 * The archive's settings from the environment.
 * @throws ConfigError naming every bad variable, in one line.
 */
export function loadEvidenceConfig(env: NodeJS.ProcessEnv = process.env): EvidenceConfig {
  const parsed = evidenceConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  return { url: parsed.data.AFBRYD_EVIDENCE_URL ?? defaultEvidenceUrl(env), retentionYears: parsed.data.AFBRYD_EVIDENCE_RETENTION_YEARS };
}

/** The URL without credentials or query, for a log line: `sqlite file:.afbryd/evidence.sqlite`, `postgresql host:5432/db`. */
export function describeEvidenceUrl(url: string): string {
  if (url.startsWith('file:') || url === ':memory:') return `sqlite ${url.replace(/[?#].*$/, '')}`;
  try {
    const u = new URL(url);
    const kind = u.protocol === 'libsql:' ? 'libsql' : 'postgresql';
    return `${kind} ${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'an unparseable URL';
  }
}

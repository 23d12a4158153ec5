/**
 * Opens the evidence archive the configuration names: `file:` / `libsql:` URLs (and `:memory:`) on
 * SQLite, `postgres://` / `postgresql://` on PostgreSQL. The one entry point for processes: the
 * worker, the DataHub poller, the doors that show closed cases.
 *
 * ```ts
 * const evidence = await openEvidenceStore(loadEvidenceConfig());
 * const archived = await evidence.readCase('case-571313100000000017-C-1001');
 * await evidence.close();
 * ```
 */
import type { EvidenceConfig } from '../config/evidence.js';
import { PostgresEvidenceStore } from './postgres.js';
import { SqliteEvidenceStore } from './sqlite.js';
import type { EvidenceStore } from './store.js';

/** What {@link openEvidenceStore} takes: the configuration, optionally with a clock (tests). */
export interface OpenEvidenceStoreOptions extends Partial<Pick<EvidenceConfig, 'retentionYears'>> {
  /** `file:…`, `libsql://…`, `:memory:`, `postgres://…` or `postgresql://…`. */
  url: string;
  /** The clock that stamps `recordedAt`. @default () => new Date() */
  now?: () => Date;
  /** Draws a new case number (tests). @default random: `evidence/case-number.ts` */
  drawCaseNumber?: () => string;
}

/** The database a URL selects, or `undefined` for an unsupported one. */
export function evidenceDialect(url: string): 'sqlite' | 'postgres' | undefined {
  if (url === ':memory:' || url.startsWith('file:') || url.startsWith('libsql:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  return undefined;
}

/**
 * Opens the store, creating its schema where missing.
 * @throws Error naming the scheme when the URL selects no database (never echoing the URL); the
 *   driver's error when the database cannot be reached or migrated.
 */
export async function openEvidenceStore(options: OpenEvidenceStoreOptions): Promise<EvidenceStore> {
  const common = {
    ...(options.retentionYears !== undefined ? { retentionYears: options.retentionYears } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.drawCaseNumber ? { drawCaseNumber: options.drawCaseNumber } : {}),
  };
  switch (evidenceDialect(options.url)) {
    case 'sqlite':
      return SqliteEvidenceStore.open({ url: options.url, ...common });
    case 'postgres':
      return PostgresEvidenceStore.open({ url: options.url, ...common });
    default: {
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(options.url)?.[0] ?? '(none)';
      throw new Error(`the evidence archive supports file:, libsql:, postgres: and postgresql: URLs, not ${scheme}`);
    }
  }
}

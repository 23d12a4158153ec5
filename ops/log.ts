/**
 * The one log format of afbryd's processes (issue 17 item 3): one JSON object a line,
 * `{"at":"<ISO instant>","level":"info","component":"worker","msg":"…", …ids}` — the API (Fastify's
 * pino, `client/api/app.ts` `apiLoggerFormat`), the worker and the SDK's own logger inside it (the
 * Runtime logger, {@link sdkLogger}), and the DataHub poller. Lines carry ids only: never a body, a
 * name, an address, a token, nor an SDK task token (dropped from the SDK's metadata).
 */
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Metadata keys never written: secrets and the SDK's task tokens (they authorise completing a task). */
const DROPPED = new Set(['taskToken', 'task_token', 'token', 'authorization', 'apiKey']);

/** One line in the format. */
export function formatLogLine(component: string, level: LogLevel, msg: string, fields: Record<string, unknown> = {}): string {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (!DROPPED.has(k) && v !== undefined) clean[k] = typeof v === 'bigint' ? String(v) : v;
  return JSON.stringify({ at: new Date().toISOString(), level, component, msg, ...clean });
}

/** A logger writing the format to stdout (warn and error to stderr). */
export function jsonLogger(component: string, write: { out(line: string): void; err(line: string): void } = { out: (l) => console.log(l), err: (l) => console.error(l) }) {
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    const line = formatLogLine(component, level, msg, fields);
    (level === 'warn' || level === 'error' ? write.err : write.out)(line);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** The SDK's logger for `Runtime.install({ logger })`: its lines in the format, component `temporal-sdk`, task tokens dropped. */
export function sdkLogger(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO', write: (line: string) => void = (l) => console.log(l)): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    write(formatLogLine('temporal-sdk', entry.level.toLowerCase() as LogLevel, entry.message, (entry.meta ?? {}) as Record<string, unknown>));
  });
}

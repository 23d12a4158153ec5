/**
 * `POST /imports`: the go-live import and the billing run over HTTP (issue 7), as a Fastify plugin
 * registered by `app.ts` (its bearer tokens, value-free validation, logging and error handling apply).
 *
 *   POST /imports[?dryRun=true]     Content-Type: text/csv     body: the CSV file (client/import/rows.ts)
 *
 * Every row is validated (the row schema, then the history against the rules) before anything is
 * started; the valid rows are started through `startCase` (idempotent: posting the same file again
 * starts nothing new). The answer (200) is the summary and one result per row; rejected rows are
 * named by their number and line with every problem — never by the values sent. A file that cannot
 * be imported at all (not CSV, an unknown or missing column) is 400 with each problem, and nothing is
 * started; a body that is not `text/csv` is 415.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadCaseSettings } from '../../config/case-settings.js';
import type { RulesSettings } from '../../rules/index.js';
import { ImportFileError, readImportTable } from '../import/rows.js';
import { importCases } from '../import/runner.js';
import { issuesResponseSchema } from './schemas.js';

/** Options of {@link importsRoutes}. */
export interface ImportsRoutesOptions {
  client: Client;
  /** The task queue new cases run on. */
  taskQueue: string;
  /** How long one row may wait for Temporal. @default 15000 */
  rowTimeoutMs?: number;
  /** The settings the cases run with. @default the configured ones (AFBRYD_RULES_SETTINGS), read when the plugin is registered */
  settings?: Readonly<RulesSettings>;
  /** The largest CSV accepted, in bytes. @default 2 MiB */
  bodyLimit?: number;
  /** The most rows one request may carry. @default 10000 */
  maxRows?: number;
}

const summarySchema = z
  .object({
    rows: z.number(),
    started: z.number().describe('New cases'),
    existing: z.number().describe('Already running: the invoice is already in a case (open or closed); nothing changed'),
    joined: z.number().describe('Already running: the invoice joined the open case of its metering point and customer'),
    rejected: z.number().describe('Invalid rows: nothing was started for them'),
    failed: z.number().describe('Valid rows Temporal did not take (unavailable, too slow); posting the file again is safe'),
    valid: z.number().describe('Valid rows of a dry run (nothing started)'),
  })
  .describe('The counts');

export const importResponseSchema = z.object({
  summary: summarySchema,
  results: z
    .array(
      z.object({
        row: z.number().describe('1 = the first row after the header'),
        line: z.number().describe('The line of the file the row starts on'),
        status: z.enum(['started', 'existing-open', 'existing-closed', 'existing-failed', 'joined', 'rejected', 'failed', 'valid']),
        id: z.string().optional().describe('The case id (workflow id), once known'),
        caseId: z.string().optional().describe('The case id'),
        problems: z.array(z.string()).optional().describe('Why the row was rejected or failed: each names its column or the rule and its basis'),
      }),
    )
    .describe('One result per row, in file order'),
  rejected: z
    .array(z.object({ row: z.number(), line: z.number(), problems: z.array(z.string()) }))
    .describe('The rows rejected or failed, with every problem (the values are not echoed: the rows are named by number)'),
});

const querySchema = z
  .object({
    dryRun: z.enum(['true', 'false']).optional().describe('true: validate every row, start nothing'),
  })
  .strict();

const bodySchema = z
  .string()
  .min(1)
  .describe(
    'The CSV file, UTF-8 (RFC 4180: a header row, then one row per case; a BOM and CRLF or LF are fine). Columns: customer_id, metering_point_id, ' +
      'customer_class, invoice_id, amount_ore, due_date (required); meter_kind, preferred_channel, next_step, security_amount_ore, and per letter ' +
      '(reminder1, reminder2, security_demand, termination_notice) <letter>_sent, <letter>_channel, <letter>_received (optional). An unknown column rejects the file.',
  );

/** Registers `POST /imports`. */
export async function importsRoutes(instance: FastifyInstance, options: ImportsRoutesOptions): Promise<void> {
  const settings = options.settings ?? loadCaseSettings().rules;
  const maxRows = options.maxRows ?? 10_000;
  const bodyLimit = options.bodyLimit ?? 2 * 1024 * 1024;
  const api = instance.withTypeProvider<ZodTypeProvider>();

  // CSV bodies, in this plugin only (the rest of the API takes JSON alone).
  api.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));

  api.post(
    '/imports',
    {
      bodyLimit,
      // Before the body is read: anything but CSV is 415 with a clear word (not a parse error).
      onRequest: async (request, reply) => {
        const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'text/csv') {
          return reply
            .code(415)
            .type('application/json; charset=utf-8')
            .send({ error: 'unsupported-media-type', message: 'send the CSV file as the body, with Content-Type: text/csv' });
        }
      },
      schema: {
        tags: ['cases'],
        summary: 'Import cases from a CSV file: the billing run, or cases in flight from a previous system',
        description:
          'Every row is validated before anything is started: the columns (ids and facts only), then the letters already sent against the rules ' +
          '(reminders ≥ 10 days apart, a security demand only after reminder 2’s deadline, a letter neither received before it was sent nor dated after today, ' +
          'no household step on a business case, nothing past the DataHub request). The valid rows are started at their next step (rows without letters: new cases from reminder 1); ' +
          'a bad row never stops the others and nothing is started for it. Idempotent: posting the same file again starts nothing new (status existing-open). ' +
          '200 answers the summary and every row’s result; 400 a file that cannot be imported at all (each problem named; nothing started); 415 a body that is not text/csv.',
        consumes: ['text/csv'],
        querystring: querySchema,
        body: bodySchema,
        response: {
          200: importResponseSchema.describe('What became of each row'),
          400: issuesResponseSchema.describe('The file cannot be imported (not CSV, an unknown or missing column, too many rows): every problem is in `issues`; nothing was started'),
          401: issuesResponseSchema.describe('No bearer token, or an unknown one'),
          403: issuesResponseSchema.describe("The token's role may not use this route (`x-roles`)"),
          422: issuesResponseSchema.describe('Invalid query (`issues` names it); nothing was started'),
          413: issuesResponseSchema.describe('The file is too large'),
          415: issuesResponseSchema.describe('The body is not text/csv'),
        },
      },
    },
    async (request, reply) => {
      let table;
      try {
        table = readImportTable(request.body);
      } catch (err) {
        if (!(err instanceof ImportFileError)) throw err;
        return reply
          .code(400)
          .type('application/json; charset=utf-8')
          .send({
            error: 'invalid-file',
            message: `the file cannot be imported: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}; nothing was started`,
            issues: err.problems.map((message) => ({ in: 'body', path: '', message })),
          });
      }
      if (table.rows.length > maxRows) {
        return reply
          .code(400)
          .type('application/json; charset=utf-8')
          .send({
            error: 'invalid-file',
            message: `the file has ${table.rows.length} rows; at most ${maxRows} per request (split it)`,
            issues: [{ in: 'body', path: '', message: `must have at most ${maxRows} rows` }],
          });
      }
      const report = await importCases(options.client, table, {
        taskQueue: options.taskQueue,
        settings,
        source: 'POST /imports',
        actor: request.actor,
        dryRun: request.query.dryRun === 'true',
        rowTimeoutMs: options.rowTimeoutMs ?? 15_000,
      });
      request.log.info({ ...report.summary }, 'import');
      return {
        summary: report.summary,
        results: report.results,
        rejected: report.rejected.map(({ row, line, problems }) => ({ row, line, problems })),
      };
    },
  );
}

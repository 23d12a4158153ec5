/**
 * Customer service's case page and the operator worklist (issue 17 items 4 and 5), served by the API
 * process.
 *
 *   GET /sag, /arbejdsliste, /ui/app.js, /ui/app.css   the pages: public static assets (no data in them)
 *   GET /session                                       who the token is, and the event types it may send
 *   GET /search?q=…                                    cases by case number (the short one on the letters), customer number, metering point, case id or invoice id
 *   GET /cases/:id/answer                              the case (by case id or case number) in plain Danish, its letters as received, its timeline
 *   GET /worklist/:list (+ /csv)                       attention, failed, overdue, cutoffs, due
 *
 * **Our choice**: the pages are public static assets and every piece of data is behind the
 * token-checked JSON routes above (rows in the roles table, `client/api/roles.ts`, and in
 * `/openapi.json`). The page signs in with the same bearer tokens as the API: the agent pastes the
 * token once, the page keeps it in the tab's `sessionStorage` and sends it as `Authorization: Bearer`
 * (no cookie, so no cross-site request can act with it). Actions go through `POST /cases/:id/events`
 * with the same roles as the API; the page shows only the actions `GET /session` says the role may use.
 *
 * The customer's name comes from the customer registry port at the moment the answer is built; it goes
 * into that answer only — never into Temporal, a log line (the request log names route, case id, actor
 * and status) or a metric.
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { copenhagenLocalTime } from '../../rules/index.js';
import { EVENT_DA, LETTER_KIND_DA, caseAnswer, timelineTextDa } from '../case-answer.js';
import { caseNumberOf, readCase, resolveCaseNumber, searchCases, type ArchivedCaseReader } from '../cases.js';
import { CASE_NUMBER_TYPO, parseCaseNumber } from '../../evidence/case-number.js';
import { PERSONAL_DATA_MESSAGE, idLooksLikePersonalData } from '../personal-data.js';
import { WORKLISTS, worklist, worklistCsv } from '../worklist.js';
import { ATTENTION } from '../../workflows/shared/attention.js';
import { EVENT_ROLES } from './roles.js';
import { isCaseId, issuesResponseSchema } from './schemas.js';

/** What the pages need of the customer registry (`activities/mail.ts` `CustomerRegistryPort` has it). */
export interface CustomerNames {
  getContact(customerId: string): Promise<{ name: string } | undefined>;
}

export interface PagesOptions {
  client: Client;
  /** The deployment's task queue: the search and the lists show its cases. */
  taskQueue: string;
  withTemporal: <T>(fn: () => Promise<T>) => Promise<T>;
  evidence?: ArchivedCaseReader;
  customers?: CustomerNames;
  /** The clock (tests). @default Date.now */
  now?: () => number;
}

const ASSETS = new URL('./pages/', import.meta.url);
const asset = (name: string) => readFileSync(new URL(name, ASSETS), 'utf8');

const problems = {
  401: issuesResponseSchema.describe('No bearer token, or an unknown one'),
  403: issuesResponseSchema.describe("The token's role may not use this route"),
  404: issuesResponseSchema.describe('No such case'),
  422: issuesResponseSchema.describe('Invalid content: `issues` names every invalid field'),
  503: issuesResponseSchema.describe('Temporal or the case worker did not answer in time'),
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const sessionSchema = z.object({
  actor: z.string().describe("The token's actor"),
  role: z.string().describe("The actor's role"),
  caseEvents: z.array(z.string()).describe('The event types this role may send to `POST /cases/:id/events`'),
});

const listItem = z.object({
  id: z.string(),
  runId: z.string(),
  status: z.string(),
  workflowType: z.string().optional(),
  stage: z.string().optional(),
  customerClass: z.string().optional(),
  meterKind: z.string().optional(),
  needsAttention: z.boolean().optional(),
  cutoffDate: z.string().optional(),
  customerId: z.string().optional(),
  meteringPointId: z.string().optional(),
  cutoffDay: z.string().optional(),
  nextStepDay: z.string().optional(),
  attentionReasons: z.array(z.string()).optional(),
  overdue: z.boolean().optional(),
  startTime: z.string(),
  closeTime: z.string().optional(),
});

const searchSchema = z.object({
  kind: z.enum(['case', 'metering-point', 'customer', 'case-number', 'invoice', 'none']).describe('What the term was read as (`case-number`: the short case number on the letters, or a case id)'),
  cases: z.array(listItem),
  truncated: z.boolean(),
  problem: z
    .object({ code: z.literal('case-number-check'), da: z.string(), en: z.string() })
    .optional()
    .describe('Nothing found, and the term is shaped like a case number whose check character does not fit: mistyped (the Danish text is for customer service)'),
});

/**
 * `GET /cases/:id/answer`'s id: the case id (the workflow id `case-<GSRN>-<customerId>`) or the short
 * case number printed on the letters (`XXXX-XXXX`, case-insensitive; issue 15 item 13), whose check
 * character must fit.
 */
const answerParamsSchema = z
  .object({
    id: z
      .string()
      .max(200, 'must be a case id or a case number')
      .superRefine((v, ctx) => {
        if (isCaseId(v)) return;
        const read = parseCaseNumber(v);
        if (read.ok) return;
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: read.problem === 'check' ? `${CASE_NUMBER_TYPO.en} (${CASE_NUMBER_TYPO.da})` : 'must be a case id (case-<18-digit GSRN>-<customerId>) or a case number (XXXX-XXXX, as on the letters)',
        });
      })
      .describe('The case id `case-<GSRN>-<customerId>`, or the case number on its letters (`XXXX-XXXX`, case-insensitive)'),
  })
  .strict();

const attentionLine = z.object({
  code: z.string(),
  ref: z.string().optional(),
  since: z.string(),
  detail: z.string(),
  text: z.string().describe('The catalogue’s Danish text'),
  clearedBy: z.string().describe('The action that clears it'),
  action: z.string().describe('That action in Danish'),
  taskId: z.string().optional(),
});

const answerSchema = z.object({
  id: z.string(),
  runId: z.string(),
  status: z.string(),
  workflowType: z.string().optional(),
  source: z.enum(['temporal', 'evidence-archive']),
  caseId: z.string().describe('The case id inside afbryd (it carries the metering point and the customer id: never told to a bank)'),
  caseNumber: z.string().optional().describe('The case number on its letters ("Sagsnr.", `XXXX-XXXX`); unset until its first letter is made, or without an evidence archive'),
  customerId: z.string(),
  customerName: z.string().optional().describe('From the customer registry at render time (personal data: never logged or sent to Temporal)'),
  meteringPointId: z.string(),
  customerClass: z.string(),
  meterKind: z.string().optional(),
  stage: z.string(),
  amountDueOre: z.number(),
  answer: z.object({
    owedOre: z.number().describe('What the customer owes now: the arrears and the case’s fees'),
    feesOre: z.number(),
    standing: z.string(),
    stageLabel: z.string(),
    open: z.boolean(),
    nextStep: z.string(),
    nextStepDate: z.string().optional(),
    cutoff: z.string(),
    cutoffDate: z.string().optional(),
    windowDeadline: z.string().optional(),
    expectedCutoffDate: z.string().optional().describe('Before the request: the cut-off if the request goes on its planned day'),
    expectedWindowDeadline: z.string().optional(),
    disconnected: z.boolean(),
    disconnectedText: z.string(),
    whatStopsIt: z.array(z.string()),
    reopening: z.array(z.string()),
    holds: z.array(z.object({ holdId: z.string(), kind: z.string(), text: z.string(), since: z.string() })),
    attention: z.array(attentionLine),
  }),
  letters: z.array(
    z.object({
      letterId: z.string(),
      kind: z.string(),
      kindText: z.string().describe('The kind in Danish'),
      channel: z.string(),
      sentDate: z.string(),
      receivedDate: z.string(),
      subject: z.string().optional().describe('As the customer received it (from the evidence archive)'),
      body: z.string().optional().describe('As the customer received it (from the evidence archive)'),
      receiptBasis: z.string().optional(),
      imported: z.boolean().optional().describe('Sent by the previous system (go-live import): its text is not in the archive'),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      what: z.string().describe('As recorded (English)'),
      text: z.string().describe('In Danish where the wording is a common one, else as recorded'),
      lang: z.enum(['da', 'en']).describe('The language of `text`'),
      basis: z.string().optional(),
      cause: z.string(),
      causeText: z.string().describe('The cause in Danish'),
      actor: z.string().optional(),
    }),
  ),
});

const worklistRow = z.object({
  id: z.string(),
  runId: z.string(),
  workflowType: z.string().optional(),
  status: z.string(),
  failureType: z.string().optional(),
  customerId: z.string().optional(),
  meteringPointId: z.string().optional(),
  caseId: z.string().optional(),
  stage: z.string().optional(),
  stageLabel: z.string().optional(),
  amountDueOre: z.number().optional(),
  amountText: z.string().optional(),
  cutoffDay: z.string().optional(),
  windowDeadline: z.string().optional(),
  nextStep: z.string().optional(),
  nextStepText: z.string().optional(),
  nextStepDay: z.string().optional(),
  overdue: z.boolean().optional(),
  reasons: z.array(attentionLine).optional(),
  recovery: z.string().optional(),
  closeTime: z.string().optional(),
});

const worklistSchema = z.object({
  list: z.enum(WORKLISTS),
  title: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  rows: z.array(worklistRow),
  truncated: z.boolean(),
});

const worklistParams = z.object({ list: z.enum(WORKLISTS).describe('attention, failed, overdue, cutoffs or due') }).strict();
const worklistQuery = z
  .object({
    from: day.optional().describe('cutoffs, due: the first day (default today)'),
    to: day.optional().describe('cutoffs, due: the last day (default `from`)'),
    reason: z
      .enum(Object.keys(ATTENTION) as [string, ...string[]])
      .optional()
      .describe('attention: only this reason'),
    customer: z
      .string()
      .regex(/^[A-Za-z0-9._:@+-]{1,100}$/, 'must be a customer number')
      .refine((v) => !idLooksLikePersonalData(v), PERSONAL_DATA_MESSAGE)
      .optional()
      .describe("Only this customer's cases"),
  })
  .strict();

/** What a letter record of the evidence archive holds that the page shows. */
interface ArchivedLetter {
  letterId: string;
  kind: string;
  channel: string;
  subject: string;
  body: string;
  sentDate: string;
  receivedDate: string;
  receiptBasis?: string;
}

export async function pagesRoutes(instance: FastifyInstance, options: PagesOptions): Promise<void> {
  const api = instance.withTypeProvider<ZodTypeProvider>();
  const { client, withTemporal } = options;
  const now = options.now ?? Date.now;
  const today = () => copenhagenLocalTime(now()).date;

  const html = { casePage: asset('case.html'), worklist: asset('worklist.html'), js: asset('app.js'), css: asset('app.css') };
  const serve = (body: string, type: string) => async (_request: unknown, reply: { type(t: string): unknown; header(k: string, v: string): unknown }) => {
    reply.type(type);
    reply.header('cache-control', 'no-cache');
    reply.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    reply.header('x-content-type-options', 'nosniff');
    return body;
  };
  const page = { config: { public: true }, schema: { hide: true } } as const;
  api.get('/sag', page, serve(html.casePage, 'text/html; charset=utf-8'));
  api.get('/arbejdsliste', page, serve(html.worklist, 'text/html; charset=utf-8'));
  api.get('/ui/app.js', page, serve(html.js, 'text/javascript; charset=utf-8'));
  api.get('/ui/app.css', page, serve(html.css, 'text/css; charset=utf-8'));

  api.get(
    '/session',
    {
      schema: {
        tags: ['pages'],
        summary: "The token's actor and role, and what it may do (the pages' sign-in)",
        response: { 200: sessionSchema.describe('The session'), ...problems },
      },
    },
    async (request) => {
      const table = EVENT_ROLES['/cases/:id/events'] as Record<string, readonly string[]>;
      return {
        actor: request.actor,
        role: request.role,
        caseEvents: Object.entries(table)
          .filter(([, roles]) => roles.includes(request.role))
          .map(([type]) => type),
      };
    },
  );

  api.get(
    '/search',
    {
      schema: {
        tags: ['pages'],
        summary: 'Find cases by case number, customer number, metering point, case id or invoice id',
        description:
          'The case number on the letters (`XXXX-XXXX`, case-insensitive, its check character verified) is looked up in the evidence archive; a customer number and a metering point (18 digits) are visibility queries; a case id or an invoice id is in no search attribute, so the cases are asked (those of the metering point a case id names, else at most 500, newest first). A mistyped case number that matches nothing else answers `problem`.',
        querystring: z
          .object({
            q: z
              .string()
              .trim()
              .min(1, 'must not be empty')
              .max(100, 'must be at most 100 characters')
              // A CPR number, an e-mail address or a phone number never goes into a visibility query.
              .refine((v) => !idLooksLikePersonalData(v), PERSONAL_DATA_MESSAGE)
              .describe('The search term: a case number, a customer number, a metering point, a case id or an invoice id (never a CPR number, e-mail or phone)'),
          })
          .strict(),
        response: { 200: searchSchema.describe('What the term was read as, and the cases'), ...problems },
      },
    },
    async (request) => withTemporal(() => searchCases(client, request.query.q, { taskQueue: options.taskQueue, ...(options.evidence ? { caseNumbers: options.evidence } : {}) })),
  );

  api.get(
    '/cases/:id/answer',
    {
      schema: {
        tags: ['pages'],
        summary: 'The case in plain Danish, first; then its letters as the customer received them and its timeline',
        description:
          'What customer service reads to the customer (SV 4.3.6): where the case stands and why, the next step and its date, the cut-off and the grid’s window, whether the customer is disconnected, what stops it today, how to get reopened and how fast. The letters’ text comes from the evidence archive; the customer’s name from the customer registry.',
        params: answerParamsSchema,
        response: { 200: answerSchema.describe('The answer'), ...problems },
      },
    },
    async (request, reply) => {
      let workflowId = request.params.id;
      if (!isCaseId(workflowId)) {
        const byNumber = await resolveCaseNumber(workflowId, options.evidence);
        if (byNumber.status !== 'found') {
          return reply.code(404).send({ error: 'not-found', message: byNumber.status === 'unknown' ? `no case has the case number ${byNumber.caseNumber}` : 'no such case' });
        }
        workflowId = byNumber.workflowId;
      }
      const read = await withTemporal(() => readCase(client, workflowId, options.evidence ? { evidence: options.evidence } : {}));
      request.caseRef = read.workflowId;
      const view = read.view;
      const archived = options.evidence ? await options.evidence.readCase(read.workflowId).catch(() => undefined) : undefined;
      const texts = new Map(((archived?.letters ?? []) as ArchivedLetter[]).map((l) => [l.letterId, l]));
      let customerName: string | undefined;
      try {
        customerName = (await options.customers?.getContact(view.customerId))?.name;
      } catch {
        customerName = undefined; // the registry is down: the page shows the customer number only
      }
      let workflowType: string | undefined;
      try {
        workflowType = read.source === 'temporal' ? (await client.workflow.getHandle(read.workflowId).describe()).type : undefined;
      } catch {
        workflowType = undefined;
      }
      const at = copenhagenLocalTime(now()).local.slice(0, 16);
      const caseNumber = await caseNumberOf(view.caseId, options.evidence);
      return {
        id: read.workflowId,
        runId: read.runId,
        status: read.status,
        ...(workflowType ? { workflowType } : {}),
        source: read.source ?? 'temporal',
        caseId: view.caseId,
        ...(caseNumber ? { caseNumber } : {}),
        customerId: view.customerId,
        ...(customerName ? { customerName } : {}),
        meteringPointId: view.meteringPointId,
        customerClass: view.customerClass,
        ...(view.meterKind ? { meterKind: view.meterKind } : {}),
        stage: view.stage,
        amountDueOre: view.amountDueOre,
        answer: caseAnswer(view, { now: at }),
        letters: view.letters.map((l) => {
          const text = texts.get(l.letterId);
          return {
            letterId: l.letterId,
            kind: l.kind,
            kindText: LETTER_KIND_DA[l.kind] ?? l.kind,
            channel: l.channel,
            sentDate: l.sentDate,
            receivedDate: l.receivedDate,
            ...(l.letterId.startsWith('imported:') ? { imported: true } : {}),
            ...(text ? { subject: text.subject, body: text.body, ...(text.receiptBasis ? { receiptBasis: text.receiptBasis } : {}) } : {}),
          };
        }),
        timeline: view.timeline.map((t) => ({
          at: t.at,
          what: t.what,
          ...(({ text, lang }) => ({ text, lang }))(timelineTextDa(t.what)),
          causeText:
            t.cause.type === 'event' ? (EVENT_DA[t.cause.eventType] ?? t.cause.eventType) : t.cause.type === 'timer' ? `frist ${t.cause.date}` : 'sagens start',
          ...(t.basis ? { basis: t.basis } : {}),
          cause: t.cause.type === 'event' ? t.cause.eventType : t.cause.type === 'timer' ? `timer:${t.cause.date}` : 'start',
          ...(t.cause.type === 'event' && t.cause.actor ? { actor: t.cause.actor } : {}),
        })),
      };
    },
  );

  const listHandler = async (request: { params: { list: (typeof WORKLISTS)[number] }; query: z.infer<typeof worklistQuery> }) => {
    const { from, to, reason, customer } = request.query;
    return withTemporal(() =>
      worklist(client, request.params.list, {
        today: today(),
        taskQueue: options.taskQueue,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(reason ? { reason } : {}),
        ...(customer ? { customerId: customer } : {}),
      }),
    );
  };

  api.get(
    '/worklist/:list',
    {
      schema: {
        tags: ['pages'],
        summary: "An operator's list: attention, failed, overdue, cutoffs or due",
        description:
          '`attention`: open cases with open attention reasons, each with its Danish text and the action that clears it; `failed`: runs that failed, timed out or were terminated — unpaid-invoice cases, owner-liability cases and requested disconnections — with the failure type and how to recover them; `overdue`: the grid’s report is overdue; `cutoffs`: cut-offs from `from` to `to` (default today); `due`: next steps due from `from` to `to` (default today). Version 1 cases appear from their caseView.',
        params: worklistParams,
        querystring: worklistQuery,
        response: { 200: worklistSchema.describe('The list'), ...problems },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      if (from && to && to < from) {
        return reply.code(422).send({ error: 'invalid-request', message: '1 invalid field: query.to', issues: [{ in: 'query', path: 'to', message: 'must not be before from' }] });
      }
      return listHandler(request);
    },
  );

  api.get(
    '/worklist/:list/csv',
    {
      schema: {
        tags: ['pages'],
        summary: 'The same list as CSV (RFC 4180, header row; the attention list has a row per reason)',
        params: worklistParams,
        querystring: worklistQuery,
        response: { 200: z.string().describe('The list as CSV'), ...problems },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      if (from && to && to < from) {
        return reply.code(422).type('application/json; charset=utf-8').send({ error: 'invalid-request', message: '1 invalid field: query.to', issues: [{ in: 'query', path: 'to', message: 'must not be before from' }] });
      }
      const list = await listHandler(request);
      reply.type('text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="afbryd-${list.list}-${today()}.csv"`);
      return worklistCsv(list);
    },
  );
}

/**
 * The billing API's routes for owner liability (BEK §25) and requested disconnections (D12), as a
 * Fastify plugin registered by `app.ts` (its bearer tokens, value-free validation, logging and error
 * handling apply):
 *
 *   POST /owner-liability-cases              start an owner-liability case (201), or find it (200); 409 another is open
 *   GET  /owner-liability-cases/:id          the case: stage, deadline, the day the owner is bound, timeline with legal basis
 *   POST /owner-liability-cases/:id/events   deliver an event → applied / duplicate / rejected
 *   POST /disconnection-requests             start a requested disconnection (201), or find it (200); 422 refused
 *   GET  /disconnection-requests/:id         the case: cut-off (and why it was moved), request, timeline
 *   POST /disconnection-requests/:id/events  deliver an event → applied / duplicate / rejected
 *
 * `:id` is the workflow id: `owner-<GSRN>-<ownerId>` or `disconnect-<GSRN>-<requestId>` (`id` in the
 * answer of the POST). Separate routes rather than `POST /cases` with a `kind`: the three kinds take
 * different facts, and each route's schema and OpenAPI entry say exactly what it takes.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DISCONNECT_CASE_ID_PATTERN,
  OTHER_CASE_STAGES,
  OWNER_CASE_ID_PATTERN,
  OwnerCaseConflictError,
  deliverOwnerLiabilityEvent,
  deliverRequestedDisconnectionEvent,
  otherCaseDocument,
  ownerLiabilityEventSchema,
  readOtherCase,
  requestedDisconnectionEventSchema,
  startOwnerLiability,
  startOwnerLiabilityBodySchema,
  startRequestedDisconnection,
  startRequestedDisconnectionBodySchema,
  type OtherCaseKind,
} from '../owner-cases.js';
import { PERSONAL_DATA_MESSAGE, idLooksLikePersonalData } from '../personal-data.js';
import { ownerLiabilityEventOutcomeQuery, type OwnerLiabilityEvent } from '../../workflows/owner-liability/definitions.js';
import { requestedDisconnectionEventOutcomeQuery, type RequestedDisconnectionEvent } from '../../workflows/requested-disconnection/definitions.js';
import { recordedBeforeClose } from '../cases.js';
import { issuesResponseSchema, refusal, refusalResponseSchema } from './schemas.js';

/** Any reply (whatever the route's types). */
type AnyReply = { code(status: number): AnyReply; type(contentType: string): AnyReply; send(payload: unknown): AnyReply };

/** Options of {@link ownerRoutes}. */
export interface OwnerRoutesOptions {
  client: Client;
  /** The task queue new cases run on. */
  taskQueue: string;
  /** How long a request may wait for Temporal before it answers 503. @default 15000 */
  temporalTimeoutMs?: number;
}

const problems = {
  400: issuesResponseSchema.describe('A body that cannot be read (not JSON, empty). Nothing was started or delivered.'),
  401: issuesResponseSchema.describe('No bearer token, or an unknown one'),
  403: issuesResponseSchema.describe("The token's role may not use this route or send this event type (`x-roles`, `x-event-roles`)"),
  404: issuesResponseSchema.describe('No such case'),
  409: refusalResponseSchema.describe("The case's state refuses the event (`refused-by-case`, with the reason), the case is closed, or another case is open for the same metering point and owner"),
  422: issuesResponseSchema.describe('Invalid content: `issues` names every invalid field (never its value). Nothing was started or delivered.'),
  503: issuesResponseSchema.describe('Temporal or the case worker did not answer in time; retrying is safe (same messageId / same request)'),
};

const idParams = (pattern: RegExp, shape: string) =>
  z
    .object({
      id: z
        .string()
        .regex(pattern, `must be a case id: ${shape}`)
        .superRefine((v, ctx) => {
          if (pattern.test(v) && idLooksLikePersonalData(v.replace(/^[a-z]+-\d{18}-/, ''))) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PERSONAL_DATA_MESSAGE });
        })
        .describe(`The workflow id ${shape}, returned by the POST as \`id\``),
    })
    .strict();

const ownerParams = idParams(OWNER_CASE_ID_PATTERN, 'owner-<18-digit GSRN>-<ownerId>');
const disconnectParams = idParams(DISCONNECT_CASE_ID_PATTERN, 'disconnect-<18-digit GSRN>-<requestId>');

const startResponseSchema = z.object({
  status: z
    .enum(['started', 'existing-open', 'existing-closed', 'existing-failed'])
    .describe('started (201); existing-open / existing-closed: this case exists already (200); existing-failed: it exists, but its workflow failed or was terminated — nothing was started (200)'),
  ended: z.object({ status: z.string(), failureType: z.string().optional() }).optional().describe('With existing-failed only: how the run ended and, for a failure, its type'),
  id: z.string().describe('The workflow id, for GET …/:id'),
  caseId: z.string().describe('The case id (idempotency keys; the letters print the short case number instead)'),
  runId: z.string().optional(),
  url: z.string(),
});

const refusedResponseSchema = issuesResponseSchema.extend({
  error: z.string().describe('refused: the requester may not ask; invalid-request: invalid content'),
  message: z.string().describe('Why the request may not be made, e.g. "use owner liability: …"'),
  basis: z.string().optional().describe('The legal basis (refused)'),
});

const timelineSchema = z.array(
  z.object({
    at: z.string(),
    what: z.string(),
    basis: z.string().optional().describe('The legal basis of the date or step'),
    cause: z.object({ type: z.enum(['start', 'timer', 'event']), date: z.string().optional(), messageId: z.string().optional(), actor: z.string().optional(), eventType: z.string().optional() }),
    facts: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
);
const dated = z.object({ date: z.string(), basis: z.string() });
const requestSchema = z
  .object({
    flag: z.enum(['D12', 'D13']),
    messageId: z.string(),
    transactionId: z.string(),
    processId: z.string().optional(),
    sentDate: z.string(),
    cutoff: z.string(),
    cutoffBasis: z.string(),
    windowDeadline: z.string(),
    windowDeadlineBasis: z.string(),
    reportBy: z.string(),
    overdueFrom: z.string(),
    status: z.string(),
    overdue: z.boolean().optional(),
    circumstancesPending: z
      .array(z.string())
      .optional()
      .describe('From release 0.6.9: the special circumstance (agreed-with-customer = D12, other = D13) still to send as RSM-020 in the end-of-supply process, once DataHub confirms it'),
    circumstancesSent: z
      .array(z.object({ serviceType: z.string(), messageId: z.string(), status: z.enum(['accepted', 'rejected']), code: z.string().optional() }))
      .optional()
      .describe('From release 0.6.9: what DataHub answered to the RSM-020 RequestService D12/D13 sent in the process'),
  })
  .describe('The DataHub request: an end of supply with D12 (agreed with the customer) or D13 (the owner could not be reached) — on RSM-005 itself before release 0.6.9, as RSM-020 in its process once DataHub confirms it after');

const commonView = {
  id: z.string(),
  runId: z.string(),
  status: z.string().describe('The workflow status: RUNNING, COMPLETED, …'),
  caseId: z.string(),
  meteringPointId: z.string(),
  meterKind: z.string().optional(),
  stage: z.enum(OTHER_CASE_STAGES as [string, ...string[]]),
  next: z.object({ step: z.string(), date: z.string().optional(), basis: z.string().optional(), waitingFor: z.string().optional() }).optional(),
  request: requestSchema.optional(),
  disconnected: z.object({ date: z.string(), messageId: z.string() }).optional(),
  needsAttention: z.boolean(),
  attention: z
    .array(z.object({ code: z.string(), detail: z.string(), since: z.string(), ref: z.string().optional() }))
    .optional()
    .describe('Why the case needs an operator: open reasons, each with its code from the catalogue (workflows/shared/attention.ts)'),
  closed: z.object({ reason: z.string(), at: z.string() }).optional(),
  timeline: timelineSchema,
  settingsVersion: z.string().optional(),
};

const letterSchema = z.object({ kind: z.string(), letterId: z.string(), channel: z.string(), sentDate: z.string(), receivedDate: z.string(), contentHash: z.string() });

const ownerViewSchema = z.object({
  ...commonView,
  letters: z.array(letterSchema).describe("The owner's letters as sent: channel, dates, content hash (the text is in the evidence archive)"),
  productId: z.string().optional().describe('The product of the contract sent (BEK §25 stk. 5)'),
  noticeExample: z.object({ noticeGiven: z.string(), endsAtLatest: dated }).optional(),
  disconnectionGround: z.object({ ground: z.enum(['owner-asked', 'owner-unreachable']), basis: z.string(), messageId: z.string() }).optional(),
  kind: z.literal('owner-liability'),
  ownerId: z.string(),
  terminatedAgreementId: z.string(),
  agreementEnd: z.string(),
  ownerClass: z.string(),
  deadline: dated.optional().describe("The owner's deadline: ≥ 5 hverdage from the letter's receipt (BEK §25 stk. 3)"),
  boundFrom: dated.optional().describe('The first day the owner is bound by the contract, unless a new agreement is made first (BEK §25 stk. 3, 6)'),
  earliestDisconnection: z
    .object({ askBy: z.string(), cutoff: dated, windowDeadline: dated, payment: z.string() })
    .optional()
    .describe('The earliest disconnection the owner was told of, and that consumption is paid until it (BEK §25 stk. 4, 7)'),
  contactAttempts: z.array(z.object({ date: z.string(), channel: z.string(), messageId: z.string(), actor: z.string().optional() })),
  unreachable: z.object({ met: z.boolean(), basis: z.string(), missing: z.array(z.string()) }).optional(),
  binding: z.object({ bound: z.boolean(), from: z.string().optional(), basis: z.string() }).optional(),
});

const requestedViewSchema = z.object({
  ...commonView,
  kind: z.literal('requested-disconnection'),
  requestId: z.string(),
  customerId: z.string(),
  requesterRole: z.string(),
  ownerId: z.string().optional().describe('The owner of the property, when the requester is not the owner'),
  ownerConsentId: z.string().optional().describe("The reference of the owner's recorded consent"),
  requester: z.object({ allowed: z.boolean(), basis: z.string(), reason: z.string().optional() }).optional().describe('Why the requester may ask, or why not'),
  customerClass: z.string(),
  wantedDate: z.string(),
  cutoff: dated.extend({ moved: z.string().optional().describe('Why the cut-off is not the date chosen') }).optional(),
  sendOn: dated.optional(),
  reopening: z.object({ requestedOn: z.string(), expected: dated.extend({ from: z.string(), to: z.string() }), status: z.string() }).optional(),
});

const eventResponseSchema = z.object({
  messageId: z.string(),
  outcome: z.enum(['applied', 'duplicate', 'rejected']),
  reason: z.string().optional(),
  stage: z.string(),
});

/** Registers the routes of owner liability and requested disconnections. */
export async function ownerRoutes(instance: FastifyInstance, options: OwnerRoutesOptions): Promise<void> {
  const { client, taskQueue } = options;
  const timeoutMs = options.temporalTimeoutMs ?? 15_000;
  const api = instance.withTypeProvider<ZodTypeProvider>();
  const withTemporal = <T>(fn: () => Promise<T>): Promise<T> => client.withDeadline(Date.now() + timeoutMs, fn);
  /** Answers a problem, whatever the route's response types (as app.ts does). */
  const send = (reply: unknown, status: number, body: Record<string, unknown>): never =>
    (reply as AnyReply).code(status).type('application/json; charset=utf-8').send(body) as never;

  /** Delivers an event; a closed case answers 409, except to a message it recorded before it closed (`recorded`): a duplicate. */
  async function deliver(kind: OtherCaseKind, id: string, deliverTo: () => Promise<unknown>, reply: unknown, recorded: () => Promise<unknown>): Promise<never> {
    return withTemporal(async (): Promise<never> => {
      try {
        const outcome = (await deliverTo()) as { outcome: string; reason?: string };
        if (outcome.outcome === 'rejected') return send(reply, 409, refusal(outcome));
        return outcome as never;
      } catch (err) {
        if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
        const description = await client.workflow.getHandle(id).describe();
        if (description.status.name !== 'RUNNING') {
          // A retry of the message that closed it (its answer lost) is a duplicate, not a refusal.
          const first = await recorded();
          if (first) return first as never;
          return send(reply, 409, { error: 'case-closed', message: `the ${kind} case is closed (${description.status.name.toLowerCase()})` });
        }
        throw err;
      }
    });
  }

  // ----- owner liability

  api.post(
    '/owner-liability-cases',
    {
      schema: {
        tags: ['owner-liability'],
        summary: "Start an owner-liability case: a customer's own termination left the metering point without an agreement (BEK §25)",
        description:
          "The owner's letter goes out without undue delay with the deadline (≥ 5 hverdage from receipt), a contract on a marketed product's terms, the day the owner is bound " +
          "(the later of the deadline's end and the end of the terminated agreement) and the earliest possible disconnection. Not for the supplier's own termination for unmet security. " +
          'Idempotent by workflow id `owner-<GSRN>-<ownerId>`: the same terminated agreement answers its case (200); another agreement while a case is open is 409.',
        body: startOwnerLiabilityBodySchema,
        response: { 201: startResponseSchema.describe('Started (Location: its URL)'), 200: startResponseSchema.describe('The case exists already'), ...problems },
      },
    },
    async (request, reply) => {
      let result;
      try {
        result = await withTemporal(() => startOwnerLiability(client, request.body, { taskQueue }));
      } catch (err) {
        if (err instanceof OwnerCaseConflictError) return send(reply, 409, { error: 'conflict', message: err.message });
        throw err;
      }
      const url = `/owner-liability-cases/${encodeURIComponent(result.workflowId)}`;
      if (result.status === 'started') reply.code(201).header('location', url);
      else reply.code(200);
      return { status: result.status as 'started' | 'existing-open' | 'existing-closed' | 'existing-failed', id: result.workflowId, caseId: result.caseId, ...(result.runId ? { runId: result.runId } : {}), ...(result.ended ? { ended: result.ended } : {}), url };
    },
  );

  api.get(
    '/owner-liability-cases/:id',
    {
      schema: {
        tags: ['owner-liability'],
        summary: 'An owner-liability case: stage, deadline, the day the owner is bound, the earliest disconnection, timeline with legal basis and cause',
        params: ownerParams,
        response: { 200: ownerViewSchema.describe('The case'), ...problems },
      },
    },
    async (request) => otherCaseDocument(await withTemporal(() => readOtherCase(client, request.params.id, 'owner-liability'))) as never,
  );

  api.post(
    '/owner-liability-cases/:id/events',
    {
      schema: {
        tags: ['owner-liability'],
        summary: 'Deliver an event: a new agreement, the owner asks for disconnection, an attempt to reach the owner, a disconnection without acceptance, DataHub’s answer',
        description:
          'Answers 200 with what became of the event: applied, duplicate (the messageId was seen before) or rejected with the reason — e.g. `ownerUnreachableDisconnection` ' +
          "before the recorded attempts meet the setting's minimum (BEK §25 stk. 8). The event's actor is the bearer token's actor. A closed case answers 409.",
        params: ownerParams,
        body: ownerLiabilityEventSchema,
        response: { 200: eventResponseSchema.describe('What became of the event'), ...problems },
      },
    },
    async (request, reply) => {
      const handle = client.workflow.getHandle(request.params.id);
      const event = { ...(request.body as object), actor: request.actor } as OwnerLiabilityEvent;
      return deliver('owner-liability', request.params.id, () => deliverOwnerLiabilityEvent(handle, event), reply, () => recordedBeforeClose(handle, event.messageId, ownerLiabilityEventOutcomeQuery));
    },
  );

  // ----- requested disconnection

  api.post(
    '/disconnection-requests',
    {
      schema: {
        tags: ['requested-disconnection'],
        summary: 'Start a disconnection the customer or the owner asks for (an end of supply flagged D12, agreed with the customer)',
        description:
          "The requester is the owner, or a customer with the owner's recorded consent (`ownerConsentId`); a tenant moving out is refused (422) with " +
          '"use owner liability". The cut-off is the date chosen, or — if the grid does not disconnect the class that day, or it is earlier than 3 working days ahead — ' +
          'the next possible day, with the reason in the case (`cutoff.moved`). Idempotent by workflow id `disconnect-<GSRN>-<requestId>`.',
        body: startRequestedDisconnectionBodySchema,
        response: {
          201: startResponseSchema.describe('Started (Location: its URL)'),
          200: startResponseSchema.describe('The request exists already'),
          ...problems,
          422: refusedResponseSchema.describe('The requester may not ask (`error: refused`, with the basis), or invalid content (`issues` names every invalid field); nothing was started'),
        },
      },
    },
    async (request, reply) => {
      const result = await withTemporal(() => startRequestedDisconnection(client, request.body, { taskQueue }));
      if (result.status === 'refused') return send(reply, 422, { error: 'refused', message: result.reason ?? 'refused', basis: result.basis ?? '' });
      const url = `/disconnection-requests/${encodeURIComponent(result.workflowId)}`;
      if (result.status === 'started') reply.code(201).header('location', url);
      else reply.code(200);
      return { status: result.status, id: result.workflowId, caseId: result.caseId, ...(result.runId ? { runId: result.runId } : {}), ...(result.ended ? { ended: result.ended } : {}), url };
    },
  );

  api.get(
    '/disconnection-requests/:id',
    {
      schema: {
        tags: ['requested-disconnection'],
        summary: 'A requested disconnection: cut-off (and why it was moved), request, grid window, reopening, timeline with legal basis',
        params: disconnectParams,
        response: { 200: requestedViewSchema.describe('The case'), ...problems },
      },
    },
    async (request) => otherCaseDocument(await withTemporal(() => readOtherCase(client, request.params.id, 'requested-disconnection'))) as never,
  );

  api.post(
    '/disconnection-requests/:id/events',
    {
      schema: {
        tags: ['requested-disconnection'],
        summary: 'Deliver an event: cancellation, reopening, an operator closing the case, DataHub’s answer',
        description: "Answers 200 with applied or duplicate; 409 `refused-by-case` with the reason when the case refuses it; 422 for invalid content. The event's actor is the bearer token's actor. A closed case answers 409.",
        params: disconnectParams,
        body: requestedDisconnectionEventSchema,
        response: { 200: eventResponseSchema.describe('What became of the event'), ...problems },
      },
    },
    async (request, reply) => {
      const handle = client.workflow.getHandle(request.params.id);
      const event = { ...(request.body as object), actor: request.actor } as RequestedDisconnectionEvent;
      return deliver('requested-disconnection', request.params.id, () => deliverRequestedDisconnectionEvent(handle, event), reply, () => recordedBeforeClose(handle, event.messageId, requestedDisconnectionEventOutcomeQuery));
    },
  );
}

/**
 * Starting, reading and delivering events to the owner-liability cases (BEK §25) and requested
 * disconnections, for the doors (billing API: `api/owner-routes.ts`; CLI: `cli/owner.ts`), with the zod
 * schemas of what a caller may send (strict, ids and facts only, value-free messages: see
 * `api/schemas.ts`).
 *
 * Workflow ids: `owner-<GSRN>-<ownerId>` (one open owner-liability case per metering point and owner) and
 * `disconnect-<GSRN>-<requestId>` (the caller's id of the request). Starting is idempotent by workflow id.
 */
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import {
  CONTACT_CHANNELS,
  CUSTOMER_CLASSES,
  CHANNELS,
  METER_KINDS,
  REQUESTER_ROLES,
  checkRequester,
  isIsoDate,
  type Channel,
  type CustomerClass,
  type MeterKind,
  type RequesterRole,
} from '../rules/index.js';
import {
  OWNER_LIABILITY_CASE_KIND,
  OWNER_LIABILITY_STAGES,
  OWNER_LIABILITY_WORKFLOW_TYPE,
  ownerLiabilityViewQuery,
  ownerLiabilityWorkflowId,
  submitOwnerLiabilityEventUpdate,
  type EventOutcome,
  type OwnerLiabilityEvent,
  type OwnerLiabilityInput,
  type OwnerLiabilityView,
} from '../workflows/owner-liability/definitions.js';
import {
  REQUESTED_DISCONNECTION_CASE_KIND,
  REQUESTED_DISCONNECTION_STAGES,
  REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
  requestedDisconnectionViewQuery,
  requestedDisconnectionWorkflowId,
  submitRequestedDisconnectionEventUpdate,
  type RequestedDisconnectionEvent,
  type RequestedDisconnectionInput,
  type RequestedDisconnectionView,
} from '../workflows/requested-disconnection/definitions.js';
import { DATE_YEARS, customerIdSchema, dataHubEventSchemas, meteringPointIdSchema } from './api/schemas.js';
import { endOfRun } from './cases.js';
import { ATTENTION, type AttentionCode } from '../workflows/shared/attention.js';
import { PERSONAL_DATA_MESSAGE, idLooksLikePersonalData, looksLikePersonalData } from './personal-data.js';

// ---------------------------------------------------------------------------------------------
// Building blocks (as in api/schemas.ts)

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

const id = (what: string) =>
  z
    .string()
    .regex(ID_PATTERN, 'must be an id: 1-64 letters, digits or . _ : / - (no spaces), starting with a letter or digit')
    .superRefine((v, ctx) => {
      if (ID_PATTERN.test(v) && idLooksLikePersonalData(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PERSONAL_DATA_MESSAGE });
    })
    .describe(what);

const freeText = (max: number, what: string) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !looksLikePersonalData(v), { message: PERSONAL_DATA_MESSAGE })
    .describe(what);

const isoDate = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    .superRefine((value, ctx) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
      if (!isIsoDate(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a real calendar date written YYYY-MM-DD' });
      else if (Number(value.slice(0, 4)) < DATE_YEARS.first || Number(value.slice(0, 4)) > DATE_YEARS.last) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be in the years ${DATE_YEARS.first}-${DATE_YEARS.last}` });
      }
    })
    .describe(`${what} (YYYY-MM-DD, Danish local date)`);

const choice = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

const messageId = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 printable characters without spaces')
  // As api/schemas.ts: a message id is recorded in the case's timeline, so no CPR number, e-mail or phone number.
  .superRefine((v, ctx) => {
    if (/^[\x21-\x7e]{1,200}$/.test(v) && idLooksLikePersonalData(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PERSONAL_DATA_MESSAGE });
  })
  .describe('Unique per message from its sender: a second message with the same id is a duplicate');

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) =>
  z.object({ type: z.literal(type), messageId, ...shape }).strict().describe(description);

type DataHubSchema = (typeof dataHubEventSchemas)[number];
/** The DataHub event schemas of these types (the main case's, shared). */
function dataHubSchemas(types: readonly string[]): DataHubSchema[] {
  return dataHubEventSchemas.filter((s) => types.includes(s.shape.type.value));
}

// ---------------------------------------------------------------------------------------------
// Owner liability

/** `POST /owner-liability-cases`: a customer's own termination left the metering point without an agreement. */
export const startOwnerLiabilityBodySchema = z
  .object({
    meteringPointId: meteringPointIdSchema,
    ownerId: customerIdSchema.describe("The owner of the property: an id in the customer registry (never a name or CPR number)"),
    terminatedAgreementId: id('The supply agreement the customer terminated (not one the supplier terminated for unmet security)'),
    agreementEnd: isoDate('The last day the terminated agreement covers'),
    ownerClass: choice<CustomerClass>(CUSTOMER_CLASSES).optional().describe("The owner's class: the letter's voice and the disconnection days (default household)"),
    meterKind: choice<MeterKind>(METER_KINDS).optional().describe('By settlement; unset: looked up in DataHub'),
    preferredChannel: choice<Channel>(CHANNELS).optional().describe("The channel the owner's letter goes on first (default digital)"),
  })
  .strict();
export type StartOwnerLiabilityRequest = z.infer<typeof startOwnerLiabilityBodySchema>;

/** `acknowledgeAttention`, the same for both kinds (workflows/shared/attention.ts). */
function acknowledgeAttentionSchema() {
  return event(
    'acknowledgeAttention',
    {
      code: z.enum(Object.keys(ATTENTION) as [AttentionCode, ...AttentionCode[]]),
      ref: id('Which reason of that code (its message or step id), when the case has several').optional(),
      note: freeText(500, 'How it was dealt with; no personal data'),
    },
    'An operator has dealt with an attention reason outside the case: it is removed',
  );
}

/** Events to an owner-liability case (its actor comes from the bearer token). */
export const ownerLiabilityEventSchema = z.discriminatedUnion('type', [
  event(
    'agreementSigned',
    {
      signedBy: z.enum(['owner', 'new-customer', 'other']),
      agreementId: id('The new supply agreement'),
      effectiveFrom: isoDate('From when'),
    },
    'A new supply agreement for the metering point (the owner signed the contract or another, or a new customer signed): the case closes',
  ),
  event('ownerAskedForDisconnection', {}, 'The owner asks for the supply to be disconnected (BEK §25 stk. 4): forwarded to DataHub at once (D12)'),
  event(
    'contactAttemptRecorded',
    {
      date: isoDate('The day of the attempt (not in the future)'),
      channel: choice(CONTACT_CHANNELS),
      note: freeText(500, 'What happened (no answer, returned, …); no personal data').optional(),
    },
    'An operator records an attempt to reach the owner (BEK §25 stk. 8)',
  ),
  event(
    'ownerUnreachableDisconnection',
    { note: freeText(500, 'A short note; no personal data').optional() },
    "Request the disconnection without the owner's acceptance (BEK §25 stk. 8): rejected until the recorded attempts meet the setting's minimum",
  ),
  event('retryStep', {}, "Retry the owner's letter after fixing what stopped it"),
  event(
    'agreementEndConflict',
    { plannedCutoff: isoDate('The cut-off the case planned'), note: freeText(500, 'A short note; no personal data').optional() },
    "The disconnection the case planned is before the day after the terminated agreement ends (BEK §25 stk. 6–7): opens an attention reason (the one-off check of release 0.6.1)",
  ),
  acknowledgeAttentionSchema(),
  event(
    'caseCancelled',
    { reason: z.enum(['termination-withdrawn', 'opened-in-error', 'other']), note: freeText(500, 'A short note; no personal data').optional() },
    'An operator cancels the case',
  ),
  ...dataHubSchemas(['requestConfirmed', 'requestRejected', 'disconnected', 'notDisconnected', 'supplierSwitched', 'endOfSupplyCancelled']),
] as unknown as [ReturnType<typeof event>, ...ReturnType<typeof event>[]]);
export type OwnerLiabilityApiEvent = Omit<OwnerLiabilityEvent, 'actor'>;

/** `owner-<GSRN>-<ownerId>`. */
export const OWNER_CASE_ID_PATTERN = /^owner-\d{18}-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What became of a start request. */
export interface StartOtherCaseResult {
  /**
   * - `started`: a new case;
   * - `existing-open` / `existing-closed`: this case exists already (nothing changed);
   * - `existing-failed`: this case exists, but its workflow failed (e.g. a metering point without
   *   master data: `UnknownMeteringPoint`) or was terminated; nothing was started (issue 16 item 8);
   * - `refused`: the request may not be made (requested disconnection: a tenant moving out, no owner's consent); nothing was started.
   */
  status: 'started' | 'existing-open' | 'existing-closed' | 'existing-failed' | 'refused';
  workflowId: string;
  runId?: string;
  caseId: string;
  /** With `existing-failed`: how the run ended and, for a failure, its type. */
  ended?: { status: string; failureType?: string };
  /** Why it was refused, and the basis. */
  reason?: string;
  basis?: string;
}

/** An owner-liability case is open for the metering point and owner, about another terminated agreement. */
export class OwnerCaseConflictError extends Error {
  override readonly name = 'OwnerCaseConflictError';
}

/**
 * Starts an owner-liability case, idempotently by workflow id `owner-<GSRN>-<ownerId>`: the same
 * terminated agreement answers its case (open or closed); another agreement while a case is open is a
 * conflict ({@link OwnerCaseConflictError}); after a closed case, a new run starts.
 */
export async function startOwnerLiability(
  client: Client,
  request: StartOwnerLiabilityRequest,
  options: { taskQueue: string },
): Promise<StartOtherCaseResult> {
  const workflowId = ownerLiabilityWorkflowId(request.meteringPointId, request.ownerId);
  const caseId = `${request.meteringPointId}-${request.ownerId}-${request.terminatedAgreementId}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = client.workflow.getHandle(workflowId);
    try {
      const description = await existing.describe();
      const view = await existing.query(ownerLiabilityViewQuery);
      const running = description.status.name === 'RUNNING';
      if (view.terminatedAgreementId === request.terminatedAgreementId) {
        const ended = running ? undefined : await endOfRun(client, workflowId, description.runId, description.status.name);
        if (ended) return { status: 'existing-failed', workflowId, runId: description.runId, caseId: view.caseId, ended };
        return { status: running ? 'existing-open' : 'existing-closed', workflowId, runId: description.runId, caseId: view.caseId };
      }
      if (running) {
        throw new OwnerCaseConflictError(`an owner-liability case for this metering point and owner is open (case ${view.caseId}); it must close first`);
      }
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const input: OwnerLiabilityInput = {
      caseId,
      meteringPointId: request.meteringPointId,
      ownerId: request.ownerId,
      terminatedAgreementId: request.terminatedAgreementId,
      agreementEnd: request.agreementEnd,
      ...(request.ownerClass ? { ownerClass: request.ownerClass } : {}),
      ...(request.meterKind ? { meterKind: request.meterKind } : {}),
      ...(request.preferredChannel ? { preferredChannel: request.preferredChannel } : {}),
    };
    try {
      const handle = await client.workflow.start(OWNER_LIABILITY_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: options.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        staticSummary: `Owner liability (BEK §25, ${request.ownerClass ?? 'household'} owner)`,
      });
      return { status: 'started', workflowId, runId: handle.firstExecutionRunId, caseId };
    } catch (err) {
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    }
  }
  throw Object.assign(new Error(`could not start or find the case ${workflowId}: it changed three times while trying`), { name: 'CaseStartConflictError' });
}

// ---------------------------------------------------------------------------------------------
// Requested disconnection

/** `POST /disconnection-requests`: a customer or owner asks for the supply to be disconnected. */
export const startRequestedDisconnectionBodySchema = z
  .object({
    requestId: id('Your id of the request: a retried request with the same id finds the same case'),
    meteringPointId: meteringPointIdSchema,
    customerId: customerIdSchema.describe('The customer of the metering point who asks'),
    requesterRole: choice<RequesterRole>(REQUESTER_ROLES).describe(
      'owner (the owner is the customer, e.g. a holiday home); customer (not the owner: needs ownerConsentId); tenant-moving-out (refused: the owner-liability case applies)',
    ),
    ownerId: customerIdSchema.optional().describe('The owner of the property, when the requester is not the owner'),
    ownerConsentId: id("The reference of the owner's recorded consent (a document id)").optional(),
    customerClass: choice<CustomerClass>(CUSTOMER_CLASSES),
    meterKind: choice<MeterKind>(METER_KINDS).optional().describe('By settlement; unset: looked up in DataHub'),
    wantedDate: isoDate('The day the requester wants the supply disconnected (moved to the next possible day if the rules do not allow it)'),
  })
  .strict();
export type StartRequestedDisconnectionRequest = z.infer<typeof startRequestedDisconnectionBodySchema>;

/** Events to a requested disconnection. */
export const requestedDisconnectionEventSchema = z.discriminatedUnion('type', [
  event('cancellationRequested', {}, 'The requester cancels the disconnection (before it happens): the DataHub request is cancelled'),
  event('reopeningRequested', {}, 'The requester asks for the reopening after the disconnection'),
  event('caseClosed', { note: freeText(500, 'A short note; no personal data').optional() }, 'An operator closes the case'),
  acknowledgeAttentionSchema(),
  ...dataHubSchemas(['requestConfirmed', 'requestRejected', 'disconnected', 'notDisconnected', 'reopened', 'notReopened', 'endOfSupplyCancelled', 'supplierSwitched']),
] as unknown as [ReturnType<typeof event>, ...ReturnType<typeof event>[]]);
export type RequestedDisconnectionApiEvent = Omit<RequestedDisconnectionEvent, 'actor'>;

/** `disconnect-<GSRN>-<requestId>`. */
export const DISCONNECT_CASE_ID_PATTERN = /^disconnect-\d{18}-[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

/**
 * Starts a requested disconnection, idempotently by workflow id `disconnect-<GSRN>-<requestId>`. Who
 * asks is checked first (`rules/owner.ts: checkRequester`, the same rule the workflow applies): a tenant
 * moving out or a customer without the owner's consent is `refused` and nothing is started.
 */
export async function startRequestedDisconnection(
  client: Client,
  request: StartRequestedDisconnectionRequest,
  options: { taskQueue: string },
): Promise<StartOtherCaseResult> {
  const workflowId = requestedDisconnectionWorkflowId(request.meteringPointId, request.requestId);
  const caseId = `${request.meteringPointId}-${request.requestId}`;
  const check = checkRequester({ role: request.requesterRole, ...(request.ownerConsentId ? { ownerConsentId: request.ownerConsentId } : {}) });
  if (!check.allowed) return { status: 'refused', workflowId, caseId, reason: check.reason, basis: check.basis };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const description = await client.workflow.getHandle(workflowId).describe();
      const ended = await endOfRun(client, workflowId, description.runId, description.status.name);
      if (ended) return { status: 'existing-failed', workflowId, runId: description.runId, caseId, ended };
      return { status: description.status.name === 'RUNNING' ? 'existing-open' : 'existing-closed', workflowId, runId: description.runId, caseId };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const input: RequestedDisconnectionInput = {
      caseId,
      requestId: request.requestId,
      meteringPointId: request.meteringPointId,
      customerId: request.customerId,
      requesterRole: request.requesterRole,
      ...(request.ownerId ? { ownerId: request.ownerId } : {}),
      ...(request.ownerConsentId ? { ownerConsentId: request.ownerConsentId } : {}),
      customerClass: request.customerClass,
      ...(request.meterKind ? { meterKind: request.meterKind } : {}),
      wantedDate: request.wantedDate,
    };
    try {
      const handle = await client.workflow.start(REQUESTED_DISCONNECTION_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: options.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        staticSummary: `Requested disconnection (D12, ${request.customerClass})`,
      });
      return { status: 'started', workflowId, runId: handle.firstExecutionRunId, caseId };
    } catch (err) {
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    }
  }
  throw Object.assign(new Error(`could not start or find the case ${workflowId}: it changed three times while trying`), { name: 'CaseStartConflictError' });
}

// ---------------------------------------------------------------------------------------------
// Reading and events (both kinds)

/** The two kinds of case this module serves. */
export type OtherCaseKind = typeof OWNER_LIABILITY_CASE_KIND | typeof REQUESTED_DISCONNECTION_CASE_KIND;

/** A case as the doors show it: the latest run of its workflow id and its `caseView`. */
export type OtherCaseRead =
  | { kind: typeof OWNER_LIABILITY_CASE_KIND; workflowId: string; runId: string; status: string; view: OwnerLiabilityView }
  | { kind: typeof REQUESTED_DISCONNECTION_CASE_KIND; workflowId: string; runId: string; status: string; view: RequestedDisconnectionView };

const TYPE_OF_KIND: Record<OtherCaseKind, string> = {
  'owner-liability': OWNER_LIABILITY_WORKFLOW_TYPE,
  'requested-disconnection': REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
};

/** The kind of case a workflow id names, by its prefix, or undefined. */
export function kindOfId(workflowId: string): OtherCaseKind | undefined {
  if (OWNER_CASE_ID_PATTERN.test(workflowId)) return 'owner-liability';
  if (DISCONNECT_CASE_ID_PATTERN.test(workflowId)) return 'requested-disconnection';
  return undefined;
}

/**
 * Reads an owner-liability case or a requested disconnection (the latest run of its id) through its
 * `caseView` query. A closed case is answered too, while Temporal keeps its history.
 * @throws WorkflowNotFoundError for an unknown id, or a workflow of another type
 */
export async function readOtherCase(client: Client, workflowId: string, kind: OtherCaseKind): Promise<OtherCaseRead> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  if (description.type !== TYPE_OF_KIND[kind]) throw new WorkflowNotFoundError(`not a ${kind} case`, workflowId, description.runId);
  const base = { workflowId, runId: description.runId, status: description.status.name };
  return kind === 'owner-liability'
    ? { ...base, kind, view: await handle.query(ownerLiabilityViewQuery) }
    : { ...base, kind, view: await handle.query(requestedDisconnectionViewQuery) };
}

/** A case as the doors answer it: ids and status, the view, the settings snapshot reduced to its version id. */
export function otherCaseDocument(read: OtherCaseRead): Record<string, unknown> {
  const { settings, ...rest } = read.view as OwnerLiabilityView | RequestedDisconnectionView;
  return { id: read.workflowId, runId: read.runId, status: read.status, ...rest, ...(settings ? { settingsVersion: settings.versionId } : {}) };
}

/** An open owner-liability case whose planned disconnection is before the day after its agreement ends. */
export interface AgreementEndConflict {
  workflowId: string;
  agreementEnd: string;
  /** The cut-off planned: the pending request's, or the one offered in the owner's letter. */
  plannedCutoff: string;
  /** Where it was planned. */
  plannedIn: 'request' | 'letter';
  /** What the delivery answered (with `apply`): applied, or duplicate when flagged before. */
  outcome?: string;
}

/**
 * The disconnection an owner-liability case plans, if it is before the day after the terminated
 * agreement ends: the pending request's cut-off, or — no request yet — the one offered in the owner's
 * letter. A request the grid carried out, was rejected or cancelled plans nothing.
 */
export function plannedBeforeAgreementEnd(
  view: Pick<OwnerLiabilityView, 'agreementEnd' | 'request' | 'earliestDisconnection'>,
): { plannedCutoff: string; plannedIn: 'request' | 'letter' } | undefined {
  const pending = view.request !== undefined && ['sent', 'confirmed', 'not-disconnected'].includes(view.request.status);
  const planned = pending
    ? { plannedCutoff: view.request!.cutoff, plannedIn: 'request' as const }
    : !view.request && view.earliestDisconnection
      ? { plannedCutoff: view.earliestDisconnection.cutoff.date, plannedIn: 'letter' as const }
      : undefined;
  return planned && planned.plannedCutoff <= view.agreementEnd ? planned : undefined;
}

/**
 * The one-off check of release 0.6.1 (issue 15, item 1): finds the open owner-liability cases that planned
 * a disconnection before the day after the terminated agreement ends — runs started before 0.6.1, which
 * keep their old dates — and, with `apply`, opens the attention reason `owner-cutoff-before-agreement-end`
 * on each (event `agreementEndConflict`, message id `agreement-end-check:<cut-off>`: a second run
 * answers duplicate). Cases whose request the grid has already carried out are not listed.
 */
export async function checkOwnerCasesAgainstAgreementEnd(client: Client, options: { apply?: boolean; actor?: string } = {}): Promise<AgreementEndConflict[]> {
  const found: AgreementEndConflict[] = [];
  const query = `WorkflowType = '${OWNER_LIABILITY_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
  for await (const execution of client.workflow.list({ query })) {
    const handle = client.workflow.getHandle(execution.workflowId);
    const view = await handle.query(ownerLiabilityViewQuery);
    const planned = plannedBeforeAgreementEnd(view);
    if (!planned) continue;
    const conflict: AgreementEndConflict = { workflowId: execution.workflowId, agreementEnd: view.agreementEnd, ...planned };
    if (options.apply) {
      const outcome = await deliverOwnerLiabilityEvent(handle, {
        messageId: `agreement-end-check:${planned.plannedCutoff}`,
        actor: options.actor ?? 'operator:agreement-end-check',
        type: 'agreementEndConflict',
        plannedCutoff: planned.plannedCutoff,
        note: `found by the one-off check (the ${planned.plannedIn === 'request' ? 'pending request' : "owner's letter"})`,
      });
      conflict.outcome = outcome.outcome;
    }
    found.push(conflict);
  }
  return found;
}

/** Delivers an event to an owner-liability case and returns what became of it. */
export async function deliverOwnerLiabilityEvent(handle: WorkflowHandle, event: OwnerLiabilityEvent): Promise<EventOutcome> {
  return handle.executeUpdate(submitOwnerLiabilityEventUpdate, { args: [event] });
}

/** Delivers an event to a requested disconnection and returns what became of it. */
export async function deliverRequestedDisconnectionEvent(handle: WorkflowHandle, event: RequestedDisconnectionEvent): Promise<EventOutcome> {
  return handle.executeUpdate(submitRequestedDisconnectionEventUpdate, { args: [event] });
}

/** Every stage of both kinds (for the doors' response documents). */
export const OTHER_CASE_STAGES = [...new Set<string>([...OWNER_LIABILITY_STAGES, ...REQUESTED_DISCONNECTION_STAGES])];

// The schemas must cover the workflows' events exactly: a new event type there fails the type check here.
type Missing<Want, Have> = Exclude<Want, Have>;
type OwnerSchemaTypes = 'agreementSigned' | 'ownerAskedForDisconnection' | 'contactAttemptRecorded' | 'ownerUnreachableDisconnection' | 'retryStep' | 'acknowledgeAttention' | 'agreementEndConflict' | 'caseCancelled' | 'requestConfirmed' | 'requestRejected' | 'disconnected' | 'notDisconnected' | 'supplierSwitched' | 'endOfSupplyCancelled';
type RequestedSchemaTypes = 'cancellationRequested' | 'reopeningRequested' | 'caseClosed' | 'acknowledgeAttention' | 'requestConfirmed' | 'requestRejected' | 'disconnected' | 'notDisconnected' | 'reopened' | 'notReopened' | 'endOfSupplyCancelled' | 'supplierSwitched';
const coversOwner: [Missing<OwnerLiabilityEvent['type'], OwnerSchemaTypes>] extends [never] ? true : false = true;
const coversRequested: [Missing<RequestedDisconnectionEvent['type'], RequestedSchemaTypes>] extends [never] ? true : false = true;
void coversOwner;
void coversRequested;
/** The event types each schema accepts (checked against the schemas in the tests). */
export const OWNER_EVENT_TYPES: readonly OwnerSchemaTypes[] = [
  'agreementSigned',
  'ownerAskedForDisconnection',
  'contactAttemptRecorded',
  'ownerUnreachableDisconnection',
  'retryStep',
  'acknowledgeAttention',
  'agreementEndConflict',
  'caseCancelled',
  'requestConfirmed',
  'requestRejected',
  'disconnected',
  'notDisconnected',
  'supplierSwitched',
  'endOfSupplyCancelled',
];
export const REQUESTED_EVENT_TYPES: readonly RequestedSchemaTypes[] = [
  'cancellationRequested',
  'reopeningRequested',
  'caseClosed',
  'acknowledgeAttention',
  'requestConfirmed',
  'requestRejected',
  'disconnected',
  'notDisconnected',
  'reopened',
  'notReopened',
  'endOfSupplyCancelled',
  'supplierSwitched',
];

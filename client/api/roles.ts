/**
 * Who may do what: the one table of the billing API's roles (issue 17 item 1). A token's actor names
 * its role by its prefix (`config/api.ts`: {@link ROLES}, {@link roleOfActor}); this file says, for
 * every route, the roles that may use it, and for every event type of each events route, the roles
 * that may send it. `app.ts` enforces it (403 with one line) and shows it in the OpenAPI document
 * (`x-roles` on each operation, `x-event-roles` on each events route, and a line in each
 * description). A route without a row is refused when it is registered; an event type without a row
 * fails the type check.
 *
 * The principles: reading is open to every human role (the auditor only reads); billing starts cases
 * and registers what billing knows (payments, agreements, a complaint or appeal filed) but never lifts
 * a hold (`release`, a complaint resolved, an appeal decided) and never touches an operator's work
 * (holds, attention, retries, tasks); customer service reads and registers what a customer says
 * (a complaint, an appeal, an owner asking for the disconnection, a requester cancelling); DataHub's
 * facts come from DataHub's adapter (`datahub`) or an operator.
 */
import { ROLES, roleOfActor, type Role } from '../../config/api.js';
import type { AuthorityEvent, BillingEvent, OperatorEvent, OperatorExceptionEvent } from '../../workflows/case/definitions.js';
import type { OwnerLiabilityEventType } from '../../workflows/owner-liability/definitions.js';
import type { RequestedDisconnectionEventType } from '../../workflows/requested-disconnection/definitions.js';

export { ROLES, roleOfActor, type Role };

const READERS = ['operator', 'billing', 'customer-service', 'auditor'] as const satisfies readonly Role[];
const BILLING = ['operator', 'billing'] as const satisfies readonly Role[];
const BILLING_AND_CS = ['operator', 'billing', 'customer-service'] as const satisfies readonly Role[];
const OPERATOR = ['operator'] as const satisfies readonly Role[];
const DATAHUB = ['operator', 'datahub'] as const satisfies readonly Role[];

/** The event types `POST /cases/:id/events` takes. */
type CaseApiEventType = (BillingEvent | OperatorEvent | OperatorExceptionEvent | AuthorityEvent)['type'];

/**
 * Event type → the roles that may send it, per events route. Typed against the workflows' event
 * types: a new event type fails the type check until it has a row. (Issue 15's event "reopening
 * information given by phone" belongs here for `customer-service` once it exists.)
 */
export const EVENT_ROLES = {
  '/cases/:id/events': {
    paymentReceived: BILLING,
    securityProvided: BILLING,
    paymentArrangementAgreed: BILLING,
    supplyAgreementSigned: BILLING,
    customerMoved: BILLING,
    invoiceMissed: BILLING,
    complaintFiled: BILLING_AND_CS,
    appealFiled: BILLING_AND_CS,
    // Resolving a complaint or an appeal against the customer lifts its hold: an operator's decision.
    complaintResolved: OPERATOR,
    appealDecided: OPERATOR,
    hold: OPERATOR,
    release: OPERATOR,
    retryStep: OPERATOR,
    // RULES 11: moving a case on below the minimum arrears is an operator's decision (release 0.6.10).
    proceedBelowMinimum: OPERATOR,
    dataHubOutageMarked: OPERATOR,
    dataHubOutageCleared: OPERATOR,
    taskDone: OPERATOR,
    acknowledgeAttention: OPERATOR,
    // RULES 11: customer service records that it gave the reopening information by phone.
    reopeningInformationGiven: ['operator', 'customer-service'],
    authorityAnswered: OPERATOR,
    courtScheduled: OPERATOR,
  } satisfies Record<CaseApiEventType, readonly Role[]>,
  '/owner-liability-cases/:id/events': {
    agreementSigned: BILLING,
    ownerAskedForDisconnection: BILLING_AND_CS,
    contactAttemptRecorded: ['operator', 'customer-service'],
    ownerUnreachableDisconnection: OPERATOR,
    retryStep: OPERATOR,
    agreementEndConflict: OPERATOR,
    acknowledgeAttention: OPERATOR,
    caseCancelled: OPERATOR,
    requestConfirmed: DATAHUB,
    requestRejected: DATAHUB,
    disconnected: DATAHUB,
    notDisconnected: DATAHUB,
    supplierSwitched: DATAHUB,
    endOfSupplyCancelled: DATAHUB,
  } satisfies Record<OwnerLiabilityEventType, readonly Role[]>,
  '/disconnection-requests/:id/events': {
    cancellationRequested: BILLING_AND_CS,
    reopeningRequested: BILLING_AND_CS,
    caseClosed: OPERATOR,
    acknowledgeAttention: OPERATOR,
    requestConfirmed: DATAHUB,
    requestRejected: DATAHUB,
    disconnected: DATAHUB,
    notDisconnected: DATAHUB,
    reopened: DATAHUB,
    notReopened: DATAHUB,
    endOfSupplyCancelled: DATAHUB,
    supplierSwitched: DATAHUB,
  } satisfies Record<RequestedDisconnectionEventType, readonly Role[]>,
} as const;

export type EventsRoute = keyof typeof EVENT_ROLES;

/** The roles of an events route: every role that may send at least one of its event types. */
function eventsRouteRoles(route: EventsRoute): readonly Role[] {
  const roles = new Set<Role>(Object.values(EVENT_ROLES[route]).flat());
  return ROLES.filter((r) => roles.has(r));
}

/**
 * Route (`METHOD url`, as Fastify names it) → the roles that may use it; `public` needs no token.
 * The events routes' roles are those of their event types.
 */
export const ROUTE_ROLES: Readonly<Record<string, readonly Role[] | 'public'>> = {
  'GET /openapi.json': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'POST /cases': BILLING,
  'GET /cases': READERS,
  'POST /cases/retry': OPERATOR,
  'GET /cases/failed': READERS,
  'POST /master-data': BILLING,
  'GET /cases/:id': READERS,
  'POST /cases/:id/events': eventsRouteRoles('/cases/:id/events'),
  'POST /imports': BILLING,
  'POST /owner-liability-cases': BILLING,
  'GET /owner-liability-cases/:id': READERS,
  'POST /owner-liability-cases/:id/events': eventsRouteRoles('/owner-liability-cases/:id/events'),
  'POST /disconnection-requests': BILLING,
  'GET /disconnection-requests/:id': READERS,
  'POST /disconnection-requests/:id/events': eventsRouteRoles('/disconnection-requests/:id/events'),
  // The pages (client/api/pages.ts): public static assets with no data in them; every piece of data
  // is behind the token-checked JSON routes below.
  'GET /sag': 'public',
  'GET /arbejdsliste': 'public',
  'GET /ui/app.js': 'public',
  'GET /ui/app.css': 'public',
  'GET /session': ROLES,
  'GET /search': READERS,
  'GET /cases/:id/answer': READERS,
  'GET /worklist/:list': READERS,
  'GET /worklist/:list/csv': READERS,
};

/** The key of a route in {@link ROUTE_ROLES}. */
export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** The event-type table of an events route, if it is one. */
export function eventRolesOf(url: string): Readonly<Record<string, readonly Role[]>> | undefined {
  return Object.hasOwn(EVENT_ROLES, url) ? (EVENT_ROLES[url as EventsRoute] as Readonly<Record<string, readonly Role[]>>) : undefined;
}

/** The one line a denied request gets (names the role, what it tried and who may). */
export function deniedMessage(role: Role, what: string, allowed: readonly Role[]): string {
  return `the role ${role} may not ${what}; allowed: ${allowed.join(', ')}`;
}

/** One line for an OpenAPI description: who may use the route. */
export function rolesLine(roles: readonly Role[] | 'public'): string {
  return roles === 'public' ? 'Roles: no token needed.' : `Roles: ${roles.join(', ')}.`;
}

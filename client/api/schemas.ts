/**
 * The billing API's zod schemas: what a caller may send (strict: an unknown field is an error) and,
 * for the OpenAPI document, what it gets back. The CLI validates with the same schemas.
 *
 * Messages never contain the value that was sent (it may be personal data): {@link safeErrorMap}
 * words every issue from its code alone, and every message written here names the rule, not the input.
 */
import { z } from 'zod';
import {
  CHANNELS,
  CUSTOMER_CLASSES,
  HOLIDAY_TABLE_FIRST_YEAR,
  HOLIDAY_TABLE_LAST_YEAR,
  METER_KINDS,
  isIsoDate,
  type Channel,
  type CustomerClass,
  type MeterKind,
} from '../../rules/index.js';
import {
  ATTENTION,
  STAGES,
  type AttentionCode,
  type AuthorityEvent,
  type BillingEvent,
  type DataHubEvent,
  type GridChargeEvent,
  type OperatorEvent,
  type OperatorExceptionEvent,
} from '../../workflows/case/definitions.js';
import { PERSONAL_DATA_MESSAGE, idLooksLikePersonalData, looksLikePersonalData } from '../personal-data.js';

// ---------------------------------------------------------------------------------------------
// Value-free messages

/**
 * A zod error map whose messages name the rule broken, never the value sent. Pass it to every parse
 * of caller input (`schema.safeParse(x, { errorMap: safeErrorMap })`); messages written on a check
 * (`.regex(re, 'message')`) take precedence and must be value-free too.
 */
export const safeErrorMap: z.ZodErrorMap = (issue) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' ? 'is required' : `must be ${article(issue.expected)}, not ${article(issue.received)}` };
    case z.ZodIssueCode.invalid_literal:
      return { message: `must be ${JSON.stringify(issue.expected)}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `must be one of: ${issue.options.join(', ')}` };
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: `must be one of: ${issue.options.map(String).join(', ')}` };
    case z.ZodIssueCode.invalid_union:
      return { message: 'does not match any allowed shape' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: 'is not a known field' };
    case z.ZodIssueCode.invalid_date:
      return { message: 'must be a valid date' };
    case z.ZodIssueCode.invalid_string:
      return { message: 'has the wrong format' };
    case z.ZodIssueCode.too_small:
      return { message: sizeMessage(issue.type, 'at least', issue.minimum, issue.inclusive, issue.exact) };
    case z.ZodIssueCode.too_big:
      return { message: sizeMessage(issue.type, 'at most', issue.maximum, issue.inclusive, issue.exact) };
    case z.ZodIssueCode.not_multiple_of:
      return { message: `must be a multiple of ${String(issue.multipleOf)}` };
    case z.ZodIssueCode.not_finite:
      return { message: 'must be a finite number' };
    default:
      return { message: 'is invalid' };
  }
};

function article(type: string): string {
  if (type === 'null' || type === 'undefined' || type === 'nan') return type;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function sizeMessage(type: string, bound: 'at least' | 'at most', limit: number | bigint | Date, inclusive: boolean, exact?: boolean): string {
  const n = typeof limit === 'object' ? limit.toISOString() : String(limit);
  const how = exact ? 'exactly' : inclusive ? bound : bound === 'at least' ? 'more than' : 'less than';
  switch (type) {
    case 'string':
      return `must have ${how} ${n} characters`;
    case 'array':
    case 'set':
      return `must have ${how} ${n} items`;
    default:
      return `must be ${how} ${n}`;
  }
}

/** One invalid field: where it is and what is wrong, without the value sent. */
export interface FieldIssue {
  /** `body`, `params` or `querystring`. */
  in: string;
  /** Dotted path, e.g. `invoices.0.dueDate`; empty for the whole part. */
  path: string;
  message: string;
}

/** Names an unknown field only if it looks like a field name; anything else might be data. */
function fieldName(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) && !/\d{6}/.test(key) ? key : '(an unknown field)';
}

/** Every issue of a zod error as value-free {@link FieldIssue}s (one per unknown key). */
export function fieldIssues(where: string, error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        const name = fieldName(key);
        out.push({
          in: where,
          path: [...base, name].join('.'),
          message: key === 'actor' && where === 'body' ? 'is set from your bearer token and cannot be sent' : 'is not a known field',
        });
      }
      continue;
    }
    out.push({ in: where, path: base.join('.'), message: issue.message });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** An id from another system (customer, invoice, complaint, appeal, hold). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A CPR number (DDMMYY-SSSS), with or without the hyphen: never an id. */
const CPR_LIKE = /^\d{6}-?\d{4}$/;
/** The largest amount accepted, in øre (10 billion kr). */
export const MAX_AMOUNT_ORE = 1_000_000_000_000;

/** Refuses an id that carries a CPR number, an e-mail address or a phone number (once it has the id's shape). */
const noPersonalDataInId = (shape: RegExp) => (value: string, ctx: z.RefinementCtx) => {
  if (shape.test(value) && idLooksLikePersonalData(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PERSONAL_DATA_MESSAGE });
};

const id = (what: string) =>
  z
    .string()
    .regex(ID_PATTERN, `must be an id: 1-64 letters, digits or . _ : / - (no spaces), starting with a letter or digit`)
    .superRefine(noPersonalDataInId(ID_PATTERN))
    .describe(what);

/**
 * Free text (an operator's note, a ground): refuses what looks like a CPR number, an e-mail address or
 * a phone number. A name cannot be recognised by a pattern: the field says "no personal data".
 */
const freeText = (max: number, what: string, min = 1) =>
  z
    .string()
    .min(min)
    .max(max)
    // Only a text of an allowed length is scanned (the check is linear, but a body may be 64 kB).
    .refine((v) => v.length > max || !looksLikePersonalData(v), { message: PERSONAL_DATA_MESSAGE })
    .describe(what);

/** Dates afbryd can plan with: inside the holiday table, with a year to spare for the steps after. */
export const DATE_YEARS = { first: HOLIDAY_TABLE_FIRST_YEAR, last: HOLIDAY_TABLE_LAST_YEAR - 1 } as const;

const isoDate = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    .superRefine((value, ctx) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return; // reported above
      if (!isIsoDate(value)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a real calendar date written YYYY-MM-DD' });
      } else {
        const year = Number(value.slice(0, 4));
        if (year < DATE_YEARS.first || year > DATE_YEARS.last) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be in the years ${DATE_YEARS.first}-${DATE_YEARS.last}` });
        }
      }
    })
    .describe(`${what} (YYYY-MM-DD, Danish local date, years ${DATE_YEARS.first}-${DATE_YEARS.last})`);

/**
 * An instant from another system's clock (billing's registration of a payment): ISO 8601 with a time zone
 * (`Z` or an offset), e.g. `2027-01-25T07:00:00+01:00`.
 */
const isoInstant = (what: string) =>
  z
    .string()
    .datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, e.g. 2026-06-01T09:30:00+02:00' })
    .describe(`${what} (ISO 8601 instant with Z or an offset)`);

const amountOre = (what: string) =>
  z
    .number()
    .int('must be a whole number of øre')
    .positive('must be more than 0')
    .max(MAX_AMOUNT_ORE, `must be at most ${MAX_AMOUNT_ORE} øre`)
    .describe(`${what}, in øre (integer)`);

const choice = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

export const customerIdSchema = z
  .string()
  .regex(CUSTOMER_ID_PATTERN, 'must be an id: 1-64 letters, digits or . _ - (no spaces), starting with a letter or digit')
  .refine((v) => !CPR_LIKE.test(v), { message: 'must be a customer number, not a CPR number' })
  .superRefine((v, ctx) => {
    if (!CPR_LIKE.test(v)) noPersonalDataInId(CUSTOMER_ID_PATTERN)(v, ctx);
  })
  .describe("The billing system's customer id (an id, never a CPR number or a name)");

export const meteringPointIdSchema = z
  .string()
  .regex(/^\d{18}$/, 'must be exactly 18 digits (a GSRN)')
  .describe('The 18-digit GSRN of the metering point');

export const invoiceSchema = z
  .object({
    invoiceId: id('The invoice id'),
    amountOre: amountOre('The unpaid amount'),
    dueDate: isoDate('The due date'),
    paymentReference: z
      .string()
      .regex(/^[+<>0-9A-Za-z -]{2,40}$/, 'must be 2–40 characters: digits, letters, spaces and + < > -')
      .optional()
      .describe("The invoice's payment reference from the billing system (e.g. an FI reference '+71<…>'); printed in the letters, never built by afbryd"),
  })
  .strict();

const CIRCUMSTANCES = ['municipality', 'police', 'bailiff-court', 'agreed-with-customer', 'other'] as const;

/** `POST /cases`: the facts of a missed payment (ids and facts only, no names or addresses). */
/** A metering point's master data as the doors take it (issue 16 item 8; client/master-data.ts). */
export const masterDataFactsSchema = z
  .object({
    gridCompanyGln: z.string().regex(/^\d{13}$/, 'must be a 13-digit GLN').describe("The grid company's GLN (RSM-022 meteringPointResponsible_MarketParticipant.mRID)"),
    hourlySettled: z.boolean().describe('Hourly-settled (RSM-022 settlementMethod E02): the meter kind is then hourly (RULES 4)'),
    disconnectionMethod: z
      .enum(['remote', 'physical'])
      .optional()
      .describe('How the grid disconnects (RSM-022 disconnectionMethod D01 remote, D02 manual = physical); required unless hourly-settled'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.hourlySettled && !m.disconnectionMethod) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['disconnectionMethod'], message: 'is required unless the point is hourly-settled' });
    }
  });
export type MasterDataFacts = z.infer<typeof masterDataFactsSchema>;

export const startCaseBodySchema = z
  .object({
    customerId: customerIdSchema,
    meteringPointId: meteringPointIdSchema,
    invoices: z.array(invoiceSchema).max(100).describe('The unpaid invoices (at least one, except with withoutArrears)'),
    customerClass: choice<CustomerClass>(CUSTOMER_CLASSES),
    meterKind: choice<MeterKind>(METER_KINDS).optional().describe('By settlement; unset: looked up in DataHub'),
    preferredChannel: choice<Channel>(CHANNELS).optional().describe('The channel letters go on first (default digital)'),
    circumstances: z.array(z.enum(CIRCUMSTANCES)).max(CIRCUMSTANCES.length).optional().describe('Special circumstances (SV 2.3.4)'),
    withoutArrears: z
      .object({ ground: freeText(500, 'Why inability or unwillingness to pay is expected (BEK §26 stk. 1); no personal data') })
      .strict()
      .optional()
      .describe('Households: a security demand without arrears (BEK §27 stk. 1); the ground is printed in the letter, so write it in Danish'),
    compensationEligible: z
      .boolean()
      .optional()
      .describe('Business customers: the agreement is one between businesses (Interest Act §1 stk. 4), so the 310 kr compensation may be charged; unset: not eligible'),
    securityRiskCapOre: amountOre("The supplier's risk in the case (BEK §26 stk. 1): the security is at most this; unset, only the months bound applies").optional(),
    masterData: masterDataFactsSchema
      .optional()
      .describe("The metering point's master data as billing knows it (issue 16 item 8): stored in the master-data store before the case starts; a later RSM-022 replaces it"),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.invoices.length === 0 && !body.withoutArrears) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['invoices'], message: 'must have at least 1 invoice (or give withoutArrears)' });
    }
    if (body.withoutArrears && body.customerClass !== 'household') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['withoutArrears'], message: 'applies to households only (BEK §27 stk. 1)' });
    }
    const seen = new Set<string>();
    body.invoices.forEach((invoice, i) => {
      if (seen.has(invoice.invoiceId)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['invoices', i, 'invoiceId'], message: 'appears twice in the request' });
      }
      seen.add(invoice.invoiceId);
    });
    if (body.circumstances && new Set(body.circumstances).size !== body.circumstances.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['circumstances'], message: 'must not repeat a circumstance' });
    }
  });
export type StartCaseBody = z.infer<typeof startCaseBodySchema>;

// ---------------------------------------------------------------------------------------------
// Events

const MESSAGE_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;
const messageId = z
  .string()
  .regex(MESSAGE_ID_PATTERN, 'must be 1-200 printable characters without spaces')
  .superRefine(noPersonalDataInId(MESSAGE_ID_PATTERN))
  .describe('Unique per message from its sender: a second message with the same id is a duplicate');

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) =>
  z.object({ type: z.literal(type), messageId, ...shape }).strict().describe(description);

/** Events from billing. */
export const billingEventSchemas = [
  event(
    'paymentReceived',
    {
      amountOre: amountOre('The amount paid'),
      registeredAt: isoInstant(
        'When billing registered the payment. A reminder sent after it, whose arrears it covered, has its fee credited (release 0.6.10, RULES 11); unset: the payment counts from when it arrives',
      ).optional(),
    },
    'A payment (partial or in full)',
  ),
  event('securityProvided', { amountOre: amountOre('The security provided') }, 'The customer provided the security demanded'),
  event(
    'paymentArrangementAgreed',
    { arrangement: z.enum(['instalments', 'municipality-guarantee', 'other']) },
    'A payment arrangement was agreed (BEK §26 stk. 3)',
  ),
  event(
    'supplyAgreementSigned',
    { validatedWith: z.enum(['mitid', 'signature', 'other']), effectiveFrom: isoDate('From when') },
    'A new supply agreement was signed',
  ),
  event(
    'complaintFiled',
    { complaintId: id('The complaint id'), note: freeText(500, 'What the complaint is about; no personal data').optional() },
    'A complaint was filed: the case pauses (BEK §32 stk. 2)',
  ),
  event('complaintResolved', { complaintId: id('The complaint id'), upheld: z.boolean() }, 'A complaint was resolved'),
  event('appealFiled', { appealId: id('The appeal id') }, 'An appeal was filed: the case pauses (BEK §33 stk. 3)'),
  event('appealDecided', { appealId: id('The appeal id'), upheld: z.boolean() }, 'An appeal was decided'),
  event('customerMoved', { moveOutDate: isoDate('The move-out date') }, 'The customer moved out: the case closes'),
  event('invoiceMissed', { invoice: invoiceSchema }, 'A further unpaid invoice joins the case'),
] as const;

/** Events from an operator. */
export const operatorEventSchemas = [
  event(
    'hold',
    {
      reason: z.enum(['death', 'bankruptcy', 'welfare-concern', 'investigation', 'other']),
      note: freeText(500, 'A short note for other operators; no personal data').optional(),
    },
    'An operator pauses the case',
  ),
  event('release', { holdId: id('The hold to lift (default: the latest operator hold)').optional() }, 'An operator lifts a hold'),
  event('retryStep', {}, 'An operator retries a step that stopped on a failure (after fixing the data)'),
  event(
    'proceedBelowMinimum',
    { note: freeText(500, 'Why the case is moved on; no personal data') },
    'An operator moves on a case held at the reminders because its arrears are below the minimum for a security demand (RULES 11, securityMinArrearsOre): the security demand goes at once (version 2 cases from release 0.6.10; refused while the case is not held there)',
  ),
  event(
    'dataHubOutageMarked',
    { note: freeText(500, 'A short note; no personal data').optional() },
    'A known DataHub outage: suspends the overdue flag (RULES 4)',
  ),
  event('dataHubOutageCleared', {}, 'The DataHub outage is over'),
  event(
    'taskDone',
    { taskId: id('The operator task'), note: freeText(500, 'A short note; no personal data').optional() },
    'An operator task is done',
  ),
  event(
    'reopeningInformationGiven',
    { note: freeText(500, 'How and when it was given (phone, counter); no personal data').optional() },
    'Customer service gave the customer the reopening information (appliances off, activate the meter) by phone or in person (RULES 11; version 2 cases)',
  ),
  event(
    'acknowledgeAttention',
    {
      code: z.enum(Object.keys(ATTENTION) as [AttentionCode, ...AttentionCode[]]),
      ref: id('Which reason of that code (its message, task or step id), when the case has several').optional(),
      note: freeText(500, 'How it was dealt with; no personal data'),
    },
    'An operator has dealt with an attention reason outside the case: it is removed (version 2 cases)',
  ),
  event(
    'authorityAnswered',
    {
      authority: z.enum(['municipality', 'police']),
      reference: id("The authority's reference").optional(),
      agreedDate: isoDate('The date agreed for the disconnection').optional(),
      agreedTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').optional(),
      note: freeText(500, 'What was agreed, for the grid; no personal data').optional(),
    },
    "The municipality's or the police's answer, with any agreed timing (RULES 5)",
  ),
  event(
    'courtScheduled',
    {
      courtCaseId: id("The bailiff court's case id"),
      meeting: z.enum(['preliminary-meeting', 'enforcement']),
      date: isoDate('The meeting date'),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    },
    'The bailiff court (fogedret) set a meeting or the enforcement',
  ),
] as const;

/** Events from DataHub (the poller's signal; the CLI can send them for an operator). */
export const dataHubEventSchemas = [
  event('requestConfirmed', { processId: id('DataHub process id').optional() }, 'DataHub accepted the request'),
  event(
    'requestRejected',
    {
      code: z.string().regex(/^[A-Z0-9]{2,8}$/, 'must be a DataHub reason code, e.g. E10'),
      text: freeText(500, "DataHub's reason text; no personal data", 0).optional(),
      refersTo: z
        .object({ transactionId: id('Our transaction the rejection refers to').optional(), messageId: id('Our message an RSM-009 acknowledges').optional() })
        .strict()
        .refine((r) => r.transactionId !== undefined || r.messageId !== undefined, 'must name a transactionId or a messageId')
        .optional()
        .describe('Which of our messages DataHub rejects (from release 0.6.12 a rejection of a special circumstance leaves the end of supply standing)'),
    },
    'DataHub rejected the request',
  ),
  event(
    'disconnected',
    {
      date: isoDate('The disconnection date'),
      meterReading: z.object({ value: z.number().nonnegative().max(1e12), unit: z.literal('kWh') }).strict().optional(),
    },
    'The grid disconnected the supply',
  ),
  event(
    'notDisconnected',
    { reason: z.enum(['D41', 'D42', 'D43', 'D44', 'D58']), text: freeText(500, "The grid's reason text; no personal data", 0).optional() },
    'The grid did not disconnect',
  ),
  event('supplierSwitched', { effectiveDate: isoDate('From when') }, 'Another supplier supplies the metering point'),
  event('reopened', { date: isoDate('The reopening date') }, 'The grid reopened the supply'),
  event(
    'notReopened',
    { expectedAt: freeText(40, 'When the grid expects to reopen', 0).optional(), text: freeText(500, "The grid's reason text; no personal data", 0).optional() },
    'The grid could not reopen yet',
  ),
  event('endOfSupplyCancelled', {}, 'DataHub confirmed the cancellation of the request'),
  event(
    'gridCharged',
    {
      chargeKind: z.enum(['late-cancellation', 'futile-visit', 'disconnection', 'reopening']),
      amountOre: amountOre('What the grid charged'),
      date: isoDate('The day of the service charged for'),
      chargeId: id("The grid's id of the charge"),
    },
    "The grid company's charge for a service, forwarded by DataHub (SV 2.4)",
  ),
] as const;

/** `POST /cases/:id/events`: a billing or operator event. Its actor comes from the bearer token. */
export const apiEventSchema = z.discriminatedUnion('type', [...billingEventSchemas, ...operatorEventSchemas]);
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** Any event (the CLI's `case event`). */
export const anyEventSchema = z.discriminatedUnion('type', [...billingEventSchemas, ...operatorEventSchemas, ...dataHubEventSchemas]);
export type AnyEvent = z.infer<typeof anyEventSchema>;

export const DATAHUB_EVENT_TYPES: readonly string[] = dataHubEventSchemas.map((s) => s.shape.type.value);
export const OPERATOR_EVENT_TYPES: readonly string[] = operatorEventSchemas.map((s) => s.shape.type.value);

// The schemas must cover the events of workflows/case/definitions.ts exactly: a new event type there
// fails the type check here until the API (and CLI) accept it.
type WithoutActor<T> = T extends unknown ? Omit<T, 'actor'> : never;
type Missing<Want, Have> = Exclude<Want, Have>;
const coversBillingAndOperator: [
  Missing<(BillingEvent | OperatorEvent | OperatorExceptionEvent | AuthorityEvent)['type'], ApiEvent['type']>,
] extends [never]
  ? true
  : false = true;
const coversDataHub: [Missing<(DataHubEvent | GridChargeEvent)['type'], AnyEvent['type']>] extends [never] ? true : false = true;
void coversBillingAndOperator;
void coversDataHub;
/** Every parsed event is a CaseEvent (less the actor, which the door adds). */
export function asCaseEvent(
  e: AnyEvent,
): WithoutActor<BillingEvent | OperatorEvent | DataHubEvent | OperatorExceptionEvent | AuthorityEvent | GridChargeEvent> {
  return e;
}

// ---------------------------------------------------------------------------------------------
// Params and queries

/** `case-<GSRN>-<customerId>`: the workflow id of the one open case per metering point and customer. */
export const CASE_ID_PATTERN = /^case-\d{18}-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Whether a text is a case id: {@link CASE_ID_PATTERN}, with a customer part the customer id's schema
 * accepts (never a CPR number or other personal data, since ids are logged and answered).
 */
export function isCaseId(text: string): boolean {
  return CASE_ID_PATTERN.test(text) && customerIdSchema.safeParse(text.slice('case-'.length + 18 + 1)).success;
}

export const caseParamsSchema = z
  .object({
    id: z
      .string()
      .regex(CASE_ID_PATTERN, 'must be a case id: case-<18-digit GSRN>-<customerId>')
      .superRefine((v, ctx) => {
        if (CASE_ID_PATTERN.test(v) && !isCaseId(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PERSONAL_DATA_MESSAGE });
      })
      .describe('The case id: the workflow id `case-<GSRN>-<customerId>` returned by POST /cases as `id`'),
  })
  .strict();

export const listQuerySchema = z
  .object({
    stage: z.enum(STAGES).optional().describe('Only cases in this stage (AfbrydStage)'),
    needsAttention: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('Only cases that need (true) or do not need (false) an operator (AfbrydNeedsAttention)'),
    limit: z
      .string()
      .regex(/^(1000|[1-9]\d{0,2})$/, 'must be a whole number from 1 to 1000')
      .transform(Number)
      .optional()
      .describe('At most this many cases, newest first (default 100, at most 1000)'),
    customer: z
      .string()
      .regex(/^[A-Za-z0-9._:@+-]{1,100}$/, 'must be a customer number (letters, digits, . _ : @ + -)')
      .refine((v) => !idLooksLikePersonalData(v), PERSONAL_DATA_MESSAGE)
      .optional()
      .describe("Only this customer's cases (AfbrydCustomerId; older runs by their workflow id)"),
    cutoffFrom: isoDate('Only cases whose cut-off is on or after this Danish day (AfbrydCutoffDay; older runs by AfbrydCutoffDate)').optional(),
    cutoffTo: isoDate('Only cases whose cut-off is on or before this Danish day').optional(),
    attentionReason: z
      .enum(Object.keys(ATTENTION) as [string, ...string[]])
      .optional()
      .describe('Only cases with this open attention reason (AfbrydAttentionReasons; older runs and version 1 by their caseView)'),
    open: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('Only running cases (true)'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Responses (for the OpenAPI document; answers are not checked against them)

export const issuesResponseSchema = z
  .object({
    error: z.string().describe('A short code, e.g. invalid-request, unauthorized, not-found'),
    message: z.string(),
    issues: z
      .array(z.object({ in: z.string(), path: z.string(), message: z.string() }))
      .optional()
      .describe('Every invalid field (never its value)'),
  })
  .describe('An error');

export const startCaseResponseSchema = z.object({
  status: z.enum(['started', 'existing-open', 'existing-closed', 'existing-failed', 'joined']).describe(
    'started (201); existing-open / existing-closed: the invoice is already in that case; existing-failed: the invoice is in a case whose workflow failed (or was terminated) — nothing was started, an operator decides (GET /cases/failed); joined: the invoice joined the open case',
  ),
  id: z.string().describe('The case id for GET /cases/:id (the workflow id)'),
  caseId: z.string().describe('The case id (used in idempotency keys; the letters print the short case number instead: GET /cases/:id/answer `caseNumber`)'),
  runId: z.string(),
  url: z.string(),
  ended: z
    .object({
      status: z.string().describe('How the run ended: FAILED, TERMINATED, TIMED_OUT or CANCELLED'),
      failureType: z.string().optional().describe('For a failure, its type, e.g. UnknownMeteringPoint (no master data, a version 1 case)'),
    })
    .optional()
    .describe('With existing-failed only'),
});

const timelineEntrySchema = z
  .object({
    at: z.string(),
    what: z.string(),
    basis: z.string().optional().describe('The legal basis of the date or step'),
    cause: z
      .object({
        type: z.enum(['start', 'timer', 'event']),
        date: z.string().optional().describe('timer: the date it was due'),
        messageId: z.string().optional(),
        actor: z.string().optional().describe('event: who sent it (from the bearer token for API events)'),
        eventType: z.string().optional(),
      })
      .describe('What caused the step: the start, a timer (its date) or an event'),
    facts: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
  });

const dated = z.object({ date: z.string(), basis: z.string() });

/** A part of the view whose fields are documented in workflows/case/definitions.ts (CaseView); open to new fields. */
const detail = z.object({}).passthrough();

export const caseResponseSchema = z.object({
  id: z.string().describe('The case id (workflow id)'),
  runId: z.string(),
  status: z.string().describe('The workflow status: RUNNING, COMPLETED, …; ARCHIVED when read from the evidence archive'),
  source: z
    .enum(['temporal', 'evidence-archive'])
    .describe('Where the case was read: Temporal, or the evidence archive (a closed case whose history Temporal has dropped)'),
  evidence: z
    .object({ letters: z.number(), dataHubMessages: z.number(), closedAt: z.string(), reason: z.string() })
    .optional()
    .describe('From the evidence archive: how many letters and DataHub messages it holds for the case, and when and why it closed'),
  caseId: z.string(),
  customerId: z.string(),
  meteringPointId: z.string(),
  customerClass: z.string(),
  meterKind: z.string().optional(),
  stage: z.enum(STAGES),
  next: z
    .object({ step: z.string(), date: z.string().optional(), basis: z.string().optional(), waitingFor: z.string().optional() })
    .optional()
    .describe('The next step, its date and legal basis; unset while waiting on an outside party'),
  invoices: z.array(z.object({ invoiceId: z.string(), amountOre: z.number(), dueDate: z.string() })),
  amountDueOre: z.number(),
  letters: z.array(
    z.object({
      kind: z.string(),
      cycle: z.number(),
      letterId: z.string(),
      channel: z.string(),
      sentDate: z.string(),
      receivedDate: z.string(),
      contentHash: z.string(),
    }),
  ),
  securityDeadline: dated.extend({ securityAmountOre: z.number() }).optional(),
  terminationEffective: dated.optional(),
  request: z
    .object({
      kind: z.string(),
      cycle: z.number(),
      messageId: z.string(),
      transactionId: z.string(),
      processId: z.string().optional(),
      sentDate: z.string(),
      cutoff: z.string(),
      cutoffBasis: z.string(),
      windowDeadline: z.string(),
      windowDeadlineBasis: z.string(),
      status: z.string(),
    })
    .optional()
    .describe('The DataHub request'),
  disconnected: z.object({ date: z.string(), meterReading: z.object({ value: z.number(), unit: z.string() }).optional() }).optional(),
  holds: z.array(
    z.object({
      holdId: z.string(),
      kind: z.string(),
      reason: z.string(),
      since: z.string(),
      note: z.string().optional().describe("The operator's note on the hold (no personal data)"),
    }),
  ),
  needsAttention: z.boolean(),
  attention: z
    .array(z.object({ code: z.string(), detail: z.string(), since: z.string(), ref: z.string().optional() }))
    .optional()
    .describe('Why the case needs an operator (version 2 cases): open reasons, each with its code from the catalogue (`acknowledgeAttention` removes one)'),
  closed: z.object({ reason: z.string(), at: z.string() }).optional(),
  timeline: z.array(timelineEntrySchema),
  settingsVersion: z.string().optional().describe('The id of the settings snapshot the case runs on'),
  fees: z
    .array(
      z.object({
        kind: z.string(),
        amountOre: z.number(),
        basis: z.string().describe('The legal or contractual basis'),
        date: z.string(),
        chargeId: z.string(),
        idempotencyKey: z.string(),
        trigger: z.string().optional().describe('The message that caused it, where one did'),
        reminder: z
          .object({ letter: z.string(), sentAt: z.string(), arrearsOre: z.number(), paymentsSeen: z.number() })
          .optional()
          .describe('A reminder fee (release 0.6.10): the letter that charged it, when it was sent, the arrears it stated'),
        credited: z
          .object({ creditId: z.string(), date: z.string(), basis: z.string(), idempotencyKey: z.string(), payments: z.array(z.string()) })
          .optional()
          .describe('Credited back (release 0.6.10, RULES 11): the reminder crossed a payment registered before it was sent; not owed'),
        creditRefused: z
          .object({ date: z.string(), failure: z.string(), taskId: z.string() })
          .optional()
          .describe('Billing refused the credit: an operator task says what to do'),
      }),
    )
    .optional()
    .describe('Fees passed to billing, each once (RULES 8)'),
  refusals: z.array(detail).optional().describe("The grid's refusals (D41–D44, D58) and what followed (RULES 5)"),
  followUps: z.array(detail).optional().describe('New DataHub requests after a refusal'),
  authorityContacts: z.array(detail).optional().describe('The municipality, police or bailiff court involved, with chases'),
  tasks: z.array(detail).optional().describe("Operator tasks (open or done)"),
  gridSla: detail.optional().describe("The grid's report deadline for the window running, and whether the case is overdue (RULES 4)"),
  dataHubOutage: z.object({ since: z.string(), messageId: z.string(), note: z.string().optional() }).optional().describe('A DataHub outage an operator marked'),
  lateCancellation: detail.optional().describe('A cancellation after the 08:00 check: a possible late fee (RULES 2.6)'),
  selfReopening: z
    .object({ disconnectedDate: z.string(), messageId: z.string(), reopenedDate: z.string().optional(), wrongful: z.boolean().optional() })
    .optional()
    .describe('The grid disconnected before our cancellation and reopens by itself'),
  deposit: z.object({ depositId: z.string(), workflowId: z.string(), amountOre: z.number(), receivedDate: z.string() }).optional().describe('The security deposit (BEK §29)'),
});

export const caseListResponseSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      runId: z.string(),
      status: z.string(),
      stage: z.string().optional(),
      customerClass: z.string().optional(),
      meterKind: z.string().optional(),
      needsAttention: z.boolean().optional(),
      cutoffDate: z.string().optional(),
      workflowType: z.string().optional().describe('caseWorkflow (version 1, draining) or caseWorkflowV2'),
      customerId: z.string().optional().describe("The billing system's customer number"),
      meteringPointId: z.string().optional(),
      cutoffDay: z.string().optional().describe('The cut-off as a Danish day (YYYY-MM-DD)'),
      nextStepDay: z.string().optional().describe('The day the next step is due (YYYY-MM-DD)'),
      attentionReasons: z.array(z.string()).optional().describe('The codes of the open attention reasons'),
      overdue: z.boolean().optional().describe("The grid's report is overdue (AfbrydOverdue)"),
      startTime: z.string(),
      closeTime: z.string().optional(),
    }),
  ),
  truncated: z.boolean().describe('More cases matched than `limit`'),
});

export const eventResponseSchema = z.object({
  messageId: z.string(),
  outcome: z.enum(['applied', 'duplicate', 'rejected']),
  reason: z.string().optional(),
  stage: z.enum(STAGES),
  caseId: z.string().optional().describe('The case id (version 2 cases)'),
});

/** 409: the case's state refuses the event (`refused-by-case`, with the outcome), or another conflict (`case-closed`, `conflict`). */
export const refusalResponseSchema = z
  .object({
    error: z.string().describe('refused-by-case: the case refused the event; case-closed; conflict'),
    message: z.string().describe('One line: why'),
    messageId: z.string().optional(),
    outcome: z.literal('rejected').optional(),
    reason: z.string().optional().describe("The case's reason for refusing the event"),
    stage: z.string().optional().describe('The stage the case is in'),
    caseId: z.string().optional(),
  })
  .describe('A conflict');

/** The 409 of an event the case's state refuses: one line, and the outcome as the case answered it. */
export function refusal<O extends { outcome: string; reason?: string }>(outcome: O): { error: string; message: string } & O {
  return { error: 'refused-by-case', message: `the case refused the event: ${outcome.reason ?? 'it does not fit the case now'}`, ...outcome };
}

/**
 * The billing API's doors under bad input (client/api/app.ts + schemas.ts), driven with `app.inject`:
 *
 * - arbitrary JSON bodies, and arbitrary objects whose keys are the schema's own, prototype keys or
 *   anything;
 * - near-miss bodies: a valid start or event body with exactly one field made wrong (a wrong type, an
 *   empty, huge or non-ASCII string, a negative, fractional or huge number, a date such as 2027-02-29,
 *   an unknown field, `__proto__` / `constructor`, a field removed) — the answer must name that field;
 * - bad headers (a garbled or missing bearer token in front of a *valid* body: 401; odd content types);
 * - bad URLs, ids, query strings and methods;
 * - the canary personal data in every field the API reads, the rest of the body valid: refused, and
 *   never echoed in an answer or a log line.
 *
 * Every answer is below 500, a JSON problem (`error`, `message`), and free of the canary; no log line
 * written meanwhile carries the canary. Events go to {@link ApiFuzzTarget.caseId}, an existing case:
 * an event the API wrongly let through would reach it (and, without a worker, time out as a 503).
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { MAX_AMOUNT_ORE, apiEventSchema, startCaseBodySchema } from '../../client/api/schemas.js';
import {
  ownerLiabilityEventSchema,
  requestedDisconnectionEventSchema,
  startOwnerLiabilityBodySchema,
  startRequestedDisconnectionBodySchema,
} from '../../client/owner-cases.js';
import { CHANNELS, CUSTOMER_CLASSES, METER_KINDS, isIsoDate } from '../../rules/index.js';
import { STAGES } from '../../workflows/case/definitions.js';
import { toCsv } from '../../client/import/csv.js';
import { importFileArb } from './csv.js';
import { CANARY, CANARY_KINDS, FuzzViolation, canaryHits, check, named, type CanaryKind, type FuzzStats, type NamedProperty } from './properties.js';

/** What the API properties drive. */
export interface ApiFuzzTarget {
  app: FastifyInstance;
  /** Every line the app logged (the properties read what each request added). */
  logLines: string[];
  stats: FuzzStats;
  tokens: { billing: string; operator: string };
  /** An existing case's id (its metering point is {@link gsrn}): every event is sent to it. */
  caseId: string;
  /** A metering point for start bodies. */
  gsrn: string;
}

// ---------------------------------------------------------------------------------------------
// Field kinds: how a valid value looks and what makes one invalid

type Kind =
  | 'customerId'
  | 'gsrn'
  | 'id'
  | 'messageId'
  | 'amount'
  | 'date'
  | 'time'
  | 'bool'
  | 'note'
  | 'array'
  | 'object'
  | { enum: readonly string[] };

interface FieldSpec {
  kind: Kind;
  required: boolean;
}

const CIRCUMSTANCES = ['municipality', 'police', 'bailiff-court', 'agreed-with-customer', 'other'] as const;

/** The start body's fields, by path (`*` for an array index). */
const START_SPEC: Record<string, FieldSpec> = {
  customerId: { kind: 'customerId', required: true },
  meteringPointId: { kind: 'gsrn', required: true },
  invoices: { kind: 'array', required: true },
  'invoices.*': { kind: 'object', required: true },
  'invoices.*.invoiceId': { kind: 'id', required: true },
  'invoices.*.amountOre': { kind: 'amount', required: true },
  'invoices.*.dueDate': { kind: 'date', required: true },
  customerClass: { kind: { enum: CUSTOMER_CLASSES }, required: true },
  meterKind: { kind: { enum: METER_KINDS }, required: false },
  preferredChannel: { kind: { enum: CHANNELS }, required: false },
  circumstances: { kind: 'array', required: false },
  'circumstances.*': { kind: { enum: CIRCUMSTANCES }, required: true },
  withoutArrears: { kind: 'object', required: false },
  'withoutArrears.ground': { kind: 'note', required: true },
};

const opt = (kind: Kind): FieldSpec => ({ kind, required: false });
const req = (kind: Kind): FieldSpec => ({ kind, required: true });
const invoiceFields = { invoice: req('object'), 'invoice.invoiceId': req('id'), 'invoice.amountOre': req('amount'), 'invoice.dueDate': req('date') };

/** The events the API takes (billing and operator), by type: their fields besides `type` and `messageId`. */
const EVENT_SPECS: Record<string, Record<string, FieldSpec>> = {
  paymentReceived: { amountOre: req('amount') },
  securityProvided: { amountOre: req('amount') },
  paymentArrangementAgreed: { arrangement: req({ enum: ['instalments', 'municipality-guarantee', 'other'] }) },
  supplyAgreementSigned: { validatedWith: req({ enum: ['mitid', 'signature', 'other'] }), effectiveFrom: req('date') },
  complaintFiled: { complaintId: req('id') },
  complaintResolved: { complaintId: req('id'), upheld: req('bool') },
  appealFiled: { appealId: req('id') },
  appealDecided: { appealId: req('id'), upheld: req('bool') },
  customerMoved: { moveOutDate: req('date') },
  invoiceMissed: invoiceFields,
  hold: { reason: req({ enum: ['death', 'bankruptcy', 'welfare-concern', 'investigation', 'other'] }), note: opt('note') },
  release: { holdId: opt('id') },
  retryStep: {},
  proceedBelowMinimum: { note: req('note') },
  dataHubOutageMarked: { note: opt('note') },
  dataHubOutageCleared: {},
  taskDone: { taskId: req('id'), note: opt('note') },
  authorityAnswered: {
    authority: req({ enum: ['municipality', 'police'] }),
    reference: opt('id'),
    agreedDate: opt('date'),
    agreedTime: opt('time'),
    note: opt('note'),
  },
  courtScheduled: { courtCaseId: req('id'), meeting: req({ enum: ['preliminary-meeting', 'enforcement'] }), date: req('date'), time: req('time') },
};
export const API_EVENT_TYPES = Object.keys(EVENT_SPECS);

/** Events of one kind of case: their fields by type, and the door's schema. */
interface EventFamily {
  specs: Record<string, Record<string, FieldSpec>>;
  schema: z.ZodTypeAny;
}
const CASE_EVENTS: EventFamily = { specs: EVENT_SPECS, schema: apiEventSchema };

/** Owner liability (BEK §25): the start and the events (client/owner-cases.ts), as the routes take them. */
const OWNER_START_SPEC: Record<string, FieldSpec> = {
  meteringPointId: req('gsrn'),
  ownerId: req('customerId'),
  terminatedAgreementId: req('id'),
  agreementEnd: req('date'),
  ownerClass: opt({ enum: CUSTOMER_CLASSES }),
  meterKind: opt({ enum: METER_KINDS }),
  preferredChannel: opt({ enum: CHANNELS }),
};
const OWNER_EVENTS: EventFamily = {
  specs: {
    agreementSigned: { signedBy: req({ enum: ['owner', 'new-customer', 'other'] }), agreementId: req('id'), effectiveFrom: req('date') },
    ownerAskedForDisconnection: {},
    contactAttemptRecorded: { date: req('date'), channel: req({ enum: ['letter', 'digital-post', 'email', 'phone', 'sms', 'visit'] }), note: opt('note') },
    ownerUnreachableDisconnection: { note: opt('note') },
    retryStep: {},
    caseCancelled: { reason: req({ enum: ['termination-withdrawn', 'opened-in-error', 'other'] }), note: opt('note') },
  },
  schema: ownerLiabilityEventSchema,
};
/** Requested disconnections (D12). */
const DISCONNECT_START_SPEC: Record<string, FieldSpec> = {
  requestId: req('id'),
  meteringPointId: req('gsrn'),
  customerId: req('customerId'),
  requesterRole: req({ enum: ['owner', 'customer', 'tenant-moving-out'] }),
  ownerId: opt('customerId'),
  ownerConsentId: opt('id'),
  customerClass: req({ enum: CUSTOMER_CLASSES }),
  meterKind: opt({ enum: METER_KINDS }),
  wantedDate: req('date'),
};
const DISCONNECT_EVENTS: EventFamily = {
  specs: { cancellationRequested: {}, reopeningRequested: {}, caseClosed: { note: opt('note') } },
  schema: requestedDisconnectionEventSchema,
};

const noteFields = (family: EventFamily) =>
  Object.entries(family.specs).flatMap(([type, fields]) => Object.entries(fields).filter(([, f]) => f.kind === 'note').map(([k]) => `${type}.${k}`));

/** Free-text fields: the only ones where a name (which no pattern recognises) can pass. */
export const FREE_TEXT_FIELDS = {
  start: ['withoutArrears.ground'],
  events: noteFields(CASE_EVENTS),
  ownerEvents: noteFields(OWNER_EVENTS),
  disconnectionEvents: noteFields(DISCONNECT_EVENTS),
};

const specOf = (spec: Record<string, FieldSpec>, path: string): FieldSpec | undefined => spec[path.replace(/\.\d+(?=\.|$)/g, '.*')];

// ---------------------------------------------------------------------------------------------
// Valid values

const personalFree = (s: string) => !/\d{6}|@|\d{2} \d{2}/.test(s);
const validOf = (kind: Kind): fc.Arbitrary<unknown> => {
  if (typeof kind === 'object') return fc.constantFrom(...kind.enum);
  switch (kind) {
    case 'customerId':
      return fc.stringMatching(/^C-[A-Za-z0-9._-]{1,20}$/).filter(personalFree);
    case 'gsrn':
      return fc.stringMatching(/^57\d{16}$/);
    case 'id':
      return fc.stringMatching(/^[A-Za-z][A-Za-z0-9._:/-]{0,20}$/).filter(personalFree);
    case 'messageId':
      return fc.stringMatching(/^m-[A-Za-z0-9]{1,24}$/);
    case 'amount':
      return fc.integer({ min: 1, max: MAX_AMOUNT_ORE });
    case 'date':
      return fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2058-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    case 'bool':
      return fc.boolean();
    case 'note':
      return fc.stringMatching(/^[a-zæøå][a-zæøå .,;()]{0,80}$/);
    case 'array':
    case 'object':
      throw new Error(`no generic valid ${kind}`);
  }
}

const invoiceArb = fc.record({ invoiceId: validOf('id'), amountOre: validOf('amount'), dueDate: validOf('date') });

/** A valid `POST /cases` body (checked against the schema). */
export const validStartBody = (gsrn: fc.Arbitrary<string>) =>
  fc
    .record(
      {
        customerId: validOf('customerId'),
        meteringPointId: gsrn,
        invoices: fc.uniqueArray(invoiceArb, { minLength: 1, maxLength: 3, selector: (i) => i.invoiceId }),
        customerClass: validOf({ enum: CUSTOMER_CLASSES }),
        meterKind: validOf({ enum: METER_KINDS }),
        preferredChannel: validOf({ enum: CHANNELS }),
        circumstances: fc.uniqueArray(fc.constantFrom(...CIRCUMSTANCES), { minLength: 1, maxLength: 3 }),
        withoutArrears: fc.record({ ground: validOf('note') }),
      },
      { requiredKeys: ['customerId', 'meteringPointId', 'invoices', 'customerClass'] },
    )
    .map((b) => (b.withoutArrears && b.customerClass !== 'household' ? { ...b, customerClass: 'household' as const } : b))
    .filter((b) => startCaseBodySchema.safeParse(b).success) as fc.Arbitrary<Record<string, unknown>>;

/** A valid event body of a type the API takes (checked against the schema). */
export const validEventBody = (family: EventFamily = CASE_EVENTS) =>
  fc
    .constantFrom(...Object.keys(family.specs))
    .chain((type) => {
      const fields = family.specs[type]!;
      const shape: Record<string, fc.Arbitrary<unknown>> = { type: fc.constant(type), messageId: validOf('messageId') };
      const required = ['type', 'messageId'];
      for (const [name, f] of Object.entries(fields)) {
        if (name.includes('.')) continue;
        shape[name] = name === 'invoice' ? invoiceArb : validOf(f.kind);
        if (f.required) required.push(name);
      }
      return fc.record(shape, { requiredKeys: required });
    })
    .filter((e) => family.schema.safeParse(e).success) as fc.Arbitrary<Record<string, unknown>>;

/** A valid body of a flat spec (the owner routes' starts), checked against its schema. */
const validFlatBody = (spec: Record<string, FieldSpec>, schema: z.ZodTypeAny, fixed: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc
    .record(
      Object.fromEntries(Object.entries(spec).map(([k, f]) => [k, fixed[k] ?? validOf(f.kind)])),
      { requiredKeys: Object.entries(spec).filter(([, f]) => f.required).map(([k]) => k) as never[] },
    )
    .filter((b) => schema.safeParse(b).success) as fc.Arbitrary<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Invalid values

/** A raw JSON text put in place of a value (numbers JSON.stringify cannot write, such as 1e400). */
class Raw {
  constructor(readonly text: string) {}
}

const nonStrings = fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, [], {}, ['x'], { value: 'x' });
const nonNumbers = fc.constantFrom<unknown>(null, true, '1', '', [], {}, [1], { value: 1 });
const nonBooleans = fc.constantFrom<unknown>(null, 'true', 'false', 0, 1, '', [], {});
const nonArrays = fc.constantFrom<unknown>(null, true, 0, 'x', '', {}, { 0: 'x' });
const nonObjects = fc.constantFrom<unknown>(null, true, 0, 'x', '', [], [{}]);
const huge = fc.integer({ min: 501, max: 80_000 }).chain((n) => fc.constantFrom('x', 'Æ', '9', ' ').map((c) => c.repeat(n)));
const nonAscii = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => /[^\x00-\x7f]/.test(s));
const canaryText = fc.constantFrom(CANARY.cpr, CANARY.email, CANARY.phone);

/** Dates that are not real, not in the years afbryd plans with (2000-2059), or not written YYYY-MM-DD. */
const badDate = fc.oneof(
  fc.constantFrom(
    '2027-02-29',
    '2100-02-29',
    '2027-02-30',
    '2027-04-31',
    '2027-13-01',
    '2027-00-10',
    '2027-01-00',
    '2027-01-32',
    '1999-12-31',
    '2060-01-01',
    '0000-01-01',
    '9999-12-31',
    '27-01-01',
    '2027-1-1',
    '2027/01/01',
    '20270101',
    ' 2027-01-01',
    '2027-01-01 ',
    '2027-01-01T00:00:00Z',
    '２０２７-０１-０１',
    '2027-01-01\n',
  ),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
    .filter((s) => !isIsoDate(s) || Number(s.slice(0, 4)) < 2000 || Number(s.slice(0, 4)) > 2059),
);

/** Values that are wrong for a field of the kind (each is refused by the schema on its own). */
const invalidOf = (kind: Kind): fc.Arbitrary<unknown> => {
  const stringish = (specific: fc.Arbitrary<unknown>[]) => fc.oneof(nonStrings, fc.constant(''), huge, nonAscii, ...specific);
  if (typeof kind === 'object') {
    return stringish([
      fc.string({ maxLength: 20 }).filter((s) => !kind.enum.includes(s)),
      fc.constantFrom(...kind.enum).map((v) => v.toUpperCase()),
      fc.constantFrom(...kind.enum).map((v) => ` ${v}`),
    ]);
  }
  switch (kind) {
    case 'customerId':
      return stringish([
        fc.constantFrom(' C-1', 'C 1', '-C1', 'C@1', '0101901234', '010190-1234', 'C-010190-1234', 'C-004512345678', 'c'.repeat(65), 'C-1\u0000', '../C-1'),
        canaryText,
      ]);
    case 'gsrn':
      return stringish([
        fc.stringMatching(/^\d{17}$/),
        fc.stringMatching(/^\d{19}$/),
        fc.stringMatching(/^\d{9}[A-Za-z ]\d{8}$/),
        fc.constantFrom(' 571313100000000017', '５７１３１３１０００００００００１７', '571313100000000017\n'),
        fc.constantFrom(new Raw('571313100000000017'), new Raw('5.71313100000000017e17')),
      ]);
    case 'id':
      return stringish([fc.constantFrom(' x', 'a b', '-a', '.a', 'a'.repeat(65), 'a\n', 'a\u0000b', 'INV-010190-1234', 'x@example.dk', 'a"b', "a'b"), canaryText]);
    case 'messageId':
      return stringish([fc.constantFrom('a b', 'm'.repeat(201), 'm\t1', 'm-010190-1234', '+4512345678', 'm\u007f'), canaryText]);
    case 'amount':
      return fc.oneof(
        nonNumbers,
        fc.integer({ max: 0 }),
        fc.integer({ min: 0, max: 1_000_000 }).map((n) => n + 0.5),
        fc.double({ min: MAX_AMOUNT_ORE + 1, max: 1e300, noNaN: true }),
        fc.constantFrom(new Raw('1e400'), new Raw('-1e400'), new Raw('1000000000000.5'), new Raw('0.1'), new Raw('-0'), new Raw('1e-400')),
      );
    case 'date':
      return fc.oneof(nonStrings, fc.constant(''), nonAscii, badDate, canaryText);
    case 'time':
      return stringish([fc.constantFrom('24:00', '12:60', '1:00', '12:00:00', '12-00', 'noon', '23:59 ', '-1:00'), canaryText]);
    case 'bool':
      return nonBooleans;
    case 'note':
      return fc.oneof(nonStrings, fc.constant(''), huge, canaryText, canaryText.map((c) => `ring til ${c} i morgen`));
    case 'array':
      return nonArrays;
    case 'object':
      return nonObjects;
  }
};

// ---------------------------------------------------------------------------------------------
// Near misses: one field made wrong

interface Mutation {
  /** Where (dotted path, '' for the root); what the answer must name. */
  path: string;
  /** The object the field is in ('' for the root). */
  parent: string;
  how: 'replace' | 'remove' | 'extra' | 'proto';
}

const parentOf = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');

/** Every path of a body, with the object or array each lives in. */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.push(p, ...pathsOf(v, p));
  }
  return out;
}

function objectPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const here = Array.isArray(value) ? [] : [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [...here, ...entries.flatMap(([k, v]) => objectPaths(v, prefix ? `${prefix}.${k}` : k))];
}

function setAt(root: Record<string, unknown>, path: string, value: unknown, remove = false): Record<string, unknown> {
  const copy = structuredClone(root);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
}

function getAt(root: unknown, path: string): unknown {
  if (!path) return root;
  return path.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], root);
}

/** JSON text of a body with its Raw values and a `__proto__` slot written out. */
function jsonText(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_k, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `__RAW_${raws.length - 1}__`;
    }
    return v;
  });
  return text
    .replace(/"__RAW_(\d+)__"/g, (_m, i: string) => raws[Number(i)]!)
    .replace(/"__PROTO_SLOT__":"(\w+)"/g, (_m, which: string) =>
      which === 'proto' ? '"__proto__":{"polluted":"yes"}' : '"constructor":{"prototype":{"polluted":"yes"}}',
    );
}

const KNOWN_KEYS = new Set(['type', 'messageId', 'actor', ...Object.keys(START_SPEC).flatMap((k) => k.split('.')), ...Object.values(EVENT_SPECS).flatMap((f) => Object.keys(f).flatMap((k) => k.split('.')))]);
const extraKey = fc.oneof(
  fc.constantFrom('prototype', 'constructor', 'toString', 'hasOwnProperty', 'cpr', 'email', 'name', 'admin', '$where', 'customerID', 'Type', ''),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
).filter((k) => !KNOWN_KEYS.has(k) && k !== '__proto__');

/**
 * A near-miss of a valid body: one mutation, and the path the answer must name (undefined when the
 * body parser refuses it before validation, e.g. `__proto__`).
 */
function nearMiss(valid: fc.Arbitrary<Record<string, unknown>>, specOfPath: (body: Record<string, unknown>, path: string) => FieldSpec | undefined) {
  return valid.chain((body) => {
    const leaves = pathsOf(body).filter((p) => specOfPath(body, p) !== undefined);
    const options: fc.Arbitrary<{ text: string; mutation: Mutation; body: unknown }>[] = [];
    // Replace a field by a wrong value of its kind.
    options.push(
      fc.constantFrom(...leaves).chain((path) =>
        invalidOf(specOfPath(body, path)!.kind)
          // An empty array for the invoices is fine with withoutArrears; an empty object for withoutArrears is not.
          .map((value) => ({ body: setAt(body, path, value), mutation: { path, parent: parentOf(path), how: 'replace' as const } })),
      ).map((m) => ({ ...m, text: jsonText(m.body) })),
    );
    // Remove a required field.
    const removable = leaves.filter((p) => specOfPath(body, p)!.required && !/\.\d+$/.test(p));
    if (removable.length > 0) {
      options.push(fc.constantFrom(...removable).map((path) => {
        const b = setAt(body, path, undefined, true);
        return { body: b, text: jsonText(b), mutation: { path, parent: parentOf(path), how: 'remove' as const } };
      }));
    }
    // An unknown field, anywhere an object is.
    options.push(
      fc.tuple(fc.constantFrom(...objectPaths(body)), extraKey, fc.jsonValue({ maxDepth: 2 })).map(([at, key, value]) => {
        const b = structuredClone(body);
        Object.defineProperty(getAt(b, at) as object, key, { value, enumerable: true, writable: true, configurable: true });
        return { body: b, text: jsonText(b), mutation: { path: at ? `${at}.${key}` : key, parent: at, how: 'extra' as const } };
      }),
    );
    // Prototype pollution keys, anywhere an object is.
    options.push(
      fc.tuple(fc.constantFrom(...objectPaths(body)), fc.constantFrom('proto', 'constructor')).map(([at, which]) => {
        const b = at ? setAt(body, `${at}.__PROTO_SLOT__`, which) : { __PROTO_SLOT__: which, ...body };
        return { body: b, text: jsonText(b), mutation: { path: at, parent: at, how: 'proto' as const } };
      }),
    );
    return fc.oneof(...options);
  });
}

const startNearMiss = (gsrn: string) =>
  nearMiss(validStartBody(fc.constant(gsrn)), (_b, path) => {
    const s = specOf(START_SPEC, path);
    // An empty list of invoices is valid with withoutArrears: never removed or emptied here.
    return s;
  });

const eventNearMiss = (family: EventFamily = CASE_EVENTS) =>
  nearMiss(validEventBody(family), (body, path) => {
    if (path === 'type') return req({ enum: Object.keys(family.specs) });
    if (path === 'messageId') return req('messageId');
    return specOf(family.specs[body.type as string] ?? {}, path);
  });

// ---------------------------------------------------------------------------------------------
// Sending, and what every answer must be

interface Sent {
  status: number;
  body: string;
  json: { error?: unknown; message?: unknown; issues?: Array<{ in: string; path: string; message: string }> } | undefined;
}

/**
 * Sends a request, counts it, and checks what holds for any input: no 5xx, a JSON problem for a 4xx,
 * no canary in the answer (body or headers) or in the log lines written meanwhile.
 */
async function send(
  t: ApiFuzzTarget,
  door: string,
  request: { method: string; url: string; headers?: Record<string, string>; body?: string },
): Promise<Sent> {
  const before = t.logLines.length;
  let res;
  try {
    res = await t.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers ?? {},
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
  } catch (err) {
    check(t.stats, door, false, `inject threw for ${request.method} ${request.url.slice(0, 100)}: ${(err as Error).message}`);
  }
  t.stats.status(door, res.statusCode);
  check(t.stats, door, res.statusCode < 500, `${request.method} ${request.url.slice(0, 100)} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  let json: Sent['json'];
  if (res.statusCode >= 400 && request.method !== 'HEAD') {
    try {
      json = JSON.parse(res.body) as Sent['json'];
    } catch {
      json = undefined;
    }
    check(t.stats, door, typeof json?.error === 'string' && typeof json.message === 'string', `a ${res.statusCode} that is not a JSON problem: ${res.body.slice(0, 200)}`);
    check(t.stats, door, res.body.length < 20_000, `a ${res.statusCode} answer of ${res.body.length} characters`);
  }
  check(t.stats, door, !('polluted' in {}), 'Object.prototype was polluted');
  const answerHits = canaryHits(res.body + JSON.stringify(res.headers));
  check(t.stats, door, answerHits.length === 0, `the answer carries ${answerHits.join(', ')}`, 'canary');
  const logged = t.logLines.slice(before).join('\n');
  const logHits = canaryHits(logged);
  check(t.stats, door, logHits.length === 0, `the log carries ${logHits.join(', ')}`, 'canary');
  for (const line of t.logLines.slice(before)) {
    // The format's level is a label (ops/log.ts); pino's number is read too (the negative controls' stand-ins).
    const level = (JSON.parse(line) as { level?: number | string }).level ?? 0;
    check(t.stats, door, typeof level === 'number' ? level < 50 : level !== 'error' && level !== 'fatal', `an error was logged: ${line.slice(0, 300)}`);
  }
  return { status: res.statusCode, body: res.body, json };
}

/** Whether the answer names the field of a mutation (itself, a field inside it, or the object holding it). */
function namesField(sent: Sent, mutation: Mutation): boolean {
  const paths = (sent.json?.issues ?? []).map((i) => i.path);
  const parent = mutation.parent;
  return paths.some(
    (p) =>
      p === mutation.path ||
      p.startsWith(`${mutation.path}.`) ||
      (mutation.how === 'extra' && p === (parent ? `${parent}.(an unknown field)` : '(an unknown field)')) ||
      (mutation.how !== 'extra' && mutation.path.startsWith(`${p}.`)),
  );
}

const json = { 'content-type': 'application/json' };

/**
 * Whether the body parser refuses the text before validation (so no field is named): a `__proto__`
 * key, or a `constructor` with a `prototype` (Fastify's protoAction/constructorAction), anywhere —
 * an unknown field's generated value may hold one too.
 */
const refusedByParser = (text: string, mutation: Mutation) => mutation.how === 'proto' || text.includes('"__proto__"') || /"constructor":\{[^]*"prototype"/.test(text);

// ---------------------------------------------------------------------------------------------
// The properties

export function apiProperties(t: ApiFuzzTarget): NamedProperty[] {
  const asBilling = { authorization: `Bearer ${t.tokens.billing}` };
  const asOperator = { authorization: `Bearer ${t.tokens.operator}` };
  const eventsUrl = `/cases/${t.caseId}/events`;
  const who = fc.constantFrom(asBilling, asOperator);

  /** Any JSON, or an object made of the schemas' own keys, prototype keys and anything. */
  const anyBody = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .dictionary(fc.oneof(fc.constantFrom(...KNOWN_KEYS, 'constructor', 'prototype'), fc.string({ maxLength: 12 })), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 12 })
      .map((o) => JSON.stringify(o)),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('', ' ', 'null', '[]', '{}', '"x"', '{"a":', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', `${'['.repeat(3000)}${']'.repeat(3000)}`),
  );

  return [
    named(
      'api: arbitrary JSON to POST /cases and POST /cases/:id/events → 4xx',
      fc.asyncProperty(anyBody, fc.boolean(), who, async (body, toEvents, auth) => {
        const sent = await send(t, toEvents ? 'api POST /cases/:id/events' : 'api POST /cases', {
          method: 'POST',
          url: toEvents ? eventsUrl : '/cases',
          headers: { ...auth, ...json },
          body,
        });
        check(t.stats, 'api', sent.status >= 400, `accepted arbitrary input: ${body.slice(0, 200)}`);
      }),
    ),
    named(
      'api: a valid start body with one field wrong → 422 naming it',
      fc.asyncProperty(startNearMiss(t.gsrn), who, async ({ text, mutation }, auth) => {
        const sent = await send(t, 'api POST /cases', { method: 'POST', url: '/cases', headers: { ...auth, ...json }, body: text });
        check(t.stats, 'api POST /cases', sent.status === (refusedByParser(text, mutation) ? 400 : 422) || sent.status === 413, `${mutation.how} ${mutation.path}: answered ${sent.status}`);
        if (sent.status === 422) {
          check(t.stats, 'api POST /cases', namesField(sent, mutation), `${mutation.how} ${mutation.path}: the answer names ${JSON.stringify(sent.json?.issues?.map((i) => i.path))}`);
        }
      }),
    ),
    named(
      'api: a valid event with one field wrong → 422 naming it',
      // An operator may send every event type (client/api/roles.ts); roles are tested in test/api/roles.test.ts.
      fc.asyncProperty(eventNearMiss(), fc.constant(asOperator), async ({ text, mutation }, auth) => {
        const sent = await send(t, 'api POST /cases/:id/events', { method: 'POST', url: eventsUrl, headers: { ...auth, ...json }, body: text });
        check(t.stats, 'api POST /cases/:id/events', sent.status === (refusedByParser(text, mutation) ? 400 : 422) || sent.status === 413, `${mutation.how} ${mutation.path}: answered ${sent.status}`);
        if (sent.status === 422) {
          check(t.stats, 'api POST /cases/:id/events', namesField(sent, mutation), `${mutation.how} ${mutation.path}: the answer names ${JSON.stringify(sent.json?.issues?.map((i) => i.path))}`);
        }
      }),
    ),
    named(
      'api: a DataHub-only event or an actor through the API → 422',
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(validEventBody(), fc.constantFrom('billing', 'datahub', 'operator:x', 'system')).map(([e, actor]) => ({ ...e, actor })),
          fc.constantFrom('disconnected', 'reopened', 'requestConfirmed', 'notDisconnected', 'gridCharged', 'endOfSupplyCancelled').map((type) => ({ type, messageId: 'm-1', date: '2027-01-04' })),
        ),
        fc.constant(asOperator),
        async (body, auth) => {
          const sent = await send(t, 'api POST /cases/:id/events', { method: 'POST', url: eventsUrl, headers: { ...auth, ...json }, body: JSON.stringify(body) });
          check(t.stats, 'api POST /cases/:id/events', sent.status === 422, `answered ${sent.status}`);
        },
      ),
    ),
    named(
      'api: a missing, garbled or unknown bearer token in front of a valid body → 401',
      fc.asyncProperty(
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic x', 'bearer', `Token ${t.tokens.billing}`, `Bearer  ${t.tokens.billing}`, `Bearer ${t.tokens.billing} `, `${t.tokens.billing}`),
          fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.constantFrom(t.tokens.billing, t.tokens.operator).chain((tok) =>
            fc.oneof(
              fc.integer({ min: 0, max: tok.length - 1 }).map((i) => tok.slice(0, i) + tok.slice(i + 1)),
              fc.tuple(fc.integer({ min: 0, max: tok.length }), fc.stringMatching(/^[!-~]$/)).map(([i, c]) => tok.slice(0, i) + c + tok.slice(i)),
              fc.constant(tok.toUpperCase()),
            ).map((bad) => `Bearer ${bad}`),
          ),
          fc.constantFrom(...CANARY_KINDS).map((k) => `Bearer ${CANARY[k]}`),
        ),
        fc.constantFrom(
          { method: 'POST', url: '/cases', start: true },
          { method: 'POST', url: eventsUrl, start: false },
          { method: 'GET', url: '/cases', start: false },
          { method: 'GET', url: `/cases/${t.caseId}`, start: false },
        ),
        validStartBody(fc.constant(t.gsrn)),
        validEventBody(),
        async (authorization, route, start, ev) => {
          const sent = await send(t, 'api headers', {
            method: route.method,
            url: route.url,
            headers: { ...json, ...(authorization !== undefined ? { authorization } : {}) },
            ...(route.method === 'POST' ? { body: JSON.stringify(route.start ? start : ev) } : {}),
          });
          check(t.stats, 'api headers', sent.status === 401 && sent.json?.error === 'unauthorized', `token ${JSON.stringify(authorization)}: answered ${sent.status}`);
        },
      ),
    ),
    named(
      'api: odd content types and header values → 4xx',
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/jsonx',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'APPLICATION/JSON',
            'application/json;;;',
            'application/vnd.api+json',
            'application/*',
            '*/*',
            '',
            ';',
          ),
          fc.string({ maxLength: 60 }),
        ),
        fc.dictionary(fc.stringMatching(/^x-[a-z-]{1,12}$/), fc.string({ maxLength: 60 }), { maxKeys: 3 }),
        fc.oneof(startNearMiss(t.gsrn).map((m) => ({ url: '/cases', text: m.text })), eventNearMiss().map((m) => ({ url: eventsUrl, text: m.text }))),
        async (contentType, extra, { url, text }) => {
          await send(t, 'api headers', { method: 'POST', url, headers: { ...asBilling, ...extra, 'content-type': contentType }, body: text });
        },
      ),
    ),
    named(
      'api: bad URLs, ids, queries and methods → below 500, nothing changed',
      fc.asyncProperty(
        fc.oneof(
          // A case id: random, near a real one, traversal, encoded bytes, very long.
          fc
            .oneof(
              fc.string({ maxLength: 120 }).map(encodeURIComponent),
              fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
              fc.stringMatching(/^case-\d{16,20}-[A-Za-z0-9._-]{0,70}$/),
              fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%00', '%ff', '%', '%E0%A4%A', 'case-', '.', '..', ' ', '%20', 'case-571313100000000017-%00', `case-${t.gsrn}-${'c'.repeat(2000)}`),
              fc.constantFrom(...CANARY_KINDS).map((k) => `case-${t.gsrn}-${encodeURIComponent(CANARY[k])}`),
            )
            .chain((id) => fc.constantFrom({ method: 'GET', url: `/cases/${id}` }, { method: 'POST', url: `/cases/${id}/events` }, { method: 'DELETE', url: `/cases/${id}` })),
          // A query string.
          fc
            .array(
              fc.tuple(
                fc.oneof(fc.constantFrom('stage', 'needsAttention', 'limit', 'stage[]', 'limit[$gt]', '__proto__', 'constructor'), fc.string({ maxLength: 10 })),
                fc.oneof(
                  fc.constantFrom(...STAGES, 'true', 'false', '1', '1000', '1001', '0', '-1', '1e3', '01', '', "' OR 1=1", 'opened%00'),
                  fc.string({ maxLength: 30 }),
                  fc.constantFrom(...CANARY_KINDS).map((k) => CANARY[k]),
                ),
              ),
              { maxLength: 4 },
            )
            .map((pairs) => ({ method: 'GET', url: `/cases?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` })),
          // Another method or route.
          fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), fc.constantFrom('/cases', '/cases/', '/', '/admin', '/openapi.json', '/cases//events', `/cases/${t.caseId}/events/x`, '//cases', '/CASES')).map(([method, url]) => ({ method, url })),
        ),
        who,
        startNearMiss(t.gsrn),
        async (route, auth, { text }) => {
          const sent = await send(t, route.method === 'GET' && route.url.startsWith('/cases?') ? 'api GET /cases' : 'api URLs', {
            method: route.method,
            url: route.url,
            headers: { ...auth, ...json },
            ...(route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' ? { body: text } : {}),
          });
          // Only reads may succeed: a write is never 2xx here (its body is a near miss, or the route is unknown).
          if (route.method !== 'GET' && route.method !== 'HEAD' && route.url !== '/openapi.json') {
            check(t.stats, 'api URLs', sent.status >= 400, `${route.method} ${route.url.slice(0, 80)} answered ${sent.status}`);
          }
        },
      ),
    ),
    named('api: the canary in every field, the rest valid → 422 naming that field, never echoed or logged', canaryProperty(t, casePlacements(t), asBilling, asOperator)),
    ...newerRouteProperties(t),
  ];
}

/** Where the canary can be put: every leaf of a valid start or event body, an unknown key, a header. */
/** Where a canary can go: a route, a valid body of it, and the free-text fields of that body. */
interface Placement {
  door: string;
  url: string;
  body: Record<string, unknown>;
  /** Events: fields are named `<type>.<field>`; starts: by their path (`*` for an index). */
  events: boolean;
  freeText: readonly string[];
}

/** The canary in every leaf of a valid body, as an unknown key, or in headers the API does not read. */
function canaryProperty(t: ApiFuzzTarget, placements: fc.Arbitrary<Placement>, asBilling: Record<string, string>, asOperator: Record<string, string>) {
  return fc.asyncProperty(placements, fc.constantFrom(...CANARY_KINDS), fc.nat(), fc.constantFrom('field', 'key', 'header'), async ({ door, url, body, events, freeText }, kind: CanaryKind, pick, where) => {
    const value = CANARY[kind];
    if (where === 'header') {
      // Headers the API does not read: the answer and the log must not repeat them either.
      const sent = await send(t, door, {
        method: 'POST',
        url,
        headers: { ...(events ? asOperator : asBilling), ...json, 'x-customer': value, 'user-agent': value, referer: `https://x/${encodeURIComponent(value)}` },
        body: JSON.stringify({ ...body, [pick % 2 ? 'customerName' : 'note2']: value }),
      });
      check(t.stats, door, sent.status === 422, `answered ${sent.status}`);
      return;
    }
    if (where === 'key') {
      const sent = await send(t, door, { method: 'POST', url, headers: { ...asOperator, ...json }, body: JSON.stringify({ ...body, [value]: 1 }) });
      check(t.stats, door, sent.status === 422, `answered ${sent.status}`);
      return;
    }
    const leaves = pathsOf(body).filter((p) => {
      const v = getAt(body, p);
      return typeof v !== 'object' || v === null;
    });
    const path = leaves[pick % leaves.length]!;
    const field = events ? `${String(body.type)}.${path}` : path.replace(/\.\d+(?=\.|$)/g, '.*');
    if (freeText.includes(field) && kind === 'name') return; // a name in free text cannot be told from other words (documented)
    if (path === 'type') return; // the type is a vocabulary word: covered by the near misses
    const mutated = setAt(body, path, value);
    const sent = await send(t, door, { method: 'POST', url, headers: { ...(events ? asOperator : asBilling), ...json }, body: JSON.stringify(mutated) });
    check(t.stats, door, sent.status === 422, `the ${kind} canary in ${field}: answered ${sent.status}`);
    check(t.stats, door, namesField(sent, { path, parent: parentOf(path), how: 'replace' }), `the ${kind} canary in ${field}: the answer names ${JSON.stringify(sent.json?.issues?.map((i) => i.path))}`);
  });
}

/** The case routes' placements. */
function casePlacements(t: ApiFuzzTarget): fc.Arbitrary<Placement> {
  return fc.oneof(
    validStartBody(fc.constant(t.gsrn)).map((body) => ({ door: 'api canary POST /cases', url: '/cases', body, events: false, freeText: FREE_TEXT_FIELDS.start })),
    validEventBody().map((body) => ({ door: 'api canary POST /cases/:id/events', url: `/cases/${t.caseId}/events`, body, events: true, freeText: FREE_TEXT_FIELDS.events })),
  );
}

// ---------------------------------------------------------------------------------------------
// Newer routes, covered when the app has them: owner liability, requested disconnections, the import

/** Ids of cases that do not exist: an event the API wrongly let through would answer 404, not 400. */
const OWNER_ID = (gsrn: string) => `owner-${gsrn}-O-fuzz-nobody`;
const DISCONNECT_ID = (gsrn: string) => `disconnect-${gsrn}-R-fuzz-nobody`;

export function newerRouteProperties(t: ApiFuzzTarget): NamedProperty[] {
  const asBilling = { authorization: `Bearer ${t.tokens.billing}` };
  const asOperator = { authorization: `Bearer ${t.tokens.operator}` };
  // An operator may use every route and send every event type (client/api/roles.ts); billing may not
  // send an operator's events (403 before validation). Roles are tested in test/api/roles.test.ts.
  const who = fc.constant(asOperator);
  const out: NamedProperty[] = [];
  const has = (method: 'GET' | 'POST', url: string) => t.app.hasRoute({ method, url });

  const routes: Array<{ door: string; url: string; near: fc.Arbitrary<{ text: string; mutation: Mutation }>; placement: fc.Arbitrary<Placement> }> = [];
  const gsrn = fc.constant(t.gsrn);
  if (has('POST', '/owner-liability-cases')) {
    const start = validFlatBody(OWNER_START_SPEC, startOwnerLiabilityBodySchema, { meteringPointId: gsrn });
    routes.push({
      door: 'api POST /owner-liability-cases',
      url: '/owner-liability-cases',
      near: nearMiss(start, (_b, path) => OWNER_START_SPEC[path]),
      placement: start.map((body) => ({ door: 'api canary POST /owner-liability-cases', url: '/owner-liability-cases', body, events: false, freeText: [] })),
    });
  }
  if (has('POST', '/owner-liability-cases/:id/events')) {
    const url = `/owner-liability-cases/${OWNER_ID(t.gsrn)}/events`;
    routes.push({
      door: 'api POST /owner-liability-cases/:id/events',
      url,
      near: eventNearMiss(OWNER_EVENTS),
      placement: validEventBody(OWNER_EVENTS).map((body) => ({ door: 'api canary POST /owner-liability-cases/:id/events', url, body, events: true, freeText: FREE_TEXT_FIELDS.ownerEvents })),
    });
  }
  if (has('POST', '/disconnection-requests')) {
    const start = validFlatBody(DISCONNECT_START_SPEC, startRequestedDisconnectionBodySchema, { meteringPointId: gsrn });
    routes.push({
      door: 'api POST /disconnection-requests',
      url: '/disconnection-requests',
      near: nearMiss(start, (_b, path) => DISCONNECT_START_SPEC[path]),
      placement: start.map((body) => ({ door: 'api canary POST /disconnection-requests', url: '/disconnection-requests', body, events: false, freeText: [] })),
    });
  }
  if (has('POST', '/disconnection-requests/:id/events')) {
    const url = `/disconnection-requests/${DISCONNECT_ID(t.gsrn)}/events`;
    routes.push({
      door: 'api POST /disconnection-requests/:id/events',
      url,
      near: eventNearMiss(DISCONNECT_EVENTS),
      placement: validEventBody(DISCONNECT_EVENTS).map((body) => ({ door: 'api canary POST /disconnection-requests/:id/events', url, body, events: true, freeText: FREE_TEXT_FIELDS.disconnectionEvents })),
    });
  }

  if (routes.length > 0) {
    const route = fc.constantFrom(...routes);
    out.push(
      named(
        `api (newer routes: ${routes.map((r) => r.url.replace(/\/(owner|disconnect)-\d{18}-[^/]+/, '/:id')).join(', ')}): arbitrary JSON → 4xx`,
        fc.asyncProperty(route, fc.jsonValue().map((v) => JSON.stringify(v)), who, async (r, body, auth) => {
          const sent = await send(t, r.door, { method: 'POST', url: r.url, headers: { ...auth, ...json }, body });
          check(t.stats, r.door, sent.status >= 400, `accepted arbitrary input: ${body.slice(0, 200)}`);
        }),
      ),
      named(
        'api (newer routes): a valid body with one field wrong → 422 naming it',
        fc.asyncProperty(route.chain((r) => r.near.map((n) => ({ ...n, r }))), who, async ({ r, text, mutation }, auth) => {
          const sent = await send(t, r.door, { method: 'POST', url: r.url, headers: { ...auth, ...json }, body: text });
          check(t.stats, r.door, sent.status === (refusedByParser(text, mutation) ? 400 : 422) || sent.status === 413, `${mutation.how} ${mutation.path}: answered ${sent.status}`);
          if (sent.status === 422) {
            check(t.stats, r.door, namesField(sent, mutation), `${mutation.how} ${mutation.path}: the answer names ${JSON.stringify(sent.json?.issues?.map((i) => i.path))}`);
          }
        }),
      ),
      named('api (newer routes): the canary in every field, the rest valid → 422 naming that field, never echoed or logged', canaryProperty(t, route.chain((r) => r.placement), asBilling, asOperator)),
    );
  }
  const getRoutes = ['/owner-liability-cases/:id', '/disconnection-requests/:id'].filter((u) => has('GET', u));
  if (getRoutes.length > 0) {
    out.push(
      named(
        'api (newer routes): bad ids → below 500',
        fc.asyncProperty(
          fc.constantFrom(...getRoutes),
          fc.oneof(
            fc.string({ maxLength: 80 }).map(encodeURIComponent),
            fc.stringMatching(/^(owner|disconnect)-\d{16,20}-[A-Za-z0-9._:-]{0,70}$/),
            fc.constantFrom(...CANARY_KINDS).map((k) => `owner-${t.gsrn}-${encodeURIComponent(CANARY[k])}`),
            fc.constantFrom(...CANARY_KINDS).map((k) => `disconnect-${t.gsrn}-${encodeURIComponent(CANARY[k])}`),
            fc.constantFrom('%00', '..%2F..', `owner-${t.gsrn}-${'o'.repeat(300)}`, `owner-${t.gsrn}-010190-1234`, `disconnect-${t.gsrn}-a/b`),
          ),
          fc.constantFrom('GET', 'POST'),
          who,
          async (route, id, method, auth) => {
            const url = route.replace(':id', id) + (method === 'POST' ? '/events' : '');
            const sent = await send(t, 'api newer routes: ids', { method, url, headers: { ...auth, ...json }, ...(method === 'POST' ? { body: '{}' } : {}) });
            if (method === 'POST') check(t.stats, 'api newer routes: ids', sent.status >= 400, `POST ${url.slice(0, 80)} answered ${sent.status}`);
          },
        ),
      ),
    );
  }

  if (has('POST', '/imports')) {
    const door = 'api POST /imports';
    out.push(
      named(
        'api POST /imports: any CSV, files whose every row is wrong, odd content types → below 500, nothing started',
        fc.asyncProperty(
          fc.oneof(
            { weight: 3, arbitrary: importFileArb(true).map((f) => ({ text: toCsv([f.columns, ...f.rows]), rows: f.rows.length, dryRun: false, allBad: true })) },
            { weight: 2, arbitrary: importFileArb(false).map((f) => ({ text: toCsv([f.columns, ...f.rows]), rows: f.rows.length, dryRun: true, allBad: false })) },
            { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text, rows: -1, dryRun: false, allBad: true })) },
            { weight: 1, arbitrary: fc.constantFrom('', '\uFEFF', 'customer_id\r\n', '"', `customer_id,${CANARY.name}\r\n1,2\r\n`).map((text) => ({ text, rows: -1, dryRun: false, allBad: true })) },
          ),
          fc.oneof({ weight: 6, arbitrary: fc.constant('text/csv') }, { weight: 1, arbitrary: fc.constantFrom('text/csv; charset=utf-8', 'TEXT/CSV', 'text/plain', 'application/json', '', 'text/csv;;') }),
          who,
          async ({ text, rows, dryRun, allBad }, contentType, auth) => {
            const sent = await send(t, door, { method: 'POST', url: `/imports${dryRun ? '?dryRun=true' : ''}`, headers: { ...auth, 'content-type': contentType }, body: text });
            if (sent.status !== 200) return;
            const report = JSON.parse(sent.body) as { summary: Record<string, number> };
            const s = report.summary;
            check(t.stats, door, (s.started ?? 0) + (s.existing ?? 0) + (s.joined ?? 0) === 0, `started or joined: ${JSON.stringify(s)}`);
            if (allBad && rows >= 0) check(t.stats, door, s.rejected === rows, `${rows} bad rows, ${s.rejected} rejected: ${JSON.stringify(s)}`);
          },
        ),
      ),
    );
  }
  return out;
}

export { FuzzViolation };

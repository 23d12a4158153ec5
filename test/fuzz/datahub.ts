/**
 * DataHub's inbound documents under bad input (client/datahub-inbound.ts, client/datahub-poller.ts):
 * a generator of valid CIM documents of every type the poller reads, and of malformed ones — a valid
 * document with one thing broken (a required field missing, a wrong code, an mRID over 36 characters,
 * a wrong GSRN, a date that does not exist such as 2027-02-29, a wrong type), garbage that is not
 * JSON, other JSON, and huge documents.
 *
 * - the validator rejects every malformed document with a reason, never throws, and its reason never
 *   repeats a value (it is written beside the document for an operator);
 * - every valid document becomes events the doors' own schema accepts (so nothing DataHub sends can
 *   put into a case what the API and CLI would refuse), and interpreting it never throws;
 * - the canary in a valid document never reaches an event: ids and codes refuse it, free text masks
 *   a CPR number, an e-mail address and a phone number (a name in DataHub's reason text cannot be
 *   recognised: documented);
 * - the poller, fed malformed messages by a stand-in DataHub, does not throw (a throw would leave the
 *   message at the head of the queue for good), delivers nothing, keeps each for an operator (the
 *   document as received, a value-free reason) and dequeues it; its log lines carry no canary.
 */
import { closeSync, mkdtempSync, openSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import { anyEventSchema } from '../../client/api/schemas.js';
import { INBOUND_DOCUMENT_TYPES, interpretInbound, parseInboundDocument, type InboundDocumentType } from '../../client/datahub-inbound.js';
import { DataHubPoller, NOT_UNDERSTOOD, type KeptMessage } from '../../client/datahub-poller.js';
import { CANARY, CANARY_KINDS, canaryHits, check, named, type CanaryKind, type FuzzStats, type NamedProperty } from './properties.js';

export const DATAHUB_GLN = '5790001330552';
export const SUPPLIER_GLN = '5799999911118';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Valid documents

const mrid = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,35}$/));
const gsrn = fc.stringMatching(/^57\d{16}$/);
/** An instant on a Danish date in the years afbryd plans with. */
const instant = fc
  .tuple(
    fc.date({ min: new Date('2001-01-02T00:00:00Z'), max: new Date('2058-12-30T00:00:00Z'), noInvalidDate: true }),
    fc.constantFrom('Z', '+01:00', '+02:00', '-05:00', '+00:00'),
    fc.boolean(),
  )
  .map(([d, zone, millis]) => `${d.toISOString().slice(0, 19)}${millis ? '.123' : ''}${zone}`);
/** Every code the validator takes (a DataHub reason code). */
const code = fc.stringMatching(/^[A-Z0-9]{2,8}$/);
const reasonText = fc.stringMatching(/^[a-zæøå][a-zæøå ,.]{0,60}$/);
const SERVICE_TYPES = ['D01', 'D03', 'D05', 'D09', 'D10', 'D11', 'D13'];
const REFUSALS = ['D41', 'D42', 'D43', 'D44', 'D58'];

function recordFor(type: InboundDocumentType): fc.Arbitrary<Json> {
  const base = {
    mRID: mrid,
    'marketEvaluationPoint.mRID': gsrn.map((value) => ({ codingScheme: 'A10', value })),
    'originalTransactionIDReference_MktActivityRecord.mRID': mrid,
    'businessProcessReference_MktActivityRecord.mRID': mrid,
  };
  // A reason's code as Energinet's schemas write it ({ value }) or as the older bare string.
  const reasonCode = fc.oneof(code, fc.constantFrom(...REFUSALS)).chain((c) => fc.constantFrom<unknown>(c, { value: c }));
  const reasons = fc.array(fc.record({ code: reasonCode, text: reasonText }, { requiredKeys: ['code'] }), { minLength: 1, maxLength: 2 });
  const optionalRefs = ['originalTransactionIDReference_MktActivityRecord.mRID', 'businessProcessReference_MktActivityRecord.mRID'];
  const required = ['mRID', 'marketEvaluationPoint.mRID'] as never[];
  switch (type) {
    case 'RejectRequestEndOfSupply':
    case 'RejectRequestCancellation':
    case 'RejectRequestChangeOfSupplier':
      return fc.record({ ...base, Reason: reasons }, { requiredKeys: required });
    case 'ConfirmRequestService':
      return fc.record({ ...base, serviceType: fc.constantFrom(...SERVICE_TYPES).map((value) => ({ value })) }, { requiredKeys: required });
    case 'RejectRequestService':
      return fc.record({ ...base, serviceType: fc.constantFrom(...SERVICE_TYPES).map((value) => ({ value })), Reason: reasons }, { requiredKeys: required });
    case 'NotifyConnectionStatus':
      return fc.record(
        {
          ...base,
          'start_DateAndOrTime.dateTime': instant,
          connectionState: fc.constantFrom('E22', 'E23').map((value) => ({ value })),
          meterReading: fc.record({ quantity: fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e12, noNaN: true })), unit: fc.constant({ value: 'KWH' }) }),
        },
        { requiredKeys: [...required, 'start_DateAndOrTime.dateTime', 'connectionState'] as never[] },
      );
    case 'NotifyEndOfSupply':
      return fc.record({ ...base, 'start_DateAndOrTime.dateTime': instant }, { requiredKeys: [...required, 'start_DateAndOrTime.dateTime'] as never[] });
    case 'GenericNotification':
      return fc.record({ ...base, 'validityStart_DateAndOrTime.dateTime': instant }, { requiredKeys: [...required, 'validityStart_DateAndOrTime.dateTime'] as never[] });
    case 'NotifyGridCharge':
      return fc.record(
        {
          ...base,
          'start_DateAndOrTime.dateTime': instant,
          Charge: fc.record({
            mRID: mrid,
            type: fc.constantFrom('late-cancellation', 'futile-visit', 'disconnection', 'reopening').map((value) => ({ value })),
            amount: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }).map((ore) => ore / 100), fc.double({ min: 0.005, max: 1e7, noNaN: true })).map((value) => ({ value, currency: 'DKK' })),
          }),
        },
        { requiredKeys: [...required, 'start_DateAndOrTime.dateTime', 'Charge'] as never[] },
      );
    default:
      void optionalRefs;
      return fc.record(base, { requiredKeys: required });
  }
}

/**
 * The types fuzzed here: every one with a header and case records. RSM-009 Acknowledgement has
 * neither (its own shape, `Series`): its parsing is tested in test/datahub/inbound.test.ts. RSM-022
 * AccountingPointCharacteristics carries master data, not case events (a nested `MarketEvaluationPoint`):
 * test/datahub/master-data.test.ts.
 */
const FUZZED_TYPES = INBOUND_DOCUMENT_TYPES.filter((t) => t !== 'Acknowledgement' && t !== 'AccountingPointCharacteristics');

/** A valid document: its type, and the body as DataHub's queue gives it (one root element). */
export const validDocument = fc.constantFrom(...FUZZED_TYPES).chain((type) =>
  fc
    .record({
      mRID: mrid,
      processType: fc.constantFrom('E20', 'E03', 'E65', 'E79', 'D22'),
      created: instant,
      records: fc.array(recordFor(type), { minLength: 1, maxLength: 3 }),
      extra: fc.option(fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z.]{0,20}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }), { nil: undefined }),
      headerReason: code,
    })
    // A rejection names its reason in the records, or in the header's reason.code.
    .map((d) => (type.startsWith('Reject') && d.records.some((r) => !r.Reason) ? { ...d, extra: { ...d.extra, 'reason.code': { value: d.headerReason } } } : d))
    .map(({ mRID, processType, created, records, extra }) => ({
      type,
      body: {
        [`${type}_MarketDocument`]: {
          ...(extra ?? {}),
          mRID,
          type: { value: 'A01' },
          'process.processType': { value: processType },
          'businessSector.type': { value: '23' },
          'sender_MarketParticipant.mRID': { codingScheme: 'A10', value: DATAHUB_GLN },
          'sender_MarketParticipant.marketRole.type': { value: 'DDZ' },
          'receiver_MarketParticipant.mRID': { codingScheme: 'A10', value: SUPPLIER_GLN },
          'receiver_MarketParticipant.marketRole.type': { value: 'DDQ' },
          createdDateTime: created,
          MktActivityRecord: records,
        },
      } as Json,
    })),
);

// ---------------------------------------------------------------------------------------------
// Malformed documents: one thing broken

const badInstant = fc.oneof(
  fc.constantFrom(
    '2027-02-29T10:00:00Z',
    '2027-13-01T10:00:00Z',
    '2027-04-31T10:00:00Z',
    '2027-01-01T24:00:00Z',
    '2027-01-01T10:60:00Z',
    '2027-01-01T10:00:60Z',
    '2027-01-01T10:00:00+25:00',
    '2027-01-01T10:00:00+14:30',
    '2027-01-01T10:00:00+01:60',
    '1999-06-01T10:00:00Z',
    '2060-06-01T10:00:00Z',
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    '2027-01-01',
    '2027-01-01T10:00:00',
    '2027-01-01 10:00:00Z',
    '01-01-2027T10:00Z',
    '2027-01-01T10:00:00.1234567890Z',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
const longId = fc.integer({ min: 37, max: 400 }).map((n) => 'x'.repeat(n));
const badId = fc.oneof(longId, fc.constantFrom('', 'a b', 'tx\n1', 'æøå', CANARY.cpr, CANARY.email, 'tx-+4512345678'), fc.constantFrom(...CANARY_KINDS).map((k) => CANARY[k]));
const badGsrn = fc.oneof(fc.stringMatching(/^\d{17}$/), fc.stringMatching(/^\d{19}$/), fc.stringMatching(/^\d{9}[a-z]\d{8}$/), fc.constantFrom('', ' 571313100000000017', CANARY.cpr, CANARY.phone));
/** A value of the wrong type for a field: not a string for a string field, not an object for an object field. */
const wrongTypeFor = (key: string) =>
  fc.constantFrom<unknown>(null, 0, -1, true, [{}], ...(key === 'Reason' ? [] : [[]]), ...(OBJECT_FIELDS.has(key) ? ['x'] : [{}, { value: 'x' }]));
const OBJECT_FIELDS = new Set([
  'type',
  'process.processType',
  'sender_MarketParticipant.mRID',
  'receiver_MarketParticipant.mRID',
  'MktActivityRecord',
  'marketEvaluationPoint.mRID',
  'serviceType',
  'connectionState',
  'meterReading',
  'Reason',
  'Charge',
]);

interface Broken {
  text: string;
  /** What was broken (for the failure report). */
  what: string;
}

const rootOf = (body: Json) => Object.keys(body)[0]!;
const headerOf = (body: Json) => body[rootOf(body)] as Json;
const recordsOf = (body: Json) => headerOf(body).MktActivityRecord as Json[];

/** One way to break a document; each is refused by the validator on its own. */
function breakOne(doc: { type: InboundDocumentType; body: Json }): fc.Arbitrary<Broken> {
  const copy = () => structuredClone(doc.body);
  const t = doc.type;
  const ways: fc.Arbitrary<Broken>[] = [];
  const alter = (what: string, change: (b: Json) => void) => {
    const b = copy();
    change(b);
    return { text: JSON.stringify(b), what };
  };
  const headerKeys = ['mRID', 'type', 'process.processType', 'sender_MarketParticipant.mRID', 'receiver_MarketParticipant.mRID', 'createdDateTime', 'MktActivityRecord'];
  ways.push(fc.constantFrom(...headerKeys).map((k) => alter(`header ${k} missing`, (b) => delete headerOf(b)[k])));
  ways.push(fc.constantFrom(...headerKeys).chain((k) => wrongTypeFor(k).map((v) => alter(`header ${k} = ${JSON.stringify(v)}`, (b) => (headerOf(b)[k] = v)))));
  ways.push(badId.map((v) => alter('header mRID', (b) => (headerOf(b).mRID = v))));
  ways.push(badInstant.map((v) => alter(`createdDateTime ${v}`, (b) => (headerOf(b).createdDateTime = v))));
  ways.push(
    fc.constantFrom('5790000000005', '', '5790001330553', CANARY.phone).map((v) => alter(`sender ${v}`, (b) => ((headerOf(b)['sender_MarketParticipant.mRID'] as Json).value = v))),
  );
  ways.push(
    fc.constantFrom('5790000000005', '', SUPPLIER_GLN.slice(1), CANARY.cpr).map((v) => alter(`receiver ${v}`, (b) => ((headerOf(b)['receiver_MarketParticipant.mRID'] as Json).value = v))),
  );
  ways.push(fc.constantFrom<unknown>([], {}, 'x', null).map((v) => alter('no records', (b) => (headerOf(b).MktActivityRecord = v))));
  ways.push(fc.constantFrom({ value: '' }, { value: 7 }, {}).map((v) => alter('empty type', (b) => (headerOf(b).type = v))));

  // A record: ids, GSRN, codes, wrong types, what its type needs.
  const n = recordsOf(doc.body).length;
  const rec = fc.nat({ max: n - 1 });
  const inRecord = (what: string, change: (r: Json) => void) => rec.map((i) => alter(`record ${i}: ${what}`, (b) => change(recordsOf(b)[i]!)));
  // A rejection may name no metering point (Energinet's Reject schemas do not require it).
  ways.push(fc.constantFrom(...(t.startsWith('Reject') ? ['mRID'] : ['mRID', 'marketEvaluationPoint.mRID'])).chain((k) => inRecord(`${k} missing`, (r) => delete r[k])));
  ways.push(badGsrn.chain((v) => inRecord(`GSRN ${v}`, (r) => ((r['marketEvaluationPoint.mRID'] as Json).value = v))));
  ways.push(
    fc.tuple(fc.constantFrom('mRID', 'originalTransactionIDReference_MktActivityRecord.mRID', 'businessProcessReference_MktActivityRecord.mRID'), badId).chain(([k, v]) =>
      inRecord(`${k} = ${v.slice(0, 40)}`, (r) => (r[k] = v)),
    ),
  );
  const recordKeys = [
    'mRID',
    'marketEvaluationPoint.mRID',
    'originalTransactionIDReference_MktActivityRecord.mRID',
    'businessProcessReference_MktActivityRecord.mRID',
    'serviceType',
    'start_DateAndOrTime.dateTime',
    'connectionState',
    'meterReading',
    'Reason',
    'Charge',
  ];
  ways.push(fc.constantFrom(...recordKeys).chain((k) => wrongTypeFor(k).chain((v) => inRecord(`${k} = ${JSON.stringify(v)}`, (r) => (r[k] = v)))));
  ways.push(fc.constantFrom('d01', 'D0100000001', '', 'D 1', CANARY.name).chain((v) => inRecord(`serviceType ${v}`, (r) => (r.serviceType = { value: v }))));
  ways.push(
    fc
      .oneof(fc.constantFrom('e10', '', 'E10 ', 'TOOLONGCODE', 'E-10', CANARY.cpr, CANARY.name), fc.string({ maxLength: 12 }).filter((s) => !/^[A-Z0-9]{1,8}$/.test(s)))
      .chain((v) => inRecord(`reason code ${JSON.stringify(v)}`, (r) => (r.Reason = [{ code: v, text: 'x' }]))),
  );
  ways.push(fc.integer({ min: 2001, max: 5000 }).chain((len) => inRecord(`reason text of ${len}`, (r) => (r.Reason = [{ code: 'E10', text: 'y'.repeat(len) }]))));
  ways.push(badInstant.filter((v) => v !== '').chain((v) => inRecord(`start ${v}`, (r) => (r['start_DateAndOrTime.dateTime'] = v))));
  if (t === 'NotifyConnectionStatus') {
    ways.push(fc.constantFrom('connectionState', 'start_DateAndOrTime.dateTime').chain((k) => inRecord(`${k} missing`, (r) => delete r[k])));
    ways.push(fc.constantFrom('E21', 'e23', '', CANARY.email).chain((v) => inRecord(`connectionState ${v}`, (r) => (r.connectionState = { value: v }))));
    ways.push(
      fc.constantFrom<unknown>(-1, '12', null, 1e400, Number.NaN, 1e13).chain((v) => inRecord(`meter reading ${String(v)}`, (r) => (r.meterReading = { quantity: v, unit: { value: 'KWH' } }))),
    );
  }
  if (t === 'NotifyGridCharge') {
    ways.push(fc.constantFrom('Charge', 'start_DateAndOrTime.dateTime').chain((k) => inRecord(`${k} missing`, (r) => delete r[k])));
    ways.push(
      fc
        .constantFrom<[string, unknown]>(
          ['type', { value: 'gift' }],
          ['type', { value: CANARY.name }],
          ['amount', { value: -1, currency: 'DKK' }],
          ['amount', { value: 0, currency: 'DKK' }],
          ['amount', { value: 0.004, currency: 'DKK' }],
          ['amount', { value: 1e8, currency: 'DKK' }],
          ['amount', { value: '100', currency: 'DKK' }],
          ['amount', { value: 100, currency: 'EUR' }],
          ['mRID', 'x'.repeat(37)],
          ['mRID', CANARY.email],
        )
        .chain(([k, v]) => inRecord(`charge ${k}`, (r) => ((r.Charge as Json)[k] = v))),
    );
  }
  if (t === 'NotifyEndOfSupply') ways.push(inRecord('start missing', (r) => delete r['start_DateAndOrTime.dateTime']));
  if (t === 'GenericNotification') ways.push(inRecord('validity start missing', (r) => delete r['validityStart_DateAndOrTime.dateTime']));
  if (t.startsWith('Reject')) {
    ways.push(
      rec.map((i) =>
        alter(`record ${i}: Reason missing, and none in the header`, (b) => {
          delete recordsOf(b)[i]!.Reason;
          delete headerOf(b)['reason.code'];
        }),
      ),
    );
    ways.push(fc.constantFrom('', 'x', 'E 10', CANARY.cpr).map((v) => alter(`header reason code ${v}`, (b) => (headerOf(b)['reason.code'] = { value: v }))));
  }

  // The document as a whole.
  ways.push(
    fc
      .constantFrom<[string, (b: Json) => unknown]>(
        ['unknown document', (b) => ({ Unknown_MarketDocument: headerOf(b) })],
        ['a name as the document', (b) => ({ [`${CANARY.name}_MarketDocument`]: headerOf(b) })],
        ['no suffix', (b) => ({ [doc.type]: headerOf(b) })],
        ['two roots', (b) => ({ ...b, Other_MarketDocument: {} })],
        ['no root', () => ({})],
        ['an array', (b) => [b]],
        ['a string', () => 'document'],
        ['null', () => null],
        ['the root is a string', (b) => ({ [rootOf(b)]: 'x' })],
        ['the root is an array', (b) => ({ [rootOf(b)]: [headerOf(b)] })],
      )
      .map(([what, f]) => ({ text: JSON.stringify(f(copy())), what })),
  );
  return fc.oneof(...ways);
}

/** A malformed document, garbage that is not JSON, or a huge document with one bad record. */
export const malformedMessage: fc.Arbitrary<Broken> = fc.oneof(
  { weight: 12, arbitrary: validDocument.chain(breakOne) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).filter(notJson).map((text) => ({ text, what: 'not JSON' })) },
  { weight: 1, arbitrary: validDocument.map((d) => ({ text: JSON.stringify(d.body).slice(0, -3), what: 'truncated' })) },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).filter((v) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && Object.keys(v)[0]!.endsWith('_MarketDocument'))).map((v) => ({ text: JSON.stringify(v), what: 'other JSON' })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(validDocument, fc.integer({ min: 500, max: 5_000 }), fc.nat()).map(([d, count, at]) => {
      const b = structuredClone(d.body);
      const records = recordsOf(b);
      const many: Json[] = Array.from({ length: count }, (_, i) => ({ ...records[i % records.length]!, mRID: `r-${i}` }));
      many[at % count] = { ...many[at % count]!, 'marketEvaluationPoint.mRID': { value: '123' } };
      headerOf(b).MktActivityRecord = many;
      return { text: JSON.stringify(b), what: `huge: ${count} records, one bad` };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(validDocument, fc.integer({ min: 100_000, max: 1_000_000 })).map(([d, size]) => {
      const b = structuredClone(d.body);
      headerOf(b).mRID = 'x'.repeat(size);
      return { text: JSON.stringify(b), what: `huge: an mRID of ${size}` };
    }),
  },
);

function notJson(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** A valid document with the canary put in one of its strings (ids, codes, free text, an extra field). */
export const canaryDocument = fc.tuple(validDocument, fc.constantFrom(...CANARY_KINDS), fc.nat()).map(([d, kind, pick]) => {
  const b = structuredClone(d.body);
  const slots: Array<[string, (v: string) => void]> = [];
  const header = headerOf(b);
  slots.push(['header mRID', (v) => (header.mRID = v)]);
  slots.push(['an extra header field', (v) => (header.note = v)]);
  recordsOf(b).forEach((r, i) => {
    for (const k of ['mRID', 'originalTransactionIDReference_MktActivityRecord.mRID', 'businessProcessReference_MktActivityRecord.mRID']) slots.push([`record ${i} ${k}`, (v) => (r[k] = v)]);
    if (r.Reason) {
      slots.push([`record ${i} reason text`, (v) => ((r.Reason as Json[])[0]!.text = `kunden ${v} svarer ikke`)]);
      slots.push([`record ${i} reason code`, (v) => ((r.Reason as Json[])[0]!.code = v)]);
    }
    if (r.serviceType) slots.push([`record ${i} service type`, (v) => ((r.serviceType as Json).value = v)]);
    if (r.Charge) slots.push([`record ${i} charge id`, (v) => ((r.Charge as Json).mRID = v)]);
    slots.push([`record ${i} extra field`, (v) => (r.customerName = v)]);
  });
  const [where, put] = slots[pick % slots.length]!;
  put(CANARY[kind]);
  return { type: d.type, body: b, kind: kind as CanaryKind, where };
});

// ---------------------------------------------------------------------------------------------
// The properties

export interface DataHubFuzzTarget {
  stats: FuzzStats;
  /** A client for the poller (it must never be used for a malformed message). */
  client: Client;
}

/** What a file holds from a byte offset on (the kept file grows by a line a message). */
function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  const buffer = Buffer.alloc(Math.max(0, size - offset));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** A stand-in DataHub: a queue served by peek, emptied by dequeue. */
export function standInDataHub() {
  const queue: Array<{ id: string; text: string }> = [];
  const dequeued: string[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url.includes('/api/peek/')) {
      const m = queue[0];
      return m ? new Response(m.text, { status: 200, headers: { MessageId: m.id, 'content-type': 'application/json' } }) : new Response(null, { status: 204 });
    }
    if (url.includes('/api/dequeue/') && init?.method === 'DELETE') {
      const id = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
      const i = queue.findIndex((m) => m.id === id);
      if (i < 0) return new Response(null, { status: 404 });
      queue.splice(i, 1);
      dequeued.push(id);
      return new Response(null, { status: 200 });
    }
    return new Response(null, { status: 404 });
  }) as typeof fetch;
  return { queue, dequeued, fetch: fetchFn };
}

export function dataHubProperties(t: DataHubFuzzTarget): NamedProperty[] {
  const door = 'datahub validator';
  const pollerDoor = 'datahub poller';
  const dir = mkdtempSync(join(tmpdir(), 'afbryd-fuzz-datahub-'));
  const keptFile = join(dir, 'kept.jsonl');
  const dh = standInDataHub();
  const logLines: string[] = [];
  const located: string[] = [];
  const poller = new DataHubPoller({
    client: t.client,
    baseUrl: 'http://datahub.invalid',
    token: 'fuzz-token',
    supplierGln: SUPPLIER_GLN,
    unmatchedFile: keptFile,
    fetch: dh.fetch,
    log: (line) => void logLines.push(JSON.stringify(line)),
    locateCase: async (meteringPointId) => {
      located.push(meteringPointId);
      return undefined;
    },
    visibility: { attempts: 1, delayMs: 0 },
  });
  let sequence = 0;
  let keptSize = 0;

  return [
    named(
      'datahub: a malformed document is rejected with a reason that repeats no value',
      fc.property(malformedMessage, ({ text, what }) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          t.stats.outcome(door, false);
          return; // the poller's case: not JSON
        }
        let parsed;
        try {
          parsed = parseInboundDocument(body, SUPPLIER_GLN);
        } catch (err) {
          check(t.stats, door, false, `${what}: the validator threw ${(err as Error).message}`);
        }
        t.stats.outcome(door, parsed.ok);
        check(t.stats, door, !parsed.ok, `${what}: accepted`);
        check(t.stats, door, typeof parsed.error === 'string' && parsed.error.length > 0, `${what}: no reason`);
        const hits = canaryHits(parsed.error);
        check(t.stats, door, hits.length === 0, `${what}: the reason repeats ${hits.join(', ')}`, 'canary');
      }),
    ),
    named(
      'datahub: a valid document becomes events the doors accept; interpreting never throws',
      fc.property(validDocument, fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), ({ type, body }, messageId) => {
        const parsed = parseInboundDocument(body, SUPPLIER_GLN);
        t.stats.outcome(door, parsed.ok);
        check(t.stats, door, parsed.ok, `a valid ${type} was refused: ${parsed.ok ? '' : parsed.error}`);
        let items;
        try {
          items = interpretInbound(parsed.doc, messageId);
        } catch (err) {
          check(t.stats, door, false, `interpreting a valid ${type} threw ${(err as Error).message}`);
        }
        for (const item of items) {
          if (item.kind !== 'event') continue;
          const { actor, ...event } = item.event;
          const accepted = anyEventSchema.safeParse(event);
          check(t.stats, door, actor === 'datahub' && accepted.success, `${type} became an event the doors refuse: ${JSON.stringify(event).slice(0, 300)} (${accepted.success ? '' : accepted.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
        }
      }),
    ),
    named(
      'datahub: the canary in a valid document never reaches an event',
      fc.property(canaryDocument, ({ body, kind, where }) => {
        const parsed = parseInboundDocument(body, SUPPLIER_GLN);
        t.stats.outcome(door, parsed.ok);
        if (!parsed.ok) {
          check(t.stats, door, canaryHits(parsed.error).length === 0, `the ${kind} canary in ${where}: the reason repeats it`, 'canary');
          return;
        }
        const items = interpretInbound(parsed.doc, 'MSG-1');
        const text = JSON.stringify(items);
        // A name in DataHub's free reason text is the one thing no pattern can recognise.
        if (kind === 'name' && where.endsWith('reason text')) return;
        const hits = canaryHits(text);
        check(t.stats, door, hits.length === 0, `the ${kind} canary in ${where} reached ${text.slice(0, 300)}`, 'canary');
      }),
    ),
    named(
      'datahub: the poller keeps every malformed message for an operator, delivers nothing and does not throw',
      fc.asyncProperty(fc.oneof(malformedMessage, canaryDocument.filter((d) => !parseInboundDocument(d.body, SUPPLIER_GLN).ok).map((d) => ({ text: JSON.stringify(d.body), what: `canary in ${d.where}` }))), async ({ text, what }) => {
        const id = `fuzz-${process.pid}-${++sequence}`;
        dh.queue.push({ id, text });
        const logBefore = logLines.length;
        const locatedBefore = located.length;
        let outcomes;
        try {
          outcomes = await poller.pollOnce();
        } catch (err) {
          dh.queue.length = 0;
          check(t.stats, pollerDoor, false, `${what}: the poller threw ${(err as Error).message} (the message would stay at the head of the queue)`);
        }
        t.stats.outcome(pollerDoor, false);
        check(t.stats, pollerDoor, outcomes.length === 1 && outcomes[0]!.messageId === id && outcomes[0]!.result === 'kept', `${what}: ${JSON.stringify(outcomes).slice(0, 300)}`);
        check(t.stats, pollerDoor, dh.dequeued.at(-1) === id && dh.queue.length === 0, `${what}: not dequeued`);
        check(t.stats, pollerDoor, located.length === locatedBefore, `${what}: the poller looked for a case to deliver to`);
        const lines = readFrom(keptFile, keptSize).trimEnd().split('\n');
        keptSize += Buffer.byteLength(lines.join('\n')) + 1;
        const kept = JSON.parse(lines.at(-1)!) as KeptMessage;
        // An invalid document of a type afbryd reads, or one it does not understand (named only by a
        // root of the shape of a document name).
        const reasonOk = kept.reasons.join() === 'invalid document' || (kept.documentType === NOT_UNDERSTOOD && kept.reasons.length === 1 && kept.reasons[0]!.startsWith('not understood: '));
        check(t.stats, pollerDoor, kept.messageId === id && reasonOk && typeof kept.error === 'string' && kept.error.length > 0, `${what}: kept as ${JSON.stringify({ ...kept, document: undefined })}`);
        // The document is kept (without personal fields) for an operator; what afbryd wrote beside it repeats no value.
        const written = canaryHits(JSON.stringify({ ...kept, document: undefined }) + logLines.slice(logBefore).join('\n'));
        check(t.stats, pollerDoor, written.length === 0, `${what}: the kept entry or the log carries ${written.join(', ')}`, 'canary');
      }),
    ),
  ];
}

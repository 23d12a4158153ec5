/**
 * Inbound DataHub documents (peeked from DataHub 3's queue, RULES 10): their zod schema, and what each
 * means for a case — a {@link DataHubEvent}, or a message kept for an operator.
 *
 * | document | meaning |
 * |---|---|
 * | `ConfirmRequestEndOfSupply` | `requestConfirmed` (with DataHub's process id) |
 * | `RejectRequestEndOfSupply` | `requestRejected` (E10, E16, E17, D16 …) |
 * | `ConfirmRequestService` D01 | `requestConfirmed`; other service types (D03, D05, D09–D13): informational |
 * | `RejectRequestService` D41–D44, D58 | `notDisconnected` (RULES 5); for D03 `notReopened`; else `requestRejected` |
 * | `ConfirmRequestCancellation` | `endOfSupplyCancelled` |
 * | `RejectRequestCancellation` | kept for an operator: the cancellation did not take |
 * | `NotifyConnectionStatus` (RSM-021, E79) E23 / E22 | `disconnected` (date, meter reading) / `reopened` — only when it refers to one of our transactions; without a reference it is the grid's own disconnection (SV 2.2.4): kept for an operator |
 * | `NotifyEndOfSupply` E03 / E65 | `supplierSwitched` (another supplier or a move-in took over); E20: informational |
 * | `GenericNotification` (RSM-004) E03 / E65 | `supplierSwitched` from `validityStart_DateAndOrTime.dateTime`; E20 (end of supply) and others: informational |
 * | `Acknowledgement` (RSM-009) negative | `requestRejected` with its reason, routed by the transaction (`Series[].mRID`) or message (`received_MarketDocument.mRID`) it acknowledges; positive: informational |
 * | `AccountingPointCharacteristics` (RSM-022) | master data: grid company, settlement, disconnection method — stored in the master-data store (not a case event); its customer fields are never read |
 *
 * Coded fields are objects as in Energinet's schemas — `Reason[].code` is `{ "value": "E10" }` — and
 * the older bare string is still read. A rejection may come without a metering point (the Reject
 * schemas do not require it): it reaches the case that sent the transaction, else an operator.
 * | `Confirm/RejectRequestChangeOfSupplier` | informational / kept for an operator |
 *
 * Where RULES 10 names no field the conventions are those of the adapter (`activities/datahub-b2b.ts`):
 * `serviceType`, `connectionState`, `meterReading`, `businessProcessReference_MktActivityRecord.mRID`.
 */
import { z } from 'zod';
import { HOLIDAY_TABLE_FIRST_YEAR, HOLIDAY_TABLE_LAST_YEAR, copenhagenLocalTime } from '../rules/index.js';
import { safeErrorMap } from './api/schemas.js';
import { idLooksLikePersonalData, maskPersonalData } from './personal-data.js';
import type { DataHubEvent, GridChargeEvent, NotDisconnectedReason } from '../workflows/case/definitions.js';
import {
  DATAHUB_GLN,
  FIELD,
  GRID_REFUSAL_CODES as REFUSALS,
  INBOUND_DOCUMENTS,
  REASON,
  RSM022,
  SUPPLIER_SWITCH_PROCESS_TYPES,
  type InboundDocumentName,
  type Rsm022Facts,
} from '../activities/datahub-profile.js';

/** The documents the poller understands (the profile's list, with the source of each). */
export const INBOUND_DOCUMENT_TYPES = INBOUND_DOCUMENTS;
export type InboundDocumentType = InboundDocumentName;

/**
 * An ISO instant that is a real one (no 29 February 2027, no 25:00, an offset within ±14:00) on a
 * Danish date afbryd can plan with (the holiday table's years, with a year to spare, as the API's
 * dates): a date interpretInbound could not turn into a Danish date would otherwise throw while the
 * message is handled, and the message would stay at the head of the queue for good.
 */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO instant')
  .superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return; // reported above
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
    if (offset && (Number(offset[2]) > 14 || Number(offset[3]) > 59 || (Number(offset[2]) === 14 && Number(offset[3]) > 0))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must have an offset from -14:00 to +14:00' });
      return;
    }
    let date: string;
    try {
      date = copenhagenLocalTime(value).date;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a real date and time of day' });
      return;
    }
    const year = Number(date.slice(0, 4));
    if (year < HOLIDAY_TABLE_FIRST_YEAR || year > HOLIDAY_TABLE_LAST_YEAR - 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be in the years ${HOLIDAY_TABLE_FIRST_YEAR}-${HOLIDAY_TABLE_LAST_YEAR - 1}` });
    }
  });
const codeValue = z.object({ value: z.string().min(1) }).passthrough();
/** An mRID: 1-36 printable characters, no spaces, and no personal data (it may reach a case as a process or charge id). */
const id = z
  .string()
  .min(1)
  .max(36)
  .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces')
  .refine((v) => v.length > 36 || !idLooksLikePersonalData(v), { message: 'must not contain personal data' });
/** A DataHub reason code (E10, D41, …): it reaches a case as the code of a rejection. */
const reasonCode = z.string().regex(/^[A-Z0-9]{2,8}$/, 'must be a DataHub reason code, e.g. E10');
/** A reason's code: `{ "value": "E10" }` as in Energinet's schemas (ReasonCode_String), or the older bare string. */
const reasonCodeField = z
  .union([reasonCode, z.object({ value: reasonCode }).passthrough()])
  .transform((c) => (typeof c === 'string' ? c : c.value));
const reasonSchema = z.object({ code: reasonCodeField, text: z.string().max(2000).optional() }).passthrough();

const recordSchema = z
  .object({
    mRID: id,
    // Optional in Energinet's Reject schemas: checked per document type below.
    'marketEvaluationPoint.mRID': z.object({ value: z.string().regex(/^\d{18}$/, 'must be an 18-digit GSRN') }).passthrough().optional(),
    'originalTransactionIDReference_MktActivityRecord.mRID': id.optional(),
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
    serviceType: z.object({ value: z.string().regex(/^[A-Z0-9]{1,8}$/, 'must be a DataHub service type, e.g. D01') }).passthrough().optional(),
    'start_DateAndOrTime.dateTime': instant.optional(),
    /** RSM-004's date (`urn-ediel-org-structure-genericnotification-0-1.xsd`). */
    'validityStart_DateAndOrTime.dateTime': instant.optional(),
    connectionState: z.object({ value: z.enum(['E22', 'E23']) }).passthrough().optional(),
    meterReading: z
      .object({ quantity: z.number().finite().nonnegative().max(1e12), unit: z.object({ value: z.string() }).passthrough().optional() })
      .passthrough()
      .optional(),
    Reason: z.array(reasonSchema).optional(),
    Charge: z
      .object({
        mRID: id,
        type: z.object({ value: z.enum(['late-cancellation', 'futile-visit', 'disconnection', 'reopening']) }).passthrough(),
        amount: z
          .object({
            // At least 1 øre once rounded: the case books it as a positive amount in øre.
            value: z.number().finite().max(1e7).refine((v) => Math.round(v * 100) >= 1, { message: 'must be at least 0.01 DKK' }),
            currency: z.literal('DKK'),
          })
          .passthrough(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** The header and records of an inbound document (unknown extra fields are tolerated). */
function documentSchema(supplierGln: string) {
  return z
    .object({
      mRID: id,
      type: codeValue,
      'process.processType': codeValue,
      'sender_MarketParticipant.mRID': z.object({ value: z.literal(DATAHUB_GLN, { errorMap: () => ({ message: `must be DataHub (${DATAHUB_GLN})` }) }) }).passthrough(),
      'receiver_MarketParticipant.mRID': z.object({ value: z.literal(supplierGln, { errorMap: () => ({ message: 'must be our GLN' }) }) }).passthrough(),
      createdDateTime: instant,
      'reason.code': z.object({ value: reasonCode }).passthrough().optional(),
      MktActivityRecord: z.array(recordSchema).min(1),
    })
    .passthrough();
}

/**
 * RSM-009 Acknowledgement (`Acknowledgement-assembly-model.schema.json`, `AcknowledgementJsonDocumentWriter.cs`):
 * no `type`, process or `MktActivityRecord`; it refers to the received message
 * (`received_MarketDocument.mRID`) and, per transaction, to its `mRID` (`Series[]` as Energinet writes
 * it, or `Original_MktActivityRecord[]`), each with its `Reason[]`.
 */
function acknowledgementSchema(supplierGln: string) {
  const item = z.object({ mRID: id, Reason: z.array(reasonSchema).optional() }).passthrough();
  return z
    .object({
      mRID: id,
      createdDateTime: instant,
      'sender_MarketParticipant.mRID': z.object({ value: z.literal(DATAHUB_GLN, { errorMap: () => ({ message: `must be DataHub (${DATAHUB_GLN})` }) }) }).passthrough(),
      'receiver_MarketParticipant.mRID': z.object({ value: z.literal(supplierGln, { errorMap: () => ({ message: 'must be our GLN' }) }) }).passthrough(),
      'received_MarketDocument.mRID': id.optional(),
      'received_MarketDocument.process.processType': codeValue.optional(),
      Reason: z.array(reasonSchema).optional(),
      Series: z.array(item).optional(),
      Original_MktActivityRecord: z.array(item).optional(),
    })
    .passthrough();
}

/**
 * RSM-022 AccountingPointCharacteristics (`RSM022` in the profile): the header as every document, and
 * per record only what afbryd reads of `MarketEvaluationPoint` — every other field (the customer's
 * CPR/CVR and name, the address) is neither validated nor kept in what this returns.
 */
function accountingPointSchema(supplierGln: string) {
  const gsrn = z.object({ value: z.string().regex(/^\d{18}$/, 'must be an 18-digit GSRN') }).passthrough();
  const point = z
    .object({
      [RSM022.field.meteringPoint]: gsrn,
      [RSM022.field.gridCompany]: z.object({ value: z.string().regex(/^\d{13}$/, 'must be a 13-digit GLN') }).passthrough(),
      [RSM022.field.gridArea]: z.object({ value: z.string().regex(/^\d{3}$/, 'must be a 3-digit grid area') }).passthrough().optional(),
      [RSM022.field.type]: codeValue.optional(),
      [RSM022.field.settlementMethod]: codeValue.optional(),
      [RSM022.field.disconnectionMethod]: codeValue.optional(),
      [RSM022.field.connectionState]: codeValue.optional(),
    })
    .passthrough();
  return z
    .object({
      mRID: id,
      type: codeValue.optional(),
      'process.processType': codeValue.optional(),
      'sender_MarketParticipant.mRID': z.object({ value: z.literal(DATAHUB_GLN, { errorMap: () => ({ message: `must be DataHub (${DATAHUB_GLN})` }) }) }).passthrough(),
      'receiver_MarketParticipant.mRID': z.object({ value: z.literal(supplierGln, { errorMap: () => ({ message: 'must be our GLN' }) }) }).passthrough(),
      createdDateTime: instant,
      MktActivityRecord: z.array(z.object({ mRID: id, [RSM022.validityStart]: instant, [RSM022.point]: point }).passthrough()).min(1),
    })
    .passthrough();
}

/** One RSM-022 record read: the facts afbryd keeps, or why it keeps none (not a consumption point). */
export type Rsm022Reading = { ok: true; facts: Rsm022Facts } | { ok: false; meteringPointId: string; reason: string };

export type InboundRecord = z.infer<typeof recordSchema>;

/** A validated inbound document. */
export interface InboundDocument {
  documentType: InboundDocumentType;
  processType: string;
  /** The header's reason code: a rejection's reason when its records name none. */
  reasonCode?: string;
  /** RSM-009: the message it acknowledges (`received_MarketDocument.mRID`). */
  receivedMessageId?: string;
  records: InboundRecord[];
  /** RSM-022: what each record says of its metering point (`records` is then empty). */
  masterData?: Rsm022Reading[];
}

/**
 * Validates a peeked document.
 * @returns the document, or why it is invalid (one line naming every problem).
 */
export function parseInboundDocument(body: unknown, supplierGln: string): { ok: true; doc: InboundDocument } | { ok: false; error: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: 'not a JSON object' };
  const keys = Object.keys(body);
  if (keys.length !== 1) return { ok: false, error: `expected one root element, found ${keys.length}` };
  const root = keys[0]!;
  const name = root.replace(/_MarketDocument$/, '');
  if (!root.endsWith('_MarketDocument') || !(INBOUND_DOCUMENT_TYPES as readonly string[]).includes(name)) {
    // The root's name is input: repeated only when it has the shape of a document name.
    return { ok: false, error: `unsupported document ${/^[A-Za-z]{1,60}_MarketDocument$/.test(root) ? root : '(an unsupported root element)'}` };
  }
  // Reasons name the rule, never a value sent (they are kept beside the document); a literal's own
  // message (the GLNs) stands.
  const errorMap: z.ZodErrorMap = (issue, ctx) => (issue.code === z.ZodIssueCode.invalid_literal ? { message: ctx.defaultError } : safeErrorMap(issue, ctx));
  if (name === 'Acknowledgement') return parseAcknowledgement((body as Record<string, unknown>)[root], supplierGln, errorMap);
  if (name === RSM022.documentName) return parseAccountingPoint((body as Record<string, unknown>)[root], supplierGln, errorMap);
  const parsed = documentSchema(supplierGln).safeParse((body as Record<string, unknown>)[root], { errorMap });
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || root}: ${i.message}`).join('; ') };
  }
  const documentType = name as InboundDocumentType;
  const records = parsed.data.MktActivityRecord;
  for (const [i, r] of records.entries()) {
    const where = `MktActivityRecord.${i}`;
    if (documentType === 'NotifyConnectionStatus' && (!r.connectionState || !r['start_DateAndOrTime.dateTime'])) {
      return { ok: false, error: `${where}: a connection status needs connectionState and start_DateAndOrTime.dateTime` };
    }
    if (documentType === 'NotifyGridCharge' && (!r.Charge || !r['start_DateAndOrTime.dateTime'])) {
      return { ok: false, error: `${where}: a grid charge needs Charge and start_DateAndOrTime.dateTime` };
    }
    if (documentType === 'NotifyEndOfSupply' && !r['start_DateAndOrTime.dateTime']) {
      return { ok: false, error: `${where}: needs start_DateAndOrTime.dateTime` };
    }
    if (documentType.startsWith('Reject') && !(r.Reason && r.Reason.length > 0) && !parsed.data['reason.code']) {
      return { ok: false, error: `${where}: a rejection needs a Reason` };
    }
    if (documentType === 'GenericNotification' && !r[FIELD.validityStart]) {
      return { ok: false, error: `${where}: a notification needs validityStart_DateAndOrTime.dateTime` };
    }
    // Only a rejection may come without a metering point (Energinet's Reject schemas do not require it).
    if (!documentType.startsWith('Reject') && !r['marketEvaluationPoint.mRID']) {
      return { ok: false, error: `${where}: needs marketEvaluationPoint.mRID` };
    }
  }
  const reasonCodeOfHeader = parsed.data['reason.code']?.value;
  return { ok: true, doc: { documentType, processType: parsed.data['process.processType'].value, ...(reasonCodeOfHeader ? { reasonCode: reasonCodeOfHeader } : {}), records } };
}

/** An RSM-009 as an {@link InboundDocument}: one record per acknowledged transaction, or one for the message. */
function parseAcknowledgement(
  body: unknown,
  supplierGln: string,
  errorMap: z.ZodErrorMap,
): { ok: true; doc: InboundDocument } | { ok: false; error: string } {
  const parsed = acknowledgementSchema(supplierGln).safeParse(body, { errorMap });
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'Acknowledgement_MarketDocument'}: ${i.message}`).join('; ') };
  }
  const a = parsed.data;
  const items = [...(a.Series ?? []), ...(a.Original_MktActivityRecord ?? [])];
  const records: InboundRecord[] =
    items.length > 0
      ? items.map((item) => ({ mRID: item.mRID, [FIELD.originalTransaction]: item.mRID, Reason: item.Reason ?? a.Reason ?? [] }))
      : [{ mRID: a.mRID, Reason: a.Reason ?? [] }];
  const processType = a['received_MarketDocument.process.processType']?.value ?? '';
  const received = a['received_MarketDocument.mRID'];
  return { ok: true, doc: { documentType: 'Acknowledgement', processType, ...(received ? { receivedMessageId: received } : {}), records } };
}

/** An RSM-022 as an {@link InboundDocument} carrying its master data (RSM022 in the profile names each field and code). */
function parseAccountingPoint(body: unknown, supplierGln: string, errorMap: z.ZodErrorMap): { ok: true; doc: InboundDocument } | { ok: false; error: string } {
  const parsed = accountingPointSchema(supplierGln).safeParse(body, { errorMap });
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'AccountingPointCharacteristics_MarketDocument'}: ${i.message}`).join('; ') };
  }
  const masterData = parsed.data.MktActivityRecord.map((r): Rsm022Reading => {
    const p = r[RSM022.point] as Record<string, { value: string } | undefined>;
    const meteringPointId = p[RSM022.field.meteringPoint]!.value;
    const type = p[RSM022.field.type]?.value;
    if (type !== undefined && type !== RSM022.consumption) return { ok: false, meteringPointId, reason: `not a consumption metering point (type ${type.slice(0, 8)})` };
    const settlement = p[RSM022.field.settlementMethod]?.value;
    const method = p[RSM022.field.disconnectionMethod]?.value;
    const gridArea = p[RSM022.field.gridArea]?.value;
    const disconnectionMethod = method === RSM022.disconnection.remote ? 'remote' : method === RSM022.disconnection.manual ? 'physical' : undefined;
    return {
      ok: true,
      facts: {
        meteringPointId,
        gridCompanyGln: p[RSM022.field.gridCompany]!.value,
        ...(gridArea ? { gridArea } : {}),
        hourlySettled: settlement !== undefined && RSM022.hourlySettlement.includes(settlement),
        ...(disconnectionMethod ? { disconnectionMethod } : {}),
        validFrom: new Date(Date.parse(r[RSM022.validityStart] as string)).toISOString(),
      },
    };
  });
  return { ok: true, doc: { documentType: 'AccountingPointCharacteristics', processType: parsed.data['process.processType']?.value ?? '', records: [], masterData } };
}

/** What a record of an inbound document means. */
export type Interpretation =
  | {
      kind: 'event';
      /** Absent on a rejection without one, and on an RSM-009: then only the sender of the transaction or message can get it. */
      meteringPointId?: string;
      /** Our transaction the document answers, if it names one. */
      originalTransactionId?: string;
      /** Our message an RSM-009 acknowledges (`received_MarketDocument.mRID`), if it names one. */
      originalMessageId?: string;
      event: DataHubEvent | GridChargeEvent;
    }
  | {
      kind: 'keep';
      meteringPointId?: string;
      /** Why an operator must see it. */
      reason: string;
    }
  | {
      /** RSM-022: master data for the master-data store (no case event). */
      kind: 'master-data';
      meteringPointId: string;
      facts: Rsm022Facts;
    };

function danishDate(instantText: string): string {
  return copenhagenLocalTime(instantText).date;
}

/**
 * What each record of a validated document means for a case.
 * @param messageId DataHub's `MessageId`: the event's message id (with `#n` when a document has several records)
 */
export function interpretInbound(doc: InboundDocument, messageId: string): Interpretation[] {
  if (doc.masterData) {
    return doc.masterData.map((m): Interpretation =>
      m.ok ? { kind: 'master-data', meteringPointId: m.facts.meteringPointId, facts: m.facts } : { kind: 'keep', meteringPointId: m.meteringPointId, reason: `informational: ${m.reason}` },
    );
  }
  return doc.records.map((r, i) => {
    const meteringPointId = r['marketEvaluationPoint.mRID']?.value;
    const original = r['originalTransactionIDReference_MktActivityRecord.mRID'];
    const processId = r['businessProcessReference_MktActivityRecord.mRID'];
    const reason = r.Reason?.[0];
    const code = reason?.code ?? doc.reasonCode ?? 'unknown';
    // DataHub's free text reaches the case's timeline: what looks like personal data is masked, and it
    // is cut to the 500 characters the doors accept for it.
    const text = reason?.text ? maskPersonalData(reason.text).slice(0, 500) : undefined;
    const service = r.serviceType?.value;
    const base = { messageId: doc.records.length > 1 ? `${messageId}#${i + 1}` : messageId, actor: 'datahub' };
    // A rejection names which of our messages it rejects (release 0.6.12 tells an RSM-020's from the end of supply's).
    const refersTo = original || doc.receivedMessageId ? { ...(original ? { transactionId: original } : {}), ...(doc.receivedMessageId ? { messageId: doc.receivedMessageId } : {}) } : undefined;
    const event = (e: DataHubEvent | GridChargeEvent): Interpretation => ({
      kind: 'event',
      ...(meteringPointId ? { meteringPointId } : {}),
      ...(original ? { originalTransactionId: original } : {}),
      ...(doc.receivedMessageId ? { originalMessageId: doc.receivedMessageId } : {}),
      event: e,
    });
    const keep = (why: string): Interpretation => ({ kind: 'keep', ...(meteringPointId ? { meteringPointId } : {}), reason: why });

    switch (doc.documentType) {
      case 'ConfirmRequestEndOfSupply':
        return event({ ...base, type: 'requestConfirmed', ...(processId ? { processId } : {}) });
      case 'RejectRequestEndOfSupply':
        return event({ ...base, type: 'requestRejected', code, ...(text ? { text } : {}), ...(refersTo ? { refersTo } : {}) });
      case 'ConfirmRequestService':
        if (service === 'D01') return event({ ...base, type: 'requestConfirmed', ...(processId ? { processId } : {}) });
        return keep(`informational: DataHub confirmed service request ${service ?? '(no service type)'}`);
      case 'RejectRequestService':
        if (REFUSALS.includes(code)) {
          return event({ ...base, type: 'notDisconnected', reason: code as NotDisconnectedReason, ...(text ? { text } : {}) });
        }
        if (service === 'D03') return event({ ...base, type: 'notReopened', ...(text ? { text: `${code}: ${text}` } : { text: code }) });
        return event({ ...base, type: 'requestRejected', code, ...(text ? { text } : {}), ...(refersTo ? { refersTo } : {}) });
      case 'ConfirmRequestCancellation':
        return event({ ...base, type: 'endOfSupplyCancelled' });
      case 'RejectRequestCancellation':
        return keep(`DataHub refused a cancellation (${code}${text ? `: ${text}` : ''}); an operator must act`);
      case 'ConfirmRequestChangeOfSupplier':
        return keep('informational: DataHub confirmed the start of supply (BRS-009)');
      case 'RejectRequestChangeOfSupplier':
        return keep(`DataHub refused the start of supply (${code}${text ? `: ${text}` : ''}); an operator must act`);
      case 'NotifyConnectionStatus': {
        if (!original) return keep('a disconnection or reconnection by the grid company on its own (SV 2.2.4): not an afbryd case');
        const date = danishDate(r['start_DateAndOrTime.dateTime']!);
        if (r.connectionState!.value === 'E22') return event({ ...base, type: 'reopened', date });
        const reading = r.meterReading ? { meterReading: { value: r.meterReading.quantity, unit: 'kWh' as const } } : {};
        return event({ ...base, type: 'disconnected', date, ...reading });
      }
      case 'NotifyGridCharge': {
        const charge = r.Charge!;
        return event({
          ...base,
          type: 'gridCharged',
          chargeKind: charge.type.value,
          amountOre: Math.round(charge.amount.value * 100),
          date: danishDate(r['start_DateAndOrTime.dateTime']!),
          chargeId: charge.mRID,
        });
      }
      case 'NotifyEndOfSupply': {
        const date = danishDate(r['start_DateAndOrTime.dateTime']!);
        if (SUPPLIER_SWITCH_PROCESS_TYPES.includes(doc.processType)) return event({ ...base, type: 'supplierSwitched', effectiveDate: date });
        return keep(`informational: end of supply (${doc.processType}) from ${date}`);
      }
      case 'GenericNotification': {
        // RSM-004: a supplier switch or a move-in ends our supply; an end of supply (E20) is informational.
        const date = danishDate(r[FIELD.validityStart]!);
        if (SUPPLIER_SWITCH_PROCESS_TYPES.includes(doc.processType)) return event({ ...base, type: 'supplierSwitched', effectiveDate: date });
        return keep(`informational: notification (${doc.processType}) from ${date}`);
      }
      case 'AccountingPointCharacteristics':
        // Read above (`doc.masterData`): a document of this type carries no case records.
        return keep('informational: master data');
      case 'Acknowledgement': {
        // RSM-009: a negative acknowledgement (any reason but A01) rejects the message or transaction it names.
        const negative = (r.Reason ?? []).find((x) => x.code !== REASON.accepted);
        if (!negative) return keep(`informational: DataHub acknowledged ${original ? 'a transaction' : 'a message'} of ours`);
        const ackText = negative.text ? maskPersonalData(negative.text).slice(0, 500) : undefined;
        return event({ ...base, type: 'requestRejected', code: negative.code, ...(ackText ? { text: ackText } : {}), ...(refersTo ? { refersTo } : {}) });
      }
    }
  });
}

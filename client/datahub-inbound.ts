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
import { DATAHUB_GLN, GRID_REFUSAL_CODES as REFUSALS } from '../activities/datahub-profile.js';

/** The documents the poller understands. */
export const INBOUND_DOCUMENT_TYPES = [
  'ConfirmRequestEndOfSupply',
  'RejectRequestEndOfSupply',
  'ConfirmRequestService',
  'RejectRequestService',
  'ConfirmRequestCancellation',
  'RejectRequestCancellation',
  'ConfirmRequestChangeOfSupplier',
  'RejectRequestChangeOfSupplier',
  'NotifyConnectionStatus',
  'NotifyEndOfSupply',
  // The grid's charge for a service (SV 2.4); DataHub's own document is unconfirmed, see the simulator's fixtures.
  'NotifyGridCharge',
] as const;
export type InboundDocumentType = (typeof INBOUND_DOCUMENT_TYPES)[number];

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

const recordSchema = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': z.object({ value: z.string().regex(/^\d{18}$/, 'must be an 18-digit GSRN') }).passthrough(),
    'originalTransactionIDReference_MktActivityRecord.mRID': id.optional(),
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
    serviceType: z.object({ value: z.string().regex(/^[A-Z0-9]{1,8}$/, 'must be a DataHub service type, e.g. D01') }).passthrough().optional(),
    'start_DateAndOrTime.dateTime': instant.optional(),
    connectionState: z.object({ value: z.enum(['E22', 'E23']) }).passthrough().optional(),
    meterReading: z
      .object({ quantity: z.number().finite().nonnegative().max(1e12), unit: z.object({ value: z.string() }).passthrough().optional() })
      .passthrough()
      .optional(),
    Reason: z.array(z.object({ code: reasonCode, text: z.string().max(2000).optional() }).passthrough()).optional(),
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

export type InboundRecord = z.infer<typeof recordSchema>;

/** A validated inbound document. */
export interface InboundDocument {
  documentType: InboundDocumentType;
  processType: string;
  /** The header's reason code: a rejection's reason when its records name none. */
  reasonCode?: string;
  records: InboundRecord[];
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
  const parsed = documentSchema(supplierGln).safeParse((body as Record<string, unknown>)[root], {
    errorMap: (issue, ctx) => (issue.code === z.ZodIssueCode.invalid_literal ? { message: ctx.defaultError } : safeErrorMap(issue, ctx)),
  });
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
  }
  const reasonCodeOfHeader = parsed.data['reason.code']?.value;
  return { ok: true, doc: { documentType, processType: parsed.data['process.processType'].value, ...(reasonCodeOfHeader ? { reasonCode: reasonCodeOfHeader } : {}), records } };
}

/** What a record of an inbound document means. */
export type Interpretation =
  | {
      kind: 'event';
      meteringPointId: string;
      /** Our transaction the document answers, if it names one. */
      originalTransactionId?: string;
      event: DataHubEvent | GridChargeEvent;
    }
  | {
      kind: 'keep';
      meteringPointId: string;
      /** Why an operator must see it. */
      reason: string;
    };

function danishDate(instantText: string): string {
  return copenhagenLocalTime(instantText).date;
}

/**
 * What each record of a validated document means for a case.
 * @param messageId DataHub's `MessageId`: the event's message id (with `#n` when a document has several records)
 */
export function interpretInbound(doc: InboundDocument, messageId: string): Interpretation[] {
  return doc.records.map((r, i) => {
    const meteringPointId = r['marketEvaluationPoint.mRID'].value;
    const original = r['originalTransactionIDReference_MktActivityRecord.mRID'];
    const processId = r['businessProcessReference_MktActivityRecord.mRID'];
    const reason = r.Reason?.[0];
    const code = reason?.code ?? doc.reasonCode ?? 'unknown';
    // DataHub's free text reaches the case's timeline: what looks like personal data is masked, and it
    // is cut to the 500 characters the doors accept for it.
    const text = reason?.text ? maskPersonalData(reason.text).slice(0, 500) : undefined;
    const service = r.serviceType?.value;
    const base = { messageId: doc.records.length > 1 ? `${messageId}#${i + 1}` : messageId, actor: 'datahub' };
    const event = (e: DataHubEvent | GridChargeEvent): Interpretation => ({
      kind: 'event',
      meteringPointId,
      ...(original ? { originalTransactionId: original } : {}),
      event: e,
    });
    const keep = (why: string): Interpretation => ({ kind: 'keep', meteringPointId, reason: why });

    switch (doc.documentType) {
      case 'ConfirmRequestEndOfSupply':
        return event({ ...base, type: 'requestConfirmed', ...(processId ? { processId } : {}) });
      case 'RejectRequestEndOfSupply':
        return event({ ...base, type: 'requestRejected', code, ...(text ? { text } : {}) });
      case 'ConfirmRequestService':
        if (service === 'D01') return event({ ...base, type: 'requestConfirmed', ...(processId ? { processId } : {}) });
        return keep(`informational: DataHub confirmed service request ${service ?? '(no service type)'}`);
      case 'RejectRequestService':
        if (REFUSALS.includes(code)) {
          return event({ ...base, type: 'notDisconnected', reason: code as NotDisconnectedReason, ...(text ? { text } : {}) });
        }
        if (service === 'D03') return event({ ...base, type: 'notReopened', ...(text ? { text: `${code}: ${text}` } : { text: code }) });
        return event({ ...base, type: 'requestRejected', code, ...(text ? { text } : {}) });
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
        if (doc.processType === 'E03' || doc.processType === 'E65') return event({ ...base, type: 'supplierSwitched', effectiveDate: date });
        return keep(`informational: end of supply (${doc.processType}) from ${date}`);
      }
    }
  });
}

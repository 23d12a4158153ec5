/**
 * The CIM JSON documents of DataHub 3's B2B interface as the simulator reads and writes them (RULES
 * 10), with its own zod schemas: written from RULES 10, not from the adapter, so that a mistake in the
 * adapter's documents shows up as DataHub's error.
 *
 * Simulator conventions where RULES 10 names no field (a real DataHub may differ):
 * - RSM-020's service type: `serviceType: { value }`; its free text: `description` (≤ 1000);
 * - special circumstances on an end of supply: `specialCircumstance: [{ value: 'D09' … 'D13' }]`;
 * - DataHub's process id on answers: `businessProcessReference_MktActivityRecord.mRID`;
 * - RSM-021's state and reading: `connectionState: { value: 'E22' | 'E23' }`,
 *   `meterReading: { quantity, unit: { value: 'KWH' } }`.
 */
import { z } from 'zod';
import {
  BUSINESS_SECTOR,
  CIRCUMSTANCE_SERVICE_TYPES,
  CODING_SCHEME_GLN,
  DATAHUB_GLN,
  OUTGOING_TYPE,
  ROLE,
  SERVICE_TYPES,
  type IncomingDocumentType,
  type OutgoingDocumentType,
} from './fixtures.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;

const codeValue = z.object({ value: z.string().min(1) }).strict();
const partyId = z
  .object({ codingScheme: z.literal(CODING_SCHEME_GLN), value: z.string().regex(/^\d{13}$/, 'a GLN has 13 digits') })
  .strict();
/** A metering point id; its format is checked as a business rule (E10), not by the schema. */
const meteringPoint = z.object({ codingScheme: z.literal(CODING_SCHEME_GLN), value: z.string().min(1) }).strict();
const instant = z.string().regex(INSTANT, 'must be a UTC instant, e.g. 2026-11-09T23:00:00Z');
/** Ids are checked for length (≤ 36) as B2B-003 / B2B-009, so the schema takes any non-empty string. */
const id = z.string().min(1);

const header = {
  mRID: id,
  type: codeValue,
  'process.processType': codeValue,
  'businessSector.type': z.object({ value: z.literal(BUSINESS_SECTOR) }).strict(),
  'sender_MarketParticipant.mRID': partyId,
  'sender_MarketParticipant.marketRole.type': codeValue,
  'receiver_MarketParticipant.mRID': partyId,
  'receiver_MarketParticipant.marketRole.type': codeValue,
  createdDateTime: instant,
};

const endOfSupplyRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    'start_DateAndOrTime.dateTime': instant,
    specialCircumstance: z
      .array(z.object({ value: z.string().refine((v) => CIRCUMSTANCE_SERVICE_TYPES.includes(v), 'must be D09–D13') }).strict())
      .optional(),
  })
  .strict();

const serviceRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    serviceType: z.object({ value: z.enum(SERVICE_TYPES) }).strict(),
    'start_DateAndOrTime.dateTime': instant,
    description: z.string().max(1000).optional(),
    'originalTransactionIDReference_MktActivityRecord.mRID': id.optional(),
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
  })
  .strict();

const cancellationRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    'originalTransactionIDReference_MktActivityRecord.mRID': id,
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
  })
  .strict();

const changeOfSupplierRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    'marketEvaluationPoint.energySupplier_MarketParticipant.mRID': partyId.optional(),
    'start_DateAndOrTime.dateTime': instant,
  })
  .strict();

function documentSchema<R extends z.ZodTypeAny>(name: string, record: R) {
  return z
    .object({
      [`${name}_MarketDocument`]: z.object({ ...header, MktActivityRecord: z.array(record).min(1) }).strict(),
    })
    .strict();
}

/** The schema of each incoming document type. */
export const INCOMING_SCHEMAS = {
  RequestEndOfSupply: documentSchema('RequestEndOfSupply', endOfSupplyRecord),
  RequestService: documentSchema('RequestService', serviceRecord),
  RequestCancellation: documentSchema('RequestCancellation', cancellationRecord),
  RequestChangeOfSupplier: documentSchema('RequestChangeOfSupplier', changeOfSupplierRecord),
} satisfies Record<IncomingDocumentType, z.ZodTypeAny>;

export type EndOfSupplyRecord = z.infer<typeof endOfSupplyRecord>;
export type ServiceRecord = z.infer<typeof serviceRecord>;
export type CancellationRecord = z.infer<typeof cancellationRecord>;
export type ChangeOfSupplierRecord = z.infer<typeof changeOfSupplierRecord>;
export type IncomingRecord = EndOfSupplyRecord | ServiceRecord | CancellationRecord | ChangeOfSupplierRecord;

/** The header and records of a parsed incoming document. */
export interface ParsedIncoming {
  documentType: IncomingDocumentType;
  header: {
    mRID: string;
    type: string;
    processType: string;
    senderGln: string;
    senderRole: string;
    receiverGln: string;
    receiverRole: string;
    createdDateTime: string;
  };
  records: IncomingRecord[];
}

/** One error line of DataHub's error body. */
export interface ErrorLine {
  Code: string;
  Message: string;
  Target?: string;
}

/** DataHub's error body on a 400 (RULES 10). */
export interface ErrorBody {
  Error: { Code: string; Message: string; Target: string; Details: { Errors: ErrorLine[] } };
}

/** Builds DataHub's error body. */
export function errorBody(code: string, message: string, target: string, details: ErrorLine[] = []): ErrorBody {
  return { Error: { Code: code, Message: message, Target: target, Details: { Errors: details.length > 0 ? details : [{ Code: code, Message: message, Target: target }] } } };
}

/**
 * Parses an incoming document of a type.
 * @returns the parsed document, or the schema's errors as error lines.
 */
export function parseIncoming(documentType: IncomingDocumentType, body: unknown): { ok: true; doc: ParsedIncoming } | { ok: false; errors: ErrorLine[] } {
  const parsed = INCOMING_SCHEMAS[documentType].safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        Code: 'B2B-001',
        Message: issue.message,
        Target: issue.path.join('.') || `${documentType}_MarketDocument`,
      })),
    };
  }
  const root = (parsed.data as Record<string, Record<string, unknown>>)[`${documentType}_MarketDocument`]!;
  const h = root as unknown as {
    mRID: string;
    type: { value: string };
    'process.processType': { value: string };
    'sender_MarketParticipant.mRID': { value: string };
    'sender_MarketParticipant.marketRole.type': { value: string };
    'receiver_MarketParticipant.mRID': { value: string };
    'receiver_MarketParticipant.marketRole.type': { value: string };
    createdDateTime: string;
    MktActivityRecord: IncomingRecord[];
  };
  return {
    ok: true,
    doc: {
      documentType,
      header: {
        mRID: h.mRID,
        type: h.type.value,
        processType: h['process.processType'].value,
        senderGln: h['sender_MarketParticipant.mRID'].value,
        senderRole: h['sender_MarketParticipant.marketRole.type'].value,
        receiverGln: h['receiver_MarketParticipant.mRID'].value,
        receiverRole: h['receiver_MarketParticipant.marketRole.type'].value,
        createdDateTime: h.createdDateTime,
      },
      records: h.MktActivityRecord,
    },
  };
}

/** One activity record of a document the simulator sends. */
export interface OutgoingRecord {
  /** DataHub's transaction id. */
  mRID: string;
  meteringPointId: string;
  /** The supplier's transaction the answer refers to. */
  originalTransactionId?: string;
  /** DataHub's process id. */
  processId?: string;
  serviceType?: string;
  /** A UTC instant (a Danish date at 00:00 local time). */
  dateTime?: string;
  connectionState?: 'E22' | 'E23';
  meterReadingKwh?: number;
  reasons?: { code: string; text?: string }[];
  /** The grid's charge (NotifyGridCharge): its id, kind and amount in øre. */
  charge?: { id: string; kind: 'late-cancellation' | 'futile-visit'; amountOre: number };
}

/** Builds a document DataHub sends to a party's queue. */
export function outgoingDocument(input: {
  documentType: OutgoingDocumentType;
  messageId: string;
  processType: string;
  receiverGln: string;
  receiverRole?: string;
  createdDateTime: string;
  reasonCode?: string;
  records: OutgoingRecord[];
}): Record<string, unknown> {
  return {
    [`${input.documentType}_MarketDocument`]: {
      mRID: input.messageId,
      type: { value: OUTGOING_TYPE[input.documentType] },
      'process.processType': { value: input.processType },
      'businessSector.type': { value: BUSINESS_SECTOR },
      'sender_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: DATAHUB_GLN },
      'sender_MarketParticipant.marketRole.type': { value: ROLE.dataHub },
      'receiver_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: input.receiverGln },
      'receiver_MarketParticipant.marketRole.type': { value: input.receiverRole ?? ROLE.supplier },
      createdDateTime: input.createdDateTime,
      ...(input.reasonCode ? { 'reason.code': { value: input.reasonCode } } : {}),
      MktActivityRecord: input.records.map((r) => ({
        mRID: r.mRID,
        'marketEvaluationPoint.mRID': { codingScheme: CODING_SCHEME_GLN, value: r.meteringPointId },
        ...(r.originalTransactionId ? { 'originalTransactionIDReference_MktActivityRecord.mRID': r.originalTransactionId } : {}),
        ...(r.processId ? { 'businessProcessReference_MktActivityRecord.mRID': r.processId } : {}),
        ...(r.serviceType ? { serviceType: { value: r.serviceType } } : {}),
        ...(r.dateTime ? { 'start_DateAndOrTime.dateTime': r.dateTime } : {}),
        ...(r.connectionState ? { connectionState: { value: r.connectionState } } : {}),
        ...(r.meterReadingKwh !== undefined ? { meterReading: { quantity: r.meterReadingKwh, unit: { value: 'KWH' } } } : {}),
        ...(r.reasons ? { Reason: r.reasons.map((x) => ({ code: x.code, ...(x.text ? { text: x.text } : {}) })) } : {}),
        ...(r.charge
          ? { Charge: { mRID: r.charge.id, type: { value: r.charge.kind }, amount: { value: r.charge.amountOre / 100, currency: 'DKK' } } }
          : {}),
      })),
    },
  };
}

/**
 * The CIM JSON documents of DataHub 3's B2B interface as the simulator reads and writes them, with its
 * own zod schemas written from Energinet's published JSON schemas
 * (`opengeh-edi: source/IncomingMessages.Domain/Schemas/Cim/Json/Schemas/`), not from the adapter, so
 * that a mistake in the adapter's documents shows up as DataHub's error:
 * - every document: `additionalProperties: false` (here `.strict()`); coded values are `{ value }`;
 *   party ids `PartyID_String` `{ codingScheme, value ≤ 16 }`; metering points
 *   `MeasurementPointID_String` `{ codingScheme, value ≤ 35 }`; `createdDateTime` and dates by the
 *   schemas' ISO 8601 pattern; `MktActivityRecord` at least one; the header's required fields of
 *   `Request-Change-of-Supplier-assembly-model.schema.json` (`businessSector.type` optional);
 * - RSM-001 `RequestChangeOfSupplier`: exactly that schema's record (required `mRID`,
 *   `marketEvaluationPoint.mRID`, `marketEvaluationPoint.energySupplier_MarketParticipant.mRID`,
 *   `start_DateAndOrTime.dateTime`);
 * - RSM-005, RSM-020, RSM-024: no schema is published in the snapshot (BRS-002/039 not implemented):
 *   their records are the simulator's own on the same building blocks — RSM-020's service type
 *   `serviceType: { value }` and free text `description` (≤ 1000), a process referred to by
 *   `businessProcessReference_MktActivityRecord.mRID` (or, as before, `originalTransactionIDReference…`);
 *   RSM-005 still accepts `specialCircumstance: [{ value: 'D09' … 'D13' }]`, **not CIM**, which afbryd
 *   sends until its workflow sends RSM-020 after the confirmation (marked `legacy` in the log).
 *
 * Simulator conventions on what it sends where no schema is published: DataHub's process id on answers
 * `businessProcessReference_MktActivityRecord.mRID`; RSM-021's state and reading `connectionState:
 * { value: 'E22' | 'E23' }`, `meterReading: { quantity, unit: { value: 'KWH' } }`.
 */
import { z } from 'zod';
import {
  BUSINESS_SECTOR,
  CIRCUMSTANCE_SERVICE_TYPES,
  CODING_SCHEME_GLN,
  DATAHUB_GLN,
  OUTGOING_TYPE,
  ROLE,
  RSM022_SIM,
  SIM_FACTS_BY_METER_KIND,
  simGridArea,
  type MeteringPointFixture,
  SERVICE_TYPES,
  ERROR,
  MULTIPLE_ERRORS,
  type IncomingDocumentType,
  type OutgoingDocumentType,
} from './fixtures.js';

/** The date-time pattern of Energinet's JSON schemas (`createdDateTime`, `start_DateAndOrTime.dateTime`). */
const SCHEMA_DATE_TIME =
  /^(-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)$/;

const codeValue = z.object({ value: z.string().min(1) }).strict();
/** `PartyID_String`: a coding scheme and a value of at most 16 characters; afbryd's parties are GLNs. */
const partyId = z
  .object({ codingScheme: z.string().min(1), value: z.string().max(16, 'a party id has at most 16 characters') })
  .strict();
/** `MeasurementPointID_String`; the GSRN's format is checked as a business rule (E10), not by the schema. */
const meteringPoint = z.object({ codingScheme: z.string().min(1), value: z.string().max(35, 'a metering point id has at most 35 characters') }).strict();
const dateTime = z.string().regex(SCHEMA_DATE_TIME, 'must be an ISO 8601 date and time, e.g. 2026-11-09T23:00:00Z');
/** Ids are checked for emptiness and length (≤ 36) as 00201/00202/00205/00305, so the schema takes any string. */
const id = z.string();

const header = {
  mRID: id,
  type: codeValue,
  'process.processType': codeValue,
  'businessSector.type': z.object({ value: z.literal(BUSINESS_SECTOR) }).strict().optional(),
  'sender_MarketParticipant.mRID': partyId,
  'sender_MarketParticipant.marketRole.type': codeValue,
  'receiver_MarketParticipant.mRID': partyId,
  'receiver_MarketParticipant.marketRole.type': codeValue,
  createdDateTime: dateTime,
};

/** RSM-005 (the simulator's own; `specialCircumstance` is afbryd's legacy field, not CIM). */
const endOfSupplyRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    'start_DateAndOrTime.dateTime': dateTime,
    specialCircumstance: z
      .array(z.object({ value: z.string().refine((v) => CIRCUMSTANCE_SERVICE_TYPES.includes(v), 'must be D09–D13') }).strict())
      .optional(),
  })
  .strict();

/** RSM-020 (the simulator's own). */
const serviceRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    serviceType: z.object({ value: z.enum(SERVICE_TYPES) }).strict(),
    'start_DateAndOrTime.dateTime': dateTime,
    description: z.string().max(1000).optional(),
    'originalTransactionIDReference_MktActivityRecord.mRID': id.optional(),
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
  })
  .strict();

/** RSM-024 (the simulator's own). */
const cancellationRecord = z
  .object({
    mRID: id,
    'marketEvaluationPoint.mRID': meteringPoint,
    'originalTransactionIDReference_MktActivityRecord.mRID': id,
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
  })
  .strict();

/** RSM-001: `Request-Change-of-Supplier-assembly-model.schema.json`'s `MktActivityRecord`. */
const changeOfSupplierRecord = z
  .object({
    mRID: id,
    'businessProcessReference_MktActivityRecord.mRID': id.optional(),
    'marketEvaluationPoint.balanceResponsibleParty_MarketParticipant.mRID': partyId.optional(),
    'marketEvaluationPoint.customer_MarketParticipant.mRID': partyId.optional(),
    'marketEvaluationPoint.customer_MarketParticipant.name': z.string().optional(),
    'marketEvaluationPoint.energySupplier_MarketParticipant.mRID': partyId,
    'marketEvaluationPoint.mRID': meteringPoint,
    'marketEvaluationPoint.shipper_MarketParticipant.mRID': partyId.optional(),
    'start_DateAndOrTime.dateTime': dateTime,
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

/** One error of DataHub's error body. */
export interface ErrorLine {
  Code: string;
  Message: string;
  Target: string;
}

/**
 * DataHub's JSON error body on a 400 (`JsonResponseFactory.cs`): one error as the top-level `Code`,
 * `Message`, `Target`; several as `BadRequest` "Multiple errors in message" with an empty `Target`
 * and the errors in `Details.Errors`.
 */
export interface ErrorBody {
  Error: { Code: string; Message: string; Target: string; Details?: { Errors: ErrorLine[] } };
}

/** The body of a 401 (the simulator's; the real one comes from Entra ID's middleware, unconfirmed). */
export function unauthorisedBody(): ErrorBody {
  return { Error: { Code: 'Unauthorized', Message: 'a valid bearer token is required', Target: 'Authorization' } };
}

/** DataHub's error body of one or more errors (`JsonResponseFactory.cs`). */
export function errorBody(errors: ErrorLine[]): ErrorBody {
  if (errors.length === 1) {
    const [e] = errors as [ErrorLine];
    return { Error: { Code: e.Code, Message: e.Message, Target: e.Target } };
  }
  return { Error: { ...MULTIPLE_ERRORS, Details: { Errors: errors } } };
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
        Code: ERROR.invalidStructure,
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
  /** Absent on a rejection that names none (Energinet's Reject schemas do not require it). */
  meteringPointId?: string;
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
        ...(r.meteringPointId ? { 'marketEvaluationPoint.mRID': { codingScheme: CODING_SCHEME_GLN, value: r.meteringPointId } } : {}),
        ...(r.originalTransactionId ? { 'originalTransactionIDReference_MktActivityRecord.mRID': r.originalTransactionId } : {}),
        ...(r.processId ? { 'businessProcessReference_MktActivityRecord.mRID': r.processId } : {}),
        ...(r.serviceType ? { serviceType: { value: r.serviceType } } : {}),
        // RSM-004 dates its notification with validityStart (urn-ediel-org-structure-genericnotification-0-1.xsd).
        ...(r.dateTime ? { [input.documentType === 'GenericNotification' ? 'validityStart_DateAndOrTime.dateTime' : 'start_DateAndOrTime.dateTime']: r.dateTime } : {}),
        ...(r.connectionState ? { connectionState: { value: r.connectionState } } : {}),
        ...(r.meterReadingKwh !== undefined ? { meterReading: { quantity: r.meterReadingKwh, unit: { value: 'KWH' } } } : {}),
        // Coded fields are objects in Energinet's schemas: Reason[].code is { value } (ReasonCode_String).
        ...(r.reasons ? { Reason: r.reasons.map((x) => ({ code: { value: x.code }, ...(x.text ? { text: x.text } : {}) })) } : {}),
        ...(r.charge
          ? { Charge: { mRID: r.charge.id, type: { value: r.charge.kind }, amount: { value: r.charge.amountOre / 100, currency: 'DKK' } } }
          : {}),
      })),
    },
  };
}

/**
 * An RSM-009 Acknowledgement as Energinet writes it (`AcknowledgementJsonDocumentWriter.cs`; schema
 * `Acknowledgement-assembly-model.schema.json`): no `type`, process or activity records; the message
 * it acknowledges (`received_MarketDocument.mRID`) and one `Series` entry per transaction with its
 * reasons (`code: { value }`).
 */
export function acknowledgementDocument(input: {
  messageId: string;
  receiverGln: string;
  createdDateTime: string;
  receivedMessageId?: string;
  processType?: string;
  series: { mRID: string; reasons: { code: string; text?: string }[] }[];
}): Record<string, unknown> {
  return {
    Acknowledgement_MarketDocument: {
      mRID: input.messageId,
      'businessSector.type': { value: BUSINESS_SECTOR },
      createdDateTime: input.createdDateTime,
      ...(input.receivedMessageId ? { 'received_MarketDocument.mRID': input.receivedMessageId } : {}),
      ...(input.processType ? { 'received_MarketDocument.process.processType': { value: input.processType } } : {}),
      'sender_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: DATAHUB_GLN },
      'sender_MarketParticipant.marketRole.type': { value: ROLE.dataHub },
      'receiver_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: input.receiverGln },
      'receiver_MarketParticipant.marketRole.type': { value: ROLE.supplier },
      Series: input.series.map((x) => ({
        mRID: x.mRID,
        Reason: x.reasons.map((r) => ({ code: { value: r.code }, ...(r.text ? { text: r.text } : {}) })),
      })),
    },
  };
}

/**
 * An RSM-022 AccountingPointCharacteristics for one metering point (`RSM022_SIM`): the facts of the
 * point, and — as DataHub sends them — the customer's CPR/CVR, name and the address (fictional here), which
 * afbryd must drop on arrival.
 */
export function accountingPointCharacteristicsDocument(input: {
  messageId: string;
  transactionId: string;
  receiverGln: string;
  createdDateTime: string;
  validityStart: string;
  point: Pick<MeteringPointFixture, 'meteringPointId' | 'meterKind' | 'gridCompanyGln'>;
}): Record<string, unknown> {
  const facts = SIM_FACTS_BY_METER_KIND[input.point.meterKind];
  return {
    [RSM022_SIM.root]: {
      mRID: input.messageId,
      type: { value: RSM022_SIM.type },
      'process.processType': { value: 'E03' },
      'businessSector.type': { value: BUSINESS_SECTOR },
      'sender_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: DATAHUB_GLN },
      'sender_MarketParticipant.marketRole.type': { value: ROLE.dataHub },
      'receiver_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: input.receiverGln },
      'receiver_MarketParticipant.marketRole.type': { value: ROLE.supplier },
      createdDateTime: input.createdDateTime,
      MktActivityRecord: [
        {
          mRID: input.transactionId,
          'validityStart_DateAndOrTime.dateTime': input.validityStart,
          MarketEvaluationPoint: {
            mRID: { codingScheme: CODING_SCHEME_GLN, value: input.point.meteringPointId },
            'meteringPointResponsible_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: input.point.gridCompanyGln },
            type: { value: RSM022_SIM.consumption },
            settlementMethod: { value: facts.settlement },
            meteringMethod: { value: 'D01' },
            connectionState: { value: RSM022_SIM.connected },
            'meteringGridArea_Domain.mRID': { codingScheme: 'NDK', value: simGridArea(input.point.gridCompanyGln) },
            disconnectionMethod: { value: facts.disconnection },
            'energySupplier_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GLN, value: input.receiverGln },
            // Personal data, as DataHub sends it (fictional): afbryd must never store, log or signal it.
            'firstCustomer_MarketParticipant.mRID': { codingScheme: 'ARR', value: '0101001234' },
            'firstCustomer_MarketParticipant.name': 'Kanarie Fuglesang',
            'usagePointLocation.mainAddress': { streetDetail: { name: 'Kanarievej', number: '7' }, postalCode: '9999' },
          },
        },
      ],
    },
  };
}

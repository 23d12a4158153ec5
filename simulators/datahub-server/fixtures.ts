/**
 * The simulator's own table of DataHub 3's dialect and its fixtures, written from Energinet's public
 * code — `Energinet-DataHub/opengeh-edi`, snapshot of June 2025, shortened to `edi:` + the path under
 * `source/` — and RULES.md section 10, **independently of the adapter** (`activities/datahub-profile.ts`
 * is never imported here: `test/datahub/dialect.test.ts` compares the two, so a drift fails). Where
 * Energinet's code does not confirm a value it says so, and the simulator marks it its own.
 */

/** DataHub's own GLN: the receiver in `edi:IntegrationTests/Infrastructure.CimMessageAdapter/Messages/xml/RequestChangeOfSupplier.xml`. */
export const DATAHUB_GLN = '5790001330552';

/** Market roles (`edi:BuildingBlocks.Domain/Models/ActorRole.cs`): DDQ EnergySupplier, DDM GridAccessProvider, DDZ MeteringPointAdministrator (DataHub). */
export const ROLE = { supplier: 'DDQ', gridCompany: 'DDM', dataHub: 'DDZ' } as const;

/** The business sector of electricity (`edi:OutgoingMessages.Domain/DocumentWriters/Formats/GeneralValues.cs`). */
export const BUSINESS_SECTOR = '23';

/** The coding scheme of GLN and GSRN ids (the RSM-001 sample `RequestChangeOfSupplier.xml`). */
export const CODING_SCHEME_GLN = 'A10';

/** Process types (`process.processType`; ProcessTypeList of `edi:IncomingMessages.Domain/Schemas/Cim/Xml/Schemas/urn-entsoe-eu-wgedi-codelists.xsd`). */
export const PROCESS = {
  /** E20 "End of supply" (BRS-002). */
  endOfSupply: 'E20',
  /** D22 "Servicerequest" (BRS-039). */
  serviceRequest: 'D22',
  /** E79 "Change Connection Status" (BRS-013, RSM-021). */
  changeConnectionStatus: 'E79',
  /** E03 "Change of balance supplier" (BRS-001). */
  changeOfSupplier: 'E03',
  /** E65 "Customer move-in" (BRS-009; also `edi:BuildingBlocks.Domain/Models/BusinessReason.cs`). */
  moveIn: 'E65',
  /** D37 "Cancel service request". */
  cancelServiceRequest: 'D37',
  /** E05 "Cancellation". */
  cancellation: 'E05',
} as const;

/**
 * The incoming document types the simulator accepts at `POST /api/incomingMessages/{DocumentType}`:
 * the message type (`type`) each must carry (MessageTypeList of the code list) and the process types
 * allowed (anything else is 00402). Energinet's snapshot implements none of these four for a supplier
 * yet (`edi:BuildingBlocks.Domain/Models/IncomingDocumentType.cs`), so their acceptance here is the
 * simulator's playing a later DataHub; any other name answers 500 as the snapshot does.
 */
export const INCOMING_DOCUMENT_TYPES = {
  /** RSM-005, BRS-002: 432 "Notification to grid operator of contract termination" (the simulator's reading: unconfirmed). */
  RequestEndOfSupply: { messageType: '432', processTypes: [PROCESS.endOfSupply] },
  /** RSM-020: D03 "Request Service"; BRS-039 (D22) or D09–D13 in the end-of-supply process (E20). */
  RequestService: { messageType: 'D03', processTypes: [PROCESS.serviceRequest, PROCESS.endOfSupply] },
  /** RSM-024: E67 "Request regarding Cancellation"; which process type is unconfirmed, so any of E20, D37, E05 (and D22). */
  RequestCancellation: {
    messageType: 'E67',
    processTypes: [PROCESS.endOfSupply, PROCESS.cancelServiceRequest, PROCESS.cancellation, PROCESS.serviceRequest],
  },
  /** RSM-001: 392 "Request change of supplier" (also the XSD's default and the sample), E65 or E03. */
  RequestChangeOfSupplier: { messageType: '392', processTypes: [PROCESS.moveIn, PROCESS.changeOfSupplier] },
} as const satisfies Record<string, { messageType: string; processTypes: readonly string[] }>;
export type IncomingDocumentType = keyof typeof INCOMING_DOCUMENT_TYPES;

/** RSM-020 service types (ServiceRequestTypeList of the code list; D08 only from DataHub). */
export const SERVICE_TYPES = ['D01', 'D03', 'D05', 'D09', 'D10', 'D11', 'D12', 'D13'] as const;
export type SimServiceType = (typeof SERVICE_TYPES)[number];
/** The special-circumstance service types of the end-of-supply process (RULES 10; the code list's D09–D13). */
export const CIRCUMSTANCE_SERVICE_TYPES: readonly string[] = ['D09', 'D10', 'D11', 'D12', 'D13'];

/** The grid company's refusal reasons (ReasonCodeTypeList of the code list; RULES 5, 10). */
export const REFUSAL_CODES = ['D41', 'D42', 'D43', 'D44', 'D58'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];
export const REFUSAL_TEXT: Record<RefusalCode, string> = {
  D41: 'Kommunen skal inddrages (municipality must be involved)',
  D42: 'Politiet skal inddrages (police must be involved)',
  D43: 'Fogedretten skal inddrages (bailiff court must be involved)',
  D44: 'Anden årsag (other rejection reason)',
  D58: 'Ingen adgang til måleren (no access to the meter)',
};

/** Connection states (RULES 10). */
export const CONNECTION_STATE = { connected: 'E22', disconnected: 'E23' } as const;

/** Reason codes of answers (ReasonCodeTypeList): A01 message fully accepted, A02 fully rejected. */
export const ANSWER = { accepted: 'A01', rejected: 'A02' } as const;

/**
 * DataHub 3's JSON error codes on `incomingMessages` (400), from
 * `edi:IncomingMessages.Domain/Validation/ValidationErrors/*.cs`; five digits (B2B-xxx is ebIX only,
 * `edi:IncomingMessages.IntegrationTests/IncomingMessages/GivenIncomingMessagesTests.cs`).
 */
export const ERROR = {
  senderNotAuthenticatedActor: '00002',
  senderRoleNotAuthorised: '00003',
  duplicateMessageId: '00101',
  duplicateTransactionId: '00102',
  emptyMessageId: '00201',
  emptyTransactionId: '00202',
  transactionIdTooLong: '00205',
  invalidStructure: '00302',
  invalidReceiverId: '00303',
  invalidReceiverRole: '00304',
  messageIdTooLong: '00305',
  messageTypeNotSupported: '00401',
  processTypeNotSupported: '00402',
} as const;

/** The top-level `Code`, `Message` and `Target` of a 400 with several errors (`edi:IncomingMessages.Infrastructure/Response/JsonResponseFactory.cs`). */
export const MULTIPLE_ERRORS = { Code: 'BadRequest', Message: 'Multiple errors in message', Target: '' } as const;

/** The 415 texts of a missing or unusable `Content-Type` (`edi:B2BApi/Common/HttpRequestDataExtensions.cs`). */
export const CONTENT_TYPE_ERROR = {
  missing: 'Could not get Content-Type from request header. The supported values are: application/xml, application/json, application/ebix',
  invalid:
    'Could not parse desired document format from Content-Type in request header. The supported values are: application/xml, application/json, application/ebix',
} as const;
/** The formats DataHub 3 parses from `Content-Type` (`edi:B2BApi/Extensions/DocumentFormatParser.cs`); the simulator speaks JSON only. */
export const DOCUMENT_FORMATS = ['json', 'xml', 'ebix'] as const;

/** DataHub's business rejection codes (ReasonCodeTypeList; RULES 10) and the simulator's own, marked so. */
export const REJECTION = {
  /** Metering point not identifiable. */
  unknownMeteringPoint: 'E10',
  /** Unauthorised supplier. */
  unauthorisedSupplier: 'E16',
  /** Date outside the time limits. */
  dateOutsideLimits: 'E17',
  /** Incorrect connection status. */
  incorrectConnectionStatus: 'D16',
  /** Service request rejected. */
  serviceRequestRejected: 'D28',
  /** [simulator code] No process or transaction with that id. */
  unknownReference: 'E50',
} as const;

/**
 * The peek categories, by their lower-case names. `aggregations` and `measuredata` are the snapshot's
 * (`edi:BuildingBlocks.Domain/Models/MessageCategory.cs`; `timeseries` is an alias of MeasureData in
 * `edi:B2BApi/OutgoingMessages/PeekRequestListener.cs`); `masterdata` is the simulator's assumption
 * for master-data documents (BRS-002's answers, RSM-004, RSM-021/022), which had no category yet.
 * Which of them the simulator serves is a behaviour (`peekCategories`): any other answers 500, as
 * `EnumerationType.FromName` throws in the listener.
 */
export const CATEGORIES = ['masterdata', 'aggregations', 'measuredata'] as const;
export type Category = (typeof CATEGORIES)[number];
/** The snapshot's categories only (`MessageCategory.cs`). */
export const SNAPSHOT_CATEGORIES: readonly Category[] = ['aggregations', 'measuredata'];
/** A peek category name as DataHub reads it (case-insensitive; `timeseries` = MeasureData). */
export function categoryOf(name: string): Category | undefined {
  const lower = name.toLowerCase();
  if (lower === 'timeseries') return 'measuredata';
  return (CATEGORIES as readonly string[]).includes(lower) ? (lower as Category) : undefined;
}

/**
 * The `type` codes of the documents the simulator sends (MessageTypeList): D04 "Response
 * Servicerequest", E68 "Response regarding Cancellation", E44 (the default of `type` in
 * `urn-ediel-org-structure-confirmrequestchangeofsupplier-0-1.xsd`, `…reject…` and
 * `…genericnotification…`). The answers to BRS-002 and the simulator's notifications are its own
 * (unconfirmed); the poller reads the document name, not this code.
 */
export const OUTGOING_TYPE = {
  ConfirmRequestEndOfSupply: 'E44',
  RejectRequestEndOfSupply: 'E44',
  ConfirmRequestService: 'D04',
  RejectRequestService: 'D04',
  ConfirmRequestCancellation: 'E68',
  RejectRequestCancellation: 'E68',
  ConfirmRequestChangeOfSupplier: 'E44',
  RejectRequestChangeOfSupplier: 'E44',
  GenericNotification: 'E44',
  NotifyConnectionStatus: 'E79',
  NotifyEndOfSupply: 'E44',
  // The grid's charge for a service, forwarded by DataHub (SV 2.4). DataHub's own document for this
  // is unconfirmed (RULES 10): name and type code are this project's convention, shared with the poller.
  NotifyGridCharge: 'X01',
} as const;
export type OutgoingDocumentType = keyof typeof OUTGOING_TYPE;

/** The supplier the simulator knows by default, and its bearer token (fictional GLN, valid check digit). */
export const DEFAULT_SUPPLIER = { gln: '5799999911118', token: 'afbryd-dev-token' } as const;

/** A metering point as the simulator's master data holds it. */
export interface MeteringPointFixture {
  /** The 18-digit GSRN. */
  meteringPointId: string;
  /** How the grid disconnects it (by settlement, RULES 4). */
  meterKind: 'physical' | 'remote' | 'hourly';
  /** The customer class, which decides the grid's disconnection days (RULES 1). */
  customerClass: 'household' | 'business' | 'business-large';
  gridCompanyGln: string;
  /** The supplier registered on it. @default the default supplier */
  supplierGln?: string;
}

/** The seeded metering points (fictional GSRNs, the same ones the in-memory stand-in knows). */
export const DEFAULT_METERING_POINTS: readonly MeteringPointFixture[] = [
  { meteringPointId: '571313100000000017', meterKind: 'physical', customerClass: 'household', gridCompanyGln: '5790000000005' },
  { meteringPointId: '571313100000000024', meterKind: 'remote', customerClass: 'household', gridCompanyGln: '5790000000005' },
  { meteringPointId: '571313100000000031', meterKind: 'hourly', customerClass: 'business-large', gridCompanyGln: '5790000000012' },
  { meteringPointId: '571313100000000048', meterKind: 'physical', customerClass: 'business', gridCompanyGln: '5790000000012' },
];

/**
 * RSM-022 AccountingPointCharacteristics as the simulator writes it — its own table, written from
 * Energinet's code and never imported from afbryd: element names of
 * `opengeh-edi: source/Messaging.Infrastructure/OutgoingMessages/AccountingPointCharacteristics/AccountingPointCharacteristicsMessageWriter.cs`
 * (message type E07), codes of
 * `geh-electricity-market: source/electricity-market/ElectricityMarket.Infrastructure/Persistence/Mappers/MeteringPointEnumMapper.cs`.
 * Its JSON shape (a nested `MarketEvaluationPoint` object, coded values `{ value }`) is this
 * simulator's reading: no JSON schema of RSM-022 is published.
 */
export const RSM022_SIM = {
  root: 'AccountingPointCharacteristics_MarketDocument',
  type: 'E07',
  /** Settlement: E02 non-profiled (hourly), D01 flex, E01 profiled. */
  settlement: { hourly: 'E02', flex: 'D01', profiled: 'E01' },
  /** Disconnection: D01 remote, D02 manual. */
  disconnection: { remote: 'D01', manual: 'D02' },
  consumption: 'E17',
  connected: 'E22',
} as const;

/**
 * The simulator's facts per meter kind: an hourly point is non-profiled (E02) and disconnected
 * remotely; a remote one is flex-settled with remote disconnection; a physical one flex-settled with
 * manual disconnection.
 */
export const SIM_FACTS_BY_METER_KIND: Record<MeteringPointFixture['meterKind'], { settlement: string; disconnection: string }> = {
  hourly: { settlement: RSM022_SIM.settlement.hourly, disconnection: RSM022_SIM.disconnection.remote },
  remote: { settlement: RSM022_SIM.settlement.flex, disconnection: RSM022_SIM.disconnection.remote },
  physical: { settlement: RSM022_SIM.settlement.flex, disconnection: RSM022_SIM.disconnection.manual },
};

/** The grid area the simulator gives a grid company (fictional). */
export function simGridArea(gridCompanyGln: string): string {
  return String(100 + (Number(gridCompanyGln.slice(-3)) % 900)).padStart(3, '0');
}

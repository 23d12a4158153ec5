/**
 * The DataHub 3 dialect afbryd speaks: one place for the adapter (`datahub-b2b.ts`) and the poller
 * (`client/datahub-poller.ts`, `client/datahub-inbound.ts`). Document and message types, process
 * types, roles, peek categories, error codes and field names, each with the file of Energinet's
 * public code it comes from — `Energinet-DataHub/opengeh-edi` (the B2B interface, snapshot of June
 * 2025), shortened below to `edi:` + the path under `source/` — or marked **unconfirmed** with the
 * reason. The unconfirmed values that a supplier may need to change are settings
 * (`config/datahub.ts`: receiver role, peek categories, cancellation process type); a later DataHub
 * release is met by changing this file or those settings only.
 *
 * The simulator (`simulators/datahub-server/`) keeps its own table, written from the same files and
 * never imported from here, so a test fails when the two drift (`test/datahub/dialect.test.ts`).
 */
import type { DataHubConfig } from '../config/datahub.js';

/**
 * The defaults of the DataHub dialect settings Energinet's published code does not confirm (issue 16,
 * RULES 10). `activities/datahub-profile.ts` reads them through {@link loadDataHubConfig}; each can be
 * changed without a code change when DataHub 3 settles them.
 */
export const DATAHUB_DIALECT_DEFAULTS = {
  /**
   * The receiver role of DataHub on the supplier's requests. Unconfirmed for BRS-002 (not implemented
   * in opengeh-edi's June 2025 snapshot); DDZ "Metering Point Administrator" is the role Energinet's
   * own RSM-001 sample addresses DataHub with
   * (`source/IntegrationTests/Infrastructure.CimMessageAdapter/Messages/xml/RequestChangeOfSupplier.xml`).
   */
  receiverRole: 'DDZ',
  /**
   * The peek categories. Opengeh-edi's `source/BuildingBlocks.Domain/Models/MessageCategory.cs` has
   * `Aggregations` and `MeasureData` only, and `DocumentType.cs` puts RSM-009 Acknowledgement in
   * `MeasureData`; master data (BRS-002's answers, RSM-004, RSM-022) had no category yet — `MasterData`
   * is unconfirmed: the name a later release is expected to give it.
   */
  peekCategories: ['MasterData', 'MeasureData'],
  /**
   * The process type of an RSM-024 RequestCancellation (E67). Unconfirmed: the code list
   * (`urn-entsoe-eu-wgedi-codelists.xsd`, ProcessTypeList) offers E20 "End of supply", D37 "Cancel
   * service request" and E05 "Cancellation"; E20 keeps the cancellation in the end-of-supply process.
   */
  cancellationProcessType: 'E20',
} as const;


/**
 * DataHub's own GLN: the receiver of every request and the sender of every peeked document. Source:
 * the receiver of Energinet's RSM-001 sample,
 * `edi:IntegrationTests/Infrastructure.CimMessageAdapter/Messages/xml/RequestChangeOfSupplier.xml`.
 */
export const DATAHUB_GLN = '5790001330552';

/** Market roles. Source: `edi:BuildingBlocks.Domain/Models/ActorRole.cs`. */
export const ROLE = {
  /** EnergySupplier. */
  energySupplier: 'DDQ',
  /** MeteringPointAdministrator: DataHub. */
  meteringPointAdministrator: 'DDZ',
  /** GridAccessProvider: the grid company. */
  gridAccessProvider: 'DDM',
} as const;

/** `businessSector.type` 23 (electricity). Source: `edi:OutgoingMessages.Domain/DocumentWriters/Formats/GeneralValues.cs` (`SectorTypeCode`). */
export const BUSINESS_SECTOR = '23';

/** The coding scheme of a GLN and of a GSRN (`codingScheme`). Source: the RSM-001 sample `RequestChangeOfSupplier.xml` (A10 on sender, receiver, metering point and energy supplier). */
export const CODING_SCHEME_GS1 = 'A10';

/** Longest `value` of a party id (`PartyID_String`). Source: `edi:IncomingMessages.Domain/Schemas/Cim/Json/Schemas/Request-Change-of-Supplier-assembly-model.schema.json`. */
export const PARTY_ID_MAX_LENGTH = 16;
/** Longest metering point id (`MeasurementPointID_String`). Source: the same schema. */
export const METERING_POINT_ID_MAX_LENGTH = 35;
/** Longest message and transaction id. Source: `edi:IncomingMessages.Domain/Validation/ValidationErrors/InvalidMessageIdSize.cs`, `InvalidTransactionIdSize.cs`. */
export const ID_MAX_LENGTH = 36;

/**
 * Process types (`process.processType`). Source: ProcessTypeList in
 * `edi:IncomingMessages.Domain/Schemas/Cim/Xml/Schemas/urn-entsoe-eu-wgedi-codelists.xsd`; E65 also
 * `edi:BuildingBlocks.Domain/Models/BusinessReason.cs` (MoveIn).
 */
export const PROCESS_TYPE = {
  /** "End of supply" (BRS-002). */
  endOfSupply: 'E20',
  /** "Servicerequest" (BRS-039). */
  serviceRequest: 'D22',
  /** "Customer move-in" (BRS-009). */
  moveIn: 'E65',
  /** "Change of balance supplier" (BRS-001). */
  changeOfSupplier: 'E03',
  /** "Change Connection Status" (BRS-013, RSM-021). */
  changeConnectionStatus: 'E79',
} as const;

/** The documents afbryd sends: the last path segment of `POST api/incomingMessages/{DocumentType}`. */
export type OutboundDocumentName = 'RequestEndOfSupply' | 'RequestService' | 'RequestCancellation' | 'RequestChangeOfSupplier';

/**
 * The message type (`type`) of each document afbryd sends. Source: MessageTypeList in
 * `urn-entsoe-eu-wgedi-codelists.xsd`:
 * - `RequestService` D03 "Request Service" (its answer D04 "Response Servicerequest"; D20 is
 *   "Response MasterData MeterinPoint", not a request);
 * - `RequestCancellation` E67 "Request regarding Cancellation" (answer E68; E87 is a *reason* code,
 *   "Number of observations dosn't fit observation period/resolution", StandardReasonCodeTypeList);
 * - `RequestChangeOfSupplier` 392 "Request change of supplier" (also the default of `type` in
 *   `urn-ediel-org-structure-requestchangeofsupplier-0-1.xsd` and the RSM-001 sample);
 * - `RequestEndOfSupply` 432 "Notification to grid operator of contract termination" — **unconfirmed**
 *   for RSM-005: BRS-002 is not implemented in the snapshot, 432 is the list's end-of-contract code.
 */
export const MESSAGE_TYPE: Record<OutboundDocumentName, string> = {
  RequestEndOfSupply: '432',
  RequestService: 'D03',
  RequestCancellation: 'E67',
  RequestChangeOfSupplier: '392',
};

/**
 * RSM-020 service types. Source: ServiceRequestTypeList in `urn-entsoe-eu-wgedi-codelists.xsd`
 * (D01 Disconnect, D03 Connect, D05 Meter check, D08 Disconnect due to end of supply, D09–D13 the
 * special circumstances of an end of supply).
 */
export const SERVICE_TYPE = {
  disconnect: 'D01',
  connect: 'D03',
  meterCheck: 'D05',
  disconnectDueToEndOfSupply: 'D08',
  municipality: 'D09',
  police: 'D10',
  bailiffCourt: 'D11',
  agreedWithCustomer: 'D12',
  otherReason: 'D13',
} as const;
/**
 * A case's special circumstance (SV 2.2.1 b) as its RSM-020 service type. Source: RULES 10 and the
 * ServiceRequestTypeList descriptions of D09–D13 (`urn-entsoe-eu-wgedi-codelists.xsd`).
 */
export const CIRCUMSTANCE_SERVICE_TYPE = {
  municipality: SERVICE_TYPE.municipality,
  police: SERVICE_TYPE.police,
  'bailiff-court': SERVICE_TYPE.bailiffCourt,
  'agreed-with-customer': SERVICE_TYPE.agreedWithCustomer,
  other: SERVICE_TYPE.otherReason,
} as const;
/** The special circumstances (D09–D13), sent as RSM-020 in the end-of-supply process once DataHub confirmed it (RULES 10). */
export const SPECIAL_CIRCUMSTANCE_SERVICE_TYPES = ['D09', 'D10', 'D11', 'D12', 'D13'] as const;

/**
 * Field names of the documents' activity records (`MktActivityRecord`). Source: the JSON schemas in
 * `edi:IncomingMessages.Domain/Schemas/Cim/Json/Schemas/` (Request-, Confirm-request-, Reject-request-
 * Change-of-Supplier), except where marked.
 */
export const FIELD = {
  meteringPoint: 'marketEvaluationPoint.mRID',
  /** RSM-001: required (`Request-Change-of-Supplier-assembly-model.schema.json`, `required`). */
  energySupplier: 'marketEvaluationPoint.energySupplier_MarketParticipant.mRID',
  start: 'start_DateAndOrTime.dateTime',
  /** Validity of a notification (RSM-004). Source: `urn-ediel-org-structure-genericnotification-0-1.xsd`. */
  validityStart: 'validityStart_DateAndOrTime.dateTime',
  originalTransaction: 'originalTransactionIDReference_MktActivityRecord.mRID',
  businessProcess: 'businessProcessReference_MktActivityRecord.mRID',
  /**
   * RSM-020's service type. **Unconfirmed**: no CIM JSON schema of RequestService is published in the
   * snapshot; afbryd's name, as a coded field (`{ value }`) like every code in Energinet's schemas.
   */
  serviceType: 'serviceType',
  /** RSM-020's free text to the grid (≤ 1000 characters, RULES 10). **Unconfirmed**: no published schema; afbryd's name. */
  description: 'description',
  /**
   * Special circumstances on RSM-005. **Not a CIM field** (issue 16): every workflow now sends them as
   * RSM-020 after the confirmation (`sendSpecialCircumstances`) — version 2 of the case since release
   * 0.6.7, owner liability and requested disconnection since 0.6.9 (`circumstancesAsServiceRequests`).
   * Kept only for the runs started before those releases, which still pass them with their end of
   * supply (a retry of their request must send the same document). Remove once none of them is open
   * (count them through visibility) and their histories are retired.
   */
  legacySpecialCircumstance: 'specialCircumstance',
} as const;

/** Longest RSM-020 description (RULES 10). */
export const DESCRIPTION_MAX_LENGTH = 1000;

/**
 * The inbound documents the poller understands (the root element without `_MarketDocument`).
 * Sources: Confirm/RejectRequestChangeOfSupplier — their JSON schemas in the snapshot;
 * Acknowledgement (RSM-009) — `edi:OutgoingMessages.UnitTests/Domain/Schemas/Cim/Json/Schemas/Acknowledgement-assembly-model.schema.json`
 * and `edi:OutgoingMessages.Domain/DocumentWriters/RSM009/AcknowledgementJsonDocumentWriter.cs`;
 * GenericNotification (RSM-004) — `urn-ediel-org-structure-genericnotification-0-1.xsd`. The
 * BRS-002/BRS-039 answers (Confirm/RejectRequestEndOfSupply, …Service, …Cancellation) follow the
 * RSM-001 pair's names and shape: **unconfirmed**. NotifyConnectionStatus (RSM-021-like),
 * NotifyEndOfSupply and NotifyGridCharge are afbryd's own conventions (**unconfirmed**).
 * AccountingPointCharacteristics (RSM-022): see {@link RSM022} (its JSON shape unconfirmed).
 */
export const INBOUND_DOCUMENTS = [
  'ConfirmRequestEndOfSupply',
  'RejectRequestEndOfSupply',
  'ConfirmRequestService',
  'RejectRequestService',
  'ConfirmRequestCancellation',
  'RejectRequestCancellation',
  'ConfirmRequestChangeOfSupplier',
  'RejectRequestChangeOfSupplier',
  'Acknowledgement',
  'GenericNotification',
  'NotifyConnectionStatus',
  'NotifyEndOfSupply',
  'NotifyGridCharge',
  'AccountingPointCharacteristics',
] as const;
export type InboundDocumentName = (typeof INBOUND_DOCUMENTS)[number];

/**
 * RSM-004 GenericNotification process types that mean another supplier (or a move-in) took the
 * metering point over: E03 "Change of balance supplier", E65 "Customer move-in" (ProcessTypeList). An
 * E20 notification is the end of supply (informational). Which process types DataHub 3 will use on
 * RSM-004 is **unconfirmed**.
 */
export const SUPPLIER_SWITCH_PROCESS_TYPES: readonly string[] = [PROCESS_TYPE.changeOfSupplier, PROCESS_TYPE.moveIn];

/**
 * Reason codes in DataHub's answers (ReasonCodeTypeList, `urn-entsoe-eu-wgedi-codelists.xsd`): A01
 * "Message fully accepted", A02 "Message fully rejected"; the grid's refusals D41–D44, D58.
 */
export const REASON = { accepted: 'A01', rejected: 'A02' } as const;
/** The grid's refusals of a disconnection, D41–D44 and D58. Source: StandardReasonCodeTypeList in `urn-entsoe-eu-wgedi-codelists.xsd`. */
export const GRID_REFUSAL_CODES: readonly string[] = ['D41', 'D42', 'D43', 'D44', 'D58'];

/**
 * The peek categories Energinet's snapshot knows. Source: `edi:BuildingBlocks.Domain/Models/MessageCategory.cs`
 * (Aggregations, MeasureData) and `edi:B2BApi/OutgoingMessages/PeekRequestListener.cs` (`timeseries`
 * is an alias of MeasureData; any other name throws there: a 500). `DocumentType.cs` files RSM-009
 * Acknowledgement under MeasureData.
 */
export const PEEK_CATEGORIES_IN_SNAPSHOT = ['Aggregations', 'MeasureData'] as const;

/**
 * The `Content-Type` of peek, and of every POST: DataHub 3 picks the document format from it and
 * answers 415 without one (`edi:B2BApi/OutgoingMessages/PeekRequestListener.cs`,
 * `edi:B2BApi/Common/HttpRequestDataExtensions.cs`, `edi:B2BApi/Extensions/DocumentFormatParser.cs`).
 */
export const CONTENT_TYPE_JSON = 'application/json';

/**
 * The JSON error codes of `POST api/incomingMessages` (400), five digits; the B2B-xxx codes are ebIX
 * only. Source: `edi:IncomingMessages.Domain/Validation/ValidationErrors/*.cs` (the second argument
 * of each `base(…)`), and `edi:IncomingMessages.IntegrationTests/IncomingMessages/GivenIncomingMessagesTests.cs`
 * (JSON: "00101"/"00102", ebIX: "B2B-003"/"B2B-009").
 */
export const ERROR_CODE = {
  roleNotHeld: '00001',
  senderNotAuthenticatedActor: '00002',
  senderRoleNotAuthorised: '00003',
  duplicateMessageId: '00101',
  duplicateTransactionId: '00102',
  emptyMessageId: '00201',
  emptyTransactionId: '00202',
  transactionIdTooLong: '00205',
  schemaOrVersionNotFound: '00301',
  invalidStructure: '00302',
  invalidReceiverId: '00303',
  invalidReceiverRole: '00304',
  messageIdTooLong: '00305',
  messageTypeNotSupported: '00401',
  processTypeNotSupported: '00402',
  businessTypeNotSupported: '00403',
} as const;

/** What each error code means, for the rejection reason a case and an operator see. Source: the same ValidationErrors files. */
export const ERROR_MEANING: Record<string, string> = {
  '00001': 'the authenticated user does not hold the role required for this document',
  '00002': 'the sender id is not the authenticated actor',
  '00003': 'the sender role may not send this document',
  '00101': 'the message id has been used before',
  '00102': 'the transaction id has been used before',
  '00201': 'the message id is empty',
  '00202': 'a transaction id is empty',
  '00205': 'a transaction id is longer than 36 characters',
  '00301': 'the schema or version could not be resolved',
  '00302': 'the document does not match its schema',
  '00303': 'the receiver id is not DataHub',
  '00304': 'the receiver role is not valid',
  '00305': 'the message id is longer than 36 characters',
  '00401': 'the message type is not supported',
  '00402': 'the process type is not supported',
  '00403': 'the business type is not supported',
};

/**
 * The codes that mean "seen before": a retry after a lost 202 answers 00101 (+ 00102), and is a
 * duplicate — the message was delivered — when these are all of the errors. Source:
 * `ValidationErrors/DuplicateMessageIdDetected.cs`, `DuplicateTransactionIdDetected.cs`.
 */
export const DUPLICATE_ERROR_CODES: readonly string[] = [ERROR_CODE.duplicateMessageId, ERROR_CODE.duplicateTransactionId];

/**
 * The top-level `Code` when a 400 carries several errors; the codes are then in `Details.Errors`.
 * Source: `edi:IncomingMessages.Infrastructure/Response/JsonResponseFactory.cs`.
 */
export const MULTIPLE_ERRORS_CODE = 'BadRequest';

/**
 * HTTP answers that are a configuration fault, not an outage: 401 (token), 403 (role or feature),
 * 415 (no or a wrong Content-Type, `HttpRequestDataExtensions.cs`), 404 (a wrong URL). A 500 is one
 * when it persists (an unknown document type or peek category throws in `IncomingMessageReceiver.cs`
 * / `PeekRequestListener.cs`: `EnumerationType.FromName`): the adapter repeats it a bounded number of
 * times first. A 502/503/504, a timeout or a refused connection is an outage and is retried.
 */
export const CONFIGURATION_FAULT_STATUSES: readonly number[] = [401, 403, 404, 415];

/** The settings of the dialect that Energinet's code does not confirm (`config/datahub.ts`). */
export interface DataHubDialectSettings {
  /** DataHub's role as the receiver of requests. @default "DDZ" (unconfirmed) */
  receiverRole: string;
  /** The process type of a cancellation. @default "E20" (unconfirmed) */
  cancellationProcessType: string;
  /** The peek categories the poller drains. @default ["MasterData", "MeasureData"] (MasterData unconfirmed) */
  peekCategories: readonly string[];
}

/** The unconfirmed settings' defaults (from `config/datahub.ts`). */
export const DEFAULT_DIALECT_SETTINGS: DataHubDialectSettings = {
  receiverRole: DATAHUB_DIALECT_DEFAULTS.receiverRole,
  cancellationProcessType: DATAHUB_DIALECT_DEFAULTS.cancellationProcessType,
  peekCategories: DATAHUB_DIALECT_DEFAULTS.peekCategories,
};

/** The dialect settings of a loaded configuration. */
export function dialectSettingsOf(config: Pick<DataHubConfig, 'receiverRole' | 'cancellationProcessType'> & { categories?: readonly string[] }): DataHubDialectSettings {
  return {
    receiverRole: config.receiverRole,
    cancellationProcessType: config.cancellationProcessType,
    peekCategories: config.categories ?? DEFAULT_DIALECT_SETTINGS.peekCategories,
  };
}

/**
 * RSM-022 AccountingPointCharacteristics (BRS-006/-024 master data of an accounting point): what
 * afbryd reads of it, and where each name and code comes from. Only these fields are read; every
 * other field — the customer's CPR/CVR and name (`firstCustomer_MarketParticipant.mRID` / `.name`,
 * `secondCustomer_…`), the address (`usagePointLocation.mainAddress`) — is dropped on arrival and never
 * stored, logged or signalled (`client/personal-data.ts`).
 *
 * Sources, shortened: `edi-old:` = `Energinet-DataHub/opengeh-edi`,
 * `source/Messaging.Infrastructure/OutgoingMessages/AccountingPointCharacteristics/AccountingPointCharacteristicsMessageWriter.cs`
 * (the XML writer of `AccountingPointCharacteristics_MarketDocument`, namespace
 * `urn:ediel.org:structure:accountingpointcharacteristics:0:1`, message type E07); `market:` =
 * `Energinet-DataHub/geh-electricity-market`,
 * `source/electricity-market/ElectricityMarket.Infrastructure/Persistence/Mappers/MeteringPointEnumMapper.cs`
 * (the DataHub 2 code of each enum value); `edi:` as above.
 *
 * The JSON shape is **unconfirmed**: no CIM JSON schema of RSM-022 is published in the snapshot. afbryd
 * reads the XML writer's element names in the JSON style of the published schemas — the header as in
 * every document, one `MktActivityRecord` per point with `validityStart_DateAndOrTime.dateTime` and a
 * nested `MarketEvaluationPoint` object, coded values as `{ value }`, ids as `{ codingScheme, value }`.
 */
export const RSM022 = {
  /** The document name (root `AccountingPointCharacteristics_MarketDocument`). Source: `edi-old:` (DocumentDetails). */
  documentName: 'AccountingPointCharacteristics',
  /** MessageTypeList E07 "Master data, metering point". Source: `edi-old:` (DocumentDetails' type code). */
  messageType: 'E07',
  /** The nested object of a record. Source: `edi-old:` (`WriteMarketEvaluationPointAsync`). */
  point: 'MarketEvaluationPoint',
  /** From when the record's facts hold. Source: `edi-old:` (`validityStart_DateAndOrTime.dateTime` on the record). */
  validityStart: 'validityStart_DateAndOrTime.dateTime',
  /** Fields of `MarketEvaluationPoint`. Source: `edi-old:` (the element names written there). */
  field: {
    /** The GSRN. */
    meteringPoint: 'mRID',
    /**
     * The grid company (GLN) responsible for the metering point: **afbryd's grid company**. The field is
     * confirmed; that it names the grid access provider afbryd deals with (and not a delegated metering
     * point administrator) is **unconfirmed** — DataHub 3's master data names the grid area's owner, and
     * the grid area (`meteringGridArea_Domain.mRID`) is kept beside it for an operator to check.
     */
    gridCompany: 'meteringPointResponsible_MarketParticipant.mRID',
    /** The grid area (3 digits). */
    gridArea: 'meteringGridArea_Domain.mRID',
    /** E17 consumption, E18 production, … (`market:` MeteringPointTypes). `settlementMethod` is written for E17 only (`edi-old:`). */
    type: 'type',
    /** Settlement. */
    settlementMethod: 'settlementMethod',
    /** How the grid disconnects the point. */
    disconnectionMethod: 'disconnectionMethod',
    /** E22 connected, E23 disconnected, D02 closed down, D03 new (`market:` ConnectionStates). */
    connectionState: 'connectionState',
  },
  /** `MarketEvaluationPoint.type` E17 Consumption. Source: `market:` (MeteringPointTypes). */
  consumption: 'E17',
  /**
   * Settlement method codes. Source: `market:` (SettlementMethods: D01 FlexSettled, E01 Profiled, E02
   * NonProfiled) and `edi:BuildingBlocks.Domain/Models/SettlementMethod.cs` (E02 NonProfiled, D01 Flex).
   */
  settlement: { flex: 'D01', profiled: 'E01', nonProfiled: 'E02' },
  /**
   * Which settlement methods afbryd treats as **hourly-settled** (RULES 4: meter kind `hourly`).
   * **Unconfirmed**: E02 non-profiled is hourly settlement (timeafregnet) in DataHub 2; whether D01
   * flex settlement (hourly values, settled by the flex method since 2021) counts as hourly for the
   * grid's disconnection practice is not in Energinet's code — afbryd counts only E02, so a flex-settled
   * point goes by its disconnection method (physical or remote).
   */
  hourlySettlement: ['E02'] as readonly string[],
  /** Disconnection method codes. Source: `market:` (DisconnectionTypes: D01 RemoteDisconnection, D02 ManualDisconnection). */
  disconnection: { remote: 'D01', manual: 'D02' },
  /** Connection states. Source: `market:` (ConnectionStates). */
  connectionState: { connected: 'E22', disconnected: 'E23', closedDown: 'D02', new: 'D03' },
} as const;

/** A metering point's facts afbryd keeps (the master-data store, `evidence/`), as read from RSM-022. */
export interface Rsm022Facts {
  meteringPointId: string;
  gridCompanyGln: string;
  /** Grid area, when the document names it. */
  gridArea?: string;
  hourlySettled: boolean;
  /** Unset when the document names none (or a code afbryd does not know). */
  disconnectionMethod?: 'remote' | 'physical';
  /** The record's `validityStart` (ISO instant). */
  validFrom: string;
}

/** The meter kind afbryd plans with (RULES 4): hourly when hourly-settled, else the disconnection method; undefined when unknown. */
export function meterKindOf(facts: { hourlySettled: boolean; disconnectionMethod?: 'remote' | 'physical' }): 'hourly' | 'remote' | 'physical' | undefined {
  if (facts.hourlySettled) return 'hourly';
  return facts.disconnectionMethod;
}

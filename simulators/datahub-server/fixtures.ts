/**
 * The simulator's own fixtures, taken from RULES.md section 10 (DataHub 3's B2B interface) and
 * written independently of the adapter in `activities/`: codes, parties, roles, the seeded metering
 * points, and DataHub's error codes. Where RULES 10 does not confirm a value it says so here, and the
 * simulator checks presence rather than the value.
 */

/** DataHub's own GLN (RULES 10). */
export const DATAHUB_GLN = '5790001330552';

/** Market roles (RULES 10): DDQ supplier, DDM grid company, DDZ DataHub. */
export const ROLE = { supplier: 'DDQ', gridCompany: 'DDM', dataHub: 'DDZ' } as const;

/** The business sector of electricity (RULES 10). */
export const BUSINESS_SECTOR = '23';

/** The coding scheme of GLN and GSRN ids (RULES 10). */
export const CODING_SCHEME_GLN = 'A10';

/** Process types (`process.processType`). */
export const PROCESS = {
  /** BRS-002 End of supply (RULES 10). */
  endOfSupply: 'E20',
  /** BRS-039 Service request (RULES 10). */
  serviceRequest: 'D22',
  /** BRS-013 Change connection status, RSM-021 (RULES 10). */
  changeConnectionStatus: 'E79',
  /** Change of supplier (BRS-001). Code as in ebIX; not in RULES 10. */
  changeOfSupplier: 'E03',
  /** Move-in / start of supply (BRS-009). Code as in ebIX; not in RULES 10. */
  moveIn: 'E65',
} as const;

/**
 * The incoming document types the simulator accepts at `POST /api/incomingMessages/{DocumentType}`,
 * with the process types allowed for each (anything else is B2B-002).
 */
export const INCOMING_DOCUMENT_TYPES = {
  /** RSM-005, BRS-002. */
  RequestEndOfSupply: [PROCESS.endOfSupply],
  /** RSM-020: BRS-039 (D22) or a further request in the end-of-supply process (E20, D09–D13). */
  RequestService: [PROCESS.serviceRequest, PROCESS.endOfSupply],
  /** RSM-024. */
  RequestCancellation: [PROCESS.endOfSupply, PROCESS.serviceRequest],
  /** RSM-001, used for BRS-009 start of supply (move-in). */
  RequestChangeOfSupplier: [PROCESS.moveIn, PROCESS.changeOfSupplier],
} as const satisfies Record<string, readonly string[]>;
export type IncomingDocumentType = keyof typeof INCOMING_DOCUMENT_TYPES;

/** RSM-020 service types (RULES 10). */
export const SERVICE_TYPES = ['D01', 'D03', 'D05', 'D09', 'D10', 'D11', 'D12', 'D13'] as const;
export type SimServiceType = (typeof SERVICE_TYPES)[number];
/** The special-circumstance service types of the end-of-supply process (RULES 10). */
export const CIRCUMSTANCE_SERVICE_TYPES: readonly string[] = ['D09', 'D10', 'D11', 'D12', 'D13'];

/** The grid company's refusal reasons (RULES 5, 10). */
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

/** Reason codes of answers (RULES 10). */
export const ANSWER = { accepted: 'A01', rejected: 'A02' } as const;

/**
 * DataHub's synchronous error codes (400 on `incomingMessages`). B2B-002, -003, -009, -010 and -011
 * are from RULES 10; the others are the simulator's own and marked so.
 */
export const B2B = {
  processTypeNotAllowed: 'B2B-002',
  duplicateMessageId: 'B2B-003',
  duplicateTransactionId: 'B2B-009',
  wrongRole: 'B2B-010',
  badReceiver: 'B2B-011',
  /** [simulator code] The document does not match the schema of its type. */
  invalidDocument: 'B2B-001',
  /** [simulator code] The sender is not the authenticated actor. */
  senderMismatch: 'B2B-008',
} as const;

/** DataHub's business rejection codes (RULES 10) and the simulator's own, marked so. */
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

/** Message categories of the peek queues (DataHub 3 names them so; case-insensitive here). */
export const CATEGORIES = ['masterdata', 'aggregations', 'timeseries', 'measuredata'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * The `type` codes of the documents the simulator sends. RULES 10 does not give them; these are the
 * simulator's and the poller only needs the document name.
 */
export const OUTGOING_TYPE = {
  ConfirmRequestEndOfSupply: 'A01',
  RejectRequestEndOfSupply: 'A02',
  ConfirmRequestService: 'A01',
  RejectRequestService: 'A02',
  ConfirmRequestCancellation: 'A01',
  RejectRequestCancellation: 'A02',
  ConfirmRequestChangeOfSupplier: 'A01',
  RejectRequestChangeOfSupplier: 'A02',
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

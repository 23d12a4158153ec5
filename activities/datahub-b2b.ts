/**
 * The DataHub port over DataHub 3's B2B interface (RULES 10): each request becomes a CIM JSON
 * document POSTed to `{baseUrl}/api/incomingMessages/{DocumentType}` with a bearer token.
 *
 * | request | document | message type | process type |
 * |---|---|---|---|
 * | end of supply (BRS-002) | RSM-005 `RequestEndOfSupply`, cut-off as `start_DateAndOrTime` | 432 (unconfirmed) | E20 |
 * | service request D01 / D03 / D05 (BRS-039) | RSM-020 `RequestService` | D03 | D22 |
 * | special circumstances D09–D13 in the end-of-supply process | RSM-020 `RequestService`, referring to DataHub's process | D03 | E20 |
 * | cancellation | RSM-024 `RequestCancellation`, referring to the original transaction | E67 | setting (E20) |
 * | start of supply after a completed end of supply (BRS-009) | RSM-001 `RequestChangeOfSupplier`, with the energy supplier | 392 | E65 |
 *
 * Every code and field name comes from `datahub-profile.ts`, which names its source in Energinet's code.
 *
 * Answers: 202 → `accepted`; 400 with DataHub 3's JSON error body ({@link interpretErrorBody}) whose
 * errors are all 00101 / 00102 (the message or transaction id was seen before: a retry of a delivered
 * message) → `duplicate`, any other → `rejected` with the code(s) and a reason naming each (returned,
 * not thrown, so the case shows it); 401, 403, 404, 415, and a 500 that persists past a bounded repeat
 * (`serverErrorRetry`) throw a non-retryable `DataHubConfigurationFault`; 502/503/504, 408, 429,
 * network errors and timeouts throw {@link DataHubUnavailableError}, and Temporal retries the activity
 * with the same ids.
 *
 * Every answer reports the document it POSTed (`DataHubAnswer.document`) for the evidence archive;
 * that changes nothing on the wire.
 *
 * No master data query: DataHub 3 sends a metering point's master data as RSM-022
 * AccountingPointCharacteristics through the queue; the poller stores it and `lookupMeteringPoint`
 * reads the store (issue 16 item 8). The simulator's own `GET /sim/metering-points/{gsrn}` is never used.
 *
 * Where RULES 10 names no field, this adapter uses the simulator-agnostic conventions documented on
 * {@link buildB2BDocument}; the `type` codes of the documents are not confirmed by RULES 10.
 */
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { DataHubConfig } from '../config/datahub.js';
import { DataHubAuthError, StaticTokenSource, sendWithTokenRetry, tokenSourceFromConfig, type BearerTokenSource } from './datahub-auth.js';
import { copenhagenInstant, type Circumstance } from '../rules/index.js';
import { DATAHUB_CONFIGURATION_FAULT, type DataHubAnswer, type DataHubMessage, type DataHubPort } from './datahub.js';
import {
  BUSINESS_SECTOR,
  CIRCUMSTANCE_SERVICE_TYPE,
  CODING_SCHEME_GS1,
  CONFIGURATION_FAULT_STATUSES,
  CONTENT_TYPE_JSON,
  DESCRIPTION_MAX_LENGTH,
  DUPLICATE_ERROR_CODES,
  ERROR_MEANING,
  MULTIPLE_ERRORS_CODE,
  FIELD,
  MESSAGE_TYPE,
  SPECIAL_CIRCUMSTANCE_SERVICE_TYPES,
  DATAHUB_GLN,
  DEFAULT_DIALECT_SETTINGS,
  PROCESS_TYPE,
  ROLE,
  type DataHubDialectSettings,
} from './datahub-profile.js';

export { DATAHUB_GLN };

/** The document types this adapter sends (the last path segment of `incomingMessages`). */
export type B2BDocumentType = 'RequestEndOfSupply' | 'RequestService' | 'RequestCancellation' | 'RequestChangeOfSupplier';

/** SV 2.2.1 b flags as RSM-020 service types (the profile's table). */
const CIRCUMSTANCE_CODE: Record<Circumstance, string> = CIRCUMSTANCE_SERVICE_TYPE;

/** A built document, ready to POST. */
export interface B2BDocument {
  documentType: B2BDocumentType;
  body: Record<string, unknown>;
}

/** A Danish date (00:00 Copenhagen time) as the UTC instant CIM documents carry. */
export function danishDateToInstant(date: string): string {
  return new Date(copenhagenInstant(date, '00:00')).toISOString().replace('.000Z', 'Z');
}

/**
 * Builds the CIM JSON document of a message from the profile (`datahub-profile.ts`): header `mRID` =
 * the message id, `type` (the message type: 432, D03, E67, 392), `process.processType`,
 * `businessSector.type` 23, sender = the supplier's GLN with role DDQ, receiver = DataHub
 * 5790001330552 with the configured role (DDZ), `createdDateTime`; one `MktActivityRecord` with `mRID`
 * = the transaction id and `marketEvaluationPoint.mRID` = the GSRN.
 *
 * RSM-001 carries the new supplier (`marketEvaluationPoint.energySupplier_MarketParticipant.mRID`, as
 * Energinet's schema requires) and no customer data (afbryd holds ids only). RSM-020's service type and
 * description are the profile's unconfirmed names; D09–D13 refer to DataHub's end-of-supply process by
 * `businessProcessReference_MktActivityRecord.mRID`. `specialCircumstance` on RSM-005 is not CIM and is
 * kept only for runs started before their workflow sent RSM-020 instead (FIELD.legacySpecialCircumstance).
 */
export function buildB2BDocument(
  message: DataHubMessage,
  header: { supplierGln: string; createdDateTime: string; dialect?: Partial<DataHubDialectSettings> },
): B2BDocument {
  const dialect = { ...DEFAULT_DIALECT_SETTINGS, ...header.dialect };
  const request = message.request;
  const point = { codingScheme: CODING_SCHEME_GS1, value: request.meteringPointId };
  let documentType: B2BDocumentType;
  let processType: string;
  let record: Record<string, unknown>;
  switch (request.kind) {
    case 'RequestEndOfSupply':
      documentType = 'RequestEndOfSupply';
      processType = PROCESS_TYPE.endOfSupply;
      record = {
        mRID: message.transactionId,
        [FIELD.meteringPoint]: point,
        [FIELD.start]: danishDateToInstant(request.cutoff),
        // Not a CIM field (issue 16): only runs started before their workflow sent circumstances as RSM-020
        // after the confirmation (version 2 before 0.6.7, owner liability and requested disconnection before
        // 0.6.9) still pass any; see FIELD.legacySpecialCircumstance.
        ...(request.circumstances.length > 0
          ? { [FIELD.legacySpecialCircumstance]: [...new Set(request.circumstances)].map((c) => ({ value: CIRCUMSTANCE_CODE[c] })) }
          : {}),
      };
      break;
    case 'RequestService': {
      documentType = 'RequestService';
      const inEndOfSupply = (SPECIAL_CIRCUMSTANCE_SERVICE_TYPES as readonly string[]).includes(request.serviceType);
      processType = inEndOfSupply ? PROCESS_TYPE.endOfSupply : PROCESS_TYPE.serviceRequest;
      record = {
        mRID: message.transactionId,
        [FIELD.meteringPoint]: point,
        [FIELD.serviceType]: { value: request.serviceType },
        [FIELD.start]: danishDateToInstant(request.date),
        ...(request.description !== undefined ? { [FIELD.description]: request.description.slice(0, DESCRIPTION_MAX_LENGTH) } : {}),
        // D09–D13 go in DataHub's end-of-supply process, referred to by the process id DataHub confirmed.
        ...(request.processId ? { [FIELD.businessProcess]: request.processId } : {}),
      };
      break;
    }
    case 'RequestCancellation':
      documentType = 'RequestCancellation';
      processType = dialect.cancellationProcessType;
      record = {
        mRID: message.transactionId,
        [FIELD.meteringPoint]: point,
        [FIELD.originalTransaction]: request.originalTransactionId,
        ...(request.processId ? { [FIELD.businessProcess]: request.processId } : {}),
      };
      break;
    case 'RequestStartOfSupply':
      documentType = 'RequestChangeOfSupplier';
      processType = PROCESS_TYPE.moveIn;
      record = {
        mRID: message.transactionId,
        [FIELD.meteringPoint]: point,
        // Required by Energinet's Request-Change-of-Supplier-assembly-model.schema.json: the new supplier.
        [FIELD.energySupplier]: { codingScheme: CODING_SCHEME_GS1, value: header.supplierGln },
        [FIELD.start]: danishDateToInstant(request.startDate),
      };
      break;
  }
  return {
    documentType,
    body: {
      [`${documentType}_MarketDocument`]: {
        mRID: message.messageId,
        type: { value: MESSAGE_TYPE[documentType] },
        'process.processType': { value: processType },
        'businessSector.type': { value: BUSINESS_SECTOR },
        'sender_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GS1, value: header.supplierGln },
        'sender_MarketParticipant.marketRole.type': { value: ROLE.energySupplier },
        'receiver_MarketParticipant.mRID': { codingScheme: CODING_SCHEME_GS1, value: DATAHUB_GLN },
        'receiver_MarketParticipant.marketRole.type': { value: dialect.receiverRole },
        createdDateTime: header.createdDateTime,
        MktActivityRecord: [record],
      },
    },
  };
}

const errorLineSchema = z.object({ Code: z.string().min(1), Message: z.string().nullish(), Target: z.string().nullish() }).passthrough();

/**
 * DataHub 3's JSON error body on a 400 (`JsonResponseFactory.cs`): one error as `Error.Code`,
 * `Message`, `Target`; several as `Code` "BadRequest" with the errors in `Details.Errors`.
 */
const errorBodySchema = z.object({
  Error: errorLineSchema.extend({ Details: z.object({ Errors: z.array(errorLineSchema).default([]) }).passthrough().nullish() }),
});

/** What a 400's error body means: a duplicate (only 00101/00102: a retry of a delivered message) or a rejection with its reason. */
export function interpretErrorBody(body: unknown): { status: 'duplicate' } | { status: 'rejected'; code: string; message: string } | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const top = parsed.data.Error;
  const details = top.Details?.Errors ?? [];
  // Several errors: the top-level Code is "BadRequest" and the codes are in Details.Errors.
  const errors = details.length > 0 && (top.Code === MULTIPLE_ERRORS_CODE || details.length > 1) ? details : [top];
  const codes = [...new Set(errors.map((e) => e.Code))];
  if (codes.every((c) => DUPLICATE_ERROR_CODES.includes(c))) return { status: 'duplicate' };
  const reason = errors
    .map((e) => {
      const meaning = ERROR_MEANING[e.Code];
      const said = [e.Message, e.Target ? `(${e.Target})` : ''].filter(Boolean).join(' ');
      return `${e.Code}${meaning ? ` ${meaning}` : ''}${said ? `: ${said}` : ''}`;
    })
    .join('; ');
  return { status: 'rejected', code: codes.join('+'), message: reason.slice(0, 2000) };
}

/**
 * DataHub could not be reached or answered as in an outage (502, 503, 504, 408, 429, a timeout, a
 * refused connection): retried by Temporal with the same ids.
 */
export class DataHubUnavailableError extends Error {
  override readonly name = 'DataHubUnavailableError';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A configuration fault, not an outage: 401 (token), 403 (role), 404 (URL), 415 (Content-Type), or a
 * 500 that persisted past the bounded repeat (an unknown document type). Non-retryable, of type
 * {@link DATAHUB_CONFIGURATION_FAULT}, so a workflow can catch it, stop the step and wait for an
 * operator, instead of retrying without end while nothing is visible.
 */
export function dataHubConfigurationFault(status: number, call: string, attempts: number): ApplicationFailure {
  const why: Record<number, string> = {
    401: 'the bearer token was refused, a fresh one too (AFBRYD_DATAHUB_TOKEN, or the Entra ID client: scope/audience, tenant, its azp registered for AFBRYD_SUPPLIER_GLN with one role)',
    403: 'the actor may not send this (its role, or a feature DataHub has not opened)',
    404: 'no such endpoint (AFBRYD_DATAHUB_URL)',
    415: 'the Content-Type was refused',
    500: `DataHub answered 500 ${attempts} times (an unknown document type or category answers 500 in DataHub 3)`,
  };
  return ApplicationFailure.create({
    type: DATAHUB_CONFIGURATION_FAULT,
    nonRetryable: true,
    message: `DataHub configuration fault: ${call} answered ${status}: ${why[status] ?? 'refused'}`,
    details: [{ status, call, attempts }],
  });
}

/** Options of {@link B2BDataHubPort}. */
export interface B2BDataHubOptions {
  /** e.g. `https://b2b.datahub3.dk` or the simulator's `http://127.0.0.1:7300`. */
  baseUrl: string;
  /** The static bearer token (never logged); ignored when {@link tokenSource} is given. */
  token?: string;
  /**
   * Where the bearer token comes from (an Entra ID provider, `datahub-auth.ts`). After a 401 a
   * renewable source's token is dropped and the call is sent once more with a fresh one; a second 401
   * is a configuration fault. @default a static source of {@link token}
   */
  tokenSource?: BearerTokenSource;
  /** The supplier's GLN (sender, role DDQ). */
  supplierGln: string;
  /** Timeout of one call, ms. @default 30000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The clock for `createdDateTime`. @default () => new Date() */
  now?: () => Date;
  /** The dialect's unconfirmed settings (receiver role, cancellation process type). @default the profile's defaults */
  dialect?: Partial<DataHubDialectSettings>;
  /** How often a call that answered 500 is sent in all, and the first wait (doubling), before it is a configuration fault. @default { attempts: 3, delayMs: 2000 } */
  serverErrorRetry?: { attempts: number; delayMs: number };
}

/** The {@link DataHubPort} over DataHub 3's B2B interface. */
export class B2BDataHubPort implements DataHubPort {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => Date;
  private readonly serverErrorRetry: { attempts: number; delayMs: number };
  private readonly tokens: BearerTokenSource;

  constructor(private readonly options: B2BDataHubOptions) {
    if (!options.tokenSource && !options.token) throw new Error('B2BDataHubPort needs a token or a tokenSource');
    this.tokens = options.tokenSource ?? new StaticTokenSource(options.token!);
    this.serverErrorRetry = options.serverErrorRetry ?? { attempts: 3, delayMs: 2000 };
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? (() => new Date());
  }

  /** The port as `config/datahub.ts` configures it. */
  static fromConfig(config: DataHubConfig, tokenSource: BearerTokenSource = tokenSourceFromConfig(config.auth)): B2BDataHubPort {
    return new B2BDataHubPort({
      baseUrl: config.url,
      tokenSource,
      supplierGln: config.supplierGln,
      timeoutMs: config.timeoutMs,
      dialect: { receiverRole: config.receiverRole, cancellationProcessType: config.cancellationProcessType },
      serverErrorRetry: config.serverErrorRetry,
    });
  }

  async send(message: DataHubMessage): Promise<DataHubAnswer> {
    for (const [what, id] of [['message', message.messageId], ['transaction', message.transactionId]] as const) {
      if (id.length === 0 || id.length > 36) {
        // DataHub answers an over-long id with 00305 / 00205: refuse here, before sending.
        throw ApplicationFailure.create({ nonRetryable: true, type: 'InvalidDataHubId', message: `the ${what} id must be 1–36 characters` });
      }
    }
    const document = buildB2BDocument(message, {
      supplierGln: this.options.supplierGln,
      createdDateTime: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(this.options.dialect ? { dialect: this.options.dialect } : {}),
    });
    const path = `/api/incomingMessages/${document.documentType}`;
    const post = () => this.call(path, { method: 'POST', headers: { 'content-type': CONTENT_TYPE_JSON }, body: JSON.stringify(document.body) });
    // A 500 is sent again (same ids) a bounded number of times: DataHub 3 answers 500 to a document
    // type it does not know, so one that persists is a configuration fault, not an outage.
    let response = await post();
    for (let attempt = 1; response.status === 500 && attempt < this.serverErrorRetry.attempts; attempt++) {
      await response.body?.cancel().catch(() => undefined);
      await sleep(this.serverErrorRetry.delayMs * 2 ** (attempt - 1));
      response = await post();
    }
    // What was POSTed, for the evidence archive (the wire is unchanged).
    const sent = { document: { documentType: document.documentType, body: document.body } };
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { status: 'accepted', ...sent };
    }
    const text = await response.text().catch(() => '');
    if (response.status === 400) {
      const meaning = interpretErrorBody(safeJson(text));
      if (!meaning) return { status: 'rejected', code: 'HTTP-400', message: text.slice(0, 500) || 'bad request (no error body)', ...sent };
      return { ...meaning, ...sent };
    }
    if (CONFIGURATION_FAULT_STATUSES.includes(response.status) || response.status === 500) {
      throw dataHubConfigurationFault(response.status, `POST ${path}`, response.status === 500 ? this.serverErrorRetry.attempts : 1);
    }
    if (response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status)) {
      return { status: 'rejected', code: `HTTP-${response.status}`, message: text.slice(0, 500) || response.statusText, ...sent };
    }
    throw new DataHubUnavailableError(`DataHub answered ${response.status} to ${document.documentType}`);
  }

  /**
   * One call with the bearer token. A 401 with a renewable token (Entra ID) drops that token and
   * sends the call once more with a fresh one — a token revoked, expired early or signed with a key
   * DataHub has rotated away; a second 401 is returned, and the caller reports it as a configuration
   * fault. (Same ids both times, so DataHub sees at most one delivery.)
   */
  private async call(path: string, init: RequestInit): Promise<Response> {
    return sendWithTokenRetry(this.tokens, () => this.bearer(init.method, path), (token) => this.fetchOnce(path, init, token));
  }

  private async bearer(method: string | undefined, path: string): Promise<string> {
    try {
      return await this.tokens.token();
    } catch (err) {
      if (err instanceof DataHubAuthError && err.configuration) {
        throw ApplicationFailure.create({
          type: DATAHUB_CONFIGURATION_FAULT,
          nonRetryable: true,
          message: `DataHub configuration fault: no token for ${method} ${path}: ${err.message} (the AFBRYD_DATAHUB_ENTRA_* settings)`,
          details: [{ status: 401, call: `${method} ${path}`, attempts: 1 }],
        });
      }
      throw new DataHubUnavailableError(`DataHub not reachable (${method} ${path}): ${(err as Error).message}`);
    }
  }

  private async fetchOnce(path: string, init: RequestInit, token: string): Promise<Response> {
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : (err as Error).message;
      throw new DataHubUnavailableError(`DataHub not reachable (${init.method} ${path}): ${reason}`);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Connecting a client to Temporal, and registering afbryd's search attributes on a namespace.
 */
import { Client, Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import { status as grpcStatus } from '@grpc/grpc-js';
import proto from '@temporalio/proto';
import { connectionOptions, type TemporalConfig } from '../config/temporal.js';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

type IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const { IndexedValueType } = proto.temporal.api.enums.v1;

/**
 * Connects a client as the configuration says.
 * @param options.connectTimeoutMs how long to wait for the server (@default the SDK's, 10 s)
 */
export async function connectClient(config: TemporalConfig, options: { connectTimeoutMs?: number } = {}): Promise<Client> {
  const connection = await Connection.connect({
    ...connectionOptions(config),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeout: options.connectTimeoutMs } : {}),
  });
  return new Client({ connection, namespace: config.namespace });
}

const INDEXED: Record<SearchAttributeType, IndexedValueType> = {
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

function grpcCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: number }).code : undefined;
}

/**
 * Registers afbryd's search attributes on a namespace, idempotently: attributes already there with
 * the same type are left alone; one there with another type is an error, since afbryd would then
 * write values the namespace rejects. On a server that cannot list them (the time-skipping test
 * server), each is added and "already exists" counts as done.
 * @returns the names it added.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: SearchAttributeKey<SearchAttributeType>[] = ALL_SEARCH_ATTRIBUTES,
): Promise<string[]> {
  let known: Record<string, IndexedValueType> | undefined;
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    known = { ...(existing.customAttributes ?? {}) } as Record<string, IndexedValueType>;
  } catch (err) {
    if (grpcCode(err) !== grpcStatus.UNIMPLEMENTED) throw err;
  }
  const added: string[] = [];
  for (const key of keys) {
    const wanted = INDEXED[key.type];
    const have = known?.[key.name];
    if (have !== undefined) {
      if (have !== wanted) {
        throw new Error(
          `search attribute ${key.name} exists in namespace "${namespace}" with another type (${IndexedValueType[have]}), afbryd needs ${key.type}`,
        );
      }
      continue;
    }
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [key.name]: wanted } });
      added.push(key.name);
    } catch (err) {
      if (grpcCode(err) !== grpcStatus.ALREADY_EXISTS) throw err;
    }
  }
  return added;
}

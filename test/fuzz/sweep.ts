/**
 * The canary against a running case, for canary.test.ts and `npm run fuzz`: DataHub documents whose
 * reason texts carry the canary delivered to the case by the poller; a control case given a name in an
 * operator's note (free text: the documented limit), which the sweep must find; and the sweep of every
 * workflow on the task queue — histories with payloads decoded, search attributes, memo, metadata.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataHubPoller, type PollOutcome } from '../../client/datahub-poller.js';
import { eventOutcomeQuery } from '../../workflows/case/definitions.js';
import { FUZZ_GSRN, FUZZ_TOKENS, eventually, type FuzzContext } from './context.js';
import { DATAHUB_GLN, SUPPLIER_GLN, standInDataHub } from './datahub.js';
import { CANARY, canaryHits } from './properties.js';

/** The poller's log and operator file of {@link deliverDataHubCanaries}. */
export interface PollerTrace {
  log: string[];
  keptFile: string;
  /** What the poller wrote for an operator (empty when nothing was kept). */
  kept(): string;
}

/**
 * Delivers DataHub rejections whose reason texts carry the CPR number, the e-mail address and the
 * phone number to the case `workflowId` (of metering point {@link FUZZ_GSRN}), through the poller and
 * a stand-in DataHub; waits until the case has recorded each.
 */
export async function deliverDataHubCanaries(ctx: FuzzContext, workflowId: string, tag: string): Promise<{ outcomes: PollOutcome[]; trace: PollerTrace }> {
  const dh = standInDataHub();
  const log: string[] = [];
  const keptFile = join(mkdtempSync(join(tmpdir(), 'afbryd-fuzz-canary-')), 'kept.jsonl');
  const poller = new DataHubPoller({
    client: ctx.client,
    baseUrl: 'http://datahub.invalid',
    token: 'fuzz-token',
    supplierGln: SUPPLIER_GLN,
    unmatchedFile: keptFile,
    fetch: dh.fetch,
    log: (line) => void log.push(JSON.stringify(line)),
    locateCase: async (meteringPointId) => (meteringPointId === FUZZ_GSRN ? { workflowId } : undefined),
  });
  const ids: string[] = [];
  const texts = [CANARY.cpr, CANARY.email, CANARY.phone, `kunden ${CANARY.cpr}, ${CANARY.email}, tlf. ${CANARY.phone}`];
  texts.forEach((text, i) => {
    const id = `canary-${tag}-${i}`;
    ids.push(id);
    const [type, record] =
      i % 2 === 0
        ? ['RejectRequestEndOfSupply', { Reason: [{ code: 'E17', text }] }]
        : ['RejectRequestService', { serviceType: { value: 'D01' }, Reason: [{ code: 'D58', text }] }];
    const body = {
      [`${type}_MarketDocument`]: {
        mRID: id,
        type: { value: 'A01' },
        'process.processType': { value: 'E20' },
        'sender_MarketParticipant.mRID': { value: DATAHUB_GLN },
        'receiver_MarketParticipant.mRID': { value: SUPPLIER_GLN },
        createdDateTime: '2027-01-04T08:00:00Z',
        MktActivityRecord: [{ mRID: `tx-${i}`, 'marketEvaluationPoint.mRID': { value: FUZZ_GSRN }, ...record }],
      },
    };
    dh.queue.push({ id, text: JSON.stringify(body) });
  });
  const outcomes = await poller.pollOnce();
  const handle = ctx.client.workflow.getHandle(workflowId);
  for (const id of ids) await eventually(() => handle.query(eventOutcomeQuery, id).then((o) => o ?? undefined), `the case to record ${id}`);
  return {
    outcomes,
    trace: {
      log,
      keptFile,
      kept() {
        try {
          return readFileSync(keptFile, 'utf8');
        } catch {
          return '';
        }
      },
    },
  };
}

/** Starts the control case and gives it a name in an operator's note; returns its id. */
export async function controlCase(ctx: FuzzContext, customerId: string): Promise<{ workflowId: string; status: number }> {
  const workflowId = await ctx.startCase(customerId);
  const r = await ctx.app.inject({
    method: 'POST',
    url: `/cases/${workflowId}/events`,
    headers: { authorization: `Bearer ${FUZZ_TOKENS.operator}` },
    payload: { type: 'dataHubOutageMarked', messageId: `control-${customerId}`, note: `ring til ${CANARY.name}` },
  });
  return { workflowId, status: r.statusCode };
}

/** The canary found in each workflow on the task queue (history, search attributes, memo, metadata). */
export async function sweepWorkflows(ctx: FuzzContext, expected: readonly string[]): Promise<Map<string, string[]>> {
  const ids = await eventually(async () => {
    const found = await ctx.workflowIds();
    return expected.every((id) => found.includes(id)) ? found : undefined;
  }, `${expected.join(', ')} in visibility`);
  const hits = new Map<string, string[]>();
  for (const id of ids) {
    const { history, description } = await ctx.evidenceOf(id);
    hits.set(id, canaryHits(history + description));
  }
  return hits;
}

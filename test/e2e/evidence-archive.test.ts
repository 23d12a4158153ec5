/**
 * The proof outlives Temporal (issue 7 items 4 and 9): a case started over HTTP sends rykker 1, is
 * paid and closes; its letters and its final view are in the evidence archive; once Temporal has
 * dropped the history (here: deleted, as retention would), `GET /cases/:id` still shows the case —
 * from the archive — and an unknown id is still 404.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../client/api/app.js';
import { main, type CliIo } from '../../client/cli/main.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { openEvidenceStore } from '../../evidence/open.js';
import type { EvidenceStore } from '../../evidence/store.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { caseViewQuery } from '../../workflows/case/definitions.js';
import { startDevWorker, type DevWorker } from '../support/worker.js';

const TOKEN = 'test-billing-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let dev: DevWorker;
let app: ReturnType<typeof buildApi>;
let dir: string;
let evidenceUrl: string;
let evidence: EvidenceStore;

beforeAll(async () => {
  // A SQLite file, so that the CLI (another reader, as in production) opens the same archive.
  dir = mkdtempSync(join(tmpdir(), 'afbryd-evidence-e2e-'));
  evidenceUrl = `file:${join(dir, 'evidence.sqlite')}`;
  evidence = await openEvidenceStore({ url: evidenceUrl });
  dev = await startDevWorker({ prefix: 'evidence', activityDeps: createSimulatedDeps({ settings: resolveCaseSettings(), evidence }) });
  app = buildApi({ client: dev.client, taskQueue: dev.taskQueue, tokens: { [TOKEN]: 'billing' }, logger: false, evidence });
});

afterAll(async () => {
  await app?.close();
  await dev?.stop();
  await evidence?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process against the dev server and the archive file. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, AFBRYD_EVIDENCE_URL: process.env.AFBRYD_EVIDENCE_URL };
  process.env.TEMPORAL_ADDRESS = inject('devServerAddress');
  process.env.AFBRYD_EVIDENCE_URL = evidenceUrl;
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  try {
    const code = await main(argv, io);
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('a closed case after Temporal dropped its history', () => {
  it('is shown from the evidence archive', async () => {
    const customerId = 'C-1001';
    // Due long ago: rykker 1 is due at once.
    const started = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: auth,
      payload: {
        customerId,
        meteringPointId: '571313100000000024',
        customerClass: 'household',
        invoices: [{ invoiceId: `INV-EVID-${Date.now()}`, amountOre: 125_000, dueDate: '2026-01-05' }],
      },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    const handle = dev.client.workflow.getHandle(id);
    await expect.poll(async () => (await handle.query(caseViewQuery)).stage, { timeout: 20_000 }).toBe('reminder-1');

    const paid = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: auth,
      payload: { messageId: 'pay-evid-1', type: 'paymentReceived', amountOre: 125_000 },
    });
    expect(paid.json()).toMatchObject({ outcome: 'applied' });
    const final = await handle.result();
    expect(final.closed?.reason).toBe('paid');

    // While Temporal keeps the history, the case comes from Temporal.
    const live = await app.inject({ method: 'GET', url: `/cases/${id}`, headers: auth });
    expect(live.json()).toMatchObject({ source: 'temporal', status: 'COMPLETED', stage: 'closed' });

    // Temporal drops it (retention; here deleted at once).
    await dev.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: id } });
    await expect
      // The server deletes in the background (about half a minute on the dev server).
      .poll(async () => handle.describe().then(() => 'there', (err: Error) => err.name), { timeout: 90_000, interval: 1_000 })
      .toBe('WorkflowNotFoundError');

    const archived = await app.inject({ method: 'GET', url: `/cases/${id}`, headers: auth });
    expect(archived.statusCode).toBe(200);
    const body = archived.json();
    expect(body).toMatchObject({
      id,
      source: 'evidence-archive',
      status: 'ARCHIVED',
      stage: 'closed',
      closed: { reason: 'paid' },
      evidence: { reason: 'paid' },
    });
    expect(body.evidence.letters).toBeGreaterThanOrEqual(1);
    expect(body.letters.map((l: { kind: string }) => l.kind)).toEqual(['reminder1']);
    expect(body.timeline.map((t: { what: string }) => t.what)).toContain('case closed: paid');

    // The archive itself holds the letter as sent: content, hash, channel and receipt.
    const record = await evidence.readCase(id);
    expect(record?.letters).toHaveLength(1);
    expect(record?.letters[0]).toMatchObject({ kind: 'reminder1', channel: 'digital', contentHash: body.letters[0].contentHash });

    const unknown = await app.inject({ method: 'GET', url: '/cases/case-571313100000000024-C-nobody', headers: auth });
    expect(unknown.statusCode).toBe(404);

    // `afbryd case show` reads it from the archive too.
    const shown = await cli('case', 'show', id);
    expect(shown.err).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('from the evidence archive');
    expect(shown.out).toContain('case closed: paid');
    const json = await cli('case', 'show', id, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ id, source: 'evidence-archive', stage: 'closed' });
    const none = await cli('case', 'show', 'case-571313100000000024-C-nobody');
    expect(none.code).toBe(1);
    // It names the server it asked and the archive it read (issue 17).
    expect(none.err.trim()).toMatch(
      /^afbryd: case show: no case case-571313100000000024-C-nobody \(neither on Temporal \S+:\d+, namespace default nor in the evidence archive \(sqlite file:.+\)\)$/,
    );
  });
});

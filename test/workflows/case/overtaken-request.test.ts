/**
 * A payment (or a hold) that arrives while the disconnection notice or the DataHub request is under
 * way (found by the chaos run, issue 9): the reducer finds no request to cancel yet, so the request
 * that then goes out must be cancelled at once — a customer who has paid is never disconnected.
 * DataHub's answer is held back in the test (as a slow DataHub would) while the event arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataHubAnswer, DataHubMessage } from '../../../activities/datahub.js';
import type { CaseInput } from '../../../workflows/case/definitions.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

/** Holds the next end-of-supply request until `release` is called; resolves `sent` when it arrives. */
function holdNextRequest(): { sent: Promise<void>; release: () => void } {
  const datahub = h.deps.datahub;
  const original = datahub.send.bind(datahub);
  let arrived!: () => void;
  let release!: () => void;
  const sent = new Promise<void>((r) => (arrived = r));
  const gate = new Promise<void>((r) => (release = r));
  datahub.send = async (message: DataHubMessage): Promise<DataHubAnswer> => {
    if (message.request.kind === 'RequestEndOfSupply') {
      datahub.send = original;
      arrived();
      await gate;
    }
    return original(message);
  };
  return { sent, release };
}

/**
 * A business case taken over before its request (rykker 2's deadline Thu 24 Feb 2028 has passed): on
 * or after Mon 6 Mar 2028 the request goes out at once.
 */
function importedBeforeRequest(caseId: string, invoiceId: string): CaseInput {
  return {
    caseId,
    customerId: CUSTOMER.business,
    meteringPointId: METERING_POINT.physical,
    invoices: [{ invoiceId, amountOre: 300_000, dueDate: '2028-01-31' }],
    customerClass: 'business',
    imported: {
      nextStep: 'disconnectionRequest',
      source: `${caseId}.csv row 2`,
      letters: [
        { kind: 'reminder1', sentDate: '2028-02-03', receivedDate: '2028-02-03', channel: 'digital' },
        { kind: 'reminder2', sentDate: '2028-02-14', receivedDate: '2028-02-14', channel: 'digital' },
      ],
    },
  };
}

describe('an event that overtakes the DataHub request', () => {
  it('cancels the request a payment overtook, and closes paid', async () => {
    // A business case taken over before its request (rykker 2's deadline Thu 24 Feb 2028 has passed):
    // the request goes out at once on Mon 6 Mar 2028.
    await h.sleepUntil('2028-03-06', '06:00');
    const held = holdNextRequest();
    const handle = await h.start(importedBeforeRequest('overtaken-1', 'INV-OVT1'));
    await held.sent;
    // Paid in full while DataHub has the request but has not answered.
    await h.signal(handle, { messageId: 'ovt-pay', actor: 'billing', type: 'paymentReceived', amountOre: 300_000 });
    await expect.poll(async () => (await h.outcome(handle, 'ovt-pay'))?.outcome, { timeout: 20_000 }).toBe('applied');
    held.release();

    const closed = await h.untilStage(handle, 'closed');
    expect(closed.closed?.reason).toBe('paid');
    expect(closed.request?.status).toBe('cancelled');
    const sent = h.datahubOf('overtaken-1').map((m) => m.request.kind);
    expect(sent).toEqual(['RequestEndOfSupply', 'RequestCancellation']);
    const cancellation = h.datahubOf('overtaken-1')[1]!.request;
    expect(cancellation).toMatchObject({ kind: 'RequestCancellation', originalTransactionId: closed.request?.transactionId });
    expect(closed.timeline.some((t) => t.what.startsWith('the request went out while the case was closing (paid)'))).toBe(true);
  });

  it('applies DataHub\'s confirmation that arrives before the request\'s activity has answered: the request is recorded as being sent before it goes', async () => {
    // The same business case, taken over before its request: the request goes out at once (Mon 6 Mar 2028).
    const held = holdNextRequest();
    const handle = await h.start(importedBeforeRequest('early-answer-1', 'INV-EARLY1'));
    await held.sent;
    // DataHub confirms (twice: a redelivery) before the request's activity has answered the workflow.
    const confirmation = { messageId: 'dh-early-confirm', actor: 'datahub', type: 'requestConfirmed', processId: 'P-EARLY-1' } as const;
    await h.signal(handle, confirmation);
    await h.signal(handle, confirmation);
    held.release();

    const requested = await h.untilStage(handle, 'disconnection-requested');
    await expect.poll(async () => (await h.view(handle)).request?.status, { timeout: 20_000 }).toBe('confirmed');
    const view = await h.view(handle);
    expect(view.request?.processId).toBe('P-EARLY-1');
    expect(view.needsAttention).toBe(false);
    const whats = view.timeline.map((t) => t.what);
    expect(whats.filter((w) => w.startsWith('message rejected'))).toEqual([]);
    // The answer came first and is recorded first; the request's own line follows when its activity answers.
    expect(whats.indexOf('DataHub confirmed the request')).toBeLessThan(whats.findIndex((w) => w.startsWith('DataHub request sent')));
    expect(whats.indexOf('DataHub confirmed the request')).toBeGreaterThan(-1);
    expect(whats.filter((w) => w === 'DataHub confirmed the request')).toHaveLength(1);
    expect(await h.outcome(handle, 'dh-early-confirm')).toMatchObject({ outcome: 'applied' });
    expect(requested.request?.kind).toBeDefined();
  });
});

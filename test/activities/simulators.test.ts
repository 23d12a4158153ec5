/**
 * The simulated outside parties: dedupe by idempotency key (a repeat returns the first result and is
 * logged as a duplicate), per-recipient behaviour, the injected clock, outages, the customer registry,
 * and the rule that simulators import nothing from activities/ but the port types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CustomerRegistrySimulator,
  DigitalPostSimulator,
  PrintPostSimulator,
  SEEDED_CUSTOMERS,
  SIMULATED_CUSTOMER_IDS,
  SimulatedOutageError,
  createSimulatedParties,
} from '../../simulators/index.js';

const fixed = () => new Date('2026-10-09T08:30:00.000Z');
/** A stand-in PDF document (the simulators keep what they get; they do not read it). */
const pdf = new Uint8Array(Buffer.from('%PDF-1.3 Emne\n%%EOF\n'));
const msg = (key: string, recipientId = 'dp-1', contentHash = 'h1') => ({
  idempotencyKey: key,
  recipientId,
  subject: 'Emne',
  body: 'Tekst',
  contentHash,
  pdf,
  pdfSha256: `pdf-${contentHash}`,
});
const post = (key: string, contentHash = 'h1') => ({
  idempotencyKey: key,
  name: 'Kanarie Fuglesang',
  address: ['Kanarievej 7', '9999 Eksempelby'],
  subject: 'Emne',
  body: 'Tekst',
  contentHash,
  pdf,
  pdfSha256: `pdf-${contentHash}`,
});

describe('DigitalPostSimulator', () => {
  it('delivers with the injected clock and numbered message ids', async () => {
    const dp = new DigitalPostSimulator({ now: fixed });
    expect(await dp.send(msg('a'))).toEqual({ status: 'delivered', messageId: 'DP-000001', deliveredAt: '2026-10-09T08:30:00.000Z' });
    expect(await dp.send(msg('b'))).toMatchObject({ messageId: 'DP-000002' });
    expect(dp.contentOf('a')).toEqual({ subject: 'Emne', body: 'Tekst', contentHash: 'h1' });
    expect(dp.contentOf('nope')).toBeUndefined();
  });

  it('dedupes by key: a repeat returns the first result, delivers nothing, and is logged as a duplicate (a conflict if the content differs)', async () => {
    let t = Date.parse('2026-10-09T08:30:00.000Z');
    const dp = new DigitalPostSimulator({ now: () => new Date(t) });
    const first = await dp.send(msg('a'));
    t += 1000;
    expect(await dp.send(msg('a'))).toEqual(first);
    expect(await dp.send(msg('a', 'dp-1', 'other'))).toEqual(first);
    expect(dp.deliveries()).toHaveLength(1);
    expect(dp.calls().map(({ seq, duplicate, conflict, at }) => ({ seq, duplicate, conflict, at }))).toEqual([
      { seq: 1, duplicate: false, conflict: false, at: '2026-10-09T08:30:00.000Z' },
      { seq: 2, duplicate: true, conflict: false, at: '2026-10-09T08:30:01.000Z' },
      { seq: 3, duplicate: true, conflict: true, at: '2026-10-09T08:30:01.000Z' },
    ]);
  });

  it('treats recipients as configured; a refusal is remembered per key too', async () => {
    const dp = new DigitalPostSimulator({ now: fixed, behaviours: { 'dp-none': { type: 'no-mailbox' } } });
    dp.setBehaviour('dp-bounce', { type: 'bounce', reason: 'MAILBOX_FULL' });
    expect(await dp.send(msg('a', 'dp-none'))).toEqual({ status: 'no-mailbox' });
    expect(await dp.send(msg('b', 'dp-bounce'))).toEqual({ status: 'bounced', reason: 'MAILBOX_FULL' });
    dp.setBehaviour('dp-none', { type: 'deliver' });
    expect(await dp.send(msg('a', 'dp-none'))).toEqual({ status: 'no-mailbox' });
    expect(dp.deliveries()).toEqual([]);
    expect(dp.calls().map((x) => x.outcome)).toEqual(['no-mailbox', 'bounced', 'no-mailbox']);
  });

  it('a simulated outage fails the call before anything is delivered, and is logged', async () => {
    const dp = new DigitalPostSimulator({ now: fixed }).failNext(2);
    await expect(dp.send(msg('a'))).rejects.toBeInstanceOf(SimulatedOutageError);
    await expect(dp.send(msg('a'))).rejects.toBeInstanceOf(SimulatedOutageError);
    expect(await dp.send(msg('a'))).toMatchObject({ status: 'delivered' });
    expect(dp.calls().map((x) => [x.outcome, x.duplicate])).toEqual([
      ['failed', false],
      ['failed', false],
      ['delivered', false],
    ]);
  });

  it('uses the real clock by default', async () => {
    const before = Date.now();
    const r = await new DigitalPostSimulator().send(msg('a'));
    expect(r.status === 'delivered' && Date.parse(r.deliveredAt) >= before).toBe(true);
  });
});

describe('PrintPostSimulator', () => {
  it('dispatches once per key; the call log has no name or address, the letter has', async () => {
    const pp = new PrintPostSimulator({ now: fixed });
    const first = await pp.dispatch(post('a'));
    expect(first).toEqual({ dispatchId: 'PP-000001', dispatchedAt: '2026-10-09T08:30:00.000Z' });
    expect(await pp.dispatch(post('a'))).toEqual(first);
    expect(pp.deliveries()).toHaveLength(1);
    expect(pp.deliveries()[0]).toMatchObject({ name: 'Kanarie Fuglesang', address: ['Kanarievej 7', '9999 Eksempelby'] });
    expect(pp.duplicates()).toHaveLength(1);
    expect(JSON.stringify(pp.calls())).not.toMatch(/Kanarie/);
  });

  it('outages fail the call and are logged', async () => {
    const pp = new PrintPostSimulator({ now: fixed }).failNext();
    await expect(pp.dispatch(post('a'))).rejects.toThrow(/print post is unavailable/);
    expect(await pp.dispatch(post('a'))).toMatchObject({ dispatchId: 'PP-000001' });
  });
});

describe('CustomerRegistrySimulator and createSimulatedParties', () => {
  it('is seeded with fictional customers, answers copies, and can add and remove', async () => {
    const reg = new CustomerRegistrySimulator();
    expect(reg.ids()).toEqual(Object.keys(SEEDED_CUSTOMERS));
    for (const c of Object.values(SEEDED_CUSTOMERS)) expect(c.address.at(-1)).toMatch(/^9999 /);
    const contact = await reg.getContact(SIMULATED_CUSTOMER_IDS.digital);
    (contact?.address as string[]).push('changed');
    expect((await reg.getContact(SIMULATED_CUSTOMER_IDS.digital))?.address).toHaveLength(2);
    expect(await reg.getContact('nobody')).toBeUndefined();
    reg.add('X-1', { name: 'A', address: ['B'] }).remove(SIMULATED_CUSTOMER_IDS.digital);
    expect(await reg.getContact(SIMULATED_CUSTOMER_IDS.digital)).toBeUndefined();
    expect(reg.lookups()).toEqual(['C-1001', 'C-1001', 'nobody', 'C-1001']);
    expect(new CustomerRegistrySimulator({ seed: false }).ids()).toEqual([]);
  });

  it('wires the parties: letters are attributed to customers, the seeded behaviours apply', async () => {
    const { digitalPost, printPost, customers } = createSimulatedParties({ now: fixed });
    await digitalPost.send(msg('a', 'dp-0001001'));
    expect(await digitalPost.send(msg('b', 'dp-0001003'))).toMatchObject({ status: 'bounced' });
    expect(await digitalPost.send(msg('c', 'dp-0001004'))).toEqual({ status: 'no-mailbox' });
    const paper = SEEDED_CUSTOMERS['C-1002'];
    await printPost.dispatch({ ...post('d'), name: paper?.name ?? '', address: paper?.address ?? [] });
    expect(digitalPost.lettersFor('C-1001').map((l) => l.idempotencyKey)).toEqual(['a']);
    expect(printPost.lettersFor('C-1002').map((l) => l.idempotencyKey)).toEqual(['d']);
    expect(printPost.lettersFor('C-1001')).toEqual([]);
    expect(customers.customerIdByDigitalPostId('dp-cvr-00000001')).toBe('C-2001');
  });
});

describe('simulators play outside parties', () => {
  const dir = fileURLToPath(new URL('../../simulators/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports from activities/ only port types (import type)', (file) => {
    const text = readFileSync(`${dir}${file}`, 'utf8');
    const imports = [...text.matchAll(/^(import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)].map((m) => ({ stmt: m[0], from: m[2] as string }));
    for (const { stmt, from } of imports) {
      if (from.includes('activities/')) expect(stmt, stmt).toMatch(/^import type\s/);
      if (from.startsWith('.')) expect(from).toMatch(/\.js$/);
    }
  });
});

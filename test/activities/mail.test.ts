/**
 * The mail adapter with the simulated parties: channel choice and fallback, the receipt dates (worked
 * by hand from RULES 1), idempotency under repeats and retries, failures, and no personal data in
 * receipts, errors or log lines.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../../activities/letters/pdf.js';
import { DEFAULT_SUPPLIER, renderLetter } from '../../activities/letters/render.js';
import type { DisconnectionNoticeLetter, OwnerNoticeLetter, SecurityDemandLetter } from '../../activities/letters/types.js';
import { createMailActivities, memoryCaseNumbers, withOwnerContract, type LetterReceipt, type SendLetterInput } from '../../activities/mail.js';
import { createMemoryEvidenceStore } from '../../evidence/sqlite.js';
import { DEFAULT_OWNER_SETTINGS, resolveRulesSettings } from '../../rules/index.js';
import { createSimulatedParties, SimulatedOutageError, type SimulatedParties } from '../../simulators/index.js';

/** A name and address that must never show up outside the letter itself. */
const CANARY_NAME = 'Kanarie Fuglesang';
const CANARY_STREET = 'Kanarievej 7, 1. tv.';
const CANARY = { name: CANARY_NAME, address: [CANARY_STREET, '9999 Eksempelby'] };

/** A case id as `deriveCaseId` makes it: the metering point, the customer, the first invoice. Never printed. */
const CASE = '571313100000012345-K-1-F-2026-0042';
/** The case numbers the allocator hands out, in order (A000000 and 1000000 with their check characters: test/evidence/case-number.test.ts). */
const CASE_NUMBER = 'A000-000W';
const OTHER_CASE_NUMBER = '1000-000M';

const securityDemand: SecurityDemandLetter = {
  kind: 'securityDemand',
  caseId: CASE,
  meteringPointId: '571313100000012345',
  customerClass: 'household',
  amountDueOre: 123_450,
  securityAmountOre: 450_000,
  deadline: '2026-10-30',
  withoutArrears: false,
};

/** A settable clock: Friday 9 Oct 2026, 10:30 Danish summer time (08:30 UTC). */
function clock(start = '2026-10-09T08:30:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (iso: string) => {
      t = Date.parse(iso);
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function input(overrides: Partial<SendLetterInput> = {}): SendLetterInput {
  return {
    idempotencyKey: `${CASE}:securityDemand:1`,
    caseId: CASE,
    customerId: 'K-1',
    letter: securityDemand,
    ...overrides,
  };
}

function expectNoPersonalData(value: unknown) {
  const text = JSON.stringify(value);
  expect(text).not.toContain(CANARY_NAME);
  expect(text).not.toContain('Kanarievej');
}

async function rejection(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

let c: ReturnType<typeof clock>;
let parties: SimulatedParties;
let mail: ReturnType<typeof createMailActivities>;

beforeEach(() => {
  c = clock();
  parties = createSimulatedParties({ now: c.now });
  parties.customers.add('K-1', { ...CANARY, digitalPostId: 'dp-kanarie' });
  const draws = [CASE_NUMBER, OTHER_CASE_NUMBER];
  mail = createMailActivities({ ...parties, caseNumbers: memoryCaseNumbers(() => draws.shift() ?? 'ZZZZ-ZZZZ') });
});

describe('digital post (the default channel)', () => {
  it('delivered: received the same day as delivered (RULES 1), with the hash of exactly what was delivered', async () => {
    const receipt = await mail.sendLetter(input());
    const { receiptBasis, contentHash, ...rest } = receipt;
    expect(rest).toEqual<Omit<LetterReceipt, 'receiptBasis' | 'contentHash'>>({
      letterId: `${CASE}:securityDemand:1`,
      kind: 'securityDemand',
      channel: 'digital',
      sentAt: '2026-10-09T08:30:00.000Z',
      sentDate: '2026-10-09',
      receivedDate: '2026-10-09',
      deliveryId: 'DP-000001',
    });
    expect(receiptBasis).toContain('RULES 1 receipt: digital post, received the day it is sent');
    expect(receiptBasis).toContain('2026-10-09T10:30:00 Danish time');
    expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
    const delivered = parties.digitalPost.contentOf(receipt.letterId);
    expect(delivered?.contentHash).toBe(receipt.contentHash);
    expect(renderLetter(securityDemand, CANARY, DEFAULT_SUPPLIER, CASE_NUMBER)).toEqual({
      subject: delivered?.subject,
      body: delivered?.body,
      contentHash: receipt.contentHash,
    });
    // The letter itself is addressed to the customer and says the deadline.
    expect(delivered?.body).toContain(CANARY_NAME);
    expect(delivered?.body).toContain('senest fredag den 30. oktober 2026');
    expect(parties.printPost.deliveries()).toEqual([]);
    expect(parties.digitalPost.lettersFor('K-1').map((l) => l.idempotencyKey)).toEqual([receipt.letterId]);
    expectNoPersonalData(receipt);
  });

  it('carries the letter as its PDF document (the same words), identical on a retry; the receipt holds no bytes', async () => {
    const receipt = await mail.sendLetter(input());
    const expected = renderLetterPdf(securityDemand, CANARY, DEFAULT_SUPPLIER, CASE_NUMBER);
    const sent = parties.digitalPost.documentOf(receipt.letterId)!;
    expect(Buffer.from(sent.pdf).equals(Buffer.from(expected.bytes))).toBe(true);
    expect(sent.pdfSha256).toBe(expected.sha256);
    expect(expected.contentHash).toBe(receipt.contentHash); // the PDF names the text's hash
    expect(await mail.sendLetter(input())).toEqual(receipt);
    expect(parties.digitalPost.duplicates().map((x) => x.conflict)).toEqual([false]);
    expect(Object.keys(receipt).sort()).toEqual(['channel', 'contentHash', 'deliveryId', 'kind', 'letterId', 'receiptBasis', 'receivedDate', 'sentAt', 'sentDate']);
    expect(JSON.stringify(receipt)).not.toContain('PDF');
  });

  it('sentDate and receivedDate are Danish local dates: 22:30 UTC on 9 Oct is 00:30 on Saturday 10 Oct (CEST)', async () => {
    c.set('2026-10-09T22:30:00.000Z');
    const receipt = await mail.sendLetter(input());
    expect(receipt.sentAt).toBe('2026-10-09T22:30:00.000Z');
    expect(receipt.sentDate).toBe('2026-10-10');
    expect(receipt.receivedDate).toBe('2026-10-10');
  });

  it('in winter time: 23:10 UTC on 30 Nov is 00:10 on 1 Dec (CET, UTC+1)', async () => {
    c.set('2026-11-30T23:10:00.000Z');
    const receipt = await mail.sendLetter(input());
    expect(receipt.sentDate).toBe('2026-12-01');
  });
});

describe('fallback to a physical letter', () => {
  it('no digital-post id in the registry: a physical letter, received dispatch + 5 hverdage (Fri 9 Oct → Fri 16 Oct)', async () => {
    parties.customers.add('K-1', CANARY);
    const receipt = await mail.sendLetter(input());
    // 5 hverdage after Friday 9 Oct 2026: 12, 13, 14, 15, 16 Oct.
    expect(receipt).toMatchObject({
      channel: 'letter',
      sentAt: '2026-10-09T08:30:00.000Z',
      sentDate: '2026-10-09',
      receivedDate: '2026-10-16',
      deliveryId: 'PP-000001',
      fallback: { from: 'digital', reason: 'no-mailbox', detail: 'no digital-post id in the customer registry' },
    });
    expect(receipt.receiptBasis).toContain('RULES 1 receipt: physical letter, dispatch + 5 hverdage');
    expect(parties.digitalPost.calls()).toEqual([]);
    const [letter] = parties.printPost.lettersFor('K-1');
    expect(letter?.name).toBe(CANARY_NAME);
    expect(letter?.address).toEqual(CANARY.address);
    expect(letter?.contentHash).toBe(receipt.contentHash);
    expectNoPersonalData(receipt);
  });

  it('digital post answers no-mailbox: a physical letter, the fallback recorded', async () => {
    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'no-mailbox' });
    const receipt = await mail.sendLetter(input());
    expect(receipt.channel).toBe('letter');
    expect(receipt.receivedDate).toBe('2026-10-16');
    expect(receipt.fallback).toEqual({ from: 'digital', reason: 'no-mailbox', detail: 'digital post: the recipient has no mailbox' });
    expect(parties.digitalPost.calls().map((x) => x.outcome)).toEqual(['no-mailbox']);
    expect(parties.digitalPost.deliveries()).toEqual([]);
    expect(parties.printPost.deliveries()).toHaveLength(1);
  });

  it('digital post bounces: a physical letter with the bounce reason', async () => {
    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'bounce', reason: 'MAILBOX_BLOCKED' });
    const receipt = await mail.sendLetter(input());
    expect(receipt.channel).toBe('letter');
    expect(receipt.fallback).toEqual({ from: 'digital', reason: 'bounced', detail: 'digital post: MAILBOX_BLOCKED' });
    expect(parties.printPost.deliveries()).toHaveLength(1);
    expectNoPersonalData(receipt);
  });

  it('the seeded customers behave as documented: C-1003 bounces, C-1004 has a closed mailbox, C-1002 has none', async () => {
    const send = (customerId: string) =>
      mail.sendLetter(input({ customerId, idempotencyKey: `${CASE}:${customerId}` }));
    expect((await send('C-1001')).channel).toBe('digital');
    expect((await send('C-1002')).fallback?.detail).toBe('no digital-post id in the customer registry');
    expect((await send('C-1003')).fallback?.reason).toBe('bounced');
    expect((await send('C-1004')).fallback?.reason).toBe('no-mailbox');
    expect(parties.printPost.lettersFor().map((l) => l.customerId)).toEqual(['C-1002', 'C-1003', 'C-1004']);
  });

  it('preferredChannel "letter" goes straight to print post, with no fallback', async () => {
    const receipt = await mail.sendLetter(input({ preferredChannel: 'letter' }));
    expect(receipt.channel).toBe('letter');
    expect(receipt.fallback).toBeUndefined();
    expect(parties.digitalPost.calls()).toEqual([]);
  });

  it('over Christmas: dispatched Wed 23 Dec 2026 → received Tue 5 Jan 2027', async () => {
    // Not hverdage: 24 Dec (no working day), 25–26 Dec (holidays), 27 Dec (Sunday), 31 Dec (no working
    // day), 1 Jan (holiday), 2–3 Jan (weekend). Hverdage: 28, 29, 30 Dec, 4, 5 Jan.
    c.set('2026-12-23T09:00:00.000Z');
    const receipt = await mail.sendLetter(input({ preferredChannel: 'letter' }));
    expect(receipt.sentDate).toBe('2026-12-23');
    expect(receipt.receivedDate).toBe('2027-01-05');
  });

  it('letterReceiptHverdage and the rules settings set the letter receipt', async () => {
    // 3 hverdage after Fri 9 Oct: 12, 13, 14 Oct.
    const three = await mail.sendLetter(input({ preferredChannel: 'letter', letterReceiptHverdage: 3, idempotencyKey: 'k3' }));
    expect(three.receivedDate).toBe('2026-10-14');
    expect(three.receiptBasis).toContain('dispatch + 3 hverdage');
    // 4 hverdage from the case's settings snapshot: 12–15 Oct.
    const settings = resolveRulesSettings({ letterReceiptHverdage: 4 });
    const four = await mail.sendLetter(input({ preferredChannel: 'letter', rulesSettings: settings, idempotencyKey: 'k4' }));
    expect(four.receivedDate).toBe('2026-10-15');
    // The explicit input wins over the snapshot.
    const both = await mail.sendLetter(
      input({ preferredChannel: 'letter', rulesSettings: settings, letterReceiptHverdage: 5, idempotencyKey: 'k5' }),
    );
    expect(both.receivedDate).toBe('2026-10-16');
  });

  it('a named settings base and only what differs from it (version 2 from issue 14 item 8)', async () => {
    // The base's 5 hverdage after Fri 9 Oct: 12–16 Oct.
    const onBase = await mail.sendLetter(input({ preferredChannel: 'letter', rulesSettingsBase: 'defaults-0.6.9', idempotencyKey: 'b5' }));
    expect(onBase.receivedDate).toBe('2026-10-16');
    // The case changes one: 4 hverdage, 12–15 Oct; the rest stays the base's.
    const changed = await mail.sendLetter(input({ preferredChannel: 'letter', rulesSettingsBase: 'defaults-0.6.9', rulesSettings: { letterReceiptHverdage: 4 }, idempotencyKey: 'b4' }));
    expect(changed.receivedDate).toBe('2026-10-15');
    const err = await rejection(mail.sendLetter(input({ rulesSettingsBase: 'defaults-0.0.1', idempotencyKey: 'bx' })));
    expect(err.type).toBe('InvalidInput');
    expect(err.nonRetryable).toBe(true);
  });
});

describe('the physical twin (RULES 11: a letter\'s dates fit its channel)', () => {
  // The twin of the security demand dated for the post: received 5 hverdage later, so its deadline is
  // 15 hverdage from Fri 16 Oct instead of from Fri 9 Oct — Fri 6 Nov 2026 instead of Fri 30 Oct.
  const postDeadline = '2026-11-06';

  it('the whole twin (cases before issue 14 item 8): sent instead when digital post bounces', async () => {
    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'bounce', reason: 'MAILBOX_BLOCKED' });
    const receipt = await mail.sendLetter(input({ letterByPost: { ...securityDemand, deadline: postDeadline } }));
    expect(receipt.channel).toBe('letter');
    expect(parties.printPost.lettersFor('K-1')[0]?.body).toContain('senest fredag den 6. november 2026');
  });

  it('only the twin\'s changed fields (since issue 14 item 8): the same letter by post, and digital post still gets its own dates', async () => {
    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'bounce', reason: 'MAILBOX_BLOCKED' });
    const byPost = await mail.sendLetter(input({ letterByPostChanges: { deadline: postDeadline } }));
    expect(byPost.channel).toBe('letter');
    const printed = parties.printPost.lettersFor('K-1')[0];
    expect(printed?.body).toContain('senest fredag den 6. november 2026');
    expect(printed?.body).not.toContain('30. oktober');
    // The same twin, whole, renders the same words.
    expect(printed?.contentHash).toBe(renderLetter({ ...securityDemand, deadline: postDeadline }, CANARY, DEFAULT_SUPPLIER, CASE_NUMBER).contentHash);

    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'deliver' });
    const digital = await mail.sendLetter(input({ idempotencyKey: `${CASE}:securityDemand:2`, letterByPostChanges: { deadline: postDeadline } }));
    expect(digital.channel).toBe('digital');
    expect(parties.digitalPost.contentOf(digital.letterId)?.body).toContain('senest fredag den 30. oktober 2026');
  });

  it('changes may not make it another case\'s or another kind of letter', async () => {
    const err = await rejection(mail.sendLetter(input({ letterByPostChanges: { kind: 'reminder1' } as never })));
    expect(err.type).toBe('InvalidLetter');
  });
});

describe('the compact receipt (since issue 14 item 8)', () => {
  it('holds only what the case reads — id, channel, sent and received dates, content hash; the archive keeps the rest', async () => {
    const full = await mail.sendLetter(input());
    const compact = await mail.sendLetter(input({ receipt: 'compact' }));
    expect(compact).toEqual({ letterId: full.letterId, channel: 'digital', sentDate: '2026-10-09', receivedDate: '2026-10-09', contentHash: full.contentHash });
  });
});

describe('idempotency: one key, one delivery', () => {
  it('digital: the same key twice delivers once, the simulator logs the duplicate, the receipts are identical', async () => {
    const first = await mail.sendLetter(input());
    c.advance(60 * 60 * 1000);
    const second = await mail.sendLetter(input());
    expect(second).toEqual(first);
    expect(parties.digitalPost.deliveries()).toHaveLength(1);
    const calls = parties.digitalPost.calls();
    expect(calls.map((x) => [x.duplicate, x.outcome, x.at])).toEqual([
      [false, 'delivered', '2026-10-09T08:30:00.000Z'],
      [true, 'delivered', '2026-10-09T09:30:00.000Z'],
    ]);
    expect(parties.digitalPost.duplicates()).toHaveLength(1);
    expect(calls.every((x) => !x.conflict && x.idempotencyKey === first.letterId)).toBe(true);
  });

  it('fallback: the same key twice dispatches one letter; both parties log the duplicate', async () => {
    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'bounce', reason: 'MAILBOX_BLOCKED' });
    const first = await mail.sendLetter(input());
    c.advance(24 * 60 * 60 * 1000);
    const second = await mail.sendLetter(input());
    expect(second).toEqual(first);
    expect(parties.printPost.deliveries()).toHaveLength(1);
    expect(parties.printPost.duplicates()).toHaveLength(1);
    expect(parties.digitalPost.duplicates()).toHaveLength(1);
  });

  it('a retry after a print-post outage dispatches exactly one letter', async () => {
    parties.customers.add('K-1', CANARY);
    parties.printPost.failNext(1);
    await expect(mail.sendLetter(input())).rejects.toBeInstanceOf(SimulatedOutageError);
    c.advance(10_000);
    const receipt = await mail.sendLetter(input());
    expect(receipt.sentAt).toBe('2026-10-09T08:30:10.000Z');
    expect(parties.printPost.calls().map((x) => x.outcome)).toEqual(['failed', 'dispatched']);
    expect(parties.printPost.deliveries()).toHaveLength(1);
  });

  it('another key is another letter', async () => {
    await mail.sendLetter(input());
    await mail.sendLetter(input({ idempotencyKey: `${CASE}:securityDemand:2` }));
    expect(parties.digitalPost.deliveries()).toHaveLength(2);
    expect(parties.digitalPost.duplicates()).toHaveLength(0);
  });
});

describe('failures', () => {
  it('an unknown customer is a non-retryable UnknownCustomer failure, naming ids only, and nothing is sent', async () => {
    const err = await rejection(mail.sendLetter(input({ customerId: 'K-404' })));
    expect(err.nonRetryable).toBe(true);
    expect(err.type).toBe('UnknownCustomer');
    expect(err.message).toContain('K-404');
    expect(parties.digitalPost.calls()).toEqual([]);
    expect(parties.printPost.calls()).toEqual([]);
  });

  it('a letter the law rules out (a security demand to a business) is a non-retryable InvalidLetter failure without personal data', async () => {
    const err = await rejection(mail.sendLetter(input({ letter: { ...securityDemand, customerClass: 'business' } })));
    expect(err.nonRetryable).toBe(true);
    expect(err.type).toBe('InvalidLetter');
    expectNoPersonalData({ message: err.message, details: err.details, stack: err.stack });
    expect(parties.digitalPost.calls()).toEqual([]);
  });

  it('a letter of another case is refused', async () => {
    const err = await rejection(mail.sendLetter(input({ letter: { ...securityDemand, caseId: 'case-other' } })));
    expect(err.type).toBe('InvalidLetter');
  });

  it('settings below a legal minimum are refused', async () => {
    const err = await rejection(
      mail.sendLetter(input({ rulesSettings: { ...resolveRulesSettings(), securityDeadlineHverdage: 10 } })),
    );
    expect(err.type).toBe('InvalidInput');
    expect(err.nonRetryable).toBe(true);
  });

  it('an unknown holiday table is refused before anything is sent', async () => {
    const err = await rejection(
      mail.sendLetter(input({ rulesSettings: { ...resolveRulesSettings(), holidayTableVersion: 'dk-nope' } })),
    );
    expect(err.type).toBe('InvalidInput');
    expect(parties.digitalPost.calls()).toEqual([]);
  });
});

describe('the short case number (issue 15 item 13)', () => {
  it('every letter of a case prints its one short number, on every attempt; another case gets another; never the case id', async () => {
    const first = await mail.sendLetter(input());
    const body = parties.digitalPost.contentOf(first.letterId)!.body;
    expect(body).toMatch(/Sagsnr\.:\s+A000-000W\n/);
    expect(body).toContain('med sagsnummeret A000-000W som reference');
    expect(body).not.toContain(CASE);
    expect(body).not.toContain('K-1');
    // A retry renders the same letter; the case's next letter prints the same number.
    expect(await mail.sendLetter(input())).toEqual(first);
    const next = await mail.sendLetter(input({ idempotencyKey: `${CASE}:securityDemand:2`, letter: { ...securityDemand, correctsEarlierLetter: true } }));
    expect(parties.digitalPost.contentOf(next.letterId)!.body).toContain('(sagsnr. A000-000W)');
    const other = '571313100000012345-K-1-F-2026-0099';
    const third = await mail.sendLetter(input({ idempotencyKey: `${other}:securityDemand:1`, caseId: other, letter: { ...securityDemand, caseId: other } }));
    expect(parties.digitalPost.contentOf(third.letterId)!.body).toMatch(/Sagsnr\.:\s+1000-000M\n/);
  });

  it('with the evidence archive: the number is the archive\'s, allocated once under the workflow, and the archived letter prints it', async () => {
    const evidence = createMemoryEvidenceStore();
    const withArchive = createMailActivities({ ...parties, evidence });
    const receipt = await withArchive.sendLetter(input());
    const record = await evidence.readCaseNumber(CASE);
    expect(record).toMatchObject({ caseId: CASE, workflowId: CASE }); // outside an activity the case id stands in for the workflow
    const archived = (await evidence.readCase(CASE))!.letters[0]!;
    expect(archived.letterId).toBe(receipt.letterId);
    expect(archived.body).toMatch(new RegExp(`Sagsnr\\.:\\s+${record!.caseNumber}\\n`));
    expect(archived.body).not.toContain(CASE);
    expect(await evidence.allocateCaseNumber(CASE, 'case-571313100000012345-K-1')).toBe(record!.caseNumber);
    await evidence.close();
  });
});

describe('in an activity context', () => {
  class CapturingLogger implements Logger {
    readonly lines: Array<{ level: LogLevel; message: string; meta?: LogMetadata }> = [];
    log(level: LogLevel, message: string, meta?: LogMetadata) {
      this.lines.push({ level, message, ...(meta ? { meta } : {}) });
    }
    trace(message: string, meta?: LogMetadata) {
      this.log('TRACE', message, meta);
    }
    debug(message: string, meta?: LogMetadata) {
      this.log('DEBUG', message, meta);
    }
    info(message: string, meta?: LogMetadata) {
      this.log('INFO', message, meta);
    }
    warn(message: string, meta?: LogMetadata) {
      this.log('WARN', message, meta);
    }
    error(message: string, meta?: LogMetadata) {
      this.log('ERROR', message, meta);
    }
  }

  it('logs ids only: the fallback and the dispatch, without name or address', async () => {
    const logger = new CapturingLogger();
    const env = new MockActivityEnvironment(undefined, { logger });
    parties.digitalPost.setBehaviour('dp-kanarie', { type: 'bounce', reason: 'MAILBOX_BLOCKED' });
    const letter: DisconnectionNoticeLetter = {
      kind: 'disconnectionNotice',
      caseId: CASE,
      meteringPointId: '571313100000012345',
      customerClass: 'household',
      meterKind: 'remote',
      cutoff: '2026-11-30',
      windowDeadline: '2026-12-02',
      newAgreementBy: '2026-11-27',
      amountDueOre: 123_450,
    };
    const receipt = (await env.run(mail.sendLetter, input({ letter, idempotencyKey: `${CASE}:disconnectionNotice:1` }))) as LetterReceipt;
    expect(receipt.channel).toBe('letter');
    const messages = logger.lines.map((l) => l.message);
    expect(messages).toEqual(
      expect.arrayContaining(['digital post did not deliver; sending a physical letter', 'letter dispatched by post']),
    );
    expect(logger.lines.some((l) => l.meta?.letterId === `${CASE}:disconnectionNotice:1`)).toBe(true);
    expectNoPersonalData(logger.lines);
    expectNoPersonalData(receipt);
    // The simulators' call logs carry ids and hashes only; the letters themselves carry the address.
    expectNoPersonalData(parties.digitalPost.calls());
    expectNoPersonalData(parties.printPost.calls());
  });
});

describe("an owner's letter from a settings snapshot before BEK §3 stk. 3's contract contents (issue 15 item 1)", () => {
  // A running owner-liability case started before `ownerProduct.contract` existed: its snapshot's product
  // is id, name and free-text terms only, and the workflow copies it into the letter as it is.
  const OWNER_CASE = '571313100000012345-K-1-AGR-2';
  const oldProduct = { productId: 'EL-VARIABEL-1', name: 'Variabel elpris (eksempel)', terms: 'Pris: spotpris + 4,00 øre pr. kWh (gammel tekst).' };
  const oldLetter: OwnerNoticeLetter = {
    kind: 'ownerNotice',
    caseId: OWNER_CASE,
    meteringPointId: '571313100000012345',
    customerClass: 'household',
    letterDate: '2026-10-09',
    agreementEnd: '2026-10-31',
    deadline: '2026-10-16',
    boundFrom: '2026-11-01',
    product: oldProduct,
    noticeMonths: 1,
    earliestDisconnection: { askBy: '2026-10-09', cutoff: '2026-11-02', windowDeadline: '2026-11-09', afterAgreementEnd: true },
  };
  const ownerInput = (letter: OwnerNoticeLetter): SendLetterInput => ({ idempotencyKey: `${OWNER_CASE}:ownerNotice:0`, caseId: OWNER_CASE, customerId: 'K-1', letter });

  it("the same product as the worker's: the letter carries the configured product's contract, not the old free text", async () => {
    const withOwner = createMailActivities({ ...parties, owner: DEFAULT_OWNER_SETTINGS, caseNumbers: memoryCaseNumbers(() => CASE_NUMBER) });
    const receipt = await withOwner.sendLetter(ownerInput(oldLetter));
    const body = parties.digitalPost.contentOf(receipt.letterId)!.body;
    expect(body).toContain('Tillægget til spotprisen er 4,00 øre pr. kWh.');
    expect(body).toContain('Klager: Er du utilfreds med kontrakten eller med os, kan du klage til os på klage@eksempel-energi.invalid.');
    expect(body).not.toContain('gammel tekst');
    expect(withOwnerContract(oldLetter, DEFAULT_OWNER_SETTINGS)).toMatchObject({ product: DEFAULT_OWNER_SETTINGS.ownerProduct });
  });

  it('another product, or no owner settings: refused as InvalidLetter (never a contract without those contents, nor with another product’s prices)', async () => {
    const other = createMailActivities({ ...parties, owner: { ownerProduct: { ...DEFAULT_OWNER_SETTINGS.ownerProduct, productId: 'FAST-12' } }, caseNumbers: memoryCaseNumbers(() => CASE_NUMBER) });
    const err = await rejection(other.sendLetter(ownerInput(oldLetter)));
    expect(err.type).toBe('InvalidLetter');
    expect(err.message).toContain('product: contract is required (BEK §3 stk. 3)');
    expect((await rejection(mail.sendLetter(ownerInput(oldLetter)))).type).toBe('InvalidLetter');
    expect(parties.digitalPost.calls()).toEqual([]);
    // A letter that has its contract is left as it is; other letters too.
    const current = { ...oldLetter, product: { ...DEFAULT_OWNER_SETTINGS.ownerProduct, name: 'Som i sagen' } };
    expect(withOwnerContract(current, DEFAULT_OWNER_SETTINGS)).toBe(current);
    expect(withOwnerContract(securityDemand, DEFAULT_OWNER_SETTINGS)).toBe(securityDemand);
  });
});

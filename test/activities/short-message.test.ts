/**
 * The short-message adapter (issue 15 item 3) with the simulated SMS/e-mail gateway and customer
 * registry: SMS first, e-mail as the fallback, `none` without either; one message per key however
 * often it runs; the exact text archived with its hash and the recipient masked; and no phone number,
 * address or name in the receipt, errors or log lines. Plus the Danish text: what RULES 11 / SV 3.2.1 e,
 * 3.2.2 e require it to say, in at most two SMS parts.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUPPLIER } from '../../activities/letters/supplier.js';
import { reopeningInformation, smsParts, type ReopeningInformationContent } from '../../activities/letters/templates/reopening-information.js';
import { createShortMessageActivities, maskRecipient, shortMessageHash, type SendShortMessageInput } from '../../activities/short-message.js';
import { createMemoryEvidenceStore, type SqliteEvidenceStore } from '../../evidence/sqlite.js';
import { createSimulatedParties, type SimulatedParties } from '../../simulators/index.js';

const CASE = 'case-2027-0099';
const PHONE = '+4500000077';
const EMAIL = 'kanarie@kunde.invalid';
const NAME = 'Kanarie Fuglesang';

// Thu 16 Dec 2027 13:00 Danish time (12:00 UTC): a physical reopening requested before 11:00 would be the
// same day; at 13:00 the expected day is the next working day, Fri 17 Dec, 08:00-15:00 (Friday hours).
const physical: ReopeningInformationContent = { expectedDate: '2027-12-17', from: '08:00', to: '15:00', method: 'physical', customerClass: 'household' };
const remote: ReopeningInformationContent = { expectedDate: '2027-12-16', from: '13:00', to: '16:00', method: 'remote', customerClass: 'household' };

function input(overrides: Partial<SendShortMessageInput> = {}): SendShortMessageInput {
  return { idempotencyKey: `${CASE}:reopening-information:0`, caseId: CASE, customerId: 'K-1', kind: 'reopeningInformation', content: physical, ...overrides };
}

function expectNoPersonalData(value: unknown) {
  const text = JSON.stringify(value);
  for (const personal of [PHONE, '00000077', EMAIL, 'kanarie@', NAME]) expect(text).not.toContain(personal);
}

let parties: SimulatedParties;
let evidence: SqliteEvidenceStore;
let sms: ReturnType<typeof createShortMessageActivities>;
const now = () => new Date('2027-12-16T12:00:00.000Z');

beforeEach(() => {
  parties = createSimulatedParties({ now });
  evidence = createMemoryEvidenceStore({ now });
  sms = createShortMessageActivities({ shortMessages: parties.shortMessages, customers: parties.customers, evidence });
});

describe('sendShortMessage: the channel', () => {
  it('prefers SMS: one message to the mobile number, the receipt without personal data, the text archived with its hash', async () => {
    parties.customers.add('K-1', { name: NAME, address: ['Kanarievej 7', '9999 Eksempelby'], mobilePhone: PHONE, email: EMAIL });
    const receipt = await sms.sendShortMessage(input());
    const words = reopeningInformation(physical, DEFAULT_SUPPLIER);
    expect(receipt).toEqual({ channel: 'sms', messageId: 'SMS-000001', sentAt: '2027-12-16T12:00:00.000Z', contentHash: shortMessageHash('', words.text) });
    expectNoPersonalData(receipt);
    const sent = parties.shortMessages.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ idempotencyKey: `${CASE}:reopening-information:0:sms`, channel: 'sms', to: PHONE, from: 'Eksempel', text: words.text });
    // The archive keeps the exact text and its hash, the recipient masked (workflow id: the case id outside an activity).
    const archived = await evidence.readCase(CASE);
    expect(archived?.shortMessages).toHaveLength(1);
    expect(archived?.shortMessages?.[0]).toMatchObject({
      caseId: CASE,
      messageKey: `${CASE}:reopening-information:0`,
      kind: 'reopeningInformation',
      channel: 'sms',
      recipientMasked: '*********77',
      subject: '',
      text: words.text,
      contentHash: receipt.channel === 'sms' ? receipt.contentHash : '',
      sentDate: '2027-12-16',
      deliveryId: 'SMS-000001',
    });
    expect(JSON.stringify(archived)).not.toContain(PHONE);
    expect(archived?.letters).toEqual([]);
  });

  it('falls back to e-mail when there is no mobile number, with a subject and the supplier signed', async () => {
    parties.customers.add('K-1', { name: NAME, address: ['Kanarievej 7', '9999 Eksempelby'], email: EMAIL });
    const receipt = await sms.sendShortMessage(input());
    expect(receipt).toMatchObject({ channel: 'email', messageId: 'EM-000001', sentAt: '2027-12-16T12:00:00.000Z' });
    expectNoPersonalData(receipt);
    const [mail] = parties.shortMessages.sent();
    expect(mail).toMatchObject({ channel: 'email', to: EMAIL, from: 'kundeservice@eksempel-energi.invalid', subject: 'Genåbning af elforsyningen fredag den 17. december 2027' });
    expect(mail?.text).toContain('Med venlig hilsen\nEksempel Energi A/S (fiktiv)');
    expect((await evidence.readCase(CASE))?.shortMessages?.[0]).toMatchObject({ channel: 'email', recipientMasked: 'k***@kunde.invalid' });
  });

  it('falls back to e-mail when the gateway refuses the number', async () => {
    parties.customers.add('K-1', { name: NAME, address: ['x'], mobilePhone: '12345', email: EMAIL });
    const receipt = await sms.sendShortMessage(input());
    expect(receipt.channel).toBe('email');
    expect(parties.shortMessages.calls().map((c) => [c.channel, c.outcome])).toEqual([
      ['sms', 'rejected'],
      ['email', 'sent'],
    ]);
  });

  it('answers none when the registry has neither, and sends and archives nothing', async () => {
    parties.customers.add('K-1', { name: NAME, address: ['Kanarievej 7', '9999 Eksempelby'] });
    const receipt = await sms.sendShortMessage(input());
    expect(receipt).toEqual({ channel: 'none', reason: 'no mobile number or e-mail address in the customer registry' });
    expect(parties.shortMessages.calls()).toEqual([]);
    expect(await evidence.readCase(CASE)).toBeUndefined();
  });

  it('answers none, without the gateway’s reason, when the gateway refuses every channel', async () => {
    parties.customers.add('K-1', { name: NAME, address: ['x'], mobilePhone: PHONE, email: EMAIL });
    parties.shortMessages.refuse(PHONE).refuse(EMAIL);
    const receipt = await sms.sendShortMessage(input());
    expect(receipt).toEqual({ channel: 'none', reason: 'the gateway refused sms and email' });
    expectNoPersonalData(receipt);
  });

  it('the seeded registry: C-1005 by SMS, C-1006 by e-mail, C-1002 none', async () => {
    const channel = async (customerId: string) => (await sms.sendShortMessage(input({ customerId, idempotencyKey: `k-${customerId}` }))).channel;
    expect([await channel('C-1005'), await channel('C-1006'), await channel('C-1002')]).toEqual(['sms', 'email', 'none']);
  });
});

describe('sendShortMessage: idempotency', () => {
  beforeEach(() => {
    parties.customers.add('K-1', { name: NAME, address: ['x'], mobilePhone: PHONE });
  });

  it('the same key again: the same receipt, one message, one archived row', async () => {
    const first = await sms.sendShortMessage(input());
    const again = await sms.sendShortMessage(input());
    expect(again).toEqual(first);
    expect(parties.shortMessages.sent()).toHaveLength(1);
    expect(parties.shortMessages.calls().map((c) => c.duplicate)).toEqual([false, true]);
    expect((await evidence.readCase(CASE))?.shortMessages).toHaveLength(1);
  });

  it('a retry after an outage sends once; a retry after a failed archive write resends nothing and records then', async () => {
    parties.shortMessages.failNext(1);
    // Retryable, and named without the gateway's own words (they may quote the number).
    const outage = await sms.sendShortMessage(input()).catch((e: unknown) => e);
    expect(outage).toMatchObject({ type: 'ShortMessageGatewayUnavailable', nonRetryable: false });
    expect((outage as Error).message).toBe(`short message ${CASE}:reopening-information:0: the sms gateway failed (SimulatedOutageError)`);
    const broken = { ...evidence, recordShortMessage: () => Promise.reject(new Error('disk full')) } as unknown as SqliteEvidenceStore;
    const failing = createShortMessageActivities({ shortMessages: parties.shortMessages, customers: parties.customers, evidence: broken });
    const err = await failing.sendShortMessage(input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('EvidenceUnavailable');
    expect((err as ApplicationFailure).nonRetryable).toBe(false);
    const receipt = await sms.sendShortMessage(input());
    expect(receipt.channel).toBe('sms');
    expect(parties.shortMessages.sent()).toHaveLength(1);
    expect((await evidence.readCase(CASE))?.shortMessages).toHaveLength(1);
  });

  it('another key is another message', async () => {
    await sms.sendShortMessage(input());
    await sms.sendShortMessage(input({ idempotencyKey: `${CASE}:reopening-information:1` }));
    expect(parties.shortMessages.sent()).toHaveLength(2);
  });
});

describe('sendShortMessage: failures and logs', () => {
  it('an unknown customer and a malformed content fail for good, naming ids only', async () => {
    const unknown = await sms.sendShortMessage(input({ customerId: 'nobody' })).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ type: 'UnknownCustomer', nonRetryable: true });
    const bad = await sms.sendShortMessage(input({ content: { ...physical, from: '8' } })).catch((e: unknown) => e);
    expect(bad).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  });

  it('logs ids and the channel, never the number, the address or the name', async () => {
    parties.customers.add('K-1', { name: NAME, address: ['x'], mobilePhone: PHONE, email: EMAIL });
    const lines: Array<{ message: string; meta?: LogMetadata }> = [];
    const logger: Logger = {
      log: (_level: LogLevel, message: string, meta?: LogMetadata) => lines.push({ message, ...(meta ? { meta } : {}) }),
      trace: (message, meta) => lines.push({ message, ...(meta ? { meta } : {}) }),
      debug: (message, meta) => lines.push({ message, ...(meta ? { meta } : {}) }),
      info: (message, meta) => lines.push({ message, ...(meta ? { meta } : {}) }),
      warn: (message, meta) => lines.push({ message, ...(meta ? { meta } : {}) }),
      error: (message, meta) => lines.push({ message, ...(meta ? { meta } : {}) }),
    };
    const env = new MockActivityEnvironment(undefined, { logger });
    const receipt = (await env.run(sms.sendShortMessage, input())) as { channel: string };
    expect(receipt.channel).toBe('sms');
    expect(lines.some((l) => l.message === 'short message sent')).toBe(true);
    expectNoPersonalData(lines);
  });

  it('masks recipients', () => {
    expect(maskRecipient('sms', '+4512345678')).toBe('*********78');
    expect(maskRecipient('email', 'anne@example.invalid')).toBe('a***@example.invalid');
  });
});

describe('the Danish text (RULES 11; SV 3.2.1 e, 3.2.2 e)', () => {
  it('physical: the day and window, appliances off (HPFI), someone present, how to reach us, the letter follows', () => {
    const { text, subject } = reopeningInformation(physical, DEFAULT_SUPPLIER);
    expect(text).toBe(
      'Din strøm genåbnes fredag den 17. december 2027 mellem kl. 8.00 og kl. 15.00. Sluk elektriske apparater, og slå HPFI-relæet fra, til strømmen er tilbage. ' +
        'Skal netselskabet ind til elmåleren, skal nogen være til stede. Spørgsmål: ring +45 00 00 00 00. Brev følger.',
    );
    expect(subject).toBe('Genåbning af elforsyningen fredag den 17. december 2027');
  });

  it('remote: the power comes back only when the customer activates the meter; a business is "I"', () => {
    expect(reopeningInformation(remote, DEFAULT_SUPPLIER).text).toBe(
      'Din strøm kan genåbnes torsdag den 16. december 2027 mellem kl. 13.00 og kl. 16.00, men den kommer først, når du aktiverer elmåleren. ' +
        'Sluk elektriske apparater, og slå HPFI-relæet fra, før du aktiverer den; slå det til igen bagefter. Spørgsmål: ring +45 00 00 00 00. Brev følger.',
    );
    expect(reopeningInformation({ ...remote, customerClass: 'business' }, DEFAULT_SUPPLIER).text).toContain('Jeres strøm kan genåbnes');
    expect(reopeningInformation({ ...remote, customerClass: 'business' }, DEFAULT_SUPPLIER).text).toContain('når I aktiverer elmåleren');
  });

  it('fits in two GSM-7 SMS parts for the longest day and window, household and business', () => {
    // The longest Danish date: "onsdag den 29. september 2027" (weekday 6, month 9 letters); windows 10:00-16:00.
    for (const method of ['physical', 'remote'] as const) {
      for (const customerClass of ['household', 'business'] as const) {
        const { text } = reopeningInformation({ expectedDate: '2027-09-29', from: '10:00', to: '16:00', method, customerClass }, DEFAULT_SUPPLIER);
        const parts = smsParts(text);
        expect(parts.encoding).toBe('gsm7');
        expect(parts.parts, `${method} ${customerClass}: ${parts.units} septets`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('counts SMS parts: 160 in one, 153 per part, UCS-2 for characters outside GSM-7', () => {
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, parts: 1 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, parts: 2 });
    expect(smsParts('æøå€')).toEqual({ encoding: 'gsm7', units: 5, parts: 1 });
    expect(smsParts('a – b')).toMatchObject({ encoding: 'ucs2', parts: 1 });
  });
});

/**
 * The case page's plain Danish answer (client/case-answer.ts), the worklist's helpers
 * (client/worklist.ts) and the list filters' visibility query (client/cases.ts). Every expected date
 * and amount is worked out by hand from RULES.md (the worked examples of section 2, section 7's
 * reopening hours), never copied from the code.
 */
import { describe, expect, it } from 'vitest';
import { caseAnswer, danishAmount, danishDate, timelineTextDa } from '../../client/case-answer.js';
import { caseListQuery, customerIdOfWorkflowId } from '../../client/cases.js';
import { recoveryOf, weekOf, worklistCsv } from '../../client/worklist.js';
import type { CaseView } from '../../workflows/case/definitions.js';

/** A household case (RULES 2's worked example: physical meter, digital post, invoice due 14 Sep 2026). */
function view(over: Partial<CaseView> = {}): CaseView {
  return {
    caseId: 'K-1',
    customerId: 'C-9',
    meteringPointId: '571313100000000017',
    customerClass: 'household',
    meterKind: 'physical',
    stage: 'disconnection-requested',
    invoices: [{ invoiceId: 'INV-1', amountOre: 845_000, dueDate: '2026-09-14' }],
    amountDueOre: 845_000,
    letters: [
      { kind: 'terminationNotice', cycle: 0, letterId: 'l-4', channel: 'digital', sentDate: '2026-10-31', receivedDate: '2026-10-31', contentHash: 'x' },
    ],
    securityDeadline: { date: '2026-10-30', basis: 'BEK §27 stk. 2', securityAmountOre: 450_000 },
    holds: [],
    needsAttention: false,
    timeline: [],
    ...over,
  } as CaseView;
}

const request = {
  kind: 'end-of-supply' as const,
  cycle: 0,
  messageId: 'm',
  transactionId: 't',
  sentDate: '2026-11-05',
  // RULES 2: request Thu 5 Nov → cut-off Tue 10 Nov (6, 9, 10 Nov); physical window d6 = Tue 17 Nov.
  cutoff: '2026-11-10',
  cutoffBasis: 'SV 2.2.1 b',
  windowDeadline: '2026-11-17',
  windowDeadlineBasis: 'SV 2.2.1 c',
  status: 'confirmed' as const,
};

describe('Danish forms', () => {
  it('writes dates and amounts as a Danish reader expects', () => {
    expect(danishDate('2026-12-10')).toBe('torsdag den 10. december 2026');
    expect(danishDate('2026-11-09')).toBe('mandag den 9. november 2026');
    expect(danishAmount(845_000)).toBe('8.450,00 kr');
    expect(danishAmount(99_000)).toBe('990,00 kr');
    expect(danishAmount(123_456_789)).toBe('1.234.567,89 kr');
    expect(danishAmount(5)).toBe('0,05 kr');
  });

  it('says the common timeline lines in Danish and marks the rest as English', () => {
    expect(timelineTextDa('rykker 2 sent')).toEqual({ text: '2. rykker sendt', lang: 'da' });
    expect(timelineTextDa('reminder1 sent by the previous system (imported)')).toEqual({ text: '1. rykker sendt af det tidligere system', lang: 'da' });
    expect(timelineTextDa('something new')).toEqual({ text: 'something new', lang: 'en' });
  });
});

describe('the answer to "where does my case stand?"', () => {
  it('a request out: the cut-off, the window, and what stops it (pay AND a new agreement by the hverdag before)', () => {
    const a = caseAnswer(view({ request, next: { step: 'gridWindow', date: '2026-11-17' } }), { now: '2026-11-06T10:00' });
    expect(a.cutoff).toBe(
      'Skæringsdatoen er tirsdag den 10. november 2026. Netselskabet kan afbryde fra den dag og skal have afbrudt senest tirsdag den 17. november 2026.',
    );
    expect(a.cutoffDate).toBe('2026-11-10');
    expect(a.disconnected).toBe(false);
    expect(a.disconnectedText).toBe('Nej, ikke endnu. Der er bedt om afbrydelse (se skæringsdatoen).');
    // SV 2.2.1 a 5: a new agreement no later than the hverdag before the cut-off: Monday 9 Nov.
    expect(a.whatStopsIt[0]).toBe(
      'Betal 8.450,00 kr, og indgå en ny aftale om levering, der gælder fra ophævelsen, senest mandag den 9. november 2026. Begge dele skal være på plads; en betaling alene stopper ikke afbrydelsen.',
    );
    expect(a.whatStopsIt).toContain('Eller stil sikkerhed på 4.500,00 kr.');
    expect(a.whatStopsIt.some((t) => t.startsWith('En klage over kravet stopper ophævelse og afbrydelse'))).toBe(true);
    expect(a.reopening.join(' ')).toContain('senest kl. 11.00 på en arbejdsdag, genåbner det samme dag; ellers senest næste arbejdsdag');
    expect(a.reopening.join(' ')).toContain('mandag til torsdag kl. 8.00–16.00 og fredag kl. 8.00–15.00');
  });

  it('the amount is what the customer owes now: the arrears and the fees the letters named (RULES 11)', () => {
    const a = caseAnswer(
      view({
        stage: 'reminder-1',
        next: { step: 'reminder2', date: '2026-09-28' },
        fees: [{ kind: 'reminder', amountOre: 10_000, basis: 'x', date: '2026-09-17', chargeId: 'c', idempotencyKey: 'k' }] as unknown as CaseView['fees'],
      }),
      { now: '2026-09-18T10:00' },
    );
    // 8.450,00 kr arrears + 100,00 kr reminder fee = 8.550,00 kr.
    expect(a.owedOre).toBe(855_000);
    expect(a.whatStopsIt[0]).toBe('Betal 8.550,00 kr (hele det skyldige beløb: 8.450,00 kr og gebyrer på 100,00 kr): så lukkes sagen.');
    expect(a.standing).toBe('Vi har sendt 1. rykker, fordi 8.450,00 kr ikke er betalt til tiden.');
    expect(a.nextStep).toBe('2. rykker, mandag den 28. september 2026.');
  });

  it('a reminder fee credited back is not owed (release 0.6.10, RULES 11), and its timeline line is Danish', () => {
    const fee = { kind: 'reminder-fee', amountOre: 10_000, basis: 'x', date: '2026-09-17', chargeId: 'c', idempotencyKey: 'k' };
    const a = caseAnswer(
      view({
        stage: 'reminder-1',
        next: { step: 'reminder2', date: '2026-09-28' },
        fees: [{ ...fee, credited: { creditId: 'cr', date: '2026-09-18', basis: 'y', idempotencyKey: 'k:credit', payments: ['p'] } }] as unknown as CaseView['fees'],
      }),
      { now: '2026-09-18T10:00' },
    );
    // 8.450,00 kr arrears; rykker 1's 100,00 kr was credited: 8.450,00 kr.
    expect(a.owedOre).toBe(845_000);
    expect(a.whatStopsIt[0]).toBe('Betal 8.450,00 kr (hele det skyldige beløb): så lukkes sagen.');
    expect(timelineTextDa('fee credited: reminder-fee 100.00 kr (rykker 1 crossed a payment registered before it was sent)')).toEqual({
      text: 'Rykkergebyr for 1. rykker krediteret: 100,00 kr (betalingen var registreret, før rykkeren blev sendt)',
      lang: 'da',
    });
  });

  it('before the request (digital post): the projected cut-off and window of RULES 2', () => {
    const a = caseAnswer(
      view({ stage: 'termination-notice', next: { step: 'disconnectionRequest', date: '2026-11-05' }, terminationEffective: { date: '2026-11-04', basis: 'x' } }),
      { now: '2026-11-02T09:00' },
    );
    expect(a.standing).toBe('Vi har varslet, at aftalen bliver ophævet, fordi sikkerheden ikke blev stillet inden fristen. Varslet udløber onsdag den 4. november 2026.');
    expect(a.nextStep).toBe('Ophævelse af aftalen og anmodning til netselskabet om afbrydelse, torsdag den 5. november 2026.');
    expect(a.expectedCutoffDate).toBe('2026-11-10');
    expect(a.expectedWindowDeadline).toBe('2026-11-17');
    expect(a.cutoff).toContain('Skæringsdatoen bliver da tidligst tirsdag den 10. november 2026, og netselskabet skal have afbrudt senest tirsdag den 17. november 2026.');
    expect(a.whatStopsIt[0]).toBe('Betal 8.450,00 kr (hele det skyldige beløb): så lukkes sagen.');
  });

  it('before the request (physical letters, remote meter): the letter\'s receipt moves the cut-off (RULES 2, second example)', () => {
    // Request Thu 3 Dec 2026 by post: received Thu 10 Dec, the next hverdag Fri 11 Dec → the first
    // household disconnection day after it: Mon 14 Dec; remote window d3 = Wed 16 Dec.
    const a = caseAnswer(
      view({
        stage: 'termination-notice',
        meterKind: 'remote',
        letters: [{ kind: 'terminationNotice', cycle: 0, letterId: 'l', channel: 'letter', sentDate: '2026-11-21', receivedDate: '2026-11-27', contentHash: 'x' }],
        next: { step: 'disconnectionRequest', date: '2026-12-03' },
      }),
      { now: '2026-12-01T09:00' },
    );
    expect(a.expectedCutoffDate).toBe('2026-12-14');
    expect(a.expectedWindowDeadline).toBe('2026-12-16');
  });

  it('disconnected: yes, since when, and how fast a reopening requested now happens (11:00 physical, 14:00 remote)', () => {
    const disconnected = { stage: 'disconnected' as const, disconnected: { date: '2026-11-10' }, request: { ...request, status: 'disconnected' as const }, next: { step: 'awaitReopeningGrounds' as const } };
    // Tuesday 10 Nov 2026 at 13:30, remote: before 14:00 on a working day → the same day, 13.30–16.00.
    const remote = caseAnswer(view({ ...disconnected, meterKind: 'remote' }), { now: '2026-11-10T13:30' });
    expect(remote.disconnected).toBe(true);
    expect(remote.disconnectedText).toBe('Ja. Kunden er afbrudt for restance siden tirsdag den 10. november 2026.');
    expect(remote.reopening).toContain('Beder vi om genåbning nu, kan den ske i dag mellem kl. 13.30 og kl. 16.00.');
    expect(remote.reopening.join(' ')).toContain('skal kunden selv aktivere måleren');
    // The same moment, physical: after 11:00 → the next working day, Wednesday 11 Nov, 8.00–16.00.
    const physical = caseAnswer(view(disconnected), { now: '2026-11-10T13:30' });
    expect(physical.reopening).toContain('Beder vi om genåbning nu, kan den ske onsdag den 11. november 2026 mellem kl. 8.00 og kl. 16.00.');
    expect(physical.whatStopsIt).toEqual(['Afbrydelsen er sket. Se nedenfor, hvordan kunden får strømmen igen.']);
  });

  it('reopening: says the information went by SMS or e-mail, and when, with no number or address (release 0.6.9)', () => {
    const reopening = { stage: 'reopening' as const, disconnected: { date: '2026-11-10' }, request: { ...request, status: 'disconnected' as const } };
    // Sent Wed 11 Nov 2026 12:05 UTC = 13.05 Danish time (winter time, UTC+1).
    const sms = caseAnswer(
      view({ ...reopening, reopeningInformationSent: { channel: 'sms', sentAt: '2026-11-11T12:05:00.000Z', messageId: 'SMS-000001', contentHash: 'h' } }),
      { now: '2026-11-11T13:30' },
    );
    expect(sms.reopening).toContain(
      'Oplysningerne om genåbning er sendt til kunden som sms onsdag den 11. november 2026 kl. 13.05 til det mobilnummer, vi har registreret; brevet følger som bekræftelse.',
    );
    const email = caseAnswer(
      view({ ...reopening, reopeningInformationSent: { channel: 'email', sentAt: '2026-11-11T12:05:00.000Z', messageId: 'EM-000001', contentHash: 'h' } }),
      { now: '2026-11-11T13:30' },
    );
    expect(email.reopening.join(' ')).toContain('som e-mail onsdag den 11. november 2026 kl. 13.05 til den e-mailadresse, vi har registreret');
    expect(caseAnswer(view(reopening), { now: '2026-11-11T13:30' }).reopening.join(' ')).not.toContain('sendt til kunden som');
    expect(timelineTextDa('reopening information sent by SMS before the reopening request: the window, appliances off, how to contact us; the letter follows as confirmation')).toEqual({
      text: 'Oplysninger om genåbning sendt som sms før anmodningen om genåbning',
      lang: 'da',
    });
    expect(timelineTextDa('the reopening information was not sent by SMS or e-mail: no mobile number or e-mail address in the customer registry').text).toBe(
      'Oplysninger om genåbning kunne ikke sendes som sms eller e-mail: ring til kunden',
    );
  });

  it('on hold: why, and that nothing happens until it is lifted; the open reasons in Danish with their action', () => {
    const a = caseAnswer(
      view({
        stage: 'on-hold',
        holds: [{ holdId: 'h1', kind: 'operator', reason: 'investigation', since: '2026-11-06T09:00:00Z', note: 'måleren kontrolleres' }],
        needsAttention: true,
        attention: [{ code: 'step-failed', detail: 'reminder2: unknown customer', since: '2026-11-06T09:00:00Z', ref: 'reminder2' }],
      }),
      { now: '2026-11-06T10:00' },
    );
    expect(a.standing).toContain('Sagen står i bero (sagen undersøges)');
    expect(a.holds[0]!.text).toBe('Pause af en medarbejder: sagen undersøges (måleren kontrolleres)');
    expect(a.attention).toEqual([
      expect.objectContaining({ code: 'step-failed', clearedBy: 'retryStep', action: 'Ret årsagen, og prøv trinnet igen', text: expect.stringContaining('et trin stoppede') }),
    ]);
  });

  it('held at the reminders below the minimum arrears (RULES 11): why nothing comes next, and the operator’s action (release 0.6.10)', () => {
    const waiting = {
      stage: 'reminder-2' as const,
      invoices: [{ invoiceId: 'INV-1', amountOre: 8_000, dueDate: '2027-09-13' }],
      amountDueOre: 8_000,
      letters: [],
      securityDeadline: undefined,
      next: { step: 'securityDemand' as const, waitingFor: 'arrears of at least 10000 øre (or payment)' },
    };
    const a = caseAnswer(
      view({
        ...waiting,
        needsAttention: true,
        attention: [{ code: 'arrears-below-minimum', detail: 'arrears 8000 øre, below the minimum 10000 øre: no security demand yet', since: '2027-10-08T05:00:00Z', ref: 'securityDemand' }],
      }),
      { now: '2027-10-11T10:00' },
    );
    expect(a.nextStep).toBe(
      'Intet lige nu: restancen er under 100,00 kr, så der kræves ikke sikkerhedsstillelse. Sagen venter ved rykkerne, til kunden betaler, eller en ny ubetalt faktura løfter restancen op til 100,00 kr; en medarbejder kan også sende sagen videre til krav om sikkerhedsstillelse.',
    );
    expect(a.attention).toEqual([
      expect.objectContaining({
        code: 'arrears-below-minimum',
        clearedBy: 'proceedBelowMinimum',
        action: 'Ryddes, når kunden betaler eller restancen når mindstebeløbet; eller send sagen videre til krav om sikkerhedsstillelse med en note',
        text: expect.stringContaining('restancen er under mindstebeløbet for krav om sikkerhedsstillelse'),
      }),
    ]);
    // A case started before release 0.6.10 waits without the reason, and cannot be moved on: not offered.
    expect(caseAnswer(view(waiting), { now: '2027-10-11T10:00' }).nextStep).toBe(
      'Intet lige nu: restancen er under 100,00 kr, så der kræves ikke sikkerhedsstillelse. Sagen venter ved rykkerne, til kunden betaler, eller en ny ubetalt faktura løfter restancen op til 100,00 kr.',
    );
    expect(timelineTextDa('no security demand yet: RULES 11: no security demand for arrears of 8000 øre, below the minimum 10000 øre (securityMinArrearsOre)')).toEqual({
      text: 'Intet krav om sikkerhedsstillelse endnu: restancen 80,00 kr er under mindstebeløbet 100,00 kr',
      lang: 'da',
    });
    expect(timelineTextDa('operator:jens moved the case on to the security demand below the minimum arrears (80.00 kr < 100.00 kr; RULES 11): aftalt med teamleder')).toEqual({
      text: 'operator:jens sendte sagen videre til krav om sikkerhedsstillelse, selv om restancen er under mindstebeløbet: aftalt med teamleder',
      lang: 'da',
    });
  });

  it('a version 1 case with its bare flag shows flagged-in-version-1', () => {
    const a = caseAnswer(view({ needsAttention: true, attention: undefined }), { now: '2026-11-06T10:00' });
    expect(a.attention.map((r) => r.code)).toEqual(['flagged-in-version-1']);
  });
});

describe('the worklist and the list filters', () => {
  it('a week runs Monday to Sunday', () => {
    expect(weekOf('2026-12-10')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(weekOf('2026-12-07')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(weekOf('2026-12-13')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
  });

  it('a failed run says how to recover it, with the reset command', () => {
    expect(recoveryOf({ id: 'case-571313100000000017-C-1', runId: 'r1', status: 'FAILED' })).toContain(
      'temporal workflow reset --workflow-id case-571313100000000017-C-1 --run-id r1 --type LastWorkflowTask',
    );
  });

  it('a run that failed for want of master data is given its master data and run again from its first workflow task', () => {
    const text = recoveryOf({ id: 'owner-571313100000000017-O-1', runId: 'r1', status: 'FAILED', failureType: 'UnknownMeteringPoint', meteringPointId: '571313100000000017' });
    expect(text).toContain('afbryd masterdata set 571313100000000017 --grid-company <GLN>');
    expect(text).toContain('temporal workflow reset --workflow-id owner-571313100000000017-O-1 --run-id r1 --type FirstWorkflowTask');
    expect(text).toContain('existing-failed');
    // Another failure: the general recovery.
    expect(recoveryOf({ id: 'owner-571313100000000017-O-1', runId: 'r1', status: 'FAILED', failureType: 'Other' })).toContain('--type LastWorkflowTask');
  });

  it('exports CSV with a header row, one row per reason', () => {
    const csv = worklistCsv({
      list: 'attention',
      title: 't',
      truncated: false,
      rows: [
        {
          id: 'case-571313100000000017-C-1',
          runId: 'r',
          status: 'RUNNING',
          caseId: 'K-1',
          amountDueOre: 845_000,
          reasons: [
            { code: 'message-rejected', since: 's', detail: 'a, b', text: 'x', clearedBy: 'acknowledge', action: 'y' },
            { code: 'operator-task', since: 's', detail: 'd', text: 'x', clearedBy: 'taskDone', action: 'y' },
          ],
        },
      ],
    });
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('case-571313100000000017-C-1,K-1,,,,,8450.00,message-rejected,x,"a, b",s,acknowledge,y');
  });

  it('the cut-off range reads AfbrydCutoffDay, and AfbrydCutoffDate (00:00 Danish time) for runs without it', () => {
    // 10 Dec 2026 is winter time (UTC+1): 00:00 Danish time = 9 Dec 23:00 UTC; 10 June 2026 is summer time (UTC+2).
    const winter = caseListQuery({ cutoffFrom: '2026-12-10', cutoffTo: '2026-12-10' });
    expect(winter).toContain("((AfbrydCutoffDay >= '2026-12-10T00:00:00Z' AND AfbrydCutoffDay < '2026-12-11T00:00:00Z') OR (AfbrydCutoffDay IS NULL AND AfbrydCutoffDate >= '2026-12-09T23:00:00.000Z' AND AfbrydCutoffDate < '2026-12-10T23:00:00.000Z'))");
    expect(caseListQuery({ cutoffFrom: '2026-06-10' })).toContain("AfbrydCutoffDate >= '2026-06-09T22:00:00.000Z'");
    expect(caseListQuery({ customerId: 'C-1001' })).toContain("(AfbrydCustomerId = 'C-1001' OR AfbrydCustomerId IS NULL)");
    expect(caseListQuery({ attentionReason: 'step-failed' })).toContain("(AfbrydAttentionReasons = 'step-failed' OR (AfbrydAttentionReasons IS NULL AND AfbrydNeedsAttention = true))");
    expect(() => caseListQuery({ customerId: "x' OR 'a' = 'a" })).toThrow(RangeError);
    expect(() => caseListQuery({ attentionReason: 'nonsense' })).toThrow(RangeError);
    expect(customerIdOfWorkflowId('case-571313100000000017-C-10-01')).toBe('C-10-01');
  });
});

/** Inbound documents (client/datahub-inbound.ts): validation, and what each means for a case. */
import { describe, expect, it } from 'vitest';
import { interpretInbound, parseInboundDocument } from '../../client/datahub-inbound.js';
import { POINT, SUPPLIER_GLN } from './support.js';

function doc(name: string, records: Record<string, unknown>[], over: { processType?: string; receiver?: string } = {}) {
  return {
    [`${name}_MarketDocument`]: {
      mRID: 'dh-msg-1',
      type: { value: 'A01' },
      'process.processType': { value: over.processType ?? 'E20' },
      'businessSector.type': { value: '23' },
      'sender_MarketParticipant.mRID': { codingScheme: 'A10', value: '5790001330552' },
      'sender_MarketParticipant.marketRole.type': { value: 'DDZ' },
      'receiver_MarketParticipant.mRID': { codingScheme: 'A10', value: over.receiver ?? SUPPLIER_GLN },
      'receiver_MarketParticipant.marketRole.type': { value: 'DDQ' },
      createdDateTime: '2026-11-11T08:00:00Z',
      MktActivityRecord: records.map((r, i) => ({ mRID: `dh-tx-${i}`, 'marketEvaluationPoint.mRID': { codingScheme: 'A10', value: POINT.physicalHousehold }, ...r })),
    },
  };
}

function interpret(body: unknown) {
  const parsed = parseInboundDocument(body, SUPPLIER_GLN);
  if (!parsed.ok) throw new Error(parsed.error);
  return interpretInbound(parsed.doc, 'MSG-1');
}

const ref = { 'originalTransactionIDReference_MktActivityRecord.mRID': 'our-tx' };

describe('what a DataHub document means for a case', () => {
  it('a reported disconnection of our request: disconnected, with the Danish date and the meter reading', () => {
    const body = doc(
      'NotifyConnectionStatus',
      [{ ...ref, 'start_DateAndOrTime.dateTime': '2026-11-09T23:00:00Z', connectionState: { value: 'E23' }, meterReading: { quantity: 4711.5, unit: { value: 'KWH' } } }],
      { processType: 'E79' },
    );
    expect(interpret(body)).toEqual([
      {
        kind: 'event',
        meteringPointId: POINT.physicalHousehold,
        originalTransactionId: 'our-tx',
        event: { messageId: 'MSG-1', actor: 'datahub', type: 'disconnected', date: '2026-11-10', meterReading: { value: 4711.5, unit: 'kWh' } },
      },
    ]);
  });

  it("the grid's own disconnection (no reference to a request of ours, SV 2.2.4) is kept for an operator", () => {
    const body = doc('NotifyConnectionStatus', [{ 'start_DateAndOrTime.dateTime': '2026-11-09T23:00:00Z', connectionState: { value: 'E23' } }], { processType: 'E79' });
    expect(interpret(body)).toEqual([{ kind: 'keep', meteringPointId: POINT.physicalHousehold, reason: expect.stringContaining('SV 2.2.4') }]);
  });

  it('answers: confirmation, rejection, refusal, failed reopening, cancellation, supplier switch', () => {
    const events = [
      doc('ConfirmRequestEndOfSupply', [{ ...ref, 'businessProcessReference_MktActivityRecord.mRID': 'proc-1' }]),
      doc('RejectRequestEndOfSupply', [{ ...ref, Reason: [{ code: 'E17', text: 'too early' }] }]),
      doc('RejectRequestService', [{ ...ref, serviceType: { value: 'D08' }, Reason: [{ code: 'D58', text: 'no access' }] }]),
      doc('RejectRequestService', [{ ...ref, serviceType: { value: 'D03' }, Reason: [{ code: 'D16', text: 'not disconnected' }] }], { processType: 'D22' }),
      doc('ConfirmRequestCancellation', [{ ...ref }]),
      doc('NotifyEndOfSupply', [{ 'start_DateAndOrTime.dateTime': '2026-11-19T23:00:00Z' }], { processType: 'E03' }),
    ].map((body) => {
      const [first] = interpret(body);
      return first!.kind === 'event' ? first!.event : first;
    });
    expect(events).toEqual([
      { messageId: 'MSG-1', actor: 'datahub', type: 'requestConfirmed', processId: 'proc-1' },
      { messageId: 'MSG-1', actor: 'datahub', type: 'requestRejected', code: 'E17', text: 'too early', refersTo: { transactionId: 'our-tx' } },
      { messageId: 'MSG-1', actor: 'datahub', type: 'notDisconnected', reason: 'D58', text: 'no access' },
      { messageId: 'MSG-1', actor: 'datahub', type: 'notReopened', text: 'D16: not disconnected' },
      { messageId: 'MSG-1', actor: 'datahub', type: 'endOfSupplyCancelled' },
      { messageId: 'MSG-1', actor: 'datahub', type: 'supplierSwitched', effectiveDate: '2026-11-20' },
    ]);
  });

  it('a later rejection of a special circumstance (RSM-020 D12) names the transaction it rejects, so the case can tell it from the end of supply (release 0.6.12)', () => {
    const body = doc('RejectRequestService', [{ ...ref, serviceType: { value: 'D12' }, Reason: [{ code: { value: 'E10' }, text: 'not valid' }] }]);
    expect(interpret(body)).toEqual([
      {
        kind: 'event',
        meteringPointId: POINT.physicalHousehold,
        originalTransactionId: 'our-tx',
        event: { messageId: 'MSG-1', actor: 'datahub', type: 'requestRejected', code: 'E10', text: 'not valid', refersTo: { transactionId: 'our-tx' } },
      },
    ]);
  });

  it('several records give several events, each with its own message id', () => {
    const body = doc('ConfirmRequestEndOfSupply', [{ ...ref }, { ...ref }]);
    expect(interpret(body).map((i) => (i.kind === 'event' ? i.event.messageId : ''))).toEqual(['MSG-1#1', 'MSG-1#2']);
  });
});

describe("the grid's charge (NotifyGridCharge, this project's convention)", () => {
  it('becomes gridCharged with the amount in øre and the Danish date of the service', () => {
    const body = doc('NotifyGridCharge', [
      {
        ...ref,
        'start_DateAndOrTime.dateTime': '2027-06-20T22:00:00Z',
        Charge: { mRID: 'NG-1', type: { value: 'futile-visit' }, amount: { value: 850.5, currency: 'DKK' } },
      },
    ]);
    expect(interpret(body)).toEqual([
      {
        kind: 'event',
        meteringPointId: POINT.physicalHousehold,
        originalTransactionId: 'our-tx',
        // 22:00Z on 20 Jun is 00:00 on 21 Jun in Danish summer time; 850.50 kr = 85,050 øre
        event: { messageId: 'MSG-1', actor: 'datahub', type: 'gridCharged', chargeKind: 'futile-visit', amountOre: 85_050, date: '2027-06-21', chargeId: 'NG-1' },
      },
    ]);
  });

  it('is invalid without its charge', () => {
    const parsed = parseInboundDocument(doc('NotifyGridCharge', [{ ...ref, 'start_DateAndOrTime.dateTime': '2027-06-20T22:00:00Z' }]), SUPPLIER_GLN);
    expect(parsed).toEqual({ ok: false, error: 'MktActivityRecord.0: a grid charge needs Charge and start_DateAndOrTime.dateTime' });
  });
});

describe('invalid documents', () => {
  it('name the problem', () => {
    const error = (body: unknown) => {
      const parsed = parseInboundDocument(body, SUPPLIER_GLN);
      return parsed.ok ? 'ok' : parsed.error;
    };
    expect(error([])).toBe('not a JSON object');
    expect(error({ Foo_MarketDocument: {} })).toBe('unsupported document Foo_MarketDocument');
    expect(error(doc('ConfirmRequestEndOfSupply', [{}], { receiver: '5790000000005' }))).toBe('receiver_MarketParticipant.mRID.value: must be our GLN');
    expect(error(doc('NotifyConnectionStatus', [{ ...ref }]))).toBe(
      'MktActivityRecord.0: a connection status needs connectionState and start_DateAndOrTime.dateTime',
    );
    expect(error(doc('RejectRequestEndOfSupply', [{ ...ref }]))).toBe('MktActivityRecord.0: a rejection needs a Reason');
    const badPoint = doc('ConfirmRequestEndOfSupply', [{}]) as any;
    badPoint.ConfirmRequestEndOfSupply_MarketDocument.MktActivityRecord[0]['marketEvaluationPoint.mRID'].value = '123';
    expect(error(badPoint)).toBe('MktActivityRecord.0.marketEvaluationPoint.mRID.value: must be an 18-digit GSRN');
  });
});

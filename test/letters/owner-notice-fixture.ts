/**
 * The owner's letter (BEK §25) with the hand-worked dates of the owner-silent scenario
 * (test/workflows/owner-liability): case started and letter sent by digital post Mon 22 Mar 2027,
 * received the same day; deadline 23, 24, (25 Maundy Thursday, 26 Good Friday, 27–28 weekend,
 * 29 Easter Monday) 30, 31 Mar, 1 Apr → Thu 1 Apr 2027; the terminated agreement's last day Wed
 * 31 Mar 2027; bound from the later of Fri 2 Apr and Thu 1 Apr → Fri 2 Apr 2027. If the owner asks on
 * Mon 22 Mar: 23, 24, 30 Mar → cut-off Tue 30 Mar; physical window 30, 31 Mar, 1, 2, 5, 6 Apr → Tue 6 Apr.
 */
import type { OwnerNoticeLetter } from '../../activities/letters/types.js';
import type { OwnerContract } from '../../rules/index.js';

/**
 * The contract's contents (BEK §3 stk. 3), with values unlike the defaults' where a test must tell them
 * apart: a spot surcharge of 4,25 øre, a 39,00 kr. subscription, two fees.
 */
export const OWNER_CONTRACT: OwnerContract = {
  priceType: 'spot',
  priceMethod: 'Elprisen følger spotprisen på Nord Pool for prisområde DK1 i hver afregningsperiode, plus vores tillæg',
  spotSurchargeOrePerKwh: 4.25,
  pricesIncludeVat: true,
  gridChargesPassedOnUnchanged: true,
  subscriptionOrePerMonth: 3_900,
  fees: [
    { name: 'rykkergebyr', amountOre: 10_000, per: 'pr. rykker' },
    { name: 'gebyr for papirfaktura', amountOre: 2_500, per: 'pr. faktura' },
  ],
  terminationFeeOre: 0,
  settlement: 'in-arrears',
  billingPeriod: 'monthly',
  paymentMethods: ['Betalingsservice', 'bankoverførsel'],
  paymentDays: 8,
  priceInformation: 'proeve-el.invalid/priser',
  continuesAtNewAddress: false,
  services: 'Vi leverer elektricitet til målepunktet. Netselskabet står for målingen og leveringens tekniske kvalitet. Vi tilbyder ingen vedligeholdsservice.',
};

export const OWNER_NOTICE: OwnerNoticeLetter = {
  caseId: '571313100000000017-O-3002-AGR-2',
  meteringPointId: '571313100000012345',
  customerClass: 'household',
  kind: 'ownerNotice',
  letterDate: '2027-03-22',
  agreementEnd: '2027-03-31',
  deadline: '2027-04-01',
  boundFrom: '2027-04-02',
  product: { productId: 'EL-VARIABEL-1', name: 'Variabel elpris (eksempel)', contract: OWNER_CONTRACT },
  noticeMonths: 1,
  earliestDisconnection: { askBy: '2027-03-22', cutoff: '2027-03-30', windowDeadline: '2027-04-06' },
};

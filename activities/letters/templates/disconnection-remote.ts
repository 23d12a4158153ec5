/**
 * Ophævelse og varsel om afbrydelse, remote disconnection (fjernafbrydelse, SV 2.2.2 a, items 1–9):
 * the items of the physical letter plus: no visit; take care of children, animals and others; after the
 * disconnection, contact a supplier, reopening is remote and the customer must activate the meter,
 * appliances switched off. Business customers get the variant without item 1 and without how to avert
 * it (RULES 3).
 */
import type { DisconnectionNoticeLetter } from '../types.js';
import type { TemplateContext, TemplateOutput } from './common.js';
import {
  afterRemoteDisconnection,
  cannotPayGrid,
  contactUs,
  disconnectionSubject,
  fees,
  newAgreement,
  opening,
  remoteNoVisit,
  requested,
  supplyContinues,
  takeCare,
  timingFollowingDays,
} from './disconnection-common.js';

export function remoteDisconnectionNotice(letter: DisconnectionNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const household = ctx.voice.household;
  const paragraphs = [
    ...opening(letter, ctx),
    requested(),
    timingFollowingDays(letter),
    remoteNoVisit(ctx),
    takeCare(ctx),
    contactUs(ctx),
    cannotPayGrid(ctx),
    ...(household ? newAgreement(letter) : []),
    ...fees(letter, ctx),
    afterRemoteDisconnection(ctx),
    supplyContinues(ctx),
  ];
  return { subject: disconnectionSubject(letter, ctx), paragraphs };
}

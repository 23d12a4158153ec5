/**
 * Ophævelse og varsel om afbrydelse, physical visit at the address (SV 2.2.1 a, items 1–6). Business
 * customers get the variant without item 1 and without how to avert it (RULES 3).
 */
import type { DisconnectionNoticeLetter } from '../types.js';
import type { TemplateContext, TemplateOutput } from './common.js';
import {
  cannotPayGrid,
  contactUs,
  disconnectionSubject,
  fees,
  newAgreement,
  opening,
  requested,
  supplyContinues,
  timingFollowingDays,
} from './disconnection-common.js';

export function physicalDisconnectionNotice(letter: DisconnectionNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const household = ctx.voice.household;
  const paragraphs = [
    ...opening(letter, ctx),
    `${requested()} En medarbejder fra netselskabet kommer ud på adressen for at afbryde forsyningen.`,
    timingFollowingDays(letter),
    contactUs(ctx),
    cannotPayGrid(ctx),
    ...(household ? newAgreement(letter) : []),
    ...fees(letter, ctx),
    supplyContinues(ctx),
  ];
  return { subject: disconnectionSubject(letter, ctx), paragraphs };
}

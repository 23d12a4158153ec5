/**
 * Ophævelse og varsel om afbrydelse, hourly-settled metering point (Timeafregnet Målepunkt, SV 2.2.3 a):
 * disconnection on the cut-off date "eller senest den næstfølgende dag"; contact the supplier; paying the
 * grid company does not stop it; optional fees; and, where the point is disconnected by remote control
 * (`disconnectedRemotely`), items 7–9 as for remote meters. SV asks for extra care that the notice is
 * correct, as an unannounced disconnection can damage plant: the letter says so to the customer too.
 *
 * SV 2.2.3 a has no new-agreement item (hourly points are mostly businesses); a household with an hourly
 * point still gets it, as BEK §27 stk. 4 and SV 2.2.1 a 5 tell households how to avert the disconnection.
 */
import { addDays } from '../../../rules/index.js';
import { formatDanishDate } from '../format.js';
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
} from './disconnection-common.js';

/**
 * Item 3: "på den Ønskede Skæringsdato … eller senest den næstfølgende dag". When the grid's deadline is
 * later than the calendar day after the cut-off (no-disconnection days, RULES 4), the sentence names it.
 */
function timingNextDay(letter: DisconnectionNoticeLetter): string {
  const next = letter.windowDeadline === addDays(letter.cutoff, 1);
  const deadline = formatDanishDate(letter.windowDeadline);
  return `Afbrydelsen kan forventes foretaget ${formatDanishDate(letter.cutoff)} eller senest den næstfølgende dag${
    next ? `, ${deadline}` : `, hvor netselskabet afbryder, dvs. senest ${deadline}`
  }.`;
}

export function hourlyDisconnectionNotice(letter: DisconnectionNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const v = ctx.voice;
  const remote = letter.disconnectedRemotely === true;
  const paragraphs = [
    ...opening(letter, ctx),
    requested(),
    timingNextDay(letter),
    // RULES 11: no "produktionsanlæg" to a household.
    v.household
      ? `En afbrydelse kan skade elektrisk udstyr, hvis den ikke er forberedt. ${v.Du} bør derfor forberede ${v.dit} udstyr på afbrydelsen i god tid.`
      : `En afbrydelse kan skade produktionsanlæg og andet udstyr, hvis den ikke er forberedt. ${v.Du} bør derfor forberede ${v.dit} anlæg på afbrydelsen i god tid.`,
    contactUs(ctx),
    cannotPayGrid(ctx),
    ...(v.household ? newAgreement(letter) : []),
    ...fees(letter, ctx),
    ...(remote ? [remoteNoVisit(ctx), takeCare(ctx), afterRemoteDisconnection(ctx)] : []),
    supplyContinues(ctx),
  ];
  return { subject: disconnectionSubject(letter, ctx), paragraphs };
}

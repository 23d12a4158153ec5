/**
 * `afbryd plan`: the default schedule of a case (RULES 2, 3), every date with its legal basis.
 *
 *   afbryd plan --due 2026-11-02 --class household --meter physical --channel digital [--json]
 *   afbryd plan --without-arrears --demand 2026-11-02 --class household --meter remote [--json]
 *
 * `--json` prints `{"steps":[{"step","date","basis",…}]}` (issue 4 contract): the steps in order
 * reminder1, reminder2, securityDemand (with deadline), terminationNotice (with effective),
 * disconnectionRequest (with cutoff and windowDeadline). Business cases have no securityDemand or
 * terminationNotice.
 */
import { z } from 'zod';
import { planCase, type PlanStep } from '../../rules/index.js';
import { CliError } from './errors.js';
import { shortDate, table, type CliIo } from './io.js';
import { channelOption, classOption, dateOption, fromRules, meterOption, parseOptions, settingsFrom, validate } from './options.js';

const USAGE = `usage:
  afbryd plan --due <YYYY-MM-DD> --class <household|business|business-large> --meter <physical|remote|hourly> [--channel <digital|letter>] [--json]
  afbryd plan --without-arrears --demand <YYYY-MM-DD> --class household --meter <kind> [--channel <channel>] [--json]

--channel defaults to digital (digital post, RULES 1). --settings '<json>' overrides rules settings.
business-large (hourly-settled, above 100,000 kWh a year) needs --meter hourly.`;

const STEP_NAMES_DA: Record<PlanStep['step'], string> = {
  reminder1: 'rykker 1',
  reminder2: 'rykker 2',
  securityDemand: 'krav om sikkerhedsstillelse',
  terminationNotice: 'varsel om ophævelse',
  disconnectionRequest: 'ophævelse + afbrydelsesvarsel + DataHub-anmodning',
};

function rowsOf(step: PlanStep): string[][] {
  const rows: string[][] = [[step.step, shortDate(step.date), STEP_NAMES_DA[step.step], step.basis]];
  const sub = (label: string, date: string | undefined, basis: string | undefined) => {
    if (date) rows.push([`  ${label}`, shortDate(date), '', basis ?? '']);
  };
  sub('modtaget', step.receipt, step.receiptBasis);
  switch (step.step) {
    case 'reminder1':
    case 'reminder2':
      sub('betalingsfrist', step.paymentDeadline, step.paymentDeadlineBasis);
      break;
    case 'securityDemand':
      sub('frist', step.deadline, step.deadlineBasis);
      break;
    case 'terminationNotice':
      sub('virkning', step.effective, step.effectiveBasis);
      break;
    case 'disconnectionRequest':
      sub('ny aftale senest', step.newAgreementBy, step.newAgreementByBasis);
      sub('skæringsdato', step.cutoff, step.cutoffBasis);
      sub('netselskabets frist', step.windowDeadline, step.windowDeadlineBasis);
      break;
  }
  return rows;
}

/** Runs `afbryd plan …`. */
export async function run(args: string[], io: CliIo): Promise<void> {
  const cmd = 'plan';
  const { values } = parseOptions(cmd, args, {
    due: { type: 'string' },
    demand: { type: 'string' },
    'without-arrears': { type: 'boolean' },
    class: { type: 'string' },
    meter: { type: 'string' },
    channel: { type: 'string' },
    json: { type: 'boolean' },
    settings: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(USAGE);
  const withoutArrears = values['without-arrears'] === true;
  if (withoutArrears && values.due !== undefined) {
    throw new CliError(`${cmd}: --without-arrears has no unpaid invoice: give --demand <date> (the day the security demand is sent), not --due`);
  }
  if (!withoutArrears && values.demand !== undefined) {
    throw new CliError(`${cmd}: --demand goes with --without-arrears; for a missed payment give --due <date>`);
  }
  const input = validate(
    cmd,
    z.object({
      date: withoutArrears ? dateOption('--demand') : dateOption('--due'),
      class: classOption(),
      meter: meterOption(),
      channel: channelOption(),
    }),
    {
      date: withoutArrears ? values.demand : values.due,
      class: values.class,
      meter: values.meter,
      channel: values.channel ?? 'digital',
    },
  );
  const settings = settingsFrom(cmd, values.settings);
  const plan = fromRules(cmd, () =>
    planCase({ due: input.date, class: input.class, meter: input.meter, channel: input.channel, withoutArrears, settings }),
  );
  if (values.json) {
    io.out(JSON.stringify({ steps: plan.steps }));
    return;
  }
  const title = `Sagsplan: ${input.class}, ${input.meter}, ${input.channel}${withoutArrears ? ', uden restance' : ''} ` +
    `(${withoutArrears ? 'krav sendt' : 'forfald'} ${shortDate(input.date)}; helligdage ${plan.holidayTableVersion})`;
  io.out(`${title}\n\n${table([['trin', 'dato', '', 'grundlag'], ...plan.steps.flatMap(rowsOf)], '  ')}`);
}

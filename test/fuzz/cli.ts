/**
 * The `afbryd` command (client/cli/main.ts) under bad input, through `main(argv, io)` with a capturing
 * io: random argv made of its own words, flags and values, unicode, control characters and the canary;
 * and near misses of valid `case start` / `case event` command lines (the commands that change cases)
 * with one value made wrong, a required flag left out, an unknown flag or a stray argument.
 *
 * What must hold for any argv: `main` resolves (never throws), exits 0, 1, 2 or 3; a failure writes
 * exactly ONE line to stderr, `afbryd: …`, never a stack trace; a success writes nothing to stderr;
 * nothing written repeats the canary. A near miss never succeeds (nothing is started or delivered).
 *
 * The CLI connects as its configuration says (TEMPORAL_ADDRESS, AFBRYD_TASK_QUEUE): the caller points
 * it at a server and a task queue of its own, and counts the workflows there afterwards.
 */
import fc from 'fast-check';
import { main, type CliIo } from '../../client/cli/main.js';
import { CANARY, CANARY_KINDS, canaryHits, check, named, type CanaryKind, type FuzzStats, type NamedProperty } from './properties.js';

export interface CliFuzzTarget {
  stats: FuzzStats;
  /** The metering point of valid command lines. */
  gsrn: string;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI as `bin/afbryd.mjs` does, with its output captured. */
export async function runCli(argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** What holds for any argv; returns the run. */
async function checkedRun(t: CliFuzzTarget, door: string, argv: string[]): Promise<CliRun> {
  let r: CliRun;
  try {
    r = await runCli(argv);
  } catch (error) {
    check(t.stats, door, false, `main threw for ${JSON.stringify(argv).slice(0, 300)}: ${(error as Error).message}`);
  }
  t.stats.outcome(door, r.code === 0);
  const shown = JSON.stringify(argv).slice(0, 300);
  check(t.stats, door, [0, 1, 2, 3].includes(r.code), `exit ${r.code} for ${shown}`);
  if (r.code === 0) {
    check(t.stats, door, r.err === '', `success with stderr ${JSON.stringify(r.err.slice(0, 200))} for ${shown}`);
  } else {
    const lines = r.err.replace(/\n$/, '').split('\n');
    check(t.stats, door, lines.length === 1 && lines[0]!.startsWith('afbryd: '), `exit ${r.code} with stderr ${JSON.stringify(r.err.slice(0, 400))} for ${shown}`);
    check(t.stats, door, !/^\s+at /m.test(r.err) && !/unexpected error/.test(r.err), `a stack trace or unexpected error: ${JSON.stringify(r.err.slice(0, 400))} for ${shown}`);
  }
  const hits = canaryHits(r.out + r.err);
  check(t.stats, door, hits.length === 0, `the output repeats ${hits.join(', ')} for ${shown}: ${JSON.stringify((r.err + r.out).slice(0, 300))}`, 'canary');
  return r;
}

// ---------------------------------------------------------------------------------------------
// Random argv

const WORDS = [
  'calendar', 'plan', 'case', 'cases', 'version', 'help', 'owner', 'disconnection', 'import',
  'day', 'days', 'window', 'cutoff', 'reopening', 'start', 'show', 'explain', 'event', 'list',
  '--help', '-h', '--json', '--settings', '--date', '--from', '--to', '--cutoff', '--meter', '--class', '--request', '--at',
  '--due', '--demand', '--channel', '--without-arrears', '--customer', '--metering-point', '--invoice', '--circumstance',
  '--actor', '--type', '--message-id', '--source', '--amount-ore', '--note', '--reason', '--hold-id', '--stage',
  '--needs-attention', '--limit', '--rejects', '--dry-run', '--concurrency', '--upheld', '--text', '--code', '--',
  '2026-12-23', '2027-02-29', '2027-13-01', '1999-01-01', '2061-01-01', 'household', 'business', 'business-large', 'physical',
  'remote', 'hourly', 'digital', 'letter', 'opened', 'closed', '0', '-1', '1000', '1001', 'true', 'false', 'INV-1:150000:2027-06-14',
  'case-571313100000000017-C-1', '571313100000000017', '{}', '{"x":1}', '{"hourlyWindowReading":"literal"}', '[]', 'null',
];
/** Never generated: `-` (stdin: the CLI would wait for it) and real files. */
const SAFE = (argv: string[]) => !argv.some((a, i) => a === '-' || a.endsWith('=-') || (argv[i - 1] === '--json' && a.startsWith('/')));

const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...CANARY_KINDS).map((k) => CANARY[k]) },
  { weight: 1, arbitrary: fc.constantFrom(...CANARY_KINDS).map((k) => `{"settingsVersion":"${CANARY[k]}","hourlyWindowReading":"${CANARY[k]}"}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...WORDS.filter((w) => w.startsWith('--'))), fc.string({ maxLength: 16 })).map(([f, v]) => `${f}=${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), '\n', '\r\nafbryd: forged line', '\u001b[31mred', '%s%n', '$(id)', '`id`') },
);

const randomArgv = fc
  .tuple(fc.constantFrom('calendar', 'plan', 'case', 'cases', 'owner', 'disconnection', 'version', 'help', ''), fc.array(value, { maxLength: 10 }))
  .map(([first, rest]) => (first ? [first, ...rest] : rest))
  .filter(SAFE);

// ---------------------------------------------------------------------------------------------
// Near misses of the commands that change cases

type Kind = 'customer' | 'gsrn' | 'class' | 'invoice' | 'meter' | 'channel' | 'circumstance' | 'free' | 'id' | 'messageId' | 'amount' | 'date' | 'time' | 'bool' | 'actor' | { enum: readonly string[] };

const BAD: Record<Exclude<Kind, { enum: readonly string[] }>, string[]> = {
  customer: ['', ' ', 'a b', '0101901234', 'C-010190-1234', 'x'.repeat(65), 'æøå', CANARY.cpr, CANARY.email, CANARY.name, CANARY.phone],
  gsrn: ['', '57131310000000001', '5713131000000000170', '57131310000000001x', ' 571313100000000017', CANARY.cpr, CANARY.phone],
  class: ['', 'Household', 'private', CANARY.name],
  invoice: ['INV', 'INV:1', 'INV:abc:2027-01-01', 'INV:-1:2027-01-01', 'INV:1.5:2027-01-01', 'INV:0:2027-01-01', 'INV:1:2027-02-29', ':1:2027-01-01', 'INV-010190-1234:1:2027-01-01', `${CANARY.email}:1:2027-01-01`, `${CANARY.name}:1:2027-01-01`],
  meter: ['', 'smart', CANARY.name],
  channel: ['', 'email', CANARY.email],
  circumstance: ['', 'court', CANARY.name],
  free: ['', 'x'.repeat(501), CANARY.cpr, CANARY.email, CANARY.phone, `ring ${CANARY.phone}`],
  id: ['', 'a b', '-a', 'x'.repeat(65), 'INV-010190-1234', CANARY.cpr, CANARY.email, CANARY.name, CANARY.phone],
  messageId: ['', 'a b', 'm'.repeat(201), 'm-010190-1234', '+4512345678', CANARY.email, CANARY.name],
  amount: ['', '0', '-1', '1.5', 'x', '1e400', '1000000000001', CANARY.cpr],
  date: ['', '2027-02-29', '2027-13-01', '1999-12-31', '2060-01-01', '27-1-1', CANARY.cpr],
  time: ['', '24:00', '12:60', '9:00', CANARY.phone],
  bool: ['', 'yes', 'TRUE', '1'],
  actor: ['', 'Operator', 'operator:', CANARY.name, CANARY.email, `operator:${CANARY.cpr}`],
};

interface Flag {
  flag: string;
  kind: Kind;
  valid: string;
  required: boolean;
}

const startFlags = (gsrn: string): Flag[] => [
  { flag: '--customer', kind: 'customer', valid: 'C-fuzz-cli-1', required: true },
  { flag: '--metering-point', kind: 'gsrn', valid: gsrn, required: true },
  { flag: '--class', kind: 'class', valid: 'household', required: true },
  // Not required here: with --without-arrears (below) a case starts without invoices.
  { flag: '--invoice', kind: 'invoice', valid: 'INV-1:150000:2027-06-14', required: false },
  { flag: '--meter', kind: 'meter', valid: 'physical', required: false },
  { flag: '--channel', kind: 'channel', valid: 'digital', required: false },
  { flag: '--circumstance', kind: 'circumstance', valid: 'police', required: false },
  { flag: '--without-arrears', kind: 'free', valid: 'the customer has suspended its payments', required: false },
  { flag: '--actor', kind: 'actor', valid: 'operator:fuzz', required: false },
];

/** `case event` flags by event type (the API's billing and operator events). */
const EVENT_FLAGS: Record<string, Array<Omit<Flag, 'required'> & { required?: boolean }>> = {
  paymentReceived: [{ flag: '--amount-ore', kind: 'amount', valid: '15000' }],
  securityProvided: [{ flag: '--amount-ore', kind: 'amount', valid: '15000' }],
  paymentArrangementAgreed: [{ flag: '--arrangement', kind: { enum: ['instalments'] }, valid: 'instalments' }],
  supplyAgreementSigned: [
    { flag: '--validated-with', kind: { enum: ['mitid'] }, valid: 'mitid' },
    { flag: '--effective-from', kind: 'date', valid: '2027-01-04' },
  ],
  complaintFiled: [{ flag: '--complaint-id', kind: 'id', valid: 'K-1' }],
  complaintResolved: [
    { flag: '--complaint-id', kind: 'id', valid: 'K-1' },
    { flag: '--upheld', kind: 'bool', valid: 'false' },
  ],
  customerMoved: [{ flag: '--move-out-date', kind: 'date', valid: '2027-01-04' }],
  invoiceMissed: [{ flag: '--invoice', kind: 'invoice', valid: 'INV-2:1000:2027-01-04' }],
  hold: [
    { flag: '--reason', kind: { enum: ['other'] }, valid: 'other' },
    { flag: '--note', kind: 'free', valid: 'venter på svar', required: false },
  ],
  dataHubOutageMarked: [{ flag: '--note', kind: 'free', valid: 'DataHub nede', required: false }],
  proceedBelowMinimum: [{ flag: '--note', kind: 'free', valid: 'aftalt med teamleder' }],
  taskDone: [
    { flag: '--task-id', kind: 'id', valid: 'T-1' },
    { flag: '--note', kind: 'free', valid: 'ordnet', required: false },
  ],
  courtScheduled: [
    { flag: '--court-case-id', kind: 'id', valid: 'F-1' },
    { flag: '--meeting', kind: { enum: ['enforcement'] }, valid: 'enforcement' },
    { flag: '--date', kind: 'date', valid: '2027-01-04' },
    { flag: '--time', kind: 'time', valid: '09:00' },
  ],
};

const badOf = (kind: Kind): fc.Arbitrary<string> =>
  typeof kind === 'object' ? fc.constantFrom('', 'x', kind.enum[0]!.toUpperCase(), CANARY.name) : fc.constantFrom(...BAD[kind]);

/** A command line that changes a case (start, event), with one thing made wrong. */
const nearMiss = (gsrn: string) => {
  const start = fc.constant<{ head: string[]; flags: Flag[] }>({ head: ['case', 'start'], flags: startFlags(gsrn) });
  const event = fc.constantFrom(...Object.keys(EVENT_FLAGS)).chain((type) =>
    fc.constant<{ head: string[]; flags: Flag[] }>({
      head: ['case', 'event', `case-${gsrn}-C-fuzz-cli-nobody`],
      flags: [
        { flag: '--type', kind: { enum: [type] } as Kind, valid: type, required: true },
        { flag: '--message-id', kind: 'messageId' as Kind, valid: 'm-fuzz-1', required: true },
        ...EVENT_FLAGS[type]!.map((f) => ({ ...f, required: f.required ?? true })),
        { flag: '--actor', kind: 'actor' as Kind, valid: 'operator:fuzz', required: false },
      ],
    }),
  );
  return fc.oneof(start, event).chain(({ head, flags }) => {
    const argvOf = (fs: Flag[], change?: { flag: string; to?: string }) =>
      fs.flatMap((f) => (f.flag === change?.flag ? (change.to === undefined ? [] : [f.flag, change.to]) : [f.flag, f.valid]));
    return fc.oneof(
      // One value made wrong.
      fc.constantFrom(...flags).chain((f) => badOf(f.kind).map((bad) => ({ argv: [...head, ...argvOf(flags, { flag: f.flag, to: bad })], what: `${f.flag} ${JSON.stringify(bad).slice(0, 40)}` }))),
      // A required flag left out.
      fc.constantFrom(...flags.filter((f) => f.required)).map((f) => ({ argv: [...head, ...argvOf(flags, { flag: f.flag })], what: `without ${f.flag}` })),
      // A flag without its value, at the end.
      fc.constantFrom(...flags).map((f) => ({ argv: [...head, ...argvOf(flags), f.flag], what: `${f.flag} without a value` })),
      // An unknown flag, or a stray argument.
      fc
        .oneof(
          fc.constantFrom('--customer-name', '--cpr', '--email', '--force', '--x').chain((u) => fc.constantFrom(...CANARY_KINDS).map((k) => [u, CANARY[k]])),
          fc.constantFrom(...CANARY_KINDS).map((k) => [CANARY[k]]),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).filter((s) => !s.startsWith('-')).map((s) => [s]),
        )
        .map((extra) => ({ argv: [...head, ...argvOf(flags), ...extra], what: `extra ${JSON.stringify(extra)}` })),
      // The case id made wrong (events).
      ...(head[1] === 'event'
        ? [fc.constantFrom('', 'case-1', `case-${gsrn}-${CANARY.cpr}`, `case-${gsrn}-${CANARY.name}`, CANARY.email, `case-${gsrn}-C 1`).map((id) => ({ argv: [head[0]!, head[1]!, id, ...argvOf(flags)], what: `case id ${id}` }))]
        : []),
    );
  });
};

/** The canary as the value of each flag of a read-only command (they may not repeat it). */
const readOnlyWithCanary = fc
  .tuple(
    fc.constantFrom(
      ['calendar', 'day'],
      ['calendar', 'days', '--from', '2026-12-01', '--to'],
      ['calendar', 'window', '--meter', 'physical', '--class', 'household', '--cutoff'],
      ['calendar', 'cutoff', '--class', 'household', '--request'],
      ['plan', '--class', 'household', '--meter', 'physical', '--channel', 'digital', '--due'],
      ['plan', '--due', '2026-11-02', '--meter', 'physical', '--channel', 'digital', '--class'],
      ['cases', 'list', '--stage'],
      ['cases', 'list', '--limit'],
      ['case', 'show'],
      ['case', 'explain'],
      ['cases', 'import'],
      ['calendar', 'day', '2026-12-23', '--settings'],
    ),
    fc.constantFrom(...CANARY_KINDS),
  )
  .map(([head, kind]) => ({ argv: [...head, head.at(-1) === '--settings' ? `{"holidayTableVersion":"${CANARY[kind]}"}` : CANARY[kind]], kind: kind as CanaryKind }));

// ---------------------------------------------------------------------------------------------

export function cliProperties(t: CliFuzzTarget): NamedProperty[] {
  return [
    named(
      'cli: random argv → one line on stderr when it fails, never a stack trace, never the canary',
      fc.asyncProperty(randomArgv, async (argv) => {
        await checkedRun(t, 'cli random argv', argv);
      }),
    ),
    named(
      'cli: a case start or case event with one thing wrong fails, and changes nothing',
      fc.asyncProperty(nearMiss(t.gsrn), async ({ argv, what }) => {
        const r = await checkedRun(t, 'cli case start/event', argv);
        check(t.stats, 'cli case start/event', r.code !== 0, `${what}: succeeded: ${r.out.slice(0, 200)}`);
      }),
    ),
    named(
      'cli: the canary as an option value of a read-only command is refused and never repeated',
      fc.asyncProperty(readOnlyWithCanary, async ({ argv, kind }) => {
        const r = await checkedRun(t, 'cli canary', argv);
        check(t.stats, 'cli canary', r.code !== 0, `the ${kind} canary in ${argv.join(' ')}: succeeded`);
      }),
    ),
  ];
}

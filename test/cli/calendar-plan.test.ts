/**
 * The CLI contract of issue 4 (`afbryd calendar …`, `afbryd plan …`), through `main()` with a
 * capturing io. Expected dates are worked out by hand (see the comments and test/rules).
 */
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../client/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`) };
  const code = await main(argv, io);
  return { code, out, err };
}

async function json(...argv: string[]): Promise<unknown> {
  const r = await run(...argv);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

describe('afbryd calendar day', () => {
  it('prints the contract for 23 Dec 2026 (Wed: a working day and hverdag; no household disconnection)', async () => {
    const r = await run('calendar', 'day', '2026-12-23', '--json');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '{"date":"2026-12-23","workingDay":true,"weekday":true,"holiday":null,"disconnectionDay":{"household":false,"business":true,"business-large":true}}\n',
    );
  });

  it.each([
    ['2026-06-05', { workingDay: true, weekday: false, holiday: null, disconnectionDay: { household: false, business: false, 'business-large': false } }],
    ['2026-12-25', { workingDay: false, weekday: false, holiday: 'Juledag', disconnectionDay: { household: false, business: false, 'business-large': false } }],
    ['2026-12-27', { workingDay: false, weekday: false, holiday: null, disconnectionDay: { household: false, business: false, 'business-large': false } }],
    ['2026-12-28', { workingDay: true, weekday: true, holiday: null, disconnectionDay: { household: false, business: false, 'business-large': true } }],
    ['2026-05-15', { workingDay: false, weekday: false, holiday: null, disconnectionDay: { household: false, business: false, 'business-large': false } }],
    ['2023-05-05', { workingDay: false, weekday: false, holiday: 'Store Bededag', disconnectionDay: { household: false, business: false, 'business-large': false } }],
    ['2024-04-26', { workingDay: true, weekday: true, holiday: null, disconnectionDay: { household: false, business: true, 'business-large': true } }],
  ])('%s', async (date, expected) => {
    expect(await json('calendar', 'day', date, '--json')).toEqual({ date, ...expected });
  });

  it('prints a readable table without --json', async () => {
    const r = await run('calendar', 'day', '2026-12-23');
    expect(r.code).toBe(0);
    expect(r.out).toContain('onsdag 23. december 2026');
    expect(r.out).toMatch(/afbrydelsesdag household\s+nej\s+23\. december/);
  });
});

describe('afbryd calendar days', () => {
  it('prints one day object per date, inclusive', async () => {
    const days = (await json('calendar', 'days', '--from', '2026-12-01', '--to', '2027-01-31', '--json')) as Array<Record<string, unknown>>;
    expect(days).toHaveLength(62); // 31 + 31
    expect(days[0]?.date).toBe('2026-12-01');
    expect(days.at(-1)?.date).toBe('2027-01-31');
    for (const d of days) expect(Object.keys(d)).toEqual(['date', 'workingDay', 'weekday', 'holiday', 'disconnectionDay']);
    expect(days.find((d) => d.date === '2027-01-01')?.holiday).toBe('Nytårsdag');
    expect(days.find((d) => d.date === '2026-12-29')?.disconnectionDay).toEqual({ household: false, business: false, 'business-large': true });
  });

  it('prints a month view without --json', async () => {
    const r = await run('calendar', 'days', '--from', '2026-12-01', '--to', '2027-01-31');
    expect(r.code).toBe(0);
    expect(r.out).toContain('december 2026');
    expect(r.out).toContain('januar 2027');
    expect(r.out).toContain('25 Juledag');
    expect(r.out).toMatch(/23 \.EL/); // 23 Dec: business and business-large only
    expect(r.out).toMatch(/28 \.\.L/); // 28 Dec: business-large only
  });

  it('refuses a reversed or too long range', async () => {
    const reversed = await run('calendar', 'days', '--from', '2027-01-01', '--to', '2026-01-01', '--json');
    expect(reversed.code).toBe(2);
    expect(reversed.err).toMatch(/^afbryd: calendar days: --to 2026-01-01 is before --from 2027-01-01\n$/);
    const long = await run('calendar', 'days', '--from', '2020-01-01', '--to', '2030-01-01', '--json');
    expect(long.code).toBe(2);
    expect(long.err).toMatch(/at most 1830 \(5 years\) per call\n$/);
    expect(long.out).toBe('');
  });
});

describe('afbryd calendar window', () => {
  it('prints the contract: cut-off Mon 21 Dec 2026, physical, household', async () => {
    // d1…d6 = 21, 22, 23, 28, 29, 30 Dec → deadline Wed 30 Dec (a day the grid does not disconnect households);
    // household disconnection days in between: 21, 22 Dec.
    const w = (await json('calendar', 'window', '--cutoff', '2026-12-21', '--meter', 'physical', '--class', 'household', '--json')) as Record<string, unknown>;
    expect(Object.keys(w)).toEqual(['cutoff', 'deadline', 'days', 'basis']);
    expect(w).toMatchObject({ cutoff: '2026-12-21', deadline: '2026-12-30', days: ['2026-12-21', '2026-12-22'] });
    expect(w.basis).toContain('SV 2.2.1 c');
  });

  it('prints a readable window without --json', async () => {
    const r = await run('calendar', 'window', '--cutoff', '2026-11-09', '--meter', 'remote', '--class', 'household');
    expect(r.code).toBe(0);
    expect(r.out).toContain('onsdag 11. november 2026'); // Mon → Wed
  });

  it('refuses business-large with a physical meter', async () => {
    const r = await run('calendar', 'window', '--cutoff', '2026-12-21', '--meter', 'physical', '--class', 'business-large', '--json');
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain('needs meter "hourly"');
  });
});

describe('afbryd calendar cutoff', () => {
  it.each([
    ['2026-12-16', 'household', '2026-12-21'], // Wed: 17, 18, 21 → Mon 21 Dec
    ['2026-11-21', 'household', '2026-11-26'], // Sat: from Mon 23: 24, 25, 26 → Thu 26 Nov (RULES 1)
    ['2026-12-19', 'business-large', '2026-12-28'], // Sat: from Mon 21: 22, 23, 28
    ['2026-12-19', 'business', '2027-01-04'], // 28–30 Dec between Christmas and New Year → Mon 4 Jan
  ])('request %s %s → %s', async (request, cls, cutoff) => {
    const c = (await json('calendar', 'cutoff', '--request', request, '--class', cls, '--json')) as Record<string, unknown>;
    expect(Object.keys(c)).toEqual(['request', 'cutoff', 'basis']);
    expect(c).toMatchObject({ request, cutoff });
  });
});

describe('afbryd calendar reopening', () => {
  it('gives the expected reopening', async () => {
    // Tue 10 Nov 2026 11:30, physical: after 11:00 → Wed 11 Nov, 08:00–16:00.
    const r = (await json('calendar', 'reopening', '--at', '2026-11-10T11:30', '--meter', 'physical', '--json')) as Record<string, unknown>;
    expect(r).toMatchObject({ date: '2026-11-11', sameDay: false, from: '08:00', to: '16:00' });
  });
});

describe('afbryd plan', () => {
  it('prints the contract: household, physical, digital, due Mon 2 Nov 2026', async () => {
    const { steps } = (await json('plan', '--due', '2026-11-02', '--class', 'household', '--meter', 'physical', '--channel', 'digital', '--json')) as {
      steps: Array<Record<string, string>>;
    };
    expect(steps.map((s) => s.step)).toEqual(['reminder1', 'reminder2', 'securityDemand', 'terminationNotice', 'disconnectionRequest']);
    for (const s of steps) {
      expect(Object.keys(s).slice(0, 3)).toEqual(['step', 'date', 'basis']);
      expect(s.basis).not.toBe('');
    }
    // 2 Nov + 3 = Thu 5 Nov; day after 15 Nov = Mon 16 Nov; day after 26 Nov = Fri 27 Nov, + 15 hverdage = Fri 18 Dec;
    // Sat 19 Dec, effective 21, 22, 23 Dec; request Mon 28 Dec; 29, 30 Dec, 4 Jan → cut-off Mon 4 Jan 2027;
    // d6 = 4, 5, 6, 7, 8, 11 Jan.
    expect(steps.map((s) => s.date)).toEqual(['2026-11-05', '2026-11-16', '2026-11-27', '2026-12-19', '2026-12-28']);
    expect(steps[2]).toMatchObject({ deadline: '2026-12-18' });
    expect(steps[3]).toMatchObject({ effective: '2026-12-23' });
    expect(steps[4]).toMatchObject({ cutoff: '2027-01-04', windowDeadline: '2027-01-11' });
  });

  it('gives a business case no security demand or termination notice', async () => {
    const { steps } = (await json('plan', '--due', '2026-09-14', '--class', 'business', '--meter', 'remote', '--channel', 'letter', '--json')) as {
      steps: Array<Record<string, string>>;
    };
    expect(steps.map((s) => s.step)).toEqual(['reminder1', 'reminder2', 'disconnectionRequest']);
    // Reminder 2 Mon 5 Oct, received Mon 12 Oct, pay by Thu 22 Oct (receipt + 10 days, RULES 2.1). Request Fri
    // 23 Oct; letter received Fri 30 Oct; after Mon 2 Nov → Tue 3 Nov; d3 = 3, 4, 5 → Thu 5 Nov.
    expect(steps[2]).toMatchObject({ date: '2026-10-23', cutoff: '2026-11-03', windowDeadline: '2026-11-05' });
  });

  it('defaults --channel to digital post and plans a case without arrears', async () => {
    const { steps } = (await json('plan', '--without-arrears', '--demand', '2026-10-09', '--class', 'household', '--meter', 'physical', '--json')) as {
      steps: Array<Record<string, string>>;
    };
    expect(steps.map((s) => s.step)).toEqual(['securityDemand', 'terminationNotice', 'disconnectionRequest']);
    expect(steps[0]).toMatchObject({ receipt: '2026-10-09', deadline: '2026-12-09' });
  });

  it('prints a readable table without --json', async () => {
    const r = await run('plan', '--due', '2026-09-14', '--class', 'household', '--meter', 'physical');
    expect(r.code).toBe(0);
    expect(r.out).toContain('reminder1');
    expect(r.out).toContain('tor 17.09.2026');
    expect(r.out).toMatch(/skæringsdato\s+tir 10\.11\.2026/);
  });
});

describe('bad input: one clear line, exit 2', () => {
  it.each([
    [['calendar', 'day', '2026-02-30', '--json'], 'afbryd: calendar day: date: "2026-02-30" is not a date (expected YYYY-MM-DD)'],
    [['calendar', 'day', '--json'], 'afbryd: calendar day: date is required (YYYY-MM-DD)'],
    [['calendar', 'day', '2070-01-01', '--json'], 'afbryd: calendar day: 2070-01-01 is outside the holiday table dk-2000-2060-v1 (2000–2060)'],
    [['calendar', 'day', '2026-12-23', '--bogus'], "afbryd: calendar day: unknown option '--bogus'"],
    [['calendar', 'frobnicate'], 'afbryd: calendar: unknown subcommand "frobnicate" (known: day, days, window, cutoff, reopening)'],
    [['calendar', 'window', '--cutoff', '2026-12-21', '--meter', 'laser', '--class', 'household'], 'afbryd: calendar window: --meter: unknown meter kind "laser" (expected physical, remote, hourly)'],
    [['calendar', 'cutoff', '--request', '16-12-2026', '--class', 'household'], 'afbryd: calendar cutoff: --request: "16-12-2026" is not a date (expected YYYY-MM-DD)'],
    [['plan', '--due', '2026-11-02', '--class', 'shop', '--meter', 'physical'], 'afbryd: plan: --class: unknown class "shop" (expected household, business, business-large)'],
    [['plan', '--due', '2026-11-02', '--class', 'household', '--meter', 'physical', '--channel', 'fax'], 'afbryd: plan: --channel: unknown channel "fax" (expected digital, letter)'],
    [['plan', '--due', '2026-11-02', '--class', 'household'], 'afbryd: plan: --meter is required (one of physical, remote, hourly)'],
    [['plan', '--due', '2026-11-02', '--class', 'business-large', '--meter', 'physical', '--json'], 'afbryd: plan: class business-large (hourly-settled business above 100,000 kWh a year, SV 2.3.2) needs meter "hourly", not "physical"'],
    [['plan', '--due', '2026-11-02', '--class', 'business', '--meter', 'physical', '--settings', '{"securityDeadlineHverdage":10}'], 'afbryd: plan: --settings: bad rules setting: securityDeadlineHverdage: must be at least 15 (BEK §27 stk. 2)'],
    [['plan', '--due', '2026-11-02', '--class', 'business', '--meter', 'physical', '--settings', 'nope'], `afbryd: plan: --settings is not JSON (e.g. --settings '{"hourlyWindowReading":"literal"}')`],
  ])('%j', async (argv, line) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${line}\n`);
    expect(r.out).toBe('');
  });
});

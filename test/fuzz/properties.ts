/**
 * What the fuzz tests (`test/fuzz/*.test.ts`, a few hundred inputs per property in `npm test`) and
 * `npm run fuzz` (scripts/fuzz.ts, thousands) share: the canary personal data and where to look for
 * it, the counts per door, and the runner that reports a failure with its seed.
 *
 * The properties themselves live beside this file, one module per door: `api.ts` (the billing API),
 * `datahub.ts` (inbound DataHub documents and the poller), `cli.ts` (the afbryd command), `csv.ts`
 * (the go-live import's CSV reader and row schema). None imports vitest: the script runs them too.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Canary personal data

/** Personal data placed in every input field the fuzzers reach. None of it may come out anywhere. */
export const CANARY = {
  cpr: '010190-1234',
  email: 'canary.person@example.dk',
  name: 'Kanarie Fuglesen',
  phone: '+45 12 34 56 78',
} as const;
export type CanaryKind = keyof typeof CANARY;
export const CANARY_KINDS = Object.keys(CANARY) as CanaryKind[];

/** What is searched for: each canary, its recognisable parts and forms, and their URL encodings. */
const NEEDLES: readonly string[] = (() => {
  const plain = [
    CANARY.cpr,
    CANARY.cpr.replace('-', ''),
    CANARY.email,
    'canary.person',
    CANARY.name,
    'Fuglesen',
    CANARY.phone,
    '12 34 56 78',
    '+4512345678',
  ];
  return [...new Set([...plain, ...plain.map(encodeURIComponent), ...plain.map((p) => JSON.stringify(p).slice(1, -1))])];
})();

/** The canary strings found in a text (empty: none). */
export function canaryHits(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n));
}

/**
 * A Temporal history, description or any object as searchable text: payloads are decoded as UTF-8 —
 * whether bytes, or base64 text (a protobuf message's toJSON writes its bytes so; `data` of every
 * payload) — so a canary inside a workflow's input, a signal, an update, a search attribute or a memo
 * is found.
 */
export function searchableText(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (key, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    if (key === 'data' && typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v)) return Buffer.from(v, 'base64').toString('utf8');
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
      if (v instanceof Map) return Object.fromEntries(v);
    }
    return v;
  }) ?? '';
}

// ---------------------------------------------------------------------------------------------
// Counts

/** What the fuzzers saw at one door. */
export interface DoorCounts {
  /** Inputs tried. */
  inputs: number;
  /** HTTP answers by class (API), or outcomes (other doors: accepted = 2xx, rejected = 4xx). */
  ok2xx: number;
  client4xx: number;
  server5xx: number;
  /** An exception that escaped the door, a process that would have died, a non-4xx for bad input. */
  crashes: number;
  /** Canary strings found where they must not be. */
  canaryHits: number;
}

/** Counts per door, for the test's log and the script's report. */
export class FuzzStats {
  readonly doors = new Map<string, DoorCounts>();

  door(name: string): DoorCounts {
    let c = this.doors.get(name);
    if (!c) {
      c = { inputs: 0, ok2xx: 0, client4xx: 0, server5xx: 0, crashes: 0, canaryHits: 0 };
      this.doors.set(name, c);
    }
    return c;
  }

  /** Counts an HTTP status. */
  status(door: string, status: number): void {
    const c = this.door(door);
    c.inputs++;
    if (status >= 500) c.server5xx++;
    else if (status >= 400) c.client4xx++;
    else c.ok2xx++;
  }

  /** Counts a non-HTTP outcome: accepted (counted as 2xx) or rejected (counted as 4xx). */
  outcome(door: string, accepted: boolean): void {
    const c = this.door(door);
    c.inputs++;
    if (accepted) c.ok2xx++;
    else c.client4xx++;
  }

  totals(): DoorCounts {
    const t: DoorCounts = { inputs: 0, ok2xx: 0, client4xx: 0, server5xx: 0, crashes: 0, canaryHits: 0 };
    for (const c of this.doors.values()) for (const k of Object.keys(t) as (keyof DoorCounts)[]) t[k] += c[k];
    return t;
  }

  /** A plain table: door, inputs, 2xx/accepted, 4xx/rejected, 5xx, crashes, canary hits. */
  table(): string {
    const rows = [['door', 'inputs', '2xx/accepted', '4xx/rejected', '5xx', 'crashes', 'canary hits']];
    for (const [name, c] of [...this.doors.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      rows.push([name, c.inputs, c.ok2xx, c.client4xx, c.server5xx, c.crashes, c.canaryHits].map(String));
    }
    const t = this.totals();
    rows.push(['total', t.inputs, t.ok2xx, t.client4xx, t.server5xx, t.crashes, t.canaryHits].map(String));
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
  }
}

/** A violation found by a property: counted, then thrown (fast-check shrinks it and reports the seed). */
export class FuzzViolation extends Error {
  override readonly name = 'FuzzViolation';
}

/** Checks a condition of a property; on failure counts it at the door and throws. */
export function check(stats: FuzzStats, door: string, ok: boolean, what: string, kind: 'crash' | 'canary' = 'crash'): asserts ok {
  if (ok) return;
  const c = stats.door(door);
  if (kind === 'canary') c.canaryHits++;
  else c.crashes++;
  throw new FuzzViolation(`${door}: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Running a property

/** How a property is run. */
export interface RunOptions {
  numRuns: number;
  /** The seed (printed on failure, so a failure can be replayed with FUZZ_SEED). */
  seed: number;
}

/** The seed of this run: FUZZ_SEED, else a fixed one (tests) or the clock (the script). */
export function fuzzSeed(fallback: number): number {
  const env = process.env.FUZZ_SEED;
  return env && /^-?\d+$/.test(env) ? Number(env) : fallback;
}

/** A named property: sync or async. */
export interface NamedProperty {
  name: string;
  property: fc.IProperty<never> | fc.IAsyncProperty<never>;
}

/** Names a property (keeps its type loose enough for lists). */
export function named<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>): NamedProperty {
  return { name, property: property as unknown as NamedProperty['property'] };
}

/**
 * Runs a property; throws one error naming it, its seed and path, and the shrunk counterexample.
 * Replay: `FUZZ_SEED=<seed> npx vitest run test/fuzz/<file>`.
 */
export async function runProperty(p: NamedProperty, options: RunOptions): Promise<void> {
  const details = await fc.check(p.property as fc.IAsyncProperty<never>, { numRuns: options.numRuns, seed: options.seed, endOnFailure: true });
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'failed';
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`fuzz property "${p.name}" failed (seed ${options.seed}; replay with FUZZ_SEED=${options.seed})\n${error.slice(0, 2000)}\n${report.slice(0, 4000)}`);
  }
}

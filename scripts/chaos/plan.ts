/**
 * The chaos run's cases: which script each follows, the go-live import file that starts them, and what
 * each script must end with — read from the parties' own delivery logs by `checks.ts`.
 *
 * Time is compressed two ways (the run proves crash-safety, not dates):
 * - **imported in-flight cases with past dates**: the go-live import (`client/import/`) starts a case
 *   half-way with its letters already sent weeks ago, so its DataHub request is due at once; a
 *   billing-run case's invoice fell due 60 days ago, so its rykker 1 is due at once;
 * - **the DataHub simulator's manual clock** (`AFBRYD_DATAHUB_SIM_CLOCK`, `POST /sim/advance`): the
 *   grid's window, disconnection, reports and reopening run when the run moves the simulator's clock
 *   forward (30 days, then 5), not in real days. The cases' own timers (the grid's SLA) run on real
 *   time and never fire during a run.
 */
import { addDays, type IsoDate } from '../../rules/index.js';
import { caseWorkflowId, type CloseReason } from '../../workflows/case/definitions.js';
import { deriveCaseId } from '../../client/cases.js';
import { toCsv } from '../../client/import/csv.js';
import type { Rng } from './rng.js';

/** What a case goes through. */
export type ScriptName = 'billing-paid' | 'household-reopened' | 'business-reopened' | 'cancelled-before-disconnection';

export const SCRIPTS: readonly ScriptName[] = ['billing-paid', 'household-reopened', 'business-reopened', 'cancelled-before-disconnection'];

/** What a script must end with. */
export interface ScriptExpectation {
  /** The case closes with this reason. */
  closedReason: CloseReason;
  /** The letters (step names of the idempotency key) delivered, once each, cycle 0. */
  letters: readonly string[];
  /** The DataHub messages received, once each (document type, `RequestService:D03` for a service request). */
  datahub: readonly string[];
  what: string;
}

export const EXPECTED: Record<ScriptName, ScriptExpectation> = {
  'billing-paid': {
    what: 'billing run: rykker 1, then paid in full → closed (paid)',
    closedReason: 'paid',
    letters: ['reminder1'],
    datahub: [],
  },
  'household-reopened': {
    what: 'household imported with 4 letters: disconnection notice + end of supply → disconnected → paid + new agreement → start of supply + D03 → reopened → closed (reopened)',
    closedReason: 'reopened',
    letters: ['disconnectionNotice', 'reopeningNotice'],
    datahub: ['RequestEndOfSupply', 'RequestChangeOfSupplier', 'RequestService:D03'],
  },
  'business-reopened': {
    what: 'business imported with 2 reminders: disconnection notice + end of supply → disconnected → paid + new agreement → reopened → closed (reopened)',
    closedReason: 'reopened',
    letters: ['disconnectionNotice', 'reopeningNotice'],
    datahub: ['RequestEndOfSupply', 'RequestChangeOfSupplier', 'RequestService:D03'],
  },
  'cancelled-before-disconnection': {
    what: 'household imported with 4 letters: disconnection notice + end of supply → paid + new agreement before the window → request cancelled → closed (paid)',
    closedReason: 'paid',
    letters: ['disconnectionNotice'],
    datahub: ['RequestEndOfSupply', 'RequestCancellation'],
  },
};

/** One case of the run. */
export interface PlannedCase {
  index: number;
  script: ScriptName;
  customerId: string;
  meteringPointId: string;
  customerClass: 'household' | 'business';
  meterKind: 'physical' | 'remote';
  channel: 'digital' | 'letter';
  invoiceId: string;
  amountOre: number;
  /** `case-<GSRN>-<customerId>` */
  workflowId: string;
  /** The case id in idempotency keys. */
  caseId: string;
}

/** The share of each script, in this order, repeated. */
const MIX: readonly ScriptName[] = [
  'billing-paid',
  'household-reopened',
  'cancelled-before-disconnection',
  'household-reopened',
  'business-reopened',
  'billing-paid',
  'cancelled-before-disconnection',
  'household-reopened',
];

/**
 * The cases of a run: scripts in a fixed mix (every script present from 4 cases on), customers,
 * meter kinds and channels from the seeded generator, a metering point of its own each (GSRNs with
 * the run's 10-digit prefix).
 */
export function planCases(count: number, rng: Rng, gsrnPrefix: string): PlannedCase[] {
  if (!/^\d{10}$/.test(gsrnPrefix)) throw new RangeError('the GSRN prefix must have 10 digits');
  const cases: PlannedCase[] = [];
  for (let index = 0; index < count; index++) {
    const script = index < SCRIPTS.length ? SCRIPTS[index]! : MIX[index % MIX.length]!;
    const business = script === 'business-reopened';
    // C-1001: digital post; C-1002: no mailbox (letters by post, preferred channel `letter`); C-2001: a business.
    const paper = !business && rng.next() < 0.3;
    const customerId = business ? 'C-2001' : paper ? 'C-1002' : 'C-1001';
    const meteringPointId = `${gsrnPrefix}${String(index).padStart(8, '0')}`;
    const invoiceId = `CHAOS-${gsrnPrefix.slice(4)}-${index}`;
    const amountOre = 50_000 + Math.floor(rng.next() * 200) * 1_000;
    cases.push({
      index,
      script,
      customerId,
      meteringPointId,
      customerClass: business ? 'business' : 'household',
      meterKind: rng.next() < 0.5 ? 'physical' : 'remote',
      channel: paper ? 'letter' : 'digital',
      invoiceId,
      amountOre,
      workflowId: caseWorkflowId(meteringPointId, customerId),
      caseId: deriveCaseId({ meteringPointId, customerId, invoices: [{ invoiceId, amountOre, dueDate: '2000-01-01' }] }),
    });
  }
  return cases;
}

const COLUMNS = [
  'customer_id',
  'metering_point_id',
  'customer_class',
  'invoice_id',
  'amount_ore',
  'due_date',
  'meter_kind',
  'preferred_channel',
  'next_step',
  'reminder1_sent',
  'reminder1_channel',
  'reminder2_sent',
  'reminder2_channel',
  'security_demand_sent',
  'security_demand_channel',
  'security_amount_ore',
  'termination_notice_sent',
  'termination_notice_channel',
] as const;

/**
 * The go-live import file (CSV) that starts the cases on `today`: billing-run rows (no letters, the
 * invoice 60 days overdue, the meter kind left for the case to look up in DataHub) and in-flight rows
 * carried over with past letters, their DataHub request due at once.
 */
export function importFile(cases: readonly PlannedCase[], today: IsoDate): string {
  const d = (days: number) => addDays(today, days);
  const rows = cases.map((c) => {
    const row: Record<(typeof COLUMNS)[number], string> = Object.fromEntries(COLUMNS.map((k) => [k, ''])) as never;
    Object.assign(row, {
      customer_id: c.customerId,
      metering_point_id: c.meteringPointId,
      customer_class: c.customerClass,
      invoice_id: c.invoiceId,
      amount_ore: String(c.amountOre),
      preferred_channel: c.channel,
    });
    if (c.script === 'billing-paid') {
      Object.assign(row, { due_date: d(-60) });
    } else if (c.script === 'business-reopened') {
      Object.assign(row, {
        due_date: d(-90),
        meter_kind: c.meterKind,
        next_step: 'disconnection_request',
        reminder1_sent: d(-70),
        reminder1_channel: c.channel,
        reminder2_sent: d(-45),
        reminder2_channel: c.channel,
      });
    } else {
      Object.assign(row, {
        due_date: d(-150),
        meter_kind: c.meterKind,
        next_step: 'disconnection_request',
        reminder1_sent: d(-130),
        reminder1_channel: c.channel,
        reminder2_sent: d(-110),
        reminder2_channel: c.channel,
        security_demand_sent: d(-85),
        security_demand_channel: c.channel,
        security_amount_ore: '300000',
        termination_notice_sent: d(-45),
        termination_notice_channel: c.channel,
      });
    }
    return COLUMNS.map((k) => row[k]);
  });
  return toCsv([[...COLUMNS], ...rows]);
}

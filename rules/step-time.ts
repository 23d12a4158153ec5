/**
 * When in the day a case's steps run (issue 14, item 8). Not a legal rule — no deadline depends on the
 * hour a letter or request goes on its day — but a pure one: the same case id gives the same time on
 * every worker and in every replay.
 *
 * Every case used to run its steps at one `stepTimeLocal` (09:00), so a billing run of 50,000 cases
 * woke 50,000 workflows in the same minute. With a window, a case's letters and DataHub requests run at
 * a second (until issue 14 item 8's `stepSpread`: a minute) of the window chosen by a stable hash of its
 * id: the billing run's steps spread evenly over the window. Cancellations and reopening requests never
 * wait for it (they go when their event arrives).
 */

/** A window of Danish local time, `from` inclusive, `to` exclusive, both `HH:MM`. */
export interface StepWindow {
  from: string;
  to: string;
}

/** The default window. @default 07:00–10:00 */
export const DEFAULT_STEP_WINDOW: Readonly<StepWindow> = Object.freeze({ from: '07:00', to: '10:00' });

function minutesOf(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`"${time}" is not a time of day (expected HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The case id's hash: 32-bit FNV-1a over its UTF-16 code units — stable across Node versions and
 * platforms (no `crypto`, which the workflow sandbox does not have). Ids that differ only in their
 * last characters land near each other, but a billing run's ids cover the window evenly minute by
 * minute (test/rules/step-time.test.ts), which is what the load needs.
 */
export function stableHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The unit a case's own time in the window is chosen in (`CaseRules.stepSpread`). `minute` (release 0.6
 * to 0.6.4): one of the window's minutes, so a 5,000-case billing run still woke ~28 cases per minute of
 * a 3-hour window at the same instant — enough to overrun a worker's sticky queue (docs/PERFORMANCE.md).
 * `second`: one of its seconds, 60 times fewer at any instant.
 */
export type StepSpread = 'minute' | 'second';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The local time a case's steps run at: a minute (or, with `spread` `second`, a second) of `window`
 * chosen by the case id, or `fallback` (the case's `stepTimeLocal`) when no window is set — as in every
 * settings snapshot taken before the window existed, so that a running case keeps its times. `spread`
 * unset is `minute`: a snapshot taken before the unit existed keeps its case's minute.
 * @returns `HH:MM` (a minute, or the fallback) or `HH:MM:SS` (a second)
 * @throws RangeError when the window is not two times with `from` before `to`
 */
export function stepTimeOf(caseId: string, window: StepWindow | undefined, fallback: string, spread: StepSpread = 'minute'): string {
  if (!window) return fallback;
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (to <= from) throw new RangeError(`the step window ${window.from}–${window.to} is empty (from must be before to)`);
  if (spread === 'second') {
    const second = from * 60 + (stableHash(caseId) % ((to - from) * 60));
    return `${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
  }
  const minute = from + (stableHash(caseId) % (to - from));
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

import type { BookingWindow, CohortConfig } from "./cohort-config";
import { prequeueOpensAtMs } from "./cohort-phase";
import { wallClockInZone } from "./dates";

/**
 * A guard rail an operator's change ran into. Each can be overridden with `force` and a reason,
 * except `intake_shards_fixed`: people's places are kept by shard, so a new count would lose them.
 */
export type GuardRule =
  | "opening_in_past"
  | "live_window_changed"
  | "started_window_changed"
  | "overlapping_cohorts"
  | "intake_shards_fixed";

/** The rules no `force` overrides. */
export const UNFORCEABLE_RULES: readonly GuardRule[] = ["intake_shards_fixed"];

/** One refusal of a config change: which rule, which field, and a sentence for the operator. */
export interface GuardViolation {
  rule: GuardRule;
  path: string;
  message: string;
}

/** What the guard rails look at: the saved config, the proposed one, other cohorts, the server clock. */
export interface GuardInput {
  previous: CohortConfig | null;
  next: CohortConfig;
  /** Other cohorts' configs, to find people who would be eligible in two cohorts at once. */
  others: readonly CohortConfig[];
  nowMs: number;
}

const opens = (w: BookingWindow) => Date.parse(w.opensAt);
const closes = (w: BookingWindow) => Date.parse(w.closesAt);

/** True when two windows describe the same instants and the same birth-day digits. */
export function sameWindow(a: BookingWindow, b: BookingWindow): boolean {
  const digits = (w: BookingWindow) => (w.birthDayLastDigits ? [...w.birthDayLastDigits].sort().join(",") : "all");
  return opens(a) === opens(b) && closes(a) === closes(b) && digits(a) === digits(b);
}

/** True when some birth-day last digit is admitted by both windows. */
function digitsMeet(a: BookingWindow, b: BookingWindow): boolean {
  if (!a.birthDayLastDigits || !b.birthDayLastDigits) return true;
  return a.birthDayLastDigits.some((d) => b.birthDayLastDigits!.includes(d));
}

/**
 * Every guard rail a proposed cohort config runs into, on the server clock `nowMs`:
 * - `opening_in_past`: a new or moved window opens before now (citizens would find it already open);
 * - `live_window_changed`: a window open now is changed or removed, or the birth dates change while
 *   one is open (the rules would change under people already queueing or booking);
 * - `started_window_changed`: a window that already ran is changed or removed (its record and draw);
 * - `overlapping_cohorts`: for some birth dates, a window overlaps a window of another cohort whose
 *   birth dates overlap, in time still to come (one person could hold two places and book twice).
 * - `intake_shards_fixed`: the shard count changes once the first pre-queue has opened (places live
 *   in the shard their identity names; another count would send people to a shard without them).
 * Windows are compared by index, as the queue keeps each window's draw by its index.
 */
export function guardViolations({ previous, next, others, nowMs }: GuardInput): GuardViolation[] {
  const found: GuardViolation[] = [];
  const local = (ms: number) => `${wallClockInZone(ms, next.timeZone)} ${next.timeZone}`;
  const before = previous?.windows ?? [];
  const isLive = (w: BookingWindow) => opens(w) <= nowMs && nowMs < closes(w);
  const count = Math.max(before.length, next.windows.length);

  for (let i = 0; i < count; i++) {
    const was = before[i];
    const now = next.windows[i];
    if (was && now && sameWindow(was, now)) continue;
    const change = now ? "changed" : "removed";
    if (was && isLive(was)) {
      found.push({
        rule: "live_window_changed",
        path: `windows.${i}`,
        message: `windows.${i} is open now (since ${local(opens(was))}) and would be ${change}.`,
      });
    } else if (was && opens(was) <= nowMs) {
      found.push({
        rule: "started_window_changed",
        path: `windows.${i}`,
        message: `windows.${i} already ran (from ${local(opens(was))}) and would be ${change}.`,
      });
    } else if (now && opens(now) < nowMs) {
      found.push({
        rule: "opening_in_past",
        path: `windows.${i}.opensAt`,
        message: `windows.${i} would open at ${local(opens(now))} (${new Date(opens(now)).toISOString()}), which is already past on the server clock (${new Date(nowMs).toISOString()}).`,
      });
    }
  }

  if (previous && before.some(isLive)) {
    for (const field of ["birthDates", "timeZone"] as const) {
      if (JSON.stringify(previous[field]) !== JSON.stringify(next[field])) {
        found.push({ rule: "live_window_changed", path: field, message: `${field} would change while a window is open.` });
      }
    }
  }

  if (previous && previous.intake.shards !== next.intake.shards && prequeueOpensAtMs(previous, 0) <= nowMs) {
    found.push({
      rule: "intake_shards_fixed",
      path: "intake.shards",
      message: `intake.shards is fixed at ${previous.intake.shards} since the pre-queue opened: people's places are kept by shard.`,
    });
  }

  for (const other of others) {
    if (other.id === next.id) continue;
    // The later start and the earlier end of the two ranges (ISO dates compare as text).
    const from = [next.birthDates.from, other.birthDates.from].sort()[1]!;
    const to = [next.birthDates.to, other.birthDates.to].sort()[0]!;
    if (from > to) continue;
    next.windows.forEach((w, i) => {
      const k = other.windows.findIndex(
        (o) => opens(w) < closes(o) && opens(o) < closes(w) && Math.min(closes(w), closes(o)) > nowMs && digitsMeet(w, o),
      );
      if (k < 0) return;
      found.push({
        rule: "overlapping_cohorts",
        path: `windows.${i}`,
        message: `windows.${i} overlaps cohort ${other.id} (windows.${k}) for people born ${from} to ${to}: they could hold a place in both and book twice.`,
      });
    });
  }
  return found;
}

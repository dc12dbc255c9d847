// What anyone may know about a cohort: the public answer, shared by the cohort routes and the dry run.
import type { CohortConfig } from "./cohort-config";
import type { CohortPhase } from "./cohort-phase";
import { wallClockInZone } from "./dates";

/**
 * What anyone may know about a cohort, with the server's clock. `soldOut` (supply exists and no
 * seat is left, as of the queue's last admission tick) is only known to the cohort's own object.
 */
export function publicCohort(config: CohortConfig, phase: CohortPhase, nowMs: number, soldOut = false) {
  const local = (instant: string) => `${wallClockInZone(Date.parse(instant), config.timeZone)}`;
  return {
    id: config.id,
    name: config.name,
    timeZone: config.timeZone,
    birthDates: config.birthDates,
    status: phase.status,
    opensAt: phase.opensAt,
    closesAt: phase.closesAt,
    windows: config.windows.map((w) => ({
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      opensAtLocal: local(w.opensAt),
      closesAtLocal: local(w.closesAt),
      birthDayLastDigits: w.birthDayLastDigits ?? null,
    })),
    now: new Date(nowMs).toISOString(),
    soldOut,
  };
}

// The seats left, read from the bookings database at most once per admission tick, so admission stops when supply does.
import { readSupplyDays } from "../../bookings/d1/availability";
import { bookingDb } from "../../bookings/d1/db";
import type { CohortConfig } from "../../domain/cohort-config";
import { bookablePeople, type InventoryReading } from "../../domain/inventory";

/**
 * How many more people of a cohort can book, read from the bookings database. The queue object
 * reads it at most once per admission tick, and only while someone waits, so the database sees
 * one aggregate query a second per open cohort, however large the crowd.
 */
export async function readInventory(d1: D1Database, vaccines: readonly string[] | undefined, nowMs: number): Promise<InventoryReading> {
  const { stocked, days, schedules } = await readSupplyDays(bookingDb(d1), vaccines, new Date(nowMs).toISOString());
  return { stocked, seatsLeft: bookablePeople(days, schedules), readAtMs: nowMs };
}

/** While the booking step is full nobody can be admitted; the seats left are then re-read only this often, to keep `sold_out` news timely. */
export const FULL_STEP_REFRESH_MS = 10_000;

/**
 * The inventory for an admission tick: read afresh when someone is waiting and the booking step
 * has room (or the last reading is older than `FULL_STEP_REFRESH_MS`), else the previous reading.
 * `admit` is false when the read failed: nobody is admitted on a guess.
 */
export async function inventoryForTick(
  d1: D1Database,
  config: Pick<CohortConfig, "vaccines" | "maxInBookingStep">,
  nowMs: number,
  previous: InventoryReading | null,
  line: { waiting: boolean; inBookingStep: number },
): Promise<{ reading: InventoryReading | null; admit: boolean }> {
  if (!line.waiting) return { reading: previous, admit: true };
  const inStep = line.inBookingStep;
  const fresh = previous !== null && nowMs - previous.readAtMs < FULL_STEP_REFRESH_MS;
  if (inStep >= config.maxInBookingStep && fresh) return { reading: previous, admit: true };
  try {
    return { reading: await readInventory(d1, config.vaccines, nowMs), admit: true };
  } catch (error) {
    console.error("inventory read failed", { message: error instanceof Error ? error.message.split("\n", 1)[0] : "unknown" });
    return { reading: previous, admit: false };
  }
}

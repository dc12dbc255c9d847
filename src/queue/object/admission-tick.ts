// One admission tick at the cohort's object: how many are admitted within the rate, the booking-step
// cap and the seats left, re-entries first, and how far admission reaches; written with its counters.
import { ADMISSION_TICK_MS, admissionQuota, admitCount } from "../../domain/admission";
import type { CohortConfig } from "../../domain/cohort-config";
import { admissionRoom, type InventoryReading } from "../../domain/inventory";
import { RATE_WINDOW_MS } from "./admission-rate";
import { type LineState, reentryQuotas } from "./shards";
import { run } from "./sql";

/** The cohort's object's counters (its `meta` row "counters"). */
export interface Counters {
  lastPosition: number;
  admittedThrough: number;
  lastTickAtMs: number;
  carry: number;
  /** Grows with every saved config and control, so shards know when their snapshot is old. */
  snapshotVersion: number;
  /** Which shard gets the first re-entry grants at the next tick (rotates, so none is always last). */
  reentryCursor: number;
  /** The number of the latest admission push to the shards. */
  pushTick: number;
}

/** What a tick is decided from. `lineEnd`: the last position admission may reach now. */
export interface TickInput {
  config: CohortConfig;
  now: number;
  line: LineState;
  lineEnd: number;
  inventory: InventoryReading | null;
}

/**
 * Moves admission on within the rate and the booking-step cap: re-entries first, then the next
 * positions. Updates `counters` and saves them in the tick's transaction. Returns each shard's share
 * of the re-entry grants.
 */
export function admitTick(storage: DurableObjectStorage, counters: Counters, saveCounters: () => void, input: TickInput): number[] {
  const { config, now, line, lineEnd, inventory } = input;
  const sql = storage.sql;
  const elapsed = counters.lastTickAtMs === 0 ? ADMISSION_TICK_MS : now - counters.lastTickAtMs;
  const { quota, carry } = admissionQuota(config.admissionRatePerMinute, elapsed, counters.carry);
  const waiting = Math.max(0, lineEnd - counters.admittedThrough) + line.reentering;
  const count = Math.min(
    admitCount(quota, config.maxInBookingStep, line.inBookingStep, waiting),
    admissionRoom(inventory, line.inBookingStep),
  );
  const reentries = Math.min(count, line.reentering);
  const shards = config.intake.shards;
  const quotas = reentryQuotas(sql, shards, reentries, counters.reentryCursor);
  storage.transactionSync(() => {
    const advance = Math.max(0, Math.min(count - reentries, lineEnd - counters.admittedThrough));
    if (advance > 0) {
      counters.admittedThrough += advance;
      run(sql, "INSERT OR REPLACE INTO admission_ranges (through, at) VALUES (?, ?)", counters.admittedThrough, now);
    }
    if (count > 0) run(sql, "INSERT INTO admission_log (at, count) VALUES (?, ?)", now, count);
    run(sql, "DELETE FROM admission_log WHERE at < ?", now - 12 * RATE_WINDOW_MS);
    counters.lastTickAtMs = now;
    counters.reentryCursor = (counters.reentryCursor + 1) % shards;
    // A full booking step must not bank quota for a burst once people leave it.
    counters.carry = count < quota ? 0 : carry;
    saveCounters();
  });
  return quotas;
}

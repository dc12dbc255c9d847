// The operators' counters: events per minute and in total, refusals, wait probes, and the stats read built on them.

import { adaptiveFloor, type BackendHealth } from "../../domain/adaptive-admission";
import type { CohortConfig } from "../../domain/cohort-config";
import type { CohortPhase } from "../../domain/cohort-phase";
import { estimatedWaitSeconds, peopleAhead } from "../../domain/wait-estimate";
import type { ShardCounts } from "../shard/types";
import { adaptationOn, adaptedRate, backendHealth } from "./adaptive";
import { effectiveConfig, type LiveControls } from "./controls";
import { rows, run } from "./sql";
import type { QueueProgress } from "./types";

/** The events counted per minute and in total. */
export type StatField = "joined" | "admitted" | "booked" | "expired";
const FIELDS: readonly StatField[] = ["joined", "admitted", "booked", "expired"];

const MINUTE_MS = 60_000;
/** Minute counters and wait probes are kept this long; the dashboard shows the last hour. */
const KEEP_MS = 24 * 3600_000;
const SERIES_MINUTES = 60;
/** Refusals counted in memory are written at most this often (and on every stats read). */
const REFUSAL_FLUSH_MS = 1000;

/** The statement adding to one event's minute counter, written once per field (a column name cannot be bound). */
const ADD_TO_MINUTE = Object.fromEntries(
  FIELDS.map((f) => [
    f,
    `INSERT INTO stats_minutes (minute, ${f}) VALUES (?, ?) ON CONFLICT (minute) DO UPDATE SET ${f} = ${f} + excluded.${f}`,
  ]),
) as Record<StatField, string>;

/** Adds `n` events to the minute's counter and the running total, inside the caller's transaction if any. */
export function countEvent(sql: SqlStorage, nowMs: number, field: StatField, n = 1): void {
  if (n <= 0) return;
  const minute = Math.floor(nowMs / MINUTE_MS);
  run(sql, ADD_TO_MINUTE[field], minute, n);
  run(
    sql,
    "INSERT INTO stats_totals (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
    field,
    n,
  );
}

/** Adds refusal counts by error code for one origin: `queue` (this object) or `edge` (the Workers). */
export function addRefusals(sql: SqlStorage, origin: "queue" | "edge", counts: Record<string, number>): void {
  for (const [code, count] of Object.entries(counts)) {
    if (!Number.isInteger(count) || count <= 0) continue;
    run(
      sql,
      "INSERT INTO refusal_counts (origin, code, count) VALUES (?, ?, ?) ON CONFLICT (origin, code) DO UPDATE SET count = count + excluded.count",
      origin,
      code,
      count,
    );
  }
}

/**
 * Counts what a shard's running totals of refusals grew by since the last totals heard from it. A
 * total lower than the one kept is an older message arriving late, and adds nothing.
 */
export function addShardRefusals(sql: SqlStorage, shard: number, totals: Record<string, number>): void {
  const grown: Record<string, number> = {};
  for (const [code, total] of Object.entries(totals)) {
    if (!Number.isInteger(total) || total <= 0) continue;
    const kept =
      rows<{ total: number }>(sql, "SELECT total FROM shard_refusal_totals WHERE shard = ? AND code = ?", shard, code)[0]?.total ?? 0;
    if (total <= kept) continue;
    grown[code] = total - kept;
    run(
      sql,
      "INSERT INTO shard_refusal_totals (shard, code, total) VALUES (?, ?, ?) ON CONFLICT (shard, code) DO UPDATE SET total = excluded.total",
      shard,
      code,
      total,
    );
  }
  addRefusals(sql, "queue", grown);
}

/**
 * The object's own refusals, counted in memory and written at most once a second, so a flood of
 * refused joins does not become a flood of writes. An eviction may lose the last second's counts.
 */
export class RefusalTally {
  #pending: Record<string, number> = {};
  #lastFlushMs = 0;

  /** Counts the outcome if it is a refusal (writing the pending counts when the last write is a second old) and returns it. */
  pass<T extends { ok: boolean; code?: string } | null>(sql: SqlStorage, outcome: T): T {
    if (!outcome || outcome.ok || !outcome.code) return outcome;
    this.#pending[outcome.code] = (this.#pending[outcome.code] ?? 0) + 1;
    const now = Date.now();
    if (now - this.#lastFlushMs >= REFUSAL_FLUSH_MS) this.flush(sql, now);
    return outcome;
  }

  /** Writes the pending counts now. */
  flush(sql: SqlStorage, nowMs: number): void {
    this.#lastFlushMs = nowMs;
    if (Object.keys(this.#pending).length === 0) return;
    addRefusals(sql, "queue", this.#pending);
    this.#pending = {};
  }
}

/**
 * Runs on every admission tick: notes the length of the line for this minute. Once a minute, notes what the person at the back of the queue is
 * told (their estimated wait); when admission reaches that position, the actual wait is known. This
 * compares estimate and reality without storing anything per person. Also writes pending refusals.
 */
export function probeWaits(sql: SqlStorage, nowMs: number, progress: QueueProgress, refusals: RefusalTally): void {
  refusals.flush(sql, nowMs);
  run(sql, "UPDATE wait_probes SET admitted_at = ? WHERE admitted_at IS NULL AND position <= ?", nowMs, progress.admittedThrough);
  const waiting = Math.max(0, progress.lastPosition - progress.admittedThrough);
  run(
    sql,
    "INSERT INTO stats_minutes (minute, waiting) VALUES (?, ?) ON CONFLICT (minute) DO UPDATE SET waiting = excluded.waiting",
    Math.floor(nowMs / MINUTE_MS),
    waiting,
  );
  const last = rows<{ at: number | null }>(sql, "SELECT max(at) AS at FROM wait_probes")[0]?.at ?? null;
  if (progress.lastPosition <= progress.admittedThrough || (last !== null && nowMs - last < MINUTE_MS)) return;
  const estimate = estimatedWaitSeconds(peopleAhead(progress.lastPosition, progress.admittedThrough), progress.admissionRatePerMinute);
  run(sql, "INSERT OR IGNORE INTO wait_probes (position, at, estimated_seconds) VALUES (?, ?, ?)", progress.lastPosition, nowMs, estimate);
  // Pruning once a minute is enough.
  run(sql, "DELETE FROM wait_probes WHERE at < ?", nowMs - KEEP_MS);
  run(sql, "DELETE FROM stats_minutes WHERE minute < ?", Math.floor((nowMs - KEEP_MS) / MINUTE_MS));
}

/** What an operator watches during an opening. Every figure comes from counters or bounded ranges. */
export interface QueueStats {
  now: string;
  phase: CohortPhase;
  controls: LiveControls;
  /** `effective`: what the operator set (config or live); `admitting`: that, lowered by the adaptive rate while the backend struggles. */
  admissionRatePerMinute: { configured: number; effective: number; admitting: number; measured: number; lastMinute: number };
  /** Admission following the booking backend: whether it steers now, its floor and target, and the health it sees. */
  adaptive: { on: boolean; floorPerMinute: number; commitP95TargetMs: number; health: BackendHealth };
  maxInBookingStep: { configured: number; effective: number };
  queue: { prequeue: number; waiting: number; inBookingStep: number; lastPosition: number; admittedThrough: number };
  totals: Record<StatField, number>;
  /** The last complete minute. */
  lastMinute: Record<StatField, number>;
  bookingsPerMinute: number;
  /** The last hour, a point a minute, oldest first; `waiting` is the line at the minute's last tick (null without one). */
  series: Array<{ minute: string; waiting: number | null } & Record<StatField, number>>;
  /** Newest first: estimated wait at the back of the queue, and the wait it turned out to be. */
  waits: Array<{ at: string; position: number; estimatedSeconds: number; actualSeconds: number | null }>;
  refusals: { queue: Record<string, number>; edge: Record<string, number> };
  /** Shards that did not answer this read: their people are left out of the pre-queue, waiting and booking-step counts, which read low. */
  shardsMissing: number[];
}

/** The stats of a queue from its counters; the work does not grow with the number of people. */
export function queueStats(
  sql: SqlStorage,
  state: { config: CohortConfig; controls: LiveControls; progress: QueueProgress; shards: ShardCounts; shardsMissing: number[] },
): QueueStats {
  const { config, controls, progress, shards } = state;
  const now = progress.nowMs;
  const totals = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<StatField, number>;
  for (const r of rows<{ name: StatField; value: number }>(sql, "SELECT name, value FROM stats_totals")) totals[r.name] = r.value;
  // The pre-queue is counted as joined when its draw reserves its positions; until then only the shards count it.
  const reserved =
    rows<{ n: number | null }>(sql, "SELECT sum(size - drawn) AS n FROM shuffle_seeds WHERE applied_at IS NOT NULL")[0]?.n ?? 0;
  totals.joined += Math.max(0, shards.prequeue - reserved);

  const current = Math.floor(now / MINUTE_MS);
  const byMinute = new Map(
    rows<{ minute: number; waiting: number | null } & Record<StatField, number>>(
      sql,
      "SELECT * FROM stats_minutes WHERE minute > ?",
      current - SERIES_MINUTES,
    ).map((r) => [r.minute, r]),
  );
  const series = Array.from({ length: SERIES_MINUTES }, (_, i) => {
    const minute = current - SERIES_MINUTES + 1 + i;
    const row = byMinute.get(minute);
    const counts = Object.fromEntries(FIELDS.map((f) => [f, row?.[f] ?? 0])) as Record<StatField, number>;
    return { minute: new Date(minute * MINUTE_MS).toISOString(), waiting: row?.waiting ?? null, ...counts };
  });
  const { minute: _minute, waiting: _waiting, ...lastMinute } = series[series.length - 2]!;

  const refusals = { queue: {} as Record<string, number>, edge: {} as Record<string, number> };
  for (const r of rows<{ origin: "queue" | "edge"; code: string; count: number }>(sql, "SELECT origin, code, count FROM refusal_counts")) {
    refusals[r.origin][r.code] = r.count;
  }
  const effective = effectiveConfig(config, controls);
  return {
    now: new Date(now).toISOString(),
    phase: progress.phase,
    controls,
    admissionRatePerMinute: {
      configured: config.admissionRatePerMinute,
      effective: effective.admissionRatePerMinute,
      admitting: adaptedRate(sql, effective, controls),
      measured: progress.admissionRatePerMinute,
      lastMinute: lastMinute.admitted,
    },
    adaptive: {
      on: adaptationOn(effective, controls),
      floorPerMinute: adaptiveFloor(effective.adaptive, effective.admissionRatePerMinute),
      commitP95TargetMs: effective.adaptive.commitP95TargetMs,
      health: backendHealth(sql, now),
    },
    maxInBookingStep: { configured: config.maxInBookingStep, effective: effective.maxInBookingStep },
    queue: {
      // Counted by each shard over bounded index ranges, summed.
      prequeue: shards.prequeue,
      waiting: Math.max(0, progress.lastPosition - progress.admittedThrough) + shards.reentering,
      inBookingStep: shards.inBookingStep,
      lastPosition: progress.lastPosition,
      admittedThrough: progress.admittedThrough,
    },
    totals,
    lastMinute,
    bookingsPerMinute: lastMinute.booked,
    series,
    waits: rows<{ position: number; at: number; estimated_seconds: number; admitted_at: number | null }>(
      sql,
      "SELECT * FROM wait_probes ORDER BY at DESC LIMIT 60",
    ).map((r) => ({
      at: new Date(r.at).toISOString(),
      position: r.position,
      estimatedSeconds: r.estimated_seconds,
      actualSeconds: r.admitted_at === null ? null : Math.round((r.admitted_at - r.at) / 1000),
    })),
    refusals,
    shardsMissing: state.shardsMissing,
  };
}

/** The shards' counts for the stats, summed; the refusals they handed over are added to the queue's. */
export function sumShardCounts(sql: SqlStorage, answers: ReadonlyArray<{ shard: number; counts: ShardCounts }>): ShardCounts {
  const sum: ShardCounts = { prequeue: 0, waiting: 0, inBookingStep: 0, reentering: 0, refusals: {} };
  for (const { shard, counts: c } of answers) {
    addShardRefusals(sql, shard, c.refusals);
    sum.prequeue += c.prequeue;
    sum.waiting += c.waiting;
    sum.inBookingStep += c.inBookingStep;
    sum.reentering += c.reentering;
  }
  return sum;
}

// The shards that missed the latest snapshot (a config or a switch): the alarm hands it to them again,
// a second later at first, then less and less often while a shard stays down.
import { readMeta, writeMeta } from "./sql";

interface Misses {
  version: number;
  shards: number[];
  /** Hand-outs of this version in a row that left some shard without it. */
  attempts?: number;
  /** When the alarm hands it over again. */
  retryAt?: number;
}

/** The first hand-out again comes this long after a miss; each miss after doubles it, up to `SNAPSHOT_RETRY_MAX_MS`. */
export const SNAPSHOT_RETRY_MS = 1000;
export const SNAPSHOT_RETRY_MAX_MS = 30_000;

/** How long after its `attempts`-th miss in a row a snapshot is handed over again. */
export function snapshotRetryDelay(attempts: number): number {
  return Math.min(SNAPSHOT_RETRY_MAX_MS, SNAPSHOT_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Keeps which shards missed the snapshot of `version` handed out at `now`, and when to try them
 * again; unless a later snapshot's hand-out already did (it covers this one).
 */
export function keepMisses(sql: SqlStorage, version: number, shards: number[], now: number): void {
  const kept = readMeta<Misses>(sql, "snapshotMisses");
  if (kept && kept.version > version) return;
  if (shards.length === 0) {
    writeMeta(sql, "snapshotMisses", { version, shards });
    return;
  }
  const attempts = kept && kept.version === version && kept.shards.length > 0 ? (kept.attempts ?? 1) + 1 : 1;
  writeMeta(sql, "snapshotMisses", { version, shards, attempts, retryAt: now + snapshotRetryDelay(attempts) });
}

/** The shards that have not yet taken the latest snapshot handed out (empty: all have). */
export function missedShards(sql: SqlStorage): number[] {
  return readMeta<Misses>(sql, "snapshotMisses")?.shards ?? [];
}

/** When the shards that missed the latest snapshot are due to be handed it again (null: none missed). */
export function snapshotRetryAt(sql: SqlStorage): number | null {
  const kept = readMeta<Misses>(sql, "snapshotMisses");
  if (!kept || kept.shards.length === 0) return null;
  return kept.retryAt ?? 0; // kept before retries were spaced out: due now
}

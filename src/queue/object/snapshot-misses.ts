// The shards that missed the latest snapshot (a config or a switch): the alarm hands it to them again.
import { readMeta, writeMeta } from "./sql";

interface Misses {
  version: number;
  shards: number[];
}

/** Keeps which shards missed the snapshot of `version`, unless a later snapshot's hand-out already did (it covers this one). */
export function keepMisses(sql: SqlStorage, version: number, shards: number[]): void {
  const kept = readMeta<Misses>(sql, "snapshotMisses");
  if (kept && kept.version > version) return;
  writeMeta(sql, "snapshotMisses", { version, shards });
}

/** The shards that have not yet taken the latest snapshot handed out (empty: all have). */
export function missedShards(sql: SqlStorage): number[] {
  return readMeta<Misses>(sql, "snapshotMisses")?.shards ?? [];
}

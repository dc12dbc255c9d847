// Bench only: fills stopped queue objects' SQLite files with people, so the bench can measure the
// objects with a million people in line, or draw a pre-queue of hundreds of thousands, without that
// many joins. Nothing of this is in the Worker: it writes the files workerd keeps on disk while no
// workerd is running. People's places live in the cohort's intake shards (src/queue/shard), each
// person in the shard their identity names; the cohort's object keeps only the position counter.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { shardOf } from "../../src/domain/intake.ts";

/** The SQLite files of a class's objects under a persistence root whose `meta` row `key` passes `match`. */
function objectFiles(persistDir: string, className: string, key: string, match: (value: unknown) => boolean): string[] {
  const dir = path.join(persistDir, "do", `queue-${className}`);
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".sqlite") || name === "metadata.sqlite") continue;
    const db = new DatabaseSync(path.join(dir, name), { readOnly: true });
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
      if (row && match(JSON.parse(row.value))) found.push(path.join(dir, name));
    } catch {
      // not an object of this kind
    } finally {
      db.close();
    }
  }
  return found;
}

/** The SQLite file of the queue object that holds `cohortId`'s config. */
export function queueObjectFile(persistDir: string, cohortId: string): string {
  const [file] = objectFiles(persistDir, "CohortQueue", "config", (c) => (c as { id?: string }).id === cohortId);
  if (!file) throw new Error(`no queue object file for cohort ${cohortId} under ${persistDir}`);
  return file;
}

/** The SQLite files of a cohort's intake shards, by shard index (every shard must have been called once). */
export function shardFiles(persistDir: string, cohortId: string, shards: number): string[] {
  const files: string[] = new Array(shards);
  for (const file of objectFiles(persistDir, "IntakeShard", "address", (a) => (a as { cohortId?: string }).cohortId === cohortId)) {
    const db = new DatabaseSync(file, { readOnly: true });
    const { value } = db.prepare("SELECT value FROM meta WHERE key = 'address'").get() as { value: string };
    db.close();
    files[(JSON.parse(value) as { shard: number }).shard] = file;
  }
  for (let shard = 0; shard < shards; shard++) if (!files[shard]) throw new Error(`no file for shard ${shard} of ${cohortId}`);
  return files;
}

const key = (text: string) => createHash("sha256").update(text).digest("base64url");

/** Runs `write` on each shard's database inside one transaction per shard, then checkpoints. */
function inEachShard(files: readonly string[], write: (dbs: DatabaseSync[]) => void): void {
  const dbs = files.map((file) => new DatabaseSync(file));
  try {
    for (const db of dbs) db.exec("BEGIN");
    write(dbs);
    for (const db of dbs) {
      db.exec("COMMIT");
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  } finally {
    for (const db of dbs) db.close();
  }
}

/** Reads, changes and writes back a JSON row of an object's `meta`. */
function updateMeta<T>(file: string, key: string, change: (value: T) => void): T {
  const db = new DatabaseSync(file);
  try {
    const value = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string }).value) as T;
    change(value);
    db.prepare("UPDATE meta SET value = ? WHERE key = ?").run(JSON.stringify(value), key);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return value;
  } finally {
    db.close();
  }
}

/**
 * Appends `count` people at the back of the line (waiting, with positions after the last one, each
 * in their shard) and moves the cohort's position counter on, as `count` joins after the opening would have.
 */
export function seedQueuedIdentities(
  queueFile: string,
  shards: readonly string[],
  count: number,
): { seededMs: number; lastPosition: number } {
  const started = performance.now();
  const { lastPosition } = updateMeta<{ lastPosition: number }>(queueFile, "counters", () => undefined);
  const joinedAt = Date.now();
  inEachShard(shards, (dbs) => {
    const inserts = dbs.map((db) =>
      db.prepare(
        "INSERT INTO entries (identity, window_index, joined_at, sort_key, position, state, via_prequeue) VALUES (?, 0, ?, '', ?, 'waiting', 0)",
      ),
    );
    for (let i = 1; i <= count; i++) {
      const identity = key(`bench-identity-${i}`);
      inserts[shardOf(identity, dbs.length)]!.run(identity, joinedAt, lastPosition + i);
    }
  });
  const counters = updateMeta<{ lastPosition: number }>(queueFile, "counters", (c) => {
    c.lastPosition += count;
  });
  return { seededMs: performance.now() - started, lastPosition: counters.lastPosition };
}

/**
 * Puts `count` people in the pre-queue of a cohort whose window has not opened yet (each in their
 * shard, counted per draw bucket as a join would), and moves its opening to now, so the next call to
 * the cohort's object starts the draw. Their shuffle keys are random: the bench times the draw, the
 * tests check its order.
 */
export function seedPrequeueAndOpen(queueFile: string, shards: readonly string[], count: number): void {
  const joinedAt = Date.now();
  inEachShard(shards, (dbs) => {
    const inserts = dbs.map((db) =>
      db.prepare(
        "INSERT INTO entries (identity, window_index, joined_at, sort_key, position, state, via_prequeue) VALUES (?, 0, ?, ?, NULL, 'prequeue', 1)",
      ),
    );
    const buckets = dbs.map(() => new Map<string, number>());
    for (let i = 1; i <= count; i++) {
      const identity = key(`bench-prequeue-${i}`);
      const sortKey = key(`bench-prequeue-sort-${i}`);
      const shard = shardOf(identity, dbs.length);
      inserts[shard]!.run(identity, joinedAt, sortKey);
      const bucket = sortKey.slice(0, 2);
      buckets[shard]!.set(bucket, (buckets[shard]!.get(bucket) ?? 0) + 1);
    }
    dbs.forEach((db, shard) => {
      const upsert = db.prepare(
        "INSERT INTO prequeue_buckets (window_index, bucket, n) VALUES (0, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
      );
      for (const [bucket, n] of buckets[shard]!) upsert.run(bucket, n);
    });
  });
  updateMeta<{ windows: Array<{ opensAt: string }> }>(queueFile, "config", (config) => {
    config.windows[0]!.opensAt = new Date(Date.now() - 1000).toISOString();
  });
}

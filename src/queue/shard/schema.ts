// An intake shard's SQLite schema: the places of the people whose identity names this shard.
import { migrateWith } from "../object/schema";

/**
 * The shard's schema as an ordered, append-only list of migrations (see `QUEUE_MIGRATIONS`).
 * `entries` is one row per person in line; a row without a position after the opening waits in
 * `batch` for the cohort's object to hand that batch a range of positions (`batch_rank` is its
 * place in the batch, in arrival order).
 */
export const SHARD_MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE entries (
     identity TEXT PRIMARY KEY,
     window_index INTEGER NOT NULL,
     joined_at INTEGER NOT NULL,
     sort_key TEXT NOT NULL,
     position INTEGER UNIQUE,
     state TEXT NOT NULL,
     admitted_at INTEGER,
     grant_id TEXT,
     grant_issued_at INTEGER,
     grant_expires_at INTEGER,
     booked_at INTEGER,
     via_prequeue INTEGER NOT NULL DEFAULT 0,
     front INTEGER NOT NULL DEFAULT 0,
     reentries INTEGER NOT NULL DEFAULT 0,
     batch INTEGER,
     batch_rank INTEGER
   ) WITHOUT ROWID;
   CREATE INDEX entries_by_state_position ON entries (state, position);
   CREATE INDEX entries_by_state_expiry ON entries (state, grant_expires_at);
   CREATE INDEX entries_by_front ON entries (front, state);
   CREATE INDEX entries_by_draw_order ON entries (window_index, state, sort_key, identity);
   CREATE INDEX entries_by_batch ON entries (batch, batch_rank) WHERE batch IS NOT NULL;
   CREATE TABLE earlier_places (
     identity TEXT NOT NULL,
     window_index INTEGER NOT NULL,
     position INTEGER,
     via_prequeue INTEGER NOT NULL,
     admitted_at INTEGER,
     released_at INTEGER NOT NULL
   );
   CREATE INDEX earlier_places_by_identity ON earlier_places (identity);
   CREATE INDEX earlier_places_by_window ON earlier_places (window_index, via_prequeue, identity);
   CREATE TABLE prequeue_buckets (window_index INTEGER NOT NULL, bucket TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (window_index, bucket));
   CREATE TABLE draw_offsets (window_index INTEGER NOT NULL, bucket TEXT NOT NULL, next_position INTEGER NOT NULL, PRIMARY KEY (window_index, bucket));
   CREATE TABLE prequeue_minutes (window_index INTEGER NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (window_index, minute));
   CREATE TABLE sealed_windows (window_index INTEGER PRIMARY KEY, at INTEGER NOT NULL);`,
  // A place whose holder left a mobile number (src/notify): its grant lasts `notifications.grantLifetimeSeconds`.
  `ALTER TABLE entries ADD COLUMN notified INTEGER NOT NULL DEFAULT 0;`,
  // Partial indexes hold only the few rows their queries look for (grants out, re-entries), so the
  // draw, numbering the pre-queue, no longer rewrites one random page of each per person drawn.
  `DROP INDEX entries_by_state_expiry;
   CREATE INDEX entries_admitted_by_expiry ON entries (state, grant_expires_at) WHERE state = 'admitted';
   DROP INDEX entries_by_front;
   CREATE INDEX entries_reentering_by_position ON entries (front, state, position) WHERE front = 1;`,
];

/** Applies every shard migration newer than the stored version. Call inside `blockConcurrencyWhile`. */
export function migrateShard(storage: DurableObjectStorage): void {
  migrateWith(storage, SHARD_MIGRATIONS);
}

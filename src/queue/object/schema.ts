// The queue object's SQLite schema and the one routine that brings a stored queue up to it.
import { rows, run } from "./sql";

/**
 * The queue object's SQLite schema as an ordered, append-only list of migrations. Each applies
 * once, in a transaction, and the applied version is kept in `schema_version`. Never edit an
 * applied entry; add a new one.
 */
export const QUEUE_MIGRATIONS: readonly string[] = [
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
     reentries INTEGER NOT NULL DEFAULT 0
   ) WITHOUT ROWID;
   CREATE INDEX entries_by_state_position ON entries (state, position);
   CREATE INDEX entries_by_window_state ON entries (window_index, state);
   CREATE INDEX entries_by_state_expiry ON entries (state, grant_expires_at);
   CREATE INDEX entries_by_front ON entries (front, state);
   CREATE INDEX entries_by_admission ON entries (position) WHERE admitted_at IS NOT NULL;
   CREATE TABLE shuffle_seeds (
     window_index INTEGER PRIMARY KEY,
     seed TEXT NOT NULL,
     commitment TEXT NOT NULL,
     applied_at INTEGER,
     first_position INTEGER,
     size INTEGER
   );
   CREATE TABLE admission_log (at INTEGER NOT NULL, count INTEGER NOT NULL);
   CREATE INDEX admission_log_by_time ON admission_log (at);`,
  // Operators: every saved config version, audited live controls, and bounded counters for stats.
  `CREATE TABLE config_versions (
     version INTEGER PRIMARY KEY,
     saved_at INTEGER NOT NULL,
     operator TEXT NOT NULL,
     reason TEXT,
     forced_rules TEXT,
     rollback_of INTEGER,
     config TEXT NOT NULL,
     diff TEXT NOT NULL
   );
   CREATE TABLE control_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     operator TEXT NOT NULL,
     action TEXT NOT NULL,
     reason TEXT,
     before TEXT NOT NULL,
     after TEXT NOT NULL
   );
   CREATE TABLE stats_minutes (
     minute INTEGER PRIMARY KEY,
     joined INTEGER NOT NULL DEFAULT 0,
     admitted INTEGER NOT NULL DEFAULT 0,
     booked INTEGER NOT NULL DEFAULT 0,
     expired INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE stats_totals (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
   CREATE TABLE refusal_counts (origin TEXT NOT NULL, code TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (origin, code));
   CREATE TABLE wait_probes (
     position INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     estimated_seconds INTEGER NOT NULL,
     admitted_at INTEGER
   );`,
  // The line's length at the last admission tick of each minute, for the dashboard.
  `ALTER TABLE stats_minutes ADD COLUMN waiting INTEGER;`,
  // The pre-queue is drawn a chunk at a time (src/queue/object/draw.ts): how many are drawn, and the
  // shuffle-key order of the undrawn as an index. Draws made before this are complete.
  `ALTER TABLE shuffle_seeds ADD COLUMN drawn INTEGER NOT NULL DEFAULT 0;
   UPDATE shuffle_seeds SET drawn = coalesce(size, 0) WHERE applied_at IS NOT NULL;
   CREATE INDEX entries_by_draw_order ON entries (window_index, state, sort_key, identity);`,
  // A place given up by cancelling its booking: kept for the audit (the draw and the admissions
  // stay checkable), while its identity may join again at the back of the line.
  `CREATE TABLE earlier_places (
     identity TEXT NOT NULL,
     window_index INTEGER NOT NULL,
     position INTEGER,
     via_prequeue INTEGER NOT NULL,
     admitted_at INTEGER,
     released_at INTEGER NOT NULL
   );
   CREATE INDEX earlier_places_by_identity ON earlier_places (identity);
   CREATE INDEX earlier_places_by_window ON earlier_places (window_index, via_prequeue, identity);
   CREATE INDEX earlier_places_by_admission ON earlier_places (position) WHERE admitted_at IS NOT NULL;`,
  // Booking commits as the booking path measured them, kept a short span for the adaptive rate.
  `CREATE TABLE booking_health (at INTEGER NOT NULL, commit_ms INTEGER NOT NULL, failed INTEGER NOT NULL);
   CREATE INDEX booking_health_by_at ON booking_health (at);`,
  // Intake shards (src/queue/shard): people's places moved out to them. What this object keeps of
  // them is per shard or per call, never per person: each shard's last report and last position
  // range, the pre-queue draw's buckets and each shard's progress through them, and the position
  // admission reached at each tick (the admissions audit). The tables of per-person places above
  // stay, empty, as migrations are append-only.
  `CREATE TABLE shard_reports (
     shard INTEGER PRIMARY KEY,
     seq INTEGER NOT NULL,
     admitted INTEGER NOT NULL,
     left_step INTEGER NOT NULL,
     expired INTEGER NOT NULL,
     reentering INTEGER NOT NULL,
     first_expiry INTEGER,
     acked_through INTEGER NOT NULL
   );
   CREATE TABLE allocations (shard INTEGER PRIMARY KEY, seq INTEGER NOT NULL, first_position INTEGER, count INTEGER NOT NULL, refusal TEXT);
   CREATE TABLE draw_buckets (window_index INTEGER NOT NULL, bucket TEXT NOT NULL, end_position INTEGER NOT NULL, PRIMARY KEY (window_index, bucket));
   CREATE TABLE draw_shards (window_index INTEGER NOT NULL, shard INTEGER NOT NULL, next_bucket TEXT, offsets TEXT NOT NULL, PRIMARY KEY (window_index, shard));
   CREATE TABLE admission_ranges (through INTEGER PRIMARY KEY, at INTEGER NOT NULL);`,
  // A shard is sent where its buckets start once, with its first draw step, not with every step.
  `ALTER TABLE draw_shards ADD COLUMN offsets_sent INTEGER NOT NULL DEFAULT 0;`,
  // Each shard's lowest batch without positions written: admission never passes a range handed out
  // but not yet written (its answer lost, its shard restarting), as nobody there could get a grant.
  `ALTER TABLE shard_reports ADD COLUMN pending_batch INTEGER;`,
  // Whether the shard has reported since its latest range was handed out (until then, unknown).
  `ALTER TABLE allocations ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;`,
  // Where a shard's buckets start (up to 4,096 of them, about 100 kB) in a row of its own until it is
  // sent: in draw_shards, every draw step's small update rewrote it.
  `CREATE TABLE draw_shard_offsets (window_index INTEGER NOT NULL, shard INTEGER NOT NULL, offsets TEXT NOT NULL, PRIMARY KEY (window_index, shard));
   INSERT INTO draw_shard_offsets SELECT window_index, shard, offsets FROM draw_shards WHERE offsets_sent = 0;
   UPDATE draw_shards SET offsets = '';`,
  // Re-entry grants pushed to a shard whose answer was lost, counted in the booking step until it reports that push.
  `CREATE TABLE unacked_reentries (shard INTEGER PRIMARY KEY, grants INTEGER NOT NULL, tick INTEGER NOT NULL);`,
  // The latest batch each shard has written positions for. A report sent before a range was handed out
  // but arriving after it said nothing of that range; `pending_batch` and `allocations.reported` took it as written.
  `ALTER TABLE shard_reports ADD COLUMN written_batch INTEGER;`,
  // The draw's counts per bucket come from the shards a page at a time as its steps need them (each
  // bucket with its shards' counts, a JSON array by shard), not all at the opening; a step sends a
  // shard where only the buckets it reaches start. Draws made before this had all their buckets.
  `ALTER TABLE draw_buckets ADD COLUMN counts TEXT;
   ALTER TABLE shuffle_seeds ADD COLUMN counts_complete INTEGER NOT NULL DEFAULT 0;
   UPDATE shuffle_seeds SET counts_complete = 1 WHERE applied_at IS NOT NULL;`,
  // The last running totals of refusals heard from each shard: only what they grew by is counted, so
  // a lost answer or a late one neither loses nor doubles a refusal (shards used to send what was new).
  `CREATE TABLE shard_refusal_totals (shard INTEGER NOT NULL, code TEXT NOT NULL, total INTEGER NOT NULL, PRIMARY KEY (shard, code));`,
];

/** Applies every migration newer than the stored version. Call inside `blockConcurrencyWhile`. */
export function migrate(storage: DurableObjectStorage): void {
  migrateWith(storage, QUEUE_MIGRATIONS);
}

/** Applies the migrations of `list` newer than the version stored in `schema_version`, in one transaction. */
export function migrateWith(storage: DurableObjectStorage, list: readonly string[]): void {
  const sql = storage.sql;
  run(sql, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = rows<{ version: number }>(sql, "SELECT version FROM schema_version")[0];
  const current = row?.version ?? 0;
  if (current >= list.length) return;
  storage.transactionSync(() => {
    for (const migration of list.slice(current)) run(sql, migration);
    run(sql, "DELETE FROM schema_version");
    run(sql, "INSERT INTO schema_version (version) VALUES (?)", list.length);
  });
}

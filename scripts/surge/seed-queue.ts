// Bench only: fills a stopped queue object's SQLite file with queued identities, so the bench can
// measure the object with a million people in line without a million joins. Nothing of this is in
// the Worker: it writes the file workerd keeps on disk while no workerd is running.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

/** The SQLite file of the queue object that holds `cohortId`'s config, under a persistence root. */
export function queueObjectFile(persistDir: string, cohortId: string): string {
  const dir = path.join(persistDir, "do", "queue-CohortQueue");
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".sqlite") || name === "metadata.sqlite") continue;
    const db = new DatabaseSync(path.join(dir, name), { readOnly: true });
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'config'").get() as { value: string } | undefined;
      if (row && (JSON.parse(row.value) as { id?: string }).id === cohortId) return path.join(dir, name);
    } catch {
      // not a queue object with a config
    } finally {
      db.close();
    }
  }
  throw new Error(`no queue object file for cohort ${cohortId} under ${dir}`);
}

const key = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * Appends `count` people at the back of the line (waiting, with positions after the last one) and
 * moves the object's position counter on, as `count` joins after the opening would have.
 */
export function seedQueuedIdentities(file: string, count: number): { seededMs: number; lastPosition: number } {
  const started = performance.now();
  const db = new DatabaseSync(file);
  try {
    const counters = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'counters'").get() as { value: string }).value) as {
      lastPosition: number;
    };
    const windowIndex = 0;
    const joinedAt = Date.now();
    const insert = db.prepare(
      "INSERT INTO entries (identity, window_index, joined_at, sort_key, position, state, via_prequeue) VALUES (?, ?, ?, ?, ?, 'waiting', 0)",
    );
    db.exec("BEGIN");
    for (let i = 1; i <= count; i++) {
      insert.run(key(`bench-identity-${i}`), windowIndex, joinedAt, key(`bench-sort-${i}`), counters.lastPosition + i);
    }
    counters.lastPosition += count;
    db.prepare("UPDATE meta SET value = ? WHERE key = 'counters'").run(JSON.stringify(counters));
    db.exec("COMMIT");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return { seededMs: performance.now() - started, lastPosition: counters.lastPosition };
  } finally {
    db.close();
  }
}

/**
 * Puts `count` people in the pre-queue of a cohort whose window has not opened yet, and moves its
 * opening to now, so the next call to the object starts the draw. Their shuffle keys are random:
 * the bench times the draw, the tests check its order.
 */
export function seedPrequeueAndOpen(file: string, count: number): void {
  const db = new DatabaseSync(file);
  try {
    const insert = db.prepare(
      "INSERT INTO entries (identity, window_index, joined_at, sort_key, position, state, via_prequeue) VALUES (?, 0, ?, ?, NULL, 'prequeue', 1)",
    );
    const joinedAt = Date.now();
    db.exec("BEGIN");
    for (let i = 1; i <= count; i++) insert.run(key(`bench-prequeue-${i}`), joinedAt, key(`bench-prequeue-sort-${i}`));
    const config = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'config'").get() as { value: string }).value) as {
      windows: Array<{ opensAt: string }>;
    };
    config.windows[0]!.opensAt = new Date(Date.now() - 1000).toISOString();
    db.prepare("UPDATE meta SET value = ? WHERE key = 'config'").run(JSON.stringify(config));
    db.exec("COMMIT");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

// The queue objects' one way to run SQL, so every statement binds its values and none slips past; and their `meta` values.

/** Runs a statement with bound parameters and returns every row (none for a write without RETURNING). */
export function rows<T extends Record<string, SqlStorageValue>>(sql: SqlStorage, query: string, ...bindings: unknown[]): T[] {
  return sql.exec<T>(query, ...bindings).toArray();
}

/** Runs a statement with bound parameters and reads its rows as they are iterated (a loop that stops early reads no more). */
export function eachRow<T extends Record<string, SqlStorageValue>>(sql: SqlStorage, query: string, ...bindings: unknown[]): Iterable<T> {
  return sql.exec<T>(query, ...bindings);
}

/** Runs a statement with bound parameters for its effect only. */
export function run(sql: SqlStorage, query: string, ...bindings: unknown[]): void {
  rows(sql, query, ...bindings);
}

/** A JSON value of an object's `meta` table (config, counters...), or null when never written. */
export function readMeta<T>(sql: SqlStorage, key: string): T | null {
  const row = rows<{ value: string }>(sql, "SELECT value FROM meta WHERE key = ?", key)[0];
  return row ? (JSON.parse(row.value) as T) : null;
}

/** Writes a JSON value of an object's `meta` table. */
export function writeMeta(sql: SqlStorage, key: string, value: unknown): void {
  run(
    sql,
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    key,
    JSON.stringify(value),
  );
}

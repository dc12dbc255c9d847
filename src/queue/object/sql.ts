// The queue object's one way to run SQL, so every statement binds its values and none slips past.

/** Runs a statement with bound parameters and returns every row (none for a write without RETURNING). */
export function rows<T extends Record<string, SqlStorageValue>>(sql: SqlStorage, query: string, ...bindings: unknown[]): T[] {
  return sql.exec<T>(query, ...bindings).toArray();
}

/** Runs a statement with bound parameters for its effect only. */
export function run(sql: SqlStorage, query: string, ...bindings: unknown[]): void {
  rows(sql, query, ...bindings);
}

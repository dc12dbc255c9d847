/** Runs a query with bound parameters and returns every row. The one way this object reads SQL. */
export function rows<T extends Record<string, SqlStorageValue>>(sql: SqlStorage, query: string, ...bindings: unknown[]): T[] {
  return sql.exec<T>(query, ...bindings).toArray();
}

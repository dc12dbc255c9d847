import { getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

/** A drizzle client over the bookings database, with the D1 binding under it. */
export type BookingDb = DrizzleD1Database<typeof schema> & { $client: D1Database };

/** Opens the bookings database. Cheap: call it per request. */
export function bookingDb(d1: D1Database): BookingDb {
  return drizzle(d1, { schema });
}

/** True when a database error (or one it wraps, as drizzle does) is a constraint violation of this kind. */
export function isConstraintError(error: unknown, kind: "UNIQUE" | "FOREIGN KEY"): boolean {
  return errorMessages(error).some((message) => message.includes(`${kind} constraint failed`));
}

/** True when an insert drew a booking code another booking already has (`bookings_by_code`). */
export function isCodeCollision(error: unknown): boolean {
  return errorMessages(error).some((message) => message.includes("UNIQUE constraint failed: bookings.code"));
}

/** The capacity guards of `migrations/0002_capacity_guards.sql`, by the message each raises. */
export type CapacityGuard = "dose1_full" | "dose2_full" | "slot_over_capacity";

/** Which capacity guard refused a statement, or null when the error is something else. */
export function capacityGuardOf(error: unknown): CapacityGuard | null {
  for (const message of errorMessages(error)) {
    const match = /\b(dose1_full|dose2_full|slot_over_capacity)\b/.exec(message);
    if (match) return match[1] as CapacityGuard;
  }
  return null;
}

function errorMessages(error: unknown): string[] {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages;
}

/**
 * Splits rows into chunks bound as one JSON parameter each (`json_each(?)`): D1 caps bound
 * parameters per statement at 100, so bulk writes pass their rows as JSON instead.
 */
export function jsonChunks<T>(rows: readonly T[], size = 500): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(JSON.stringify(rows.slice(i, i + size)));
  return chunks;
}

/**
 * `column IN` the values of a JSON array bound as one parameter. The builder's `inArray` binds
 * one parameter per value, past D1's cap of 100, and has no `json_each`, so that part is `sql`.
 */
export function inJson(column: SQLiteColumn, json: string): SQL {
  return inArray(column, sql`(SELECT value FROM json_each(${json}))`);
}

/**
 * The rows of a JSON chunk (see `jsonChunks`) as a SELECT of every column of `table`, in order,
 * read from each row by the column's key: the source for `db.insert(table).select(...)`. The
 * builder cannot select from `json_each`, so this is `sql`; `WHERE true` lets SQLite parse an
 * `ON CONFLICT` after it.
 */
export function jsonRows(table: SQLiteTable, chunk: string): SQL {
  const columns = Object.keys(getTableColumns(table)).map((key) => sql.raw(`value->>'${key}'`));
  return sql`SELECT ${sql.join(columns, sql`, `)} FROM json_each(${chunk}) WHERE true`;
}

/** An upsert's `set` that takes these columns from the row that was refused (`excluded.<column>`), which the builder has no name for. */
export function fromExcluded<T extends SQLiteTable>(table: T, keys: ReadonlyArray<keyof T["_"]["columns"] & string>): Record<string, SQL> {
  const columns = getTableColumns(table);
  return Object.fromEntries(keys.map((key) => [key, sql`excluded.${sql.identifier(columns[key]!.name)}`]));
}

import type { SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
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

const dialect = new SQLiteAsyncDialect();

/**
 * Runs SQL statements as one D1 batch: atomic, all or nothing. Drizzle's own `batch` cannot take
 * raw SQL with parameters on D1 (drizzle-orm 0.45), so the statements go to D1 directly.
 */
export async function batchSql<Row = Record<string, unknown>>(db: BookingDb, queries: readonly SQL[]): Promise<Row[][]> {
  if (queries.length === 0) return [];
  const statements = queries.map((query) => {
    const { sql, params } = dialect.sqlToQuery(query);
    return db.$client.prepare(sql).bind(...params);
  });
  return (await db.$client.batch<Row>(statements)).map((result: D1Result<Row>) => result.results ?? []);
}

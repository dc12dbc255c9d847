import { and, asc, eq, gt, or } from "drizzle-orm";
import type { BookingDb } from "./db";
import { type BookingStatus, bookings, clinics, slots } from "./schema";

/** A booking as operators see it: no name, no identity key. */
export interface BookingListing {
  id: string;
  cohortId: string;
  status: BookingStatus;
  channel: "web" | "agent";
  createdAt: string;
  updatedAt: string;
  clinicId: string;
  slotId: string;
  slotStartsAt: string;
  dose2SlotId: string | null;
}

/**
 * Bookings in one status (e.g. `needs_reschedule` after a supply cut), oldest change first,
 * a page at a time: pass the last row's `updatedAt` and `id` as the cursor.
 */
export async function listBookingsByStatus(
  db: BookingDb,
  query: { status: BookingStatus; cohortId?: string | undefined; after?: { updatedAt: string; id: string } | undefined; limit: number },
): Promise<BookingListing[]> {
  const updated = bookings.updatedAt;
  const rows = await db
    .select({ booking: bookings, clinicId: clinics.id, slotStartsAt: slots.startsAt })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(
      and(
        eq(bookings.status, query.status),
        query.cohortId ? eq(bookings.cohortId, query.cohortId) : undefined,
        query.after
          ? or(gt(updated, query.after.updatedAt), and(eq(updated, query.after.updatedAt), gt(bookings.id, query.after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(updated), asc(bookings.id))
    .limit(query.limit);
  return rows.map(({ booking, clinicId, slotStartsAt }) => ({
    id: booking.id,
    cohortId: booking.cohortId,
    status: booking.status,
    channel: booking.channel,
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt ?? booking.createdAt,
    clinicId,
    slotId: booking.slotId,
    slotStartsAt,
    dose2SlotId: booking.dose2SlotId,
  }));
}

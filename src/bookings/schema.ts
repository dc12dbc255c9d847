import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Vaccination sites. */
export const clinics = sqliteTable("clinics", {
  id: text("id").primaryKey(),
  nameKo: text("name_ko").notNull(),
  nameEn: text("name_en").notNull(),
  region: text("region").notNull(),
  address: text("address").notNull(),
});

/** Bookable time blocks at a clinic; `capacity` is the vaccine supply for that block. */
export const slots = sqliteTable(
  "slots",
  {
    id: text("id").primaryKey(),
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    startsAt: text("starts_at").notNull(),
    endsAt: text("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
  },
  (t) => [index("slots_by_clinic_start").on(t.clinicId, t.startsAt)],
);

/**
 * Bookings. A person is their identity key (an HMAC of the national ID), never the number itself.
 * At most one active booking per person per cohort, enforced by a partial unique index.
 */
export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id").notNull(),
    identityKey: text("identity_key").notNull(),
    name: text("name").notNull(),
    slotId: text("slot_id")
      .notNull()
      .references(() => slots.id),
    grantId: text("grant_id").notNull(),
    status: text("status", { enum: ["active", "cancelled"] }).notNull().default("active"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("bookings_one_active_per_person").on(t.cohortId, t.identityKey).where(sql`status = 'active'`),
    index("bookings_by_slot").on(t.slotId, t.status),
  ],
);

export type Clinic = typeof clinics.$inferSelect;
export type Slot = typeof slots.$inferSelect;
export type Booking = typeof bookings.$inferSelect;

import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The D1 schema. Capacity is guarded by the database itself: triggers (in the custom migration
 * `migrations/0002_capacity_guards.sql`) keep `slots.held` equal to the active bookings holding
 * each slot and abort any statement that would push `held` above `capacity`. See docs/supply.md.
 */

/** A vaccine and its dose schedule: one dose, or two doses a fixed number of days apart. */
export const vaccines = sqliteTable("vaccines", {
  id: text("id").primaryKey(),
  nameKo: text("name_ko").notNull(),
  nameEn: text("name_en").notNull(),
  doses: integer("doses").notNull(),
  /** Days from dose 1 to dose 2 (e.g. 21 or 28); null for a single-dose vaccine. */
  dose2IntervalDays: integer("dose2_interval_days"),
});

/**
 * Vaccination sites, with region and address in both page languages like the name. The Korean
 * columns keep the names they had when there was one language (`region`, `address`). Local dates
 * of slots are read in the clinic's time zone.
 */
export const clinics = sqliteTable("clinics", {
  id: text("id").primaryKey(),
  nameKo: text("name_ko").notNull(),
  nameEn: text("name_en").notNull(),
  regionKo: text("region").notNull(),
  addressKo: text("address").notNull(),
  timeZone: text("time_zone").notNull().default("Asia/Seoul"),
  /** Filled by every load; the default only lets SQLite add the column (migration 0006 copied the one language into it). */
  regionEn: text("region_en").notNull().default(""),
  addressEn: text("address_en").notNull().default(""),
});

/** Which vaccines a clinic gives. */
export const clinicVaccines = sqliteTable(
  "clinic_vaccines",
  {
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    vaccineId: text("vaccine_id")
      .notNull()
      .references(() => vaccines.id),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.vaccineId] })],
);

/**
 * Bookable time blocks at a clinic, for one vaccine. `capacity` is the vaccine supply for the
 * block; `held` counts the active bookings holding it (dose 1 or dose 2), kept by triggers.
 * `vaccineId` and `date` are null only on rows loaded before vaccines existed, which are never
 * offered.
 */
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
    vaccineId: text("vaccine_id").references(() => vaccines.id),
    /** The local calendar date of `startsAt` at the clinic, `YYYY-MM-DD`. */
    date: text("date"),
    held: integer("held").notNull().default(0),
  },
  (t) => [
    index("slots_by_clinic_start").on(t.clinicId, t.startsAt),
    index("slots_by_supply_day").on(t.clinicId, t.vaccineId, t.date),
    index("slots_by_start").on(t.startsAt),
  ],
);

/** A booking's state: holding its seats, cancelled (seats freed), or waiting to be moved after a supply cut (seats freed). */
export type BookingStatus = "active" | "cancelled" | "needs_reschedule";

/**
 * Bookings. A person is their identity key (an HMAC of the national ID), never the number itself.
 * One row holds both doses (`slotId` and `dose2SlotId`), so one statement books, moves or frees
 * them together. At most one live (active or needs_reschedule) booking per person per cohort,
 * enforced by a partial unique index.
 */
export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id").notNull(),
    identityKey: text("identity_key").notNull(),
    name: text("name").notNull(),
    /** The dose-1 slot. */
    slotId: text("slot_id")
      .notNull()
      .references(() => slots.id),
    /**
     * What authorized the booking, and its idempotency key: the admission grant id (web) or
     * `agent:<agentId>:<requestId>` (call centre). A retry with the same one returns this booking.
     */
    grantId: text("grant_id").notNull(),
    status: text("status", { enum: ["active", "cancelled", "needs_reschedule"] })
      .notNull()
      .default("active"),
    createdAt: text("created_at").notNull(),
    /** The dose-2 slot, for two-dose vaccines. */
    dose2SlotId: text("dose2_slot_id").references(() => slots.id),
    channel: text("channel", { enum: ["web", "agent"] })
      .notNull()
      .default("web"),
    agentId: text("agent_id"),
    /** When the current seats were taken: a supply cut moves the newest first. */
    heldSince: text("held_since"),
    updatedAt: text("updated_at"),
    /**
     * The short code a person reads over the phone (`src/domain/booking-code.ts`), stored without
     * its dash. Unique; null only in a column SQLite cannot add as NOT NULL, and every row has one
     * (migration 0005 gave the older rows theirs).
     */
    code: text("code"),
  },
  (t) => [
    // One live booking per person in the whole campaign, across cohorts and channels.
    uniqueIndex("bookings_one_live_per_person").on(t.identityKey).where(sql`status IN ('active', 'needs_reschedule')`),
    index("bookings_by_slot").on(t.slotId, t.status),
    index("bookings_by_dose2_slot").on(t.dose2SlotId, t.status),
    index("bookings_by_status").on(t.status, t.updatedAt),
    uniqueIndex("bookings_by_code").on(t.code),
  ],
);

/** Every call-centre agent action, with the agent's id and the person's identity key (never the number). */
export const agentActions = sqliteTable(
  "agent_actions",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    agentId: text("agent_id").notNull(),
    action: text("action", { enum: ["book", "lookup", "find", "cancel", "reschedule"] }).notNull(),
    cohortId: text("cohort_id"),
    bookingId: text("booking_id"),
    identityKey: text("identity_key"),
    /** `pending` while the action runs, then `ok` or the error code it ended with. */
    outcome: text("outcome").notNull(),
  },
  (t) => [index("agent_actions_by_agent").on(t.agentId, t.at)],
);

/**
 * National ID checks of a booking's web self-service (view, cancel, reschedule with its receipt),
 * for the throttle of `src/domain/id-check-lock.ts`. A row is written before the number is compared
 * (`pending`), so checks arriving at once each see the others; a right number deletes its row, a
 * wrong one stays as `wrong`. Only the booking and cohort are kept, never the number or its hash.
 */
export const idChecks = sqliteTable(
  "id_checks",
  {
    /** Order of arrival: a check counts every row written before its own. */
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    bookingId: text("booking_id").notNull(),
    cohortId: text("cohort_id").notNull(),
    at: text("at").notNull(),
    outcome: text("outcome", { enum: ["pending", "wrong"] }).notNull(),
  },
  (t) => [index("id_checks_by_booking").on(t.bookingId, t.at), index("id_checks_by_cohort").on(t.cohortId, t.at)],
);

export type Vaccine = typeof vaccines.$inferSelect;
export type Clinic = typeof clinics.$inferSelect;
export type Slot = typeof slots.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type AgentAction = typeof agentActions.$inferSelect;
export type IdCheck = typeof idChecks.$inferSelect;

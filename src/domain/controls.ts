import { z } from "zod";

/** Why the operator acted, kept in the audit log. */
const reason = z.string().trim().min(3).max(500);

/**
 * A live control an operator sends to a cohort's queue. Each takes effect at the object's next
 * admission tick, without a redeploy, and is audited:
 * - `pause` / `resume`: stop and restart admission; people already admitted may still book.
 * - `hold` / `release`: emergency stop. Nobody is admitted and nobody books; grants already issued
 *   are frozen, and on release their expiry moves forward by the length of the hold.
 * - `close` / `reopen`: close the cohort early (no joins, admissions or bookings), or undo that.
 * - `set_rate` / `set_cap`: override the admission rate or the booking-step cap; null restores the config's.
 * - `adaptive_off` / `adaptive_on`: stop or restart admission following the booking backend's
 *   health (the rate set is then the rate admitted at).
 */
export const controlCommandSchema = z.discriminatedUnion("action", [
  z
    .object({
      action: z.enum(["pause", "resume", "hold", "release", "close", "reopen", "adaptive_off", "adaptive_on"]),
      reason: reason.optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal("set_rate"),
      admissionRatePerMinute: z.number().int().min(1).max(1_000_000).nullable(),
      reason: reason.optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal("set_cap"),
      maxInBookingStep: z.number().int().min(1).max(1_000_000).nullable(),
      reason: reason.optional(),
    })
    .strict(),
]);

/** What the control log records: an operator's control, or a change the adaptive rate made by itself. */
export type ControlAction = z.output<typeof controlCommandSchema>["action"] | "adapt_rate";

/** A validated live control. */
export type ControlCommand = z.output<typeof controlCommandSchema>;

import { z } from "zod";
import { isKnownTimeZone, parseIsoDate } from "./dates";
import { MAX_SHARDS } from "./intake";
import { vaccineIdSchema } from "./supply-config";

/** A cohort id as it appears in URLs: lowercase letters, digits and dashes. */
export const cohortIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use 1-63 lowercase letters, digits or dashes");

const isoDate = z.string().refine((text) => parseIsoDate(text) !== null, "must be a real date written YYYY-MM-DD");

/** An instant with an explicit offset: `2021-07-19T20:00:00+09:00`. A bare local time is refused. */
const instant = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 instant with an explicit offset, e.g. 2021-07-19T20:00:00+09:00",
});

const bookingWindowSchema = z
  .object({
    opensAt: instant,
    closesAt: instant,
    /** When set, only people whose day of birth ends in one of these digits may book in this window. */
    birthDayLastDigits: z.array(z.number().int().min(0).max(9)).min(1).max(10).optional(),
  })
  .refine((w) => Date.parse(w.closesAt) > Date.parse(w.opensAt), {
    message: "closesAt must be after opensAt",
    path: ["closesAt"],
  });

/**
 * A cohort has one line and draws one pre-queue per window, so at any instant at most one of its
 * windows may be open: windows overlapping in time are refused, whatever their birth-day digits.
 */
function refuseOverlappingWindows(windows: Array<{ opensAt: string; closesAt: string }>, ctx: z.RefinementCtx): void {
  windows.forEach((w, j) => {
    const i = windows.findIndex(
      (v, k) => k < j && Date.parse(v.opensAt) < Date.parse(w.closesAt) && Date.parse(w.opensAt) < Date.parse(v.closesAt),
    );
    if (i >= 0) {
      ctx.addIssue({
        code: "custom",
        path: [j, "opensAt"],
        message: `overlaps windows.${i}: a cohort's windows must not overlap in time (one line, one open window at a time)`,
      });
    }
  });
}

/** A Turnstile widget's site key: public (the page shows it); the secret is the TURNSTILE_SECRET_KEY Worker secret. */
const turnstileSiteKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a Turnstile site key such as 0x4AAAAAAA...: letters, digits, - or _")
  .describe("The public site key of the cohort page's Turnstile widget (the secret key stays the TURNSTILE_SECRET_KEY Worker secret).");

const turnstileShape = z.object({ required: z.boolean(), siteKey: turnstileSiteKey.optional() }).strict();

/** Whether joining needs a Turnstile token; the cohort page renders the widget, so a required check needs its site key. */
const turnstileSchema = turnstileShape
  .refine((t) => !t.required || t.siteKey !== undefined, {
    path: ["siteKey"],
    message: "required when turnstile.required is true: the cohort page shows the Turnstile widget with this public site key",
  })
  .describe(
    "Require a Cloudflare Turnstile token to join (checked server-side, fails closed, never the only control). When required is true, siteKey is required too: the cohort page shows the widget with it.",
  );

/** A cohort opening as an operator configures it. */
export const cohortConfigSchema = z
  .object({
    id: cohortIdSchema,
    name: z.object({ ko: z.string().min(1).max(100), en: z.string().min(1).max(100) }),
    timeZone: z.string().default("Asia/Seoul").refine(isKnownTimeZone, "must be an IANA time zone such as Asia/Seoul"),
    birthDates: z
      .object({ from: isoDate, to: isoDate })
      .refine((r) => r.from <= r.to, { message: "from must not be after to", path: ["to"] }),
    windows: z.array(bookingWindowSchema).min(1).max(31).superRefine(refuseOverlappingWindows),
    admissionRatePerMinute: z.number().int().min(1).max(1_000_000),
    maxInBookingStep: z.number().int().min(1).max(1_000_000),
    grantLifetimeSeconds: z.number().int().min(30).max(3600).default(600),
    prequeueLeadMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(60),
    /** After an unused grant expires, how long its holder may come back and re-enter at the front, once. */
    reentryWindowSeconds: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600)
      .default(1800),
    /** Require a Cloudflare Turnstile token to join (checked server-side, never the only control). */
    turnstile: turnstileSchema.default({ required: false }),
    /** The vaccines this cohort books (in 2021 the 50-54 cohort was offered mRNA vaccines only); every vaccine when absent. */
    vaccines: z.array(vaccineIdSchema).min(1).max(20).optional(),
    /**
     * Admission that follows the booking backend: lowered when bookings commit slowly or fail, raised
     * back when they recover, never above the rate set here (or live) nor below the floor.
     */
    adaptive: z
      .object({
        enabled: z.boolean().default(true),
        floorPerMinute: z.number().int().min(1).max(1_000_000).nullable().default(null),
        commitP95TargetMs: z.number().int().min(50).max(60_000).default(1000),
      })
      .strict()
      .default({ enabled: true, floorPerMinute: null, commitP95TargetMs: 1000 }),
    /**
     * The cohort's intake shards (docs/surge.md): people's places live in `shards` objects chosen by
     * identity, each gathering its joins for up to `flushMs` before asking the cohort's object for
     * positions. Fixed once the pre-queue opens; the dry run recommends a count from the population.
     */
    intake: z
      .object({
        shards: z.number().int().min(1).max(MAX_SHARDS).default(1),
        flushMs: z.number().int().min(0).max(500).default(400),
      })
      .strict()
      .default({ shards: 1, flushMs: 400 }),
    /** How many people this cohort covers, for planning (dry run, stats); it never decides anything. */
    population: z.number().int().min(0).max(100_000_000).optional(),
    /**
     * The admission rate a capacity search measured for this deployment's booking path
     * (`npm run rehearse -- --find-rate`): when and how. The dry run shows it and warns when the
     * admission rate is above it; it never decides anything.
     */
    measuredCapacity: z
      .object({
        perMinute: z.number().int().min(1).max(1_000_000),
        measuredAt: instant,
        source: z.string().trim().min(1).max(200),
      })
      .strict()
      .optional(),
    /**
     * Text messages to people who left a mobile number (src/notify): their turn is near, it has come,
     * their booking. Their grant lasts `grantLifetimeSeconds` instead, long enough for a message to arrive.
     */
    notifications: z
      .object({
        enabled: z.boolean().default(true),
        grantLifetimeSeconds: z.number().int().min(60).max(7200).default(1800),
        /** "Near the front": within this many places, or this many minutes at the admission rate. */
        nearPlaces: z.number().int().min(1).max(1_000_000).default(500),
        nearMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(15),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * A cohort config read back from storage (the KV listing). The same shape, except that a cohort
 * saved before Turnstile site keys existed (`{ required: true }` alone) still reads: its pages
 * show no widget rather than disappearing. Every save goes through `cohortConfigSchema`.
 */
export const storedCohortConfigSchema = cohortConfigSchema.extend({ turnstile: turnstileShape.default({ required: false }) });

/** A validated cohort config. Instants stay as the operator wrote them. */
export type CohortConfig = z.output<typeof cohortConfigSchema>;
/** A cohort config as submitted, before defaults are applied. */
export type CohortConfigInput = z.input<typeof cohortConfigSchema>;
/** One booking window of a cohort. */
export type BookingWindow = CohortConfig["windows"][number];

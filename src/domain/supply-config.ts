import { z } from "zod";
import { isKnownTimeZone } from "./dates";

/** A vaccine id: lowercase letters, digits and dashes (`pfizer`, `az-1`). */
export const vaccineIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "use 1-32 lowercase letters, digits or dashes");
/** A clinic id: lowercase letters, digits and dashes. */
export const clinicIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "use 1-64 lowercase letters, digits or dashes");
/** A slot id: generated ids look like `seoul-jongno.pfizer.2021-08-16T0930`. */
export const slotIdSchema = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-_:.]{0,127}$/, "use 1-128 letters, digits or - _ : .");

const instant = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 instant with an explicit offset, e.g. 2021-08-16T09:00:00+09:00",
});
const name = z.string().trim().min(1).max(200);

/** Most blocks one supply row may generate (a day of 15-minute blocks). */
export const MAX_BLOCKS_PER_DAY = 96;

const vaccineRow = z
  .object({
    id: vaccineIdSchema,
    nameKo: name,
    nameEn: name,
    doses: z.union([z.literal(1), z.literal(2)]),
    /** Days from dose 1 to dose 2, for two-dose vaccines (e.g. 21 or 28). */
    dose2IntervalDays: z.number().int().min(7).max(180).optional(),
  })
  .strict()
  .refine((v) => (v.doses === 2) === (v.dose2IntervalDays !== undefined), {
    message: "a two-dose vaccine needs dose2IntervalDays, and a single-dose one must not have it",
    path: ["dose2IntervalDays"],
  });

const region = z.string().trim().min(1).max(100);
const address = z.string().trim().min(1).max(300);

/**
 * A clinic. Region and address come in both page languages, like the name (`regionKo`/`regionEn`,
 * `addressKo`/`addressEn`); a load in the older format, with one `region` and one `address`,
 * still loads, that value standing for both languages (and for a language the load leaves out).
 */
const clinicRow = z
  .object({
    id: clinicIdSchema,
    nameKo: name,
    nameEn: name,
    regionKo: region.optional(),
    regionEn: region.optional(),
    region: region.optional(),
    addressKo: address.optional(),
    addressEn: address.optional(),
    address: address.optional(),
    timeZone: z.string().default("Asia/Seoul").refine(isKnownTimeZone, "must be an IANA time zone such as Asia/Seoul"),
    /** The vaccines this clinic gives; supply is accepted only for these. */
    vaccines: z.array(vaccineIdSchema).max(20).default([]),
  })
  .strict()
  .superRefine((clinic, ctx) => {
    for (const field of ["region", "address"] as const) {
      for (const lang of ["Ko", "En"] as const) {
        if (clinic[`${field}${lang}`] === undefined && clinic[field] === undefined)
          ctx.addIssue({
            code: "custom",
            message: `needs ${field}${lang} (or one ${field} for both languages)`,
            path: [`${field}${lang}`],
          });
      }
    }
  })
  .transform(({ region, address, regionKo, regionEn, addressKo, addressEn, ...clinic }) => ({
    ...clinic,
    regionKo: (regionKo ?? region)!,
    regionEn: (regionEn ?? region)!,
    addressKo: (addressKo ?? address)!,
    addressEn: (addressEn ?? address)!,
  }));

const supplyRow = z
  .object({
    clinicId: clinicIdSchema,
    vaccineId: vaccineIdSchema,
    /** The day's opening and closing instants; the local date of `opensAt` at the clinic is the supply day. */
    opensAt: instant,
    closesAt: instant,
    /** Doses available that day, spread over the day's blocks. */
    doses: z.number().int().min(0).max(100_000),
    slotMinutes: z.number().int().min(5).max(240).default(30),
  })
  .strict()
  .superRefine((row, ctx) => {
    const span = Date.parse(row.closesAt) - Date.parse(row.opensAt);
    if (span <= 0) ctx.addIssue({ code: "custom", message: "closesAt must be after opensAt", path: ["closesAt"] });
    else if (span % (row.slotMinutes * 60_000) !== 0) {
      ctx.addIssue({ code: "custom", message: `opening hours must divide into ${row.slotMinutes}-minute blocks`, path: ["closesAt"] });
    } else if (span / (row.slotMinutes * 60_000) > MAX_BLOCKS_PER_DAY) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_BLOCKS_PER_DAY} blocks a day`, path: ["slotMinutes"] });
    }
  });

const slotRow = z
  .object({
    id: slotIdSchema,
    clinicId: clinicIdSchema,
    vaccineId: vaccineIdSchema,
    startsAt: instant,
    endsAt: instant,
    capacity: z.number().int().min(0).max(100_000),
  })
  .strict()
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: "endsAt must be after startsAt", path: ["endsAt"] });

/**
 * A bulk supply load: vaccines, clinics (with the vaccines they give), day supply per clinic and
 * vaccine (cut into blocks), and single blocks with their own capacity. Loaded all or nothing.
 */
export const supplyLoadSchema = z
  .object({
    vaccines: z.array(vaccineRow).max(100).default([]),
    clinics: z.array(clinicRow).max(10_000).default([]),
    supply: z.array(supplyRow).max(20_000).default([]),
    slots: z.array(slotRow).max(20_000).default([]),
  })
  .strict();

/** A validated supply load. */
export type SupplyLoad = z.output<typeof supplyLoadSchema>;
/** A supply load as submitted. */
export type SupplyLoadInput = z.input<typeof supplyLoadSchema>;

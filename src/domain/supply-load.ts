import { dateInZone, wallClockInZone } from "./dates";
import type { DoseSchedule } from "./doses";
import { type CapacityTarget, supplyBlocks } from "./supply";
import type { SupplyLoad } from "./supply-config";

/** A problem with one row of a supply load, named by its path (`supply.17.vaccineId`). */
export interface SupplyIssue {
  path: string;
  message: string;
}

/** A clinic as the load sees it: from the load itself, or else as stored. */
export interface KnownClinic {
  timeZone: string;
  vaccines: ReadonlySet<string>;
}

/** A stored slot the load touches. */
export interface KnownSlot {
  id: string;
  clinicId: string;
  vaccineId: string | null;
  date: string | null;
  startsAt: string;
  endsAt: string;
  held: number;
}

/** What the database already holds that the load refers to. */
export interface KnownSupply {
  vaccines: ReadonlyMap<string, DoseSchedule>;
  clinics: ReadonlyMap<string, KnownClinic>;
}

/** A slot row to write. Instants are normalized to UTC so they compare correctly as text. */
export interface SlotRow {
  id: string;
  clinicId: string;
  vaccineId: string;
  date: string;
  startsAt: string;
  endsAt: string;
}

/** A supply row's day: the blocks it generates, and the doses spread over them. */
export interface SupplyDay {
  clinicId: string;
  vaccineId: string;
  date: string;
  total: number;
  blocks: SlotRow[];
}

/** The vaccines and clinics after the load: stored ones overlaid with the load's rows. */
export function mergedSupply(load: SupplyLoad, stored: KnownSupply): KnownSupply {
  const vaccines = new Map(stored.vaccines);
  for (const v of load.vaccines) vaccines.set(v.id, { doses: v.doses, dose2IntervalDays: v.dose2IntervalDays ?? null });
  const clinics = new Map(stored.clinics);
  for (const c of load.clinics) clinics.set(c.id, { timeZone: c.timeZone, vaccines: new Set(c.vaccines) });
  return { vaccines, clinics };
}

/** The id of a generated block: clinic, vaccine and local start, e.g. `seoul-jongno.pfizer.2021-08-16T0930`. */
export function blockSlotId(clinicId: string, vaccineId: string, localStart: string): string {
  return `${clinicId}.${vaccineId}.${localStart.slice(0, 10)}T${localStart.slice(11, 13)}${localStart.slice(14, 16)}`;
}

/** Cuts every supply row into its blocks, dated in the clinic's time zone. Needs a load without issues. */
export function supplyDays(load: SupplyLoad, known: KnownSupply): SupplyDay[] {
  return load.supply.map((row) => {
    const zone = known.clinics.get(row.clinicId)!.timeZone;
    const blocks = supplyBlocks(Date.parse(row.opensAt), Date.parse(row.closesAt), row.slotMinutes).map((b) => ({
      id: blockSlotId(row.clinicId, row.vaccineId, wallClockInZone(b.startsAtMs, zone)),
      clinicId: row.clinicId,
      vaccineId: row.vaccineId,
      date: dateInZone(b.startsAtMs, zone),
      startsAt: new Date(b.startsAtMs).toISOString(),
      endsAt: new Date(b.endsAtMs).toISOString(),
    }));
    return { clinicId: row.clinicId, vaccineId: row.vaccineId, date: blocks[0]!.date, total: row.doses, blocks };
  });
}

/** The load's single slots as rows to write. Needs a load without issues. */
export function singleSlots(load: SupplyLoad, known: KnownSupply): Array<SlotRow & { capacity: number }> {
  return load.slots.map((s) => ({
    id: s.id,
    clinicId: s.clinicId,
    vaccineId: s.vaccineId,
    date: dateInZone(Date.parse(s.startsAt), known.clinics.get(s.clinicId)!.timeZone),
    startsAt: new Date(Date.parse(s.startsAt)).toISOString(),
    endsAt: new Date(Date.parse(s.endsAt)).toISOString(),
    capacity: s.capacity,
  }));
}

/**
 * Every problem that involves more than one row or what is stored: unknown clinics and vaccines,
 * supply for a vaccine the clinic does not give, the same day twice, a day that runs past
 * midnight, a single slot clashing with a day's blocks, and moving a booked slot.
 */
export function supplyIssues(load: SupplyLoad, known: KnownSupply, storedSlots: ReadonlyMap<string, KnownSlot>): SupplyIssue[] {
  const issues: SupplyIssue[] = [];
  const firstSeen = (rows: readonly { id: string }[], label: string) => {
    const seen = new Map<string, number>();
    for (const [i, row] of rows.entries()) {
      const earlier = seen.get(row.id);
      if (earlier !== undefined) issues.push({ path: `${label}.${i}.id`, message: `duplicates ${label}.${earlier}` });
      else seen.set(row.id, i);
    }
  };
  firstSeen(load.vaccines, "vaccines");
  firstSeen(load.clinics, "clinics");
  firstSeen(load.slots, "slots");
  for (const [i, c] of load.clinics.entries()) {
    for (const [j, v] of c.vaccines.entries()) {
      if (!known.vaccines.has(v))
        issues.push({ path: `clinics.${i}.vaccines.${j}`, message: `no vaccine "${v}" exists or is in this load` });
    }
  }
  const checkGives = (label: string, i: number, clinicId: string, vaccineId: string): boolean => {
    const clinic = known.clinics.get(clinicId);
    if (!clinic) issues.push({ path: `${label}.${i}.clinicId`, message: `no clinic "${clinicId}" exists or is in this load` });
    else if (!known.vaccines.has(vaccineId))
      issues.push({ path: `${label}.${i}.vaccineId`, message: `no vaccine "${vaccineId}" exists or is in this load` });
    else if (!clinic.vaccines.has(vaccineId))
      issues.push({ path: `${label}.${i}.vaccineId`, message: `clinic "${clinicId}" does not give "${vaccineId}"` });
    else return true;
    return false;
  };

  const days = new Map<string, number>();
  const generated = new Map<string, number>();
  load.supply.forEach((row, i) => {
    if (!checkGives("supply", i, row.clinicId, row.vaccineId)) return;
    const zone = known.clinics.get(row.clinicId)!.timeZone;
    const date = dateInZone(Date.parse(row.opensAt), zone);
    if (dateInZone(Date.parse(row.closesAt) - 1, zone) !== date) {
      issues.push({ path: `supply.${i}.closesAt`, message: `must be on the same local day as opensAt (${date} in ${zone})` });
    }
    const key = `${row.clinicId}|${row.vaccineId}|${date}`;
    const earlier = days.get(key);
    if (earlier !== undefined) issues.push({ path: `supply.${i}`, message: `same clinic, vaccine and day as supply.${earlier}` });
    else days.set(key, i);
    for (const b of supplyBlocks(Date.parse(row.opensAt), Date.parse(row.closesAt), row.slotMinutes)) {
      const id = blockSlotId(row.clinicId, row.vaccineId, wallClockInZone(b.startsAtMs, zone));
      generated.set(id, i);
      // A stored slot can carry a block's id (a single slot named so by hand): writing the block
      // would move that slot, and its bookings with it, to this block's day and time.
      const stored = storedSlots.get(id);
      const moves =
        stored !== undefined &&
        (stored.clinicId !== row.clinicId || stored.vaccineId !== row.vaccineId || Date.parse(stored.startsAt) !== b.startsAtMs);
      if (moves && stored.held > 0) {
        issues.push({
          path: `supply.${i}`,
          message: `its block ${id} is the id of a booked slot at ${stored.startsAt}: loading it would move those bookings (rename or remove that slot first)`,
        });
      }
    }
  });

  load.slots.forEach((s, i) => {
    if (!checkGives("slots", i, s.clinicId, s.vaccineId)) return;
    const date = dateInZone(Date.parse(s.startsAt), known.clinics.get(s.clinicId)!.timeZone);
    const day = days.get(`${s.clinicId}|${s.vaccineId}|${date}`) ?? generated.get(s.id);
    if (day !== undefined)
      issues.push({ path: `slots.${i}`, message: `clashes with supply.${day}, which sets every block of that clinic, vaccine and day` });
    const stored = storedSlots.get(s.id);
    const moves =
      stored !== undefined &&
      (stored.clinicId !== s.clinicId ||
        stored.vaccineId !== s.vaccineId ||
        Date.parse(stored.startsAt) !== Date.parse(s.startsAt) ||
        Date.parse(stored.endsAt) !== Date.parse(s.endsAt));
    if (moves && stored.held > 0) {
      issues.push({
        path: `slots.${i}`,
        message: "this slot has bookings: its clinic, vaccine and times cannot change (lower its capacity instead)",
      });
    }
  });
  return issues;
}

/**
 * What the load asks of each slot it touches: the days' totals over their new blocks, stored
 * blocks of those days that are no longer generated (capacity 0), and single slots.
 */
export function capacityTargets(
  days: readonly SupplyDay[],
  singles: ReadonlyArray<{ id: string; capacity: number }>,
  storedSlots: ReadonlyMap<string, KnownSlot>,
): CapacityTarget[] {
  const storedByDay = new Map<string, KnownSlot[]>();
  for (const stored of storedSlots.values()) {
    const key = `${stored.clinicId}|${stored.vaccineId}|${stored.date}`;
    storedByDay.set(key, [...(storedByDay.get(key) ?? []), stored]);
  }
  const targets: CapacityTarget[] = [];
  for (const day of days) {
    const ids = new Set(day.blocks.map((b) => b.id));
    for (const stored of storedByDay.get(`${day.clinicId}|${day.vaccineId}|${day.date}`) ?? []) {
      if (!ids.has(stored.id)) targets.push({ kind: "removed", slotId: stored.id });
    }
    targets.push({ kind: "day", slotIds: day.blocks.map((b) => b.id), total: day.total });
  }
  for (const s of singles) targets.push({ kind: "slot", slotId: s.id, capacity: s.capacity });
  return targets;
}

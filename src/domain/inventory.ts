import type { IsoDate } from "./dates";
import { addDays, type DoseSchedule } from "./doses";

/** Free seats in a clinic's future blocks of one vaccine on one local day. */
export interface DayFree {
  clinicId: string;
  vaccineId: string;
  date: IsoDate;
  free: number;
}

/**
 * How many more people can book, given free seats per clinic, vaccine and day. A single-dose
 * vaccine takes one seat a person. A two-dose vaccine takes one seat on a day and one on the day
 * `interval` later at the same clinic; days pair up along chains (d, d+k, d+2k, ...), and taking
 * as many pairs as possible from the earliest day onward is optimal on such a chain (the first
 * day has no other partner, so filling it first never costs a pair).
 */
export function bookablePeople(days: readonly DayFree[], schedules: ReadonlyMap<string, DoseSchedule>): number {
  const groups = new Map<string, DayFree[]>();
  for (const day of days) {
    const key = `${day.clinicId}\u0000${day.vaccineId}`;
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  let people = 0;
  for (const group of groups.values()) {
    const schedule = schedules.get(group[0]!.vaccineId);
    if (!schedule) continue;
    const interval = schedule.doses >= 2 ? schedule.dose2IntervalDays : null;
    if (interval === null) {
      people += group.reduce((sum, d) => sum + Math.max(0, d.free), 0);
      continue;
    }
    const free = new Map(group.map((d) => [d.date, Math.max(0, d.free)]));
    for (const date of [...free.keys()].sort()) {
      const partner = addDays(date, interval);
      const pairs = Math.min(free.get(date)!, free.get(partner) ?? 0);
      if (pairs === 0) continue;
      free.set(date, free.get(date)! - pairs);
      free.set(partner, free.get(partner)! - pairs);
      people += pairs;
    }
  }
  return people;
}

/** What the queue knows of a cohort's supply, read from the bookings database. */
export interface InventoryReading {
  /** False until any supply of the cohort's vaccines was ever loaded: there is nothing to count yet. */
  stocked: boolean;
  /** People who can still book (pairs of seats for two-dose vaccines). */
  seatsLeft: number;
  readAtMs: number;
}

/** True when supply exists but no seat is left: the queue stops and tells waiting people so. */
export function isSoldOut(reading: InventoryReading | null): boolean {
  return reading?.stocked === true && reading.seatsLeft <= 0;
}

/**
 * How many more people may be admitted so that nobody is admitted to seats that are gone: the
 * seats left minus those already admitted and still choosing. Unlimited before any supply exists.
 */
export function admissionRoom(reading: InventoryReading | null, inBookingStep: number): number {
  if (reading === null || !reading.stocked) return Number.POSITIVE_INFINITY;
  return Math.max(0, reading.seatsLeft - inBookingStep);
}

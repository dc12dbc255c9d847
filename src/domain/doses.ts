import { formatIsoDate, type IsoDate, parseIsoDate } from "./dates";

/** How a vaccine is given: one dose, or two doses a fixed number of days apart. */
export interface DoseSchedule {
  doses: number;
  dose2IntervalDays: number | null;
}

/** A calendar date plus a number of days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`not a date: ${date}`);
  const shifted = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days));
  return formatIsoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The local date dose 2 falls on, or null for a single-dose vaccine. */
export function dose2Date(schedule: DoseSchedule, dose1Date: IsoDate): IsoDate | null {
  if (schedule.doses < 2 || schedule.dose2IntervalDays === null) return null;
  return addDays(dose1Date, schedule.dose2IntervalDays);
}

/** A slot that could take dose 2, with its local wall-clock start (`YYYY-MM-DD HH:mm`). */
export interface Dose2Candidate {
  id: string;
  localStart: string;
}

/**
 * Orders dose-2 candidates on the dose-2 day by how close their time of day is to dose 1's, so a
 * person who came at 09:30 comes back at 09:30 when they can; ties go to the earlier block.
 */
export function rankDose2Candidates<C extends Dose2Candidate>(dose1LocalStart: string, candidates: readonly C[]): C[] {
  const minutes = (local: string) => Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
  const target = minutes(dose1LocalStart);
  return [...candidates].sort((a, b) => {
    const da = Math.abs(minutes(a.localStart) - target);
    const db = Math.abs(minutes(b.localStart) - target);
    return da !== db ? da - db : minutes(a.localStart) - minutes(b.localStart);
  });
}

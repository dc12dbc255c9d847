// What this device keeps about a cohort: the ticket (the signed place), and after booking the
// receipt and the booking. Tickets and receipts are bearer tokens signed by the server; the
// national ID number is kept only in this tab's session storage, to fill in the booking form.
import type { BookingAnswer } from "../booking-values";

/** The saved state of one cohort on this device. */
export interface Saved {
  ticket?: string;
  /** People ahead when the place was first seen, and at which position: the progress bar's start. */
  start?: { position: number; ahead: number };
  receipt?: string;
  booking?: BookingAnswer;
}

const memory: Record<string, string> = {};

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return memory[key] ?? null; // storage disabled (private mode): keep it for this page only
  }
}

function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    if (value === null) delete memory[key];
    else memory[key] = value;
  }
}

/** The saved state of a cohort. */
export function loadSaved(cohortId: string): Saved {
  try {
    return JSON.parse(read(() => localStorage, `wr:${cohortId}`) ?? "{}") as Saved;
  } catch {
    return {};
  }
}

/** Merges fields into the saved state of a cohort. */
export function save(cohortId: string, patch: Saved): Saved {
  const next = { ...loadSaved(cohortId), ...patch };
  write(() => localStorage, `wr:${cohortId}`, JSON.stringify(next));
  return next;
}

/** The national ID typed in this tab (for the booking form), or empty. */
export function sessionNationalId(cohortId: string): string {
  return read(() => sessionStorage, `wr:id:${cohortId}`) ?? "";
}

/** Remembers (or, with null, forgets) the national ID typed in this tab. */
export function rememberNationalId(cohortId: string, value: string | null): void {
  write(() => sessionStorage, `wr:id:${cohortId}`, value);
}

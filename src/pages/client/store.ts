// What this device keeps about a cohort: for each person queueing on it (a family may queue for
// several people on one phone), the ticket (the signed place) and, after booking, the receipt and
// the booking. Tickets and receipts are bearer tokens signed by the server. The national ID number
// is never kept: storage outlives the moment on shared phones and PCs (a restored tab brings
// session storage back), so the booking form asks for it again. To tell one phone's places apart,
// each keeps the birth date read from the number (only the date) and the name the person gave it.
import type { BookingAnswer } from "../booking-values";

/** The saved state of one person's place. */
export interface Saved {
  ticket?: string;
  receipt?: string;
  booking?: BookingAnswer;
  /** The birth date read from the number that joined (`YYYY-MM-DD`): never the number itself. */
  birthDate?: string;
  /** What the person called this place when joining, such as "Mother" (optional, never sent). */
  label?: string;
}

/** Every place of a cohort on this device, by holder, and the one used last. */
interface CohortSaved {
  places: Record<string, Saved>;
  last?: string;
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

function loadCohort(cohortId: string): CohortSaved {
  try {
    const saved = JSON.parse(read(() => localStorage, `wr:${cohortId}`) ?? "{}") as Partial<CohortSaved>;
    return { places: saved.places ?? {}, last: saved.last };
  } catch {
    return { places: {} };
  }
}

/**
 * The handle of a person's place: the start of the ticket's subject (a keyed hash, already in the
 * ticket), the same handle the API uses to tell one device's tickets apart. Not personal by itself.
 */
export function holderOf(ticket: string): string {
  try {
    const payload = JSON.parse(atob(ticket.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: string };
    return (payload.sub ?? "").slice(0, 12) || "default";
  } catch {
    return "default";
  }
}

/** The holder a page is about: `#h=` in its address, else the place used last on this device. */
export function currentHolder(cohortId: string): string | undefined {
  const fromHash = /(?:^#|&)h=([\w-]{1,32})/.exec(location.hash)?.[1];
  return fromHash ?? loadCohort(cohortId).last;
}

/** A cohort page's address for one holder (the fragment never reaches the server or a cache). */
export function forHolder(path: string, holder: string | undefined): string {
  return holder ? `${path}#h=${holder}` : path;
}

/** Every holder with a place on this device for a cohort, oldest first. */
export function holders(cohortId: string): Array<{ holder: string; saved: Saved }> {
  return Object.entries(loadCohort(cohortId).places).map(([holder, saved]) => ({ holder, saved }));
}

/** The saved state of one holder's place (empty when unknown). */
export function loadSaved(cohortId: string, holder: string | undefined): Saved {
  return holder ? (loadCohort(cohortId).places[holder] ?? {}) : {};
}

/** Merges fields into a holder's saved place, and makes it the one used last. */
export function save(cohortId: string, holder: string, patch: Saved): Saved {
  const all = loadCohort(cohortId);
  const next = { ...all.places[holder], ...patch };
  write(() => localStorage, `wr:${cohortId}`, JSON.stringify({ places: { ...all.places, [holder]: next }, last: holder }));
  return next;
}

/** Removes national ID numbers an earlier version of this script left in this tab's session storage. */
export function forgetNationalIds(): void {
  try {
    const keys = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i) ?? "");
    for (const key of keys) if (key.startsWith("wr:id:")) sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept.
  }
}

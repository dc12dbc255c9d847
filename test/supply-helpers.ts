import { env } from "cloudflare:workers";
import { ADMIN, api, cohortConfig, createCohort, freshAddress, send, setServerTime } from "./helpers";

/** A cohort's 20:00 Seoul opening in July 2021, and the server instant five seconds after it. */
export const OPENING = "2021-07-19T20:00:00+09:00";
export const AFTER_OPENING = "2021-07-19T11:00:05Z";

/** Dose-1 day and, 21 days later, the dose-2 day of the tests' two-dose vaccines. */
export const DOSE1_DAY = "2021-07-26";
export const DOSE2_DAY = "2021-08-16";

let counter = 0;
/** A vaccine id no other test uses, so a cohort scoped to it sees only its own test's supply. */
export function uniqueVaccineId(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 6)}`.slice(0, 32);
}

/** A vaccine row: two doses 21 days apart unless told otherwise. */
export function vaccine(id: string, doses: 1 | 2 = 2, dose2IntervalDays = 21) {
  return { id, nameKo: "시험 백신", nameEn: "Test vaccine", doses, ...(doses === 2 ? { dose2IntervalDays } : {}) };
}

/** A clinic row giving these vaccines. */
export function clinic(id: string, vaccines: string[]) {
  return { id, nameKo: "시험 접종센터", nameEn: "Test clinic", region: "Seoul", address: "1 Test-ro", vaccines };
}

/** A supply row: `doses` on a Seoul day from `from` for `blocks` 30-minute blocks. */
export function supplyDay(clinicId: string, vaccineId: string, date: string, doses: number, blocks = 1, from = "09:00") {
  const opensAt = `${date}T${from}:00+09:00`;
  return {
    clinicId,
    vaccineId,
    opensAt,
    closesAt: new Date(Date.parse(opensAt) + blocks * 1800_000).toISOString(),
    doses,
    slotMinutes: 30,
  };
}

/** The generated id of a block: clinic, vaccine, Seoul date and time. */
export function blockId(clinicId: string, vaccineId: string, date: string, time = "09:00"): string {
  return `${clinicId}.${vaccineId}.${date}T${time.replace(":", "")}`;
}

/** PUTs a supply load through the admin API and returns the response and its body. */
export async function putSupply(load: Record<string, unknown>) {
  const response = await send("PUT", "/admin/v1/supply", load, ADMIN);
  return { response, body: (await response.json()) as Record<string, any> };
}

/** PUTs a supply load that must succeed. */
export async function loadSupply(load: Record<string, unknown>): Promise<Record<string, any>> {
  const { response, body } = await putSupply(load);
  if (response.status !== 200) throw new Error(`supply load failed: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * A clinic giving a fresh two-dose vaccine, with `dose1` doses on the dose-1 day and `dose2` on
 * the dose-2 day, each day in `blocks` 30-minute blocks from 09:00. Returns the ids.
 */
export async function twoDoseClinic(label: string, dose1: number, dose2: number, blocks = 1) {
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-clinic`;
  await loadSupply({
    vaccines: [vaccine(vaccineId)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, dose1, blocks), supplyDay(clinicId, vaccineId, DOSE2_DAY, dose2, blocks)],
  });
  return { vaccineId, clinicId, dose1Slot: blockId(clinicId, vaccineId, DOSE1_DAY), dose2Slot: blockId(clinicId, vaccineId, DOSE2_DAY) };
}

/** A slot's capacity and held seats, straight from D1, with the active bookings that hold it counted independently. */
export async function seatsOf(slotId: string): Promise<{ capacity: number; held: number; holders: number }> {
  const slot = await env.DB.prepare("SELECT capacity, held FROM slots WHERE id = ?")
    .bind(slotId)
    .first<{ capacity: number; held: number }>();
  const holders = await env.DB.prepare(
    "SELECT count(*) AS n FROM bookings WHERE status = 'active' AND (slot_id = ?1 OR dose2_slot_id = ?1)",
  )
    .bind(slotId)
    .first<{ n: number }>();
  return { capacity: slot?.capacity ?? 0, held: slot?.held ?? 0, holders: holders?.n ?? 0 };
}

/** A booking's row, straight from D1. */
export async function bookingRow(bookingId: string) {
  return env.DB.prepare("SELECT * FROM bookings WHERE id = ?").bind(bookingId).first<Record<string, any>>();
}

/**
 * Calls a booking's life-cycle route with its receipt and a national ID, from a client address of
 * its own unless one is given (ID checks are limited per address).
 */
export async function withReceipt(
  bookingId: string,
  action: "view" | "cancel" | "reschedule",
  receipt: string,
  body: Record<string, unknown>,
  address = freshAddress(),
) {
  const response = await api(`/api/v1/bookings/${bookingId}/${action}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${receipt}`, "Content-Type": "application/json", "CF-Connecting-IP": address },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as Record<string, any> };
}

/**
 * An open cohort (the server clock just after its opening) booking a fresh one-dose vaccine: five
 * seats on the dose-1 day (`slotId`) and five the day after (`nextDay`).
 */
export async function oneDoseCohort(label: string) {
  setServerTime(AFTER_OPENING);
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 5), supplyDay(clinicId, vaccineId, "2021-07-27", 5)],
  });
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
  return { cohortId, slotId: blockId(clinicId, vaccineId, DOSE1_DAY), nextDay: blockId(clinicId, vaccineId, "2021-07-27") };
}

// Cohorts and clinics for the browser tests, loaded through the admin API like an operator would.
import { demoSupply } from "../../scripts/demo-data.mjs";
import { TEST_SECRETS } from "./service";

const headers = { Authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "Content-Type": "application/json" };

let counter = 0;

/** Saves a 1967-1968 cohort whose booking opens `opensInMs` from now, and returns its id. */
export async function seedCohort(
  baseUrl: string,
  label: string,
  opensInMs: number,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  counter += 1;
  const id = `${label}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
  const opensAt = new Date(Date.now() + opensInMs);
  opensAt.setMilliseconds(0);
  const config = {
    name: { ko: "1967~1968년생", en: "Born 1967-1968" },
    timeZone: "Asia/Seoul",
    birthDates: { from: "1967-01-01", to: "1968-12-31" },
    windows: [{ opensAt: opensAt.toISOString(), closesAt: new Date(opensAt.getTime() + 3 * 24 * 3600_000).toISOString() }],
    admissionRatePerMinute: 60,
    maxInBookingStep: 50,
    grantLifetimeSeconds: 600,
    prequeueLeadMinutes: 5,
    ...overrides,
  };
  // Every test cohort covers the same births; the guard against overlapping cohorts is waived for set-up.
  const response = await fetch(`${baseUrl}/admin/v1/cohorts/${id}?force=1&reason=browser+test+set-up`, {
    method: "PUT",
    headers,
    body: JSON.stringify(config),
  });
  if (!response.ok) throw new Error(`cohort seed failed: ${response.status} ${await response.text()}`);
  return id;
}

/** Loads the demo clinics (Seoul, Busan, Daejeon) with slots on the next three days. */
export async function seedClinics(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/admin/v1/supply`, { method: "PUT", headers, body: JSON.stringify(demoSupply(Date.now())) });
  if (!response.ok) throw new Error(`supply seed failed: ${response.status} ${await response.text()}`);
}

/** Joins other people through the API, so the tested person has someone ahead. */
export async function seedPeople(baseUrl: string, cohortId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const nationalId = `670${String(101 + i).padStart(3, "0")}-1${String(500000 + i).padStart(6, "0")}`;
    const response = await fetch(`${baseUrl}/api/v1/cohorts/${cohortId}/queue`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": `203.0.113.${i + 1}` },
      body: JSON.stringify({ nationalId }),
    });
    if (!response.ok) throw new Error(`join seed failed: ${response.status} ${await response.text()}`);
  }
}

/**
 * A cohort whose only vaccine has a single seat, already booked by someone else through the API:
 * the cohort is sold out. Returns its id.
 */
export async function seedSoldOutCohort(baseUrl: string): Promise<string> {
  const vaccineId = `single-${Math.random().toString(36).slice(2, 8)}`;
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
  const supply = await fetch(`${baseUrl}/admin/v1/supply`, {
    method: "PUT",
    headers,
    body: JSON.stringify({
      vaccines: [{ id: vaccineId, nameKo: "단일 백신", nameEn: "Single vaccine", doses: 1 }],
      clinics: [
        {
          id: `${vaccineId}-clinic`,
          nameKo: "제주 접종센터",
          nameEn: "Jeju Centre",
          region: "Jeju",
          address: "1 Jeju-ro",
          vaccines: [vaccineId],
        },
      ],
      supply: [
        {
          clinicId: `${vaccineId}-clinic`,
          vaccineId,
          opensAt: `${tomorrow}T09:00:00+09:00`,
          closesAt: `${tomorrow}T09:30:00+09:00`,
          doses: 1,
          slotMinutes: 30,
        },
      ],
    }),
  });
  if (!supply.ok) throw new Error(`supply seed failed: ${supply.status} ${await supply.text()}`);
  const cohortId = await seedCohort(baseUrl, "sold-out", -1000, { vaccines: [vaccineId] });

  const nationalId = "670909-1000009";
  const joined = (await (
    await fetch(`${baseUrl}/api/v1/cohorts/${cohortId}/queue`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.200" },
      body: JSON.stringify({ nationalId }),
    })
  ).json()) as { ticket: string };
  let grant: string | undefined;
  for (let attempt = 0; attempt < 60 && !grant; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const polled = (await (
      await fetch(`${baseUrl}/api/v1/cohorts/${cohortId}/queue`, { headers: { Authorization: `Bearer ${joined.ticket}` } })
    ).json()) as { grant?: string };
    grant = polled.grant;
  }
  const slots = (await (await fetch(`${baseUrl}/api/v1/cohorts/${cohortId}/slots`)).json()) as {
    clinics: Array<{ slots: Array<{ id: string }> }>;
  };
  const booked = await fetch(`${baseUrl}/api/v1/cohorts/${cohortId}/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${grant}` },
    body: JSON.stringify({ nationalId, name: "Someone", slotId: slots.clinics[0]!.slots[0]!.id }),
  });
  if (booked.status !== 201) throw new Error(`sold-out seed booking failed: ${booked.status} ${await booked.text()}`);
  return cohortId;
}

/**
 * A clinic in Gwangju with a one-dose vaccine of its own and two single slots tomorrow, one seat
 * each. `cutFirstSlot()` loads the first slot again with no seats (a supply cut) and answers how
 * many bookings that moved to `needs_reschedule`.
 */
export async function seedCutClinic(baseUrl: string): Promise<{ vaccineId: string; region: string; cutFirstSlot: () => Promise<number> }> {
  const vaccineId = `cut-${Math.random().toString(36).slice(2, 8)}`;
  const clinicId = `${vaccineId}-clinic`;
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
  const slot = (hour: string, capacity: number) => ({
    id: `${clinicId}.${tomorrow}T${hour}`,
    clinicId,
    vaccineId,
    startsAt: `${tomorrow}T${hour}:00:00+09:00`,
    endsAt: `${tomorrow}T${hour}:30:00+09:00`,
    capacity,
  });
  const load = async (firstCapacity: number) => {
    const response = await fetch(`${baseUrl}/admin/v1/supply`, {
      method: "PUT",
      headers,
      body: JSON.stringify({
        vaccines: [{ id: vaccineId, nameKo: "단일 백신", nameEn: "Single vaccine", doses: 1 }],
        clinics: [
          {
            id: clinicId,
            nameKo: "광주 접종센터",
            nameEn: "Gwangju Centre",
            region: "Gwangju",
            address: "1 Gwangju-ro",
            vaccines: [vaccineId],
          },
        ],
        slots: [slot("09", firstCapacity), slot("10", 1)],
      }),
    });
    if (!response.ok) throw new Error(`supply seed failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { movedToReschedule: string[] }).movedToReschedule.length;
  };
  await load(1);
  return { vaccineId, region: "Gwangju", cutFirstSlot: () => load(0) };
}

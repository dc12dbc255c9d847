// What the bench and the rehearsal say to an instance (local, or a deployed staging address for
// the capacity search): cohorts, supply, people, and the operator's view of the queue object.
import type { LocalService } from "./local-service.ts";

/** Where requests go and the admin token they carry: a local service or a staging deployment. */
export type Target = Pick<LocalService, "url" | "adminToken">;

const BIRTH_DAYS = 731; // 1967-01-01 .. 1968-12-31
const FIRST_BIRTH_DAY_MS = Date.UTC(1967, 0, 1);

/** Person number `index` of the 1967-1968 cohort: a valid national ID number, unique per index. */
export function nationalIdOf(index: number): string {
  const born = new Date(FIRST_BIRTH_DAY_MS + (index % BIRTH_DAYS) * 86_400_000);
  const yy = String(born.getUTCFullYear()).slice(2);
  const mm = String(born.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(born.getUTCDate()).padStart(2, "0");
  return `${yy}${mm}${dd}-1${String(Math.floor(index / BIRTH_DAYS)).padStart(6, "0")}`;
}

/** A client address per person index, so joins do not share a rate-limit bucket. */
export function addressOf(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

/** A cohort born 1967-1968 whose window opens at `opensAtMs`. */
export function cohortConfig(
  opensAtMs: number,
  options: { ratePerMinute: number; maxInBookingStep: number; prequeueLeadMinutes?: number; grantLifetimeSeconds?: number },
) {
  return {
    name: { ko: "1967~1968년생 (리허설)", en: "Born 1967-1968 (rehearsal)" },
    timeZone: "Asia/Seoul",
    birthDates: { from: "1967-01-01", to: "1968-12-31" },
    windows: [{ opensAt: new Date(opensAtMs).toISOString(), closesAt: new Date(opensAtMs + 2 * 86_400_000).toISOString() }],
    admissionRatePerMinute: options.ratePerMinute,
    maxInBookingStep: options.maxInBookingStep,
    grantLifetimeSeconds: options.grantLifetimeSeconds ?? 600,
    prequeueLeadMinutes: options.prequeueLeadMinutes ?? 60,
  };
}

/** One single-dose vaccine at one clinic, in `slots` slots of `capacity` seats from tomorrow. */
export function supplyLoad(label: string, slots: number, capacity: number) {
  const vaccineId = `${label}-vaccine`;
  const clinicId = `${label}-clinic`;
  const start = Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000;
  return {
    vaccines: [{ id: vaccineId, nameKo: "단회 백신", nameEn: "Single-dose vaccine", doses: 1 }],
    clinics: [
      {
        id: clinicId,
        nameKo: "리허설 접종센터",
        nameEn: "Rehearsal clinic",
        region: "Seoul",
        address: "1 Sejong-daero",
        vaccines: [vaccineId],
      },
    ],
    slots: Array.from({ length: slots }, (_, i) => ({
      id: `${label}-slot-${i}`,
      clinicId,
      vaccineId,
      startsAt: new Date(start + i * 1_800_000).toISOString(),
      endsAt: new Date(start + (i + 1) * 1_800_000).toISOString(),
      capacity,
    })),
  };
}

async function adminCall(service: Target, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${service.adminToken}`, "Content-Type": "application/json", "X-Operator": "rehearsal" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Saves a cohort config (forced: openings in the past or very near are what a rehearsal needs). */
export function putCohort(service: Target, cohortId: string, config: unknown): Promise<unknown> {
  return adminCall(service, "PUT", `/admin/v1/cohorts/${cohortId}?force=1&reason=${encodeURIComponent("rehearsal set-up")}`, config);
}

/** Loads clinics and slots. */
export function putSupply(service: Target, load: unknown): Promise<unknown> {
  return adminCall(service, "PUT", "/admin/v1/supply", load);
}

/** Sends a live control (pause, resume, close...) to a cohort's queue, audited under the operator "rehearsal". */
export function controlCohort(service: Target, cohortId: string, action: string, reason?: string): Promise<unknown> {
  return adminCall(service, "POST", `/admin/v1/cohorts/${cohortId}/controls`, reason ? { action, reason } : { action });
}

/** A queue object's invocations since it started, by method, and the people its batched calls carried. */
export interface ObjectLoad {
  calls: Record<string, number>;
  totalCalls: number;
  items: Record<string, number>;
}

/** The cohort's object's invocations since it started, by method, and each of its intake shards' (`shards`). */
export function objectLoad(service: Target, cohortId: string): Promise<ObjectLoad & { shards?: ObjectLoad[] }> {
  return adminCall(service, "GET", `/admin/v1/cohorts/${cohortId}/load`);
}

/** The operators' stats of a cohort. */
export function cohortStats(service: Target, cohortId: string): Promise<any> {
  return adminCall(service, "GET", `/admin/v1/cohorts/${cohortId}/stats`);
}

/** Joins as person `index`; the parsed answer with its HTTP status. */
export async function joinAs(
  service: Target,
  cohortId: string,
  index: number,
  init: { address?: string; cookie?: string } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${service.url}/api/v1/cohorts/${cohortId}/queue`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": init.address ?? addressOf(index),
      ...(init.cookie ? { Cookie: init.cookie } : {}),
    },
    body: JSON.stringify({ nationalId: nationalIdOf(index) }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Polls a place with a ticket. */
export async function pollWith(service: Target, cohortId: string, ticket: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${service.url}/api/v1/cohorts/${cohortId}/queue`, { headers: { Authorization: `Bearer ${ticket}` } });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

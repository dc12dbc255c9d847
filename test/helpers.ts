import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import type { CohortConfigInput } from "../src/domain/cohort-config";
import { shardOf } from "../src/domain/intake";

export const ADMIN: Record<string, string> = { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "X-Operator": "test-operator" };

/** Calls the Worker as a client would. */
export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`https://vaccine.test${path}`, init));
}

/** Sends JSON to the Worker. */
export function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api(path, { method, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
}

let counter = 0;
/** A cohort id no other test uses (storage is shared within a test file). */
export function uniqueCohortId(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A plausible national ID number for someone born on `birthDate` (YYYY-MM-DD); `serial` varies the person. */
export function nationalIdFor(birthDate: string, serial = 0): string {
  const [year, month, day] = birthDate.split("-");
  const centuryDigit = Number(year) >= 2000 ? 3 : 1;
  return `${year!.slice(2)}${month}${day}-${centuryDigit}${String(serial).padStart(6, "0")}`;
}

/** Pins the server clock (Date.now in the Worker and its objects) to an instant. */
export function setServerTime(instant: string | number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(instant));
}

/**
 * Local rate limiting counts in windows aligned to the real wall clock (not the tests' pinned one),
 * so a run of calls that straddles a window's end starts counting again. Start in a fresh window's first half.
 */
export async function awayFromWindowEnd(periodMs = 60_000): Promise<void> {
  const real = performance.timeOrigin + performance.now();
  const left = periodMs - (real % periodMs);
  if (left < periodMs / 2) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** Moves the pinned server clock forward. */
export function advanceServerTime(ms: number): void {
  vi.setSystemTime(new Date(Date.now() + ms));
}

/** A 53-54 cohort like the 2021 one, opening at `opensAt`, with overrides. */
export function cohortConfig(opensAt: string, overrides: Partial<CohortConfigInput> = {}): Omit<CohortConfigInput, "id"> {
  const closesAt = new Date(Date.parse(opensAt) + 4 * 24 * 3600_000).toISOString();
  return {
    name: { ko: "53~54세", en: "Ages 53-54" },
    timeZone: "Asia/Seoul",
    birthDates: { from: "1967-01-01", to: "1968-12-31" },
    windows: [{ opensAt, closesAt }],
    admissionRatePerMinute: 60,
    maxInBookingStep: 100,
    grantLifetimeSeconds: 600,
    prequeueLeadMinutes: 60,
    ...overrides,
  };
}

/**
 * Saves a cohort through the admin API and returns its id. Tests often set up a cohort that is
 * already open, or one like another test's, so this overrides the guard rails (with a reason).
 */
export async function createCohort(label: string, config: Omit<CohortConfigInput, "id">): Promise<string> {
  const id = uniqueCohortId(label);
  const response = await send("PUT", `/admin/v1/cohorts/${id}?force=1&reason=test+set-up`, config, ADMIN);
  if (response.status !== 200) throw new Error(`cohort setup failed: ${response.status} ${await response.text()}`);
  return id;
}

/** The queue object of a cohort, for firing its alarm or looking inside. */
export function queueStub(cohortId: string) {
  return env.COHORT_QUEUE.get(env.COHORT_QUEUE.idFromName(cohortId));
}

/** The intake shard that holds a person's place in a cohort's queue, for looking inside. */
export async function shardStub(cohortId: string, identity: string) {
  const config = await queueStub(cohortId).getConfig();
  const shard = shardOf(identity, config?.intake.shards ?? 1);
  return env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${cohortId}:${shard}`));
}

/** Every intake shard of a cohort, in shard order. */
export async function shardStubs(cohortId: string) {
  const config = await queueStub(cohortId).getConfig();
  return Array.from({ length: config?.intake.shards ?? 1 }, (_, shard) =>
    env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${cohortId}:${shard}`)),
  );
}

/** Runs a query in every shard of a cohort and returns all their rows, shard after shard. */
export async function rowsOverShards<T extends Record<string, SqlStorageValue>>(
  cohortId: string,
  query: string,
  ...bindings: unknown[]
): Promise<T[]> {
  const all: T[] = [];
  for (const stub of await shardStubs(cohortId)) {
    all.push(...(await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<T>(query, ...bindings).toArray())));
  }
  return all;
}

/** Runs a query in every shard of a cohort and sums its `n`. */
export async function sumOverShards(cohortId: string, query: string, ...bindings: unknown[]): Promise<number> {
  let total = 0;
  for (const stub of await shardStubs(cohortId)) {
    total += await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ n: number }>(query, ...bindings).one().n);
  }
  return total;
}

/** The stored state of a person's place in a cohort's queue (null when they never joined), read from their shard's SQLite. */
export async function entryState(cohortId: string, identity: string): Promise<string | null> {
  return runInDurableObject(
    await shardStub(cohortId, identity),
    (_instance, state) =>
      state.storage.sql.exec<{ state: string }>("SELECT state FROM entries WHERE identity = ?", identity).toArray()[0]?.state ?? null,
  );
}

/** Runs one admission tick of a cohort's queue, a second of server time later. */
export async function admissionTick(cohortId: string): Promise<boolean> {
  advanceServerTime(1000);
  return runDurableObjectAlarm(queueStub(cohortId));
}

/** The single-dose vaccine `loadClinic` stocks, so tests that need any seat need not think about doses. */
export const TEST_VACCINE = { id: "test-1dose", nameKo: "시험 백신", nameEn: "Test vaccine", doses: 1 } as const;

/** Loads a clinic with single slots (of a one-dose vaccine) in 30-minute steps from `startsAt`. */
export async function loadClinic(clinicId: string, slots: Array<{ id: string; capacity: number }>, startsAt: string): Promise<void> {
  const start = Date.parse(startsAt);
  const response = await send(
    "PUT",
    "/admin/v1/supply",
    {
      vaccines: [TEST_VACCINE],
      clinics: [
        {
          id: clinicId,
          nameKo: "중앙 접종센터",
          nameEn: "Central Vaccination Centre",
          region: "Seoul",
          address: "1 Sejong-daero",
          vaccines: [TEST_VACCINE.id],
        },
      ],
      slots: slots.map((s, i) => ({
        id: s.id,
        clinicId,
        vaccineId: TEST_VACCINE.id,
        startsAt: new Date(start + i * 1800_000).toISOString(),
        endsAt: new Date(start + (i + 1) * 1800_000).toISOString(),
        capacity: s.capacity,
      })),
    },
    ADMIN,
  );
  if (response.status !== 200) throw new Error(`supply setup failed: ${response.status} ${await response.text()}`);
}

let addressCounter = 0;
/** A client address of its own, so joins in tests do not share a rate-limit bucket. */
export function freshAddress(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/** Joins a cohort's queue and returns the parsed answer. */
export async function join(cohortId: string, nationalId: string, headers: Record<string, string> = {}) {
  const response = await send(
    "POST",
    `/api/v1/cohorts/${cohortId}/queue`,
    { nationalId },
    { "CF-Connecting-IP": freshAddress(), ...headers },
  );
  return { response, body: (await response.json()) as Record<string, any> };
}

/** Books a slot with a grant. */
export async function book(cohortId: string, grant: string | null, body: Record<string, unknown>) {
  const headers: Record<string, string> = grant ? { Authorization: `Bearer ${grant}` } : {};
  const response = await send("POST", `/api/v1/cohorts/${cohortId}/bookings`, body, headers);
  return { response, body: (await response.json()) as Record<string, any> };
}

/** Joins, runs admission ticks until admitted, and returns the ticket and grant. */
export async function joinAndAdmit(cohortId: string, nationalId: string) {
  const joined = await join(cohortId, nationalId);
  if (joined.response.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  for (let tick = 0; tick < 50; tick++) {
    const polled = await poll(cohortId, joined.body.ticket);
    if (polled.body.state === "admitted")
      return { ticket: joined.body.ticket as string, grant: polled.body.grant as string, position: polled.body.position as number };
    await admissionTick(cohortId);
  }
  throw new Error("not admitted after 50 ticks");
}

/** The error code of a JSON error response. */
export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code ?? `(no error code, status ${response.status})`;
}

/** Polls a place with a ticket. */
export async function poll(cohortId: string, ticket: string) {
  const response = await api(`/api/v1/cohorts/${cohortId}/queue`, { headers: { Authorization: `Bearer ${ticket}` } });
  return { response, body: (await response.json()) as Record<string, any> };
}

/** Writes members straight into a shard's pre-queue of window 0, with their buckets' counts, as their joins would (inside `runInDurableObject`). */
export function seedPrequeueMembers(sql: SqlStorage, members: Iterable<{ identity: string; sortKey: string }>): void {
  for (const { identity, sortKey } of members) {
    sql.exec(
      "INSERT INTO entries (identity, window_index, joined_at, sort_key, position, state, via_prequeue) VALUES (?, 0, 0, ?, NULL, 'prequeue', 1)",
      identity,
      sortKey,
    );
    sql.exec(
      "INSERT INTO prequeue_buckets (window_index, bucket, n) VALUES (0, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1",
      sortKey.slice(0, 2),
    );
  }
}

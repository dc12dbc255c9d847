// Issue 15: a booking the family can carry. Every booking has a short code a person can read over
// the phone; with it and the holder's number, any device finds the booking (throttled like every
// ID check, and an unknown code is answered exactly like a wrong number), and so does the call centre.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bookingDb, createBooking } from "../../src/bookings/d1/store";
import {
  BOOKING_CODE_ALPHABET,
  bookingCodeField,
  formatBookingCode,
  isBookingCode,
  newBookingCode,
  normalizeBookingCode,
} from "../../src/domain/booking-code";
import { ID_CHECK_TIERS } from "../../src/domain/id-check-lock";
import { advanceServerTime, api, book, freshAddress, joinAndAdmit, nationalIdFor, send } from "../helpers";
import { bookingRow, oneDoseCohort, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const HOURLY_CAP = ID_CHECK_TIERS[0]!.attempts;
const [AGENT_ID, AGENT_TOKEN] = env.AGENT_TOKENS.split(" ")[0]!.split(":") as [string, string];
const AGENT = { Authorization: `Bearer ${AGENT_TOKEN}` };

let lastSerial = 0;

/** A booking in a fresh cohort: its answer, the holder's number, and wrong numbers of the same birth date. */
async function booked(label: string) {
  const { cohortId, slotId } = await oneDoseCohort(label);
  const serial = ++lastSerial;
  const person = nationalIdFor("1967-05-05", serial);
  const { grant } = await joinAndAdmit(cohortId, person);
  const { response, body } = await book(cohortId, grant, { nationalId: person, name: "Kim Carrier", slotId });
  expect(response.status).toBe(201);
  return {
    cohortId,
    slotId,
    booking: body.booking as Record<string, any>,
    receipt: body.receipt as string,
    person,
    wrong: (i: number) => nationalIdFor("1967-05-05", 800_000 + serial * 100 + i),
  };
}

/** `POST /api/v1/find-booking` from a client address of its own unless one is given. */
async function find(code: string, nationalId: string, address = freshAddress()) {
  const response = await send("POST", "/api/v1/find-booking", { code, nationalId }, { "CF-Connecting-IP": address });
  return { response, body: (await response.json()) as Record<string, any> };
}

/** A code no booking has (drawn until it is free). */
async function unusedCode(): Promise<string> {
  for (;;) {
    const code = newBookingCode();
    if (!(await env.DB.prepare("SELECT 1 FROM bookings WHERE code = ?").bind(code).first())) return formatBookingCode(code);
  }
}

describe("the booking code", () => {
  it("the path finding was at before it moved (POST /api/v1/bookings/find) redirects there with its method and body (308)", async () => {
    const { booking, person } = await booked("code-moved");
    const body = JSON.stringify({ code: booking.code, nationalId: person });
    const post = (path: string, redirect: "manual" | "follow") =>
      api(path, { method: "POST", redirect, headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshAddress() }, body });
    const moved = await post("/api/v1/bookings/find", "manual");
    expect(moved.status).toBe(308);
    expect(new URL(moved.headers.get("Location")!, "https://vaccine.test").pathname).toBe("/api/v1/find-booking");
    // Followed as a browser's fetch follows a 308: the same method and body, to the new path.
    const followed = await post("/api/v1/bookings/find", "follow");
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as any).booking.id).toBe(booking.id);
    expect((await api("/api/v1/bookings/find", { redirect: "manual" })).status).not.toBe(308); // only the POST moved
    const agent = await api("/agent/v1/bookings/find", { method: "POST", redirect: "manual", body: "{}" });
    expect(agent.status).toBe(308);
    expect(new URL(agent.headers.get("Location")!, "https://vaccine.test").pathname).toBe("/agent/v1/find-booking");
  });

  it("is eight characters without look-alikes, read in any case, with or without spaces and dashes", () => {
    expect(BOOKING_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(BOOKING_CODE_ALPHABET).toHaveLength(31);
    for (let i = 0; i < 200; i++) expect(isBookingCode(newBookingCode())).toBe(true);
    expect(formatBookingCode("K7QM2XRP")).toBe("K7QM-2XRP");
    expect(normalizeBookingCode(" k7qm - 2xrp ")).toBe("K7QM2XRP");
    expect(bookingCodeField.parse("k7qm 2xrp")).toBe("K7QM2XRP");
    expect(bookingCodeField.safeParse("K7QM-2XR0").success).toBe(false);
    expect(bookingCodeField.safeParse("K7QM").success).toBe(false);
  });

  it("draws every character equally often: bytes past the last multiple of 31 are thrown away, not folded", () => {
    // 248..255 folded with % 31 would make the first eight characters likelier; they are skipped.
    const calls: number[][] = [Array(16).fill(250), [247, 248, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]];
    const code = newBookingCode((bytes) => {
      bytes.set(calls.shift()!);
      return bytes;
    });
    expect(code).toBe(BOOKING_CODE_ALPHABET[247 % 31] + BOOKING_CODE_ALPHABET.slice(0, 7));
  });

  it("every booking has one, unique, shown grouped in the booking answers (receipt alone, and with the ID number)", async () => {
    const first = await booked("code-shown");
    const second = await booked("code-shown-2");
    const code = first.booking.code as string;
    expect(code).toMatch(new RegExp(`^[${BOOKING_CODE_ALPHABET}]{4}-[${BOOKING_CODE_ALPHABET}]{4}$`));
    expect(second.booking.code).not.toBe(code);
    expect((await bookingRow(first.booking.id))!.code).toBe(code.replace("-", ""));

    const status = await api(`/api/v1/bookings/${first.booking.id}`, { headers: { Authorization: `Bearer ${first.receipt}` } });
    expect(((await status.json()) as any).booking.code).toBe(code);
    const view = await withReceipt(first.booking.id, "view", first.receipt, { nationalId: first.person });
    expect(view.body.booking.code).toBe(code);

    // The database itself refuses a second booking with the same code.
    const copy = env.DB.prepare("UPDATE bookings SET code = ? WHERE id = ?").bind(code.replace("-", ""), second.booking.id);
    await expect(copy.run()).rejects.toThrow(/UNIQUE constraint failed: bookings.code/);
  });

  it("a code drawn twice is drawn again: the booking still gets its seat, with a code of its own", async () => {
    const taken = await booked("code-collision");
    const { cohortId, slotId } = await oneDoseCohort("code-collision-2");
    const fresh = newBookingCode();
    const draws = [taken.booking.code.replace("-", ""), fresh];
    const outcome = await createBooking(
      bookingDb(env.DB),
      {
        id: crypto.randomUUID(),
        cohortId,
        identityKey: `collision-${crypto.randomUUID()}`,
        name: "Second",
        slotId,
        grantId: crypto.randomUUID(),
        nowIso: new Date().toISOString(),
      },
      () => draws.shift()!,
    );
    expect(outcome.kind).toBe("created");
    expect(outcome.kind === "created" && outcome.booking.code).toBe(fresh);
  });

  it("the migration gives bookings made before codes one of their own", async () => {
    const { booking } = await booked("code-backfill");
    await env.DB.prepare("UPDATE bookings SET code = NULL WHERE id = ?").bind(booking.id).run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0005_"))!;
    const backfill = migration.queries.filter((q) => q.includes("UPDATE `bookings` SET `code`"));
    expect(backfill.length).toBeGreaterThan(0);
    for (const query of backfill) await env.DB.prepare(query).run();
    const row = (await bookingRow(booking.id))!;
    expect(isBookingCode(row.code)).toBe(true);
    const nulls = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE code IS NULL").first<{ n: number }>();
    expect(nulls!.n).toBe(0);
  });
});

describe("find my booking, on any device", () => {
  it("the right number finds the booking, with a fresh receipt the device can use from then on", async () => {
    const { booking, person } = await booked("find-right");
    const typed = ` ${booking.code.toLowerCase().replace("-", " ")} `;
    const { response, body } = await find(typed, person);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body.booking).toMatchObject({ id: booking.id, code: booking.code, name: "Kim Carrier", status: "active" });
    // The receipt works on this device: read the status, view with the number.
    const status = await api(`/api/v1/bookings/${booking.id}`, { headers: { Authorization: `Bearer ${body.receipt}` } });
    expect(status.status).toBe(200);
    expect((await withReceipt(booking.id, "view", body.receipt, { nationalId: person })).response.status).toBe(200);
  });

  it("a wrong number and a code nobody has get the same answer: same status, same body", async () => {
    const { booking, wrong } = await booked("find-same");
    const wrongNumber = await find(booking.code, wrong(1));
    const unknownCode = await find(await unusedCode(), wrong(1));
    expect(wrongNumber.response.status).toBe(404);
    expect(wrongNumber.body.error.code).toBe("booking_code_mismatch");
    expect(unknownCode.response.status).toBe(wrongNumber.response.status);
    expect(unknownCode.body).toEqual(wrongNumber.body);
    expect(JSON.stringify(wrongNumber.body)).not.toContain("Kim Carrier");
  });

  it("wrong numbers lock the booking for find and for its receipt alike, the right number too; an unknown code locks the same way", async () => {
    const { booking, receipt, person, wrong } = await booked("find-lock");
    for (let i = 0; i < HOURLY_CAP; i++) expect((await find(booking.code, wrong(i))).response.status).toBe(404);
    const locked = await find(booking.code, person);
    expect(locked.response.status).toBe(429);
    expect(locked.body.error.code).toBe("id_check_locked");
    expect(JSON.stringify(locked.body)).not.toContain("Kim Carrier");
    // The lock is the booking's: its receipt's check is refused too.
    expect((await withReceipt(booking.id, "view", receipt, { nationalId: person })).response.status).toBe(429);

    const unknown = await unusedCode();
    for (let i = 0; i < HOURLY_CAP; i++) expect((await find(unknown, wrong(i))).response.status).toBe(404);
    const unknownLocked = await find(unknown, person);
    expect(unknownLocked.response.status).toBe(429);
    expect(Object.keys(unknownLocked.body.error).sort()).toEqual(Object.keys(locked.body.error).sort());
    expect(unknownLocked.body.error.code).toBe("id_check_locked");

    // An hour on, the right number finds the booking again.
    advanceServerTime(3600_000);
    expect((await find(booking.code, person)).response.status).toBe(200);
  });

  it("one client address gets ten ID checks a minute, finds and receipt checks together", async () => {
    const { booking, receipt, person } = await booked("find-address");
    const address = freshAddress();
    for (let i = 0; i < 5; i++) {
      expect((await find(booking.code, person, address)).response.status).toBe(200);
      expect((await withReceipt(booking.id, "view", receipt, { nationalId: person }, address)).response.status).toBe(200);
    }
    const refused = await find(booking.code, person, address);
    expect(refused.response.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    const unknown = await find(await unusedCode(), person, address);
    expect(unknown.body.error.code).toBe("rate_limited");
  });

  it("a malformed code is refused as such, before any check is counted", async () => {
    const { response, body } = await find("K7QM-0OIL", nationalIdFor("1967-05-05", 1));
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("invalid_input");
  });
});

describe("the call centre finds a booking the same way", () => {
  it("an agent finds a booking in any cohort by code and the caller's number, and each try is audited", async () => {
    const { booking, person, wrong } = await booked("agent-find");
    const found = await send("POST", "/agent/v1/find-booking", { code: booking.code, nationalId: person }, AGENT);
    expect(found.status).toBe(200);
    expect(((await found.json()) as any).booking).toMatchObject({ id: booking.id, code: booking.code, name: "Kim Carrier" });

    const miss = await send("POST", "/agent/v1/find-booking", { code: booking.code, nationalId: wrong(1) }, AGENT);
    expect(miss.status).toBe(404);
    expect(((await miss.json()) as any).error.code).toBe("booking_code_mismatch");
    expect((await send("POST", "/agent/v1/find-booking", { code: booking.code, nationalId: person }, {})).status).toBe(401);

    const { results } = await env.DB.prepare(
      "SELECT action, outcome, booking_id, identity_key FROM agent_actions WHERE agent_id = ? AND action = 'find' ORDER BY rowid DESC LIMIT 2",
    )
      .bind(AGENT_ID)
      .all<Record<string, any>>();
    expect(results.map((r) => r.outcome)).toEqual(["booking_code_mismatch", "ok"]);
    expect(results[1]!.booking_id).toBe(booking.id);
    expect(JSON.stringify(results)).not.toContain(person);
  });
});

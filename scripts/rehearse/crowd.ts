// The simulated crowd of an opening: when each person arrives, how many tabs they open, whether
// they reload, abandon their turn or try a 2021 bypass, and what each of them saw.
import { addressOf, nationalIdOf } from "../surge/cohort-client.ts";
import type { LocalService } from "../surge/local-service.ts";
import { fetchAs } from "../surge/one-host.ts";

/** Every isolate's requests name one Host, as production's isolates all serve one hostname (so they share the location's copies). */
const send = fetchAs("vaccine.rehearse");

/** The 2021 tricks a share of the crowd tries, each with the answer it must get. */
export const BYPASSES = {
  "direct link to booking": { status: 401, code: "grant_required" },
  "ticket presented as a grant": { status: 403, code: "grant_invalid" },
  "edited ticket (console)": { status: 401, code: "unauthorized" },
  "someone else's national ID with my grant": { status: 403, code: "grant_invalid" },
} as const;
export type BypassKind = keyof typeof BYPASSES;

/** What one person will do. */
export interface PersonPlan {
  index: number;
  arriveAtMs: number;
  tabs: number;
  reloads: boolean;
  abandonsFirstGrant: boolean;
  bypass: BypassKind | null;
  thinkMs: number;
}

/** What one person saw, from their side. */
export interface PersonLog {
  plan: PersonPlan;
  sentAtMs: number | null;
  /** How long their first join took to answer: the way in, under the cliff. */
  joinLatencyMs: number | null;
  identity: string | null;
  joinedInPrequeue: boolean;
  position: number | null;
  /** When they first learned their position, and the wait they were told then. */
  positionedAtMs: number | null;
  estimateSeconds: number | null;
  admittedSeenAtMs: number | null;
  booked: boolean;
  slotFullRetries: number;
  /** A reload, tab or poll that showed another position than the one given: must stay 0. */
  placeChanges: number;
  /** A poll that showed more people ahead than the last one: must stay 0. */
  aheadRises: number;
  bypassOutcome: { expected: string; got: string } | null;
  errors: string[];
  /** What happened when, for anyone who did not book (seconds from arrival). */
  trail: string[];
}

/** Per-second counts of requests the crowd sent, by kind. */
export class RequestMeter {
  readonly bySecond = new Map<number, Record<string, number>>();
  count(kind: string): void {
    const second = Math.floor(Date.now() / 1000);
    const row = this.bySecond.get(second) ?? {};
    row[kind] = (row[kind] ?? 0) + 1;
    this.bySecond.set(second, row);
  }
}

/** A seeded generator, so a rehearsal can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Arrivals shaped like a 2021 opening: a few early birds in the pre-queue (often with several
 * tabs), a cliff in the first seconds after the opening, and a tail over the following minute.
 */
export function planCrowd(people: number, startMs: number, openingMs: number, rand: () => number): PersonPlan[] {
  const bypassKinds = Object.keys(BYPASSES) as BypassKind[];
  return Array.from({ length: people }, (_, index) => {
    const roll = rand();
    let arriveAtMs: number;
    if (roll < 0.2) arriveAtMs = startMs + 2000 + rand() * (openingMs - startMs - 4000);
    else if (roll < 0.8)
      arriveAtMs = openingMs + -Math.log(1 - rand() * 0.999) * 4000; // the cliff: half within ~3 s
    else arriveAtMs = openingMs + 10_000 + rand() * 60_000;
    const early = arriveAtMs < openingMs;
    return {
      index,
      arriveAtMs,
      tabs: rand() < (early ? 0.4 : 0.15) ? 2 + Math.floor(rand() * 4) : 1,
      reloads: rand() < 0.25,
      abandonsFirstGrant: rand() < 0.03,
      bypass: rand() < 0.05 ? bypassKinds[Math.floor(rand() * bypassKinds.length)]! : null,
      thinkMs: 1500 + rand() * 6000,
    };
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The payload of a token (not verified: the client only reads its own identity key). */
export function tokenPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** How one person goes through the opening, until booked, out of time, or `deadlineMs`. */
export async function livePerson(
  service: LocalService,
  cohortId: string,
  plan: PersonPlan,
  slots: readonly string[],
  meter: RequestMeter,
  deadlineMs: number,
): Promise<PersonLog> {
  const log: PersonLog = {
    plan,
    sentAtMs: null,
    joinLatencyMs: null,
    identity: null,
    joinedInPrequeue: false,
    position: null,
    positionedAtMs: null,
    estimateSeconds: null,
    admittedSeenAtMs: null,
    booked: false,
    slotFullRetries: 0,
    placeChanges: 0,
    aheadRises: 0,
    bypassOutcome: null,
    errors: [],
    trail: [],
  };
  // Each person reaches one edge isolate (of many, when the service runs several), as a browser keeps one connection.
  const base = `${service.edgeUrls[plan.index % service.edgeUrls.length] ?? service.url}/api/v1/cohorts/${cohortId}`;
  const nationalId = nationalIdOf(plan.index);
  // Like a browser: cookies the service sets (the ticket, how far admission had advanced) go back with later requests.
  const jar = new Map<string, string>();
  const call = async (kind: string, path: string, init: RequestInit = {}, withCookies = true) => {
    meter.count(kind);
    const sentAt = Date.now();
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    // Every request comes from the person's own address, as a browser's would (limits are per address).
    const headers = {
      "CF-Connecting-IP": addressOf(plan.index * 8),
      ...(init.headers as Record<string, string> | undefined),
      ...(withCookies && cookie ? { Cookie: cookie } : {}),
    };
    const response = await send(`${base}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const body = (await response.json().catch(() => null)) as any;
    if (log.trail.length < 40)
      log.trail.push(
        `${((sentAt - plan.arriveAtMs) / 1000).toFixed(1)}s ${kind} ${response.status} ${body?.state ?? body?.error?.code ?? ""}${body?.grantExpiresAt ? ` until ${body.grantExpiresAt}` : ""}`,
      );
    return { status: response.status, body };
  };
  const join = (tab: number) =>
    call("join", "/queue", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": addressOf(plan.index * 8 + tab) },
      body: JSON.stringify({ nationalId }),
    });
  const book = (bearer: string | null, body: unknown) =>
    call("book", "/bookings", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });
  const seePosition = (position: number | null, answer: any) => {
    if (position === null) return;
    if (log.position === null) {
      log.position = position;
      log.positionedAtMs = Date.now();
      log.estimateSeconds = answer.estimatedWaitSeconds ?? null;
    } else if (position !== log.position) log.placeChanges += 1;
  };
  const tryBypass = async (kind: BypassKind, ticket: string, grant: string | null) => {
    let got: { status: number; body: any };
    if (kind === "direct link to booking") got = await book(null, { nationalId, name: "Early Bird", slotId: slots[0] });
    else if (kind === "ticket presented as a grant") got = await book(ticket, { nationalId, name: "Console", slotId: slots[0] });
    else if (kind === "edited ticket (console)") {
      const [header, , signature] = ticket.split(".");
      const payload = Buffer.from(JSON.stringify({ ...tokenPayload(ticket), pos: 1 })).toString("base64url");
      got = await call("bypass", "/queue", { headers: { Authorization: `Bearer ${header}.${payload}.${signature}` } });
    } else got = await book(grant, { nationalId: nationalIdOf(plan.index + 1_000_000), name: "Someone Else", slotId: slots[0] });
    const expected = BYPASSES[kind];
    log.bypassOutcome = { expected: `${expected.status} ${expected.code}`, got: `${got.status} ${got.body?.error?.code ?? "(no error)"}` };
  };

  await pause(plan.arriveAtMs - Date.now());
  log.sentAtMs = Date.now();
  const tabs = await Promise.all(Array.from({ length: plan.tabs }, (_, tab) => join(tab)));
  log.joinLatencyMs = Date.now() - log.sentAtMs;
  const first = tabs.find((t) => t.status === 200);
  if (!first) {
    log.errors.push(`join refused: ${tabs.map((t) => `${t.status} ${t.body?.error?.code}`).join(", ")}`);
    return log;
  }
  let ticket = first.body.ticket as string;
  log.identity = tokenPayload(ticket).sub as string;
  log.joinedInPrequeue = first.body.state === "prequeue";
  for (const tab of tabs) seePosition(tab.body?.position ?? null, tab.body);
  if (plan.bypass && plan.bypass !== "someone else's national ID with my grant") await tryBypass(plan.bypass, ticket, null);

  let lastAhead = Number.POSITIVE_INFINITY;
  let pollAfter = first.body.pollAfterSeconds ?? 2;
  let abandoned = false;
  while (Date.now() < deadlineMs) {
    await pause(Math.min(pollAfter * 1000, deadlineMs - Date.now()));
    const reload = plan.reloads && Math.random() < 0.3;
    const answer = reload ? await join(0) : await call("poll", "/queue", { headers: { Authorization: `Bearer ${ticket}` } });
    if (answer.status !== 200) {
      log.errors.push(`${reload ? "reload" : "poll"}: ${answer.status} ${answer.body?.error?.code}`);
      pollAfter = 2;
      continue;
    }
    if (answer.body.ticket) ticket = answer.body.ticket;
    seePosition(answer.body.position ?? null, answer.body);
    pollAfter = answer.body.pollAfterSeconds ?? 2;
    if (answer.body.state === "waiting") {
      if (answer.body.ahead > lastAhead) log.aheadRises += 1;
      lastAhead = answer.body.ahead;
      continue;
    }
    if (answer.body.state === "expired" && answer.body.reentryUntil) {
      pollAfter = 0; // back to the page: the next join re-enters at the front
      await join(0);
      lastAhead = Number.POSITIVE_INFINITY;
      continue;
    }
    if (answer.body.state !== "admitted" || !answer.body.grant) continue;
    log.admittedSeenAtMs ??= Date.now();
    if (plan.abandonsFirstGrant && !abandoned) {
      abandoned = true; // walks away: the grant expires and frees its share of the booking step
      pollAfter = 35;
      continue;
    }
    if (plan.bypass === "someone else's national ID with my grant" && !log.bypassOutcome)
      await tryBypass(plan.bypass, ticket, answer.body.grant);
    await pause(plan.thinkMs);
    // First choice: one of the three earliest slots, as most people pick; when it is full, the
    // page reloads the slot list and they pick one that still shows seats.
    let slotId = slots[plan.index % 3]!;
    for (let attempt = 0; attempt < 6 && !log.booked; attempt++) {
      const booked = await book(answer.body.grant, { nationalId, name: `Person ${plan.index}`, slotId });
      if (booked.status === 201 || booked.status === 200) log.booked = true;
      else if (booked.body?.error?.code === "slot_full") {
        log.slotFullRetries += 1;
        const listed = await call("slots", "/slots");
        const open = ((listed.body?.clinics ?? []) as Array<{ slots: Array<{ id: string; remaining: number }> }>)
          .flatMap((c) => c.slots)
          .filter((s) => s.remaining > 0);
        if (open.length === 0) {
          log.errors.push("book: every slot full");
          break;
        }
        slotId = open[Math.floor(Math.random() * open.length)]!.id;
      } else {
        log.errors.push(`book: ${booked.status} ${booked.body?.error?.code}`);
        break;
      }
    }
    if (log.booked) break;
  }
  // A last reload: the place must still be theirs.
  const again = await join(0);
  if (again.status === 200) seePosition(again.body.position ?? null, again.body);
  else log.errors.push(`final reload: ${again.status} ${again.body?.error?.code}`);
  return log;
}

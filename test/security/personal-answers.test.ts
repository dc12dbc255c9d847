// Answers that carry a person's ticket, grant, receipt, name or booking must never be kept by an
// edge or proxy cache: a cached answer would be served to the next person asking the same URL.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, api, book, join, joinAndAdmit, nationalIdFor, send } from "../helpers";
import { oneDoseCohort, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const AGENT = { Authorization: `Bearer ${env.AGENT_TOKENS.split(" ")[0]!.split(":")[1]!}` };

/** True when a Cache-Control value forbids shared caches from keeping the answer. */
function keptByNoSharedCache(cacheControl: string | null): boolean {
  return cacheControl !== null && /\b(no-store|private)\b/.test(cacheControl) && !/\bpublic\b/.test(cacheControl);
}

describe("personal answers of the API", () => {
  it("every answer carrying a ticket, grant, receipt, name or booking tells shared caches not to keep it", async () => {
    const { cohortId, slotId, nextDay } = await oneDoseCohort("no-store");
    const me = nationalIdFor("1968-04-04", 1);
    const answers: Record<string, Response> = {};

    answers.join = (await join(cohortId, me)).response;
    const { grant } = await joinAndAdmit(cohortId, me);
    const booked = await book(cohortId, grant, { nationalId: me, name: "Hong", slotId });
    answers.book = booked.response;
    const { booking, receipt } = booked.body;
    answers.read = await api(`/api/v1/bookings/${booking.id}`, { headers: { Authorization: `Bearer ${receipt}` } });
    answers.view = (await withReceipt(booking.id, "view", receipt, { nationalId: me })).response;
    answers.reschedule = (await withReceipt(booking.id, "reschedule", receipt, { nationalId: me, slotId: nextDay })).response;
    answers.cancel = (await withReceipt(booking.id, "cancel", receipt, { nationalId: me })).response;

    const parent = nationalIdFor("1967-09-09", 1);
    answers["agent book"] = await send(
      "POST",
      `/agent/v1/cohorts/${cohortId}/bookings`,
      { requestId: crypto.randomUUID(), name: "Parent", nationalId: parent, slotId },
      AGENT,
    );
    answers["agent lookup"] = await send("POST", `/agent/v1/cohorts/${cohortId}/bookings/lookup`, { nationalId: parent }, AGENT);
    answers["admin bookings"] = await api(`/admin/v1/bookings?status=active&cohortId=${cohortId}`, { headers: ADMIN });
    answers["admin agent actions"] = await api("/admin/v1/agent-actions", { headers: ADMIN });
    answers["admin config"] = await api(`/admin/v1/cohorts/${cohortId}`, { headers: ADMIN });

    for (const [name, response] of Object.entries(answers)) {
      expect(response.status, name).toBeLessThan(300);
      expect(
        keptByNoSharedCache(response.headers.get("Cache-Control")),
        `${name}: Cache-Control ${response.headers.get("Cache-Control")}`,
      ).toBe(true);
    }
  });

  it("public answers keep their own cache policy", async () => {
    const { cohortId } = await oneDoseCohort("public-cache");
    for (const path of [`/api/v1/cohorts/${cohortId}`, `/api/v1/cohorts/${cohortId}/slots`, "/api/v1/receipts/keys"]) {
      const response = await api(path);
      expect(response.headers.get("Cache-Control"), path).toMatch(/^public/);
    }
  });
});

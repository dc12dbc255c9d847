// Families book for elderly parents from one device: each member with their own national ID and
// their own eligibility, and one browser holds several people's places without overwriting any.
import { afterEach, describe, expect, it, vi } from "vitest";
import { admissionTick, api, book, cohortConfig, createCohort, freshAddress, nationalIdFor, send, setServerTime } from "../helpers";
import { AFTER_OPENING, OPENING, seatsOf, twoDoseClinic } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

/** A minimal browser cookie jar: keeps every cookie by name, as a browser would for one path. */
class Browser {
  readonly cookies = new Map<string, string>();

  async join(cohortId: string, nationalId: string) {
    const response = await send(
      "POST",
      `/api/v1/cohorts/${cohortId}/queue`,
      { nationalId },
      { "CF-Connecting-IP": freshAddress(), ...this.#cookieHeader() },
    );
    this.#remember(response);
    return { response, body: (await response.json()) as Record<string, any> };
  }

  /** Polls with cookies only, as a page without scripts reading tickets would; `holder` names whose place. */
  async poll(cohortId: string, holder?: string) {
    const query = holder ? `?holder=${encodeURIComponent(holder)}` : "";
    const response = await api(`/api/v1/cohorts/${cohortId}/queue${query}`, { headers: this.#cookieHeader() });
    this.#remember(response);
    return { response, body: (await response.json()) as Record<string, any> };
  }

  #cookieHeader(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
  }

  #remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
}

describe("booking for a family from one device", () => {
  it("a second family member joining from the same browser does not overwrite the first one's place", async () => {
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort("family-cookies", cohortConfig(OPENING));
    const browser = new Browser();
    const mother = await browser.join(cohortId, nationalIdFor("1967-02-02", 1));
    const father = await browser.join(cohortId, nationalIdFor("1968-03-03", 2));
    expect(mother.body.holder).not.toBe(father.body.holder);
    expect(browser.cookies.size).toBe(2);

    const motherPlace = await browser.poll(cohortId, mother.body.holder);
    const fatherPlace = await browser.poll(cohortId, father.body.holder);
    expect(motherPlace.body.position).toBe(mother.body.position);
    expect(fatherPlace.body.position).toBe(father.body.position);
    expect(motherPlace.body.position).not.toBe(fatherPlace.body.position);

    // With two people's places on the device, a poll must say whose; a lone ticket needs no name.
    const ambiguous = await browser.poll(cohortId);
    expect(ambiguous.response.status).toBe(401);
    const alone = new Browser();
    const single = await alone.join(cohortId, nationalIdFor("1967-09-09", 3));
    expect((await alone.poll(cohortId)).body.position).toBe(single.body.position);
  });

  it("each member books with their own number and passes their own eligibility", async () => {
    const { vaccineId, dose1Slot } = await twoDoseClinic("family-book", 10, 10);
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort("family-book", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const browser = new Browser();
    const parents = [nationalIdFor("1967-02-02", 1), nationalIdFor("1968-03-03", 2)];
    const joined = [];
    for (const parent of parents) joined.push((await browser.join(cohortId, parent)).body);
    // The grown-up child is not in this cohort: their own eligibility refuses them, and nothing else changes.
    const child = await browser.join(cohortId, nationalIdFor("1995-05-05", 3));
    expect(child.response.status).toBe(403);
    expect(child.body.error.code).toBe("not_eligible");
    expect(browser.cookies.size).toBe(2);

    await admissionTick(cohortId);
    const receipts = [];
    for (const [i, parent] of parents.entries()) {
      const polled = await browser.poll(cohortId, joined[i]!.holder);
      expect(polled.body.state).toBe("admitted");
      // Booking one parent with the other's grant is refused; each books with their own.
      const other = parents[1 - i]!;
      expect((await book(cohortId, polled.body.grant, { nationalId: other, name: "Wrong", slotId: dose1Slot })).response.status).toBe(403);
      const booked = await book(cohortId, polled.body.grant, { nationalId: parent, name: `Parent ${i}`, slotId: dose1Slot });
      expect(booked.response.status).toBe(201);
      receipts.push(booked.body.receipt);
    }
    expect(new Set(receipts).size).toBe(2);
    expect(await seatsOf(dose1Slot)).toMatchObject({ held: 2, holders: 2 });
  });
});

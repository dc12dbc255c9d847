// Issue 15: a clinic's region and address were English on the Korean page, because the supply
// format had one of each. Now they come in both languages like the name, and old loads still work.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { demoSupply } from "../../scripts/demo-data.mjs";
import { strings } from "../../src/copy/pages";
import { clinicIn } from "../../src/copy/slot-text";
import { supplyLoadSchema } from "../../src/domain/supply-config";
import { bookingValues } from "../../src/pages/booking-values";
import { api, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, setServerTime } from "../helpers";
import {
  AFTER_OPENING,
  blockId,
  clinic,
  DOSE1_DAY,
  loadSupply,
  OPENING,
  putSupply,
  supplyDay,
  uniqueVaccineId,
  vaccine,
} from "../supply-helpers";

afterEach(() => vi.useRealTimers());

let serial = 0;

/** Loads one clinic as given, opens a cohort on its vaccine, books a seat; the slot list and the booking answer. */
async function clinicAndBooking(label: string, place: Record<string, string>) {
  setServerTime(AFTER_OPENING);
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  const { region: _, address: __, ...base } = clinic(clinicId, [vaccineId]);
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [{ ...base, ...place }],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 5)],
  });
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
  const slots = (await (await api(`/api/v1/cohorts/${cohortId}/slots`)).json()) as any;
  const person = nationalIdFor("1967-08-08", ++serial);
  const { grant } = await joinAndAdmit(cohortId, person);
  const { body } = await book(cohortId, grant, { nationalId: person, name: "Lee", slotId: blockId(clinicId, vaccineId, DOSE1_DAY) });
  return { clinicId, listed: slots.clinics.find((c: any) => c.id === clinicId), booking: body.booking };
}

const SEOUL = {
  regionKo: "서울특별시",
  regionEn: "Seoul",
  addressKo: "서울특별시 종로구 삼일대로 36",
  addressEn: "36 Samil-daero, Jongno-gu, Seoul",
};

describe("clinic region and address in both languages", () => {
  it("a bilingual load: the slot list and the booking carry both, and the Korean page shows Korean, the English page English", async () => {
    const { listed, booking } = await clinicAndBooking("bilingual", SEOUL);
    expect(listed).toMatchObject(SEOUL);
    expect(listed).not.toHaveProperty("region");
    expect(clinicIn(listed, "ko")).toMatchObject({ region: "서울특별시", address: "서울특별시 종로구 삼일대로 36" });
    expect(clinicIn(listed, "en")).toMatchObject({ region: "Seoul", address: "36 Samil-daero, Jongno-gu, Seoul" });

    expect(booking.clinic.region).toEqual({ ko: "서울특별시", en: "Seoul" });
    expect(booking.clinic.address).toEqual({ ko: "서울특별시 종로구 삼일대로 36", en: "36 Samil-daero, Jongno-gu, Seoul" });
    const ko = bookingValues(booking, "ko", "Asia/Seoul", strings("ko"));
    expect(ko.address).toBe("서울특별시 종로구 삼일대로 36");
    expect(ko.clinic).toContain("(서울특별시)");
    expect(bookingValues(booking, "en", "Asia/Seoul", strings("en")).address).toBe("36 Samil-daero, Jongno-gu, Seoul");
  });

  it("an old load with one region and one address still loads, that value in both languages", async () => {
    const { listed, booking } = await clinicAndBooking("one-language", { region: "Jeju", address: "1 Jeju-ro" });
    expect(listed).toMatchObject({ regionKo: "Jeju", regionEn: "Jeju", addressKo: "1 Jeju-ro", addressEn: "1 Jeju-ro" });
    expect(booking.clinic.region).toEqual({ ko: "Jeju", en: "Jeju" });
  });

  it("a clinic with neither a region nor its Korean one is refused, naming the field", async () => {
    const vaccineId = uniqueVaccineId("no-region");
    const { region: _, ...noRegion } = clinic(`${vaccineId}-c`, [vaccineId]);
    const { response, body } = await putSupply({ vaccines: [vaccine(vaccineId, 1)], clinics: [{ ...noRegion, regionEn: "Seoul" }] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(body)).toContain("regionKo");
  });

  it("a booking saved on a device by an older page (one region string) still shows", () => {
    const saved = { id: "x", status: "active", name: "Lee", slot: { startsAt: "2021-07-26T00:00:00Z", endsAt: "2021-07-26T00:30:00Z" } };
    const values = bookingValues(
      { ...saved, clinic: { name: { ko: "가", en: "A" }, region: "Seoul", address: "1 Test-ro" } },
      "ko",
      "Asia/Seoul",
      strings("ko"),
    );
    expect(values.address).toBe("1 Test-ro");
  });

  it("the demo clinics have Korean regions and addresses", () => {
    const parsed = supplyLoadSchema.parse(demoSupply(Date.now()));
    for (const c of parsed.clinics) {
      expect(c.regionKo).toMatch(/[가-힣]/);
      expect(c.addressKo).toMatch(/[가-힣]/);
      expect(c.regionEn).toMatch(/^[A-Za-z]/);
    }
    expect(parsed.clinics.find((c) => c.id === "seoul-jongno")!.addressKo).toBe("서울특별시 종로구 삼일대로 36");
  });

  it("migration 0006 gives clinics loaded before it their one language in English too", async () => {
    await env.DB.prepare(
      "INSERT INTO clinics (id, name_ko, name_en, region, address, time_zone, region_en, address_en) VALUES ('old-clinic', '가', 'A', 'Ulsan', '1 Ulsan-ro', 'Asia/Seoul', '', '')",
    ).run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0006_"))!;
    for (const query of migration.queries.filter((q) => q.includes("UPDATE `clinics`"))) await env.DB.prepare(query).run();
    const row = await env.DB.prepare("SELECT region_en, address_en FROM clinics WHERE id = 'old-clinic'").first();
    expect(row).toEqual({ region_en: "Ulsan", address_en: "1 Ulsan-ro" });
  });
});

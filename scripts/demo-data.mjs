// Demo data for `npm start`: a cohort opening a couple of minutes from now, and clinics with slots.

/** The demo cohort, born 1967-1968 like the 2021 53-54 cohort, opening `opensInMs` from now. */
export function demoCohort(nowMs, opensInMs) {
  const opensAt = new Date(Math.ceil((nowMs + opensInMs) / 60_000) * 60_000);
  const closesAt = new Date(opensAt.getTime() + 3 * 24 * 3600_000);
  return {
    name: { ko: "1967~1968년생 (데모)", en: "Born 1967-1968 (demo)" },
    timeZone: "Asia/Seoul",
    birthDates: { from: "1967-01-01", to: "1968-12-31" },
    windows: [{ opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() }],
    admissionRatePerMinute: 30,
    maxInBookingStep: 20,
    grantLifetimeSeconds: 600,
    prequeueLeadMinutes: 5,
    // Text messages go to the local fake provider (GET /admin/v1/notify/fake-outbox shows them).
    notifications: { enabled: true, grantLifetimeSeconds: 1800, nearPlaces: 20, nearMinutes: 5 },
    // Two intake shards, so the demo runs people's places the way a national opening does.
    intake: { shards: 2, flushMs: 400 },
  };
}

const VACCINES = [
  { id: "pfizer", nameKo: "화이자", nameEn: "Pfizer-BioNTech", doses: 2, dose2IntervalDays: 21 },
  { id: "janssen", nameKo: "얀센", nameEn: "Janssen", doses: 1 },
];

const CLINICS = [
  {
    id: "seoul-jongno",
    nameKo: "종로구 예방접종센터",
    nameEn: "Jongno-gu Vaccination Centre",
    regionKo: "서울특별시",
    regionEn: "Seoul",
    addressKo: "서울특별시 종로구 삼일대로 36",
    addressEn: "36 Samil-daero, Jongno-gu, Seoul",
    vaccines: ["pfizer"],
  },
  {
    id: "busan-haeundae",
    nameKo: "해운대구 예방접종센터",
    nameEn: "Haeundae-gu Vaccination Centre",
    regionKo: "부산광역시",
    regionEn: "Busan",
    addressKo: "부산광역시 해운대구 중대로 115",
    addressEn: "115 Jung-daero, Haeundae-gu, Busan",
    vaccines: ["pfizer"],
  },
  {
    id: "daejeon-seo",
    nameKo: "대전 서구 예방접종센터",
    nameEn: "Seo-gu Daejeon Vaccination Centre",
    regionKo: "대전광역시",
    regionEn: "Daejeon",
    addressKo: "대전광역시 서구 둔산로 100",
    addressEn: "100 Dunsan-ro, Seo-gu, Daejeon",
    vaccines: ["janssen"],
  },
];

/**
 * Day supply for the demo: 60 doses a day from 09:00 to 12:00 Seoul time (six 30-minute blocks of
 * 10) on the next three days, and for the two-dose vaccine also on the days its dose 2 falls on.
 */
export function demoSupply(nowMs) {
  const seoulMidnight = (dayOffset) => {
    const seoul = new Date(nowMs + 9 * 3600_000);
    return Date.UTC(seoul.getUTCFullYear(), seoul.getUTCMonth(), seoul.getUTCDate() + dayOffset) - 9 * 3600_000;
  };
  const supply = [];
  for (const clinic of CLINICS) {
    for (const vaccineId of clinic.vaccines) {
      const interval = VACCINES.find((v) => v.id === vaccineId).dose2IntervalDays ?? null;
      const days = interval === null ? [1, 2, 3] : [1, 2, 3, 1 + interval, 2 + interval, 3 + interval];
      for (const day of days) {
        const opensAt = seoulMidnight(day) + 9 * 3600_000;
        supply.push({
          clinicId: clinic.id,
          vaccineId,
          opensAt: new Date(opensAt).toISOString(),
          closesAt: new Date(opensAt + 3 * 3600_000).toISOString(),
          doses: 60,
          slotMinutes: 30,
        });
      }
    }
  }
  return { vaccines: VACCINES, clinics: CLINICS, supply };
}

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
  };
}

const CLINICS = [
  { id: "seoul-jongno", nameKo: "종로구 예방접종센터", nameEn: "Jongno-gu Vaccination Centre", region: "Seoul", address: "36 Samil-daero, Jongno-gu, Seoul" },
  { id: "busan-haeundae", nameKo: "해운대구 예방접종센터", nameEn: "Haeundae-gu Vaccination Centre", region: "Busan", address: "115 Jung-daero, Haeundae-gu, Busan" },
  { id: "daejeon-seo", nameKo: "대전 서구 예방접종센터", nameEn: "Seo-gu Daejeon Vaccination Centre", region: "Daejeon", address: "100 Dunsan-ro, Seo-gu, Daejeon" },
];

/** Three clinics, each with 30-minute slots from 09:00 to 12:00 Seoul time on the next three days. */
export function demoSupply(nowMs) {
  const slots = [];
  const seoulMidnight = (dayOffset) => {
    const seoul = new Date(nowMs + 9 * 3600_000);
    return Date.UTC(seoul.getUTCFullYear(), seoul.getUTCMonth(), seoul.getUTCDate() + dayOffset) - 9 * 3600_000;
  };
  for (const clinic of CLINICS) {
    for (let day = 1; day <= 3; day++) {
      for (let block = 0; block < 6; block++) {
        const start = seoulMidnight(day) + 9 * 3600_000 + block * 1800_000;
        slots.push({
          id: `${clinic.id}-d${day}-${String(block).padStart(2, "0")}`,
          clinicId: clinic.id,
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 1800_000).toISOString(),
          capacity: 10,
        });
      }
    }
  }
  return { clinics: CLINICS, slots };
}

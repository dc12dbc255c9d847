// Dates, times, durations and numbers as people read them. Shared by the server-rendered pages and
// the browser script, so both say the same thing the same way. Pure: no clock is read here.
import type { Lang } from "./lang";

const LOCALE: Record<Lang, string> = { ko: "ko-KR", en: "en-GB" };

/** A calendar date written out: `1967년 1월 1일`, `1 January 1967`. */
export function formatCalendarDate(isoDate: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** An instant in full, in a time zone: `2021년 7월 19일 월요일 오후 8:00`, `Monday, 19 July 2021 at 20:00`. */
export function formatInstant(instant: string | number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone, dateStyle: "full", timeStyle: "short" }).format(new Date(instant));
}

/** An instant in short, for slots: `7월 20일 (화) 오전 9:00`, `Tue 20 Jul, 09:00`. */
export function formatSlotTime(instant: string | number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hourCycle: lang === "ko" ? "h12" : "h23",
  }).format(new Date(instant));
}

/** The day of an instant, for grouping slots: `7월 20일 화요일`, `Tuesday 20 July`. */
export function formatDay(instant: string | number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone, weekday: "long", month: "long", day: "numeric" }).format(new Date(instant));
}

/** The time of day of an instant: `오후 8:03:15`, `20:03:15`. */
export function formatClock(instant: string | number, lang: Lang, timeZone: string, withSeconds = true): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
    hourCycle: lang === "ko" ? "h12" : "h23",
  }).format(new Date(instant));
}

/** The name of a time zone: `한국 표준시`, `Korean Standard Time`. */
export function timeZoneName(timeZone: string, lang: Lang, atMs: number): string {
  const parts = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, timeZoneName: "long" }).formatToParts(new Date(atMs));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** A count with grouping: `123,456`. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}

/** An estimated wait, rounded up to whole minutes: `약 8분`, `about 2 h 5 min`, `1분 이내`. */
export function formatWait(seconds: number, lang: Lang): string {
  if (seconds < 60) return lang === "ko" ? "1분 이내" : "under a minute";
  const minutes = Math.ceil(seconds / 60);
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  if (lang === "ko") return `약 ${h > 0 ? `${h}시간 ` : ""}${h > 0 && m === 0 ? "" : `${m}분`}`.trim();
  return `about ${h > 0 ? `${h} h ` : ""}${h > 0 && m === 0 ? "" : `${m} min`}`.trim();
}

/**
 * A range of waits in whole minutes (hours past two): `약 3~8분`, `about 3 to 8 min`; `최대 약 5분` /
 * `up to about 5 min` when it may be any moment now; `1분 이내` / `under a minute` only when even the slow end is.
 */
export function formatWaitRange(range: { minSeconds: number; maxSeconds: number }, lang: Lang): string {
  if (range.maxSeconds < 60) return formatWait(range.maxSeconds, lang);
  const hours = range.maxSeconds >= 7200;
  const unit = hours ? 3600 : 60;
  const high = Math.ceil(range.maxSeconds / unit);
  const low = Math.floor(range.minSeconds / unit);
  const word = lang === "ko" ? (hours ? "시간" : "분") : hours ? "h" : "min";
  if (low < 1) return lang === "ko" ? `최대 약 ${high}${word}` : `up to about ${high} ${word}`;
  if (low >= high) return lang === "ko" ? `약 ${high}${word}` : `about ${high} ${word}`;
  return lang === "ko" ? `약 ${low}~${high}${word}` : `about ${low} to ${high} ${word}`;
}

/** A countdown: `3일 4시간`, `1:02:03`, `04:05`. Never negative. */
export function formatCountdown(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  if (days > 0) return lang === "ko" ? `${days}일 ${hours}시간` : `${days} d ${hours} h`;
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** A count in short, for chart axes: `1.5천`, `12만`; `1.5K`, `2M`. */
export function formatCompact(n: number, lang: Lang): string {
  // en-US, not en-GB: en-GB writes millions as a lower-case `m`, which reads as minutes on a chart.
  return new Intl.NumberFormat(lang === "ko" ? "ko-KR" : "en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

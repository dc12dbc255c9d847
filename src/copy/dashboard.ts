// Every sentence and label the operators' dashboard shows, in Korean and English side by side: the
// page, the messages of its script, and each cohort's stats panel. `{name}` marks a figure the
// panel fills in, already formatted for the language (see fill in lang.ts).
import { fill, type Lang } from "./lang";

const TEXT = {
  pageTitle: { ko: "운영 현황판", en: "Dashboard" },
  brand: { ko: "운영자 · 예방접종 대기실", en: "Operators · Vaccination waiting room" },
  tokenLabel: { ko: "관리자 토큰", en: "Admin token" },
  useToken: { ko: "토큰 사용", en: "Use token" },
  operatorLabel: { ko: "운영자 이름", en: "Your name" },
  cohortLabel: { ko: "대상군", en: "Cohort" },

  pause: { ko: "일시 정지", en: "Pause" },
  resume: { ko: "재개", en: "Resume" },
  hold: { ko: "긴급 정지", en: "Hold (emergency stop)" },
  holdConfirm: {
    ko: "모두 멈춥니다: 입장도 예약도 받지 않고 입장권은 동결됩니다. 계속할까요?",
    en: "Hold everyone: nobody admitted, nobody books, grants frozen. Continue?",
  },
  release: { ko: "긴급 정지 해제", en: "Release" },
  closeEarly: { ko: "조기 마감", en: "Close early" },
  closeConfirm: {
    ko: "이 대상군을 조기 마감합니다: 대기열 진입, 입장, 예약을 모두 받지 않습니다. 계속할까요?",
    en: "Close this cohort early: no joins, admissions or bookings. Continue?",
  },
  reopen: { ko: "다시 열기", en: "Reopen" },
  adaptiveOff: { ko: "자동 조절 끄기", en: "Adaptive off" },
  adaptiveOn: { ko: "자동 조절 켜기", en: "Adaptive on" },
  ratePlaceholder: { ko: "분당 입장", en: "rate / min" },
  rateLabel: { ko: "분당 입장 인원", en: "admission rate per minute" },
  setRate: { ko: "입장 속도 설정", en: "Set rate" },
  capPlaceholder: { ko: "예약 단계 상한", en: "booking cap" },
  capLabel: { ko: "예약 단계 동시 인원 상한", en: "booking-step cap" },
  setCap: { ko: "상한 설정", en: "Set cap" },
  reasonPlaceholder: { ko: "사유 (감사 기록에 남음)", en: "reason (audited)" },
  reasonLabel: { ko: "사유", en: "reason" },

  enterToken: { ko: "관리자 토큰을 입력하세요.", en: "Enter the admin token." },
  tokenRefused: { ko: "관리자 토큰이 거부되었습니다.", en: "The admin token was refused." },
  noCohorts: { ko: "아직 설정된 대상군이 없습니다.", en: "No cohort is configured yet." },
  statsUnavailable: { ko: "현황을 불러오지 못했습니다 ({status}).", en: "Stats unavailable ({status})." },

  statusLine: {
    ko: "{cohort}: {phase} · 켜진 스위치: {switches} · {time} UTC 기준",
    en: "{cohort}: {phase} · switches: {switches} · as of {time} UTC",
  },
  phase_upcoming: { ko: "예약 전", en: "UPCOMING" },
  phase_prequeue: { ko: "사전 대기", en: "PREQUEUE" },
  phase_open: { ko: "예약 중", en: "OPEN" },
  phase_paused: { ko: "일시 정지", en: "PAUSED" },
  phase_closed: { ko: "마감", en: "CLOSED" },
  switchHeld: { ko: "긴급 정지 중", en: "HELD (emergency stop)" },
  switchClosedEarly: { ko: "조기 마감", en: "closed early" },
  switchPaused: { ko: "일시 정지", en: "paused" },
  switchRate: { ko: "입장 속도 수동 설정", en: "rate overridden" },
  switchCap: { ko: "상한 수동 설정", en: "cap overridden" },
  switchAdaptiveOff: { ko: "자동 입장 조절 꺼짐", en: "adaptive admission off" },
  switchesNone: { ko: "없음", en: "none" },

  waiting: { ko: "대기 중", en: "waiting" },
  waitingNote: { ko: "사전 대기열 {count}", en: "pre-queue {count}" },
  inBookingStep: { ko: "예약 단계", en: "in booking step" },
  inBookingStepNote: { ko: "상한 {count}", en: "cap {count}" },
  admitted: { ko: "입장", en: "admitted" },
  admittedNote: { ko: "{position}번까지 입장", en: "through position {position}" },
  booked: { ko: "예약 완료", en: "booked" },
  bookedNote: { ko: "최근 1분 {count}건", en: "{count} last minute" },
  admissionRate: { ko: "분당 입장", en: "admission rate / min" },
  admissionRateNote: { ko: "목표 {target}", en: "target {target}" },
  admissionRateConfigured: { ko: " (설정값 {configured})", en: " (config {configured})" },
  admittingAt: { ko: "현재 분당 입장 속도", en: "admitting at / min" },
  adaptiveOffNote: { ko: "자동 조절 꺼짐: 목표 속도로 입장", en: "adaptive off: the target is admitted" },
  adaptiveNote: {
    ko: "{trend} · {commits} (목표 {target}), {samples}건 중 {failures}건 실패 · 하한 {floor}",
    en: "{trend} · {commits} (target {target}), {failures} failed of {samples} · floor {floor}",
  },
  adaptiveLowered: { ko: "백엔드 부하로 낮춤", en: "lowered for the backend" },
  adaptiveFollowing: { ko: "백엔드 상태에 맞춤", en: "following the backend" },
  commitP95: { ko: "커밋 p95 {ms} ms", en: "p95 commit {ms} ms" },
  noCommits: { ko: "커밋 없음", en: "no commits" },
  grantsExpired: { ko: "만료된 입장권", en: "grants expired" },
  grantsExpiredNote: { ko: "대기열 진입 {count}명", en: "{count} joined" },
  wrongIds: { ko: "시간당 틀린 주민등록번호", en: "wrong ID numbers / hour" },
  lockedBooking: { ko: "지금 잠긴 예약 {count}건", en: "{count} booking locked now" },
  lockedBookings: { ko: "지금 잠긴 예약 {count}건", en: "{count} bookings locked now" },

  chartWaiting: { ko: "대기 인원", en: "People waiting" },
  chartAdmitted: { ko: "분당 입장 인원", en: "Admitted per minute" },
  chartBooked: { ko: "분당 예약과 만료된 입장권", en: "Bookings and expired grants per minute" },
  chartWait: { ko: "대기열 맨 뒤의 대기 시간(초): 예상과 실제", en: "Wait at the back of the line (s): estimated vs actual" },
  chartRefusals: { ko: "오류 코드별 거부", en: "Refusals by error code" },
  lineWaiting: { ko: "대기", en: "waiting" },
  lineAdmitted: { ko: "입장", en: "admitted" },
  lineTarget: { ko: "목표", en: "target" },
  lineAdmittingAt: { ko: "현재 속도", en: "admitting at" },
  lineBooked: { ko: "예약", en: "booked" },
  lineExpired: { ko: "만료", en: "expired" },
  lineEstimated: { ko: "예상", en: "estimated" },
  lineActual: { ko: "실제", en: "actual" },
  refusedInQueue: { ko: "{code} (대기열)", en: "{code} (queue)" },
  refusedAtEdge: { ko: "{code} (엣지)", en: "{code} (edge)" },
  noBars: { ko: "없음", en: "none" },

  shardsMissing: {
    ko: "응답하지 않는 접수 샤드: {shards}. 이 샤드의 인원이 사전 대기열, 대기, 예약 단계 수치에서 빠져 있어, 샤드가 다시 응답할 때까지 수치가 실제보다 낮습니다. 이 샤드의 순번은 그대로 유지되고, 보고가 올 때까지 입장 계산은 이 샤드가 입장권을 가진 것으로 셉니다. 거부 건수는 다시 응답하면 집계됩니다.",
    en: "Intake shards not answering: {shards}. Their people are left out of the pre-queue, waiting and booking-step figures, which read low until they answer. Their places are kept, admission counts them as holding grants until they report, and their refusals are counted once they do.",
  },
} as const satisfies Record<string, Record<Lang, string>>;

/** A dashboard sentence or label, by its stable key. */
export type DashboardKey = keyof typeof TEXT;

/** Every dashboard sentence in one language. */
export type DashboardText = Record<DashboardKey, string>;

const byLang = (lang: Lang): DashboardText =>
  Object.fromEntries(Object.entries(TEXT).map(([key, text]) => [key, text[lang]])) as DashboardText;
const DASHBOARD_TEXT: Record<Lang, DashboardText> = { ko: byLang("ko"), en: byLang("en") };

/** The dashboard's sentences in a language. */
export function dashboardText(lang: Lang): DashboardText {
  return DASHBOARD_TEXT[lang];
}

/** The messages the dashboard's script shows; it reads them from the page's `#page-data`. */
export const DASHBOARD_SCRIPT_TEXT = ["enterToken", "tokenRefused", "noCohorts", "statsUnavailable"] as const;

/** What the dashboard page hands its script: its language and the messages the script shows. */
export interface DashboardScriptData {
  lang: Lang;
  text: Pick<DashboardText, (typeof DASHBOARD_SCRIPT_TEXT)[number]>;
}

/** The script's data for a page language. */
export function dashboardScriptData(lang: Lang): DashboardScriptData {
  const text = dashboardText(lang);
  return { lang, text: Object.fromEntries(DASHBOARD_SCRIPT_TEXT.map((key) => [key, text[key]])) as DashboardScriptData["text"] };
}

/** The warning over a cohort's stats while some of its intake shards did not answer (shard numbers from 0). */
export function shardsMissingWarning(shards: readonly number[], lang: Lang): string {
  return fill(dashboardText(lang).shardsMissing, { shards: shards.join(", ") });
}

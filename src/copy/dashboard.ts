// Every sentence and label of the operators' dashboard's stats panel, in Korean and English side
// by side. `{name}` marks a figure the panel fills in, already formatted for the language (see
// fill in lang.ts).
import { fill, type Lang } from "./lang";

const TEXT = {
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

/** The warning over a cohort's stats while some of its intake shards did not answer (shard numbers from 0). */
export function shardsMissingWarning(shards: readonly number[], lang: Lang): string {
  return fill(dashboardText(lang).shardsMissing, { shards: shards.join(", ") });
}

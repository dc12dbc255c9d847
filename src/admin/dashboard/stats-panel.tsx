import type { IdCheckStats } from "../../bookings/d1/id-checks";
import { type DashboardText, dashboardText, shardsMissingWarning } from "../../copy/dashboard";
import { formatCount } from "../../copy/format";
import { fill, type Lang } from "../../copy/lang";
import type { QueueStats } from "../../queue/object/stats";
import { BarList, LineChart } from "./charts";

const hhmm = (iso: string) => iso.slice(11, 16);

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="figure">
      <div class="label">{label}</div>
      <div class="value">{value}</div>
      {note && <div class="note">{note}</div>}
    </div>
  );
}

/** The series from a minute before its first activity (at least the last ten minutes), so charts show detail. */
function recent(series: QueueStats["series"]): QueueStats["series"] {
  const first = series.findIndex((p) => p.waiting !== null || p.joined + p.admitted + p.booked + p.expired > 0);
  return series.slice(first < 0 ? -10 : Math.min(Math.max(first - 1, 0), series.length - 10));
}

/** What is switched on, in words. */
function switches(stats: QueueStats, text: DashboardText): string {
  const c = stats.controls;
  const on = [
    c.held && text.switchHeld,
    c.closedEarly && text.switchClosedEarly,
    c.paused && text.switchPaused,
    c.admissionRatePerMinute !== null && text.switchRate,
    c.maxInBookingStep !== null && text.switchCap,
    c.adaptiveOff && text.switchAdaptiveOff,
  ];
  return on.filter(Boolean).join(", ") || text.switchesNone;
}

/** What the adaptive rate is doing, and the backend health it reads. */
function adaptiveNote(stats: QueueStats, text: DashboardText, n: (value: number) => string): string {
  const { on, floorPerMinute, commitP95TargetMs, health } = stats.adaptive;
  if (!on) return text.adaptiveOffNote;
  const lowered = stats.admissionRatePerMinute.admitting < stats.admissionRatePerMinute.effective;
  return fill(text.adaptiveNote, {
    trend: lowered ? text.adaptiveLowered : text.adaptiveFollowing,
    commits: health.p95CommitMs === null ? text.noCommits : fill(text.commitP95, { ms: n(health.p95CommitMs) }),
    target: n(commitP95TargetMs),
    failures: n(health.failures),
    samples: n(health.samples),
    floor: n(floorPerMinute),
  });
}

/** Which shards' counts the figures below leave out; nothing when every shard answered. */
function ShardsMissing({ shards, lang }: { shards: readonly number[]; lang: Lang }) {
  if (shards.length === 0) return null;
  return (
    <div class="shards-missing" role="alert" data-shards-missing={shards.join(",")}>
      <p>{shardsMissingWarning(shards, lang)}</p>
    </div>
  );
}

/** The panel's figures: counts now, each with the figure that puts it in context. */
function Figures({ stats, idChecks, lang }: { stats: QueueStats; idChecks: IdCheckStats; lang: Lang }) {
  const text = dashboardText(lang);
  const n = (value: number) => formatCount(value, lang);
  const rate = stats.admissionRatePerMinute;
  const configured = rate.effective !== rate.configured ? fill(text.admissionRateConfigured, { configured: n(rate.configured) }) : "";
  const locked = idChecks.lockedBookings === 1 ? text.lockedBooking : text.lockedBookings;
  return (
    <div class="figures">
      <Figure label={text.waiting} value={n(stats.queue.waiting)} note={fill(text.waitingNote, { count: n(stats.queue.prequeue) })} />
      <Figure
        label={text.inBookingStep}
        value={n(stats.queue.inBookingStep)}
        note={fill(text.inBookingStepNote, { count: n(stats.maxInBookingStep.effective) })}
      />
      <Figure
        label={text.admitted}
        value={n(stats.totals.admitted)}
        note={fill(text.admittedNote, { position: n(stats.queue.admittedThrough) })}
      />
      <Figure label={text.booked} value={n(stats.totals.booked)} note={fill(text.bookedNote, { count: n(stats.bookingsPerMinute) })} />
      <Figure
        label={text.admissionRate}
        value={n(rate.lastMinute)}
        note={fill(text.admissionRateNote, { target: n(rate.effective) }) + configured}
      />
      <Figure label={text.admittingAt} value={n(rate.admitting)} note={adaptiveNote(stats, text, n)} />
      <Figure
        label={text.grantsExpired}
        value={n(stats.totals.expired)}
        note={fill(text.grantsExpiredNote, { count: n(stats.totals.joined) })}
      />
      <Figure label={text.wrongIds} value={n(idChecks.wrongLastHour)} note={fill(locked, { count: n(idChecks.lockedBookings) })} />
    </div>
  );
}

/** The panel's charts: the last minutes of the queue, admissions, bookings and waits, and the refusals by code. */
function Charts({ stats, lang }: { stats: QueueStats; lang: Lang }) {
  const text = dashboardText(lang);
  const series = recent(stats.series);
  const labels = series.map((p) => hhmm(p.minute));
  const waits = [...stats.waits].reverse();
  const refusals = [
    ...Object.entries(stats.refusals.queue).map(([code, value]) => ({ label: fill(text.refusedInQueue, { code }), value })),
    ...Object.entries(stats.refusals.edge).map(([code, value]) => ({ label: fill(text.refusedAtEdge, { code }), value })),
  ];
  return (
    <div class="charts">
      <LineChart
        title={text.chartWaiting}
        lang={lang}
        labels={labels}
        lines={[{ name: text.lineWaiting, color: "#2f6fdf", values: series.map((p) => p.waiting) }]}
      />
      <LineChart
        title={text.chartAdmitted}
        lang={lang}
        labels={labels}
        lines={[
          { name: text.lineAdmitted, color: "#1d8a4a", values: series.map((p) => p.admitted) },
          { name: text.lineTarget, color: "#8c959f", values: series.map(() => stats.admissionRatePerMinute.effective), dashed: true },
          { name: text.lineAdmittingAt, color: "#c0392b", values: series.map(() => stats.admissionRatePerMinute.admitting), dashed: true },
        ]}
      />
      <LineChart
        title={text.chartBooked}
        lang={lang}
        labels={labels}
        lines={[
          { name: text.lineBooked, color: "#b86e00", values: series.map((p) => p.booked) },
          { name: text.lineExpired, color: "#c0392b", values: series.map((p) => p.expired) },
        ]}
      />
      <LineChart
        title={text.chartWait}
        lang={lang}
        labels={waits.map((w) => hhmm(w.at))}
        lines={[
          { name: text.lineEstimated, color: "#6f42c1", values: waits.map((w) => w.estimatedSeconds), dashed: true },
          { name: text.lineActual, color: "#1b1f24", values: waits.map((w) => w.actualSeconds) },
        ]}
      />
      <BarList title={text.chartRefusals} lang={lang} items={refusals} color="#c0392b" />
    </div>
  );
}

/**
 * The dashboard's panel of one cohort in a language: figures and live charts, rendered from its
 * stats (UTC times), with the wrong national ID numbers tried on its bookings' receipts.
 */
export function StatsPanel({
  cohortId,
  stats,
  idChecks,
  lang,
}: {
  cohortId: string;
  stats: QueueStats;
  idChecks: IdCheckStats;
  lang: Lang;
}) {
  const text = dashboardText(lang);
  const status = fill(text.statusLine, {
    cohort: cohortId,
    phase: text[`phase_${stats.phase.status}`],
    switches: switches(stats, text),
    time: stats.now.slice(0, 19).replace("T", " "),
  });
  return (
    <div class="panel" data-cohort={cohortId} lang={lang}>
      <div class={`status status-${stats.phase.status}${stats.controls.held ? " status-held" : ""}`}>{status}</div>
      <ShardsMissing shards={stats.shardsMissing} lang={lang} />
      <Figures stats={stats} idChecks={idChecks} lang={lang} />
      <Charts stats={stats} lang={lang} />
    </div>
  );
}

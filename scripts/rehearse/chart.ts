// The rehearsal as a picture: queue, admissions and bookings over time; the booking step against
// its cap; and the requests the crowd sent against the calls the queue object received.

/** One sample a second. */
export interface Sample {
  atMs: number;
  prequeue: number;
  waiting: number;
  inBookingStep: number;
  admittedTotal: number;
  bookedTotal: number;
  crowdRequests: number;
  /** Calls to the queue object per second: booking checks (authorize, mark booked), and all the others. */
  objectCalls: number;
  objectBookingCalls: number;
  /** The rate the queue object admits at (lowered while the booking backend struggles). */
  admittingPerMinute: number;
}

interface Series {
  label: string;
  color: string;
  values: number[];
  dashed?: boolean;
}

const WIDTH = 1040;
const LEFT = 70;
const RIGHT = 220;
const PANEL_HEIGHT = 190;
const GAP = 70;

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A round step for about four gridlines up to `value`, and the top of the axis on that step. */
function axis(value: number): { step: number; max: number } {
  const rough = Math.max(value, 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough)!;
  const rounded = Math.max(1, Math.round(step));
  return { step: rounded, max: Math.ceil(Math.max(value, 1) / rounded) * rounded };
}

function panel(top: number, title: string, seconds: number[], series: Series[], openingSecond: number): string {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const { step: yStep, max } = axis(Math.max(1, ...series.flatMap((s) => s.values)));
  const lastSecond = Math.max(1, seconds.at(-1) ?? 1);
  const x = (second: number) => LEFT + (second / lastSecond) * plotWidth;
  const y = (value: number) => top + PANEL_HEIGHT - (value / max) * PANEL_HEIGHT;
  const parts: string[] = [`<text x="${LEFT}" y="${top - 12}" class="title">${esc(title)}</text>`];
  for (let value = 0; value <= max; value += yStep) {
    parts.push(`<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${y(value)}" y2="${y(value)}" class="grid"/>`);
    parts.push(`<text x="${LEFT - 8}" y="${y(value) + 4}" class="tick" text-anchor="end">${Math.round(value).toLocaleString("en")}</text>`);
  }
  // Seconds from the opening, on round steps.
  const step = lastSecond > 240 ? 60 : lastSecond > 90 ? 30 : 10;
  for (let t = -Math.floor(openingSecond / step) * step; openingSecond + t <= lastSecond; t += step) {
    parts.push(
      `<text x="${x(openingSecond + t)}" y="${top + PANEL_HEIGHT + 16}" class="tick" text-anchor="middle">${t > 0 ? "+" : ""}${t} s</text>`,
    );
  }
  parts.push(`<line x1="${x(openingSecond)}" x2="${x(openingSecond)}" y1="${top}" y2="${top + PANEL_HEIGHT}" class="opening"/>`);
  parts.push(`<text x="${x(openingSecond) + 4}" y="${top + 12}" class="note">opening</text>`);
  series.forEach((s, i) => {
    const points = s.values.map((v, k) => `${x(seconds[k]!).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    const ly = top + 14 + i * 20;
    parts.push(
      `<line x1="${LEFT + plotWidth + 16}" x2="${LEFT + plotWidth + 40}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    parts.push(`<text x="${LEFT + plotWidth + 46}" y="${ly}" class="legend">${esc(s.label)}</text>`);
  });
  return parts.join("\n");
}

/** An SVG of the rehearsal, seconds counted from its start with the opening marked. */
export function rehearsalChart(
  samples: readonly Sample[],
  openingMs: number,
  cap: number,
  title: string,
  notes: readonly string[] = [],
): string {
  const startMs = samples[0]?.atMs ?? openingMs;
  const seconds = samples.map((s) => Math.round((s.atMs - startMs) / 1000));
  const openingSecond = Math.round((openingMs - startMs) / 1000);
  const header = 50 + notes.length * 18;
  const height = header + 20 + 3 * (PANEL_HEIGHT + GAP);
  const top = (i: number) => header + 40 + i * (PANEL_HEIGHT + GAP);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">
<style>
  .title { font-size: 15px; font-weight: 600; fill: #1f2933; }
  .tick { font-size: 11px; fill: #52606d; }
  .legend { font-size: 12px; fill: #1f2933; }
  .note { font-size: 11px; fill: #9a3412; }
  .grid { stroke: #e4e7eb; stroke-width: 1; }
  .opening { stroke: #9a3412; stroke-width: 1.5; stroke-dasharray: 3 3; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${LEFT}" y="32" style="font-size:18px;font-weight:700;fill:#1f2933">${esc(title)}</text>
${notes.map((note, i) => `<text x="${LEFT}" y="${56 + i * 18}" style="font-size:13px;fill:#334155">${esc(note)}</text>`).join("\n")}
${panel(
  top(0),
  "People: waiting for their turn, admitted and booked (running totals)",
  seconds,
  [
    { label: "in the pre-queue", color: "#a16207", values: samples.map((s) => s.prequeue) },
    { label: "waiting in line", color: "#1d4ed8", values: samples.map((s) => s.waiting) },
    { label: "admitted (total)", color: "#15803d", values: samples.map((s) => s.admittedTotal) },
    { label: "booked (total)", color: "#7e22ce", values: samples.map((s) => s.bookedTotal) },
  ],
  openingSecond,
)}
${panel(
  top(1),
  "Booking step: people holding a grant, against the cap",
  seconds,
  [
    { label: "in the booking step", color: "#0f766e", values: samples.map((s) => s.inBookingStep) },
    { label: `cap (${cap})`, color: "#b91c1c", values: samples.map(() => cap), dashed: true },
  ],
  openingSecond,
)}
${panel(
  top(2),
  "Load per second: what the crowd sent, and what reached the queue object",
  seconds,
  [
    { label: "crowd requests", color: "#334155", values: samples.map((s) => s.crowdRequests) },
    { label: "object: booking checks", color: "#7e22ce", values: samples.map((s) => s.objectBookingCalls) },
    { label: "object: everything else", color: "#ea580c", values: samples.map((s) => s.objectCalls - s.objectBookingCalls) },
  ],
  openingSecond,
)}
</svg>
`;
}

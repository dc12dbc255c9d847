// The dashboard's charts as inline SVG: no script, no library. Titles and names come in the
// language of the panel; only the axis figures are formatted here.
import { dashboardText } from "../../copy/dashboard";
import { formatCompact, formatCount } from "../../copy/format";
import type { Lang } from "../../copy/lang";

/** One line of a chart: its name in the legend, its colour, a value per x position (null: no data). */
export interface Line {
  name: string;
  color: string;
  values: Array<number | null>;
  dashed?: boolean;
}

const W = 560;
const H = 180;
const PAD = { left: 44, right: 12, top: 36, bottom: 22 };

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

/** An axis for values up to `value`: a round step (1, 2 or 5 times a power of ten) and a top that is a whole number of steps. */
export function axis(value: number): { step: number; top: number } {
  const step = niceMax(value / 4);
  return { step, top: Math.max(step, step * Math.ceil(value / step)) };
}

/** Runs of consecutive points of a line, broken where there is no data. */
function segments(values: Array<number | null>, x: (i: number) => number, y: (v: number) => number): Array<Array<[number, number]>> {
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push([x(i), y(v)]);
  });
  if (run.length) runs.push(run);
  return runs;
}

/** A line chart; `labels` name the x positions. */
export function LineChart({ title, lang, labels, lines }: { title: string; lang: Lang; labels: string[]; lines: Line[] }) {
  const { step, top: max } = axis(Math.max(0, ...lines.flatMap((l) => l.values.filter((v): v is number => v !== null))));
  const n = Math.max(labels.length, 2);
  const x = (i: number) => PAD.left + (i * (W - PAD.left - PAD.right)) / (n - 1);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  const marks = [...new Set([0, Math.floor((labels.length - 1) / 2), labels.length - 1])].filter((i) => i >= 0);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <text x={PAD.left} y={14} class="title">
        {title}
      </text>
      {lines.map((l, i) => (
        <text x={PAD.left + i * 110} y={28} class="legend" fill={l.color}>
          {l.dashed ? "- -" : "—"} {l.name}
        </text>
      ))}
      {ticks.map((t) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="grid" />
          <text x={PAD.left - 4} y={y(t) + 4} class="axis" text-anchor="end">
            {formatCompact(t, lang)}
          </text>
        </g>
      ))}
      {marks.map((i) => (
        <text x={x(i)} y={H - 6} class="axis" text-anchor={i === 0 ? "start" : i === n - 1 ? "end" : "middle"}>
          {labels[i] ?? ""}
        </text>
      ))}
      {lines.flatMap((l) =>
        segments(l.values, x, y).map((run) =>
          run.length === 1 ? (
            <circle cx={run[0]![0].toFixed(1)} cy={run[0]![1].toFixed(1)} r="3" fill={l.color} />
          ) : (
            <polyline
              points={run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")}
              fill="none"
              stroke={l.color}
              stroke-width="2"
              stroke-dasharray={l.dashed ? "5 4" : undefined}
            />
          ),
        ),
      )}
    </svg>
  );
}

/** Horizontal bars, largest first. */
export function BarList({
  title,
  lang,
  items,
  color,
}: {
  title: string;
  lang: Lang;
  items: Array<{ label: string; value: number }>;
  color: string;
}) {
  const sorted = [...items].sort((a, b) => b.value - a.value).slice(0, 10);
  const max = niceMax(Math.max(0, ...sorted.map((i) => i.value)));
  const row = 20;
  const height = 26 + Math.max(sorted.length, 1) * row;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
      <text x={8} y={14} class="title">
        {title}
      </text>
      {sorted.length === 0 && (
        <text x={8} y={36} class="axis">
          {dashboardText(lang).noBars}
        </text>
      )}
      {sorted.map((item, i) => (
        <g>
          <text x={170} y={36 + i * row} class="axis" text-anchor="end">
            {item.label}
          </text>
          <rect x={176} y={25 + i * row} height={14} width={Math.max(1, (item.value / max) * (W - 240))} fill={color} rx={2} />
          <text x={182 + (item.value / max) * (W - 240)} y={36 + i * row} class="axis">
            {formatCount(item.value, lang)}
          </text>
        </g>
      ))}
    </svg>
  );
}

// A horizontal bar chart drawn as inline SVG on the server (no chart library, no script): groups of bars,
// each bar a number or a hidden placeholder. A hidden number (k-anonymity, the sponsor's impact report)
// is drawn as a hatched outline of one fixed width, labelled with its mark: its length never depends on
// its value. role="img" with <title> and <desc>; the numbers are also in a table beside it. Right-to-left
// pages get the chart mirrored (bars grow from the right, labels start at the right).
import { useId } from "react";

export type BarValue = number | { hidden: string };
export type BarGroup = { label: string; values: readonly BarValue[] };
export type BarSeries = { label: string; color: string };

const WIDTH = 340;
const PAD = 6;
const LABEL_HEIGHT = 22;
const BAR_HEIGHT = 16;
const BAR_GAP = 4;
const GROUP_GAP = 12;
/** One legend line per series (translated names can be long). */
const LEGEND_LINE = 18;
/** Room after the longest bar for its number. */
const VALUE_ROOM = 56;
const PLACEHOLDER = 40;

export function BarChart(props: {
  title: string;
  desc: string;
  series: readonly BarSeries[];
  groups: readonly BarGroup[];
  dir: "ltr" | "rtl";
  format: (n: number) => string;
}) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const rtl = props.dir === "rtl";
  // x as a left-to-right page would have it; mirrored for right-to-left.
  const x = (at: number, width = 0) => (rtl ? WIDTH - at - width : at);
  const anchor = "start";
  const max = Math.max(1, ...props.groups.flatMap((g) => g.values.map((v) => (typeof v === "number" ? v : 0))));
  const scale = (WIDTH - 2 * PAD - VALUE_ROOM) / max;
  const groupHeight = LABEL_HEIGHT + props.series.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
  const legendHeight = props.series.length * LEGEND_LINE + 8;
  const height = legendHeight + props.groups.length * groupHeight + PAD;
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      direction={props.dir}
      fontSize="13"
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.desc}</desc>
      <defs>
        <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="6" stroke="#5a5a5a" strokeWidth="2" />
        </pattern>
      </defs>
      {props.series.map((s, i) => (
        <g key={s.label}>
          <rect x={x(PAD, 12)} y={4 + i * LEGEND_LINE} width={12} height={12} fill={s.color} />
          <text x={x(PAD + 18)} y={14 + i * LEGEND_LINE} textAnchor={anchor} direction={props.dir} fill="#222">
            {s.label}
          </text>
        </g>
      ))}
      {props.groups.map((g, gi) => {
        const top = legendHeight + gi * groupHeight;
        return (
          <g key={`${g.label}-${gi}`}>
            <text x={x(PAD)} y={top + 14} textAnchor={anchor} direction={props.dir} fontWeight="700" fill="#222">
              {g.label}
            </text>
            {g.values.map((v, si) => {
              const y = top + LABEL_HEIGHT + si * (BAR_HEIGHT + BAR_GAP);
              const color = props.series[si]?.color ?? "#444";
              if (typeof v === "number") {
                const w = Math.max(v > 0 ? 2 : 0, v * scale);
                return (
                  <g key={si}>
                    <rect x={x(PAD, w)} y={y} width={w} height={BAR_HEIGHT} fill={color} />
                    <text x={x(PAD + w + 4)} y={y + 12} textAnchor={anchor} direction={props.dir} fill="#222">
                      {props.format(v)}
                    </text>
                  </g>
                );
              }
              return (
                <g key={si} className="bar-hidden">
                  <rect
                    x={x(PAD, PLACEHOLDER)}
                    y={y + 0.5}
                    width={PLACEHOLDER}
                    height={BAR_HEIGHT - 1}
                    fill={`url(#${id}-hatch)`}
                    stroke={color}
                    strokeWidth="1.5"
                    strokeDasharray="3 2"
                  />
                  <text x={x(PAD + PLACEHOLDER + 4)} y={y + 12} textAnchor={anchor} direction={props.dir} fill="#222">
                    {v.hidden}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

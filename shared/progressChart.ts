import { chartBackground, chartInk, seriesColours } from "./chartPalette";
import { countTicks } from "./chartScale";
import type { Measure } from "./domain";

/**
 * An indicator's progress chart for paper and files (the final report's DOCX and print view): the result to
 * date per period against the goal trajectory, drawn as plain shapes that the server writes as SVG (then PNG)
 * and the print view as inline SVG. The colours and dashes are the pilot page's (recharts, shared/chartPalette.ts),
 * and every chart comes with a text alternative in the reader's language (docs/decisions/021).
 */

export interface ProgressChartPoint {
  /** The period's label in the reader's language ("Trimestre 1 (gen 2026 – mar 2026)"). */
  label: string;
  resultToDate: number | null;
  /** What the period itself reported: drawn for scores and percentages, whose result is weighted. */
  periodValue: number | null;
  target: number | null;
}

export interface ProgressChartData {
  name: string;
  measure: Measure;
  goal: number;
  scaleMin: number | null;
  scaleMax: number | null;
  points: ProgressChartPoint[];
}

export type ChartShape =
  | { kind: "rect"; x: number; y: number; width: number; height: number; fill: string; stroke?: string }
  | { kind: "line"; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: string }
  | { kind: "polyline"; points: [number, number][]; stroke: string; width: number; dash?: string }
  | { kind: "circle"; cx: number; cy: number; r: number; fill: string; stroke?: string }
  | { kind: "polygon"; points: [number, number][]; fill: string; stroke?: string }
  | { kind: "text"; x: number; y: number; text: string; size: number; fill: string; anchor: "start" | "middle" | "end" };

export interface ChartDrawing {
  width: number;
  height: number;
  shapes: ChartShape[];
}

/** The words a chart shows: its series' names, as the pilot page names them (catalogue keys charts.indicator.*). */
export interface ChartWords {
  target: string;
  result: string;
  periodValue: string;
}

export const PROGRESS_CHART_SIZE = { width: 640, height: 250 } as const;

const MARGIN = { left: 60, right: 16, top: 14, bottom: 62 };
const GRID = "#DDDDDD";

/** The period's short name under the axis ("Quarter 1"), as the pilot page's chart writes it. */
export function shortPeriodLabel(label: string): string {
  return label.split(" (")[0]!;
}

function valueDomain(data: ProgressChartData): [number, number] {
  if (data.measure === "score" && data.scaleMin !== null && data.scaleMax !== null) return [data.scaleMin, data.scaleMax];
  if (data.measure === "percentage") return [0, 100];
  const values = data.points.flatMap((p) => [p.resultToDate, p.target, p.periodValue]).filter((v): v is number => v !== null);
  return [0, Math.max(data.goal, ...values, 1)];
}

function ticksOf([low, high]: [number, number], measure: Measure): number[] {
  if (measure === "count") return countTicks(high);
  const step = (high - low) / 4;
  return [0, 1, 2, 3, 4].map((i) => low + i * step);
}

/** Lines broken where a value is missing (a period not reported), as recharts draws them with connectNulls off. */
function segments(points: ([number, number] | null)[]): [number, number][][] {
  const runs: [number, number][][] = [[]];
  for (const point of points) {
    if (point) runs.at(-1)!.push(point);
    else if (runs.at(-1)!.length) runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

/** The shapes of one indicator's chart; `figure` writes an axis value in the reader's number format. */
export function drawProgressChart(data: ProgressChartData, words: ChartWords, figure: (value: number) => string): ChartDrawing {
  const { width, height } = PROGRESS_CHART_SIZE;
  const plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
  const ticks = ticksOf(valueDomain(data), data.measure);
  const low = ticks[0]!;
  const high = ticks.at(-1)!;
  const y = (value: number) => plot.bottom - ((value - low) / (high - low || 1)) * (plot.bottom - plot.top);
  const band = (plot.right - plot.left) / Math.max(1, data.points.length);
  const x = (index: number) => plot.left + band * (index + 0.5);
  const shapes: ChartShape[] = [{ kind: "rect", x: 0, y: 0, width, height, fill: chartBackground }];

  for (const tick of ticks) {
    shapes.push({ kind: "line", x1: plot.left, y1: y(tick), x2: plot.right, y2: y(tick), stroke: GRID, width: 1, dash: "3 3" });
    shapes.push({ kind: "text", x: plot.left - 6, y: y(tick) + 4, text: figure(tick), size: 11, fill: chartInk, anchor: "end" });
  }
  shapes.push({ kind: "line", x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: chartInk, width: 1 });
  shapes.push({ kind: "line", x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: chartInk, width: 1 });
  // Every label when they fit, else every other one (a monthly pilot has many periods).
  const every = band < 56 ? Math.ceil(56 / band) : 1;
  data.points.forEach((point, index) => {
    if (index % every === 0) shapes.push({ kind: "text", x: x(index), y: plot.bottom + 16, text: shortPeriodLabel(point.label), size: 11, fill: chartInk, anchor: "middle" });
  });

  const at = (pick: (p: ProgressChartPoint) => number | null) => data.points.map((p, i): [number, number] | null => (pick(p) === null ? null : [x(i), y(pick(p)!)]));
  for (const run of segments(at((p) => p.target))) {
    // A lone point (a pilot with one period) is a short stroke across its place, or it would not show.
    const [[px, py]] = run as [[number, number]];
    const points: [number, number][] =
      run.length > 1
        ? run
        : [
            [px - 24, py],
            [px + 24, py],
          ];
    shapes.push({ kind: "polyline", points, stroke: seriesColours.target, width: 1.5, dash: "6 4" });
  }
  const results = at((p) => p.resultToDate);
  for (const run of segments(results)) shapes.push({ kind: "polyline", points: run, stroke: seriesColours.result, width: 2.5 });
  for (const point of results) if (point) shapes.push({ kind: "circle", cx: point[0], cy: point[1], r: 3.5, fill: seriesColours.result, stroke: chartBackground });
  const showPeriodValues = data.measure !== "count";
  if (showPeriodValues)
    for (const point of at((p) => p.periodValue)) if (point) shapes.push({ kind: "polygon", points: diamond(point, 5), fill: seriesColours.period, stroke: chartBackground });

  // The legend, as the page's: a sample of each line with its name.
  const legend: { name: string; draw: (x: number, y: number) => ChartShape[] }[] = [
    { name: words.target, draw: (lx, ly) => [{ kind: "line", x1: lx, y1: ly, x2: lx + 24, y2: ly, stroke: seriesColours.target, width: 1.5, dash: "6 4" }] },
    {
      name: words.result,
      draw: (lx, ly) => [
        { kind: "line", x1: lx, y1: ly, x2: lx + 24, y2: ly, stroke: seriesColours.result, width: 2.5 },
        { kind: "circle", cx: lx + 12, cy: ly, r: 3.5, fill: seriesColours.result },
      ],
    },
    ...(showPeriodValues
      ? [{ name: words.periodValue, draw: (lx: number, ly: number): ChartShape[] => [{ kind: "polygon", points: diamond([lx + 12, ly], 5), fill: seriesColours.period }] }]
      : []),
  ];
  const legendY = height - 16;
  let legendX = plot.left;
  for (const item of legend) {
    shapes.push(...item.draw(legendX, legendY - 4));
    shapes.push({ kind: "text", x: legendX + 30, y: legendY, text: item.name, size: 11, fill: chartInk, anchor: "start" });
    // About 6.5 px a character at 11 px: room enough without measuring the font.
    legendX += 30 + item.name.length * 6.5 + 24;
  }
  return { width, height, shapes };
}

function diamond([cx, cy]: [number, number], r: number): [number, number][] {
  return [
    [cx, cy - r],
    [cx + r, cy],
    [cx, cy + r],
    [cx - r, cy],
  ];
}

type Say = (key: string, values?: Record<string, unknown>) => string;

/**
 * The chart in words, as the pilot page's figure says it: each reported period's result, then what is
 * expected by the end (counts) or the goal. `figure` writes a value in the reader's format, with % for percentages.
 */
export function describeProgressChart(data: ProgressChartData, say: Say, figure: (value: number) => string): string {
  const reported = data.points.filter((p) => p.resultToDate !== null);
  if (reported.length === 0) return say("charts.indicator.nothingReported", { name: data.name });
  const end = data.points.at(-1)?.target ?? data.goal;
  const points = reported.map((p) => `${p.label} ${figure(p.resultToDate!)}`).join("; ");
  const closing = data.measure === "count" ? say("charts.indicator.expectedByEnd", { value: figure(end) }) : say("charts.indicator.goalIs", { value: figure(end) });
  return `${say("charts.indicator.summary", { name: data.name, points })} ${closing}`;
}

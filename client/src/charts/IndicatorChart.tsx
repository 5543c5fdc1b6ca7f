import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { Measure } from "../../../shared/domain";
import { formatNumber } from "../../../shared/numbers";
import type { SeriesPoint } from "../../../shared/series";
import { seriesColours } from "./palette";

interface ChartIndicator {
  name: string;
  measure: Measure;
  unit: string;
  goal: number;
  scaleMin: number | null;
  scaleMax: number | null;
}

/**
 * Counts: the result to date per period against the goal trajectory. Scores: each period's mean and the
 * weighted result against the goal, on the indicator's own scale. Percentages: likewise on 0–100.
 */
export default function IndicatorChart({ indicator, series, periodLabels }: { indicator: ChartIndicator; series: SeriesPoint[]; periodLabels: Record<number, string> }) {
  const data = series.map((point) => ({
    period: periodLabels[point.sequence] ?? `P${point.sequence}`,
    result: point.resultToDate,
    periodValue: point.periodValue,
    target: point.target,
  }));
  const isCount = indicator.measure === "count";
  const domain: [number, number] | undefined =
    indicator.measure === "score" && indicator.scaleMin !== null && indicator.scaleMax !== null
      ? [indicator.scaleMin, indicator.scaleMax]
      : indicator.measure === "percentage"
        ? [0, 100]
        : undefined;
  const reported = data.filter((d) => d.result !== null);
  const description = reported.length
    ? `${indicator.name}: ${reported.map((d) => `${d.period} ${formatNumber(d.result)}`).join("; ")}. ${isCount ? "Expected by the end" : "Goal"} ${formatNumber(data.at(-1)?.target ?? indicator.goal)}.`
    : `${indicator.name}: nothing reported yet.`;
  return (
    <figure className="chart" aria-label={description}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 10, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" tick={{ fontSize: 11 }} tickFormatter={(v: string) => v.split(" (")[0]!} />
          <YAxis domain={domain ?? [0, "auto"]} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value) => formatNumber(typeof value === "number" ? value : Number(value))} />
          <Legend />
          <Line
            type="linear"
            dataKey="target"
            name={isCount ? "Goal trajectory" : "Goal"}
            stroke={seriesColours.target}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="result"
            name={isCount ? "Result to date" : "Result (weighted to date)"}
            stroke={seriesColours.result}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
          />
          {!isCount && <Scatter dataKey="periodValue" name="Period value" fill={seriesColours.period} shape="diamond" isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{description}</figcaption>
    </figure>
  );
}

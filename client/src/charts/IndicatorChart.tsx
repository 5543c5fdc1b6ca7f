import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { Measure } from "../../../shared/domain";
import { formatNumber } from "../../../shared/numbers";
import { projectionSeries, type ProjectionLine, type SeriesPoint } from "../../../shared/series";
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
 * Counts: the result to date per period against the goal trajectory and, when there is a trend, the
 * projection as a dashed line from the latest result to the pilot's end with its range shaded. Scores: each period's mean and the
 * weighted result against the goal, on the indicator's own scale. Percentages: likewise on 0–100.
 */
export default function IndicatorChart({
  indicator,
  series,
  periodLabels,
  projection = null,
}: {
  indicator: ChartIndicator;
  series: SeriesPoint[];
  periodLabels: Record<number, string>;
  projection?: ProjectionLine | null;
}) {
  const projected = projection ? projectionSeries(series, projection) : null;
  const data = series.map((point, index) => ({
    period: periodLabels[point.sequence] ?? `P${point.sequence}`,
    result: point.resultToDate,
    periodValue: point.periodValue,
    target: point.target,
    projected: projected?.[index]?.projected ?? null,
    range: projected?.[index]?.range ?? null,
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
  const projectionDescription = projection
    ? ` Projected at the end: ${formatNumber(projection.projected, 0)} (range ${formatNumber(projection.low, 0)}–${formatNumber(projection.high, 0)}).`
    : "";
  return (
    <figure className="chart" aria-label={description + projectionDescription}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 10, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" tick={{ fontSize: 11 }} tickFormatter={(v: string) => v.split(" (")[0]!} />
          <YAxis domain={domain ?? [0, "auto"]} tick={{ fontSize: 11 }} />
          <Tooltip
            formatter={(value) =>
              Array.isArray(value) ? `${formatNumber(Number(value[0]), 0)}–${formatNumber(Number(value[1]), 0)}` : formatNumber(typeof value === "number" ? value : Number(value))
            }
          />
          {projection && (
            <Area
              type="linear"
              dataKey="range"
              name="Projection range"
              className="projection-range"
              stroke="none"
              fill={seriesColours.projection}
              fillOpacity={0.18}
              connectNulls={false}
              isAnimationActive={false}
            />
          )}
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
          {projection && (
            <Line
              type="linear"
              dataKey="projected"
              name="Projection"
              className="projection-line"
              stroke={seriesColours.projection}
              strokeWidth={2}
              strokeDasharray="4 4"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          )}
          {!isCount && <Scatter dataKey="periodValue" name="Period value" fill={seriesColours.period} shape="diamond" isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{description + projectionDescription}</figcaption>
    </figure>
  );
}

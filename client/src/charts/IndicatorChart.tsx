import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import type { Cumulation, EntryForm, LevelAggregation, Measure } from "../../../shared/domain";
import { projectionSeries, type ProjectionLine, type SeriesPoint } from "../../../shared/series";
import { useFormatters } from "../i18n/useFormatters";
import { ChartTable, type ChartTableColumn } from "./ChartTable";
import { seriesColours } from "../../../shared/chartPalette";

interface ChartIndicator {
  name: string;
  measure: Measure;
  cumulation: Cumulation;
  entryForm: EntryForm;
  levelAggregation: LevelAggregation;
  unit: string;
  goal: number;
  scaleMin: number | null;
  scaleMax: number | null;
}

/**
 * Counts: the result to date per period against the goal trajectory and, when there is a trend, the
 * projection as a dashed line from the latest result to the pilot's end with its range shaded. Scores: each period's mean and the
 * weighted result against the goal, on the indicator's own scale. Percentages: likewise on 0–100.
 * The same figures can be opened as a table under the chart.
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
  const { t } = useTranslation();
  const f = useFormatters();
  const projected = projection ? projectionSeries(series, projection) : null;
  const data = series.map((point, index) => ({
    sequence: point.sequence,
    period: periodLabels[point.sequence] ?? t("charts.indicator.periodFallback", { sequence: point.sequence }),
    result: point.resultToDate,
    periodValue: point.periodValue,
    target: point.target,
    projected: projected?.[index]?.projected ?? null,
    range: projected?.[index]?.range ?? null,
  }));
  const isCount = indicator.measure === "count";
  // A level stands on its own each period, like a score: its period values are drawn beside the current result.
  const showsPeriodValues = !isCount || indicator.cumulation === "level";
  const isPercentage = indicator.measure === "percentage";
  // Figures in the reader's number format; percentages with their sign.
  const figure = (value: number | null | undefined, maxDecimals = 2) => (isPercentage ? f.percent(value, maxDecimals) : f.number(value, maxDecimals));
  const domain: [number, number] | undefined =
    indicator.measure === "score" && indicator.scaleMin !== null && indicator.scaleMax !== null ? [indicator.scaleMin, indicator.scaleMax] : isPercentage ? [0, 100] : undefined;
  const names = {
    target: isCount ? t("charts.indicator.goalTrajectory") : t("charts.indicator.goal"),
    result: t(`charts.indicator.${resultNameKey(indicator)}`),
    periodValue: t("charts.indicator.periodValue"),
    projected: t("charts.indicator.projection"),
    range: t("charts.indicator.projectionRange"),
  };
  const reported = data.filter((d) => d.result !== null);
  const finalTarget = figure(data.at(-1)?.target ?? indicator.goal);
  const description = reported.length
    ? t("charts.indicator.summary", { name: indicator.name, points: reported.map((d) => `${d.period} ${figure(d.result)}`).join("; ") }) +
      " " +
      (isCount ? t("charts.indicator.expectedByEnd", { value: finalTarget }) : t("charts.indicator.goalIs", { value: finalTarget }))
    : t("charts.indicator.nothingReported", { name: indicator.name });
  const projectionDescription = projection ? " " + t("charts.indicator.projectionSummary", { projected: projection.projected, low: projection.low, high: projection.high }) : "";

  const columns: ChartTableColumn[] = [
    { key: "period", header: t("charts.indicator.period") },
    { key: "result", header: names.result, numeric: true },
    ...(showsPeriodValues ? [{ key: "periodValue", header: names.periodValue, numeric: true }] : []),
    { key: "target", header: names.target, numeric: true },
    ...(projection
      ? [
          { key: "projected", header: names.projected, numeric: true },
          { key: "range", header: names.range, numeric: true },
        ]
      : []),
  ];
  const rows = data.map((d) => ({
    id: String(d.sequence),
    cells: {
      period: d.period,
      result: figure(d.result),
      periodValue: figure(d.periodValue),
      target: figure(d.target),
      projected: figure(d.projected, 0),
      range: d.range ? `${figure(d.range[0], 0)}–${figure(d.range[1], 0)}` : figure(null),
    },
  }));

  return (
    <>
      <figure className="chart" aria-label={description + projectionDescription}>
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={data} margin={{ top: 10, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="period" tick={{ fontSize: 11 }} tickFormatter={(v: string) => v.split(" (")[0]!} />
            <YAxis domain={domain ?? [0, "auto"]} tick={{ fontSize: 11 }} tickFormatter={(v: number) => f.number(v)} />
            <Tooltip
              formatter={(value) =>
                Array.isArray(value) ? `${figure(Number(value[0]), 0)}–${figure(Number(value[1]), 0)}` : figure(typeof value === "number" ? value : Number(value))
              }
            />
            {projection && (
              <Area
                type="linear"
                dataKey="range"
                name={names.range}
                className="projection-range"
                stroke="none"
                fill={seriesColours.projection}
                fillOpacity={0.18}
                connectNulls={false}
                isAnimationActive={false}
              />
            )}
            <Legend />
            <Line type="linear" dataKey="target" name={names.target} stroke={seriesColours.target} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
            <Line type="linear" dataKey="result" name={names.result} stroke={seriesColours.result} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
            {projection && (
              <Line
                type="linear"
                dataKey="projected"
                name={names.projected}
                className="projection-line"
                stroke={seriesColours.projection}
                strokeWidth={2}
                strokeDasharray="4 4"
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            )}
            {showsPeriodValues && <Scatter dataKey="periodValue" name={names.periodValue} fill={seriesColours.period} shape="diamond" isAnimationActive={false} />}
          </ComposedChart>
        </ResponsiveContainer>
        <figcaption className="visually-hidden">{description + projectionDescription}</figcaption>
      </figure>
      <ChartTable
        caption={t("charts.indicator.caption", { name: indicator.name, unit: indicator.unit, context: isCount && indicator.unit.trim() ? "unit" : undefined })}
        columns={columns}
        rows={rows}
      />
    </>
  );
}

/** How the line of current results was made, as its legend says: to date, weighted, a mean of the periods, or the latest period. */
function resultNameKey(indicator: ChartIndicator): "resultToDate" | "resultWeighted" | "resultMean" | "resultLatest" {
  if (indicator.measure === "count") {
    if (indicator.cumulation !== "level") return "resultToDate";
    return indicator.levelAggregation === "mean" ? "resultMean" : "resultLatest";
  }
  if (indicator.entryForm === "index") return "resultLatest";
  return indicator.entryForm === "direct_percentage" ? "resultMean" : "resultWeighted";
}

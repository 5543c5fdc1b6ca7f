import { useTranslation } from "react-i18next";
import { countTicks } from "../../../shared/chartScale";
import { type Status, statuses } from "../../../shared/domain";
import { statusSymbols } from "../../../shared/progress";
import { useElementWidth } from "../hooks/useElementWidth";
import { useFormatters } from "../i18n/useFormatters";
import { ChartTable } from "./ChartTable";
import { chartInk, statusColours } from "../../../shared/chartPalette";

const HEIGHT = 240;
const MARGIN = { top: 8, right: 40, bottom: 28, left: 158 };
const GRID = "#CCCCCC";

/**
 * How many indicators are in each status, across the pilots shown. Each bar is named with the status's symbol
 * and words, not only its colour. Drawn as plain SVG at the width it is given: a charting library for six bars
 * would be most of the landing page's JavaScript (docs/performance.md).
 */
export default function StatusDistributionChart({ counts }: { counts: Record<Status, number> }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const [frame, width] = useElementWidth<HTMLDivElement>(600);
  const data = statuses.map((status) => ({ status, label: `${statusSymbols[status]} ${t(`status.${status}`)}`, count: counts[status] }));
  const summary = data.map((d) => t("charts.status.summaryItem", { status: t(`status.${d.status}`), count: d.count })).join(", ");
  const caption = t("charts.status.caption");

  const ticks = countTicks(Math.max(...data.map((d) => d.count)));
  const top = ticks[ticks.length - 1] ?? 1;
  const plotWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotHeight / data.length;
  const x = (value: number) => MARGIN.left + (value / top) * plotWidth;

  return (
    <>
      <figure className="chart" aria-label={`${caption}. ${summary}`}>
        {/* Bars lie down so that each status's symbol and name fit beside it, down to a 360 px screen. */}
        <div ref={frame}>
          <svg className="status-chart" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} aria-hidden="true" fontSize={12}>
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={x(tick)} x2={x(tick)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke={GRID} strokeDasharray="3 3" />
                <text x={x(tick)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fill={chartInk}>
                  {f.number(tick)}
                </text>
              </g>
            ))}
            <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke={chartInk} />
            {data.map((d, index) => {
              const y = MARGIN.top + index * band;
              const barHeight = band * 0.7;
              return (
                <g key={d.status} className="status-bar">
                  <title>{`${d.label}: ${f.number(d.count)}`}</title>
                  <text x={MARGIN.left - 8} y={y + band / 2} textAnchor="end" dominantBaseline="central" fill={chartInk}>
                    {d.label}
                  </text>
                  {d.count > 0 && (
                    <>
                      <rect
                        x={MARGIN.left}
                        y={y + (band - barHeight) / 2}
                        width={x(d.count) - MARGIN.left}
                        height={barHeight}
                        fill={statusColours[d.status]}
                        stroke={chartInk}
                        strokeWidth={1}
                      />
                      <text className="bar-count" x={x(d.count) + 6} y={y + band / 2} dominantBaseline="central" fill={chartInk}>
                        {f.number(d.count)}
                      </text>
                    </>
                  )}
                </g>
              );
            })}
          </svg>
        </div>
        <figcaption className="visually-hidden">{summary}</figcaption>
      </figure>
      <ChartTable
        caption={caption}
        columns={[
          { key: "status", header: t("charts.status.status") },
          { key: "count", header: t("charts.status.count"), numeric: true },
        ]}
        rows={data.map((d) => ({ id: d.status, cells: { status: d.label, count: f.number(d.count) } }))}
      />
    </>
  );
}

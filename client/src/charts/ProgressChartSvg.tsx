import { useTranslation } from "react-i18next";
import { drawProgressChart, type ChartShape, type ProgressChartData } from "../../../shared/progressChart";
import { useFormatters } from "../i18n/useFormatters";

const pointsText = (points: [number, number][]) => points.map(([x, y]) => `${x},${y}`).join(" ");

function Shape({ shape }: { shape: ChartShape }) {
  switch (shape.kind) {
    case "rect":
      return <rect x={shape.x} y={shape.y} width={shape.width} height={shape.height} fill={shape.fill} stroke={shape.stroke} />;
    case "line":
      return <line x1={shape.x1} y1={shape.y1} x2={shape.x2} y2={shape.y2} stroke={shape.stroke} strokeWidth={shape.width} strokeDasharray={shape.dash} />;
    case "polyline":
      return <polyline points={pointsText(shape.points)} fill="none" stroke={shape.stroke} strokeWidth={shape.width} strokeLinejoin="round" strokeDasharray={shape.dash} />;
    case "circle":
      return <circle cx={shape.cx} cy={shape.cy} r={shape.r} fill={shape.fill} stroke={shape.stroke} />;
    case "polygon":
      return <polygon points={pointsText(shape.points)} fill={shape.fill} stroke={shape.stroke} />;
    case "text":
      return (
        <text x={shape.x} y={shape.y} fontSize={shape.size} fill={shape.fill} textAnchor={shape.anchor}>
          {shape.text}
        </text>
      );
  }
}

/**
 * An indicator's progress chart on paper (the final report's print view): the same drawing as the DOCX's
 * image (shared/progressChart.ts), inline, with the chart in words as its name and its caption.
 */
export function ProgressChartSvg({ chart }: { chart: ProgressChartData & { altText: string } }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const isCount = chart.measure === "count";
  const words = {
    target: isCount ? t("charts.indicator.goalTrajectory") : t("charts.indicator.goal"),
    result: isCount ? t("charts.indicator.resultToDate") : t("charts.indicator.resultWeighted"),
    periodValue: t("charts.indicator.periodValue"),
  };
  const drawing = drawProgressChart(chart, words, (value) => f.number(value, 2));
  return (
    <figure className="progress-chart">
      <svg viewBox={`0 0 ${drawing.width} ${drawing.height}`} role="img" aria-label={chart.altText} className="progress-chart-svg">
        {drawing.shapes.map((shape, index) => (
          // A drawing's shapes have no identity but their place, and are never reordered.
          <Shape key={index} shape={shape} />
        ))}
      </svg>
      <figcaption className="muted small">{chart.altText}</figcaption>
    </figure>
  );
}

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import { statuses, type Status } from "../../../shared/domain";
import { statusSymbols } from "../../../shared/progress";
import { useFormatters } from "../i18n/useFormatters";
import { ChartTable } from "./ChartTable";
import { chartInk, statusColours } from "./palette";

/** How many indicators are in each status, across the pilots shown. Each bar is named with the status's symbol and words, not only its colour. */
export default function StatusDistributionChart({ counts }: { counts: Record<Status, number> }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const data = statuses.map((status) => ({ status, label: `${statusSymbols[status]} ${t(`status.${status}`)}`, count: counts[status] }));
  const summary = data.map((d) => t("charts.status.summaryItem", { status: t(`status.${d.status}`), count: d.count })).join(", ");
  const caption = t("charts.status.caption");
  return (
    <>
      <figure className="chart" aria-label={`${caption}. ${summary}`}>
        {/* Bars lie down so that each status's symbol and name fit beside it, down to a 360 px screen. */}
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 32, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => f.number(v)} />
            <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12 }} interval={0} />
            <Tooltip formatter={(value) => f.number(Number(value))} />
            <Bar dataKey="count" name={t("charts.status.count")} stroke={chartInk} strokeWidth={1} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.status} fill={statusColours[d.status]} />
              ))}
              <LabelList dataKey="count" position="right" fill={chartInk} formatter={(value: unknown) => f.number(Number(value))} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
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

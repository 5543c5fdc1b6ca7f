import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { statuses, type Status } from "../../../shared/domain";
import { statusLabels } from "../../../shared/progress";
import { statusColours } from "./palette";

/** How many indicators are in each status, across the pilots shown. */
export default function StatusDistributionChart({ counts }: { counts: Record<Status, number> }) {
  const data = statuses.map((status) => ({ status, label: statusLabels[status], count: counts[status] }));
  const summary = data.map((d) => `${d.label}: ${d.count}`).join(", ");
  return (
    <figure className="chart" aria-label={`Indicators by status. ${summary}`}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 20, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name="Indicators" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.status} fill={statusColours[d.status]} />
            ))}
            <LabelList dataKey="count" position="top" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{summary}</figcaption>
    </figure>
  );
}

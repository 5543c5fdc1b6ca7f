import type { inferRouterOutputs } from "@trpc/server";
import { outletTypeLabels } from "../../../../shared/domain";
import type { AppRouter } from "../../../../server/root";
import { formatDate } from "../../format";

type FinalReport = inferRouterOutputs<AppRouter>["reports"]["finalReport"];

/** 4a or 4b: Indicator | Original goal | Current result | Comments, from the live data. */
export function ReportIndicatorTable({ caption, rows }: { caption: string; rows: FinalReport["quantitative"] }) {
  if (rows.length === 0) return <p className="muted">No indicators of this kind.</p>;
  return (
    <table className="report-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Indicator</th>
          <th scope="col">Original goal</th>
          <th scope="col">Current result</th>
          <th scope="col">Comments</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.name}|${row.code ?? ""}`}>
            <th scope="row">{row.name}</th>
            <td>{row.goalText}</td>
            <td className="number">{row.currentText}</td>
            <td className="comments">{row.comments}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 4e: No. | Title | Date | Newspaper/Journal, Radio, TV. */
export function CommunicationTable({ entries, actions }: { entries: FinalReport["communication"]; actions?: (entry: FinalReport["communication"][number]) => React.ReactNode }) {
  if (entries.length === 0) return <p className="muted">No communication activities recorded yet.</p>;
  return (
    <table className="report-table">
      <caption>4e. Communication activities</caption>
      <thead>
        <tr>
          <th scope="col">No.</th>
          <th scope="col">Title</th>
          <th scope="col">Date</th>
          <th scope="col">Newspaper/Journal, Radio, TV</th>
          {actions && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td className="number">{entry.no}</td>
            <th scope="row">{entry.link ? <a href={entry.link} rel="noreferrer noopener" target="_blank">{entry.title}</a> : entry.title}</th>
            <td>{formatDate(entry.date)}</td>
            <td>
              {entry.outletName} <span className="muted">({outletTypeLabels[entry.outletType]})</span>
            </td>
            {actions && <td>{actions(entry)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { formatDate } from "../format";

interface Entry {
  id: number;
  at: string;
  actorName: string;
  entityType: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const show = (value: unknown) => (value === null || value === undefined || value === "" ? "–" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** What changed in one step: "value: 70 → 75"; for a creation, the values it was created with. */
function changes(entry: Entry): string[] {
  const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])].filter((k) => k !== "periodSequence" && k !== "resultId");
  return keys.flatMap((key) => {
    const before = entry.before?.[key];
    const after = entry.after?.[key];
    if (entry.before && entry.after && JSON.stringify(before) === JSON.stringify(after)) return [];
    return entry.before ? [`${key}: ${show(before)} → ${show(after)}`] : [`${key}: ${show(after)}`];
  });
}

/** The audit trail, newest first: who, when, what, the value before and after. */
export function AuditEntries({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p className="muted">No recorded change yet (the demo data was loaded without history).</p>;
  return (
    <table className="data-table audit-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td className="nowrap">
              {formatDate(entry.at)} {entry.at.slice(11, 16)}
            </td>
            <td>{entry.actorName}</td>
            <td>
              {entry.entityType === "result_comment" ? "Comment added" : `${entry.entityType.replace("_", " ")} ${entry.action}`}
              {typeof entry.after?.periodSequence === "number" ? ` (period ${entry.after.periodSequence})` : ""}
            </td>
            <td>
              <ul className="plain-list small">
                {changes(entry).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

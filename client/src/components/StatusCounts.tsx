import { statuses, type Status } from "../../../shared/domain";
import { StatusBadge } from "./StatusBadge";

export function StatusCounts({ counts, hideZero = true }: { counts: Record<Status, number>; hideZero?: boolean }) {
  const shown = statuses.filter((s) => !hideZero || counts[s] > 0);
  if (shown.length === 0) return <span className="muted">No indicators</span>;
  return (
    <ul className="status-counts">
      {shown.map((status) => (
        <li key={status}>
          <strong>{counts[status]}</strong> <StatusBadge status={status} />
        </li>
      ))}
    </ul>
  );
}

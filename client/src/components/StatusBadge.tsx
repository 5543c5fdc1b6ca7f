import type { Status } from "../../../shared/domain";
import { statusLabels, statusSymbols } from "../../../shared/progress";

/** Status as symbol and words, never colour alone. */
export function StatusBadge({ status, label }: { status: Status; label?: string }) {
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-symbol">
        {statusSymbols[status]}
      </span>{" "}
      {label ?? statusLabels[status]}
    </span>
  );
}

export function FictionalBadge() {
  return (
    <span className="badge badge-fictional" title="Invented figures for trying the app">
      Fictional demo
    </span>
  );
}

export function ArchivedBadge() {
  return <span className="badge badge-archived">Archived</span>;
}

/** The early warning: the trend ends short of the goal, whatever today's status. */
export function LikelyToMissBadge() {
  return (
    <span className="badge badge-warning" title="The trend of the reported periods ends short of the goal by more than the project's tolerance">
      <span aria-hidden="true">⚠</span> Likely to miss
    </span>
  );
}

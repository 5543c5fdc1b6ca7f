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

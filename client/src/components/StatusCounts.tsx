import { useTranslation } from "react-i18next";
import { statuses, type Status } from "../../../shared/domain";
import { useFormatters } from "../i18n/useFormatters";
import { StatusBadge } from "./StatusBadge";

export function StatusCounts({ counts, hideZero = true }: { counts: Record<Status, number>; hideZero?: boolean }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const shown = statuses.filter((s) => !hideZero || counts[s] > 0);
  if (shown.length === 0) return <span className="muted">{t("shell.noIndicators")}</span>;
  return (
    <ul className="status-counts">
      {shown.map((status) => (
        <li key={status}>
          <strong>{f.number(counts[status], 0)}</strong> <StatusBadge status={status} />
        </li>
      ))}
    </ul>
  );
}

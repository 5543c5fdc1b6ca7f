import { useTranslation } from "react-i18next";
import type { Status } from "../../../shared/domain";
import { statusSymbols } from "../../../shared/progress";

/** Status as symbol and words, never colour alone. */
export function StatusBadge({ status, label }: { status: Status; label?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-symbol">
        {statusSymbols[status]}
      </span>{" "}
      {label ?? t(`status.${status}`)}
    </span>
  );
}

export function FictionalBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-fictional" title={t("shell.fictionalDemoHint")}>
      {t("shell.fictionalDemo")}
    </span>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-archived">{t("shell.archived")}</span>;
}

/** The early warning: the trend ends short of the goal, whatever today's status. */
export function LikelyToMissBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-warning" title={t("shell.likelyToMissHint")}>
      <span aria-hidden="true">⚠</span> {t("shell.likelyToMiss")}
    </span>
  );
}

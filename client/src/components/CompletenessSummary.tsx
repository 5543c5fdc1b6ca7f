import { useTranslation } from "react-i18next";
import type { PeriodCompleteness } from "../../../shared/review";

/**
 * "4 of 5 indicators reported · 1 missing comment": what a reviewer needs to know before opening a report.
 * `detailed` also names the indicators (the review page); the queue keeps to the counts.
 */
export function CompletenessSummary({ completeness, detailed = false }: { completeness: PeriodCompleteness; detailed?: boolean }) {
  const { t } = useTranslation();
  const { expected, reported, missing, unexplained } = completeness;
  const names = (list: { name: string }[]) => list.map((i) => i.name).join(", ");
  return (
    <div className="completeness">
      <p>
        {detailed && <strong>{t("reviews.completeness.heading")}: </strong>}
        <span className={reported < expected ? "completeness-short" : undefined}>{t("reviews.completeness.reported", { reported, count: expected })}</span>
        {" · "}
        <span className={unexplained.length > 0 ? "completeness-short" : undefined}>
          {unexplained.length > 0 ? t("reviews.completeness.missingComments", { count: unexplained.length }) : t("reviews.completeness.noMissingComments")}
        </span>
      </p>
      {detailed && missing.length > 0 && <p className="small">{t("reviews.completeness.missingNames", { names: names(missing) })}</p>}
      {detailed && unexplained.length > 0 && <p className="small">{t("reviews.completeness.missingCommentNames", { names: names(unexplained) })}</p>}
    </div>
  );
}

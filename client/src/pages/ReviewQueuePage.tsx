import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CompletenessSummary } from "../components/CompletenessSummary";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

/** The manager's queue: period reports submitted for review, oldest first, with how complete each is. */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const f = useFormatters();
  usePageTitle(t("titles.reviews"));
  const trpc = useTRPC();
  const queue = useQuery(trpc.reviews.queue.queryOptions());
  if (queue.isPending) return <Loading what={t("reviews.loadingQueue")} />;
  if (queue.isError) return <ErrorMessage error={queue.error} retry={() => queue.refetch()} />;
  return (
    <>
      <div className="page-heading">
        <h1>{t("reviews.queueHeading")}</h1>
        <p className="muted">{t("reviews.queueIntro")}</p>
        <p className="muted small">{t("reviews.completeness.definition")}</p>
      </div>
      {queue.data.length === 0 ? (
        <EmptyState>{t("reviews.queueEmpty")}</EmptyState>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("reviews.columnPilot")}</th>
              <th scope="col">{t("reviews.columnProject")}</th>
              <th scope="col">{t("reviews.columnPeriod")}</th>
              <th scope="col">{t("reviews.columnSubmitted")}</th>
              <th scope="col">{t("reviews.columnCompleteness")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.map((item) => (
              <tr key={item.periodId}>
                <th scope="row">
                  <Link to={`/pilots/${item.pilotId}/periods/${item.periodId}`} aria-label={t("reviews.reviewLink", { pilot: item.pilotTitle, period: item.periodLabel })}>
                    {item.pilotTitle}
                  </Link>
                </th>
                <td>{item.projectName}</td>
                <td>{item.periodLabel}</td>
                <td>{item.submittedAt ? f.date(item.submittedAt) : t("common.none")}</td>
                <td>
                  <CompletenessSummary completeness={item.completeness} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

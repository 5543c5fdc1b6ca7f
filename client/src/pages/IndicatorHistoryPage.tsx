import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { AuditEntries } from "../components/AuditEntries";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/** One indicator: changes to its set-up and to each of its results. */
export function IndicatorHistoryPage() {
  const indicatorId = Number(useParams().indicatorId);
  const { t } = useTranslation();
  const trpc = useTRPC();
  const history = useQuery(trpc.history.indicator.queryOptions({ indicatorId }));
  usePageTitle(history.data ? t("history.indicatorTitle", { name: history.data.indicator.name }) : t("history.indicatorTitleLoading"));
  if (history.isPending) return <Loading what={t("history.loadingIndicator")} />;
  if (history.isError) return <ErrorMessage error={history.error} retry={() => history.refetch()} />;
  const { indicator, pilot, results, entries } = history.data;
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link>
        </p>
        <h1>{t("history.indicatorTitle", { name: indicator.name })}</h1>
        {results.length > 0 ? (
          <p>
            {t("history.resultsAndComments")}{" "}
            {results.map((r, i) => (
              <span key={r.resultId}>
                {i > 0 && " · "}
                <Link to={`/results/${r.resultId}`}>{r.label}</Link>
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">{t("history.noResults")}</p>
        )}
      </div>
      <AuditEntries entries={entries} />
    </>
  );
}

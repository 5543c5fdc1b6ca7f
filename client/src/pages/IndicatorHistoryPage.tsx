import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { AuditEntries } from "../components/AuditEntries";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";
import { useFormatters } from "../i18n/useFormatters";

/** One indicator: changes to its set-up and to each of its results. */
export function IndicatorHistoryPage() {
  const indicatorId = Number(useParams().indicatorId);
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const history = useQuery(trpc.history.indicator.queryOptions({ indicatorId }));
  usePageTitle(history.data ? t("history.indicatorTitle", { name: history.data.indicator.name }) : t("history.indicatorTitleLoading"));
  if (history.isPending) return <Loading what={t("history.loadingIndicator")} />;
  if (history.isError) return <ErrorMessage error={history.error} retry={() => history.refetch()} />;
  const { indicator, pilot, results, entries, revisions } = history.data;
  // Goal and baseline are numbers, milestones a list of { date, target }: each said the reader's way.
  const valueText = (value: unknown) =>
    Array.isArray(value)
      ? value.map((m: { date: string; target: number }) => `${f.date(m.date)}: ${f.number(m.target)}`).join("; ") || t("common.none")
      : typeof value === "number"
        ? f.number(value)
        : String(value);
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
      <section aria-labelledby="revisions-heading">
        <h2 id="revisions-heading">{t("revisions.history.title")}</h2>
        {revisions.length === 0 ? (
          <p className="muted">{t("revisions.history.none")}</p>
        ) : (
          <table className="revisions">
            <thead>
              <tr>
                <th scope="col">{t("revisions.history.at")}</th>
                <th scope="col">{t("revisions.history.field")}</th>
                <th scope="col">{t("revisions.history.change")}</th>
                <th scope="col">{t("revisions.history.reason")}</th>
                <th scope="col">{t("revisions.history.by")}</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.id}>
                  <td>{f.date(r.at.slice(0, 10))}</td>
                  <td>{t(`revisions.fields.${r.field}`)}</td>
                  <td>
                    {valueText(r.before)} → {valueText(r.after)}
                  </td>
                  <td>
                    {t(`revisions.reasons.${r.reasonCode}`)}: {r.reasonText}
                    {!r.countsAsRevision && <div className="muted small">{t("revisions.history.notCounted")}</div>}
                  </td>
                  <td>{r.authorName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AuditEntries entries={entries} />
    </>
  );
}

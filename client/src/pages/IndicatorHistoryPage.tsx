import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { AuditEntries } from "../components/AuditEntries";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/** One indicator: changes to its set-up and to each of its results. */
export function IndicatorHistoryPage() {
  const indicatorId = Number(useParams().indicatorId);
  const trpc = useTRPC();
  const history = useQuery(trpc.history.indicator.queryOptions({ indicatorId }));
  usePageTitle(history.data ? `History: ${history.data.indicator.name}` : "Indicator history");
  if (history.isPending) return <Loading what="the indicator's history" />;
  if (history.isError) return <ErrorMessage error={history.error} retry={() => history.refetch()} />;
  const { indicator, pilot, results, entries } = history.data;
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link>
        </p>
        <h1>History: {indicator.name}</h1>
        {results.length > 0 && (
          <p>
            Results and their comments:{" "}
            {results.map((r, i) => (
              <span key={r.resultId}>
                {i > 0 && " · "}
                <Link to={`/results/${r.resultId}`}>{r.label}</Link>
              </span>
            ))}
          </p>
        )}
      </div>
      <AuditEntries entries={entries} />
    </>
  );
}

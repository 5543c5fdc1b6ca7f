import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { formatDate } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/** The manager's queue: period reports submitted for review, oldest first. */
export function ReviewQueuePage() {
  usePageTitle("Reports to review");
  const trpc = useTRPC();
  const queue = useQuery(trpc.reviews.queue.queryOptions());
  if (queue.isPending) return <Loading what="the reports to review" />;
  if (queue.isError) return <ErrorMessage error={queue.error} retry={() => queue.refetch()} />;
  return (
    <>
      <div className="page-heading">
        <h1>Reports to review</h1>
        <p className="muted">Period reports the coordinators have submitted. Open one to approve it or return it with a comment.</p>
      </div>
      {queue.data.length === 0 ? (
        <EmptyState>No report is waiting for review.</EmptyState>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Pilot</th>
              <th scope="col">Project</th>
              <th scope="col">Period</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.map((item) => (
              <tr key={item.periodId}>
                <th scope="row">
                  <Link to={`/pilots/${item.pilotId}/periods/${item.periodId}`} aria-label={`Review ${item.pilotTitle}, ${item.periodLabel}`}>
                    {item.pilotTitle}
                  </Link>
                </th>
                <td>{item.projectName}</td>
                <td>{item.periodLabel}</td>
                <td>{item.submittedAt ? formatDate(item.submittedAt) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

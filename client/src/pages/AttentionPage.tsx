import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { formatPercent } from "../../../shared/numbers";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { FictionalBadge, LikelyToMissBadge, StatusBadge } from "../components/StatusBadge";
import { formatDate, formatGoal, formatValue } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

export function AttentionPage() {
  usePageTitle("Needs attention");
  const trpc = useTRPC();
  const attention = useQuery(trpc.portfolio.needsAttention.queryOptions());
  if (attention.isPending) return <Loading what="what needs attention" />;
  if (attention.isError) return <ErrorMessage error={attention.error} retry={() => attention.refetch()} />;
  const { items, likelyToMiss, asOf } = attention.data;
  return (
    <>
      <div className="page-heading">
        <h1>Needs attention</h1>
        <p className="muted">Underperforming and at-risk indicators across all pilots as at {formatDate(asOf)}, worst first, with the coordinators' explanations.</p>
        {likelyToMiss.length > 0 && (
          <p>
            <a href="#likely-to-miss-heading">
              {likelyToMiss.length} more indicator{likelyToMiss.length === 1 ? " is" : "s are"} likely to miss the goal by the end of the pilot
            </a>
            .
          </p>
        )}
      </div>
      {items.length === 0 ? (
        <EmptyState>Nothing is underperforming or at risk.</EmptyState>
      ) : (
        <ul className="attention-list">
          {items.map((item) => (
            <li key={item.indicator.id} className="card attention-item">
              <div className="attention-head">
                <StatusBadge status={item.progress.status} />
                <h2>{item.indicator.name}</h2>
              </div>
              <p className="muted">
                <Link to={`/pilots/${item.pilot.id}`}>{item.pilot.title}</Link> {item.pilot.isFictional && <FictionalBadge />} · {item.pilot.projectName}
              </p>
              <p>
                Result <strong>{formatValue(item.progress.current, item.indicator)}</strong> · goal {formatGoal(item.indicator)}
                {item.progress.percentOfGoal !== null && <> · {formatPercent(item.progress.percentOfGoal)} of goal</>}
              </p>
              <p className="explanation">{item.explanation}</p>
              {item.latestComment ? (
                <blockquote className="comment">
                  <p>{item.latestComment.comment}</p>
                  <footer>
                    — {item.latestComment.enteredBy}, {formatDate(item.latestComment.enteredAt)}
                  </footer>
                </blockquote>
              ) : (
                <p className="warning-text">
                  <span aria-hidden="true">⚠</span> No explanation given yet.
                </p>
              )}
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="likely-to-miss-heading">
        <h2 id="likely-to-miss-heading">Likely to miss</h2>
        <p className="muted">
          Not flagged today, but the trend of the reported periods ends short of the goal by more than the project's tolerance (counts), or has moved away
          from the goal for three periods (scores and percentages).
        </p>
        {likelyToMiss.length === 0 ? (
          <EmptyState>No indicator's trend points below its goal.</EmptyState>
        ) : (
          <ul className="attention-list">
            {likelyToMiss.map((item) => (
              <li key={item.indicator.id} className="card attention-item" data-indicator={item.indicator.name}>
                <div className="attention-head">
                  <StatusBadge status={item.progress.status} />
                  <LikelyToMissBadge />
                  <h3>{item.indicator.name}</h3>
                </div>
                <p className="muted">
                  <Link to={`/pilots/${item.pilot.id}`}>{item.pilot.title}</Link> {item.pilot.isFictional && <FictionalBadge />} · {item.pilot.projectName}
                </p>
                <p>
                  Today <strong>{formatValue(item.progress.current, item.indicator)}</strong> · goal {formatGoal(item.indicator)} · <strong>{item.projectionText}</strong>
                </p>
                <p className="explanation">{item.explanation}</p>
                {item.latestComment && (
                  <blockquote className="comment">
                    <p>{item.latestComment.comment}</p>
                    <footer>
                      — {item.latestComment.enteredBy}, {formatDate(item.latestComment.enteredAt)}
                    </footer>
                  </blockquote>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

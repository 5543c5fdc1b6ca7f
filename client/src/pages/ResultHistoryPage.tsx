import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { formatStoredValue } from "../../../shared/resultRules";
import { AuditEntries } from "../components/AuditEntries";
import { ErrorMessage, Loading } from "../components/QueryState";
import { formatDate } from "../format";
import { useCan } from "../hooks/useMe";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/** One result: its value, the conversation about it, and every change to it. */
export function ResultHistoryPage() {
  const resultId = Number(useParams().resultId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const history = useQuery(trpc.history.result.queryOptions({ resultId }));
  const [body, setBody] = useState("");
  const add = useMutation(
    trpc.history.addComment.mutationOptions({
      onSuccess: () => {
        setBody("");
        return queryClient.invalidateQueries({ queryKey: trpc.history.result.queryKey({ resultId }) });
      },
    }),
  );
  usePageTitle(history.data ? `${history.data.indicator.name}: ${history.data.period.label}` : "Result history");
  if (history.isPending) return <Loading what="the result's history" />;
  if (history.isError) return <ErrorMessage error={history.error} retry={() => history.refetch()} />;
  const { result, indicator, period, thread, entries, pilotTitle } = history.data;
  const mayComment = can("comment", { projectId: history.data.projectId, pilotId: result.pilotId });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ resultId, body });
  };
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${result.pilotId}`}>{pilotTitle}</Link> · <Link to={`/indicators/${indicator.id}/history`}>{indicator.name}</Link>
        </p>
        <h1>
          {indicator.name}: {period.label}
        </h1>
        <p>
          Current value: <strong>{formatStoredValue(indicator, result)}</strong> · entered by {result.enteredBy} on {formatDate(result.enteredAt)} · version {result.version}
        </p>
      </div>
      <section className="card" aria-labelledby="thread-heading">
        <h2 id="thread-heading">Comments</h2>
        {thread.length === 0 && <p className="muted">No comment yet.</p>}
        <ol className="plain-list thread">
          {thread.map((c) => (
            <li key={`${c.kind}-${c.id}`}>
              <blockquote className="comment">
                <p>{c.body}</p>
                <footer>
                  {c.kind === "explanation" ? "Explanation · " : ""}
                  {c.authorName} · {formatDate(c.at)} {c.at.slice(11, 16)}
                </footer>
              </blockquote>
            </li>
          ))}
        </ol>
        {mayComment && (
          <form onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="reply">Add a comment</label>
              <textarea id="reply" rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
            </div>
            {add.error && (
              <p className="field-error" role="alert">
                {add.error.message}
              </p>
            )}
            <button type="submit" className="primary" disabled={add.isPending}>
              Post comment
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">History</h2>
        <AuditEntries entries={entries} />
      </section>
    </>
  );
}

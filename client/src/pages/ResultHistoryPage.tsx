import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Measure } from "../../../shared/domain";
import { AuditEntries } from "../components/AuditEntries";
import { ErrorMessage, Loading } from "../components/QueryState";
import { useCan } from "../hooks/useMe";
import { useUnsavedChangesWarning } from "../hooks/useUnsavedChangesWarning";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

interface StoredResult {
  value: number;
  numerator: number | null;
  denominator: number | null;
  respondents: number | null;
}

/** One result: its value, the conversation about it, and every change to it. */
export function ResultHistoryPage() {
  const resultId = Number(useParams().resultId);
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const history = useQuery(trpc.history.result.queryOptions({ resultId }));
  const [body, setBody] = useState("");
  const [posted, setPosted] = useState(false);
  // A reply typed but not posted is lost when leaving the page: ask first.
  useUnsavedChangesWarning(body.trim() !== "");
  const add = useMutation(
    trpc.history.addComment.mutationOptions({
      onSuccess: async () => {
        setBody("");
        await queryClient.invalidateQueries({ queryKey: trpc.history.result.queryKey({ resultId }) });
        setPosted(true);
      },
    }),
  );
  usePageTitle(history.data ? t("history.resultTitle", { name: history.data.indicator.name, period: history.data.period.label }) : t("history.resultTitleLoading"));
  if (history.isPending) return <Loading what={t("history.loadingResult")} />;
  if (history.isError) return <ErrorMessage error={history.error} retry={() => history.refetch()} />;
  const { result, indicator, period, thread, entries, pilotTitle } = history.data;
  const mayComment = can("comment", { projectId: history.data.projectId, pilotId: result.pilotId });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPosted(false);
    add.mutate({ resultId, body });
  };
  /** "70 hours", "8.6 (12 respondents)", "12 of 20 (60%)", each number in the reader's way. */
  const storedValue = (measure: Measure, stored: StoredResult) => {
    if (measure === "percentage" && stored.numerator !== null && stored.denominator !== null)
      return t("history.value.share", { numerator: stored.numerator, denominator: stored.denominator, share: f.percent(stored.value) });
    if (measure === "score")
      return stored.respondents !== null ? t("history.value.scoreWithRespondents", { value: f.number(stored.value), count: stored.respondents }) : f.number(stored.value);
    return indicator.unit ? t("history.value.withUnit", { value: f.number(stored.value), unit: indicator.unit }) : f.number(stored.value);
  };
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${result.pilotId}`}>{pilotTitle}</Link> · <Link to={`/indicators/${indicator.id}/history`}>{indicator.name}</Link>
        </p>
        <h1>{t("history.resultTitle", { name: indicator.name, period: period.label })}</h1>
        <p>
          {t("history.currentValue")} <strong>{storedValue(indicator.measure, result)}</strong> ·{" "}
          {t("history.enteredBy", { name: result.enteredBy, date: f.date(result.enteredAt), version: result.version })}
        </p>
      </div>
      <section className="card" aria-labelledby="thread-heading">
        <h2 id="thread-heading">{t("history.commentsHeading")}</h2>
        {thread.length === 0 && <p className="muted">{t("history.noComments")}</p>}
        <ol className="plain-list thread">
          {thread.map((c) => (
            <li key={`${c.kind}-${c.id}`}>
              <blockquote className="comment">
                <p>{c.body}</p>
                <footer>
                  {c.kind === "explanation" ? `${t("history.explanation")} · ` : ""}
                  {c.authorName} · {f.date(c.at)} {c.at.slice(11, 16)}
                </footer>
              </blockquote>
            </li>
          ))}
        </ol>
        {mayComment && (
          <form onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="reply">{t("history.addComment")}</label>
              <textarea
                id="reply"
                rows={2}
                value={body}
                onChange={(e) => {
                  setPosted(false);
                  setBody(e.target.value);
                }}
              />
            </div>
            {add.error && (
              <p className="field-error" role="alert">
                {add.error.message}
              </p>
            )}
            <div role="status">{posted && <p className="success">{t("history.commentPosted")}</p>}</div>
            <button type="submit" className="primary" disabled={add.isPending}>
              {add.isPending ? t("history.posting") : t("history.postComment")}
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">{t("history.changesHeading")}</h2>
        <AuditEntries entries={entries} />
      </section>
    </>
  );
}

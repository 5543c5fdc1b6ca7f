import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ProjectPilotFilter, useProjectPilotFilter } from "../components/ProjectPilotFilter";
import { ErrorMessage, Loading } from "../components/QueryState";
import { useMe } from "../hooks/useMe";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/**
 * What is the signed-in person's to do: reports to send and open periods' missing comments or evidence
 * (coordinators), reports to review and indicators likely to miss their goal (managers).
 */
export function TodoPage() {
  const { t } = useTranslation();
  usePageTitle(t("todo.heading"));
  const trpc = useTRPC();
  const filter = useProjectPilotFilter();
  const todo = useQuery(trpc.todo.mine.queryOptions(filter));
  const heading = (
    <>
      <div className="page-heading">
        <h1>{t("todo.heading")}</h1>
      </div>
      <ProjectPilotFilter idPrefix="todo-filter" />
    </>
  );
  if (todo.isPending)
    return (
      <>
        {heading}
        <Loading what={t("todo.loading")} />
      </>
    );
  if (todo.isError) return <ErrorMessage error={todo.error} retry={() => todo.refetch()} />;
  const { periods, gaps, reviews, likelyToMiss } = todo.data;
  return (
    <>
      {heading}
      {todo.data.count === 0 && <p>{t("todo.nothing")}</p>}
      {periods.length > 0 && (
        <section className="card" aria-labelledby="todo-periods-heading">
          <h2 id="todo-periods-heading">{t("todo.periodsHeading")}</h2>
          <ul className="todo-list">
            {periods.map((item) => (
              <li key={item.periodId} className={item.kind === "overdue" ? "todo-overdue" : undefined}>
                <strong>{item.pilotTitle}</strong> <span className="muted small">({item.projectName})</span>
                <br />
                {item.kind === "overdue"
                  ? t("todo.overdue", { period: item.periodLabel, count: item.daysLate, deadline: item.deadline })
                  : item.kind === "due"
                    ? t("todo.due", { period: item.periodLabel, count: item.daysLeft, deadline: item.deadline })
                    : t("todo.upcoming", { period: item.periodLabel, deadline: item.deadline })}
                {item.returnComment && (
                  <>
                    <br />
                    {t("todo.returned", { comment: item.returnComment })}
                  </>
                )}{" "}
                <Link to={`/pilots/${item.pilotId}/periods/${item.periodId}`}>{t("todo.open")}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {gaps.length > 0 && (
        <section className="card" aria-labelledby="todo-gaps-heading">
          <h2 id="todo-gaps-heading">{t("todo.gapsHeading")}</h2>
          <ul className="todo-list">
            {gaps.map((item) => (
              <li key={item.periodId}>
                <strong>{item.pilotTitle}</strong> <span className="muted small">({item.projectName})</span>
                <br />
                {item.periodLabel}
                {item.missingComments.length > 0 && (
                  <>
                    <br />
                    {t("todo.missingComments", { count: item.missingComments.length, names: item.missingComments.map((i) => i.name).join(", ") })}
                  </>
                )}
                {item.missingEvidence.map((gap) => (
                  <span key={gap.id}>
                    <br />
                    {t("todo.missingEvidence", { indicator: gap.name, evidence: gap.meansOfVerification })}
                  </span>
                ))}{" "}
                <Link to={`/pilots/${item.pilotId}/periods/${item.periodId}`}>{t("todo.complete")}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {reviews.length > 0 && (
        <section className="card" aria-labelledby="todo-reviews-heading">
          <h2 id="todo-reviews-heading">{t("todo.reviewsHeading")}</h2>
          <ul className="todo-list">
            {reviews.map((item) => (
              <li key={item.periodId}>
                <strong>{item.pilotTitle}</strong> <span className="muted small">({item.projectName})</span>
                <br />
                {t("todo.waiting", { period: item.periodLabel, count: item.daysWaiting })} <Link to={`/pilots/${item.pilotId}/periods/${item.periodId}`}>{t("todo.open")}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {likelyToMiss.length > 0 && (
        <section className="card" aria-labelledby="todo-warnings-heading">
          <h2 id="todo-warnings-heading">{t("todo.likelyToMissHeading")}</h2>
          <ul className="todo-list">
            {likelyToMiss.map((item) => (
              <li key={item.indicatorId}>
                <strong>{item.pilotTitle}</strong> <span className="muted small">({item.projectName})</span>
                <br />
                {t("todo.likelyToMiss", { indicator: item.indicatorName, projection: item.projection })}
                {item.pace && ` ${item.pace}`} <Link to={`/pilots/${item.pilotId}`}>{t("todo.openPilot")}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <MyPilots />
    </>
  );
}

/** The pilots the person coordinates, one click away: the to-do page is a coordinator's start page. */
function MyPilots() {
  const { t } = useTranslation();
  const me = useMe().data;
  const coordinated = (me?.memberships ?? []).filter((m) => m.role === "pilot_coordinator" && m.pilotId !== null && m.pilotTitle !== null);
  if (coordinated.length === 0) return null;
  return (
    <section className="card" aria-labelledby="todo-pilots-heading">
      <h2 id="todo-pilots-heading">{t("todo.myPilotsHeading")}</h2>
      <ul className="plain-list">
        {coordinated.map((m) => (
          <li key={m.pilotId}>
            <Link to={`/pilots/${m.pilotId}`}>{m.pilotTitle}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ProjectPilotFilter, useProjectPilotFilter } from "../components/ProjectPilotFilter";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { FictionalBadge, LikelyToMissBadge, StatusBadge } from "../components/StatusBadge";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

export function AttentionPage() {
  const { t } = useTranslation();
  const f = useFormatters();
  usePageTitle(t("attention.title"));
  const trpc = useTRPC();
  const filter = useProjectPilotFilter();
  const attention = useQuery(trpc.portfolio.needsAttention.queryOptions(filter));
  if (attention.isPending)
    return (
      <>
        <ProjectPilotFilter idPrefix="attention-filter" />
        <Loading what={t("attention.loading")} />
      </>
    );
  if (attention.isError) return <ErrorMessage error={attention.error} retry={() => attention.refetch()} />;
  const { items, likelyToMiss, missingPeriods, overAchieved, overdueReports, evidenceGaps, asOf } = attention.data;
  return (
    <>
      <div className="page-heading">
        <h1>{t("attention.title")}</h1>
        <p className="muted">{t("attention.intro", { day: asOf })}</p>
        {likelyToMiss.length > 0 && (
          <p>
            <a href="#likely-to-miss-heading">{t("attention.moreLikelyToMiss", { count: likelyToMiss.length })}</a>
          </p>
        )}
      </div>
      <ProjectPilotFilter idPrefix="attention-filter" />
      {overdueReports.length > 0 && (
        <section aria-labelledby="overdue-reports-heading">
          <h2 id="overdue-reports-heading">{t("attention.overdueHeading")}</h2>
          <ul className="attention-list">
            {overdueReports.map((report) => (
              <li key={report.periodId} className="card attention-item todo-overdue">
                <div className="attention-head">
                  <h3>{report.periodLabel}</h3>
                  {report.missing && <span className="badge badge-warning">{t("attention.missingReport")}</span>}
                </div>
                <PilotLine pilot={report.pilot} />
                <p>
                  {t("todo.overdue", { period: report.periodLabel, count: report.daysLate, deadline: report.deadline })}
                  {report.state === "returned" && <> · {t("attention.returnedNotResent")}</>}{" "}
                  <Link to={`/pilots/${report.pilot.id}/periods/${report.periodId}`}>{t("todo.open")}</Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {items.length === 0 ? (
        <EmptyState>{t("attention.nothingFlagged")}</EmptyState>
      ) : (
        <ul className="attention-list">
          {items.map((item) => (
            <li key={item.indicator.id} className="card attention-item">
              <div className="attention-head">
                <StatusBadge status={item.progress.status} />
                <h2>{item.indicator.name}</h2>
              </div>
              <PilotLine pilot={item.pilot} />
              <p>
                {t("attention.result")} <strong>{f.value(item.progress.current, item.indicator)}</strong> · {t("attention.goal", { goal: f.goal(item.indicator) })}
                {item.progress.percentOfGoal !== null && <> · {t("attention.shareOfGoal", { share: item.progress.percentOfGoal })}</>}
              </p>
              <p className="explanation">{f.message(item.explanation)}</p>
              {item.signals.length > 0 && (
                <ul className="signals" aria-label={t("signals.forIndicator", { indicator: item.indicator.name })}>
                  {item.signals.map((signal) => (
                    <li key={signal.key}>{f.message(signal)}</li>
                  ))}
                </ul>
              )}
              {item.latestComment ? (
                <blockquote className="comment">
                  <p>{item.latestComment.comment}</p>
                  <footer>{t("attention.commentBy", { author: item.latestComment.enteredBy, day: item.latestComment.enteredAt })}</footer>
                </blockquote>
              ) : (
                <p className="warning-text">
                  <span aria-hidden="true">⚠</span> {t("attention.noExplanation")}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}

      {missingPeriods.length > 0 && (
        <section aria-labelledby="missing-periods-heading">
          <h2 id="missing-periods-heading">{t("attention.missingHeading")}</h2>
          <p className="muted">{t("kinds.missingPeriods")}</p>
          <ul className="attention-list">
            {missingPeriods.map((item) => (
              <li key={item.indicator.id} className="card attention-item" data-indicator={item.indicator.name}>
                <div className="attention-head">
                  <StatusBadge status={item.progress.status} />
                  <h3>{item.indicator.name}</h3>
                </div>
                <PilotLine pilot={item.pilot} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {(evidenceGaps.missing.length > 0 || evidenceGaps.pending.length > 0) && (
        <section aria-labelledby="evidence-gaps-heading">
          <h2 id="evidence-gaps-heading">{t("attention.evidence.heading")}</h2>
          <p className="muted">{t("attention.evidence.intro")}</p>
          <ul className="attention-list">
            {evidenceGaps.missing.map((gap) => (
              <li key={gap.indicator.id} className="card attention-item evidence-gap" data-indicator={gap.indicator.name}>
                <div className="attention-head">
                  <span className="evidence-status evidence-missing">{t("evidence.status.missing")}</span>
                  <h3>{gap.indicator.name}</h3>
                </div>
                <PilotLine pilot={gap.pilot} />
                <p className="muted small">{t("evidence.expected", { means: gap.indicator.meansOfVerification })}</p>
                <p>
                  {t("attention.evidence.missingFor", { count: gap.periods.length })}{" "}
                  {gap.periods.map((period, index) => (
                    <span key={period.id}>
                      {index > 0 && ", "}
                      <Link to={`/pilots/${gap.pilot.id}/periods/${period.id}`}>{period.label}</Link>
                    </span>
                  ))}
                </p>
              </li>
            ))}
            {evidenceGaps.pending.map((approval) => (
              <li key={approval.period.id} className="card attention-item evidence-pending">
                <div className="attention-head">
                  <span className="evidence-status">{t("attention.evidence.pendingBadge")}</span>
                  <h3>
                    <Link to={`/pilots/${approval.pilot.id}/periods/${approval.period.id}`}>{approval.period.label}</Link>
                  </h3>
                </div>
                <PilotLine pilot={approval.pilot} />
                <p>{t("evidence.review.pendingNote", { note: approval.note })}</p>
                {approval.approvedBy && <p className="muted small">{t("attention.evidence.approvedBy", { name: approval.approvedBy })}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {overAchieved.length > 0 && (
        <section aria-labelledby="over-achieved-heading">
          <h2 id="over-achieved-heading">{t("signals.overAchievedHeading")}</h2>
          <p className="muted">{t("signals.overAchievedIntro")}</p>
          <ul className="attention-list">
            {overAchieved.map((item) => (
              <li key={item.indicator.id} className="card attention-item" data-indicator={item.indicator.name}>
                <div className="attention-head">
                  <StatusBadge status={item.progress.status} />
                  <h3>{item.indicator.name}</h3>
                </div>
                <PilotLine pilot={item.pilot} />
                <p>
                  {t("attention.result")} <strong>{f.value(item.progress.current, item.indicator)}</strong> · {t("attention.goal", { goal: f.goal(item.indicator) })}
                </p>
                <ul className="signals" aria-label={t("signals.forIndicator", { indicator: item.indicator.name })}>
                  {item.signals.map((signal) => (
                    <li key={signal.key}>{f.message(signal)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="likely-to-miss-heading">
        <h2 id="likely-to-miss-heading">{t("attention.likelyHeading")}</h2>
        <p className="muted">{t("attention.likelyIntro")}</p>
        {likelyToMiss.length === 0 ? (
          <EmptyState>{t("attention.nothingLikely")}</EmptyState>
        ) : (
          <ul className="attention-list">
            {likelyToMiss.map((item) => (
              <li key={item.indicator.id} className="card attention-item" data-indicator={item.indicator.name}>
                <div className="attention-head">
                  <StatusBadge status={item.progress.status} />
                  <LikelyToMissBadge />
                  <h3>{item.indicator.name}</h3>
                </div>
                <PilotLine pilot={item.pilot} />
                <p>
                  {t("attention.today")} <strong>{f.value(item.progress.current, item.indicator)}</strong> · {t("attention.goal", { goal: f.goal(item.indicator) })} ·{" "}
                  <strong>{f.message(item.projectionText)}</strong>
                </p>
                <p className="explanation">{f.message(item.explanation)}</p>
                {item.latestComment && (
                  <blockquote className="comment">
                    <p>{item.latestComment.comment}</p>
                    <footer>{t("attention.commentBy", { author: item.latestComment.enteredBy, day: item.latestComment.enteredAt })}</footer>
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

/** The pilot an item belongs to, with its project: the same line under every item of the page. */
function PilotLine({ pilot }: { pilot: { id: number; title: string; isFictional: boolean; projectName: string } }) {
  return (
    <p className="muted">
      <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link> {pilot.isFictional && <FictionalBadge />} · {pilot.projectName}
    </p>
  );
}

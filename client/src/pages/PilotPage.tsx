import { useQuery } from "@tanstack/react-query";
import { revisedGoalNote } from "../../../shared/revisions";
import { intervalText } from "../../../shared/signals";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { isEditable } from "../../../shared/review";
import { useCan } from "../hooks/useMe";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge, LikelyToMissBadge, StatusBadge } from "../components/StatusBadge";
import { ReferenceSheetView } from "../components/ReferenceSheetView";
import { StatusCounts } from "../components/StatusCounts";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

const IndicatorChart = lazy(() => import("../charts/IndicatorChart"));

export function PilotPage() {
  const pilotId = Number(useParams().pilotId);
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const [asOf, setAsOf] = useState("");
  const can = useCan();
  const page = useQuery(trpc.pilots.page.queryOptions({ id: pilotId, asOf: asOf || undefined }));
  usePageTitle(page.data?.pilot.title);
  if (page.isPending) return <Loading what={t("pilot.loading")} />;
  if (page.isError) return <ErrorMessage error={page.error} retry={() => page.refetch()} />;
  const { pilot, indicators, periods, statusCounts } = page.data;
  const periodLabels = Object.fromEntries(periods.map((p) => [p.sequence, p.label]));
  const exportQuery = asOf ? `?asOf=${asOf}` : "";
  const target = { projectId: pilot.projectId, pilotId: pilot.id };
  const mayEnter = can("enterResults", target);
  const mayReview = can("review", target);

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/projects/${pilot.projectId}`}>{pilot.projectName}</Link>
        </p>
        <h1>
          {pilot.title} {pilot.isFictional && <FictionalBadge />} {pilot.archivedAt && <ArchivedBadge />}
        </h1>
        <dl className="facts">
          <div>
            <dt>{t("pilot.partner")}</dt>
            <dd>{pilot.partnerOrganisation || t("common.none")}</dd>
          </div>
          <div>
            <dt>{t("pilot.location")}</dt>
            <dd>
              {pilot.location || t("common.none")}
              {pilot.country ? ` (${pilot.country})` : ""}
            </dd>
          </div>
          <div>
            <dt>{t("pilot.runs")}</dt>
            <dd>{t("pilot.dateRange", { start: f.date(pilot.startDate), end: f.date(pilot.endDate) })}</dd>
          </div>
          <div>
            <dt>{t("pilot.reporting")}</dt>
            <dd>{t(`labels.frequency.${pilot.reportingFrequency}`)}</dd>
          </div>
          <div>
            <dt>{t("pilot.coordinator")}</dt>
            <dd>
              {pilot.coordinatorName || t("common.none")}
              {pilot.coordinatorEmail && (
                <>
                  {" "}
                  <a href={`mailto:${pilot.coordinatorEmail}`}>{pilot.coordinatorEmail}</a>
                </>
              )}
            </dd>
          </div>
        </dl>
        {pilot.description && <p className="description">{pilot.description}</p>}
      </div>

      <div className="toolbar">
        <label>
          {t("pilot.statusAsAt")}
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <span className="muted">{asOf ? "" : t("pilot.today", { date: f.date(page.data.asOf) })}</span>
        <span className="spacer" />
        <a className="button" href={`/api/exports/pilots/${pilot.id}/indicator-table.xlsx${exportQuery}`} download>
          {t("pilot.downloadXlsx")}
        </a>
        <a className="button" href={`/api/exports/pilots/${pilot.id}/indicator-table.csv${exportQuery}`} download>
          {t("pilot.downloadCsv")}
        </a>
        <Link className="button" to={`/pilots/${pilot.id}/report`}>
          {t("pilot.finalReport")}
        </Link>
        <a className="button" href={`/print/exports/indicators?projectId=${pilot.projectId}&pilotIds=${pilot.id}${asOf ? `&asOf=${asOf}` : ""}`} target="_blank" rel="noopener">
          {t("pilot.printView")}
        </a>
        <Link className="button" to={`/exports?projectId=${pilot.projectId}&pilotIds=${pilot.id}`}>
          {t("pilot.moreExports")}
        </Link>
        <Link className="button secondary" to={`/pilots/${pilot.id}/stakeholders`}>
          {t("pilot.stakeholders")}
        </Link>
        <a className="button" href={`/api/exports/pilots/${pilot.id}/history.csv`} download>
          {t("pilot.downloadHistory")}
        </a>
        {can("enterResults", target) && (
          <Link className="button secondary" to={`/pilots/${pilot.id}/import`}>
            {t("pilot.import")}
          </Link>
        )}
        {can("setUp", target) && (
          <Link className="button secondary" to={`/pilots/${pilot.id}/setup`}>
            {t("pilot.setUp")}
          </Link>
        )}
      </div>

      <section aria-labelledby="status-heading" className="card">
        <h2 id="status-heading">{t("pilot.statusHeading", { count: indicators.length })}</h2>
        <StatusCounts counts={statusCounts} />
      </section>
      <EvidenceCounts pilotId={pilot.id} />

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">{t("pilot.indicatorsHeading")}</h2>
        {indicators.length === 0 ? (
          <EmptyState>
            {t("pilot.noIndicators")} {can("setUp", target) && <Link to={`/pilots/${pilot.id}/setup`}>{t("pilot.addIndicators")}</Link>}
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table indicator-table">
              <thead>
                <tr>
                  <th scope="col">{t("pilot.table.indicator")}</th>
                  <th scope="col">{t("pilot.table.goal")}</th>
                  <th scope="col">{t("pilot.table.current")}</th>
                  <th scope="col">{t("pilot.table.percentOfGoal")}</th>
                  <th scope="col">{t("pilot.table.status")}</th>
                  <th scope="col">{t("pilot.table.comments")}</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map(
                  ({
                    indicator,
                    progress,
                    explanation,
                    aggregation,
                    comments,
                    explanationMissing,
                    projection,
                    projectionText,
                    register,
                    signals,
                    interval,
                    confirmations,
                    reference,
                    attachedPeriods,
                    missingPeriods,
                    goalRevision,
                  }) => (
                    <tr key={indicator.id} data-indicator={indicator.name}>
                      <th scope="row">
                        {indicator.name}
                        <div className="muted small">
                          {t(`indicatorForm.kinds.${indicator.kind}`)}
                          {indicator.code ? ` · ${indicator.code}` : ""} ·{" "}
                          <Link to={`/indicators/${indicator.id}/history`} aria-label={t("pilot.historyOf", { name: indicator.name })}>
                            {t("pilot.history")}
                          </Link>
                        </div>
                        <ReferenceSheetView reference={reference} attachedPeriods={attachedPeriods} missingPeriods={missingPeriods} />
                      </th>
                      <td>
                        {f.goal(indicator)}
                        {goalRevision && (
                          <div className="muted small goal-revision" title={goalRevision.reason.text}>
                            {f.message(revisedGoalNote(goalRevision, indicator.measure))}
                          </div>
                        )}
                        {indicator.goalText && <div className="muted small">{indicator.goalText}</div>}
                        <IndicatorKindNotes indicator={indicator} />
                      </td>
                      <td className="number">
                        {f.value(progress.current, indicator)}
                        {aggregation && aggregation !== "sum" && <div className="muted small">{t(`kinds.aggregation.${aggregation}`)}</div>}
                        {interval && <div className="muted small interval">{f.message(intervalText(interval, indicator.measure))}</div>}
                      </td>
                      <td className="number">{progress.percentOfGoal === null ? t("common.none") : f.percent(progress.percentOfGoal, 1)}</td>
                      <td>
                        <StatusBadge status={progress.status} />
                        {projection.kind !== "none" && projection.likelyToMiss && <LikelyToMissBadge />}
                        <div className="muted small">{f.message(explanation)}</div>
                        {progress.missingPeriods && (
                          <p className="warning-text small">
                            <span aria-hidden="true">?</span> {t("kinds.missingPeriods")}
                          </p>
                        )}
                        {(projection.kind === "count" || (projection.kind === "trend" && projection.worsening)) && (
                          <div className={`small projection-text${projection.likelyToMiss ? " warning-text" : " muted"}`}>{f.message(projectionText)}</div>
                        )}
                        {signals.length > 0 && (
                          <ul className="signals small" aria-label={t("signals.forIndicator", { indicator: indicator.name })}>
                            {signals.map((signal) => (
                              <li key={signal.key}>{f.message(signal)}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        {register && (
                          <details className="register-details small">
                            <summary>{t("pilot.register.summary", { period: register.periodLabel, numerator: register.numerator, denominator: register.denominator })}</summary>
                            <p>
                              <strong>{t("pilot.register.counted")}</strong> {register.counted.join("; ") || t("pilot.register.nobody")}
                            </p>
                            <p className="muted">
                              <strong>{t("pilot.register.notCounted")}</strong> {register.notCounted.join("; ") || t("pilot.register.nobody")}
                            </p>
                            <Link to={`/pilots/${pilot.id}/stakeholders`}>{t("pilot.register.open")}</Link>
                          </details>
                        )}
                        {confirmations.map((c) => (
                          <div key={c.periodLabel} className="plausibility-confirmed small">
                            <p>
                              <span aria-hidden="true">☑</span> {c.periodLabel} · {t("signals.plausibility.confirmedBy", { name: c.enteredBy })}
                            </p>
                            <ul>
                              {c.messages.map((m) => (
                                <li key={m.key}>{f.message(m)}</li>
                              ))}
                            </ul>
                          </div>
                        ))}
                        {explanationMissing && (
                          <p className="warning-text">
                            <span aria-hidden="true">⚠</span> {t("pilot.explanationMissing")}
                          </p>
                        )}
                        {comments.slice(0, 2).map((c) => (
                          <blockquote key={`${c.periodSequence}`} className="comment small">
                            <p>{c.comment}</p>
                            <footer>
                              {c.periodLabel} · {c.enteredBy}
                            </footer>
                          </blockquote>
                        ))}
                        {comments.length > 2 && <p className="muted small">{t("pilot.earlierComments", { count: comments.length - 2 })}</p>}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {indicators.length > 0 && (
        <section aria-labelledby="charts-heading">
          <h2 id="charts-heading">{t("pilot.chartsHeading")}</h2>
          <div className="chart-grid">
            {indicators.map(({ indicator, series, progress, projection }) => (
              <article key={indicator.id} className="card chart-card" data-indicator={indicator.name}>
                <h3>
                  {indicator.name}{" "}
                  <span>
                    <StatusBadge status={progress.status} />
                    {projection.kind !== "none" && projection.likelyToMiss && <LikelyToMissBadge />}
                  </span>
                </h3>
                <Suspense fallback={<Loading what={t("pilot.loadingChart")} />}>
                  <IndicatorChart indicator={indicator} series={series} periodLabels={periodLabels} projection={projection.kind === "count" ? projection : null} />
                </Suspense>
              </article>
            ))}
          </div>
        </section>
      )}

      <section aria-labelledby="periods-heading">
        <h2 id="periods-heading">{t("pilot.periodsHeading")}</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("pilot.periods.period")}</th>
                <th scope="col">{t("pilot.periods.dates")}</th>
                <th scope="col">{t("pilot.periods.reported")}</th>
                <th scope="col">{t("pilot.periods.state")}</th>
                <th scope="col">{t("pilot.periods.review")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("pilot.periods.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.map((period) => (
                <tr key={period.id}>
                  <th scope="row">{period.label}</th>
                  <td className="nowrap">{t("pilot.dateRange", { start: f.date(period.startDate), end: f.date(period.endDate) })}</td>
                  <td>{t("pilot.periods.reportedOf", { reported: period.reportedCount, total: period.indicatorCount })}</td>
                  <td>
                    {t(
                      `pilot.periods.progress.${period.isDue ? (period.reportedCount < period.indicatorCount ? "dueIncomplete" : "complete") : period.hasStarted ? "inProgress" : "notStarted"}`,
                    )}
                  </td>
                  <td>
                    <span className={`review-state review-${period.report.state}`}>{t(`labels.reviewState.${period.report.state}`)}</span>
                  </td>
                  <td>{period.hasStarted && !pilot.archivedAt && <PeriodLink pilotId={pilot.id} period={period} mayEnter={mayEnter} mayReview={mayReview} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** What the person can do with a period: enter or edit its results, review it, or read them. */
function PeriodLink({
  pilotId,
  period,
  mayEnter,
  mayReview,
}: {
  pilotId: number;
  period: { id: number; label: string; reportedCount: number; report: { state: Parameters<typeof isEditable>[0] } };
  mayEnter: boolean;
  mayReview: boolean;
}) {
  const { t } = useTranslation();
  const action = mayEnter && isEditable(period.report.state) ? (period.reportedCount > 0 ? "edit" : "enter") : mayReview && period.report.state === "submitted" ? "review" : "view";
  return (
    <Link to={`/pilots/${pilotId}/periods/${period.id}`} aria-label={t(`pilot.periods.actionFor.${action}`, { period: period.label })}>
      {t(`pilot.periods.actionLink.${action}`)}
    </Link>
  );
}

/** What sets the indicator apart from a plain linear count: its scale, how periods count, its targets over time. */
function IndicatorKindNotes({
  indicator,
}: {
  indicator: {
    measure: "count" | "score" | "percentage";
    cumulation: "increments" | "to_date" | "level";
    entryForm: "standard" | "direct_percentage" | "index";
    scaleMin: number | null;
    scaleMax: number | null;
    delivery: "linear" | "milestones" | "at_end";
    milestoneShape: "interpolated" | "stepped";
    milestones: { date: string; target: number }[];
  };
}) {
  const { t } = useTranslation();
  const notes: string[] = [];
  if (indicator.measure === "score" && indicator.scaleMin !== null && indicator.scaleMax !== null)
    notes.push(t("kinds.scale", { min: indicator.scaleMin, max: indicator.scaleMax }));
  if (indicator.cumulation === "level") notes.push(t("labels.cumulation.level"));
  if (indicator.entryForm !== "standard") notes.push(t(`labels.entryForm.${indicator.entryForm}`));
  if (indicator.delivery !== "linear") notes.push(t("kinds.delivery", { profile: t(`labels.delivery.${indicator.delivery}`) }));
  if (notes.length === 0) return null;
  return (
    <div className="muted small indicator-kind">
      {notes.join(" · ")}
      {indicator.delivery === "milestones" && indicator.milestones.length > 0 && (
        <div>
          {t(`labels.milestoneShape.${indicator.milestoneShape}`)}: {indicator.milestones.map((m) => t("kinds.milestone", { date: m.date, target: m.target })).join("; ")}
        </div>
      )}
    </div>
  );
}

/** Results with evidence, results expecting evidence without any, and approvals with evidence pending (server/queries/evidence.ts). */
function EvidenceCounts({ pilotId }: { pilotId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const counts = useQuery(trpc.evidence.pilotCounts.queryOptions({ pilotId }));
  if (!counts.data || counts.data.results === 0) return null;
  return (
    <section aria-labelledby="evidence-counts-heading" className="card evidence-counts">
      <h2 id="evidence-counts-heading">{t("evidence.countsHeading")}</h2>
      <p>{t("evidence.counts", counts.data)}</p>
      {counts.data.pendingApprovals > 0 && <p className="warning-text">{t("evidence.pendingApprovals", { count: counts.data.pendingApprovals })}</p>}
    </section>
  );
}

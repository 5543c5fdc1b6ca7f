import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { frequencyLabels, reviewStateLabels } from "../../../shared/domain";
import { isEditable } from "../../../shared/review";
import { useCan } from "../hooks/useMe";
import { formatPercent } from "../../../shared/numbers";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge, LikelyToMissBadge, StatusBadge } from "../components/StatusBadge";
import { StatusCounts } from "../components/StatusCounts";
import { formatDate, formatGoal, formatValue } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

const IndicatorChart = lazy(() => import("../charts/IndicatorChart"));

export function PilotPage() {
  const pilotId = Number(useParams().pilotId);
  const trpc = useTRPC();
  const [asOf, setAsOf] = useState("");
  const can = useCan();
  const f = useFormatters();
  const page = useQuery(trpc.pilots.page.queryOptions({ id: pilotId, asOf: asOf || undefined }));
  usePageTitle(page.data?.pilot.title);
  if (page.isPending) return <Loading what="the pilot" />;
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
            <dt>Partner</dt>
            <dd>{pilot.partnerOrganisation || "–"}</dd>
          </div>
          <div>
            <dt>Location</dt>
            <dd>
              {pilot.location || "–"}
              {pilot.country ? ` (${pilot.country})` : ""}
            </dd>
          </div>
          <div>
            <dt>Runs</dt>
            <dd>
              {formatDate(pilot.startDate)} – {formatDate(pilot.endDate)}
            </dd>
          </div>
          <div>
            <dt>Reporting</dt>
            <dd>{frequencyLabels[pilot.reportingFrequency]}</dd>
          </div>
          <div>
            <dt>Coordinator</dt>
            <dd>
              {pilot.coordinatorName || "–"}
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
          Status as at
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <span className="muted">{asOf ? "" : `today (${formatDate(page.data.asOf)})`}</span>
        <span className="spacer" />
        <a className="button" href={`/api/exports/pilots/${pilot.id}/indicator-table.xlsx${exportQuery}`} download>
          Download XLSX
        </a>
        <a className="button" href={`/api/exports/pilots/${pilot.id}/indicator-table.csv${exportQuery}`} download>
          Download CSV
        </a>
        <Link className="button" to={`/pilots/${pilot.id}/report`}>
          Final report
        </Link>
        <a className="button" href={`/print/exports/indicators?projectId=${pilot.projectId}&pilotIds=${pilot.id}${asOf ? `&asOf=${asOf}` : ""}`} target="_blank" rel="noopener">
          Print view
        </a>
        <Link className="button" to={`/exports?projectId=${pilot.projectId}&pilotIds=${pilot.id}`}>
          More exports
        </Link>
        <Link className="button secondary" to={`/pilots/${pilot.id}/stakeholders`}>
          Stakeholders
        </Link>
        <a className="button" href={`/api/exports/pilots/${pilot.id}/history.csv`} download>
          Download history (CSV)
        </a>
        {can("enterResults", target) && (
          <Link className="button secondary" to={`/pilots/${pilot.id}/import`}>
          Import from a spreadsheet
          </Link>
        )}
        {can("setUp", target) && (
          <Link className="button secondary" to={`/pilots/${pilot.id}/setup`}>
            Set up pilot and indicators
          </Link>
        )}
      </div>

      <section aria-labelledby="status-heading" className="card">
        <h2 id="status-heading">Status of {indicators.length} indicators</h2>
        <StatusCounts counts={statusCounts} />
      </section>

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">Indicators</h2>
        {indicators.length === 0 ? (
          <EmptyState>
            No indicators yet. <Link to={`/pilots/${pilot.id}/setup`}>Add the pilot's indicators</Link>.
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table indicator-table">
              <thead>
                <tr>
                  <th scope="col">Indicator</th>
                  <th scope="col">Original goal</th>
                  <th scope="col">Current result</th>
                  <th scope="col">% of goal</th>
                  <th scope="col">Status</th>
                  <th scope="col">Comments</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map(({ indicator, progress, explanation, comments, explanationMissing, projection, projectionText, register }) => (
                  <tr key={indicator.id} data-indicator={indicator.name}>
                    <th scope="row">
                      {indicator.name}
                      <div className="muted small">
                        {indicator.kind === "quantitative" ? "Quantitative" : "Qualitative"}
                        {indicator.code ? ` · ${indicator.code}` : ""} ·{" "}
                        <Link to={`/indicators/${indicator.id}/history`} aria-label={`History of ${indicator.name}`}>
                          History
                        </Link>
                      </div>
                    </th>
                    <td>
                      {formatGoal(indicator)}
                      {indicator.goalText && <div className="muted small">{indicator.goalText}</div>}
                    </td>
                    <td className="number">{formatValue(progress.current, indicator)}</td>
                    <td className="number">{progress.percentOfGoal === null ? "–" : formatPercent(progress.percentOfGoal)}</td>
                    <td>
                      <StatusBadge status={progress.status} />
                      {projection.kind !== "none" && projection.likelyToMiss && <LikelyToMissBadge />}
                      <div className="muted small">{f.message(explanation)}</div>
                      {(projection.kind === "count" || (projection.kind === "trend" && projection.worsening)) && (
                        <div className={`small projection-text${projection.likelyToMiss ? " warning-text" : " muted"}`}>{f.message(projectionText)}</div>
                      )}
                    </td>
                    <td>
                      {register && (
                        <details className="register-details small">
                          <summary>
                            From the stakeholder register ({register.periodLabel}): {register.numerator} of {register.denominator} involved and continuing
                          </summary>
                          <p>
                            <strong>Count:</strong> {register.counted.join("; ") || "none"}
                          </p>
                          <p className="muted">
                            <strong>Do not count:</strong> {register.notCounted.join("; ") || "none"}
                          </p>
                          <Link to={`/pilots/${pilot.id}/stakeholders`}>Open the register</Link>
                        </details>
                      )}
                      {explanationMissing && (
                        <p className="warning-text">
                          <span aria-hidden="true">⚠</span> Explanation missing
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
                      {comments.length > 2 && <p className="muted small">and {comments.length - 2} earlier comment(s)</p>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {indicators.length > 0 && (
        <section aria-labelledby="charts-heading">
          <h2 id="charts-heading">Progress per period</h2>
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
                <Suspense fallback={<Loading what="the chart" />}>
                  <IndicatorChart indicator={indicator} series={series} periodLabels={periodLabels} projection={projection.kind === "count" ? projection : null} />
                </Suspense>
              </article>
            ))}
          </div>
        </section>
      )}

      <section aria-labelledby="periods-heading">
        <h2 id="periods-heading">Reporting periods</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Dates</th>
                <th scope="col">Reported</th>
                <th scope="col">State</th>
                <th scope="col">Review</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.map((period) => (
                <tr key={period.id}>
                  <th scope="row">{period.label}</th>
                  <td className="nowrap">
                    {formatDate(period.startDate)} – {formatDate(period.endDate)}
                  </td>
                  <td>
                    {period.reportedCount} of {period.indicatorCount}
                  </td>
                  <td>{period.isDue ? (period.reportedCount < period.indicatorCount ? "Due, incomplete" : "Complete") : period.hasStarted ? "In progress" : "Not started"}</td>
                  <td>
                    <span className={`review-state review-${period.report.state}`}>{reviewStateLabels[period.report.state]}</span>
                  </td>
                  <td>
                    {period.hasStarted && !pilot.archivedAt && <PeriodLink pilotId={pilot.id} period={period} mayEnter={mayEnter} mayReview={mayReview} />}
                  </td>
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
function PeriodLink({ pilotId, period, mayEnter, mayReview }: { pilotId: number; period: { id: number; label: string; reportedCount: number; report: { state: Parameters<typeof isEditable>[0] } }; mayEnter: boolean; mayReview: boolean }) {
  const verb =
    mayEnter && isEditable(period.report.state)
      ? period.reportedCount > 0
        ? "Edit"
        : "Enter"
      : mayReview && period.report.state === "submitted"
        ? "Review"
        : "View";
  return (
    <Link to={`/pilots/${pilotId}/periods/${period.id}`} aria-label={`${verb} results for ${period.label}`}>
      {verb} results
    </Link>
  );
}

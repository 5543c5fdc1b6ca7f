import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { frequencyLabels } from "../../../shared/domain";
import { formatPercent } from "../../../shared/numbers";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge, StatusBadge } from "../components/StatusBadge";
import { StatusCounts } from "../components/StatusCounts";
import { formatDate, formatGoal, formatValue } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

const IndicatorChart = lazy(() => import("../charts/IndicatorChart"));

export function PilotPage() {
  const pilotId = Number(useParams().pilotId);
  const trpc = useTRPC();
  const [asOf, setAsOf] = useState("");
  const page = useQuery(trpc.pilots.page.queryOptions({ id: pilotId, asOf: asOf || undefined }));
  usePageTitle(page.data?.pilot.title);
  if (page.isPending) return <Loading what="the pilot" />;
  if (page.isError) return <ErrorMessage error={page.error} retry={() => page.refetch()} />;
  const { pilot, indicators, periods, statusCounts } = page.data;
  const periodLabels = Object.fromEntries(periods.map((p) => [p.sequence, p.label]));
  const exportQuery = asOf ? `?asOf=${asOf}` : "";

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
        <Link className="button secondary" to={`/pilots/${pilot.id}/setup`}>
          Set up pilot and indicators
        </Link>
        <Link className="button secondary" to={`/pilots/${pilot.id}/import`}>
          Import from a spreadsheet
        </Link>
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
                {indicators.map(({ indicator, progress, explanation, comments, explanationMissing }) => (
                  <tr key={indicator.id} data-indicator={indicator.name}>
                    <th scope="row">
                      {indicator.name}
                      <div className="muted small">
                        {indicator.kind === "quantitative" ? "Quantitative" : "Qualitative"}
                        {indicator.code ? ` · ${indicator.code}` : ""}
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
                      <div className="muted small">{explanation}</div>
                    </td>
                    <td>
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
            {indicators.map(({ indicator, series, progress }) => (
              <article key={indicator.id} className="card chart-card">
                <h3>
                  {indicator.name} <StatusBadge status={progress.status} />
                </h3>
                <Suspense fallback={<Loading what="the chart" />}>
                  <IndicatorChart indicator={indicator} series={series} periodLabels={periodLabels} />
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
                    {period.hasStarted && !pilot.archivedAt && (
                      <Link to={`/pilots/${pilot.id}/periods/${period.id}`} aria-label={`${period.reportedCount > 0 ? "Edit" : "Enter"} results for ${period.label}`}>
                        {period.reportedCount > 0 ? "Edit results" : "Enter results"}
                      </Link>
                    )}
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

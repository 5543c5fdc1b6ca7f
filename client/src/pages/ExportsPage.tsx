import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { statuses, type Status } from "../../../shared/domain";
import { exportRequest, exportSearchParams, exportTableLabels, exportTables, type ExportFormat, type ExportTable } from "../../../shared/exportRequest";
import { statusLabels } from "../../../shared/progress";
import { ErrorMessage, Loading } from "../components/QueryState";
import { StatusBadge } from "../components/StatusBadge";
import { formatDate } from "../format";
import { validate } from "../formErrors";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

const tableDescriptions: Record<ExportTable, string> = {
  indicators: "Indicator | Unit | Baseline | Original goal | Current result | % of goal | Status | Comments: quantitative, then qualitative.",
  tracking: "Indicators as rows, reporting periods as columns (target to date, result, cumulative result, % of goal), then the goal and the current status. One section per pilot.",
  rollup: "Every pilot's indicators, and indicators that share a code totalled across pilots (counts summed, scores weighted by respondents, percentages pooled).",
};

const formatLabels: Record<ExportFormat, string> = {
  xlsx: "Excel workbook (XLSX)",
  csv: "CSV (UTF-8; a zip of one file per section when there are several)",
  print: "Print view (print or save as PDF from the browser)",
};

const ids = (text: string | null) => (text ? text.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0) : []);

export function ExportsPage() {
  usePageTitle("Exports");
  const trpc = useTRPC();
  const [searchParams] = useSearchParams();
  const [table, setTable] = useState<ExportTable>(() => (exportTables as readonly string[]).includes(searchParams.get("table") ?? "") ? (searchParams.get("table") as ExportTable) : "indicators");
  const [format, setFormat] = useState<ExportFormat>("xlsx");
  const [projectId, setProjectId] = useState<number | null>(() => ids(searchParams.get("projectId"))[0] ?? null);
  const [pilotIds, setPilotIds] = useState<number[]>(() => ids(searchParams.get("pilotIds")));
  // The print view's "back" link and the pilot page's link come with filters already chosen.
  const [asOf, setAsOf] = useState(() => searchParams.get("asOf") ?? "");
  const [periodFrom, setPeriodFrom] = useState(() => searchParams.get("periodFrom") ?? "");
  const [periodTo, setPeriodTo] = useState(() => searchParams.get("periodTo") ?? "");
  const [chosenStatuses, setChosenStatuses] = useState<Status[]>(() =>
    (searchParams.get("statuses") ?? "").split(",").filter((s): s is Status => (statuses as readonly string[]).includes(s)),
  );

  const projects = useQuery(trpc.projects.list.queryOptions());
  // Until the evaluator picks one, the first project is chosen.
  const effectiveProjectId = projectId ?? projects.data?.[0]?.id ?? null;
  const pilots = useQuery({ ...trpc.pilots.list.queryOptions({ projectId: effectiveProjectId ?? 0 }), enabled: effectiveProjectId !== null });
  const periodChoices = useQuery({ ...trpc.exports.periodChoices.queryOptions({ projectId: effectiveProjectId ?? 0, pilotIds }), enabled: effectiveProjectId !== null });

  if (projects.isPending) return <Loading what="projects" />;
  if (projects.isError) return <ErrorMessage error={projects.error} retry={() => projects.refetch()} />;

  const checked = validate(exportRequest, {
    table,
    projectId: effectiveProjectId ?? undefined,
    pilotIds,
    asOf: asOf || undefined,
    periodFrom: periodFrom || undefined,
    periodTo: periodTo || undefined,
    statuses: chosenStatuses,
  });
  const errors = checked.ok ? {} : checked.errors;
  const query = checked.ok ? exportSearchParams(checked.data).toString() : "";
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <>
      <div className="page-heading">
        <h1>Exports</h1>
        <p className="muted">Tables to paste into a report or analyse further. Choose the table, the format and the filters, then download.</p>
      </div>
      <form className="export-form" onSubmit={(e) => e.preventDefault()} aria-describedby="export-summary">
        <fieldset className="card">
          <legend>Table</legend>
          {exportTables.map((t) => (
            <label key={t} className="choice">
              <input type="radio" name="table" value={t} checked={table === t} onChange={() => setTable(t)} />
              <span>
                <strong>{exportTableLabels[t]}</strong>
                <span className="muted small block">{tableDescriptions[t]}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className="card">
          <legend>Filters</legend>
          <div className="form-grid">
            <div className="field span-all">
              <label htmlFor="export-project">Project</label>
              <select
                id="export-project"
                value={effectiveProjectId ?? ""}
                onChange={(e) => {
                  setProjectId(Number(e.target.value));
                  setPilotIds([]);
                }}
              >
                {projects.data.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <p className="field-error">{errors.projectId ?? ""}</p>
            </div>
            <div className="field">
              <label htmlFor="export-period">As at the end of a reporting period</label>
              <select
                id="export-period"
                value={periodChoices.data?.find((p) => p.startDate === periodFrom && p.endDate === periodTo) ? `${periodFrom}/${periodTo}` : ""}
                onChange={(e) => {
                  const [from = "", to = ""] = e.target.value.split("/");
                  setPeriodFrom(from);
                  setPeriodTo(to);
                  setAsOf("");
                }}
                aria-describedby="export-period-hint"
              >
                <option value="">Any dates below</option>
                {(periodChoices.data ?? []).map((p) => (
                  <option key={`${p.startDate}/${p.endDate}`} value={`${p.startDate}/${p.endDate}`}>
                    {p.label}: {formatDate(p.startDate)} – {formatDate(p.endDate)}
                  </option>
                ))}
              </select>
              <p id="export-period-hint" className="muted small">
                Fills the period range with that period; results as at its last day.
              </p>
            </div>
            <div className="field">
              <label htmlFor="export-period-from">Periods from</label>
              <input id="export-period-from" type="date" value={periodFrom} onChange={(e) => setPeriodFrom(e.target.value)} />
              <p className="field-error">{errors.periodFrom ?? ""}</p>
            </div>
            <div className="field">
              <label htmlFor="export-period-to">Periods to</label>
              <input id="export-period-to" type="date" value={periodTo} onChange={(e) => setPeriodTo(e.target.value)} aria-invalid={errors.periodTo ? "true" : undefined} aria-describedby="export-period-to-error" />
              <p id="export-period-to-error" className="field-error" role={errors.periodTo ? "alert" : undefined}>
                {errors.periodTo ?? ""}
              </p>
            </div>
            <div className="field">
              <label htmlFor="export-as-of">Results as at</label>
              <input id="export-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} aria-invalid={errors.asOf ? "true" : undefined} aria-describedby="export-as-of-hint" />
              <p id="export-as-of-hint" className="muted small">
                Empty: the end of the period range, or today.
              </p>
              <p className="field-error">{errors.asOf ?? ""}</p>
            </div>
          </div>

          <fieldset className="inline-fieldset">
            <legend>Pilots</legend>
            <p className="muted small">None ticked: every active pilot of the project.</p>
            {pilots.isPending && effectiveProjectId !== null ? (
              <Loading what="pilots" />
            ) : pilots.isError ? (
              <ErrorMessage error={pilots.error} />
            ) : (
              <div className="choices">
                {(pilots.data ?? []).map((pilot) => (
                  <label key={pilot.id} className="checkbox">
                    <input type="checkbox" checked={pilotIds.includes(pilot.id)} onChange={(e) => setPilotIds(toggle(pilotIds, pilot.id, e.target.checked))} /> {pilot.title}
                  </label>
                ))}
              </div>
            )}
          </fieldset>

          <fieldset className="inline-fieldset">
            <legend>Statuses</legend>
            <p className="muted small">None ticked: every status.</p>
            <div className="choices">
              {statuses.map((status) => (
                <label key={status} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosenStatuses.includes(status)}
                    onChange={(e) => setChosenStatuses(toggle(chosenStatuses, status, e.target.checked))}
                    aria-label={statusLabels[status]}
                  />
                  <StatusBadge status={status} />
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>

        <fieldset className="card">
          <legend>Format</legend>
          {(["xlsx", "csv", "print"] as const).map((f) => (
            <label key={f} className="choice">
              <input type="radio" name="format" value={f} checked={format === f} onChange={() => setFormat(f)} />
              <span>{formatLabels[f]}</span>
            </label>
          ))}
        </fieldset>

        <div className="toolbar" id="export-summary">
          {!checked.ok ? (
            <p className="warning-text" role="alert">
              Correct the filters above to download.
            </p>
          ) : format === "print" ? (
            <a className="button primary" href={`/print/exports/${table}?${query}`} target="_blank" rel="noopener">
              Open the print view
            </a>
          ) : (
            <a className="button primary" href={`/api/exports/tables/${table}.${format}?${query}`} download>
              Download {format.toUpperCase()}
            </a>
          )}
        </div>
      </form>
    </>
  );
}

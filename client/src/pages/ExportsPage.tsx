import { useQuery } from "@tanstack/react-query";
import { useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { statuses, type Status } from "../../../shared/domain";
import { csvIsBundle, exportRequest, exportSearchParams, exportTables, type ExportFormat, type ExportTable } from "../../../shared/exportRequest";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { StatusBadge } from "../components/StatusBadge";
import { validate } from "../formErrors";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import { downloadFile } from "../download";

const ids = (text: string | null) =>
  text
    ? text
        .split(",")
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
    : [];

export function ExportsPage() {
  const { t } = useTranslation();
  const f = useFormatters();
  usePageTitle(t("exports.title"));
  const trpc = useTRPC();
  const [searchParams] = useSearchParams();
  const [table, setTable] = useState<ExportTable>(() =>
    (exportTables as readonly string[]).includes(searchParams.get("table") ?? "") ? (searchParams.get("table") as ExportTable) : "indicators",
  );
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
  // A file takes a moment to build on the server: the link says so and is not clicked twice meanwhile.
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  if (projects.isPending) return <Loading what={t("exports.loadingProjects")} />;
  if (projects.isError) return <ErrorMessage error={projects.error} retry={() => projects.refetch()} />;
  // Nothing to export yet: said as such, not as a filter that is "not valid".
  if (projects.data.length === 0)
    return (
      <>
        <div className="page-heading">
          <h1>{t("exports.title")}</h1>
        </div>
        <EmptyState>
          <p>{t("exports.noProjects")}</p>
          <p>
            <Link to="/projects">{t("exports.noProjectsLink")}</Link>
          </p>
        </EmptyState>
      </>
    );

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
  // The file is written in the page's language: its headings, words, numbers and dates (and CSV separator).
  // Several sections in CSV are several files: a zip, named so and announced before the download.
  const bundle = format === "csv" && csvIsBundle(table, pilotIds.length || (pilots.data?.length ?? 0));
  const extension = bundle ? "zip" : format;
  const fileUrl = `/api/exports/tables/${table}.${extension}?${query}&lang=${encodeURIComponent(f.language)}`;
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  async function download(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (downloading) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadFile(fileUrl, `${table}.${extension}`);
    } catch (error) {
      setDownloadError(error instanceof Error && error.message ? error.message : t("exports.downloadFailed"));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <div className="page-heading">
        <h1>{t("exports.title")}</h1>
        <p className="muted">{t("exports.intro")}</p>
      </div>
      <form className="export-form" onSubmit={(e) => e.preventDefault()} aria-describedby="export-summary">
        <fieldset className="card">
          <legend>{t("exports.table")}</legend>
          {exportTables.map((choice) => (
            <label key={choice} className="choice">
              <input type="radio" name="table" value={choice} checked={table === choice} onChange={() => setTable(choice)} />
              <span>
                <strong>{t(`exportFiles.tables.${choice}`)}</strong>
                <span className="muted small block">{t(`exports.tableDescriptions.${choice}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className="card">
          <legend>{t("exports.filters")}</legend>
          <div className="form-grid">
            <div className="field span-all">
              <label htmlFor="export-project">{t("exports.project")}</label>
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
              <label htmlFor="export-period">{t("exports.asAtPeriodEnd")}</label>
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
                <option value="">{t("exports.anyDates")}</option>
                {(periodChoices.data ?? []).map((p) => (
                  <option key={`${p.startDate}/${p.endDate}`} value={`${p.startDate}/${p.endDate}`}>
                    {t("exports.periodChoice", { label: p.label, start: f.date(p.startDate), end: f.date(p.endDate) })}
                  </option>
                ))}
              </select>
              <p id="export-period-hint" className="muted small">
                {t("exports.periodHint")}
              </p>
            </div>
            <div className="field">
              <label htmlFor="export-period-from">{t("exports.periodsFrom")}</label>
              <input id="export-period-from" type="date" value={periodFrom} onChange={(e) => setPeriodFrom(e.target.value)} />
              <p className="field-error">{errors.periodFrom ?? ""}</p>
            </div>
            <div className="field">
              <label htmlFor="export-period-to">{t("exports.periodsTo")}</label>
              <input
                id="export-period-to"
                type="date"
                value={periodTo}
                onChange={(e) => setPeriodTo(e.target.value)}
                aria-invalid={errors.periodTo ? "true" : undefined}
                aria-describedby="export-period-to-error"
              />
              <p id="export-period-to-error" className="field-error" role={errors.periodTo ? "alert" : undefined}>
                {errors.periodTo ?? ""}
              </p>
            </div>
            <div className="field">
              <label htmlFor="export-as-of">{t("exports.resultsAsAt")}</label>
              <input
                id="export-as-of"
                type="date"
                value={asOf}
                onChange={(e) => setAsOf(e.target.value)}
                aria-invalid={errors.asOf ? "true" : undefined}
                aria-describedby="export-as-of-hint"
              />
              <p id="export-as-of-hint" className="muted small">
                {t("exports.asOfHint")}
              </p>
              <p className="field-error">{errors.asOf ?? ""}</p>
            </div>
          </div>

          <fieldset className="inline-fieldset">
            <legend>{t("exports.pilots")}</legend>
            <p className="muted small">{t("exports.pilotsHint")}</p>
            {pilots.isPending && effectiveProjectId !== null ? (
              <Loading what={t("exports.loadingPilots")} />
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
            <legend>{t("exports.statuses")}</legend>
            <p className="muted small">{t("exports.statusesHint")}</p>
            <div className="choices">
              {statuses.map((status) => (
                <label key={status} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosenStatuses.includes(status)}
                    onChange={(e) => setChosenStatuses(toggle(chosenStatuses, status, e.target.checked))}
                    aria-label={t(`status.${status}`)}
                  />
                  <StatusBadge status={status} />
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>

        <fieldset className="card">
          <legend>{t("exports.format")}</legend>
          {(["xlsx", "csv", "print"] as const satisfies readonly ExportFormat[]).map((choice) => (
            <label key={choice} className="choice">
              <input type="radio" name="format" value={choice} checked={format === choice} onChange={() => setFormat(choice)} />
              <span>{t(`exports.formats.${choice}`)}</span>
            </label>
          ))}
        </fieldset>

        <div className="toolbar" id="export-summary">
          {!checked.ok ? (
            <p className="warning-text" role="alert">
              {t("exports.correctFilters")}
            </p>
          ) : format === "print" ? (
            <a className="button primary" href={`/print/exports/${table}?${query}`} target="_blank" rel="noopener">
              {t("exports.openPrintView")}
            </a>
          ) : (
            <>
              <a
                className="button primary"
                href={fileUrl}
                download
                onClick={download}
                aria-disabled={downloading || undefined}
                aria-describedby={bundle ? "export-bundle-note export-download-state" : "export-download-state"}
              >
                {bundle ? t("exports.downloadCsvBundle") : t("exports.download", { format: format.toUpperCase() })}
              </a>
              {bundle && (
                <p id="export-bundle-note" className="muted small">
                  {t("exports.csvBundleNote")}
                </p>
              )}
            </>
          )}
          <span id="export-download-state" role="status" className="muted small">
            {downloading ? t("exports.preparing") : ""}
          </span>
        </div>
        {downloadError && (
          <div className="error-box" role="alert">
            <p>{downloadError}</p>
          </div>
        )}
      </form>
    </>
  );
}

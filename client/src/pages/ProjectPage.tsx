import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan } from "../hooks/useMe";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ProgrammeIndicatorsSection } from "../components/ProgrammeIndicatorsSection";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import { PilotForm } from "./PilotForm";
import { ProjectForm } from "./ProjectForm";

export function ProjectPage() {
  const { t } = useTranslation();
  const f = useFormatters();
  const projectId = Number(useParams().projectId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [showArchived, setShowArchived] = useState(false);
  const [mode, setMode] = useState<"view" | "edit" | "new-pilot">("view");
  const [saved, setSaved] = useState(false);
  const project = useQuery(trpc.projects.get.queryOptions({ id: projectId }));
  const pilots = useQuery(trpc.pilots.list.queryOptions({ projectId, includeArchived: showArchived }));
  const can = useCan();
  const archive = useMutation(trpc.pilots.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  usePageTitle(project.data?.name);
  if (project.isPending) return <Loading what={t("projects.loadingProject")} />;
  if (project.isError) return <ErrorMessage error={project.error} retry={() => project.refetch()} />;
  const p = project.data;
  const maySetUp = can("setUp", { projectId: p.id });
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to="/projects">{t("projects.title")}</Link>
        </p>
        <h1>
          {p.name} {p.isFictional && <FictionalBadge />} {p.archivedAt && <ArchivedBadge />}
        </h1>
        <p className="muted">
          {p.programme} · {f.date(p.startDate)} – {f.date(p.endDate)} · {t("projects.tolerance", { tolerance: p.tolerancePercent })}
        </p>
      </div>
      <div className="toolbar">
        {maySetUp && (
          <>
            <button
              type="button"
              onClick={() => {
                setMode("edit");
                setSaved(false);
              }}
            >
              {t("projects.editProject")}
            </button>
            <button type="button" className="primary" onClick={() => setMode("new-pilot")}>
              {t("projects.newPilot")}
            </button>
          </>
        )}
        <span className="spacer" />
        <a className="button" href={`/api/exports/projects/${p.id}/indicator-table.xlsx`} download>
          {t("projects.exportIndicatorTablesXlsx")}
        </a>
        <a className="button" href={`/api/exports/projects/${p.id}/indicator-table.csv`} download>
          {t("projects.exportIndicatorTablesCsv")}
        </a>
        <Link className="button" to={`/exports?projectId=${p.id}&table=rollup`}>
          {t("projects.rollupAndExports")}
        </Link>
        <a className="button" href={`/api/exports/projects/${p.id}/project-data.xlsx`} download>
          {t("projects.exportProjectData")}
        </a>
      </div>
      <div aria-live="polite">
        {saved && (
          <p className="success" role="status">
            <span aria-hidden="true">✔</span> {t("projects.saved")}
          </p>
        )}
      </div>
      {mode === "edit" && (
        <section className="card" aria-labelledby="edit-project-heading">
          <h2 id="edit-project-heading">{t("projects.editProject")}</h2>
          <ProjectForm
            project={p}
            onDone={(_, outcome) => {
              setMode("view");
              setSaved(outcome === "saved");
            }}
          />
        </section>
      )}
      {mode === "new-pilot" && (
        <section className="card" aria-labelledby="new-pilot-heading">
          <h2 id="new-pilot-heading">{t("projects.newPilot")}</h2>
          <PilotForm projectId={p.id} onDone={(id) => (id ? navigate(`/pilots/${id}/setup`) : setMode("view"))} />
        </section>
      )}
      <section aria-labelledby="pilots-heading">
        <h2 id="pilots-heading">{t("projects.pilotsHeading")}</h2>
        <label className="checkbox">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> {t("projects.showArchivedPilots")}
        </label>
        {pilots.isPending ? (
          <Loading what={t("projects.loadingPilots")} />
        ) : pilots.isError ? (
          <ErrorMessage error={pilots.error} />
        ) : pilots.data.length === 0 ? (
          <EmptyState>{t("projects.noPilots")}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("projects.column.pilot")}</th>
                  <th scope="col">{t("projects.column.partner")}</th>
                  <th scope="col">{t("projects.column.runs")}</th>
                  <th scope="col">{t("projects.column.reporting")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("projects.column.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pilots.data.map((pilot) => (
                  <tr key={pilot.id}>
                    <th scope="row">
                      <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link> {pilot.archivedAt && <ArchivedBadge />}
                    </th>
                    <td>{pilot.partnerOrganisation}</td>
                    <td className="nowrap">
                      {f.date(pilot.startDate)} – {f.date(pilot.endDate)}
                    </td>
                    <td>{t(`labels.frequency.${pilot.reportingFrequency}`)}</td>
                    <td className="actions">
                      {maySetUp && (
                        <>
                          <Link to={`/pilots/${pilot.id}/setup`}>{t("projects.setUp")}</Link>
                          <button type="button" className="link-button" onClick={() => archive.mutate({ id: pilot.id, archived: !pilot.archivedAt })}>
                            {pilot.archivedAt ? t("projects.restore") : t("projects.archive")} <span className="visually-hidden">{pilot.title}</span>
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ProgrammeIndicatorsSection projectId={p.id} maySetUp={maySetUp} />
    </>
  );
}

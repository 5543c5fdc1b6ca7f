import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan, useMe } from "../hooks/useMe";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import { ProjectForm } from "./ProjectForm";

export function ProjectsPage() {
  const { t } = useTranslation();
  const f = useFormatters();
  usePageTitle(t("projects.title"));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createdId, setCreatedId] = useState<number | null>(null);
  const projects = useQuery(trpc.projects.list.queryOptions({ includeArchived: showArchived }));
  const me = useMe().data;
  const can = useCan();
  const archive = useMutation(trpc.projects.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  if (projects.isPending) return <Loading what={t("projects.loading")} />;
  if (projects.isError) return <ErrorMessage error={projects.error} retry={() => projects.refetch()} />;
  return (
    <>
      <div className="page-heading">
        <h1>{t("projects.title")}</h1>
        <p className="muted">{t("projects.intro")}</p>
      </div>
      <div className="toolbar">
        <label className="checkbox">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> {t("projects.showArchived")}
        </label>
        <span className="spacer" />
        <Link className="button" to="/import">
          {t("projects.import")}
        </Link>
        {!creating && me?.mayCreateProjects && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setCreating(true);
              setCreatedId(null);
            }}
          >
            {t("projects.newProject")}
          </button>
        )}
      </div>
      {creating && (
        <section className="card" aria-labelledby="new-project-heading">
          <h2 id="new-project-heading">{t("projects.newProject")}</h2>
          <ProjectForm
            onDone={(id, outcome) => {
              setCreating(false);
              if (outcome === "saved") {
                setCreatedId(id);
                // A manager now manages the new project: their roles (and the lists) are read again.
                void queryClient.invalidateQueries();
              }
            }}
          />
        </section>
      )}
      <div aria-live="polite">
        {createdId !== null && (
          <p className="success" role="status">
            <span aria-hidden="true">✔</span> {t("projects.created")} <Link to={`/projects/${createdId}`}>{t("projects.openCreated")}</Link>
          </p>
        )}
      </div>
      {archive.error && <ErrorMessage error={archive.error} />}
      {projects.data.length === 0 ? (
        <EmptyState>{t("projects.none")}</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("projects.column.project")}</th>
                <th scope="col">{t("projects.column.programme")}</th>
                <th scope="col">{t("projects.column.runs")}</th>
                <th scope="col">{t("projects.column.pilots")}</th>
                <th scope="col">{t("projects.column.tolerance")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("projects.column.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.data.map((project) => (
                <tr key={project.id}>
                  <th scope="row">
                    <Link to={`/projects/${project.id}`}>{project.name}</Link> {project.isFictional && <FictionalBadge />} {project.archivedAt && <ArchivedBadge />}
                  </th>
                  <td>{project.programme}</td>
                  <td className="nowrap">
                    {f.date(project.startDate)} – {f.date(project.endDate)}
                  </td>
                  <td className="number">{f.number(project.pilotCount)}</td>
                  <td className="number">{f.percent(project.tolerancePercent)}</td>
                  <td>
                    {can("setUp", { projectId: project.id }) && (
                      <button type="button" className="link-button" onClick={() => archive.mutate({ id: project.id, archived: !project.archivedAt })}>
                        {project.archivedAt ? t("projects.restore") : t("projects.archive")} <span className="visually-hidden">{project.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

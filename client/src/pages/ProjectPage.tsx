import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan } from "../hooks/useMe";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { frequencyLabels } from "../../../shared/domain";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { formatDate } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";
import { PilotForm } from "./PilotForm";
import { ProjectForm } from "./ProjectForm";

export function ProjectPage() {
  const projectId = Number(useParams().projectId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [showArchived, setShowArchived] = useState(false);
  const [mode, setMode] = useState<"view" | "edit" | "new-pilot">("view");
  const project = useQuery(trpc.projects.get.queryOptions({ id: projectId }));
  const pilots = useQuery(trpc.pilots.list.queryOptions({ projectId, includeArchived: showArchived }));
  const can = useCan();
  const archive = useMutation(trpc.pilots.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  usePageTitle(project.data?.name);
  if (project.isPending) return <Loading what="the project" />;
  if (project.isError) return <ErrorMessage error={project.error} retry={() => project.refetch()} />;
  const p = project.data;
  const maySetUp = can("setUp", { projectId: p.id });
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to="/projects">Projects</Link>
        </p>
        <h1>
          {p.name} {p.isFictional && <FictionalBadge />} {p.archivedAt && <ArchivedBadge />}
        </h1>
        <p className="muted">
          {p.programme} · {formatDate(p.startDate)} – {formatDate(p.endDate)} · tolerance {p.tolerancePercent} %
        </p>
      </div>
      <div className="toolbar">
        {maySetUp && (
          <>
            <button type="button" onClick={() => setMode("edit")}>
              Edit project
            </button>
            <button type="button" className="primary" onClick={() => setMode("new-pilot")}>
              New pilot
            </button>
          </>
        )}
        <span className="spacer" />
        <a className="button" href={`/api/exports/projects/${p.id}/indicator-table.xlsx`} download>
          All pilots' indicator tables (XLSX)
        </a>
        <a className="button" href={`/api/exports/projects/${p.id}/indicator-table.csv`} download>
          CSV
        </a>
        <Link className="button" to={`/exports?projectId=${p.id}&table=rollup`}>
          Roll-up and more exports
        </Link>
        <a className="button" href={`/api/exports/projects/${p.id}/project-data.xlsx`} download>
          Project data (XLSX, for import)
        </a>
      </div>
      {mode === "edit" && (
        <section className="card" aria-labelledby="edit-project-heading">
          <h2 id="edit-project-heading">Edit project</h2>
          <ProjectForm project={p} onDone={() => setMode("view")} />
        </section>
      )}
      {mode === "new-pilot" && (
        <section className="card" aria-labelledby="new-pilot-heading">
          <h2 id="new-pilot-heading">New pilot</h2>
          <PilotForm projectId={p.id} onDone={(id) => (id ? navigate(`/pilots/${id}/setup`) : setMode("view"))} />
        </section>
      )}
      <section aria-labelledby="pilots-heading">
        <h2 id="pilots-heading">Pilots</h2>
        <label className="checkbox">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived pilots
        </label>
        {pilots.isPending ? (
          <Loading what="pilots" />
        ) : pilots.isError ? (
          <ErrorMessage error={pilots.error} />
        ) : pilots.data.length === 0 ? (
          <EmptyState>No pilots in this project yet.</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Pilot</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Runs</th>
                  <th scope="col">Reporting</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
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
                      {formatDate(pilot.startDate)} – {formatDate(pilot.endDate)}
                    </td>
                    <td>{frequencyLabels[pilot.reportingFrequency]}</td>
                    <td className="actions">
                      {maySetUp && (
                        <>
                          <Link to={`/pilots/${pilot.id}/setup`}>Set up</Link>
                          <button type="button" className="link-button" onClick={() => archive.mutate({ id: pilot.id, archived: !pilot.archivedAt })}>
                            {pilot.archivedAt ? "Restore" : "Archive"} <span className="visually-hidden">{pilot.title}</span>
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
    </>
  );
}

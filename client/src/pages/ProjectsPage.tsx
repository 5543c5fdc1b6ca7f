import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isAdministrator } from "../../../shared/access";
import { useCan, useMe } from "../hooks/useMe";
import { useState } from "react";
import { Link } from "react-router";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { formatDate } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";
import { ProjectForm } from "./ProjectForm";

export function ProjectsPage() {
  usePageTitle("Projects");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const projects = useQuery(trpc.projects.list.queryOptions({ includeArchived: showArchived }));
  const me = useMe().data;
  const can = useCan();
  const archive = useMutation(trpc.projects.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  if (projects.isPending) return <Loading what="projects" />;
  if (projects.isError) return <ErrorMessage error={projects.error} retry={() => projects.refetch()} />;
  return (
    <>
      <div className="page-heading">
        <h1>Projects</h1>
        <p className="muted">Set up projects, their pilots and indicators. Nothing is deleted: archive what is no longer followed.</p>
      </div>
      <div className="toolbar">
        <label className="checkbox">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived projects
        </label>
        <span className="spacer" />
        <Link className="button" to="/import">
          Import project data
        </Link>
                {!creating && me && isAdministrator(me.memberships) && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New project
          </button>
        )}
      </div>
      {creating && (
        <section className="card" aria-labelledby="new-project-heading">
          <h2 id="new-project-heading">New project</h2>
          <ProjectForm onDone={() => setCreating(false)} />
        </section>
      )}
      {archive.error && <ErrorMessage error={archive.error} />}
      {projects.data.length === 0 ? (
        <EmptyState>No projects yet.</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Programme</th>
                <th scope="col">Runs</th>
                <th scope="col">Pilots</th>
                <th scope="col">Tolerance</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
                    {formatDate(project.startDate)} – {formatDate(project.endDate)}
                  </td>
                  <td>{project.pilotCount}</td>
                  <td>{project.tolerancePercent} %</td>
                  <td>
                    {can("setUp", { projectId: project.id }) && (
                      <button type="button" className="link-button" onClick={() => archive.mutate({ id: project.id, archived: !project.archivedAt })}>
                        {project.archivedAt ? "Restore" : "Archive"} <span className="visually-hidden">{project.name}</span>
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

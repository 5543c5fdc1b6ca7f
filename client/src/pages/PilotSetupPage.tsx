import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { measureLabels } from "../../../shared/domain";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { formatGoal } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";
import { IndicatorForm } from "./IndicatorForm";
import { PilotForm } from "./PilotForm";

export function PilotSetupPage() {
  const pilotId = Number(useParams().pilotId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editingPilot, setEditingPilot] = useState(false);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const pilot = useQuery(trpc.pilots.get.queryOptions({ id: pilotId }));
  const indicators = useQuery(trpc.indicators.listByPilot.queryOptions({ pilotId, includeArchived: showArchived }));
  const archive = useMutation(trpc.indicators.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  usePageTitle(pilot.data ? `Set up ${pilot.data.title}` : "Set up pilot");
  if (pilot.isPending) return <Loading what="the pilot" />;
  if (pilot.isError) return <ErrorMessage error={pilot.error} retry={() => pilot.refetch()} />;
  const p = pilot.data;
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/projects/${p.projectId}`}>Project</Link> · <Link to={`/pilots/${p.id}`}>Pilot page</Link>
        </p>
        <h1>
          Set up: {p.title} {p.isFictional && <FictionalBadge />} {p.archivedAt && <ArchivedBadge />}
        </h1>
      </div>
      <section className="card" aria-labelledby="pilot-details-heading">
        <h2 id="pilot-details-heading">Pilot details</h2>
        {editingPilot ? (
          <PilotForm projectId={p.projectId} pilot={p} onDone={() => setEditingPilot(false)} />
        ) : (
          <button type="button" onClick={() => setEditingPilot(true)}>
            Edit pilot details, dates and reporting frequency
          </button>
        )}
      </section>
      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">Indicators</h2>
        <div className="toolbar">
          <label className="checkbox">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived indicators
          </label>
          <span className="spacer" />
          <button type="button" className="primary" onClick={() => setEditing("new")}>
            New indicator
          </button>
        </div>
        {editing === "new" && (
          <div className="card">
            <h3>New indicator</h3>
            <IndicatorForm pilotId={p.id} onDone={() => setEditing(null)} />
          </div>
        )}
        {archive.error && <ErrorMessage error={archive.error} />}
        {indicators.isPending ? (
          <Loading what="indicators" />
        ) : indicators.isError ? (
          <ErrorMessage error={indicators.error} />
        ) : indicators.data.length === 0 ? (
          <EmptyState>No indicators yet: add the goals this pilot reports on.</EmptyState>
        ) : (
          <ol className="indicator-setup-list">
            {indicators.data.map((indicator) => (
              <li key={indicator.id} className="card">
                {editing === indicator.id ? (
                  <IndicatorForm pilotId={p.id} indicator={indicator} onDone={() => setEditing(null)} />
                ) : (
                  <div className="indicator-summary">
                    <div>
                      <strong>{indicator.name}</strong> {indicator.archivedAt && <ArchivedBadge />}
                      <div className="muted small">
                        {measureLabels[indicator.measure]} · goal {formatGoal(indicator)}
                        {indicator.code ? ` · code ${indicator.code}` : ""} · {indicator.resultCount} result(s)
                      </div>
                    </div>
                    <div className="actions">
                      <button type="button" className="link-button" onClick={() => setEditing(indicator.id)}>
                        Edit <span className="visually-hidden">{indicator.name}</span>
                      </button>
                      <button type="button" className="link-button" onClick={() => archive.mutate({ id: indicator.id, archived: !indicator.archivedAt })}>
                        {indicator.archivedAt ? "Restore" : "Archive"} <span className="visually-hidden">{indicator.name}</span>
                      </button>
                    </div>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

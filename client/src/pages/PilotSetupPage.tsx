import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import { IndicatorForm } from "./IndicatorForm";
import { ReferenceSheet } from "../components/ReferenceSheetForm";
import { PilotForm } from "./PilotForm";
import { PilotPeople } from "./PilotPeople";

export function PilotSetupPage() {
  const pilotId = Number(useParams().pilotId);
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editingPilot, setEditingPilot] = useState(false);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  // The confirmation after a save, read out by screen readers through the status region.
  const [notice, setNotice] = useState("");
  const pilot = useQuery(trpc.pilots.get.queryOptions({ id: pilotId }));
  const indicators = useQuery(trpc.indicators.listByPilot.queryOptions({ pilotId, includeArchived: showArchived }));
  const archive = useMutation(
    trpc.indicators.setArchived.mutationOptions({
      onSuccess: async ({ archived }, { id }) => {
        const name = indicators.data?.find((indicator) => indicator.id === id)?.name ?? "";
        await queryClient.invalidateQueries();
        setNotice(archived ? t("pilotSetup.archived", { name }) : t("pilotSetup.restored", { name }));
      },
    }),
  );
  usePageTitle(pilot.data ? t("pilotSetup.pageTitle", { title: pilot.data.title }) : t("pilotSetup.pageTitleLoading"));
  if (pilot.isPending) return <Loading what={t("pilotSetup.loadingPilot")} />;
  if (pilot.isError) return <ErrorMessage error={pilot.error} retry={() => pilot.refetch()} />;
  const p = pilot.data;
  const startEditing = (what: number | "new") => {
    setNotice("");
    setEditing(what);
  };
  const indicatorDone = (message: string) => (saved: boolean) => {
    setEditing(null);
    if (saved) setNotice(message);
  };
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/projects/${p.projectId}`}>{t("pilotSetup.project")}</Link> · <Link to={`/pilots/${p.id}`}>{t("pilotSetup.pilotPage")}</Link>
        </p>
        <h1>
          {t("pilotSetup.heading", { title: p.title })} {p.isFictional && <FictionalBadge />} {p.archivedAt && <ArchivedBadge />}
        </h1>
      </div>
      <div role="status" className="save-notice">
        {notice && <p className="success">{notice}</p>}
      </div>
      <section className="card" aria-labelledby="pilot-details-heading">
        <h2 id="pilot-details-heading">{t("pilotSetup.detailsHeading")}</h2>
        {editingPilot ? (
          <PilotForm
            projectId={p.projectId}
            pilot={p}
            onDone={(id) => {
              setEditingPilot(false);
              if (id !== null) setNotice(t("pilotSetup.pilotSaved"));
            }}
          />
        ) : (
          <button
            type="button"
            onClick={() => {
              setNotice("");
              setEditingPilot(true);
            }}
          >
            {t("pilotSetup.editPilot")}
          </button>
        )}
      </section>
      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">{t("pilotSetup.indicatorsHeading")}</h2>
        <div className="toolbar">
          <label className="checkbox">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> {t("pilotSetup.showArchived")}
          </label>
          <span className="spacer" />
          <button type="button" className="primary" onClick={() => startEditing("new")}>
            {t("pilotSetup.newIndicator")}
          </button>
        </div>
        {editing === "new" && (
          <div className="card">
            <h3>{t("pilotSetup.newIndicator")}</h3>
            <IndicatorForm pilotId={p.id} onDone={indicatorDone(t("pilotSetup.indicatorAdded"))} />
          </div>
        )}
        {archive.error && <ErrorMessage error={archive.error} />}
        {indicators.isPending ? (
          <Loading what={t("pilotSetup.loadingIndicators")} />
        ) : indicators.isError ? (
          <ErrorMessage error={indicators.error} retry={() => indicators.refetch()} />
        ) : indicators.data.length === 0 ? (
          <EmptyState>{showArchived ? t("pilotSetup.noIndicatorsAtAll") : t("pilotSetup.noIndicators")}</EmptyState>
        ) : (
          <ol className="indicator-setup-list">
            {indicators.data.map((indicator) => (
              <li key={indicator.id} className="card">
                {editing === indicator.id ? (
                  <IndicatorForm pilotId={p.id} indicator={indicator} onDone={indicatorDone(t("pilotSetup.indicatorSaved", { name: indicator.name }))} />
                ) : (
                  <div className="indicator-summary">
                    <div>
                      <strong>{indicator.name}</strong> {indicator.archivedAt && <ArchivedBadge />}
                      <div className="muted small">
                        {t(`labels.measure.${indicator.measure}`)} · {t("pilotSetup.goal", { goal: f.goal(indicator) })}
                        {indicator.code ? ` · ${t("pilotSetup.code", { code: indicator.code })}` : ""} · {t("pilotSetup.resultCount", { count: indicator.resultCount })}
                      </div>
                    </div>
                    <div className="actions">
                      <button type="button" className="link-button" onClick={() => startEditing(indicator.id)}>
                        {t("pilotSetup.edit")} <span className="visually-hidden">{indicator.name}</span>
                      </button>
                      <button
                        type="button"
                        className="link-button"
                        disabled={archive.isPending}
                        onClick={() => {
                          setNotice("");
                          archive.mutate({ id: indicator.id, archived: !indicator.archivedAt });
                        }}
                      >
                        {indicator.archivedAt ? t("pilotSetup.restore") : t("pilotSetup.archive")} <span className="visually-hidden">{indicator.name}</span>
                      </button>
                    </div>
                  </div>
                )}
                {editing !== indicator.id && !indicator.archivedAt && <ReferenceSheet indicatorId={indicator.id} indicatorName={indicator.name} />}
              </li>
            ))}
          </ol>
        )}
      </section>
      {!p.archivedAt && <PilotPeople pilotId={p.id} />}
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { useCan, useMe } from "../../hooks/useMe";
import { usePageTitle } from "../../hooks/usePageTitle";
import { useUnsavedChangesWarning } from "../../hooks/useUnsavedChangesWarning";
import { useTRPC } from "../../trpc";
import { CommunicationForm, type EditableCommunication } from "./CommunicationForm";
import { CommunicationTable, EvidenceAnnex, ReportIndicatorTable } from "./ReportTables";
import { SectionEditor } from "./SectionEditor";

/**
 * Which parts of the page (each section editor, each open form) hold unsaved changes. Each part gets one
 * stable callback, so that reporting does not re-render it.
 */
function useUnsavedParts() {
  const [unsaved, setUnsaved] = useState<ReadonlySet<string>>(new Set());
  const reporters = useRef(new Map<string, (isUnsaved: boolean) => void>());
  const reporterFor = useCallback((part: string) => {
    let reporter = reporters.current.get(part);
    if (!reporter) {
      reporter = (isUnsaved: boolean) =>
        setUnsaved((current) => {
          if (current.has(part) === isUnsaved) return current;
          const next = new Set(current);
          if (isUnsaved) next.add(part);
          else next.delete(part);
          return next;
        });
      reporters.current.set(part, reporter);
    }
    return reporter;
  }, []);
  return { anyUnsaved: unsaved.size > 0, reporterFor };
}

/** The pilot final report, written in the app: narrative sections, live indicator tables, communication log. */
export function ReportPage() {
  const pilotId = Number(useParams().pilotId);
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useQuery(trpc.reports.finalReport.queryOptions({ pilotId }, { staleTime: Infinity }));
  const author = useMe().data?.name ?? "";
  const can = useCan();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<EditableCommunication | null>(null);
  // The confirmation of the last change to the communication log (sections confirm their own saves).
  const [notice, setNotice] = useState<string | null>(null);
  const { anyUnsaved, reporterFor } = useUnsavedParts();
  // Sections save themselves a second after the last keystroke and on leaving the app's page; the warning
  // covers that second, a save still on its way, one the server refused, and the communication forms.
  useUnsavedChangesWarning(anyUnsaved);
  const archive = useMutation(
    trpc.reports.setCommunicationArchived.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.reports.finalReport.queryKey({ pilotId }) });
      },
    }),
  );
  usePageTitle(report.data ? t("report.pageTitle", { pilot: report.data.pilot.title }) : undefined);
  if (report.isPending) return <Loading what={t("report.loadingWhat")} />;
  if (report.isError) return <ErrorMessage error={report.error} retry={() => report.refetch()} />;
  const { pilot, sections, quantitative, qualitative, communication, asOf } = report.data;
  const editable = can("enterResults", { projectId: pilot.projectId, pilotId: pilot.id });

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link>
        </p>
        <h1>{t("report.heading")}</h1>
        <p className="muted">
          {pilot.projectName} · {pilot.partnerOrganisation} · {t("report.asOf", { day: asOf })}. {editable ? t("report.autosaveNote") : t("report.readOnlyNote")}
        </p>
        <p className="actions">
          {/* A download sends no page-language header: the link names the language the page is in. */}
          <a className="button" href={`/api/exports/pilots/${pilot.id}/final-report.docx?lang=${encodeURIComponent(i18n.resolvedLanguage ?? "en")}`} download>
            {t("report.downloadDocx")}
          </a>{" "}
          <Link className="button" to={`/pilots/${pilot.id}/report/print`}>
            {t("report.printView")}
          </Link>
        </p>
      </div>

      {sections.map((section) => (
        <SectionEditor
          key={section.key}
          pilotId={pilot.id}
          sectionKey={section.key}
          title={t(`reportSections.${section.key}`)}
          initialHtml={section.contentHtml}
          initialVersion={section.version}
          authorName={author}
          editable={editable}
          onUnsavedChange={reporterFor(`section-${section.key}`)}
        />
      ))}

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">{t("report.indicatorsHeading")}</h2>
        <p className="muted">{t("report.indicatorsNote")}</p>
        <ReportIndicatorTable caption={t("report.quantitativeCaption")} rows={quantitative} />
        <ReportIndicatorTable caption={t("report.qualitativeCaption")} rows={qualitative} />
      </section>

      <section aria-labelledby="communication-heading">
        <h2 id="communication-heading">{t("communication.heading")}</h2>
        <p className="success" role="status">
          {notice}
        </p>
        <CommunicationTable
          entries={communication}
          actions={
            editable
              ? (entry) => (
                  <>
                    <button
                      type="button"
                      onClick={() => {
                        setNotice(null);
                        setEditing({
                          id: entry.id,
                          version: entry.version,
                          title: entry.title,
                          date: entry.date,
                          outletType: entry.outletType,
                          outletName: entry.outletName,
                          link: entry.link,
                        });
                      }}
                    >
                      {t("communication.correct")} <span className="visually-hidden">{entry.title}</span>
                    </button>{" "}
                    <button
                      type="button"
                      disabled={archive.isPending}
                      onClick={() => archive.mutate({ id: entry.id, archived: true }, { onSuccess: () => setNotice(t("communication.archived", { title: entry.title })) })}
                    >
                      {t("communication.archive")} <span className="visually-hidden">{entry.title}</span>
                    </button>
                  </>
                )
              : undefined
          }
        />
        {archive.error && (
          <p className="field-error" role="alert">
            {archive.error.message}
          </p>
        )}
        {editing && (
          <CommunicationForm
            key={editing.id}
            pilotId={pilot.id}
            editing={editing}
            onSaved={(title) => {
              setEditing(null);
              setNotice(t("communication.corrected", { title }));
            }}
            onCancel={() => setEditing(null)}
            onUnsavedChange={reporterFor("communication-correction")}
          />
        )}
        {editable &&
          (adding ? (
            <CommunicationForm
              pilotId={pilot.id}
              onSaved={(title) => {
                setAdding(false);
                setNotice(t("communication.added", { title }));
              }}
              onCancel={() => setAdding(false)}
              onUnsavedChange={reporterFor("communication-new")}
            />
          ) : (
            <button
              type="button"
              onClick={() => {
                setNotice(null);
                setAdding(true);
              }}
            >
              {t("communication.add")}
            </button>
          ))}
      </section>

      <section aria-labelledby="evidence-annex-heading">
        <h2 id="evidence-annex-heading">{t("evidence.annex.heading")}</h2>
        <EvidenceAnnex report={report.data} />
      </section>
    </>
  );
}

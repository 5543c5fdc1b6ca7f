import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { useCan, useMe } from "../../hooks/useMe";
import { usePageTitle } from "../../hooks/usePageTitle";
import { useTRPC } from "../../trpc";
import { CommunicationForm, type EditableCommunication } from "./CommunicationForm";
import { CommunicationTable, ReportIndicatorTable } from "./ReportTables";
import { SectionEditor } from "./SectionEditor";

/** The pilot final report, written in the app: narrative sections, live indicator tables, communication log. */
export function ReportPage() {
  const pilotId = Number(useParams().pilotId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useQuery(trpc.reports.finalReport.queryOptions({ pilotId }, { staleTime: Infinity }));
  const author = useMe().data?.name ?? "";
  const can = useCan();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<EditableCommunication | null>(null);
  const archive = useMutation(
    trpc.reports.setCommunicationArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reports.finalReport.queryKey({ pilotId }) }) }),
  );
  usePageTitle(report.data ? `Final report: ${report.data.pilot.title}` : undefined);
  if (report.isPending) return <Loading what="the final report" />;
  if (report.isError) return <ErrorMessage error={report.error} retry={() => report.refetch()} />;
  const { pilot, sections, quantitative, qualitative, communication, asOf } = report.data;
  const editable = can("enterResults", { projectId: pilot.projectId, pilotId: pilot.id });

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link>
        </p>
        <h1>Pilot final report</h1>
        <p className="muted">
          {pilot.projectName} · {pilot.partnerOrganisation} · indicators as at {asOf}. {editable ? "Sections save themselves as you type." : "Read only: your role does not write this pilot's report."}
        </p>
        <p className="actions">
          <a className="button" href={`/api/exports/pilots/${pilot.id}/final-report.docx`} download>
            Download DOCX
          </a>{" "}
          <Link className="button" to={`/pilots/${pilot.id}/report/print`}>
            Print view
          </Link>
        </p>
      </div>

      {sections.map((section) => (
        <SectionEditor
          key={section.key}
          pilotId={pilot.id}
          sectionKey={section.key}
          title={section.title}
          initialHtml={section.contentHtml}
          initialVersion={section.version}
          authorName={author}
          editable={editable}
        />
      ))}

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">4a and 4b. Progress on the indicators</h2>
        <p className="muted">From the results entered in the app, with their comments; change them in the period forms.</p>
        <ReportIndicatorTable caption="4a. Quantitative indicators" rows={quantitative} />
        <ReportIndicatorTable caption="4b. Qualitative indicators" rows={qualitative} />
      </section>

      <section aria-labelledby="communication-heading">
        <h2 id="communication-heading">4e. Communication activities</h2>
        <CommunicationTable
          entries={communication}
          actions={editable ? (entry) => (
            <>
              <button type="button" onClick={() => setEditing({ id: entry.id, version: entry.version, title: entry.title, date: entry.date, outletType: entry.outletType, outletName: entry.outletName, link: entry.link })}>
                Correct <span className="visually-hidden">{entry.title}</span>
              </button>{" "}
              <button type="button" onClick={() => archive.mutate({ id: entry.id, archived: true })}>
                Archive <span className="visually-hidden">{entry.title}</span>
              </button>
            </>
          ) : undefined}
        />
        {editing && <CommunicationForm key={editing.id} pilotId={pilot.id} editing={editing} onDone={() => setEditing(null)} />}
        {editable &&
          (adding ? (
            <CommunicationForm pilotId={pilot.id} onDone={() => setAdding(false)} />
          ) : (
            <button type="button" onClick={() => setAdding(true)}>
              Add a communication activity
            </button>
          ))}
      </section>
    </>
  );
}

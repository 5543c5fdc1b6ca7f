import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { formatDate } from "../../format";
import { usePageTitle } from "../../hooks/usePageTitle";
import { useTRPC } from "../../trpc";
import { CommunicationTable, ReportIndicatorTable } from "./ReportTables";

/**
 * The final report for printing to PDF from the browser: no navigation, A4, table headers repeated on
 * every page (styles.css, @media print). Section HTML is shown as stored: the server keeps only
 * paragraphs, bold, italic and lists (server/reports/richText.ts) on every write and every read.
 */
export function ReportPrintPage() {
  const pilotId = Number(useParams().pilotId);
  const trpc = useTRPC();
  const report = useQuery(trpc.reports.finalReport.queryOptions({ pilotId }));
  usePageTitle(report.data ? `Final report: ${report.data.pilot.title}` : undefined);
  if (report.isPending) return <Loading what="the final report" />;
  if (report.isError) return <ErrorMessage error={report.error} retry={() => report.refetch()} />;
  const { pilot, sections, quantitative, qualitative, communication, asOf } = report.data;
  return (
    <main className="print-view report-print">
      <p className="print-only-hidden">
        <Link to={`/pilots/${pilot.id}/report`}>Back to the report</Link> · <button type="button" onClick={() => window.print()}>Print or save as PDF</button>
      </p>
      <h1>Pilot final report: {pilot.title}</h1>
      <p>
        {pilot.projectName}
        {pilot.programme ? ` · ${pilot.programme}` : ""}
        <br />
        Project partner: {pilot.partnerOrganisation || "–"} · {pilot.location} {pilot.country}
        <br />
        Pilot action: {formatDate(pilot.startDate)} – {formatDate(pilot.endDate)} · indicators as at {formatDate(asOf)}
      </p>
      {sections.map((section) => (
        <section key={section.key}>
          <h2>{section.title}</h2>
          {section.contentHtml ? <div className="rich-text" dangerouslySetInnerHTML={{ __html: section.contentHtml }} /> : <p className="muted">(not written yet)</p>}
        </section>
      ))}
      <h2>4a. Progress on quantitative indicators</h2>
      <ReportIndicatorTable caption="4a. Quantitative indicators" rows={quantitative} />
      <h2>4b. Progress on qualitative indicators</h2>
      <ReportIndicatorTable caption="4b. Qualitative indicators" rows={qualitative} />
      <h2>4e. Communication activities</h2>
      <CommunicationTable entries={communication} />
    </main>
  );
}

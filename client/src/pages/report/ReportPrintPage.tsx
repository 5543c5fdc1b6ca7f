import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { usePageTitle } from "../../hooks/usePageTitle";
import { useTRPC } from "../../trpc";
import { CommunicationTable, EvidenceAnnex, ReportIndicatorTable } from "./ReportTables";

/**
 * The final report for printing to PDF from the browser: no navigation, A4, table headers repeated on
 * every page (styles.css, @media print). Section HTML is shown as stored: the server keeps only
 * paragraphs, bold, italic and lists (server/reports/richText.ts) on every write and every read.
 * Headings, dates and figures are in the reader's language; the narrative stays as the pilot wrote it.
 */
export function ReportPrintPage() {
  const pilotId = Number(useParams().pilotId);
  const { t } = useTranslation();
  const trpc = useTRPC();
  const report = useQuery(trpc.reports.finalReport.queryOptions({ pilotId }));
  usePageTitle(report.data ? t("report.pageTitle", { pilot: report.data.pilot.title }) : undefined);
  if (report.isPending) return <Loading what={t("report.loadingWhat")} />;
  if (report.isError) return <ErrorMessage error={report.error} retry={() => report.refetch()} />;
  const { pilot, sections, quantitative, qualitative, communication, asOf } = report.data;
  return (
    <main className="print-view report-print">
      <p className="print-only-hidden">
        <Link to={`/pilots/${pilot.id}/report`}>{t("report.print.backToReport")}</Link> ·{" "}
        <button type="button" onClick={() => window.print()}>
          {t("report.print.print")}
        </button>
      </p>
      <h1>{t("report.print.title", { pilot: pilot.title })}</h1>
      <p>
        {pilot.projectName}
        {pilot.programme ? ` · ${pilot.programme}` : ""}
        <br />
        {t("report.print.partner", { partner: pilot.partnerOrganisation || t("common.none") })} · {pilot.location} {pilot.country}
        <br />
        {t("report.print.pilotAction", { start: pilot.startDate, end: pilot.endDate })} · {t("report.asOf", { day: asOf })}
      </p>
      {sections.map((section) => (
        <section key={section.key}>
          <h2>{t(`reportSections.${section.key}`)}</h2>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server sanitised this HTML when it was saved (server/reports/richText.ts). */}
          {section.contentHtml ? <div className="rich-text" dangerouslySetInnerHTML={{ __html: section.contentHtml }} /> : <p className="muted">{t("report.notWrittenYet")}</p>}
        </section>
      ))}
      <h2>{t("report.quantitativeHeading")}</h2>
      <ReportIndicatorTable caption={t("report.quantitativeCaption")} rows={quantitative} captionShown={false} withCharts />
      <h2>{t("report.qualitativeHeading")}</h2>
      <ReportIndicatorTable caption={t("report.qualitativeCaption")} rows={qualitative} captionShown={false} withCharts />
      <h2>{t("communication.heading")}</h2>
      <CommunicationTable entries={communication} captionShown={false} />
      <h2>{t("evidence.annex.heading")}</h2>
      <EvidenceAnnex report={report.data} />
    </main>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";
import { PrintedExportDocument } from "./PrintExportPage";
import "./print.css";

/** The progress report of one reporting period on paper: the same document its XLSX is written from (decision 028). */
export function ProgressReportPrintPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const projectId = Number(useParams().projectId);
  const period = Number(useParams().period);
  const doc = useQuery(trpc.programmeIndicators.progressReport.queryOptions({ projectId, period }));
  usePageTitle(doc.data?.title);
  return (
    <main className="print-page">
      <div className="print-toolbar no-print">
        <Link to={`/projects/${projectId}`}>{t("programme.report.backToProject")}</Link>
        <button type="button" className="primary" onClick={() => window.print()} disabled={!doc.data}>
          {t("print.print")}
        </button>
        <span className="muted small">{t("print.layoutHint")}</span>
      </div>
      {doc.isPending ? (
        <Loading what={t("programme.report.loading")} />
      ) : doc.isError ? (
        <ErrorMessage error={doc.error} retry={() => doc.refetch()} />
      ) : (
        <PrintedExportDocument doc={doc.data} />
      )}
    </main>
  );
}

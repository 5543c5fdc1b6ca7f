import type { inferRouterOutputs } from "@trpc/server";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { ProgressChartSvg } from "../../charts/ProgressChartSvg";
import type { AppRouter } from "../../../../server/root";
import { useFormatters } from "../../i18n/useFormatters";

type FinalReport = inferRouterOutputs<AppRouter>["reports"]["finalReport"];

/**
 * On a narrow screen a table scrolls sideways inside its own box rather than widening the page; the box
 * takes the keyboard focus so that it can be scrolled without a mouse (the indicator tables hold nothing
 * focusable). Printing shows the whole table.
 */
function ScrollBox({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="report-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * 4a or 4b: Indicator | Original goal | Current result | Comments, from the live data. The goal and the
 * result arrive written in the reader's language by the server (the same words as the DOCX); names and
 * comments are shown as the pilot wrote them.
 */
export function ReportIndicatorTable({
  caption,
  rows,
  captionShown = true,
  withCharts = false,
}: {
  caption: string;
  rows: FinalReport["quantitative"];
  captionShown?: boolean;
  /** On paper each indicator's progress chart follows its row, as in the DOCX. */
  withCharts?: boolean;
}) {
  const { t } = useTranslation();
  // An empty table still says which one it is ("4b"), unless a heading above already does (the print view).
  if (rows.length === 0)
    return (
      <p className="muted">
        {captionShown && <strong>{caption}: </strong>}
        {t("report.noIndicators")}
      </p>
    );
  return (
    <ScrollBox label={caption}>
      <table className="report-table">
        <caption className={captionShown ? undefined : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("report.columns.indicator")}</th>
            <th scope="col">{t("report.columns.originalGoal")}</th>
            <th scope="col">{t("report.columns.currentResult")}</th>
            <th scope="col">{t("report.columns.comments")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={`${row.name}|${row.code ?? ""}`}>
              <tr>
                <th scope="row">{row.name}</th>
                <td className="goal">{row.goalText}</td>
                <td className="current">{row.currentText}</td>
                <td className="comments">{row.comments}</td>
              </tr>
              {withCharts && (
                <tr className="chart-row">
                  <td colSpan={4}>
                    <ProgressChartSvg chart={row.chart} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** 4e: No. | Title | Date | Newspaper/Journal, Radio, TV. */
export function CommunicationTable({
  entries,
  actions,
  captionShown = true,
}: {
  entries: FinalReport["communication"];
  actions?: (entry: FinalReport["communication"][number]) => React.ReactNode;
  captionShown?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormatters();
  if (entries.length === 0) return <p className="muted">{t("communication.empty")}</p>;
  return (
    <ScrollBox label={t("communication.heading")}>
      <table className="report-table">
        <caption className={captionShown ? undefined : "visually-hidden"}>{t("communication.heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("communication.columns.no")}</th>
            <th scope="col">{t("communication.columns.title")}</th>
            <th scope="col">{t("communication.columns.date")}</th>
            <th scope="col">{t("communication.columns.outlet")}</th>
            {actions && <th scope="col">{t("communication.columns.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="number">{f.number(entry.no, 0)}</td>
              <th scope="row">
                {entry.link ? (
                  <a href={entry.link} rel="noreferrer noopener" target="_blank">
                    {entry.title}
                  </a>
                ) : (
                  entry.title
                )}
              </th>
              <td>{f.date(entry.date)}</td>
              <td>
                {entry.outletName} <span className="muted">({t(`labels.outletType.${entry.outletType}`)})</span>
              </td>
              {actions && <td>{actions(entry)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/**
 * The annex at the end of the final report: each indicator's reference sheet (its filled fields), then every
 * attached file and link. The page and the print view show it alike; the DOCX writes the same data.
 */
export function EvidenceAnnex({ report }: { report: Pick<FinalReport, "referenceSheets" | "evidenceAnnex"> }) {
  const { t } = useTranslation();
  return (
    <>
      <h3 className="annex-part">{t("evidence.annex.referenceSheets")}</h3>
      {report.referenceSheets.length === 0 ? (
        <p className="muted">{t("evidence.annex.noReferenceSheets")}</p>
      ) : (
        report.referenceSheets.map((sheet) => (
          <section key={sheet.indicatorId} className="annex-reference-sheet" aria-labelledby={`annex-reference-${sheet.indicatorId}`}>
            <h4 id={`annex-reference-${sheet.indicatorId}`}>{sheet.indicatorName}</h4>
            <dl>
              {sheet.fields.map(({ field, value }) => (
                <div key={field}>
                  <dt>{t(`evidence.reference.${field}`)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))
      )}
      <h3 className="annex-part">{t("evidence.annex.items")}</h3>
      <EvidenceAnnexTable rows={report.evidenceAnnex} />
    </>
  );
}

/** The evidence annex: every attached file and link, by indicator and period, with who attached and who checked it. */
export function EvidenceAnnexTable({ rows }: { rows: FinalReport["evidenceAnnex"] }) {
  const { t } = useTranslation();
  const f = useFormatters();
  if (rows.length === 0) return <p className="muted">{t("evidence.annex.none")}</p>;
  return (
    <ScrollBox label={t("evidence.annex.heading")}>
      <table className="report-table evidence-annex">
        <caption className="visually-hidden">{t("evidence.annex.heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("evidence.annex.indicator")}</th>
            <th scope="col">{t("evidence.annex.period")}</th>
            <th scope="col">{t("evidence.annex.name")}</th>
            <th scope="col">{t("evidence.annex.attachedBy")}</th>
            <th scope="col">{t("evidence.annex.checkedBy")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.indicatorName}</th>
              <td>
                {row.periodSequence} ({f.date(row.periodStart)} – {f.date(row.periodEnd)})
              </td>
              <td>
                {row.kind === "link" ? (
                  <a href={row.name} rel="noreferrer noopener" target="_blank">
                    {row.name}
                  </a>
                ) : (
                  <a href={`/api/evidence/${row.id}/file`} download>
                    {row.name}
                  </a>
                )}
                {row.description ? <span className="muted"> · {row.description}</span> : null}
              </td>
              <td>
                {row.addedBy}, {f.date(row.addedAt.slice(0, 10))}
              </td>
              <td>{row.checkedBy ? `${row.checkedBy}, ${f.date((row.checkedAt ?? "").slice(0, 10))}` : t("evidence.annex.notChecked")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

import { useQuery } from "@tanstack/react-query";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { ExportCell, ExportDocument, ExportSection } from "../../../shared/exportDocument";
import { parseExportSearchParams, type ExportRequest } from "../../../shared/exportRequest";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import "./print.css";

/**
 * The print view of an export: the same document the XLSX and CSV files are written from, without the
 * site's navigation, laid out for A4 landscape with table headers repeated on every page. The server
 * writes the document's words in the page's language; numbers, percentages and dates are formatted here.
 */

type Formatters = ReturnType<typeof useFormatters>;

function cellText(cell: ExportCell, f: Formatters): string {
  if (cell === null) return "–";
  switch (cell.t) {
    case "text":
      return cell.v;
    case "number":
      return f.number(cell.v);
    case "percent":
      return f.percent(cell.v * 100);
    case "date":
      return f.date(cell.v);
  }
}

/**
 * Periods per printed table: four columns each, as wide as their figures; with a fourth period the
 * indicator's name would be left a few letters' width on A4 landscape. The rest follow in further tables.
 */
const GROUPS_PER_TABLE = 3;

/**
 * Column indexes of each printed table. Columns before the first period (the indicator) repeat in every
 * table; columns after the last period (goal, status) come with the last one.
 */
function columnChunks(section: ExportSection): number[][] {
  const columns = section.columns;
  const all = columns.flatMap((column, index) => (column.printed === false ? [] : [index]));
  const first = columns.findIndex((c) => c.group);
  if (first === -1) return [all];
  const last = columns.length - 1 - [...columns].reverse().findIndex((c) => c.group);
  const leading = all.slice(0, first);
  const trailing = all.slice(last + 1);
  const groups: number[][] = [];
  for (let index = first; index <= last; index++) {
    const previous = groups.at(-1);
    if (previous && columns[previous[0]!]!.group === columns[index]!.group) previous.push(index);
    else groups.push([index]);
  }
  const chunks: number[][] = [];
  for (let start = 0; start < groups.length; start += GROUPS_PER_TABLE) {
    const isLast = start + GROUPS_PER_TABLE >= groups.length;
    chunks.push([...leading, ...groups.slice(start, start + GROUPS_PER_TABLE).flat(), ...(isLast ? trailing : [])]);
  }
  return chunks;
}

/** Past this many characters a word may break (a link, a long code): a column is not widened for it. */
const LONGEST_UNBROKEN_WORD = 16;
/** Columns at least this wide in the spreadsheet (names, comments) share whatever width the others leave. */
const WIDE_COLUMN = 25;

/**
 * A narrow column's printed width: its longest word (of its heading and its cells; a number whole, as it
 * never wraps) plus its padding, so that "organisations", "Underperforming" and "Baseline" are not cut
 * mid-word, dates keep their last digit and headings do not run into each other. Wide columns get no
 * width and share the rest of the page (table-layout: fixed).
 */
function columnWidth(section: ExportSection, index: number, heading: string, f: Formatters): string | undefined {
  if (section.columns[index]!.width >= WIDE_COLUMN) return undefined;
  const pieces = [
    ...heading.split(/\s+/),
    ...section.rows.flatMap((row) => {
      const cell = row[index] ?? null;
      const text = cellText(cell, f);
      return cell && cell.t !== "text" ? [text] : text.split(/\s+/);
    }),
  ];
  const longest = Math.min(LONGEST_UNBROKEN_WORD, Math.max(1, ...pieces.map((piece) => piece.length)));
  // A "0" (1ch) is narrower than the average bold letter: 1.15ch a character.
  return `calc(${(longest * 1.15).toFixed(2)}ch + 0.8em)`;
}

function ChunkTable({ section, indexes }: { section: ExportSection; indexes: number[] }) {
  const f = useFormatters();
  const columns = indexes.map((index) => section.columns[index]!);
  const grouped = columns.some((c) => c.group);
  const headingOf = (column: ExportSection["columns"][number]) => (grouped ? (column.short ?? column.header) : column.header);
  const widths = indexes.map((index, position) => columnWidth(section, index, headingOf(columns[position]!), f));
  // Consecutive columns of the same period share one heading cell.
  const groups: { label: string | undefined; span: number }[] = [];
  for (const column of columns) {
    const last = groups.at(-1);
    if (last && column.group && last.label === column.group) last.span++;
    else groups.push({ label: column.group, span: 1 });
  }
  return (
    <table className={`print-table${grouped ? " grouped" : ""}`}>
      {/* Narrow columns as wide as their longest word, the rest shared by names and comments: the table fits the page. */}
      <colgroup>
        {widths.map((width, index) => (
          <col key={index} style={width ? { width } : undefined} />
        ))}
      </colgroup>
      <thead>
        {grouped && (
          <tr>
            {groups.map((g, index) => (
              <th key={index} scope={g.label ? "colgroup" : undefined} colSpan={g.span} className={g.label ? "group" : "blank"}>
                {g.label ?? ""}
              </th>
            ))}
          </tr>
        )}
        <tr>
          {columns.map((column, index) => (
            <th key={index} scope="col" title={column.short ? column.header : undefined}>
              {headingOf(column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {section.rows.map((row, rowIndex) => (
          <tr key={rowIndex}>
            {indexes.map((index) => {
              const cell = row[index] ?? null;
              return (
                <td key={index} className={cell && cell.t !== "text" ? "number" : undefined}>
                  {cellText(cell, f)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SectionTable({ section }: { section: ExportSection }) {
  const { t } = useTranslation();
  const abbreviations = [...new Map(section.columns.filter((c) => c.short).map((c) => [c.short!, c.header])).entries()];
  return (
    <section className="print-section" aria-labelledby={`section-${section.name}`}>
      <h2 id={`section-${section.name}`}>
        {section.title} <span className="muted small">{t("print.rowCount", { count: section.rows.length })}</span>
      </h2>
      {section.rows.length === 0 ? (
        <p className="muted">{section.emptyText ?? t("print.noRows")}</p>
      ) : (
        columnChunks(section).map((indexes) => <ChunkTable key={indexes.join(",")} section={section} indexes={indexes} />)
      )}
      {abbreviations.length > 0 && <p className="small muted">{abbreviations.map(([short, header]) => `${short}: ${header}`).join(" · ")}</p>}
    </section>
  );
}

function PrintDocument({ request }: { request: ExportRequest }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const doc = useQuery(trpc.exports.document.queryOptions(request));
  usePageTitle(doc.data?.title);
  if (doc.isPending) return <Loading what={t("print.loadingTable")} />;
  if (doc.isError) return <ErrorMessage error={doc.error} retry={() => doc.refetch()} />;
  return <PrintedExportDocument doc={doc.data} />;
}

/** An export document laid out for paper: also the progress report's print view (ProgressReportPrintPage). */
export function PrintedExportDocument({ doc }: { doc: Pick<ExportDocument, "title" | "filters" | "notes" | "sections" | "createdAt"> }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const { title, filters, notes, sections, createdAt } = doc;
  return (
    <article className="print-document">
      <header className="print-cover">
        <h1>{title}</h1>
        <dl className="print-filters">
          {filters.map((filter) => (
            <Fragment key={filter.label}>
              <dt>{filter.label}</dt>
              <dd>{cellText(filter.value, f)}</dd>
            </Fragment>
          ))}
          <dt>{t("print.created")}</dt>
          <dd>{t("print.createdAt", { day: f.date(createdAt), time: createdAt.slice(11, 16) })}</dd>
        </dl>
      </header>
      {sections.map((section) => (
        <SectionTable key={section.name} section={section} />
      ))}
      <footer className="print-notes">
        {notes.map((note) => (
          <p key={note} className="small muted">
            {note}
          </p>
        ))}
      </footer>
    </article>
  );
}

export function PrintExportPage() {
  const { t } = useTranslation();
  const { table = "" } = useParams();
  const [searchParams] = useSearchParams();
  let request: ExportRequest | null = null;
  let problem: string | null = null;
  try {
    request = parseExportSearchParams(table, searchParams);
  } catch (error) {
    problem = error instanceof Error ? t("print.invalidAddress") : String(error);
  }
  return (
    <main className="print-page">
      <div className="print-toolbar no-print">
        <Link to={`/exports?table=${table}&${searchParams.toString()}`}>{t("print.back")}</Link>
        <button type="button" className="primary" onClick={() => window.print()} disabled={!request}>
          {t("print.print")}
        </button>
        <span className="muted small">{t("print.layoutHint")}</span>
      </div>
      {request ? <PrintDocument request={request} /> : <p role="alert">{problem}</p>}
    </main>
  );
}

import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface ChartTableColumn {
  key: string;
  header: string;
  /** Figures are right-aligned, in the reader's number format. */
  numeric?: boolean;
}

/**
 * The figures a chart draws, as a table a screen reader can read and anyone can copy: closed by default
 * under the chart, opened with "Show as table" (a native disclosure, announced as expanded or collapsed).
 * The first column names each row.
 */
export function ChartTable({ caption, columns, rows }: { caption: string; columns: ChartTableColumn[]; rows: { id: string; cells: Record<string, ReactNode> }[] }) {
  const { t } = useTranslation();
  const [rowHeader, ...figures] = columns;
  return (
    <details className="chart-table">
      <summary>{t("charts.showTable")}</summary>
      {/* Focusable so that a keyboard can scroll a table wider than a narrow screen. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="data-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col" className={column.numeric ? "number" : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.cells[rowHeader!.key]}</th>
                {figures.map((column) => (
                  <td key={column.key} className={column.numeric ? "number" : undefined}>
                    {row.cells[column.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

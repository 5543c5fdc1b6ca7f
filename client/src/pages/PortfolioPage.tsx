import { useQuery } from "@tanstack/react-query";
import { compareNames } from "../../../shared/collation";
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import { lazy, Suspense, useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { statuses, type Status } from "../../../shared/domain";
import { statusSeverity } from "../../../shared/progress";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { FictionalBadge, StatusBadge } from "../components/StatusBadge";
import { StatusCounts } from "../components/StatusCounts";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

const StatusDistributionChart = lazy(() => import("../charts/StatusDistributionChart"));

type PortfolioData = NonNullable<ReturnType<typeof usePortfolio>["data"]>;
type PilotRow = PortfolioData["pilots"][number];

function usePortfolio() {
  const trpc = useTRPC();
  return useQuery(trpc.portfolio.summary.queryOptions());
}

/** Lower is worse: the pilot's worst status, then how many indicators are in it. */
function worstScore(row: PilotRow): number {
  const worst = statuses.filter((s) => row.statusCounts[s] > 0).sort((a, b) => statusSeverity[a] - statusSeverity[b])[0];
  return worst === undefined ? 99 : statusSeverity[worst] * 1000 - row.statusCounts[worst];
}

const column = createColumnHelper<PilotRow>();

export function PortfolioPage() {
  const { t } = useTranslation();
  const f = useFormatters();
  usePageTitle(t("portfolio.title"));
  const portfolio = usePortfolio();
  const [search, setSearch] = useState("");
  const [project, setProject] = useState("");
  const [statusFilter, setStatusFilter] = useState<Status | "">("");
  const [sorting, setSorting] = useState<SortingState>([{ id: "attention", desc: false }]);

  const pilots = portfolio.data?.pilots;
  const projects = useMemo(() => [...new Set((pilots ?? []).map((p) => p.projectName))].sort(compareNames(f.language)), [pilots, f.language]);
  const filtered = useMemo(
    () =>
      (pilots ?? []).filter(
        (p) =>
          (!project || p.projectName === project) &&
          (!statusFilter || p.statusCounts[statusFilter] > 0) &&
          (!search || `${p.title} ${p.partnerOrganisation} ${p.country}`.toLowerCase().includes(search.toLowerCase())),
      ),
    [pilots, project, statusFilter, search],
  );
  const totals = useMemo(() => {
    const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
    for (const p of filtered) for (const s of statuses) counts[s] += p.statusCounts[s];
    return counts;
  }, [filtered]);

  const evidenceGaps = useMemo(() => filtered.reduce((sum, p) => sum + p.evidence.missing + p.evidence.pendingApprovals, 0), [filtered]);

  const columns = useMemo(() => {
    // Names in the reader's language (shared/collation.ts), as the server orders its lists.
    const compare = compareNames(f.language);
    const byName = (a: { getValue: (id: string) => unknown }, b: { getValue: (id: string) => unknown }, id: string) => compare(String(a.getValue(id)), String(b.getValue(id)));
    return [
      column.accessor("title", {
        header: () => t("portfolio.column.pilot"),
        sortingFn: byName,
        cell: (info) => (
          <>
            <Link to={`/pilots/${info.row.original.id}`}>{info.getValue()}</Link> {info.row.original.isFictional && <FictionalBadge />}
            <div className="muted small">
              {info.row.original.partnerOrganisation}
              {info.row.original.country ? ` · ${info.row.original.country}` : ""}
            </div>
          </>
        ),
      }),
      column.accessor("projectName", { header: () => t("portfolio.column.project"), sortingFn: byName }),
      column.accessor((row) => row.endDate, {
        id: "dates",
        header: () => t("portfolio.column.runs"),
        cell: (info) => (
          <span className="nowrap">
            {f.date(info.row.original.startDate)} – {f.date(info.row.original.endDate)}
          </span>
        ),
      }),
      column.accessor(worstScore, {
        id: "attention",
        header: () => t("portfolio.column.byStatus"),
        cell: (info) => <StatusCounts counts={info.row.original.statusCounts} />,
      }),
      column.display({
        id: "worst",
        header: () => t("portfolio.column.worst"),
        cell: (info) =>
          info.row.original.worstIndicators.length === 0 ? (
            <span className="muted">{t("portfolio.noneFlagged")}</span>
          ) : (
            <ul className="plain-list">
              {info.row.original.worstIndicators.map((w) => (
                <li key={w.id}>
                  <StatusBadge status={w.status} />: {w.name}
                  {w.percentOfGoal !== null && <span className="muted"> {t("portfolio.shareOfGoal", { share: w.percentOfGoal })}</span>}
                </li>
              ))}
            </ul>
          ),
      }),
      column.accessor((row) => row.evidence.missing + row.evidence.pendingApprovals, {
        id: "evidenceGaps",
        header: () => t("portfolio.column.evidenceGaps"),
        sortDescFirst: true,
        cell: (info) => <EvidenceGaps evidence={info.row.original.evidence} />,
      }),
    ];
  }, [t, f]);

  const table = useReactTable({
    data: filtered,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 25 } },
  });

  if (portfolio.isPending) return <Loading what={t("portfolio.loading")} />;
  if (portfolio.isError) return <ErrorMessage error={portfolio.error} retry={() => portfolio.refetch()} />;

  return (
    <>
      <div className="page-heading">
        <h1>{t("portfolio.title")}</h1>
        <p className="muted">{t("portfolio.intro", { day: portfolio.data.asOf })}</p>
      </div>
      {pilots!.length === 0 ? (
        <EmptyState>
          <Trans i18nKey="portfolio.noPilots" components={{ setUp: <Link to="/projects" /> }} />
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="distribution-heading" className="card">
            <h2 id="distribution-heading">{t("portfolio.distributionHeading")}</h2>
            <Suspense fallback={<Loading what={t("charts.loading")} />}>
              <StatusDistributionChart counts={totals} />
            </Suspense>
            <p>
              <Link to="/attention">{t("portfolio.attentionLink")}</Link>
            </p>
            {evidenceGaps > 0 && (
              <p className="warning-text">
                <Link to="/attention#evidence-gaps-heading">{t("portfolio.evidence.total", { count: evidenceGaps })}</Link>
              </p>
            )}
          </section>
          <section aria-labelledby="pilots-heading">
            <h2 id="pilots-heading">{t("portfolio.pilotsHeading")}</h2>
            <div className="filters" role="search">
              <label>
                {t("portfolio.search")}
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("portfolio.searchPlaceholder")} />
              </label>
              <label>
                {t("portfolio.project")}
                <select value={project} onChange={(e) => setProject(e.target.value)}>
                  <option value="">{t("portfolio.allProjects")}</option>
                  {projects.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </label>
              <label>
                {t("portfolio.hasStatus")}
                <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as Status | "")}>
                  <option value="">{t("portfolio.anyStatus")}</option>
                  {statuses.map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="muted" aria-live="polite">
              {t("portfolio.shown", { shown: filtered.length, count: pilots!.length })}
            </p>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  {table.getHeaderGroups().map((group) => (
                    <tr key={group.id}>
                      {group.headers.map((header) => {
                        const sorted = header.column.getIsSorted();
                        return (
                          <th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                            {header.column.getCanSort() ? (
                              <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                                {flexRender(header.column.columnDef.header, header.getContext())}
                                <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : " ↕"}</span>
                              </button>
                            ) : (
                              flexRender(header.column.columnDef.header, header.getContext())
                            )}
                          </th>
                        );
                      })}
                    </tr>
                  ))}
                </thead>
                <tbody>
                  {table.getRowModel().rows.map((row) => (
                    <tr key={row.id}>
                      {row.getVisibleCells().map((cell) => (
                        <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {table.getPageCount() > 1 && (
              <nav className="pagination" aria-label={t("portfolio.pages")}>
                <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
                  {t("portfolio.previous")}
                </button>
                <span>{t("portfolio.pageOf", { page: table.getState().pagination.pageIndex + 1, count: table.getPageCount() })}</span>
                <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
                  {t("portfolio.next")}
                </button>
              </nav>
            )}
          </section>
        </>
      )}
    </>
  );
}

/** A pilot's evidence gaps: results without the evidence their reference sheet expects, approvals with evidence pending. */
function EvidenceGaps({ evidence }: { evidence: PilotRow["evidence"] }) {
  const { t } = useTranslation();
  if (evidence.missing === 0 && evidence.pendingApprovals === 0) return <span className="muted">{t("portfolio.evidence.none")}</span>;
  return (
    <ul className="plain-list small">
      {evidence.missing > 0 && <li className="evidence-missing">{t("portfolio.evidence.missing", { count: evidence.missing })}</li>}
      {evidence.pendingApprovals > 0 && <li>{t("portfolio.evidence.pending", { count: evidence.pendingApprovals })}</li>}
    </ul>
  );
}

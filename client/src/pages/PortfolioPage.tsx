import { useQuery } from "@tanstack/react-query";
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
import { Link } from "react-router";
import { statuses, type Status } from "../../../shared/domain";
import { formatPercent } from "../../../shared/numbers";
import { statusLabels, statusSeverity } from "../../../shared/progress";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { FictionalBadge, StatusBadge } from "../components/StatusBadge";
import { StatusCounts } from "../components/StatusCounts";
import { formatDate } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
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
  usePageTitle("Portfolio");
  const portfolio = usePortfolio();
  const [search, setSearch] = useState("");
  const [project, setProject] = useState("");
  const [statusFilter, setStatusFilter] = useState<Status | "">("");
  const [sorting, setSorting] = useState<SortingState>([{ id: "attention", desc: false }]);

  const pilots = portfolio.data?.pilots;
  const projects = useMemo(() => [...new Set((pilots ?? []).map((p) => p.projectName))].sort(), [pilots]);
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

  const columns = useMemo(
    () => [
      column.accessor("title", {
        header: "Pilot",
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
      column.accessor("projectName", { header: "Project" }),
      column.accessor((row) => row.endDate, {
        id: "dates",
        header: "Runs",
        cell: (info) => (
          <span className="nowrap">
            {formatDate(info.row.original.startDate)} – {formatDate(info.row.original.endDate)}
          </span>
        ),
      }),
      column.accessor(worstScore, {
        id: "attention",
        header: "Indicators by status",
        cell: (info) => <StatusCounts counts={info.row.original.statusCounts} />,
      }),
      column.display({
        id: "worst",
        header: "Worst indicators",
        cell: (info) =>
          info.row.original.worstIndicators.length === 0 ? (
            <span className="muted">None flagged</span>
          ) : (
            <ul className="plain-list">
              {info.row.original.worstIndicators.map((w) => (
                <li key={w.id}>
                  <StatusBadge status={w.status} />: {w.name}
                  {w.percentOfGoal !== null && <span className="muted"> ({formatPercent(w.percentOfGoal)} of goal)</span>}
                </li>
              ))}
            </ul>
          ),
      }),
    ],
    [],
  );

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

  if (portfolio.isPending) return <Loading what="the portfolio" />;
  if (portfolio.isError) return <ErrorMessage error={portfolio.error} retry={() => portfolio.refetch()} />;

  return (
    <>
      <div className="page-heading">
        <h1>Portfolio</h1>
        <p className="muted">
          Status as at {formatDate(portfolio.data.asOf)}. Counts are compared with the goal pro-rated to the time elapsed; scores and percentages with the goal.
        </p>
      </div>
      {pilots!.length === 0 ? (
        <EmptyState>
          No pilots yet. <Link to="/projects">Set up a project and its pilots</Link>.
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="distribution-heading" className="card">
            <h2 id="distribution-heading">Indicators by status</h2>
            <Suspense fallback={<Loading what="the chart" />}>
              <StatusDistributionChart counts={totals} />
            </Suspense>
            <p>
              <Link to="/attention">See what needs attention and why →</Link>
            </p>
          </section>
          <section aria-labelledby="pilots-heading">
            <h2 id="pilots-heading">Pilots</h2>
            <div className="filters" role="search">
              <label>
                Search
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Pilot, partner or country" />
              </label>
              <label>
                Project
                <select value={project} onChange={(e) => setProject(e.target.value)}>
                  <option value="">All projects</option>
                  {projects.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </label>
              <label>
                Has an indicator that is
                <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as Status | "")}>
                  <option value="">Any status</option>
                  {statuses.map((s) => (
                    <option key={s} value={s}>
                      {statusLabels[s]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="muted" aria-live="polite">
              {filtered.length} of {pilots!.length} pilots
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
              <nav className="pagination" aria-label="Pages of pilots">
                <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
                  Previous
                </button>
                <span>
                  Page {table.getState().pagination.pageIndex + 1} of {table.getPageCount()}
                </span>
                <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
                  Next
                </button>
              </nav>
            )}
          </section>
        </>
      )}
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { IMPORT_LIMITS, type ImportJobView, type ImportPreview, type SheetKind } from "../../../shared/importFormat";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/**
 * Import a spreadsheet: upload, see what would change and every problem by row and column, then commit.
 * With a pilot id the file is for that pilot (results or indicators); without one it may create whole
 * projects (a project data workbook, e.g. into an empty installation).
 */
export function ImportPage() {
  const pilotParam = useParams().pilotId;
  const pilotId = pilotParam === undefined ? null : Number(pilotParam);
  const trpc = useTRPC();
  const pilot = useQuery({ ...trpc.pilots.get.queryOptions({ id: pilotId ?? 0 }), enabled: pilotId !== null });
  const title = pilotId === null ? "Import project data" : pilot.data ? `Import into ${pilot.data.title}` : "Import";
  usePageTitle(title);
  if (pilotId !== null && pilot.isPending) return <Loading what="the pilot" />;
  if (pilotId !== null && pilot.isError) return <ErrorMessage error={pilot.error} retry={() => pilot.refetch()} />;

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">{pilot.data ? <Link to={`/pilots/${pilot.data.id}`}>{pilot.data.title}</Link> : <Link to="/projects">Projects</Link>}</p>
        <h1>{title}</h1>
        <p className="muted description">
          {pilotId === null
            ? "Upload a project data workbook (Projects, Pilots, Indicators and Results sheets), for example one exported from another installation. Projects and pilots that do not exist yet are created."
            : "Upload the pilot's results or indicator definitions as .xlsx or .csv. You see every change and every problem before anything is saved, and nothing is saved unless the whole file is correct."}
        </p>
      </div>
      {pilotId !== null && <Templates pilotId={pilotId} />}
      <Importer pilotId={pilotId} />
    </>
  );
}

function Templates({ pilotId }: { pilotId: number }) {
  return (
    <section className="card" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Templates</h2>
      <p className="muted small">The pilot's indicators and started periods, with the values already stored. Fill in the empty rows and upload the file below.</p>
      <div className="actions">
        <a className="button" href={`/api/imports/templates/pilots/${pilotId}/results.xlsx`} download>
          Results template (XLSX)
        </a>
        <a className="button" href={`/api/imports/templates/pilots/${pilotId}/results.csv`} download>
          Results template (CSV)
        </a>
        <a className="button" href={`/api/imports/templates/pilots/${pilotId}/indicators.xlsx`} download>
          Indicators template (XLSX)
        </a>
        <a className="button" href={`/api/imports/templates/pilots/${pilotId}/indicators.csv`} download>
          Indicators template (CSV)
        </a>
      </div>
    </section>
  );
}

const ACTIVE_PHASES = new Set(["queued", "reading", "checking", "writing"]);

function Importer({ pilotId }: { pilotId: number | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [enteredBy, setEnteredBy] = useState(() => localStorage.getItem("pilot-monitor.name") ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const job = useQuery({
    ...trpc.imports.job.queryOptions({ jobId: jobId ?? "00000000-0000-4000-8000-000000000000" }),
    enabled: jobId !== null,
    staleTime: 0,
    // Poll while the server reads, checks or writes; stop once it waits for the person or is finished.
    refetchInterval: (query) => (query.state.data && !ACTIVE_PHASES.has(query.state.data.phase) ? false : 250),
  });
  const commit = useMutation(trpc.imports.commit.mutationOptions({ onSuccess: () => job.refetch() }));
  const phase = job.data?.phase;
  useEffect(() => {
    if (phase === "done") void queryClient.invalidateQueries({ predicate: (q) => !JSON.stringify(q.queryKey).includes("imports") });
  }, [phase, queryClient]);

  async function upload(event: FormEvent) {
    event.preventDefault();
    setUploadError(null);
    if (enteredBy.trim() === "") return setUploadError("Give your name: imported results are recorded as entered by you.");
    if (!file) return setUploadError("Choose a .xlsx or .csv file.");
    if (file.size > IMPORT_LIMITS.maxBytes) return setUploadError(`The file is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB. Split it, or save it as .csv, which is smaller.`);
    localStorage.setItem("pilot-monitor.name", enteredBy.trim());
    const query = new URLSearchParams({ fileName: file.name, enteredBy: enteredBy.trim() });
    if (pilotId !== null) query.set("pilotId", String(pilotId));
    setUploading(true);
    try {
      // The file goes as the raw body: no multipart parsing on the server, and no size overhead.
      const response = await fetch(`/api/imports?${query}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: file });
      const body = (await response.json().catch(() => ({}))) as { jobId?: string; error?: string };
      if (!response.ok || !body.jobId) setUploadError(body.error ?? "The upload failed. Nothing was imported.");
      else {
        commit.reset();
        setJobId(body.jobId);
      }
    } catch {
      setUploadError("The upload failed: check the connection and try again. Nothing was imported.");
    } finally {
      setUploading(false);
    }
  }

  function startOver() {
    setJobId(null);
    setFile(null);
    commit.reset();
    if (fileInput.current) fileInput.current.value = "";
    fileInput.current?.focus();
  }

  const busy = uploading || (phase !== undefined && ACTIVE_PHASES.has(phase));
  return (
    <>
      <section className="card" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload a file</h2>
        <form className="form-grid" onSubmit={upload} noValidate>
          <div className="field">
            <label htmlFor="import-name">Your name</label>
            <input id="import-name" value={enteredBy} onChange={(e) => setEnteredBy(e.target.value)} autoComplete="name" />
          </div>
          <div className="field">
            <label htmlFor="import-file">File (.xlsx or .csv)</label>
            <input
              id="import-file"
              ref={fileInput}
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              Upload and preview
            </button>
            <span className="muted small">
              Up to {IMPORT_LIMITS.maxBytes / 1024 / 1024} MB and {IMPORT_LIMITS.maxResultRows.toLocaleString("en-GB")} result rows. Numbers as 8,6 or 8.6.
            </span>
          </div>
        </form>
        {uploadError && (
          <div className="error-box" role="alert">
            <p>{uploadError}</p>
          </div>
        )}
      </section>

      {jobId !== null && job.isError && <ErrorMessage error={job.error} />}
      {job.data && <JobView job={job.data} pilotId={pilotId} onCommit={() => commit.mutate({ jobId: job.data.jobId, token: job.data.preview!.token })} committing={commit.isPending} commitError={commit.error} onStartOver={startOver} />}
    </>
  );
}

const sheetLabels: Record<SheetKind, string> = { projects: "Projects", pilots: "Pilots", indicators: "Indicators", results: "Results" };
const actionLabels = { create: "New", change: "Changed", unchanged: "Unchanged" } as const;

function JobView({
  job,
  pilotId,
  onCommit,
  committing,
  commitError,
  onStartOver,
}: {
  job: ImportJobView;
  pilotId: number | null;
  onCommit: () => void;
  committing: boolean;
  commitError: unknown;
  onStartOver: () => void;
}) {
  const active = ACTIVE_PHASES.has(job.phase);
  return (
    <section className="card" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{job.phase === "done" ? "Imported" : job.phase === "failed" ? "Not imported" : `Preview of ${job.fileName}`}</h2>
      {active && (
        <div role="status" aria-live="polite">
          <label className="import-progress">
            {job.progressText}
            <progress max={1} value={job.progress} />
          </label>
        </div>
      )}
      {job.phase === "failed" && (
        <div className="error-box" role="alert">
          <p>{job.error?.message}</p>
          <button type="button" onClick={onStartOver}>
            Upload a file again
          </button>
        </div>
      )}
      {job.phase === "done" && job.outcome && (
        <div role="status">
          <p className="success">
            Imported: {summary(job.outcome.counts)}. Writing took {job.outcome.ms < 1000 ? `${job.outcome.ms} ms` : `${(job.outcome.ms / 1000).toFixed(1)} s`}.
          </p>
          <div className="actions">
            {pilotId !== null ? (
              <Link to={`/pilots/${pilotId}`}>Open the pilot page</Link>
            ) : job.outcome.projectIds.length === 1 ? (
              <Link to={`/projects/${job.outcome.projectIds[0]}`}>Open the project</Link>
            ) : (
              <Link to="/projects">Open the projects</Link>
            )}
            <button type="button" onClick={onStartOver}>
              Import another file
            </button>
          </div>
        </div>
      )}
      {job.preview && job.phase !== "done" && <PreviewTables preview={job.preview} />}
      {job.phase === "ready" && job.preview && (
        <div className="import-actions">
          {job.preview.problemCount > 0 ? (
            <p className="warning-text">
              Nothing can be imported until the {job.preview.problemCount === 1 ? "problem is" : `${job.preview.problemCount} problems are`} corrected in the file. Correct the file and upload it again.
            </p>
          ) : job.preview.nothingToDo ? (
            <p>Nothing to import: every row matches what is stored.</p>
          ) : (
            <p>Nothing is saved until you import. The whole file is saved at once, or nothing is.</p>
          )}
          <div className="actions">
            <button type="button" onClick={onStartOver}>
              Upload another file
            </button>
            <button type="button" className="primary" onClick={onCommit} disabled={committing || job.preview.problemCount > 0 || job.preview.nothingToDo}>
              Import {changedRows(job.preview).toLocaleString("en-GB")} {changedRows(job.preview) === 1 ? "row" : "rows"}
            </button>
          </div>
        </div>
      )}
      {commitError !== null && commitError !== undefined && <ErrorMessage error={commitError} />}
    </section>
  );
}

function changedRows(preview: ImportPreview): number {
  return (["projects", "pilots", "indicators", "results"] as const).reduce((sum, k) => sum + preview.counts[k].create + preview.counts[k].change, 0);
}

function summary(counts: ImportPreview["counts"] | NonNullable<ImportJobView["outcome"]>["counts"]): string {
  const parts: string[] = [];
  for (const kind of ["projects", "pilots", "indicators", "results"] as const) {
    const c = counts[kind];
    if (c.create + c.change + c.unchanged === 0) continue;
    const n = (x: number) => x.toLocaleString("en-GB");
    parts.push(`${sheetLabels[kind].toLowerCase()}: ${n(c.create)} new, ${n(c.change)} changed, ${n(c.unchanged)} unchanged`);
  }
  return parts.join("; ") || "no rows";
}

function PreviewTables({ preview }: { preview: ImportPreview }) {
  const listedChanges = preview.rows.length;
  return (
    <>
      <p>
        {summary(preview.counts)}
        {preview.counts.blankResultRows > 0 ? `; ${preview.counts.blankResultRows} result rows without values are skipped` : ""}.
      </p>
      {preview.problemCount > 0 && (
        <>
          <h3 id="problems-heading">
            {preview.problemCount} {preview.problemCount === 1 ? "problem" : "problems"}
            {preview.problems.length < preview.problemCount ? ` (the first ${preview.problems.length} are listed)` : ""}
          </h3>
          <div className="table-scroll">
            <table className="data-table problems-table" aria-labelledby="problems-heading">
              <thead>
                <tr>
                  <th scope="col">Sheet</th>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {preview.problems.map((p, index) => (
                  <tr key={index}>
                    <td>{p.sheet}</td>
                    <td className="number">{p.row || "–"}</td>
                    <td>{p.column || "(whole row)"}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {listedChanges > 0 && (
        <>
          <h3 id="changes-heading">
            Rows that will be created or changed{listedChanges < changedRows(preview) ? ` (the first ${listedChanges})` : ""}
          </h3>
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="changes-heading">
              <thead>
                <tr>
                  <th scope="col">Sheet</th>
                  <th scope="col">Row</th>
                  <th scope="col">Action</th>
                  <th scope="col">What</th>
                  <th scope="col">Values</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={`${r.sheet}-${r.row}`}>
                    <td>{r.sheet}</td>
                    <td className="number">{r.row}</td>
                    <td>{actionLabels[r.action]}</td>
                    <td>{r.label}</td>
                    <td>{r.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

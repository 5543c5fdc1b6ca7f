import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { LANGUAGE_HEADER } from "../../../shared/i18n/languages";
import { IMPORT_LIMITS, type ImportJobView, type ImportPreview } from "../../../shared/importFormat";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { currentLanguage } from "../i18n";
import { useTRPC } from "../trpc";

type Translate = ReturnType<typeof useTranslation>["t"];
type Formatters = ReturnType<typeof useFormatters>;

/**
 * Import a spreadsheet: upload, see what would change and every problem by row and column, then commit.
 * With a pilot id the file is for that pilot (results or indicators); without one it may create whole
 * projects (a project data workbook, e.g. into an empty installation).
 */
export function ImportPage() {
  const pilotParam = useParams().pilotId;
  const pilotId = pilotParam === undefined ? null : Number(pilotParam);
  const trpc = useTRPC();
  const { t } = useTranslation();
  const pilot = useQuery({ ...trpc.pilots.get.queryOptions({ id: pilotId ?? 0 }), enabled: pilotId !== null });
  const title = pilotId === null ? t("import.titleProject") : pilot.data ? t("import.titlePilot", { title: pilot.data.title }) : t("import.title");
  usePageTitle(title);
  if (pilotId !== null && pilot.isPending) return <Loading what={t("import.loadingPilot")} />;
  if (pilotId !== null && pilot.isError) return <ErrorMessage error={pilot.error} retry={() => pilot.refetch()} />;

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">{pilot.data ? <Link to={`/pilots/${pilot.data.id}`}>{pilot.data.title}</Link> : <Link to="/projects">{t("import.projects")}</Link>}</p>
        <h1>{title}</h1>
        <p className="muted description">{pilotId === null ? t("import.introProject") : t("import.introPilot")}</p>
      </div>
      {pilotId !== null && <Templates pilotId={pilotId} />}
      <Importer pilotId={pilotId} />
    </>
  );
}

function Templates({ pilotId }: { pilotId: number }) {
  const { t } = useTranslation();
  const f = useFormatters();
  // The sheets keep the import format in every language; the workbook's cover sheet is in the page's.
  const href = (kind: "results" | "indicators", format: "xlsx" | "csv") => `/api/imports/templates/pilots/${pilotId}/${kind}.${format}?lang=${encodeURIComponent(f.language)}`;
  return (
    <section className="card" aria-labelledby="templates-heading">
      <h2 id="templates-heading">{t("import.templates")}</h2>
      <p className="muted small">{t("import.templatesHint")}</p>
      <div className="actions">
        {(["results", "indicators"] as const).flatMap((kind) =>
          (["xlsx", "csv"] as const).map((format) => (
            <a key={`${kind}.${format}`} className="button" href={href(kind, format)} download>
              {t(`import.template.${kind}`, { format: format.toUpperCase() })}
            </a>
          )),
        )}
      </div>
      <p className="muted small">{t("import.templateFormatHint")}</p>
    </section>
  );
}

const ACTIVE_PHASES = new Set(["queued", "reading", "checking", "writing"]);

/**
 * Sends the file as the raw request body, reporting how much has been sent: a large file takes a while
 * on a slow connection, and the person should see that it is moving.
 */
function uploadWithProgress(url: string, file: File, onProgress: (share: number) => void): Promise<{ status: number; body: { jobId?: string; error?: string } }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("content-type", "application/octet-stream");
    // The page's language: numbers the file holds as text are read its way ("2.500" is 2500 in Italian).
    request.setRequestHeader(LANGUAGE_HEADER, currentLanguage());
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: { jobId?: string; error?: string } = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        // Not JSON: a proxy's error page; the status says enough.
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => reject(new Error("network"));
    request.send(file);
  });
}

function Importer({ pilotId }: { pilotId: number | null }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState(0);
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
    if (!file) return setUploadError(t("import.errors.chooseFile"));
    if (file.size > IMPORT_LIMITS.maxBytes) return setUploadError(t("import.errors.tooLarge", { megabytes: IMPORT_LIMITS.maxBytes / 1024 / 1024 }));
    // `lang`: the server's answers (refusals, then the job's problems) in the page's language. Imported
    // results are recorded under the person signed in: there is no name to give.
    const query = new URLSearchParams({ fileName: file.name, lang: f.language });
    if (pilotId !== null) query.set("pilotId", String(pilotId));
    setUploading(true);
    setUploaded(0);
    try {
      // The file goes as the raw body: no multipart parsing on the server, and no size overhead.
      const { status, body } = await uploadWithProgress(`/api/imports?${query}`, file, setUploaded);
      if (status < 200 || status >= 300 || !body.jobId) setUploadError(body.error ?? t("import.errors.uploadFailed"));
      else {
        commit.reset();
        setJobId(body.jobId);
      }
    } catch {
      setUploadError(t("import.errors.connection"));
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
        <h2 id="upload-heading">{t("import.upload")}</h2>
        <form className="form-grid" onSubmit={upload} noValidate>
          <div className="field">
            <label htmlFor="import-file">{t("import.file")}</label>
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
              {t("import.uploadAndPreview")}
            </button>
            <span className="muted small">{t("import.limits", { megabytes: IMPORT_LIMITS.maxBytes / 1024 / 1024, rows: f.number(IMPORT_LIMITS.maxResultRows) })}</span>
          </div>
        </form>
        {uploading && (
          <div role="status" aria-live="polite">
            <label className="import-progress">
              {t("import.uploading", { share: Math.round(uploaded * 100) })}
              <progress max={1} value={uploaded} />
            </label>
          </div>
        )}
        {uploadError && (
          <div className="error-box" role="alert">
            <p>{uploadError}</p>
          </div>
        )}
      </section>

      {jobId !== null && job.isError && <ErrorMessage error={job.error} />}
      {job.data && (
        <JobView
          job={job.data}
          pilotId={pilotId}
          onCommit={() => commit.mutate({ jobId: job.data.jobId, token: job.data.preview!.token })}
          committing={commit.isPending}
          commitError={commit.error}
          onStartOver={startOver}
        />
      )}
    </>
  );
}

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
  const { t } = useTranslation();
  const f = useFormatters();
  const active = ACTIVE_PHASES.has(job.phase);
  return (
    <section className="card" aria-labelledby="preview-heading">
      <h2 id="preview-heading">
        {job.phase === "done" ? t("import.imported") : job.phase === "failed" ? t("import.notImported") : t("import.previewOf", { fileName: job.fileName })}
      </h2>
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
            {t("import.uploadAgain")}
          </button>
        </div>
      )}
      {job.phase === "done" && job.outcome && (
        <div role="status">
          <p className="success">
            {t("import.done", {
              summary: summary(job.outcome.counts, t, f),
              duration: job.outcome.ms < 1000 ? t("import.milliseconds", { ms: job.outcome.ms }) : t("import.seconds", { seconds: f.number(job.outcome.ms / 1000, 1) }),
            })}
          </p>
          <div className="actions">
            {pilotId !== null ? (
              <Link to={`/pilots/${pilotId}`}>{t("import.openPilot")}</Link>
            ) : job.outcome.projectIds.length === 1 ? (
              <Link to={`/projects/${job.outcome.projectIds[0]}`}>{t("import.openProject")}</Link>
            ) : (
              <Link to="/projects">{t("import.openProjects")}</Link>
            )}
            <button type="button" onClick={onStartOver}>
              {t("import.importAnother")}
            </button>
          </div>
        </div>
      )}
      {job.preview && job.phase !== "done" && <PreviewTables preview={job.preview} />}
      {job.phase === "ready" && job.preview && (
        <div className="import-actions">
          {job.preview.problemCount > 0 ? (
            <p className="warning-text">{t("import.correctFirst", { count: job.preview.problemCount })}</p>
          ) : job.preview.nothingToDo ? (
            <p>{t("import.nothingToDo")}</p>
          ) : (
            <p>{t("import.allOrNothing")}</p>
          )}
          <div className="actions">
            <button type="button" onClick={onStartOver}>
              {t("import.uploadAnother")}
            </button>
            <button type="button" className="primary" onClick={onCommit} disabled={committing || job.preview.problemCount > 0 || job.preview.nothingToDo}>
              {t("import.importRows", { count: changedRows(job.preview) })}
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

/** "results: 2 new, 0 changed, 0 unchanged; ..." in the page's language. */
// Typed keys over the whole catalogue are too deep for the compiler in this function: it takes a plain t.
type PlainTranslate = (key: string, values?: Record<string, unknown>) => string;

function summary(counts: ImportPreview["counts"] | NonNullable<ImportJobView["outcome"]>["counts"], typedT: Translate, f: Formatters): string {
  const t = typedT as unknown as PlainTranslate;
  const parts: string[] = [];
  for (const kind of ["projects", "pilots", "indicators", "results"] as const) {
    const c = counts[kind];
    if (c.create + c.change + c.unchanged === 0) continue;
    const sheet = t(`import.sheetsLower.${kind}`);
    parts.push(t("import.summaryPart", { sheet, created: f.number(c.create), changed: f.number(c.change), unchanged: f.number(c.unchanged) }));
  }
  return parts.join("; ") || t("import.noRows");
}

function PreviewTables({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const listedChanges = preview.rows.length;
  // The sheet names are the file's own (the import format's), shown as they appear in the file.
  return (
    <>
      <p>
        {preview.counts.blankResultRows > 0
          ? t("import.summaryWithBlank", { summary: summary(preview.counts, t, f), count: preview.counts.blankResultRows })
          : t("import.summarySentence", { summary: summary(preview.counts, t, f) })}
      </p>
      {preview.notices.map((notice) => (
        <p key={notice} className="muted" role="note">
          {notice}
        </p>
      ))}
      {preview.problemCount > 0 && (
        <>
          <h3 id="problems-heading">
            {preview.problems.length < preview.problemCount
              ? t("import.problemsListed", { count: preview.problemCount, listed: preview.problems.length })
              : t("import.problems", { count: preview.problemCount })}
          </h3>
          <div className="table-scroll">
            <table className="data-table problems-table" aria-labelledby="problems-heading">
              <thead>
                <tr>
                  <th scope="col">{t("import.columns.sheet")}</th>
                  <th scope="col">{t("import.columns.row")}</th>
                  <th scope="col">{t("import.columns.column")}</th>
                  <th scope="col">{t("import.columns.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.problems.map((p, index) => (
                  <tr key={index}>
                    <td>{p.sheet}</td>
                    <td className="number">{p.row || "–"}</td>
                    <td>{p.column || t("import.wholeRow")}</td>
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
          <h3 id="changes-heading">{listedChanges < changedRows(preview) ? t("import.changesFirst", { count: listedChanges }) : t("import.changes")}</h3>
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="changes-heading">
              <thead>
                <tr>
                  <th scope="col">{t("import.columns.sheet")}</th>
                  <th scope="col">{t("import.columns.row")}</th>
                  <th scope="col">{t("import.columns.action")}</th>
                  <th scope="col">{t("import.columns.what")}</th>
                  <th scope="col">{t("import.columns.values")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={`${r.sheet}-${r.row}`}>
                    <td>{r.sheet}</td>
                    <td className="number">{r.row}</td>
                    <td>{t(`import.actions.${r.action}`)}</td>
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

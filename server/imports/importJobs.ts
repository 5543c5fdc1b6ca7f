import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { AppDatabase } from "../../db/client";
import type { ImportPhase, ImportText, UntranslatedImportJob } from "../../shared/importFormat";
// Named so, because the worker's messages are called `message` here.
import { message as messageOf } from "../../shared/i18n/message";
import type { FromWorker, ToWorker } from "./importWorker";

/**
 * Import jobs of this server process. Each job has its own worker thread, which reads the file, builds
 * the preview and, on commit, writes on its own SQLite connection, so the event loop keeps answering
 * other people while a large file is checked and written. The browser polls `imports.job` for progress.
 */

interface Job extends UntranslatedImportJob {
  dbPath: string;
  worker: Worker | null;
  /** Removes this job's listeners from its worker, which may serve another job afterwards. */
  detach: (() => void) | null;
  expires: NodeJS.Timeout | null;
}

/** How long a preview waits for its commit, and a finished job stays readable. */
const KEEP_MS = 30 * 60_000;
/** Jobs that hold a worker at once; the machine has 2 cores and other people to serve. */
const MAX_ACTIVE_JOBS = 3;

const jobs = new Map<string, Job>();
let spare: Worker | null = null;
/** Settles when the current spare has loaded its code. */
let spareLoaded: Promise<void> = Promise.resolve();
let spareIsLoaded = false;

function spawnWorker(): Worker {
  const worker = new Worker(new URL("./importWorker.mjs", import.meta.url));
  // A waiting worker must not keep the process (or a test run) alive.
  worker.unref();
  worker.on("error", (error) => console.error("Import worker error:", error));
  worker.on("exit", () => {
    if (spare === worker) spare = null;
  });
  return worker;
}

/**
 * Starting a worker loads TypeScript and the database driver: about a second on this machine. One is
 * kept ready so that an upload starts at once, and a worker whose job ended well becomes the next spare.
 */
export function prewarmImportWorker(): void {
  if (spare) return;
  const worker = spawnWorker();
  spare = worker;
  spareIsLoaded = false;
  spareLoaded = new Promise<void>((resolve) => {
    const done = () => {
      worker.off("message", done);
      worker.off("exit", done);
      if (spare === worker) spareIsLoaded = true;
      resolve();
    };
    worker.on("message", done);
    worker.on("exit", done);
  });
}

/** For benchmarks in the server's process: wait until a spare worker is ready, as on a running server. */
export async function importWorkerReady(): Promise<void> {
  prewarmImportWorker();
  await spareLoaded;
}

function takeWorker(): Worker {
  const worker = spare ?? spawnWorker();
  spare = null;
  return worker;
}

function releaseWorker(worker: Worker, reusable: boolean) {
  // A warm worker serves the next upload at once; a spare still loading its code would make it wait a second.
  if (reusable && (spare === null || !spareIsLoaded)) {
    if (spare) void spare.terminate();
    const reset: ToWorker = { type: "reset" };
    worker.postMessage(reset);
    spare = worker;
    spareIsLoaded = true;
    spareLoaded = Promise.resolve();
  } else {
    void worker.terminate();
  }
}

/** A refusal with its HTTP status; `text` is said in the reader's language by the caller. */
export class ImportJobError extends Error {
  constructor(
    readonly status: number,
    readonly text: ImportText,
  ) {
    super(typeof text === "string" ? text : text.key);
  }
}

function isActive(phase: ImportPhase) {
  return phase !== "done" && phase !== "failed";
}

function finish(job: Job, phase: "done" | "failed") {
  job.phase = phase;
  const worker = job.worker;
  job.worker = null;
  job.detach?.();
  job.detach = null;
  if (worker) releaseWorker(worker, job.error?.code !== "INTERNAL");
  keepFor(job, KEEP_MS);
  // Replace the spare only now, so that its start does not compete with the import for the CPU.
  setTimeout(prewarmImportWorker, 200).unref();
}

function keepFor(job: Job, ms: number) {
  if (job.expires) clearTimeout(job.expires);
  job.expires = setTimeout(() => {
    if (isActive(job.phase)) {
      job.error = { code: "BAD_REQUEST", message: messageOf("importFile.errors.previewExpired") };
      finish(job, "failed");
    } else jobs.delete(job.jobId);
  }, ms);
  job.expires.unref();
}

export function startImportJob(options: { db: AppDatabase; bytes: Uint8Array; fileName: string; pilotId: number | null; enteredBy: string; today: string }): UntranslatedImportJob {
  const dbPath = options.db.$client.name;
  if (dbPath === ":memory:" || dbPath === "") throw new ImportJobError(500, "Imports need a database file.");
  const holding = [...jobs.values()].filter((j) => j.worker !== null);
  if (holding.length >= MAX_ACTIVE_JOBS) {
    // A preview waiting for its commit is cheap to redo; a file being read or written is not.
    const oldestWaiting = holding.find((j) => j.phase === "ready");
    if (!oldestWaiting) throw new ImportJobError(429, messageOf("importFile.errors.tooManyImports"));
    oldestWaiting.error = { code: "BAD_REQUEST", message: messageOf("importFile.errors.previewClosed") };
    finish(oldestWaiting, "failed");
  }
  const job: Job = {
    jobId: randomUUID(),
    fileName: options.fileName,
    phase: "queued",
    progress: 0,
    progressText: messageOf("importFile.progress.starting"),
    preview: null,
    outcome: null,
    error: null,
    dbPath,
    worker: takeWorker(),
    detach: null,
    expires: null,
  };
  jobs.set(job.jobId, job);
  keepFor(job, KEEP_MS);
  const worker = job.worker!;
  const onMessage = (message: FromWorker) => {
    switch (message.type) {
      case "loaded":
        return;
      case "progress":
        job.phase = message.phase;
        job.progress = message.total > 0 ? Math.min(1, message.done / message.total) : 0;
        // Numbers stay numbers: each reader sees "12,000 of 50,000" or "12.000 di 50.000".
        job.progressText =
          message.phase === "reading" ? messageOf("importFile.progress.reading") : messageOf(`importFile.progress.${message.phase}`, { done: message.done, total: message.total });
        return;
      case "preview":
        job.phase = "ready";
        job.progress = 1;
        job.progressText = messageOf("importFile.progress.ready");
        job.preview = message.preview;
        // The job now waits for a person to commit; have the next upload find a worker ready. Not for a
        // large file: its commit should not share the two cores with a worker starting up.
        if (message.preview.counts.results.create + message.preview.counts.results.change < 10_000) setTimeout(prewarmImportWorker, 50).unref();
        return;
      case "committed":
        job.progress = 1;
        job.progressText = messageOf("importFile.progress.imported");
        job.outcome = message.outcome;
        return finish(job, "done");
      case "failed":
        job.error = { code: message.code, message: message.message };
        job.progressText = messageOf("importFile.progress.failed");
        return finish(job, "failed");
    }
  };
  const onExit = () => {
    if (job.worker === worker && isActive(job.phase)) {
      job.error = { code: "INTERNAL", message: messageOf("importFile.errors.stoppedUnexpectedly") };
      finish(job, "failed");
    }
  };
  worker.on("message", onMessage);
  worker.on("exit", onExit);
  job.detach = () => {
    worker.off("message", onMessage);
    worker.off("exit", onExit);
  };
  // A copy that the worker can own: Express may hand us a view into a shared pool (Buffer#slice does not copy).
  const copy = new Uint8Array(options.bytes.length);
  copy.set(options.bytes);
  const bytes = copy.buffer;
  const message: ToWorker = { type: "prepare", dbPath, bytes, fileName: options.fileName, pilotId: options.pilotId, enteredBy: options.enteredBy, today: options.today };
  worker.postMessage(message, [bytes]);
  return viewOf(job);
}

function viewOf(job: Job): UntranslatedImportJob {
  const { jobId, fileName, phase, progress, progressText, preview, outcome, error } = job;
  return { jobId, fileName, phase, progress, progressText, preview, outcome, error };
}

/** A job of this database, or undefined (unknown, expired, or another database's). */
export function getImportJob(db: AppDatabase, jobId: string): UntranslatedImportJob | undefined {
  const job = jobs.get(jobId);
  return job && job.dbPath === db.$client.name ? viewOf(job) : undefined;
}

export function commitImportJob(db: AppDatabase, jobId: string, token: string): UntranslatedImportJob {
  const job = jobs.get(jobId);
  if (!job || job.dbPath !== db.$client.name) throw new ImportJobError(404, messageOf("importFile.errors.expired"));
  if (job.phase !== "ready" || !job.preview || !job.worker) throw new ImportJobError(409, messageOf("importFile.errors.notWaiting"));
  if (job.preview.problemCount > 0) throw new ImportJobError(400, messageOf("importFile.errors.hasProblems"));
  if (job.preview.token !== token) throw new ImportJobError(409, messageOf("importFile.errors.notThisPreview"));
  job.phase = "writing";
  job.progress = 0;
  job.progressText = messageOf("importFile.progress.writingStarted");
  keepFor(job, KEEP_MS);
  const message: ToWorker = { type: "commit", token };
  job.worker.postMessage(message);
  return viewOf(job);
}

export function discardImportJob(db: AppDatabase, jobId: string): void {
  const job = jobs.get(jobId);
  if (!job || job.dbPath !== db.$client.name || job.phase === "writing") return;
  if (isActive(job.phase)) {
    job.error = { code: "BAD_REQUEST", message: messageOf("importFile.errors.cancelled") };
    finish(job, "failed");
  }
}
